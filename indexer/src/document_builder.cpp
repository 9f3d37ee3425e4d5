#include "document_builder.hpp"

#include <dateline/calendar_date.hpp>
#include <dateline/display_fields.hpp>
#include <dateline/host_names.hpp>
#include <dateline/normalize.hpp>
#include <dateline/schema.hpp>
#include <dateline/term_rules.hpp>

#include "public_suffix.hpp"
#include "source_aliases.hpp"
#include "stem_cache.hpp"
#include "url_hosts.hpp"

namespace dateline::detail {

DocumentBuilder::DocumentBuilder() {
    schema::term_rules::configure(m_generator, make_caching_stem(schema::term_rules::stemmer()));
    // No FLAG_SPELLING: spellings_of() derives the same data without a database.
    schema::term_rules::configure_unstemmed(m_counter);
}

void add_spellings(Xapian::WritableDatabase& db, const SpellingCounts& spellings) {
    for (const auto& [word, count] : spellings) db.add_spelling(word, count);
}

// With FLAG_SPELLING, TermGenerator calls add_spelling(word) once for every word it emits
// while indexing without a prefix (Xapian 1.4 termgenerator_internal.cc), i.e. here for
// the unprefixed title and body. Each such word emitted with positions got exactly one
// position, so the count is the length of its position list; unprefixed terms are the
// ones not starting with an upper-case ASCII letter (every prefix, Z included, does).
// Words emitted without positions (CJK n-grams, when Xapian's XAPIAN_CJK_NGRAM is set)
// have none; then the words are counted by indexing title and body once more without
// positions, wdf 1 per emission.
SpellingCounts DocumentBuilder::spellings_of(const StoredDocument& doc,
                                             const Xapian::Document& xdoc) {
    SpellingCounts counts;
    bool exact = true;
    for (auto t = xdoc.termlist_begin(); t != xdoc.termlist_end(); ++t) {
        const std::string term = *t;
        if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) continue;
        const Xapian::termcount n = t.positionlist_count();
        if (n == 0) {
            exact = false;
            break;
        }
        counts.emplace_back(term, n);
    }
    if (exact) return counts;
    counts.clear();
    Xapian::Document scratch;
    m_counter.set_document(scratch);
    if (doc.title) m_counter.index_text_without_positions(term_text(*doc.title), 1);
    m_counter.index_text_without_positions(term_text(doc.text), 1);
    m_counter.set_document(Xapian::Document());
    for (auto t = scratch.termlist_begin(); t != scratch.termlist_end(); ++t) {
        counts.emplace_back(*t, t.get_wdf());
    }
    return counts;
}

void set_story(Xapian::Document& doc, const std::string& old_story, const std::string& story) {
    if (!old_story.empty()) {
        try {
            doc.remove_term(schema::make_term(schema::prefix::kStory, old_story));
        } catch (const Xapian::InvalidArgumentError&) {
            // Not there: nothing to remove.
        }
    }
    doc.add_boolean_term(schema::make_term(schema::prefix::kStory, story));
    doc.add_value(schema::slot::kStory, story);
}

namespace {

/// Whether `written` and `rebuilt` hold the same data, values and terms with their wdf,
/// apart from the story: `old_term` and slot::kStory in one, `new_term` in the other.
/// Positions are not compared (reading them is the cost avoided): the same terms from the
/// same stored text come from the same generator, so they have the same positions.
bool same_but_story(const Xapian::Document& written, const std::string& old_term,
                    const Xapian::Document& rebuilt, const std::string& new_term) {
    if (written.get_data() != rebuilt.get_data()) return false;
    auto a = written.termlist_begin();
    auto b = rebuilt.termlist_begin();
    while (true) {
        if (a != written.termlist_end() && *a == old_term) ++a;
        if (b != rebuilt.termlist_end() && *b == new_term) ++b;
        const bool a_end = a == written.termlist_end();
        const bool b_end = b == rebuilt.termlist_end();
        if (a_end || b_end) {
            if (a_end != b_end) return false;
            break;
        }
        if (*a != *b || a.get_wdf() != b.get_wdf()) return false;
        ++a;
        ++b;
    }
    auto v = written.values_begin();
    auto w = rebuilt.values_begin();
    while (true) {
        if (v != written.values_end() && v.get_valueno() == schema::slot::kStory) ++v;
        if (w != rebuilt.values_end() && w.get_valueno() == schema::slot::kStory) ++w;
        const bool v_end = v == written.values_end();
        const bool w_end = w == rebuilt.values_end();
        if (v_end || w_end) return v_end == w_end;
        if (v.get_valueno() != w.get_valueno() || *v != *w) return false;
        ++v;
        ++w;
    }
}

}  // namespace

Xapian::Document DocumentBuilder::restamped(const Xapian::Document& written,
                                            const std::string& old_story,
                                            const std::string& story) {
    namespace slot = schema::slot;
    std::optional<std::string> origin = written.get_value(slot::kOriginPath);
    if (origin->empty()) origin.reset();
    BuiltDocument rebuilt =
        build(StoredDocument::decode(written.get_data()), written.get_value(slot::kContentHash),
              origin, {story, written.get_value(slot::kStorySignature)});
    if (same_but_story(written, schema::make_term(schema::prefix::kStory, old_story),
                       rebuilt.document, schema::make_term(schema::prefix::kStory, story))) {
        return std::move(rebuilt.document);
    }
    Xapian::Document doc = written;
    set_story(doc, old_story, story);
    return doc;
}

BuiltDocument DocumentBuilder::build(const StoredDocument& doc, std::string_view content_hash,
                                     const std::optional<std::string>& origin_path,
                                     const StoryFields& story) {
    namespace prefix = schema::prefix;
    namespace slot = schema::slot;

    Xapian::Document xdoc;
    m_generator.set_document(xdoc);
    m_generator.set_termpos(0);
    schema::term_rules::index_text(m_generator, doc.title, doc.text, doc.author);

    xdoc.add_boolean_term(schema::make_term(prefix::kId, doc.id));
    const std::string source_key = schema::source_key(doc.source);
    xdoc.add_boolean_term(schema::make_term(prefix::kSource, source_key));
    if (m_aliases != nullptr) {
        if (const auto spellings = m_aliases->keys_of.find(source_key);
            spellings != m_aliases->keys_of.end()) {
            for (const auto& key : spellings->second) {
                xdoc.add_boolean_term(schema::make_term(prefix::kSource, key));
            }
        }
    }
    xdoc.add_boolean_term(
        schema::make_term(prefix::kDateSource, schema::to_string(doc.date_source)));
    // A host's parent domains down to its registrable domain are terms too, so that
    // `site:reuters.com` finds www.reuters.com and uk.reuters.com by one term lookup.
    std::vector<std::string> cited_domains;
    for (const auto& host : doc.cited_hosts) {
        std::string domain = registrable_domain(host);
        for (const auto& name : schema::host_and_parents(host, domain)) {
            xdoc.add_boolean_term(schema::make_term(prefix::kCitedHost, name));
        }
        cited_domains.push_back(std::move(domain));
    }
    if (!cited_domains.empty()) {
        xdoc.add_value(slot::kCitedDomains, schema::join_domains(std::move(cited_domains)));
    }
    if (doc.url) {
        if (auto host = url_host(*doc.url)) {
            const std::string domain = registrable_domain(*host);
            for (const auto& name : schema::host_and_parents(*host, domain)) {
                xdoc.add_boolean_term(schema::make_term(prefix::kUrlHost, name));
            }
            xdoc.add_value(slot::kSite, domain);
        }
    }
    if (doc.author && !doc.author->empty()) xdoc.add_value(slot::kAuthor, *doc.author);

    if (doc.date) {
        if (const auto date = parse_iso_date(*doc.date)) {
            const std::string compact = date->compact();
            xdoc.add_boolean_term(schema::make_term(prefix::kDay, compact));
            xdoc.add_boolean_term(schema::make_term(prefix::kMonth, compact.substr(0, 6)));
            xdoc.add_boolean_term(schema::make_term(prefix::kYear, compact.substr(0, 4)));
            xdoc.add_value(slot::kDate, compact);
            xdoc.add_value(slot::kDayNumber, Xapian::sortable_serialise(
                                                 static_cast<double>(date->days_since_epoch())));
        }
    }
    xdoc.add_value(slot::kSource, doc.source);
    xdoc.add_value(slot::kContentHash, std::string(content_hash));
    xdoc.add_value(slot::kId, doc.id);
    if (origin_path) xdoc.add_value(slot::kOriginPath, *origin_path);
    if (!story.id.empty()) {
        set_story(xdoc, {}, story.id);
        xdoc.add_value(slot::kStorySignature, story.signature);
    }

    // The display fields are taken from the stored data as the searcher would decode it
    // (the JSON header replaces invalid UTF-8, e.g. in a file name), so that a hit read from
    // the slot is byte for byte the hit read from the data.
    std::string data = doc.encode();
    xdoc.add_value(slot::kDisplay, DisplayFields::of(StoredDocument::decode(data)).encode());
    xdoc.set_data(data);  // Xapian copies: set_data takes a const reference
    // The generator keeps a handle on the document it indexed into; drop it, so that the
    // caller's is the only one (Xapian's reference counts are not atomic, and the document
    // may be handed to the writer thread).
    m_generator.set_document(Xapian::Document());
    SpellingCounts spellings = spellings_of(doc, xdoc);
    return {std::move(xdoc), std::move(spellings)};
}

}  // namespace dateline::detail
