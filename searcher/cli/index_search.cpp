// index-search: a thin shell over dateline::Searcher.
// Exit status, as grep's: 0 hits found, 1 no hits, 2 error (one line on stderr); and 3
// when a shard of a sharded index was unavailable (without --allow-partial).
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <unistd.h>

#include <dateline/display_escape.hpp>
#include <dateline/searcher.hpp>

#include "command_line.hpp"
#include "output.hpp"
#include "search_options.hpp"

namespace {

constexpr int kFound = 0;
constexpr int kNotFound = 1;
constexpr int kError = 2;
constexpr int kShardUnavailable = 3;

// For the error messages only: whether to suggest --allow-partial; the query, to point
// at an error's position under it.
bool g_partial_allowed = false;
std::string g_query;

// Set when a reader closed the pipe; an export stops at once instead of searching on.
bool g_pipe_closed = false;

// Thrown out of an export's page callback when the reader has gone.
struct PipeClosed {};

// With SIGPIPE ignored a closed pipe shows up here as EPIPE: the reader has seen
// enough (`| head -1`), which is not an error worth a message.
bool write_all(const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const std::string_view rest = std::string_view(text).substr(done);
        const auto n = ::write(STDOUT_FILENO, rest.data(), rest.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EPIPE) {
                g_pipe_closed = true;
                return true;
            }
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

int emit(const std::string& text, int status) {
    if (!write_all(text)) {
        std::cerr << "index-search: cannot write output: " << std::strerror(errno) << '\n';
        return kError;
    }
    return status;
}

// Streams an export page by page: each page is written, then dropped, so memory stays
// bounded by one page however many hits there are. A reader that closed the pipe ends it.
int export_hits(dateline::Searcher& searcher, const dateline::index_search::Invocation& inv) {
    using namespace dateline;
    bool closed = false;
    std::optional<SearchResults> first;
    const auto write_page = [&](const std::string& text) {
        if (closed || text.empty()) return;
        if (!write_all(text))
            throw IoError(std::string("cannot write output: ") + std::strerror(errno));
        closed = g_pipe_closed;
    };
    write_page(export_header(inv.export_format));
    const auto exported =
        searcher.export_hits(inv.request, inv.max_hits, [&](const SearchResults& page) {
            if (!first) {
                first = page;
                first->hits.clear();
                if (page.partial) std::cerr << index_search::partial_warning(page.failed_shards);
            }
            std::string text;
            for (const auto& hit : page.hits) text += export_row(hit, inv.export_format);
            write_page(text);
            if (closed) throw PipeClosed{};
        });
    if (inv.export_format == ExportFormat::kJsonl) write_page(to_json_summary(*first, exported));
    return first->total_estimated > 0 ? kFound : kNotFound;
}

int run(int argc, char* argv[]) {
    using namespace dateline::index_search;
    const auto options = parse_command_line(argc, argv);
    const auto inv = validate(options, std::getenv(dateline::command_line::kIndexEnvVar));
    if (inv.mode == Mode::kHelp) return emit(help_text(), kFound);
    if (inv.mode == Mode::kVersion) {
        return emit(dateline::command_line::version_text("index-search"), kFound);
    }
    g_partial_allowed = inv.searcher.allow_partial;
    g_query = inv.request.query;

    dateline::Searcher searcher(inv.index, inv.searcher);
    switch (inv.mode) {
        case Mode::kStats: {
            const auto stats = searcher.stats();
            return emit(inv.json ? dateline::to_json(stats) : render_stats_text(stats), kFound);
        }
        case Mode::kCount: {
            const auto counted = searcher.count(inv.request);
            // A bare number has no room for it: the warning goes to stderr.
            if (counted.partial) std::cerr << partial_warning(counted.failed_shards);
            const std::string text =
                inv.json ? dateline::to_json_count(inv.request.query, counted.matches)
                         : std::to_string(counted.matches) + '\n';
            return emit(text, counted.matches > 0 ? kFound : kNotFound);
        }
        case Mode::kSearch:
        case Mode::kHelp:
        case Mode::kVersion:
            break;
    }
    if (inv.output == OutputKind::kExport) return export_hits(searcher, inv);
    const auto results = searcher.search(inv.request);
    const int status = results.total_estimated > 0 ? kFound : kNotFound;
    if (inv.json) return emit(dateline::to_json(results), status);
    const bool bold = use_color(inv.color, ::isatty(STDOUT_FILENO) == 1, std::getenv("NO_COLOR"));
    return emit(render_text(results, bold), status);
}

}  // namespace

int main(int argc, char* argv[]) {
    std::signal(SIGPIPE, SIG_IGN);
    try {
        return run(argc, argv);
    } catch (const PipeClosed&) {
        return kFound;
    } catch (const dateline::index_search::UsageError& e) {
        std::cerr << "index-search: " << dateline::escape_for_display(e.what()) << '\n';
    } catch (const dateline::ShardUnavailableError& e) {
        std::cerr << "index-search: " << dateline::escape_for_display(e.what())
                  << (g_partial_allowed ? "\n" : " (--allow-partial answers without it)\n");
        return kShardUnavailable;
    } catch (const dateline::QueryError& e) {
        std::cerr << "index-search: query error at position " << e.position() << ": "
                  << dateline::escape_for_display(e.what()) << '\n';
        // On a terminal, the query with a caret under the character the position names.
        if (::isatty(STDERR_FILENO) == 1) {
            std::cerr << dateline::index_search::caret_under(g_query, e.position());
        }
    } catch (const dateline::Error& e) {
        std::cerr << "index-search: " << dateline::escape_for_display(e.what()) << '\n';
    } catch (const std::exception& e) {
        std::cerr << "index-search: " << dateline::escape_for_display(e.what()) << '\n';
    }
    return kError;
}
