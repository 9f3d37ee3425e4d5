// index-build's command-line stages (parse, validate) and its output renderers.
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "index_build_options.hpp"
#include "index_build_output.hpp"

using namespace dateline::index_build;

namespace {

CliOptions parse(std::vector<const char*> args) {
    args.insert(args.begin(), "index-build");
    return parse_command_line(static_cast<int>(args.size()), args.data());
}

}  // namespace

TEST_CASE("defaults: ./data into $DATELINE_INDEX or ./index") {
    const CliRequest plain = validate(parse({}), std::nullopt);
    CHECK(plain.index_dir == "index");
    CHECK(plain.inputs == std::vector<std::filesystem::path>{"data"});
    CHECK(plain.max_file_size == 32u * 1024 * 1024);
    CHECK(plain.memory_budget == 1024u * 1024 * 1024);
    CHECK_FALSE(plain.rebuild);
    CHECK(plain.progress);

    CHECK(validate(parse({}), std::string("/srv/idx")).index_dir == "/srv/idx");
    CHECK(validate(parse({}), std::string("")).index_dir == "index");
    CHECK(validate(parse({"--index", "mine"}), std::string("/srv/idx")).index_dir == "mine");
}

TEST_CASE("options are parsed into the request") {
    const CliRequest r = validate(parse({"--rebuild", "--synonyms", "s.tsv", "--max-file-size",
                                         "64K", "--quiet", "--json", "a", "-", "b.txt"}),
                                  std::nullopt);
    CHECK(r.rebuild);
    CHECK(r.synonyms_file == std::filesystem::path("s.tsv"));
    CHECK(r.max_file_size == 65536);
    CHECK(r.quiet);
    CHECK(r.json);
    CHECK_FALSE(r.progress);
    CHECK(r.reads_stdin);
    CHECK(r.inputs == std::vector<std::filesystem::path>{"a", "-", "b.txt"});
    CHECK_FALSE(validate(parse({"--no-progress"}), std::nullopt).progress);
    CHECK(parse({"--help"}).help);
}

TEST_CASE("--memory-budget") {
    CHECK(validate(parse({"--memory-budget", "256M"}), std::nullopt).memory_budget ==
          256u * 1024 * 1024);
    CHECK(validate(parse({"--memory-budget", "2G"}), std::nullopt).memory_budget ==
          2ull * 1024 * 1024 * 1024);
    CHECK(validate(parse({"--memory-budget", "64M"}), std::nullopt).memory_budget ==
          64u * 1024 * 1024);
    // Below the minimum, or malformed: usage errors naming the option.
    for (const char* bad : {"63M", "0", "lots", "1T"}) {
        CAPTURE(bad);
        try {
            (void)validate(parse({"--memory-budget", bad}), std::nullopt);
            FAIL("accepted");
        } catch (const UsageError& e) {
            CHECK(std::string(e.what()).find("--memory-budget") != std::string::npos);
        }
    }
}

TEST_CASE("usage errors") {
    CHECK_THROWS_AS(parse({"--bogus"}), UsageError);
    CHECK_THROWS_AS(parse({"--index"}), UsageError);
    CHECK_THROWS_AS(parse({"--reb"}), UsageError);  // no guessing of abbreviations
    CHECK_THROWS_AS(validate(parse({"-", "-"}), std::nullopt), UsageError);
    CHECK_THROWS_AS(validate(parse({"--index", ""}), std::nullopt), UsageError);
    CHECK_THROWS_AS(validate(parse({"--max-file-size", "0"}), std::nullopt), UsageError);
}

TEST_CASE("parse_byte_size") {
    CHECK(parse_byte_size("100") == 100);
    CHECK(parse_byte_size("2k") == 2048);
    CHECK(parse_byte_size("32M") == 32u * 1024 * 1024);
    CHECK(parse_byte_size("1G") == 1024u * 1024 * 1024);
    CHECK(parse_byte_size("3MiB") == 3u * 1024 * 1024);
    for (const char* bad : {"", "M", "12X", "-5", "1.5M", "99999999999999999999", "20000000000G"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS((void)parse_byte_size(bad), UsageError);
    }
}

TEST_CASE("help documents defaults and exit codes") {
    const std::string help = help_text();
    for (const char* needle :
         {"DATELINE_INDEX", "./index", "./data", "--rebuild", "--max-file-size", "32M", "--json",
          "--quiet", "--no-progress", "75", "130", "Examples:"}) {
        CAPTURE(needle);
        CHECK(help.find(needle) != std::string::npos);
    }
}

TEST_CASE("summary renderers and exit code") {
    dateline::BuildReport report;
    report.indexed = 3;
    report.rejected = 1;
    report.skipped = 1;
    report.published = true;
    report.generation = 4;
    report.documents = 3;
    report.inputs.push_back(
        {.input = "data/a.bin", .outcome = dateline::InputOutcome::kRejected, .reason = "binary"});
    report.inputs.push_back({.input = "data/b.html",
                             .outcome = dateline::InputOutcome::kSkipped,
                             .reason = "unsupported_type"});
    report.inputs.push_back({.input = "data/c.txt",
                             .id = "c.txt",
                             .outcome = dateline::InputOutcome::kIndexed,
                             .warnings = {"invalid_utf8: 1 sequences replaced"}});
    CHECK(exit_code_for(report) == kExitRejected);

    const auto quiet = problem_lines(report, false);
    CHECK(quiet == std::vector<std::string>{"rejected: data/a.bin: binary"});
    CHECK(problem_lines(report, true).size() == 3);

    const std::string summary = human_summary(report, "idx");
    CHECK(summary.find("3 indexed") != std::string::npos);
    CHECK(summary.find("1 rejected (1 binary)") != std::string::npos);
    CHECK(summary.find("Published generation 4") != std::string::npos);

    const auto json = summary_json(report, "idx");
    CHECK(json.at("counts").at("inputs") == 4);
    CHECK(json.at("rejected_reasons").at("binary") == 1);
    CHECK(json.at("problems").size() == 3);
    CHECK(json.at("problems")[2].at("id") == "c.txt");

    report.rejected = 0;
    CHECK(exit_code_for(report) == kExitOk);
}

TEST_CASE("progress line") {
    dateline::BuildProgress p{.files_done = 50,
                              .files_total = 100,
                              .documents = 50,
                              .bytes_done = 500,
                              .bytes_total = 1000,
                              .elapsed_seconds = 10};
    const std::string line = progress_line(p);
    CHECK(line.find("50/100 files") != std::string::npos);
    CHECK(line.find("5.0 docs/s") != std::string::npos);
    CHECK(line.find("50%") != std::string::npos);
    CHECK(line.find("ETA 10.0s") != std::string::npos);
}
