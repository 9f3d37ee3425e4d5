#include <dateline/schema.hpp>
#include <dateline/term_rules.hpp>

namespace dateline::schema::term_rules {

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
    if (title) {
        generator.index_text(*title, 1, std::string(prefix::kTitle));
        generator.index_text(*title, kTitleWeight);
        generator.increase_termpos(kFieldGap);
    }
    generator.index_text(body, kBodyWeight);
    if (author) {
        generator.increase_termpos(kFieldGap);
        generator.index_text(*author, 1, std::string(prefix::kAuthor));
    }
}

}  // namespace dateline::schema::term_rules
