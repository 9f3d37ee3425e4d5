#include "content_hash.hpp"

#include <array>

namespace dateline::detail {

namespace {
constexpr std::uint64_t kOffsetBasis = 14695981039346656037ULL;
constexpr std::uint64_t kPrime = 1099511628211ULL;
// Bump when extraction rules change, so that an incremental build re-extracts every
// document instead of keeping ones whose bytes did not change.
constexpr std::string_view kHashSalt = "dateline-indexer/2";  // 2: web inputs, url/author origins
}  // namespace

ContentHash::ContentHash() noexcept : m_state(kOffsetBasis) {}

void ContentHash::feed(std::string_view bytes) noexcept {
    for (const char c : bytes) {
        m_state ^= static_cast<unsigned char>(c);
        m_state *= kPrime;
    }
}

void ContentHash::feed_field(std::string_view bytes) noexcept {
    // Length-prefix each field so that the concatenation of fields is unambiguous.
    std::array<char, 8> length{};
    auto n = static_cast<std::uint64_t>(bytes.size());
    for (char& c : length) {
        c = static_cast<char>(n & 0xFFU);
        n >>= 8U;
    }
    feed(std::string_view(length.data(), length.size()));
    feed(bytes);
}

std::string ContentHash::hex() const {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(16, '0');
    std::uint64_t v = m_state;
    for (int i = 15; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = kDigits[v & 0xFU];
        v >>= 4U;
    }
    return out;
}

std::string input_hash(std::string_view bytes, std::string_view manifest_row) {
    ContentHash hash;
    hash.feed_field(kHashSalt);
    hash.feed_field(bytes);
    hash.feed_field(manifest_row);
    return hash.hex();
}

std::string input_hash_of_fields(std::initializer_list<std::string_view> fields) {
    ContentHash hash;
    hash.feed_field(kHashSalt);
    for (const std::string_view field : fields) hash.feed_field(field);
    return hash.hex();
}

}  // namespace dateline::detail
