// The XAPIANDB stub as the searcher reads it: a table of stub texts and what they list,
// and the lines it refuses, with the line named.
#include "stub_file.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <dateline/errors.hpp>

#include "shard_set.hpp"

namespace {

using dateline::IndexOpenError;
using dateline::detail::generation_from_path;
using dateline::detail::parse_stub;
using dateline::detail::ShardLocation;

// "L:path" for a local shard, "R:host|port" for a remote one.
std::vector<std::string> listed(const dateline::detail::StubContents& stub) {
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
}

}  // namespace
