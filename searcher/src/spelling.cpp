#include "spelling.hpp"

#include <algorithm>

#include <dateline/normalize.hpp>
#include <dateline/schema.hpp>
#include <dateline/term_rules.hpp>

namespace dateline::detail {
namespace {

bool is_separator(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '(' || c == ')' || c == '"';
}

bool is_ascii_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }

// Word bytes: ASCII letters and digits, and anything non-ASCII (letters, in practice).
bool is_word_byte(char c) { return is_ascii_alnum(c) || static_cast<unsigned char>(c) >= 0x80; }

bool is_operator(std::string_view word) {
    for (const std::string_view op : {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"}) {
        if (word == op) return true;
        if (word.starts_with(op) && word.size() > op.size() && word[op.size()] == '/') return true;
    }
    return false;
}

// The suggestion in the typed word's case.
std::string in_case_of(std::string_view typed, std::string suggestion) {
    std::size_t letters = 0;
    std::size_t upper = 0;
    for (const char c : typed) {
        if (is_ascii_alnum(c) && !(c >= '0' && c <= '9')) ++letters;
        if (is_ascii_upper(c)) ++upper;
    }
    const auto to_upper = [](char& c) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    };
    if (letters > 1 && upper == letters) {
        for (char& c : suggestion) to_upper(c);
    } else if (!typed.empty() && is_ascii_upper(typed[0]) && !suggestion.empty()) {
        to_upper(suggestion[0]);
    }
    return suggestion;
}

}  // namespace

bool known_word(const Xapian::Database& db, const Xapian::Database& terms, std::string_view word) {
    // One stemmer per thread: a Xapian::Stem keeps its working buffer inside the object, so
    // two searches stemming with a shared one at once corrupt each other's words (a data
    // race ThreadSanitizer found with concurrent Searchers).
    thread_local const Xapian::Stem kStem = schema::term_rules::stemmer();
    const auto lower = term_text(fold_case(word));
    const auto stemmed = schema::term_rules::stemmed_term(kStem, lower);
    return db.term_exists(lower) || db.term_exists(stemmed) ||
           terms.synonyms_begin(lower) != terms.synonyms_end(lower) ||
           terms.synonyms_begin(stemmed) != terms.synonyms_end(stemmed);
}

std::optional<std::string> did_you_mean(const Xapian::Database& db, const Xapian::Database& terms,
                                        std::string_view text) {
    std::string out;
    bool changed = false;
    std::size_t copied = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        if (is_separator(text[i])) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && !is_separator(text[end])) ++end;
        std::string_view token = text.substr(i, end - i);
        std::size_t start = i;
        i = end;
        if (is_operator(token)) continue;
        if (const auto colon = token.find(':'); colon != std::string_view::npos) {
            const auto* field = schema::find_field(token.substr(0, colon));
            if (field == nullptr || field->kind != schema::FieldKind::kFreeText) continue;
            start += colon + 1;
            token.remove_prefix(colon + 1);
        }
        // The word itself: without +/- and surrounding punctuation.
        while (!token.empty() && !is_word_byte(token.front())) {
            token.remove_prefix(1);
            ++start;
        }
        while (!token.empty() && !is_word_byte(token.back())) token.remove_suffix(1);
        if (token.empty()) continue;
        // Wildcards, initials, numbers with points, joined words: not for respelling.
        const bool plain = std::all_of(token.begin(), token.end(),
                                       [](char c) { return is_word_byte(c) || c == '\''; });
        if (!plain || known_word(db, terms, token)) continue;
        const auto lower = term_text(fold_case(token));
        // Two edits turn most short words into some other word (naive → have).
        const unsigned edits = lower.size() <= 5 ? 1 : 2;
        const auto suggestion = terms.get_spelling_suggestion(lower, edits);
        // The spelling table may still hold words that left the index with their documents.
        if (suggestion.empty() || suggestion == lower || !db.term_exists(suggestion)) continue;
        out.append(text.substr(copied, start - copied));
        out.append(in_case_of(token, suggestion));
        copied = start + token.size();
        changed = true;
    }
    if (!changed) return std::nullopt;
    out.append(text.substr(copied));
    return out;
}

}  // namespace dateline::detail
