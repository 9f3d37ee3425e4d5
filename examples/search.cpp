// Prints the ranked hits for a query, through Dateline's public searcher API only.
//
//   dateline_example_search INDEX_DIR QUERY...
//   dateline_example_search index '"root causes"' Putin
//
// Exit status as grep's: 0 hits found, 1 no hits, 2 error.
#include <algorithm>
#include <cstddef>
#include <iostream>
#include <span>
#include <string>

#include <dateline/searcher.hpp>

int main(int argc, char* argv[]) {
    const std::span<char*> args(argv, static_cast<std::size_t>(argc));
    if (args.size() < 3) {
        std::cerr << "usage: dateline_example_search INDEX_DIR QUERY...\n";
        return 2;
    }
    std::string query = args[2];
    for (const char* word : args.subspan(3)) {
        query.append(" ").append(word);
    }

    try {
        dateline::Searcher searcher{args[1]};
        const dateline::SearchResults results = searcher.search({
            .query = query,
            .limit = 10,
            .facets = false,
            .snippet_bytes = 160,
        });

        std::cout << results.total_estimated << (results.total_exact ? "" : " (estimated)")
                  << " matches for " << results.query << '\n';
        for (const dateline::Hit& hit : results.hits) {
            std::cout << hit.rank << ". " << hit.id << "  " << hit.date.value_or("undated") << "  "
                      << hit.source << "  score " << hit.score << '\n'
                      << "   " << hit.title.value_or("(untitled)") << '\n';
            // Reports of one story come back as one hit, the story's best matching report.
            if (hit.story.reports > 1) {
                std::cout << "   story " << hit.story.id << ": " << hit.story.reports
                          << " reports, " << hit.story.matching << " matching\n";
            }
            if (!hit.snippet.empty()) {
                std::string snippet = hit.snippet;  // may span lines of the original text
                std::replace(snippet.begin(), snippet.end(), '\n', ' ');
                std::cout << "   " << snippet << '\n';
            }
        }
        return results.hits.empty() ? 1 : 0;
    } catch (const dateline::QueryError& e) {
        std::cerr << "dateline_example_search: bad query at byte " << e.position() << ": "
                  << e.what() << '\n';
    } catch (const dateline::Error& e) {
        std::cerr << "dateline_example_search: " << e.what() << '\n';
    }
    return 2;
}
