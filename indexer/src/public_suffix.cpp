#include "public_suffix.hpp"

#include <libpsl.h>

namespace dateline::detail {
namespace {

// The newer of Debian's publicsuffix data (/usr/share/publicsuffix) and the copy built into
// libpsl; loaded once, read-only afterwards (libpsl's lookups are thread-safe).
const psl_ctx_t* suffix_list() {
    static const psl_ctx_t* const kList = [] {
        const psl_ctx_t* latest = psl_latest(nullptr);
        return latest != nullptr ? latest : psl_builtin();
    }();
    return kList;
}

}  // namespace

std::string registrable_domain(std::string_view host) {
    const psl_ctx_t* list = suffix_list();
    // IP addresses have no registrable domain (the list's "*" rule would make "0.1" of
    // "192.168.0.1").
    const bool address = host.find_first_not_of("0123456789.") == std::string_view::npos;
    if (list == nullptr || host.empty() || host.front() == '[' || address) {
        return std::string(host);
    }
    const std::string text(host);  // libpsl wants a NUL-terminated, lower-case UTF-8 name
    const char* domain = psl_registrable_domain(list, text.c_str());
    return domain != nullptr ? std::string(domain) : text;
}

}  // namespace dateline::detail
