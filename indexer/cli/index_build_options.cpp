#include "index_build_options.hpp"

#include <limits>
#include <sstream>

#include <boost/program_options.hpp>

#include <dateline/index_layout.hpp>
#include <dateline/indexer.hpp>
#include <dateline/schema.hpp>

namespace dateline::index_build {

namespace po = boost::program_options;

namespace {

po::options_description visible_options() {
    po::options_description options("Options");
    // clang-format off
    options.add_options()
        ("help,h", "show this help and exit")
        ("index", po::value<std::string>()->value_name("DIR"),
         "index directory (default: $DATELINE_INDEX if set, else ./index)")
        ("rebuild", "build a new index from PATH... only, then swap it in atomically")
        ("synonyms", po::value<std::string>()->value_name("FILE"),
         "synonyms file (default: synonyms.tsv at the top of each directory PATH)")
        ("sources", po::value<std::string>()->value_name("FILE"),
         "sources file: spellings of one outlet (default: sources.tsv at the top of each "
         "directory PATH)")
        ("max-file-size", po::value<std::string>()->value_name("BYTES"),
         "reject inputs larger than this; K/M/G suffixes allowed (default: 32M)")
        ("memory-budget", po::value<std::string>()->value_name("BYTES"),
         "keep memory use below about this much; K/M/G suffixes (default: 1G, minimum 64M)")
        ("threads", po::value<unsigned>()->value_name("N"),
         "writer threads (default: one per core)")
        ("shards", po::value<unsigned>()->value_name("N"),
         "split the index into N shard databases, 1 to 64 (default: as now; 1 for a new "
         "index); changing it needs --rebuild. See docs/SHARDING.md")
        ("quiet,q", "print only rejected inputs and errors")
        ("json", "print a JSON summary on stdout (see docs/INDEX_BUILD.md)")
        ("no-progress", "no progress line, even on a terminal")
        ("force", "publish even if the new index has fewer than half the documents "
                  "of the current one");
    // clang-format on
    return options;
}

// Test hooks for the crash and lock tests; kept out of --help on purpose.
po::options_description hidden_options() {
    po::options_description options("Hidden");
    // clang-format off
    options.add_options()
        ("debug-crash-at", po::value<std::string>()->value_name("STEP"),
         "raise SIGKILL when the publish step STEP completes")
        ("debug-pause-at", po::value<std::string>()->value_name("STEP"),
         "raise SIGSTOP when the publish step STEP completes")
        ("path", po::value<std::vector<std::string>>(), "input paths");
    // clang-format on
    return options;
}

std::optional<std::string> checked_step(const std::optional<std::string>& step,
                                        const char* option) {
    if (!step) return std::nullopt;
    for (const char* known : kDebugSteps) {
        if (*step == known) return step;
    }
    throw UsageError(std::string(option) + ": unknown step '" + *step + "'");
}

}  // namespace

CliOptions parse_command_line(int argc, const char* const* argv) {
    po::options_description all = visible_options();
    all.add(hidden_options());
    po::positional_options_description positional;
    positional.add("path", -1);

    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv)
                      .options(all)
                      .positional(positional)
                      .style(po::command_line_style::default_style &
                             ~po::command_line_style::allow_guessing)
                      .run(),
                  vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(e.what());
    }

    CliOptions options;
    options.help = vm.count("help") > 0;
    if (vm.count("index")) options.index = vm["index"].as<std::string>();
    options.rebuild = vm.count("rebuild") > 0;
    if (vm.count("synonyms")) options.synonyms = vm["synonyms"].as<std::string>();
    if (vm.count("sources")) options.sources = vm["sources"].as<std::string>();
    if (vm.count("max-file-size")) options.max_file_size = vm["max-file-size"].as<std::string>();
    if (vm.count("memory-budget")) options.memory_budget = vm["memory-budget"].as<std::string>();
    if (vm.count("threads")) options.threads = vm["threads"].as<unsigned>();
    if (vm.count("shards")) options.shards = vm["shards"].as<unsigned>();
    options.quiet = vm.count("quiet") > 0;
    options.json = vm.count("json") > 0;
    options.no_progress = vm.count("no-progress") > 0;
    options.force = vm.count("force") > 0;
    if (vm.count("debug-crash-at")) options.debug_crash_at = vm["debug-crash-at"].as<std::string>();
    if (vm.count("debug-pause-at")) options.debug_pause_at = vm["debug-pause-at"].as<std::string>();
    if (vm.count("path")) options.paths = vm["path"].as<std::vector<std::string>>();
    return options;
}

namespace {
[[noreturn]] void throw_too_large(const std::string& option, const std::string& text) {
    throw UsageError(option + ": too large: " + text);
}
}  // namespace

std::uint64_t parse_byte_size(const std::string& text, const std::string& option) {
    if (text.empty()) throw UsageError(option + ": empty value");
    std::uint64_t value = 0;
    std::size_t i = 0;
    constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
        const auto digit = static_cast<std::uint64_t>(text[i] - '0');
        if (value > (kMax - digit) / 10) throw_too_large(option, text);
        value = value * 10 + digit;
    }
    if (i == 0) throw UsageError(option + ": not a number: " + text);
    std::uint64_t unit = 1;
    const std::string suffix = text.substr(i);
    if (suffix == "K" || suffix == "k" || suffix == "KiB") {
        unit = 1024;
    } else if (suffix == "M" || suffix == "m" || suffix == "MiB") {
        unit = std::uint64_t{1024} * 1024;
    } else if (suffix == "G" || suffix == "g" || suffix == "GiB") {
        unit = std::uint64_t{1024} * 1024 * 1024;
    } else if (!suffix.empty()) {
        throw UsageError(option + ": unknown unit '" + suffix + "' (use K, M or G)");
    }
    if (value > kMax / unit) throw UsageError(option + ": too large: " + text);
    if (value == 0) throw UsageError(option + " must be positive");
    return value * unit;
}

CliRequest validate(const CliOptions& options, const std::optional<std::string>& env_index) {
    CliRequest request;
    if (options.index) {
        if (options.index->empty()) throw UsageError("--index: empty directory name");
        request.index_dir = *options.index;
    } else {
        request.index_dir =
            command_line::default_index_dir(env_index ? env_index->c_str() : nullptr);
    }
    if (options.paths.empty()) {
        request.inputs.emplace_back(kDefaultCorpus);
    }
    for (const auto& path : options.paths) {
        if (path.empty()) throw UsageError("empty PATH argument");
        if (path == "-") {
            if (request.reads_stdin) throw UsageError("'-' (standard input) given more than once");
            request.reads_stdin = true;
        }
        request.inputs.emplace_back(path);
    }
    request.rebuild = options.rebuild;
    if (options.synonyms) {
        if (options.synonyms->empty()) throw UsageError("--synonyms: empty file name");
        request.synonyms_file = *options.synonyms;
    }
    if (options.sources) {
        if (options.sources->empty()) throw UsageError("--sources: empty file name");
        request.sources_file = *options.sources;
    }
    request.max_file_size =
        options.max_file_size ? parse_byte_size(*options.max_file_size) : kDefaultMaxFileSize;
    request.memory_budget = options.memory_budget
                                ? parse_byte_size(*options.memory_budget, "--memory-budget")
                                : kDefaultMemoryBudget;
    if (request.memory_budget < dateline::kMinimumMemoryBudget) {
        throw UsageError("--memory-budget: at least 64M is needed: " + *options.memory_budget);
    }
    if (options.threads && (*options.threads == 0 || *options.threads > kMaxThreads)) {
        throw UsageError("--threads: between 1 and " + std::to_string(kMaxThreads) + ": " +
                         std::to_string(*options.threads));
    }
    request.threads = options.threads.value_or(0);
    if (options.shards &&
        (*options.shards == 0 || *options.shards > dateline::schema::layout::kMaxShards)) {
        throw UsageError("--shards: between 1 and " +
                         std::to_string(dateline::schema::layout::kMaxShards) + ": " +
                         std::to_string(*options.shards));
    }
    request.shards = options.shards.value_or(0);
    request.quiet = options.quiet;
    request.json = options.json;
    request.progress = !options.no_progress && !options.quiet;
    request.force = options.force;
    request.debug_crash_at = checked_step(options.debug_crash_at, "--debug-crash-at");
    request.debug_pause_at = checked_step(options.debug_pause_at, "--debug-pause-at");
    return request;
}

std::string help_text() {
    std::ostringstream out;
    out << "Usage: index-build [--index DIR] [--rebuild] [options] [PATH...]\n"
           "\n"
           "Builds or updates a Dateline search index from a news corpus.\n"
           "\n"
           "PATH is a directory (walked recursively), a file, or '-' for one text document\n"
           "on standard input. Without PATH, ./data is indexed (relative to the current\n"
           "directory). Text documents are .txt files and files without an extension;\n"
           ".jsonl files hold one article per line. In a directory PATH, manifest.tsv or\n"
           "manifest.jsonl give per-file metadata, synonyms.tsv holds name variants and\n"
           "sources.tsv spellings of one outlet.\n"
           "Other files are reported as skipped.\n"
           "\n"
           "The default run is incremental: unchanged documents are kept, changed ones\n"
           "replaced, and documents whose files are gone from the scanned PATHs deleted.\n"
           "A new index generation is published atomically; searches never see a\n"
           "half-built index, and a failed or interrupted build leaves the old one intact.\n"
           "\n"
        << visible_options()
        << "\n"
           "Exit status:\n"
           "  0    success: every document input indexed or unchanged (skips allowed)\n"
           "  1    the index was updated, but some inputs were rejected (listed on stderr)\n"
           "  2    usage or fatal error; nothing was published\n"
           "  3    refused: the new index would have fewer than half the documents of the\n"
           "       current one (empty or unmounted source?); nothing was published; --force\n"
           "  74   I/O error (disk full, read-only location, I/O error, permission denied\n"
           "       on the index); nothing was published, the previous index is intact\n"
           "  75   the index is locked by another build\n"
           "  130  interrupted by SIGINT, 143 by SIGTERM; nothing was published\n"
           "\n"
           "Examples:\n"
           "  index-build                           index ./data into ./index (incremental)\n"
           "  index-build --rebuild                 rebuild ./index from ./data\n"
           "  index-build --index /srv/news corpus/ index corpus/ into /srv/news\n"
           "  index-build --json data > report.json machine-readable summary\n"
           "  curl -s https://example.org/a.txt | index-build -\n";
    return out.str();
}

}  // namespace dateline::index_build
