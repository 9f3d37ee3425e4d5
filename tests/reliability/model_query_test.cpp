// Model-based query test (reliability matrix FZ-4): a seeded PRNG generates a ~50-document
// corpus over a small vocabulary and random boolean/phrase query trees; each tree is
// rendered to query text and searched through the public API (the real indexer builds
// the index), and the matching set must equal what a brute-force oracle computes on the
// token sequences. The vocabulary is checked to be stemming-invariant (each word is its
// own unique stem), so the oracle stays simple and exact.
//
// Replay or beast: DATELINE_TEST_SEED=<seed> DATELINE_TEST_ITERS=<n> ./model_query_test
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <xapian.h>

#include <dateline/indexer.hpp>
#include <dateline/searcher.hpp>
#include <dateline/term_rules.hpp>

#include "test_support.hpp"

namespace {

const std::vector<std::string> kVocabulary = {"apple", "river", "stone", "cloud", "tiger",
                                              "lemon", "piano", "robot", "maple", "zebra"};

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') return fallback;
    return std::strtoull(v, nullptr, 10);
}

using Doc = std::vector<std::string>;  // the token sequence

struct Node {
    enum class Kind { kWord, kPhrase, kAnd, kOr, kAndNot } kind = Kind::kWord;
    std::vector<std::string> words;  // kWord (one), kPhrase (two or three)
    std::unique_ptr<Node> left, right;
};

class Generator {
  public:
    explicit Generator(std::uint64_t seed) : m_rng(seed) {}

    std::string word() { return kVocabulary[pick(kVocabulary.size())]; }

    std::vector<Doc> corpus(std::size_t n) {
        std::vector<Doc> docs(n);
        for (auto& d : docs) {
            const std::size_t len = 3 + pick(12);
            for (std::size_t i = 0; i < len; ++i) d.push_back(word());
        }
        return docs;
    }

    std::unique_ptr<Node> tree(int depth) {
        auto node = std::make_unique<Node>();
        const auto roll = pick(depth <= 0 ? 2 : 5);
        if (roll == 0) {
            node->kind = Node::Kind::kWord;
            node->words = {word()};
        } else if (roll == 1) {
            node->kind = Node::Kind::kPhrase;
            const std::size_t len = 2 + pick(2);
            for (std::size_t i = 0; i < len; ++i) node->words.push_back(word());
        } else {
            node->kind =
                roll == 2 ? Node::Kind::kAnd : (roll == 3 ? Node::Kind::kOr : Node::Kind::kAndNot);
            node->left = tree(depth - 1);
            node->right = tree(depth - 1);
        }
        return node;
    }

  private:
    std::size_t pick(std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(m_rng);
    }
    std::mt19937_64 m_rng;
};

std::string render(const Node& n) {
    switch (n.kind) {
        case Node::Kind::kWord:
            return n.words[0];
        case Node::Kind::kPhrase: {
            std::string s = "\"";
            for (std::size_t i = 0; i < n.words.size(); ++i) s += (i ? " " : "") + n.words[i];
            return s + "\"";
        }
        case Node::Kind::kAnd:
            return "(" + render(*n.left) + ") AND (" + render(*n.right) + ")";
        case Node::Kind::kOr:
            return "(" + render(*n.left) + ") OR (" + render(*n.right) + ")";
        case Node::Kind::kAndNot:
            return "(" + render(*n.left) + ") AND NOT (" + render(*n.right) + ")";
    }
    return {};
}

bool has_sequence(const Doc& d, const std::vector<std::string>& words) {
    if (words.size() > d.size()) return false;
    for (std::size_t i = 0; i + words.size() <= d.size(); ++i) {
        bool all = true;
        for (std::size_t j = 0; j < words.size() && all; ++j) all = d[i + j] == words[j];
        if (all) return true;
    }
    return false;
}

bool oracle(const Node& n, const Doc& d) {
    switch (n.kind) {
        case Node::Kind::kWord:
        case Node::Kind::kPhrase:
            return has_sequence(d, n.words);
        case Node::Kind::kAnd:
            return oracle(*n.left, d) && oracle(*n.right, d);
        case Node::Kind::kOr:
            return oracle(*n.left, d) || oracle(*n.right, d);
        case Node::Kind::kAndNot:
            return oracle(*n.left, d) && !oracle(*n.right, d);
    }
    return false;
}

std::string doc_name(std::size_t i) { return "doc" + std::to_string(100 + i) + ".txt"; }

std::string doc_text(const Doc& d) {
    std::string text;
    for (const auto& w : d) text += (text.empty() ? "" : " ") + w;
    return text + ".\n";  // one line ending in '.': never taken for a title
}

}  // namespace

TEST_CASE("random boolean and phrase queries match a brute-force oracle") {
    // The oracle compares words, so each word must be its own stem and no two may share one.
    {
        const Xapian::Stem stem = dateline::schema::term_rules::stemmer();
        std::set<std::string> stems;
        for (const auto& w : kVocabulary) {
            REQUIRE(stem(w).size() > 0);
            REQUIRE(stems.insert(stem(w)).second);
        }
    }
    const std::uint64_t seed = env_number("DATELINE_TEST_SEED", std::random_device{}());
    const std::uint64_t iterations = env_number("DATELINE_TEST_ITERS", 2000);
    MESSAGE("model_query_test seed: " << seed << " (replay: DATELINE_TEST_SEED=" << seed << ")");

    Generator gen(seed);
    const auto docs = gen.corpus(50);
    dateline::test::TempDir dir;
    for (std::size_t i = 0; i < docs.size(); ++i) {
        dir.write("data/" + doc_name(i), doc_text(docs[i]));
    }
    const auto report =
        dateline::build_index({.index_dir = dir.path() / "index", .inputs = {dir.path() / "data"}});
    REQUIRE(report.indexed == docs.size());
    dateline::Searcher searcher{dir.path() / "index"};

    std::size_t nonempty = 0;
    for (std::uint64_t iter = 0; iter < iterations; ++iter) {
        const auto tree = gen.tree(3);
        const std::string query = render(*tree);
        std::set<std::string> expected;
        for (std::size_t i = 0; i < docs.size(); ++i) {
            if (oracle(*tree, docs[i])) expected.insert(doc_name(i));
        }
        std::set<std::string> actual;
        try {
            const auto results = searcher.search(
                // Every matching report: the oracle knows documents, not stories.
                {.query = query,
                 .limit = 1000,
                 .facets = false,
                 .snippet_bytes = 0,
                 .collapse = false});
            for (const auto& hit : results.hits) actual.insert(hit.id);
            CHECK(results.hits.size() == actual.size());  // no duplicates
        } catch (const dateline::Error& e) {
            FAIL_CHECK("seed " << seed << " iteration " << iter << ": '" << query
                               << "' threw: " << e.what());
            continue;
        }
        if (!expected.empty()) ++nonempty;
        if (actual != expected) {
            FAIL_CHECK("seed " << seed << " iteration " << iter << ": '" << query << "' matched "
                               << actual.size() << " documents, the oracle " << expected.size());
            break;  // the first difference is the one to look at
        }
    }
    // A generator that only ever produces empty answers would prove nothing.
    CHECK(nonempty * 4 >= iterations);
}
