/// @file
/// The stable 64-bit content hash used for incremental change detection.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace dateline::detail {

/// Incremental FNV-1a (64-bit). Stable across platforms and runs, so a hash stored in
/// one generation can be compared with one computed in a later build.
class ContentHash {
  public:
    ContentHash() noexcept;
    /// Feeds bytes; feed(a) then feed(b) equals feed(a + b).
    void feed(std::string_view bytes) noexcept;
    /// Feeds a field separator that cannot be produced by feed() alone being ambiguous:
    /// the length of the field, so ("ab","c") and ("a","bc") differ.
    void feed_field(std::string_view bytes) noexcept;
    [[nodiscard]] std::uint64_t value() const noexcept { return m_state; }
    /// value() as 16 lower-case hex digits (the kContentHash slot form).
    [[nodiscard]] std::string hex() const;

  private:
    std::uint64_t m_state;
};

/// The kContentHash slot value of an input: its bytes and, when a manifest row describes
/// it, that row (ManifestRow::canonical(); empty if none), under a salt that changes when
/// extraction rules do, so that an incremental build then re-extracts every document.
[[nodiscard]] std::string input_hash(std::string_view bytes, std::string_view manifest_row);

/// The same for an input made of several fields (a feed item, a WARC record), same salt.
[[nodiscard]] std::string input_hash_of_fields(std::initializer_list<std::string_view> fields);

}  // namespace dateline::detail
