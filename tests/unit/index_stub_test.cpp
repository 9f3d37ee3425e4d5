// The XAPIANDB stub (schema/internal/dateline/index_stub.hpp): a table of stub texts and
// what they list, the lines it refuses, with the line named, what index-build writes, and
// generation names.
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <dateline/errors.hpp>
#include <dateline/index_stub.hpp>

namespace {

namespace stub = dateline::schema::stub;
using dateline::IndexOpenError;
using stub::generation_from_path;
using ShardLocation = stub::Location;

stub::Contents parse_stub(std::string_view text, const std::string& name) {
    return stub::parse(text, name);
}

// "L:path" for a local shard, "R:host|port" for a remote one.
std::vector<std::string> listed(const stub::Contents& stub) {
    std::vector<std::string> out;
    for (const auto& s : stub.shards) {
        out.push_back(s.kind == ShardLocation::Kind::kLocal
                          ? "L:" + s.path
                          : "R:" + s.host + "|" + std::to_string(s.port));
    }
    return out;
}

TEST_CASE("stub texts and what they list") {
    struct Row {
        const char* text;
        const char* terms;  // nullptr: none
        std::vector<std::string> shards;
    };
    const std::vector<Row> table{
        // What index-build writes, unsharded and sharded.
        {"auto gen-000007\n", nullptr, {"L:gen-000007"}},
        {"#dateline-terms gen-000007/terms\nauto gen-000007/shard-0\nauto gen-000007/shard-1\n",
         "gen-000007/terms",
         {"L:gen-000007/shard-0", "L:gen-000007/shard-1"}},
        // Hand-written: remote shards, glass lines, blank lines, comments, CRLF, no newline.
        {"#dateline-terms /srv/terms\n\n# a comment\nglass /srv/a\r\nremote 10.0.0.2:7001\n"
         "remote search-3.example:7002",
         "/srv/terms",
         {"L:/srv/a", "R:10.0.0.2|7001", "R:search-3.example|7002"}},
        {"remote [::1]:7001\n", nullptr, {"R:::1|7001"}},
        {"  auto   gen-000001  \n", nullptr, {"L:gen-000001"}},
        // A comment that merely starts like the directive is a comment.
        {"#dateline-termsX foo\nauto a\n", nullptr, {"L:a"}},
    };
    for (const auto& row : table) {
        const std::string text = row.text;
        CAPTURE(text);
        const auto stub = parse_stub(row.text, "XAPIANDB");
        CHECK(listed(stub) == row.shards);
        CHECK(stub.terms.has_value() == (row.terms != nullptr));
        if (row.terms != nullptr && stub.terms) CHECK(*stub.terms == row.terms);
    }
}

TEST_CASE("stub lines the searcher refuses, named with their line number") {
    struct Row {
        const char* text;
        const char* message_part;
    };
    const std::vector<Row> table{
        {"", "no database listed"},
        {"# only a comment\n", "no database listed"},
        {"#dateline-terms t\n", "no database listed"},
        {"auto\n", "line 1"},
        {"auto a\nchert old\n", "line 2"},
        {"inmemory\n", "auto`, `glass` and `remote"},
        {"remote :xapian-progsrv /db\n", "xapian-tcpsrv"},
        {"remote host\n", "HOST:PORT"},
        {"remote host:0\n", "1 to 65535"},
        {"remote host:70000\n", "1 to 65535"},
        {"remote host:12x\n", "1 to 65535"},
        {"#dateline-terms a\n#dateline-terms b\nauto c\n", "second terms database"},
        {"#dateline-terms \nauto c\n", "no path"},
    };
    for (const auto& row : table) {
        const std::string text = row.text;
        CAPTURE(text);
        try {
            static_cast<void>(parse_stub(row.text, "/idx/XAPIANDB"));
            FAIL("accepted");
        } catch (const IndexOpenError& e) {
            CHECK(std::string(e.what()).find(row.message_part) != std::string::npos);
            CHECK(std::string(e.what()).find("/idx/XAPIANDB") != std::string::npos);
        }
    }
}

TEST_CASE("shard labels and generations read from paths") {
    ShardLocation remote;
    remote.kind = ShardLocation::Kind::kRemote;
    remote.host = "10.0.0.2";
    remote.port = 7001;
    CHECK(remote.label() == "10.0.0.2:7001");
    remote.host = "::1";
    CHECK(remote.label() == "[::1]:7001");
    ShardLocation local;
    local.path = "gen-000007/shard-1";
    CHECK(local.label() == "gen-000007/shard-1");

    CHECK(generation_from_path("gen-000007") == 7);
    CHECK(generation_from_path("gen-000007/shard-1") == 7);
    CHECK(generation_from_path("/srv/index/gen-000012/terms") == 12);
    CHECK(generation_from_path("/srv/shard-3") == 0);
    CHECK(generation_from_path("gen-x") == 0);
    CHECK(generation_from_path("gen-7") == 0);  // not a name index-build writes
}

TEST_CASE("generation names: gen- and at least six digits") {
    CHECK(stub::generation_name(7) == "gen-000007");
    CHECK(stub::generation_name(1234567) == "gen-1234567");
    CHECK(stub::parse_generation_name("gen-000007") == 7u);
    CHECK(stub::parse_generation_name("gen-1234567") == 1234567u);
    CHECK_FALSE(stub::parse_generation_name("gen-7"));
    CHECK_FALSE(stub::parse_generation_name("gen-00000x"));
    CHECK_FALSE(stub::parse_generation_name("tmp-000001"));
}

TEST_CASE("the stub index-build publishes, written and read back") {
    CHECK(stub::format(stub::of_generation(7, 1)) == "auto gen-000007\n");
    CHECK(stub::format(stub::of_generation(7, 2)) ==
          "#dateline-terms gen-000007/terms\nauto gen-000007/shard-0\nauto gen-000007/shard-1\n");
    // What the tests write by hand: absolute local paths and remote shards.
    stub::Contents hand;
    hand.terms = "/srv/terms";
    hand.shards = {stub::Location::local("/srv/a"), stub::Location::remote("10.0.0.2", 7001),
                   stub::Location::remote("::1", 7002)};
    const std::string text = stub::format(hand);
    CHECK(text ==
          "#dateline-terms /srv/terms\nauto /srv/a\nremote 10.0.0.2:7001\n"
          "remote [::1]:7002\n");
    CHECK(listed(stub::parse(text, "XAPIANDB")) ==
          std::vector<std::string>{"L:/srv/a", "R:10.0.0.2|7001", "R:::1|7002"});
    CHECK(stub::parse(text, "XAPIANDB").terms == "/srv/terms");
}

}  // namespace
