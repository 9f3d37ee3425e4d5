#include "story_signature.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "content_hash.hpp"

namespace dateline::detail {

namespace {

constexpr std::uint8_t kFormat = 1;

// Words too common to say what a report is about. Fixed, so that a pair's similarity never
// depends on the rest of the corpus (an incremental run and a rebuild must agree).
constexpr std::string_view kStopwords[] = {
    "about", "above",   "after",   "again",   "against", "all",    "also",    "and",    "any",
    "are",   "because", "been",    "before",  "being",   "below",  "between", "both",   "but",
    "can",   "could",   "did",     "does",    "doing",   "down",   "during",  "each",   "few",
    "for",   "from",    "further", "had",     "has",     "have",   "having",  "her",    "here",
    "hers",  "herself", "him",     "himself", "his",     "how",    "into",    "its",    "itself",
    "just",  "more",    "most",    "mr",      "mrs",     "ms",     "myself",  "nor",    "not",
    "now",   "off",     "once",    "one",     "only",    "other",  "our",     "ours",   "out",
    "over",  "own",     "said",    "same",    "say",     "says",   "she",     "should", "some",
    "such",  "than",    "that",    "the",     "their",   "theirs", "them",    "then",   "there",
    "these", "they",    "this",    "those",   "through", "too",    "two",     "under",  "until",
    "very",  "was",     "were",    "what",    "when",    "where",  "which",   "while",  "who",
    "whom",  "why",     "will",    "with",    "would",   "you",    "your",    "yours",  "yourself",
};

std::uint64_t fnv1a(std::string_view bytes) noexcept {
    ContentHash hash;
    hash.feed(bytes);
    return hash.value();
}

std::uint64_t mix(std::uint64_t x) noexcept { return story_mix(x); }

bool word_byte(unsigned char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/// One word of a text, as the signature needs it.
struct Word {
    std::uint64_t hash;  ///< FNV-1a of the lower-cased word
    bool content;        ///< counted among the report's content words (is_content_word)
};

bool is_content_word(std::string_view word) {
    if (word.size() < 3) return false;
    if (std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    return std::find(std::begin(kStopwords), std::end(kStopwords), word) == std::end(kStopwords);
}

/// The words of `text`: runs of ASCII letters and digits and any non-ASCII bytes (the text
/// is already NFKC-normalized, so one spelling of a word gives one byte sequence),
/// lower-cased. `lowered` is scratch space, reused so that a word costs no allocation (a
/// signature is made for every report, on the thread that feeds the writers).
void split_words(std::string_view text, std::string& lowered, std::vector<Word>& out) {
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && !word_byte(static_cast<unsigned char>(text[i]))) ++i;
        const std::size_t start = i;
        while (i < text.size() && word_byte(static_cast<unsigned char>(text[i]))) ++i;
        if (i == start) continue;
        lowered.assign(text.substr(start, i - start));
        for (char& c : lowered) {
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
        out.push_back({fnv1a(lowered), is_content_word(lowered)});
    }
}

const std::array<std::uint64_t, StorySignature::kMinHashes>& seeds() {
    static const auto kTable = [] {
        std::array<std::uint64_t, StorySignature::kMinHashes> s{};
        for (std::size_t i = 0; i < s.size(); ++i) s[i] = mix(0x5eed0000ULL + i);
        return s;
    }();
    return kTable;
}

template <typename T>
void put(std::string& out, T value) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));  // the host's byte order: x86-64 and arm64 agree
    out.append(bytes, sizeof(T));
}

template <typename T>
bool take(std::string_view& in, T& value) {
    if (in.size() < sizeof(T)) return false;
    std::memcpy(&value, in.data(), sizeof(T));
    in.remove_prefix(sizeof(T));
    return true;
}

}  // namespace

std::uint64_t story_mix(std::uint64_t x) noexcept {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

StorySignature make_story_signature(std::string_view title, std::string_view text,
                                    std::optional<std::int32_t> day) {
    StorySignature sig;
    sig.day = day;
    sig.minhash.fill(UINT32_MAX);

    // Scratch space kept from one report to the next, on the thread that makes them.
    thread_local std::string lowered;
    thread_local std::vector<Word> title_words;
    thread_local std::vector<Word> body_words;
    thread_local std::vector<Word> title_and_body;
    thread_local std::vector<std::uint64_t> shingles;
    thread_local std::vector<std::pair<std::uint32_t, double>> counts;
    thread_local std::vector<std::pair<double, std::uint32_t>> weighted;
    title_words.clear();
    body_words.clear();
    title_and_body.clear();
    shingles.clear();
    counts.clear();
    weighted.clear();
    split_words(title, lowered, title_words);
    split_words(text, lowered, body_words);

    // Shingles of the body: headlines and credit lines differ between outlets, the text of
    // a syndicated report does not.
    if (body_words.size() < StorySignature::kShingleWords) {
        title_and_body = title_words;
        title_and_body.insert(title_and_body.end(), body_words.begin(), body_words.end());
    }
    const std::vector<Word>& shingle_words =
        body_words.size() < StorySignature::kShingleWords ? title_and_body : body_words;
    // Sorted and made unique rather than put in a hash set: no allocation per shingle.
    const std::size_t k = std::min(StorySignature::kShingleWords, shingle_words.size());
    if (k > 0) shingles.reserve(shingle_words.size() - k + 1);
    for (std::size_t i = 0; k > 0 && i + k <= shingle_words.size(); ++i) {
        std::uint64_t h = 0x9e3779b97f4a7c15ULL;
        for (std::size_t j = 0; j < k; ++j) h = mix(h ^ shingle_words[i + j].hash);
        shingles.push_back(h);
    }
    std::sort(shingles.begin(), shingles.end());
    shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());
    const auto& seed = seeds();
    for (const std::uint64_t h : shingles) {
        for (std::size_t i = 0; i < StorySignature::kMinHashes; ++i) {
            const auto v = static_cast<std::uint32_t>(mix(h ^ seed[i]) >> 32);
            sig.minhash[i] = std::min(sig.minhash[i], v);
        }
    }
    sig.shingles = static_cast<std::uint32_t>(shingles.size());

    // Term frequencies (a title word counts twice), summed over the sorted (hash, count)
    // pairs: small whole numbers, so the sums do not depend on the order.
    counts.reserve(title_words.size() + body_words.size());
    for (const auto& w : title_words) {
        if (w.content) counts.emplace_back(static_cast<std::uint32_t>(w.hash), 2.0);
    }
    for (const auto& w : body_words) {
        if (w.content) counts.emplace_back(static_cast<std::uint32_t>(w.hash), 1.0);
    }
    std::sort(counts.begin(), counts.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < counts.size();) {
        const std::uint32_t hash = counts[i].first;
        double count = 0;
        for (; i < counts.size() && counts[i].first == hash; ++i) count += counts[i].second;
        weighted.emplace_back(1.0 + std::log(count), hash);
    }
    // Highest weight first, ties by hash: the kept words never depend on the input order.
    std::sort(weighted.begin(), weighted.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    if (weighted.size() > StorySignature::kTopTerms) weighted.resize(StorySignature::kTopTerms);
    double norm = 0;
    for (const auto& [w, hash] : weighted) norm += w * w;
    norm = std::sqrt(norm);
    for (const auto& [w, hash] : weighted) {
        const auto q = static_cast<std::uint16_t>(std::lround(w / norm * 65535.0));
        sig.terms.emplace_back(hash, q);
    }
    std::sort(sig.terms.begin(), sig.terms.end());
    // A huge report's lists are not kept for the rest of the build.
    constexpr std::size_t kKeptWords = std::size_t{1} << 16;
    if (body_words.capacity() > kKeptWords) {
        std::vector<Word>().swap(body_words);
        std::vector<Word>().swap(title_and_body);
        std::vector<std::uint64_t>().swap(shingles);
        std::vector<std::pair<std::uint32_t, double>>().swap(counts);
        std::vector<std::pair<double, std::uint32_t>>().swap(weighted);
    }
    if (title_words.capacity() > kKeptWords) std::vector<Word>().swap(title_words);
    return sig;
}

std::string StorySignature::encode() const {
    std::string out;
    out.reserve(1 + 4 + 4 * kMinHashes + 1 + 4 + 1 + 6 * terms.size());
    out.push_back(static_cast<char>(kFormat));
    put(out, shingles);
    for (const auto v : minhash) put(out, v);
    out.push_back(day ? '\1' : '\0');
    put(out, day.value_or(0));
    out.push_back(static_cast<char>(terms.size()));
    for (const auto& [hash, weight] : terms) {
        put(out, hash);
        put(out, weight);
    }
    return out;
}

std::optional<StorySignature> StorySignature::decode(std::string_view in) {
    StorySignature sig;
    std::uint8_t format = 0;
    std::uint8_t dated = 0;
    std::int32_t day = 0;
    std::uint8_t count = 0;
    if (!take(in, format) || format != kFormat || !take(in, sig.shingles)) return std::nullopt;
    for (auto& v : sig.minhash) {
        if (!take(in, v)) return std::nullopt;
    }
    if (!take(in, dated) || !take(in, day) || !take(in, count)) return std::nullopt;
    if (count > kTopTerms) return std::nullopt;
    if (dated != 0) sig.day = day;
    for (std::uint8_t i = 0; i < count; ++i) {
        std::uint32_t hash = 0;
        std::uint16_t weight = 0;
        if (!take(in, hash) || !take(in, weight)) return std::nullopt;
        sig.terms.emplace_back(hash, weight);
    }
    if (!in.empty()) return std::nullopt;
    return sig;
}

}  // namespace dateline::detail
