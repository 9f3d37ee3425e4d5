/// @file
/// The XAPIANDB stub, read by ourselves rather than by Xapian: a sharded stub names a
/// terms database in a `#` line Xapian skips, and remote shards need timeouts that a
/// stub cannot state (schema/include/dateline/index_layout.hpp has the layout).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::detail {

/// One database line of a stub: `auto PATH` / `glass PATH` (local) or `remote HOST:PORT`.
struct ShardLocation {
    enum class Kind : unsigned char { kLocal, kRemote };
    Kind kind = Kind::kLocal;
    std::string path;  ///< kLocal: as written, relative to the stub's directory or absolute
    std::string host;  ///< kRemote
    unsigned port = 0;

    /// How messages and results name it: the path as written, or "host:port".
    [[nodiscard]] std::string label() const;
};

struct StubContents {
    std::optional<std::string> terms;   ///< `#dateline-terms PATH`: spelling and synonyms
    std::vector<ShardLocation> shards;  ///< in stub order (Xapian's sub-database order)
};

/// Parses stub text. Blank lines and other `#` lines are skipped, as Xapian does.
/// Throws IndexOpenError for a line it cannot use (another backend, `remote :PROGRAM`,
/// a bad port) or a stub without any database line; `stub_name` is used in messages.
[[nodiscard]] StubContents parse_stub(std::string_view text, const std::string& stub_name);

}  // namespace dateline::detail
