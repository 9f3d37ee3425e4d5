// index-serve's parts without a socket: targets and their decoding, URL parameters onto
// the shared request rules, HTML escaping on the page, routes, the access log line and
// the command line.
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "access_log.hpp"
#include "html.hpp"
#include "routes.hpp"
#include "search_page.hpp"
#include "search_parameters.hpp"
#include "serve_options.hpp"
#include "url.hpp"

namespace {

using namespace dateline;
using namespace dateline::serve;

SearchRequest request_for(const std::string& target) {
    return search_request(parse_target(target), 1000);
}

std::string argument_error(const std::string& target) {
    try {
        static_cast<void>(request_for(target));
    } catch (const RequestArgumentError& e) {
        return e.what();
    }
    return "accepted";
}

}  // namespace

TEST_CASE("targets: decoded path and parameters, '+' a space only in the query") {
    const auto t = parse_target("/api/search?q=%22root+causes%22+Putin&limit=5&empty=&flag#frag");
    CHECK(t.path == "/api/search");
    REQUIRE(t.parameters.size() == 4);
    CHECK(t.get("q") == "\"root causes\" Putin");
    CHECK(t.get("limit") == "5");
    CHECK(t.get("empty") == "");
    CHECK(t.get("flag") == "");
    CHECK_FALSE(t.get("nope"));
    CHECK(parse_target("/a+b").path == "/a+b");
    CHECK(parse_target("/?q=caf%C3%A9").get("q") == "caf\u00e9");
}

TEST_CASE("targets that could escape a root or are malformed are refused") {
    for (const char* bad :
         {"/../etc/passwd", "/assets/../x", "/%2e%2e/x", "/assets/%2E%2e", "/./x", "/a/.", "/a\\b",
          "/a%5Cb", "/a%00b", "http://h/x", "*", "", "/?q=%zz", "/?q=%4", "/%"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(static_cast<void>(parse_target(bad)), BadTargetError);
    }
    CHECK(parse_target("/a/..b/c.").path == "/a/..b/c.");  // dots inside names are fine
}

TEST_CASE("percent_encode and query_string round-trip through parse_target") {
    const std::string text = "a b&c=d/é?#%+";
    const auto t = parse_target("/" + query_string({{"q", text}, {"source", "The Times"}}));
    CHECK(t.get("q") == text);
    CHECK(t.get("source") == "The Times");
    CHECK(percent_encode("a-b_c.d~e") == "a-b_c.d~e");
}

TEST_CASE("URL parameters map onto the request like index-search's options") {
    const auto r = request_for(
        "/?q=root+causes&any=1&sort=date-asc&offset=5&limit=7&date_facet=day&source=TASS"
        "&from=2025&to=2025-07-04&facets=0");
    CHECK(r.query == "root causes");
    CHECK(r.default_operator == DefaultOperator::kOr);
    CHECK(r.sort == SortOrder::kDateAsc);
    CHECK(r.offset == 5);
    CHECK(r.limit == 7);
    CHECK(r.date_facet == DateGranularity::kDay);
    CHECK(r.source == "TASS");
    CHECK(r.from == "2025");
    CHECK(r.to == "2025-07-04");
    CHECK_FALSE(r.facets);
    const auto d = request_for("/?q=x");
    CHECK(d.limit == SearchRequest{}.limit);
    CHECK(d.facets);
    CHECK(d.default_operator == DefaultOperator::kAnd);
    CHECK(request_for("/?q=x&any=on").default_operator == DefaultOperator::kOr);
    CHECK(request_for("/?q=x&recency=30").recency_half_life_days == 30.0);
    CHECK(request_for("/?from=2025-07").query.empty());  // a filter alone is a search
}

TEST_CASE("bad parameters: the library's messages, naming the URL parameter") {
    CHECK(argument_error("/?q=x&limit=1001") == "limit must be at most 1000");
    CHECK(argument_error("/?q=x&sort=newest") ==
          "sort must be relevance, date or date-asc, not 'newest'");
    CHECK(argument_error("/?q=x&from=2025-02-30") ==
          "from needs a real date as YYYY, YYYY-MM or YYYY-MM-DD, not '2025-02-30'");
    CHECK(argument_error("/?q=x&from=2025-08&to=2025-07") == "from 2025-08 is after to 2025-07");
    CHECK(argument_error("/?q=x&recency=7&sort=date") ==
          "recency blends into relevance; it cannot be used with sort date");
    CHECK(argument_error("/?q=x&offset=-1") ==
          "offset needs a non-negative whole number, not '-1'");
    CHECK(argument_error("/?q=x&date_facet=week") ==
          "date_facet must be day, month or year, not 'week'");
    CHECK(argument_error("/?q=x&source=") == "source needs a name");
    CHECK(argument_error("/?q=x&any=maybe") == "any must be true or false (1 or 0), not 'maybe'");
    CHECK(argument_error("/?q=x&lmit=5") == "unknown parameter 'lmit'");
    CHECK(argument_error("/?q=x&q=y") == "q is given more than once");
    CHECK(argument_error("/?q=") == "no query given");
    CHECK(argument_error("/") == "no query given");
}

TEST_CASE("a grouped hit's story line: the searcher's phrasing, the outlets escaped") {
    SearchResults r;
    r.query = "putin";
    r.total_estimated = 1;
    r.total_exact = true;
    r.collapsed = true;
    r.limit = 10;
    Hit hit;
    hit.rank = 1;
    hit.id = "a.txt";
    hit.source = "TASS";
    hit.story = {"3b28cfc66e1684b8", 6, 3, {"A<b>", "B & C", "D\"", "E"}};
    r.hits.push_back(hit);
    const auto page = render_page(parse_target("/?q=putin"), &r, nullptr);
    CHECK(page.find("<p class=\"story\" data-story=\"3b28cfc66e1684b8\">+5 more reports (2 "
                    "matching): A&lt;b&gt;, B &amp; C, D&quot;, \u2026 &middot; <a "
                    "class=\"story-link\" href=\"/?story=3b28cfc66e1684b8\">every report of "
                    "this story</a></p>\n") != std::string::npos);
    hit.story = {"3b28cfc66e1684b8", 2, 1, {"Meridian Wire"}};
    r.hits = {hit};
    CHECK(render_page(parse_target("/?q=putin"), &r, nullptr)
              .find(">+1 more report: Meridian Wire &middot; <a") != std::string::npos);
}

TEST_CASE("the page escapes everything it shows") {
    const auto target =
        parse_target("/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E&source=%22%3E%3Cimg%20src%3Dx%3E");
    SearchResults r;
    r.query = "<script>alert(1)</script>";
    r.parsed_query = "Query(<b>)";
    r.read_as = "<u>x</u> (+ stems)";
    r.notices = {"'<or>' was read as a word"};
    r.corrected_query = "<i>x</i>";
    r.total_estimated = 1;
    r.total_exact = true;
    r.limit = 10;
    Hit hit;
    hit.rank = 1;
    hit.id = "a<b>.txt";
    hit.title = "T<script>";
    hit.url = "javascript:alert(1)";
    hit.source = "S\"><svg onload=x>";
    hit.date = "2025-07-04";
    hit.snippet = "a <b> Putin & co";
    hit.highlights = {{6, 5}};
    r.hits.push_back(hit);
    r.source_facets = {{"S\"'<>", 1}};
    r.date_facets = {{"2025-07", 1}};
    const auto page = render_page(target, &r, nullptr);
    CHECK(page.find("<script>") == std::string::npos);
    CHECK(page.find("<img") == std::string::npos);
    CHECK(page.find("<svg onload") == std::string::npos);
    CHECK(page.find("<i>x</i>") == std::string::npos);
    CHECK(page.find("Read as: <code>&lt;u&gt;x&lt;/u&gt; (+ stems)</code>") != std::string::npos);
    CHECK(page.find("&#39;&lt;or&gt;&#39; was read as a word") != std::string::npos);
    CHECK(page.find("javascript:") == std::string::npos);  // not a link, not shown
    CHECK(page.find("a &lt;b&gt; <mark>Putin</mark> &amp; co") != std::string::npos);
    CHECK(page.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    const PageError error{.message = "bad <thing>", .position = 3};
    const auto error_page = render_page(parse_target("/?q=ab%3Ccd"), nullptr, &error);
    CHECK(error_page.find("bad &lt;thing&gt;") != std::string::npos);
    CHECK(error_page.find("ab&lt;<mark>c</mark>d") != std::string::npos);
    // The position counts characters: "Müller " is 7 of them, 8 bytes (issue 13).
    const PageError accented{.message = "x", .position = 7};
    const auto accented_page =
        render_page(parse_target("/?q=M%C3%BCller%20AND"), nullptr, &accented);
    CHECK(accented_page.find("Müller <mark>A</mark>ND") != std::string::npos);
    CHECK(escape("&<>\"'") == "&amp;&lt;&gt;&quot;&#39;");
}

TEST_CASE("page links keep the search and change one thing") {
    SearchResults r;
    r.query = "putin";
    r.total_estimated = 25;
    r.total_exact = true;
    r.offset = 10;
    r.limit = 10;
    for (std::size_t i = 0; i < 10; ++i) {
        Hit hit;
        hit.rank = 11 + i;
        hit.id = std::to_string(i);
        hit.source = "TASS";
        r.hits.push_back(hit);
    }
    r.source_facets = {{"The Moscow Times", 3}};
    r.date_facets = {{"2025-07", 20}, {"undated", 5}};
    r.corrected_query = "putin";
    const auto page = render_page(parse_target("/?q=putn&offset=10&sort=date"), &r, nullptr);
    CHECK(page.find("href=\"/?q=putn&amp;sort=date&amp;source=The%20Moscow%20Times\"") !=
          std::string::npos);
    CHECK(page.find("href=\"/?q=putn&amp;sort=date&amp;from=2025-07&amp;to=2025-07\"") !=
          std::string::npos);
    CHECK(page.find("rel=\"prev\" href=\"/?q=putn&amp;sort=date\"") != std::string::npos);
    CHECK(page.find("rel=\"next\" href=\"/?q=putn&amp;sort=date&amp;offset=20\"") !=
          std::string::npos);
    CHECK(page.find("Did you mean <a href=\"/?sort=date&amp;q=putin\">") != std::string::npos);
    CHECK(page.find("<svg class=\"histogram\"") != std::string::npos);
    CHECK(page.find("<option value=\"date\" selected>") != std::string::npos);
}

TEST_CASE("routes without a searcher: health, assets, 404, 405, bad targets, CORS") {
    const SearcherSource none = []() -> Searcher& { throw std::logic_error("no searcher"); };
    const RouteOptions plain{};
    CHECK(respond("GET", "/healthz", none, plain).status == 200);
    CHECK(respond("GET", "/assets/dateline.css", none, plain).content_type ==
          "text/css; charset=utf-8");
    CHECK(respond("GET", "/nope", none, plain).status == 404);
    const auto post = respond("POST", "/api/search", none, plain);
    CHECK(post.status == 405);
    CHECK(respond("GET", "/../x", none, plain).status == 400);
    CHECK(respond("OPTIONS", "/api/search", none, plain).status == 405);
    const RouteOptions cors{.max_page_size = 1000, .cors_origin = "https://a.example"};
    CHECK(respond("OPTIONS", "/api/search", none, cors).status == 204);
    // A searcher that cannot be had is the index's fault: 503, as JSON.
    const SearcherSource broken = []() -> Searcher& { throw IndexOpenError("no index here"); };
    const auto r = respond("GET", "/api/search?q=x", broken, plain);
    CHECK(r.status == 503);
    CHECK(nlohmann::json::parse(r.body)["error"]["type"] == "index_unavailable");
    CHECK(respond("GET", "/?q=x", broken, plain).status == 503);
    CHECK(respond("GET", "/", broken, plain).status == 200);  // the empty page needs no index
    CHECK(needs_searcher("GET", "/api/search?q=x"));
    CHECK_FALSE(needs_searcher("GET", "/healthz"));
    CHECK_FALSE(needs_searcher("POST", "/api/search"));
}

TEST_CASE("access log lines cannot be forged by a target") {
    const AccessEntry e{.client = "127.0.0.1",
                        .method = "GET",
                        .target = "/?q=\"x\"\n127.0.0.1 - - fake",
                        .version = 11,
                        .status = 200,
                        .bytes = 12,
                        .milliseconds = 1.5};
    const auto line = format_access_line(e, 0);
    CHECK(line ==
          "127.0.0.1 - - [01/Jan/1970:00:00:00 +0000] \"GET /?q=\\x22x\\x22\\x0A127.0.0.1 "
          "- - fake HTTP/1.1\" 200 12 1.500");
}

TEST_CASE("index-serve's command line") {
    using namespace dateline::serve::cli;
    const auto parse = [](std::vector<const char*> args) {
        args.insert(args.begin(), "index-serve");
        return parse_command_line(static_cast<int>(args.size()), args.data());
    };
    const auto d = validate(parse({}), nullptr, 2);
    CHECK(d.host == "127.0.0.1");  // loopback unless asked
    CHECK(d.port == 8080);
    CHECK(d.index == "index");
    CHECK(d.workers == 2);
    CHECK_FALSE(d.routes.cors_origin);
    CHECK(validate(parse({}), "/srv/idx", 2).index == "/srv/idx");
    const auto o = validate(parse({"--listen", "[::1]:0", "--workers", "3", "--cors", "https://x",
                                   "--request-timeout", "2", "--allow-partial"}),
                            nullptr, 2);
    CHECK(o.host == "::1");
    CHECK(o.port == 0);
    CHECK(o.workers == 3);
    CHECK(o.routes.cors_origin == "https://x");
    CHECK(o.request_timeout == std::chrono::seconds(2));
    CHECK(o.searcher.allow_partial);
    for (const auto& args : std::vector<std::vector<const char*>>{{"--listen", "8080"},
                                                                  {"--listen", "h:99999"},
                                                                  {"--workers", "0"},
                                                                  {"--max-header-bytes", "10"},
                                                                  {"--timeout", "0"},
                                                                  {"--cors", ""}}) {
        CHECK_THROWS_AS(static_cast<void>(validate(parse(args), nullptr, 2)), UsageError);
    }
    CHECK_THROWS_AS(static_cast<void>(parse({"--bogus"})), UsageError);
}
