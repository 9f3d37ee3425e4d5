#include <dateline/normalize.hpp>
#include <dateline/schema.hpp>
#include <dateline/term_rules.hpp>

namespace dateline::schema::term_rules {
namespace {

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_operator_word(std::string_view word) {
    return word == "AND" || word == "OR" || word == "NOT" || word == "XOR" || word == "NEAR" ||
           word == "ADJ";
}

}  // namespace

std::string query_text(std::string_view normalized) {
    const std::string folded = term_text(normalized);
    const std::string_view text = folded;
    std::string out;
    out.reserve(text.size());
    Xapian::Utf8Iterator it(text.data(), text.size());
    const Xapian::Utf8Iterator end;
    while (it != end) {
        const auto at = static_cast<std::size_t>(it.raw() - text.data());
        if (is_ascii_letter(text[at])) {
            auto stop = at;
            while (stop < text.size() && is_ascii_letter(text[stop])) ++stop;
            const auto word = text.substr(at, stop - at);
            const bool alone_before =
                at == 0 || !Xapian::Unicode::is_wordchar(static_cast<unsigned char>(text[at - 1]));
            const bool alone_after =
                stop == text.size() ||
                !Xapian::Unicode::is_wordchar(static_cast<unsigned char>(text[stop]));
            // Operators, and initials (U.S.), which Xapian reads as one word in capitals only.
            const bool initials = word.size() == 1 && word[0] >= 'A' && word[0] <= 'Z' &&
                                  stop + 1 < text.size() && text[stop] == '.' &&
                                  text[stop + 1] >= 'A' && text[stop + 1] <= 'Z';
            const bool initials_end = word.size() == 1 && word[0] >= 'A' && word[0] <= 'Z' &&
                                      at >= 2 && text[at - 1] == '.' && text[at - 2] >= 'A' &&
                                      text[at - 2] <= 'Z';
            if ((alone_before && alone_after && is_operator_word(word)) || initials ||
                initials_end) {
                out.append(word);
            } else {
                for (const char c : word) {
                    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
                }
            }
            it = Xapian::Utf8Iterator(text.data() + stop, text.size() - stop);
            continue;
        }
        Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(*it));
        ++it;
    }
    return out;
}

Xapian::Stem stemmer() { return Xapian::Stem(std::string(kStemLanguage)); }

std::string stemmed_term(const Xapian::Stem& stem, const std::string& word) {
    return std::string(kStemPrefix) + stem(word);
}

void configure(Xapian::TermGenerator& generator, const Xapian::Stem& stem) {
    generator.set_stemmer(stem);
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    generator.set_max_word_length(kMaxWordBytes);
}

void configure_unstemmed(Xapian::TermGenerator& generator) {
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
    generator.set_max_word_length(kMaxWordBytes);
}

void configure(Xapian::QueryParser& parser) {
    parser.set_stemmer(stemmer());
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    for (const auto& field : kFields) {
        if (field.kind == FieldKind::kFreeText) {
            parser.add_prefix(std::string(field.name), std::string(field.prefix));
        }
    }
}

void index_text(Xapian::TermGenerator& generator, const std::optional<std::string>& title,
                const std::string& body, const std::optional<std::string>& author) {
    // Terms come from term_text(): diacritics folded and possessives dropped, as
    // query_text() and the snippet generator read words.
    if (title) {
        const std::string folded = term_text(*title);
        generator.index_text(folded, 1, std::string(prefix::kTitle));
        generator.index_text(folded, kTitleWeight);
        generator.increase_termpos(kFieldGap);
    }
    generator.index_text(term_text(body), kBodyWeight);
    if (author) {
        generator.increase_termpos(kFieldGap);
        generator.index_text(term_text(*author), 1, std::string(prefix::kAuthor));
    }
}

}  // namespace dateline::schema::term_rules
