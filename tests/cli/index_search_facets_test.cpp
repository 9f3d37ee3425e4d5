// End-to-end: index-build reads url, author and cited links from JSON Lines records, and
// index-search's site:/cites: filters and --facet counts see them as a user would.
#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;

// Five reports: two on reuters.com hosts, one on bbc.co.uk, one on a look-alike domain,
// one without a URL; links to truthsocial.com with and without www.
constexpr const char* kReports =
    R"({"id": "r1", "title": "Harbour one", "date": "2025-07-01", "source": "Reuters", "url": "https://www.reuters.com/world/1", "author": "Jane Doe", "body": "Harbour talks. He posted at https://www.truthsocial.com/@x/posts/1 today."}
{"id": "r2", "title": "Harbour two", "date": "2025-07-02", "source": "Reuters", "url": "https://uk.reuters.com/2", "author": "Jane Doe", "body": "Harbour talks. See https://truthsocial.com/@x/posts/2 and https://t.me/a/1."}
{"id": "b1", "title": "Harbour three", "date": "2025-07-03", "source": "BBC", "url": "https://news.bbc.co.uk/3", "author": "John Roe", "body": "Harbour talks, from https://www.theguardian.com/x."}
{"id": "n1", "title": "Harbour four", "date": "2025-07-04", "source": "Other", "url": "https://notreuters.com/4", "body": "Harbour talks at https://nottruthsocial.com/1."}
{"id": "u1", "title": "Harbour five", "date": "2025-07-05", "source": "Other", "body": "Harbour talks without links."}
)";

struct Corpus {
    dateline::test::TempDir dir;
    fs::path index = dir.path() / "index";
    Corpus() {
        const auto input = dir.path() / "reports.jsonl";
        std::ofstream(input) << kReports;
        const auto built =
            dateline::test::run({dateline::test::index_build_exe().string(), "--index",
                                 index.string(), "--quiet", "--no-progress", input.string()});
        if (built.exit_code != 0) throw std::runtime_error("index-build failed: " + built.err);
    }
};

const Corpus& corpus() {
    static const Corpus kCorpus;
    return kCorpus;
}

nlohmann::ordered_json search_json(std::vector<std::string> args) {
    args.insert(args.begin(), {dateline::test::index_search_exe().string(), "--index",
                               corpus().index.string(), "--json", "--no-collapse"});
    const auto r = dateline::test::run(args);
    REQUIRE_MESSAGE(r.exit_code <= 1, r.err);
    return nlohmann::ordered_json::parse(r.out);
}

std::vector<std::string> ids_of(const nlohmann::ordered_json& j) {
    std::vector<std::string> ids;
    for (const auto& hit : j["hits"]) ids.push_back(hit["id"]);
    std::sort(ids.begin(), ids.end());
    return ids;
}

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("site: and cites: find a domain's subdomains, www. or not, in any case") {
    CHECK(ids_of(search_json({"site:reuters.com"})) == Ids{"r1", "r2"});
    CHECK(ids_of(search_json({"site:WWW.Reuters.com"})) == Ids{"r1", "r2"});
    CHECK(ids_of(search_json({"site:uk.reuters.com"})) == Ids{"r2"});
    CHECK(ids_of(search_json({"site:bbc.co.uk"})) == Ids{"b1"});
    CHECK(ids_of(search_json({"site:co.uk"})).empty());
    CHECK(ids_of(search_json({"cites:truthsocial.com"})) == Ids{"r1", "r2"});
    CHECK(ids_of(search_json({"cites:www.truthsocial.com"})) == Ids{"r1", "r2"});
}

TEST_CASE("--facet counts site, cites and author over every match, N values, then more") {
    const auto j = search_json({"--limit", "1", "--facet", "site", "--facet", "cites:2", "--facet",
                                "author", "--facet", "source:1", "harbour"});
    const auto pairs = [](const nlohmann::ordered_json& list) {
        std::vector<std::pair<std::string, int>> out;
        for (const auto& v : list) out.emplace_back(v["value"], v["count"]);
        return out;
    };
    using Pairs = std::vector<std::pair<std::string, int>>;
    const auto& facets = j["facets"];
    CHECK(pairs(facets["site"]) ==
          Pairs{{"reuters.com", 2}, {"bbc.co.uk", 1}, {"notreuters.com", 1}});
    CHECK(pairs(facets["cites"]) == Pairs{{"truthsocial.com", 2}, {"nottruthsocial.com", 1}});
    CHECK(pairs(facets["author"]) == Pairs{{"Jane Doe", 2}, {"John Roe", 1}});
    CHECK(pairs(facets["source"]) == Pairs{{"Other", 2}});
    CHECK(facets["date"].empty());  // not asked for
    CHECK(j["facets_more"] ==
          nlohmann::ordered_json::parse(R"({"site": 0, "cites": 2, "author": 0, "source": 2})"));
    // The order of the --facet options is the order of the keys (ordered_json keeps it).
    std::vector<std::string> keys;
    for (const auto& [key, value] : j["facets_more"].items()) keys.push_back(key);
    CHECK(keys == std::vector<std::string>{"site", "cites", "author", "source"});

    const auto text = dateline::test::run({dateline::test::index_search_exe().string(), "--index",
                                           corpus().index.string(), "--no-collapse", "--facet",
                                           "cites:2", "harbour"});
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("cited domains\n  truthsocial.com     ") != std::string::npos);
    CHECK(text.out.find("  +2 more (--facet cites:0 lists all)\n") != std::string::npos);
}

TEST_CASE("hits carry the author: JSON, and the csv author column") {
    const auto j = search_json({"site:uk.reuters.com"});
    REQUIRE(j["hits"].size() == 1);
    CHECK(j["hits"][0]["author"] == "Jane Doe");
    const auto unknown = search_json({"title:five"});
    REQUIRE(unknown["hits"].size() == 1);
    CHECK(unknown["hits"][0]["author"].is_null());  // never invented
    const auto csv = dateline::test::run({dateline::test::index_search_exe().string(), "--index",
                                          corpus().index.string(), "--no-collapse", "--format",
                                          "csv", "site:uk.reuters.com"});
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out.find(",https://uk.reuters.com/2,Jane Doe,") != std::string::npos);
}
