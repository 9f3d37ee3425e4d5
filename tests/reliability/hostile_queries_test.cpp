// Hostile queries (reliability matrix Q-1..Q-11): every limit at limit-1 / limit /
// limit+1, hostile sizes far past them, the same set on a 256 KiB thread stack, and the
// odd inputs (empty, bad dates, unknown fields, NUL bytes, invalid UTF-8, long tokens).
// Through the public API and through the real index-search. No timing assertions: being
// refused *before* Xapian is asserted through the error type and position instead.
#include <cstddef>
#include <functional>
#include <optional>
#include <pthread.h>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <dateline/normalize.hpp>
#include <dateline/searcher.hpp>

#include "searcher_fixture.hpp"
#include "test_support.hpp"

namespace {

using dateline::QueryError;
using dateline::QueryLimitError;
using dateline::SearchRequest;

// Words sharing a prefix, for the wildcard bound: zq… has 1001 (over the default 1000),
// zr… exactly 1000, zs… 999.
std::string numbered_words(const std::string& prefix, int n) {
    std::string text;
    for (int i = 0; i < n; ++i) text += prefix + std::to_string(10000 + i) + ' ';
    return text;
}

const std::filesystem::path& fixture_index() {
    static dateline::test::TempDir dir;
    static const std::filesystem::path kIndex = [] {
        auto docs = dateline::test::fixture_docs();
        docs.push_back({"zq.txt", "Prefix test", "2025-01-01", "Reuters",
                        numbered_words("zq", 1001), std::nullopt, std::nullopt});
        docs.push_back({"zr.txt", "Prefix test", "2025-01-02", "Reuters",
                        numbered_words("zr", 1000), std::nullopt, std::nullopt});
        docs.push_back({"zs.txt", "Prefix test", "2025-01-03", "Reuters", numbered_words("zs", 999),
                        std::nullopt, std::nullopt});
        auto path = dir.path() / "index";
        dateline::test::build_fixture_index(path, docs);
        return path;
    }();
    return kIndex;
}

struct Outcome {
    bool ok = false;
    bool limit = false;  // QueryLimitError
    bool query = false;  // QueryError (including QueryLimitError)
    std::size_t position = 0;
    std::string message;
};

Outcome attempt(dateline::Searcher& s, const SearchRequest& request) {
    Outcome o;
    try {
        static_cast<void>(s.search(request));
        o.ok = true;
    } catch (const QueryLimitError& e) {
        o.limit = o.query = true;
        o.position = e.position();
        o.message = e.what();
    } catch (const QueryError& e) {
        o.query = true;
        o.position = e.position();
        o.message = e.what();
    }
    return o;
}

std::string repeat(const std::string& unit, std::size_t n) {
    std::string out;
    out.reserve(unit.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += unit;
    return out;
}

// "(((putin)))" with `depth` brackets.
std::string nested(std::size_t depth) {
    return std::string(depth, '(') + "putin" + std::string(depth, ')');
}

// Hostile Xapian-style nesting "(a OR (a OR … b))", `levels` deep.
std::string nested_or(std::size_t levels) {
    return repeat("(a OR ", levels) + "b" + std::string(levels, ')');
}

// `n` distinct words, "w10000 w10001 …".
std::string words(std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += "w" + std::to_string(10000 + i) + ' ';
    return out;
}

bool valid_utf8(const std::string& s) { return dateline::repair_utf8(s).replaced_sequences == 0; }

void check_all_valid_utf8(const dateline::SearchResults& r) {
    CHECK(valid_utf8(r.query) == valid_utf8(r.query));  // the echo is the caller's bytes
    CHECK(valid_utf8(r.parsed_query));
    for (const auto& h : r.hits) {
        CHECK(valid_utf8(h.id));
        CHECK(valid_utf8(h.snippet));
        CHECK(valid_utf8(h.title.value_or("")));
        CHECK(valid_utf8(h.source));
    }
    if (r.corrected_query) CHECK(valid_utf8(*r.corrected_query));
    for (const auto& w : r.wildcard_expansions) CHECK(valid_utf8(w));
}

// The hostile set: every entry must end in the expected error, never in a crash.
struct Hostile {
    const char* name;
    std::string query;
    dateline::SearcherOptions options;
    std::size_t position;  // expected error position
    const char* message;   // expected part of the message
};

std::vector<Hostile> hostile_set() {
    const dateline::SearcherOptions defaults{};
    dateline::SearcherOptions wide_bytes{};
    wide_bytes.max_query_bytes = 1 << 20;  // so that depth and terms limits are what bites
    return {
        {"5,000 nesting levels", nested_or(5000), defaults, 4096, "query is too long"},
        {"100,000 nesting levels", nested_or(100000), defaults, 4096, "query is too long"},
        {"100 KB of 16k words", words(16000), defaults, 4096, "query is too long"},
        {"5,000 levels, byte limit lifted", nested_or(5000), wide_bytes, std::size_t{6} * 32,
         "query nested too deeply (max 32 levels)"},
        {"100,000 levels, byte limit lifted", nested_or(100000), wide_bytes, std::size_t{6} * 32,
         "query nested too deeply (max 32 levels)"},
        {"16k words, byte limit lifted", words(16000), wide_bytes, std::size_t{7} * 256,
         "query has too many words (max 256)"},
        {"16k '_' words, byte limit lifted", repeat("_ ", 16000), wide_bytes, std::size_t{2} * 256,
         "query has too many words (max 256)"},
        {"brackets inside an unbalanced quote", "AND \"" + nested_or(100), defaults,
         5 + std::size_t{6} * 32, "query nested too deeply"},
    };
}

void run_hostile_set(const std::filesystem::path& index) {
    for (const auto& h : hostile_set()) {
        CAPTURE(h.name);
        dateline::Searcher s{index, h.options};
        const auto o = attempt(s, {.query = h.query});
        CHECK(o.limit);
        CHECK(o.position == h.position);
        CHECK(o.message.find(h.message) != std::string::npos);
    }
}

// Runs `body` on a thread with a `stack_bytes` stack (std::thread cannot set one).
void run_on_small_stack(std::size_t stack_bytes, const std::function<void()>& body) {
    pthread_attr_t attr;
    REQUIRE(pthread_attr_init(&attr) == 0);
    REQUIRE(pthread_attr_setstacksize(&attr, stack_bytes) == 0);
    struct Payload {
        const std::function<void()>* body;
        std::exception_ptr error;
    } payload{&body, nullptr};
    pthread_t thread{};
    const auto start = [](void* arg) -> void* {
        auto* p = static_cast<Payload*>(arg);
        try {
            (*p->body)();
        } catch (...) {
            p->error = std::current_exception();
        }
        return nullptr;
    };
    REQUIRE(pthread_create(&thread, &attr, start, &payload) == 0);
    REQUIRE(pthread_join(thread, nullptr) == 0);
    pthread_attr_destroy(&attr);
    if (payload.error) std::rethrow_exception(payload.error);
}

}  // namespace

TEST_CASE("query bytes: limit-1 and limit run, limit+1 is refused at the limit") {
    dateline::Searcher s{fixture_index()};
    const auto padded = [](std::size_t bytes) { return "putin" + std::string(bytes - 5, ' '); };
    CHECK(attempt(s, {.query = padded(4095)}).ok);
    CHECK(attempt(s, {.query = padded(4096)}).ok);
    const auto over = attempt(s, {.query = padded(4097)});
    CHECK(over.limit);
    CHECK(over.position == 4096);
    CHECK(over.message == "query is too long (4097 bytes, max 4096)");
}

TEST_CASE("query terms: 255 and 256 words run, the 257th is refused where it starts") {
    dateline::Searcher s{fixture_index()};
    const auto query = [](std::size_t n) {
        return repeat("putin ", n);  // AND of one word: cheap, and it matches
    };
    CHECK(attempt(s, {.query = query(255)}).ok);
    CHECK(attempt(s, {.query = query(256)}).ok);
    const auto over = attempt(s, {.query = query(257)});
    CHECK(over.limit);
    CHECK(over.position == 6 * 256);
    CHECK(over.message == "query has too many words (max 256)");
}

TEST_CASE("nesting: 31 and 32 levels run, the 33rd bracket is refused") {
    dateline::Searcher s{fixture_index()};
    CHECK(attempt(s, {.query = nested(31)}).ok);
    CHECK(attempt(s, {.query = nested(32)}).ok);
    CHECK(attempt(s, {.query = nested_or(32)}).ok);
    const auto over = attempt(s, {.query = nested(33)});
    CHECK(over.limit);
    CHECK(over.position == 32);
    CHECK(over.message == "query nested too deeply (max 32 levels)");
    // Brackets a failed parse would nest (Xapian's silent no-phrase re-parse) count too.
    const auto quoted = attempt(s, {.query = "\"" + nested(33) + "\""});
    CHECK(quoted.limit);
    CHECK(quoted.position == 33);
}

TEST_CASE("hostile sizes are refused before the engine, with the limit that bit") {
    run_hostile_set(fixture_index());
}

TEST_CASE("on a 256 KiB thread stack: hostile queries are refused and limit-size ones run") {
    const auto& index = fixture_index();
    run_on_small_stack(std::size_t{256} * 1024, [&] {
        run_hostile_set(index);
        dateline::Searcher s{index};
        // The largest accepted shapes: they reach Xapian's recursive matcher.
        CHECK(attempt(s, {.query = nested_or(32)}).ok);
        CHECK(attempt(s, {.query = nested(32)}).ok);
        // Operators are words too: 256 words in all.
        CHECK(attempt(s, {.query = repeat("putin OR ", 127) + "putin trump"}).ok);
        CHECK(attempt(s, {.query = repeat("a NOT ", 127) + "b c"}).ok);
        CHECK(attempt(s, {.query = "\"" + repeat("putin ", 256) + "\""}).ok);
        CHECK(attempt(s, {.query = repeat("putin NEAR/999999 ", 85) + "putin"}).ok);
    });
}

TEST_CASE("wildcards: 999 and 1000 expansions run, 1001 is a QueryLimitError naming the pattern") {
    dateline::Searcher s{fixture_index()};
    const auto at_limit = s.search({.query = "zr*"});
    CHECK(at_limit.total_estimated == 1);
    REQUIRE(at_limit.wildcard_expansions.size() == 1);
    CHECK(at_limit.wildcard_expansions[0].find("(1000 terms)") != std::string::npos);
    CHECK(attempt(s, {.query = "zs*"}).ok);
    const auto over = attempt(s, {.query = "putin OR zq*"});
    CHECK(over.limit);
    CHECK(over.position == 9);
    CHECK(over.message == "pattern 'zq*' matches more than 1000 terms; make it longer");
    // Inside a field and on a small limit too.
    dateline::Searcher narrow{fixture_index(), {.max_wildcard_expansion = 3}};
    CHECK(attempt(narrow, {.query = "weap*"}).ok);
    CHECK(attempt(narrow, {.query = "ukrain*"}).limit);
}

TEST_CASE("wildcard patterns: 16 per query run, the 17th is a QueryLimitError at its position") {
    dateline::Searcher s{fixture_index()};
    CHECK(attempt(s, {.query = repeat("weap* ", 15) + "weap*"}).ok);
    const auto over = attempt(s, {.query = repeat("weap* ", 16) + "putin zr*"});
    CHECK(over.limit);
    CHECK(over.position == 16 * 6 + 6);
    CHECK(over.message == "more than 16 wildcard patterns in one query");
    // Filter fields do not expand, so they do not count.
    CHECK(attempt(s, {.query = repeat("weap* ", 16) + "putin source:tass*"}).ok);
    dateline::Searcher narrow{fixture_index(), {.max_wildcards = 1}};
    CHECK(attempt(narrow, {.query = "weap*"}).ok);
    const auto two = attempt(narrow, {.query = "weap* OR title:ukrain*"});
    CHECK(two.limit);
    CHECK(two.position == 15);  // the pattern, after "title:"
}

TEST_CASE("page size: the maximum runs, one more is refused, offsets past the end are empty") {
    dateline::Searcher s{fixture_index()};
    CHECK(attempt(s, {.query = "putin", .limit = 1000}).ok);
    const auto over = attempt(s, {.query = "putin", .limit = 1001});
    CHECK(over.limit);
    CHECK(over.message == "page size 1001 exceeds the maximum of 1000");
    const auto far = s.search({.query = "putin", .offset = std::size_t{1} << 31});
    CHECK(far.hits.empty());
    CHECK(far.total_estimated > 0);
    CHECK(s.search({.query = "putin", .limit = 0}).hits.empty());
}

TEST_CASE("empty, blank and punctuation-only queries are errors, not silent empty results") {
    dateline::Searcher s{fixture_index()};
    for (const std::string q : {"", " ", "\t\n  \r", "\u3000"}) {
        CAPTURE(q);
        const auto o = attempt(s, {.query = q});
        CHECK(o.query);
        CHECK_FALSE(o.limit);
        CHECK(o.message == "empty query");
    }
    for (const std::string q : {"!!!", "*", "..."}) {
        CAPTURE(q);
        const auto o = attempt(s, {.query = q});
        CHECK(o.query);
        CHECK_FALSE(o.limit);
    }
}

TEST_CASE("impossible, malformed and reversed dates are QueryErrors at the date") {
    dateline::Searcher s{fixture_index()};
    struct Row {
        std::string query;
        std::size_t position;
    };
    for (const Row& row : std::vector<Row>{
             {"putin date:2025-02-30", 11},
             {"putin date:2020-13-45..1999-01-01", 11},
             {"putin date:2025-07-04..2025-07-01", 11},
             {"date:abc..def", 5},
             {"date:..", 5},
             {"date:99999999999", 5},
             {"date:0000-01-01", 5},
         }) {
        CAPTURE(row.query);
        const auto o = attempt(s, {.query = row.query});
        CHECK(o.query);
        CHECK_FALSE(o.limit);
        CHECK(o.position == row.position);
    }
    const auto reversed = attempt(s, {.query = "putin", .from = "2025-07", .to = "2025-06"});
    CHECK(reversed.query);
    CHECK(reversed.message == "the 'from' date is after the 'to' date");
    CHECK(attempt(s, {.query = "putin", .from = "2025-13"}).query);
}

TEST_CASE("unknown and mis-cased field prefixes are reported, not read as phrases") {
    dateline::Searcher s{fixture_index()};
    for (const std::string q : {"foo:bar", "putin Title:call", "putin xyzzy:\"a b\""}) {
        CAPTURE(q);
        const auto o = attempt(s, {.query = q});
        CHECK(o.query);
        CHECK(o.message.rfind("unknown field", 0) == 0);
    }
    CHECK(attempt(s, {.query = "foo:bar"}).position == 0);
    // After punctuation Xapian starts a new term, field included (found by fuzz_query:
    // these used to be silent phrases, and a bad date threw through Xapian's parser).
    CHECK(attempt(s, {.query = "*foo:bar"}).message.rfind("unknown field 'foo:'", 0) == 0);
    CHECK(attempt(s, {.query = "putin !foo:bar"}).position == 7);
    const auto starred_date = attempt(s, {.query = "*date:2025-07-01..2025-07\xff-31"});
    CHECK(starred_date.query);
    CHECK(starred_date.position == 18);  // the second bound
    CHECK(attempt(s, {.query = "putin ..date:2025-02-30"}).position == 13);
    CHECK(attempt(s, {.query = "putin a*date:2025-02-30"}).query);
    CHECK(attempt(s, {.query = "putin Title:call"}).position == 6);
    // URLs are not fields.
    CHECK(attempt(s, {.query = "https://example.org"}).ok);
}

TEST_CASE("NUL bytes, invalid UTF-8, RTL/ZWJ and a 300-byte token: no crash, valid UTF-8 out") {
    dateline::Searcher s{fixture_index()};
    const std::vector<std::string> queries = {
        std::string("put\0in", 6),
        std::string("\0", 1),
        "putin \xff\xfe trump",
        "caf\xe9",
        "\xc0\xaf putin",                       // overlong '/'
        "putin \xed\xa0\x80",                   // encoded surrogate
        "putin \xe2\x82",                       // truncated at the end
        "\u202eniTuP\u202c \u200dputin\u200d",  // RTL override, ZWJ
        std::string(300, 'x'),
        "putin " + std::string(300, 'x') + "*",
        "title:" + std::string(300, 'y'),
        "\"putin " + std::string(300, 'z') + "\"",
    };
    for (const auto& q : queries) {
        CAPTURE(q.size());
        try {
            const auto r = s.search({.query = q, .snippet_bytes = 120});
            check_all_valid_utf8(r);
        } catch (const QueryError& e) {
            CHECK(valid_utf8(e.what()));
        }
    }
    // A NUL separates words, as it does at index time.
    CHECK(s.search({.query = std::string("trump\0putin", 11)}).total_estimated ==
          s.search({.query = "trump putin"}).total_estimated);
}

TEST_CASE("index-search: hostile queries exit 2 with one line naming the limit") {
    const auto& index = fixture_index();
    const auto search = [&](const std::string& query) {
        return dateline::test::run(
            {dateline::test::index_search_exe().string(), "--index", index.string(), query});
    };
    struct Row {
        std::string query;
        std::string err;
    };
    for (const Row& row : std::vector<Row>{
             {nested_or(5000),
              "index-search: query error at position 4096: query is too long "
              "(35001 bytes, max 4096)\n"},
             {words(16000).substr(0, 100000),
              "index-search: query error at position 4096: query is too long (100000 bytes, "
              "max 4096)\n"},
             {nested(33),
              "index-search: query error at position 32: query nested too deeply "
              "(max 32 levels)\n"},
             {repeat("putin ", 257),
              "index-search: query error at position 1536: query has too many words (max 256)\n"},
             {"zq*",
              "index-search: query error at position 0: pattern 'zq*' matches more than "
              "1000 terms; make it longer\n"},
             {"   ", "index-search: query error at position 0: empty query\n"},
             {"putin date:2025-07-04..2025-07-01", ""},
             {"foo:bar", ""},
             {"\xff\xfe", ""},
         }) {
        CAPTURE(row.query.substr(0, 60));
        const auto r = search(row.query);
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        if (!row.err.empty()) {
            CHECK(r.err == row.err);
        } else {
            CHECK(r.err.rfind("index-search: query error at position ", 0) == 0);
            CHECK(r.err.find('\n') == r.err.size() - 1);
        }
    }
    const auto limit = dateline::test::run({dateline::test::index_search_exe().string(), "--index",
                                            index.string(), "--limit", "1001", "putin"});
    CHECK(limit.exit_code == 2);
    CHECK(limit.err.find("--limit must be at most 1000") != std::string::npos);
    // Invalid UTF-8 that still has words: a normal search, valid UTF-8 JSON out.
    const auto odd = dateline::test::run({dateline::test::index_search_exe().string(), "--index",
                                          index.string(), "--json", "putin \xff caf\xe9"});
    CHECK(odd.exit_code <= 1);
    CHECK(valid_utf8(odd.out));
}

TEST_CASE("request date bounds with invalid UTF-8: the error message is valid UTF-8") {
    // Found by fuzz_query: the message quoted the raw bound.
    dateline::Searcher s{fixture_index()};
    const auto o = attempt(s, {.query = "putin", .from = "\x01\xe6"});
    CHECK(o.query);
    CHECK(valid_utf8(o.message));
}
