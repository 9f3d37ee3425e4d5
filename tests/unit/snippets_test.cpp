// The query-biased snippet generator (searcher/src/snippets.*): what it highlights, where
// it cuts, and that it stays linear. Documents are indexed in memory and queries parsed
// under the schema's term rules, as index-build and the searcher do, so the matches agree.
#include "snippets.hpp"

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>
#include <xapian.h>

#include <dateline/normalize.hpp>
#include <dateline/schema.hpp>
#include <dateline/term_rules.hpp>

#include "query_builder.hpp"

namespace {

namespace term_rules = dateline::schema::term_rules;

using dateline::detail::Snippet;
using dateline::detail::SnippetGenerator;

// The query's unprefixed wildcards as the query builder lists them (BuiltQuery::
// wildcard_patterns), for this parser's settings: no expansion limit.
std::vector<dateline::detail::WildcardPattern> wildcard_patterns(std::string_view query) {
    std::vector<dateline::detail::WildcardPattern> out;
    std::size_t start = 0;
    while (start < query.size()) {
        auto end = query.find(' ', start);
        if (end == std::string_view::npos) end = query.size();
        const auto word = query.substr(start, end - start);
        if (word.size() > 1 && word.back() == '*' && word.find(':') == std::string_view::npos) {
            std::string pattern;
            for (const char c : word.substr(0, word.size() - 1)) {
                pattern += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            }
            const Xapian::Query leaf(Xapian::Query::OP_WILDCARD, pattern, 0,
                                     Xapian::Query::WILDCARD_LIMIT_ERROR,
                                     Xapian::Query::OP_SYNONYM);
            out.push_back({pattern, leaf.serialise()});
        }
        start = end + 1;
    }
    return out;
}

class Corpus {
  public:
    Corpus() : m_db(std::string(), Xapian::DB_BACKEND_INMEMORY) {
        term_rules::configure(m_tg, term_rules::stemmer());
    }

    /// Adds a document; returns its normalized body, the text snippets are cut from.
    std::string add(std::string_view body, std::string_view title = {}) {
        std::string text = dateline::normalize_text(body);
        Xapian::Document doc;
        m_tg.set_document(doc);
        const std::optional<std::string> t =
            title.empty() ? std::nullopt : std::optional(dateline::normalize_text(title));
        term_rules::index_text(m_tg, t, text, std::nullopt);
        m_db.add_document(doc);
        m_bodies.push_back(text);
        return text;
    }

    /// The snippet of document `index` (0-based, in the order added) for `query`.
    Snippet snippet(std::string_view query, std::size_t index = 0, std::size_t bytes = 240) {
        return snippet_of(query, m_bodies.at(index), bytes);
    }

    /// The snippet of any `text` for `query`, weighed by this corpus's statistics.
    Snippet snippet_of(std::string_view query, std::string_view text, std::size_t bytes = 240) {
        Xapian::QueryParser qp;
        qp.set_database(m_db);
        term_rules::configure(qp);
        const auto q =
            qp.parse_query(term_rules::query_text(dateline::normalize_text(query)),
                           Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                               Xapian::QueryParser::FLAG_PURE_NOT);
        Xapian::Enquire enquire(m_db);
        enquire.set_query(q);
        const auto mset = enquire.get_mset(0, 10);
        SnippetGenerator generator(q, mset, wildcard_patterns(query));
        return generator.make(text, bytes);
    }

  private:
    Xapian::WritableDatabase m_db;
    Xapian::TermGenerator m_tg;
    std::vector<std::string> m_bodies;
};

std::vector<std::string> highlighted(const Snippet& s) {
    std::vector<std::string> out;
    for (const auto& h : s.highlights) {
        REQUIRE(h.offset + h.length <= s.text.size());
        out.push_back(s.text.substr(h.offset, h.length));
    }
    return out;
}

// The snippet with [[ ]] around highlights, for readable expectations.
std::string marked(const Snippet& s) {
    std::string out;
    std::size_t at = 0;
    for (const auto& h : s.highlights) {
        out += s.text.substr(at, h.offset - at) + "[[" + s.text.substr(h.offset, h.length) + "]]";
        at = h.offset + h.length;
    }
    return out + s.text.substr(at);
}

std::string_view without_ellipses(std::string_view s) {
    constexpr std::string_view kOmit = "\u2026";
    if (s.substr(0, kOmit.size()) == kOmit) s.remove_prefix(kOmit.size());
    if (s.size() >= kOmit.size() && s.substr(s.size() - kOmit.size()) == kOmit) {
        s.remove_suffix(kOmit.size());
    }
    return s;
}

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const std::size_t len = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
        if (len == 0 || i + len > s.size()) return false;
        for (std::size_t k = 1; k < len; ++k) {
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        }
        i += len;
    }
    return true;
}

bool starts_utf8_char(std::string_view s, std::size_t at) {
    return at == s.size() || (static_cast<unsigned char>(s[at]) & 0xC0) != 0x80;
}

const std::string kFiller =
    "Officials met again on Tuesday in the capital. Several delegations arrived late, and "
    "the agenda was changed twice before noon. Observers said little of substance was "
    "expected from the first day. ";

}  // namespace

TEST_CASE("a phrase is highlighted as a whole, and its words alone are not") {
    Corpus c;
    c.add(kFiller + "The root of the problem is old. " + kFiller +
          "He named the conflict's \"root causes\" again, and Root Causes was the headline.");
    const auto s = c.snippet("\"root causes\"");
    CHECK(highlighted(s) == std::vector<std::string>{"root causes", "Root Causes"});
    CHECK(s.text.find("root of the problem") == std::string::npos);  // the window is the phrase's
}

TEST_CASE("only tight phrases highlight as a whole, ADJ's wider window highlights words") {
    // The window of an OP_PHRASE has no accessor in Xapian 1.4: snippet_query_terms()
    // tells a tight phrase (window = its terms) from QueryParser's ADJ by rebuilding it.
    Corpus c;
    c.add("The root of the problem. Root causes matter.");
    CHECK(highlighted(c.snippet("root ADJ/3 causes")) ==
          std::vector<std::string>{"root", "Root causes"});
    CHECK(highlighted(c.snippet("\"root causes\"")) == std::vector<std::string>{"Root causes"});
    // ADJ/1 between two words is as tight as quotes.
    CHECK(highlighted(c.snippet("root ADJ/1 causes")) == std::vector<std::string>{"Root causes"});
}

TEST_CASE("wildcards: recognised in the query's structure, excluded ones never highlight") {
    Corpus c;
    c.add("Ukraine and Russia talked. Ukrainian and Russian officials agreed.");
    CHECK(highlighted(c.snippet("ukrain* OR russ*")) ==
          std::vector<std::string>{"Ukraine", "Russia", "Ukrainian", "Russian"});
    // Under AND NOT (here in a pure NOT next to OR), a pattern is not what the hit matched.
    CHECK(highlighted(c.snippet("ukrain* OR NOT russ*")) ==
          std::vector<std::string>{"Ukraine", "Ukrainian"});
    // A wildcard the query builder did not list is not guessed at.
    Xapian::QueryParser qp;
    const auto q = qp.parse_query("ukrain*", Xapian::QueryParser::FLAG_WILDCARD);
    SnippetGenerator generator(q, Xapian::MSet());
    CHECK(generator.make("Ukraine agreed.", 240).highlights.empty());
}

TEST_CASE("stemmed query words highlight the forms the index stems alike") {
    Corpus c;
    c.add("Talks resumed. They talk daily; talking helps, he talked. A tall man watched.");
    // Lower-case "talks" is searched as its stem (STEM_SOME), like the index's Z terms.
    CHECK(highlighted(c.snippet("talks")) ==
          std::vector<std::string>{"Talks", "talk", "talking", "talked"});
    // A capitalized query word is stemmed too (issue 13): the index stems every word.
    CHECK(highlighted(c.snippet("Talks")) ==
          std::vector<std::string>{"Talks", "talk", "talking", "talked"});
}

TEST_CASE("a phrase typed with curly quotes highlights the phrase in curly-quoted text") {
    Corpus c;
    const auto body = c.add(kFiller + "Moscow again cited the \u201croot causes\u201d of the war.");
    const auto s = c.snippet("\u201croot causes\u201d");
    CHECK(highlighted(s) == std::vector<std::string>{"root causes"});
    // The text is the normalized body: straight quotes, the opening one kept with its word.
    CHECK(s.text.find("\"root causes\"") != std::string::npos);
    CHECK(body.find("\u201c") == std::string::npos);
}

TEST_CASE("a document matching only in its title gets the opening of its body") {
    Corpus c;
    const auto body = c.add(kFiller + kFiller, "Ceasefire announced");
    const auto s = c.snippet("ceasefire");
    CHECK(s.highlights.empty());
    CHECK(s.text.rfind("Officials met again on Tuesday", 0) == 0);  // no leading ellipsis
    CHECK(s.text.size() < body.size());
    CHECK(s.text.substr(s.text.size() - 3) == "\u2026");
}

TEST_CASE("non-ASCII text: highlights and cuts fall on UTF-8 boundaries") {
    Corpus c;
    std::string filler;
    for (int i = 0; i < 12; ++i)
        filler += "Переговоры продолжились в столице, сообщили наблюдатели. ";
    c.add(filler + "Президент Зеленский встретился с Макроном в Киеве. " + filler);
    const auto s = c.snippet("зеленский");
    CHECK(valid_utf8(s.text));
    REQUIRE(highlighted(s) == std::vector<std::string>{"Зеленский"});
    CHECK(starts_utf8_char(s.text, s.highlights[0].offset));
    CHECK(without_ellipses(s.text).size() <= 240);

    // Cut inside multi-byte text with no match: still whole characters and words.
    Corpus accents;
    std::string body;
    for (int i = 0; i < 60; ++i) body += "é\u00e0\u00fc\u00f1 caf\u00e9 ";
    accents.add(body, "entrée");
    for (std::size_t bytes : {7U, 31U, 100U, 241U}) {
        const auto t = accents.snippet("entrée", 0, bytes);
        CHECK(valid_utf8(t.text));
        CHECK(without_ellipses(t.text).size() <= bytes);
    }
}

TEST_CASE("snippets stay within the length and cut between words") {
    Corpus c;
    const auto body =
        c.add(kFiller + kFiller + "Negotiators reported progress on a truce. " + kFiller + kFiller);
    for (std::size_t bytes : {40U, 120U, 240U}) {
        const auto s = c.snippet("truce", 0, bytes);
        const auto inner = without_ellipses(s.text);
        CHECK(inner.size() <= bytes);
        REQUIRE(highlighted(s) == std::vector<std::string>{"truce"});
        const auto at = body.find(inner);
        REQUIRE(at != std::string::npos);
        const auto is_letter = [](char ch) {
            return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
        };
        CHECK((at == 0 || !is_letter(body[at - 1])));
        CHECK((at + inner.size() == body.size() || !is_letter(body[at + inner.size()])));
    }
}

TEST_CASE("the window with more different query terms wins over repetition") {
    Corpus c;
    c.add("Putin spoke. Putin again. Putin once more. Putin repeated it. " + kFiller + kFiller +
          "Later Putin called Trump about the war.");
    CHECK(marked(c.snippet("putin trump")).find("[[Putin]] called [[Trump]]") != std::string::npos);
}

TEST_CASE("adjacent query words read as one highlight, wildcards and acronyms match") {
    Corpus c;
    c.add("Trump Putin talks. The U.S. said Ukraine and Ukrainian officials agreed.");
    CHECK(highlighted(c.snippet("trump putin")) == std::vector<std::string>{"Trump Putin"});
    CHECK(highlighted(c.snippet("ukrain*")) == std::vector<std::string>{"Ukraine", "Ukrainian"});
    CHECK(highlighted(c.snippet("U.S.")) == std::vector<std::string>{"U.S."});
}

TEST_CASE("very long bodies: one linear pass, bounded output") {
    // 2 MB where every word matches and the phrase occurs 100,000 times: any scan that
    // revisits the text per candidate window would not finish within the test timeout.
    // (Only the weights come from the index, so a short document stands for it there.)
    Corpus c;
    c.add("The root causes of the war.");
    std::string body;
    body.reserve(2'200'000);
    for (int i = 0; i < 100'000; ++i) body += "root causes of war, ";
    const auto s = c.snippet_of("\"root causes\" war", body);
    CHECK(without_ellipses(s.text).size() <= 240);
    const auto words = highlighted(s);
    CHECK(std::set<std::string>(words.begin(), words.end()) ==
          std::set<std::string>{"root causes", "war"});
}

TEST_CASE("words split alike whether or not the query has a phrase") {
    // Without a phrase only the places where a match can start are split into words;
    // with one, every word is (positions matter). Both must see the indexer's words.
    Corpus c;
    c.add(
        "O'Brien's deal with AT&T: the U.S.-led plan in C++ for fish+chips, at 3.14 per "
        "cent, by e-mail to na\u00efve caf\u00e9 users; Zelensky\u2014Putin talks.");
    const std::string words =
        "o'brien's OR at&t OR c++ OR chips OR U.S. OR 3.14 OR mail OR caf\u00e9 OR putin";
    const auto loose = highlighted(c.snippet(words));
    CHECK(loose == std::vector<std::string>{"O'Brien's", "AT&T", "U.S.", "C++", "chips", "3.14",
                                            "mail", "caf\u00e9", "Putin"});
    CHECK(highlighted(c.snippet(words + " OR \"zzz yyy\"")) == loose);
}
