/// @file
/// Request targets: the path and the query string's parameters, percent-decoded; and the
/// encoding that builds links back. No HTTP library types, so the rules test without a socket.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dateline::serve {

/// A target that cannot be read: bad percent-encoding, not origin-form ("/path?query").
class BadTargetError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// A request target split into its decoded path and parameters, in order of appearance.
struct Target {
    std::string path;
    std::vector<std::pair<std::string, std::string>> parameters;

    /// The value of `name` if given (once; see parse_target()).
    [[nodiscard]] std::optional<std::string> get(std::string_view name) const;
};

/// Splits and decodes an origin-form target ("/api/search?q=a+b&limit=5"). '+' in the
/// query is a space (HTML forms send that). A path holding "/.." or "/." segments, NUL
/// or a backslash is refused, so no route ever sees an escape from its root.
/// @throws BadTargetError
[[nodiscard]] Target parse_target(std::string_view target);

/// Percent-decodes `text` (with '+' as a space when `plus_is_space`). @throws BadTargetError
[[nodiscard]] std::string percent_decode(std::string_view text, bool plus_is_space);

/// Percent-encodes a query-string component (unreserved characters stay as they are).
[[nodiscard]] std::string percent_encode(std::string_view text);

/// "?a=1&b=2" from parameters (empty when there are none).
[[nodiscard]] std::string query_string(const std::vector<std::pair<std::string, std::string>>& ps);

}  // namespace dateline::serve
