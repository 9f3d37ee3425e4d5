#include "index_permissions.hpp"

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <vector>

#include <dateline/errors.hpp>

namespace dateline::detail {

namespace fs = std::filesystem;

namespace {

constexpr mode_t kGroupOtherWrite = S_IWGRP | S_IWOTH;

void tighten(const fs::path& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        throw IoError("cannot read " + path.string() + ": " + std::strerror(errno));
    }
    if (S_ISLNK(st.st_mode) || (st.st_mode & kGroupOtherWrite) == 0) return;
    if (::chmod(path.c_str(), st.st_mode & 07777 & ~kGroupOtherWrite) != 0) {
        throw IoError("cannot set the mode of " + path.string() + ": " + std::strerror(errno));
    }
}

}  // namespace

std::optional<std::string> create_index_directory(const fs::path& dir) {
    std::error_code ec;
    std::vector<fs::path> created;
    for (fs::path p = fs::absolute(dir, ec).lexically_normal(); !p.empty() && !fs::exists(p, ec);
         p = p.parent_path()) {
        created.push_back(p);
        if (p == p.parent_path()) break;
    }
    fs::create_directories(dir, ec);
    if (ec) throw IoError("cannot create index directory " + dir.string() + ": " + ec.message());
    for (const auto& path : created) tighten(path);
    struct stat st {};
    if (created.empty() && ::stat(dir.c_str(), &st) == 0 && (st.st_mode & S_IWOTH) != 0 &&
        (st.st_mode & S_ISVTX) == 0) {
        return "the index directory " + dir.string() +
               " is world-writable: any local user could replace its stub or its tables "
               "(chmod o-w to fix)";
    }
    return std::nullopt;
}

void remove_group_other_write(const fs::path& dir) {
    tighten(dir);
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        tighten(it->path());
    }
    if (ec) throw IoError("cannot read " + dir.string() + ": " + ec.message());
}

}  // namespace dateline::detail
