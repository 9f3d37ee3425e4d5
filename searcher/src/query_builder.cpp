#include "query_builder.hpp"

#include <algorithm>
#include <set>

#include <dateline/errors.hpp>
#include <dateline/normalize.hpp>
#include <dateline/schema.hpp>
#include <dateline/term_rules.hpp>

#include "date_filter.hpp"
#include "query_feedback.hpp"
#include "query_near.hpp"
#include "query_scan.hpp"
#include "query_synonyms.hpp"
#include "spelling.hpp"

namespace dateline::detail {
namespace {

constexpr unsigned kFlags =
    Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_PHRASE |
    Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
    Xapian::QueryParser::FLAG_PURE_NOT | Xapian::QueryParser::FLAG_AUTO_SYNONYMS |
    Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS;

// What QueryParser::parse_query keeps when it silently retries a failed parse
// (queryparser.cc, 1.4.22): none of our flags, so the retry equals a flag-less parse.
constexpr unsigned kRetryFlags = 0;

constexpr std::size_t kShownExpansions = 10;

// Boolean fields map a typed value to one filter term, normalized like the indexer's.
class BooleanField : public Xapian::FieldProcessor {
  public:
    explicit BooleanField(std::string_view prefix) : m_prefix(prefix) {}
    Xapian::Query operator()(const std::string& value) override {
        return Xapian::Query(schema::make_term(m_prefix, schema::filter_key(m_prefix, value)));
    }

  private:
    std::string m_prefix;
};

// The first error a field processor met. An exception must never leave a
// FieldProcessor: Xapian 1.4.22's parser then leaks its state (found by fuzz_query), so
// the error is parked here and thrown once parse_query has returned.
struct FieldErrors {
    std::optional<QueryError> first;
    std::string value;  ///< the field value it came from, to locate it in the query

    void rethrow(std::string_view text) const {
        if (!first) return;
        const auto at = text.find(value);
        throw QueryError(first->what(), at == std::string_view::npos ? 0 : at + first->position());
    }
};

// Dates are validated (with positions) before parsing, but Xapian may see a `date:`
// field where the scan did not (its term boundaries differ in corner cases).
class DateField : public Xapian::FieldProcessor {
  public:
    explicit DateField(FieldErrors& errors) : m_errors(errors) {}
    Xapian::Query operator()(const std::string& value) override {
        try {
            return date_range_query(parse_date_filter(value, 0));
        } catch (const QueryError& e) {
            if (!m_errors.first) {
                m_errors.first = e;
                m_errors.value = value;
            }
            return {};
        }
    }

  private:
    FieldErrors& m_errors;
};

std::string field_list() {
    std::string names;
    for (const auto& f : schema::kFields) {
        if (!names.empty()) names += ", ";
        names += f.name;
    }
    return names;
}

void configure(Xapian::QueryParser& qp, const Xapian::Database& terms, const QueryInput& input,
               const QueryBuildOptions& options, FieldErrors& errors) {
    // The parser reads only spelling and synonyms from its database; wildcards are
    // expanded later, by the match, against the shards themselves.
    qp.set_database(terms);
    schema::term_rules::configure(qp);  // stemming and the free-text prefixes
    qp.set_default_op(input.any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND);
    qp.set_max_expansion(static_cast<Xapian::termcount>(options.max_wildcard_expansion),
                         Xapian::Query::WILDCARD_LIMIT_ERROR,
                         Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PARTIAL);
    for (const auto& field : schema::kFields) {
        const std::string name(field.name);
        switch (field.kind) {
            case schema::FieldKind::kFreeText:
                break;  // the term rules' prefixes, above
            case schema::FieldKind::kBoolean:
                qp.add_boolean_prefix(name, (new BooleanField(field.prefix))->release());
                break;
            case schema::FieldKind::kDate:
                qp.add_boolean_prefix(name, (new DateField(errors))->release());
                break;
        }
    }
}

// Fields are checked here, with positions, because Xapian reads an unknown
// `foo:bar` as the phrase "foo bar" and an impossible date as "match nothing".
void check_fields(const QueryScan& scan) {
    for (const auto& use : scan.fields) {
        const auto* spec = schema::find_field(use.name);
        if (spec == nullptr) {
            throw QueryError("unknown field '" + use.name + ":' (fields are " + field_list() + ")",
                             use.name_pos);
        }
        if (spec->kind == schema::FieldKind::kDate) {
            std::string value = use.value;
            while (!value.empty() && value.back() == ')') value.pop_back();
            static_cast<void>(parse_date_filter(value, use.value_pos));
        }
    }
}

std::string display_term(const std::string& term) {
    // Stemmed terms carry Xapian's "Z" marker; users know the word, not the marker.
    if (!term.empty() && term[0] == 'Z') return term.substr(1);
    return term;
}

void collect_synonyms(const Xapian::Query& query, std::vector<std::string>& out) {
    if (query.get_type() == Xapian::Query::OP_SYNONYM && query.get_num_subqueries() > 1) {
        std::vector<std::string> words;
        for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
            const auto sub = query.get_subquery(i);
            std::string phrase;
            for (auto t = sub.get_terms_begin(); t != sub.get_terms_end(); ++t) {
                if (!phrase.empty()) phrase += ' ';
                phrase += display_term(*t);
            }
            if (!phrase.empty()) words.push_back(std::move(phrase));
        }
        if (words.size() > 1) {
            std::string line = words[0] + " \u2192 ";
            for (std::size_t i = 1; i < words.size(); ++i) {
                line += (i > 1 ? ", " : "") + words[i];
            }
            out.push_back(std::move(line));
        }
        return;
    }
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        collect_synonyms(query.get_subquery(i), out);
    }
}

// Only patterns in free text expand; `source:tass*` is a plain filter term.
bool expands(const WildcardUse& use) {
    if (use.field.empty()) return true;
    const auto* spec = schema::find_field(use.field);
    return spec != nullptr && spec->kind == schema::FieldKind::kFreeText;
}

// Each pattern may expand to max_wildcard_expansion terms, so the patterns of one
// query are bounded too: 256 of them would OR together a quarter of a million terms.
void check_wildcard_count(const QueryScan& scan, std::size_t limit) {
    std::size_t seen = 0;
    for (const auto& use : scan.wildcards) {
        if (!expands(use)) continue;
        if (++seen > limit) {
            throw QueryLimitError(
                "more than " + std::to_string(limit) + " wildcard patterns in one query", use.pos);
        }
    }
}

// Lists each wildcard's expansion and enforces the bound with a position; Xapian
// would only throw WildcardError later, from get_mset(), without saying where.
std::vector<std::string> expand_wildcards(const Xapian::Database& db, const QueryScan& scan,
                                          std::size_t limit) {
    std::vector<std::string> out;
    for (const auto& use : scan.wildcards) {
        if (!expands(use)) continue;
        const std::string prefix =
            use.field.empty() ? std::string() : std::string(schema::find_field(use.field)->prefix);
        const std::string root =
            term_text(fold_case(std::string_view(use.pattern).substr(0, use.pattern.size() - 1)));
        std::vector<std::string> terms;
        for (auto t = db.allterms_begin(prefix + root); t != db.allterms_end(prefix + root); ++t) {
            if (terms.size() == limit) {
                throw QueryLimitError("pattern '" + use.pattern + "' matches more than " +
                                          std::to_string(limit) + " terms; make it longer",
                                      use.pos);
            }
            terms.push_back((*t).substr(prefix.size()));
        }
        std::string line = use.pattern + " \u2192 ";
        if (terms.empty()) line += "(nothing)";
        for (std::size_t i = 0; i < terms.size() && i < kShownExpansions; ++i) {
            line += (i > 0 ? ", " : "") + terms[i];
        }
        if (terms.size() > kShownExpansions) {
            line += ", \u2026 (" + std::to_string(terms.size()) + " terms)";
        }
        out.push_back(std::move(line));
    }
    return out;
}

// True when no part of `q` adds to a document's weight: filters (boolean fields, which the
// parser scales by 0, and date ranges), everything, and what is excluded.
bool scores_nothing(const Xapian::Query& q) {
    switch (q.get_type()) {
        case Xapian::Query::LEAF_MATCH_ALL:
        case Xapian::Query::OP_VALUE_RANGE:
        case Xapian::Query::OP_VALUE_GE:
        case Xapian::Query::OP_VALUE_LE:
            return true;
        case Xapian::Query::OP_SCALE_WEIGHT:
            return q.get_description().starts_with("Query(0 * ");
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_AND_NOT:
            return q.get_num_subqueries() > 0 && scores_nothing(q.get_subquery(0));
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_OR:
            for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
                if (!scores_nothing(q.get_subquery(i))) return false;
            }
            return true;
        default:
            return false;
    }
}

Xapian::Query request_filters(const QueryInput& input) {
    std::vector<Xapian::Query> filters;
    if (input.story) {
        if (!schema::is_story_id(*input.story)) {
            throw QueryError("a story id is " + std::to_string(schema::kStoryIdLength) +
                                 " lower-case hex digits, not '" + repair_utf8(*input.story).text +
                                 "'",
                             0);
        }
        filters.emplace_back(schema::make_term(schema::prefix::kStory, *input.story));
    }
    if (input.source) {
        filters.emplace_back(
            schema::make_term(schema::prefix::kSource, schema::source_key(*input.source)));
    }
    if (input.from || input.to) {
        DateRange range;
        // Error messages quote the bound: it must be valid UTF-8 (found by fuzz_query).
        if (input.from) {
            range.lo = parse_date_bound(repair_utf8(*input.from).text, BoundSide::kLower, 0);
        }
        if (input.to) {
            range.hi = parse_date_bound(repair_utf8(*input.to).text, BoundSide::kUpper, 0);
        }
        if (range.lo && range.hi && *range.lo > *range.hi) {
            throw QueryError("the 'from' date is after the 'to' date", 0);
        }
        filters.push_back(date_range_query(range));
    }
    if (filters.empty()) return {};
    return Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end());
}

// As QueryParser (set up by configure()) makes an unprefixed wildcard's subquery: its
// pattern lower-cased a character at a time, the expansion limit, and OP_SYNONYM (the
// parser asks for OP_OR inside an OP_SYNONYM of one subquery, which Xapian folds into one).
std::vector<WildcardPattern> wildcard_patterns(const QueryScan& scan,
                                               const QueryBuildOptions& options) {
    std::vector<WildcardPattern> out;
    for (const auto& use : scan.wildcards) {
        if (!use.field.empty()) continue;
        const std::string_view typed =
            std::string_view(use.pattern).substr(0, use.pattern.size() - 1);
        std::string pattern;
        for (Xapian::Utf8Iterator it(typed.data(), typed.size()); it != Xapian::Utf8Iterator();
             ++it) {
            Xapian::Unicode::append_utf8(pattern, Xapian::Unicode::tolower(*it));
        }
        const Xapian::Query query(Xapian::Query::OP_WILDCARD, pattern,
                                  static_cast<Xapian::termcount>(options.max_wildcard_expansion),
                                  Xapian::Query::WILDCARD_LIMIT_ERROR, Xapian::Query::OP_SYNONYM);
        out.push_back({std::move(pattern), query.serialise()});
    }
    return out;
}

}  // namespace

Xapian::Stem make_stemmer() { return schema::term_rules::stemmer(); }

BuiltQuery build_query(const Xapian::Database& db, const QueryInput& input,
                       const QueryBuildOptions& options) {
    return build_query(db, db, input, options);
}

namespace {

// Positions below are byte offsets in the normalized text; build_query() turns them into
// character offsets of the text as typed, which is what a user can point at.
BuiltQuery build_normalized(const Xapian::Database& db, const Xapian::Database& terms,
                            const QueryInput& input, const QueryBuildOptions& options) {
    const std::string text = normalize_text(input.text);
    check_query_limits(text, options.limits);

    const auto filters = request_filters(input);
    const auto scan = scan_query(text);
    if (scan.blank && filters.empty()) throw QueryError("empty query", 0);
    check_fields(scan);
    check_wildcard_count(scan, options.max_wildcards);

    // Folded as the indexer folded document text (term_rules::query_text).
    const std::string parse_text = schema::term_rules::query_text(text);

    Xapian::QueryParser qp;
    FieldErrors field_errors;
    configure(qp, terms, input, options, field_errors);

    BuiltQuery built;
    Xapian::Query parsed;
    if (!scan.blank) {
        // The retry parse is only needed to recognise a silent re-parse, which only
        // syntax can cause.
        const auto expand = [&](const std::string& root) {
            std::vector<std::string> found;
            for (auto t = db.allterms_begin(root); t != db.allterms_end(root); ++t) {
                if (found.size() == options.max_wildcard_expansion) {
                    throw QueryLimitError("pattern '" + root + "*' matches more than " +
                                              std::to_string(options.max_wildcard_expansion) +
                                              " terms; make it longer",
                                          0);
                }
                found.push_back(*t);
            }
            return found;
        };
        const auto groups = extract_near_groups(
            parse_text, qp,
            // Variants inside NEAR are added by expand_synonyms(), as in phrases.
            kFlags & ~(Xapian::QueryParser::FLAG_AUTO_SYNONYMS |
                       Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS),
            expand);
        std::string retry_description;
        if (!scan.active_syntax.empty()) {
            try {
                retry_description = qp.parse_query(groups.text, kRetryFlags).get_description();
            } catch (const Xapian::QueryParserError&) {
            }
        }
        try {
            parsed = qp.parse_query(groups.text, kFlags);
        } catch (const Xapian::QueryParserError& e) {
            // Messages look like "Syntax: <expression> AND <expression>".
            std::string op;
            const auto& msg = e.get_msg();
            if (const auto a = msg.find("> "), b = msg.rfind(" <");
                a != std::string::npos && b != std::string::npos && b > a) {
                op = msg.substr(a + 2, b - a - 2);
            }
            const auto pos = op.empty() ? 0 : operator_position(text, op);
            throw QueryError(op.empty() ? "cannot parse query: " + msg
                                        : "'" + op + "' needs an expression on each side",
                             pos);
        }
        field_errors.rethrow(text);
        // parse_query re-parses a failed query with every operator dropped and says
        // nothing; if our operators had no effect, that is what happened.
        if (!scan.active_syntax.empty() && groups.queries.empty() &&
            parsed.get_description() == retry_description) {
            throw QueryError(
                "cannot parse query here (an operator, quote or '-' lacks what it applies to)",
                scan.active_syntax.back());
        }
        if (parsed.empty()) throw QueryError("query has no searchable words", 0);
        parsed = substitute_near_groups(parsed, groups.queries);
        // Only words the index lacks are respelled, in the user's own case (did_you_mean).
        built.corrected = did_you_mean(db, terms, text);
        collect_synonyms(parsed, built.synonyms_applied);
        parsed = expand_synonyms(parsed, terms, built.synonyms_applied);
        // After expansion: synonym variants count against the query limits too.
        check_expanded_terms(parsed, text, options.limits);
        built.wildcard_expansions = expand_wildcards(db, scan, options.max_wildcard_expansion);
        built.wildcard_patterns = wildcard_patterns(scan, options);
    }

    if (parsed.empty()) {
        // Filters only: every document passing them. A fresh Query(""), never the
        // shared static Query::MatchAll (not thread-safe to share).
        built.query =
            Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(std::string()), filters);
    } else if (!filters.empty()) {
        built.query = Xapian::Query(Xapian::Query::OP_FILTER, parsed, filters);
    } else {
        built.query = parsed;
    }
    built.description = built.query.get_description();
    built.filters_only = scores_nothing(built.query);
    if (!scan.blank) {
        auto feedback = describe_query(input.text, text, built.synonyms_applied,
                                       built.wildcard_expansions, input.any);
        built.read_as = std::move(feedback.read_as);
        built.notices = std::move(feedback.notices);
    }
    return built;
}

}  // namespace

BuiltQuery build_query(const Xapian::Database& db, const Xapian::Database& terms,
                       const QueryInput& input, const QueryBuildOptions& options) {
    if (input.text.size() > options.limits.max_bytes) {
        // Refused before normalizing (which a hostile text must not cost): its position is
        // a byte of the text as typed.
        try {
            check_query_limits(input.text, options.limits);
        } catch (const QueryLimitError& e) {
            throw QueryLimitError(e.what(), character_offset(input.text, e.position()));
        }
    }
    try {
        return build_normalized(db, terms, input, options);
    } catch (const QueryLimitError& e) {
        throw QueryLimitError(e.what(), typed_character_offset(input.text, e.position()));
    } catch (const QueryError& e) {
        throw QueryError(e.what(), typed_character_offset(input.text, e.position()));
    }
}

}  // namespace dateline::detail
