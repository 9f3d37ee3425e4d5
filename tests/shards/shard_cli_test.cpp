// index-search's shard options (--timeout, --connect-timeout, --allow-partial) through the
// two stages, and how a partial answer is rendered.
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "output.hpp"
#include "search_options.hpp"

namespace {

using namespace dateline::index_search;

Invocation check(std::vector<const char*> args) {
    args.insert(args.begin(), "index-search");
    return validate(parse_command_line(static_cast<int>(args.size()), args.data()), nullptr);
}

dateline::SearchResults partial_results() {
    dateline::SearchResults r;
    r.query = "putin";
    r.total_estimated = 1;
    r.total_exact = true;
    r.partial = true;
    r.failed_shards = {{"10.0.0.13:7008", "no answer within 2000 ms (Timeout expired)"},
                       {"10.0.0.14:7008", "Couldn't connect (Connection refused)"}};
    dateline::Hit hit;
    hit.rank = 1;
    hit.id = "a.txt";
    hit.source = "TASS";
    r.hits.push_back(hit);
    return r;
}

}  // namespace

TEST_CASE("shard options: Xapian's defaults, milliseconds from 1 to one hour") {
    const auto defaults = check({"putin"});
    CHECK(defaults.searcher.remote_timeout_ms == 10000);
    CHECK(defaults.searcher.remote_connect_timeout_ms == 10000);
    CHECK_FALSE(defaults.searcher.allow_partial);

    const auto set =
        check({"--timeout", "1500", "--connect-timeout", "250", "--allow-partial", "putin"});
    CHECK(set.searcher.remote_timeout_ms == 1500);
    CHECK(set.searcher.remote_connect_timeout_ms == 250);
    CHECK(set.searcher.allow_partial);
    CHECK(check({"--timeout", "3600000", "putin"}).searcher.remote_timeout_ms == 3600000);

    // 0 is Xapian's "wait for ever": never by accident from a command line.
    for (const char* bad : {"0", "3600001", "-5", "1.5", "", "10s"}) {
        CAPTURE(std::string(bad));
        CHECK_THROWS_AS(check({"--timeout", bad, "putin"}), UsageError);
        CHECK_THROWS_AS(check({"--connect-timeout", bad, "putin"}), UsageError);
    }
    // They apply to --stats and --count as well.
    CHECK(check({"--stats", "--allow-partial"}).searcher.allow_partial);
    CHECK(check({"--count", "--timeout", "700", "putin"}).searcher.remote_timeout_ms == 700);
}

TEST_CASE("a partial answer says so: first line of the text, two JSON fields") {
    const auto r = partial_results();
    const auto text = render_text(r, false);
    CHECK(
        text.starts_with("warning: partial result, 2 shards unavailable: 10.0.0.13:7008 (no "
                         "answer within 2000 ms (Timeout expired)); 10.0.0.14:7008 (Couldn't "
                         "connect (Connection refused))\n"));
    const auto json = nlohmann::json::parse(dateline::to_json(r));
    CHECK(json["partial"] == true);
    REQUIRE(json["failed_shards"].size() == 2);
    CHECK(json["failed_shards"][1]["shard"] == "10.0.0.14:7008");
    CHECK(json["failed_shards"][1]["error"] == "Couldn't connect (Connection refused)");

    auto whole = r;
    whole.partial = false;
    whole.failed_shards.clear();
    CHECK(render_text(whole, false).find("warning") == std::string::npos);
    const auto complete = nlohmann::json::parse(dateline::to_json(whole));
    CHECK(complete["partial"] == false);
    CHECK(complete["failed_shards"].empty());
}

TEST_CASE("--stats lists the shards and the unavailable ones") {
    dateline::IndexStats s;
    s.path = "/srv/search";
    s.shards = {"/srv/index/gen-000008/shard-0", "10.0.0.13:7008"};
    s.failed_shards = {{"10.0.0.13:7008", "Couldn't connect (Connection refused)"}};
    const auto text = render_stats_text(s);
    CHECK(text.find("shards:         2\n  /srv/index/gen-000008/shard-0\n  10.0.0.13:7008\n") !=
          std::string::npos);
    CHECK(text.find("warning: partial result, 1 shard unavailable: 10.0.0.13:7008") !=
          std::string::npos);
    const auto json = nlohmann::json::parse(dateline::to_json(s));
    CHECK(json["shards"].size() == 2);
    CHECK(json["failed_shards"][0]["shard"] == "10.0.0.13:7008");
}
