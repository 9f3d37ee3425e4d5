#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include <dateline/generation_files.hpp>

namespace dateline::schema {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kLockFile = "flintlock";  // Xapian's; recreated by any writer

FileDamage unreadable(const std::string& name, int err) {
    return {name + " cannot be read (" + std::strerror(err) + ")", err == EACCES || err == EPERM};
}

std::optional<FileDamage> check_file(const fs::path& dir, const std::string& name,
                                     std::optional<std::uintmax_t> size) {
    const fs::path path = dir / name;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) return FileDamage{name + " is missing"};
        return unreadable(name, errno);
    }
    if (!S_ISREG(st.st_mode)) return FileDamage{name + " is not a regular file"};
    if (size && static_cast<std::uintmax_t>(st.st_size) != *size) {
        return FileDamage{name + " has " + std::to_string(st.st_size) + " bytes, " +
                          std::to_string(*size) + " when published"};
    }
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return unreadable(name, errno);
    ::close(fd);
    return std::nullopt;
}

FileDamage damaged_list(std::size_t line) {
    return {std::string(kFileListName) + " is damaged (line " + std::to_string(line) + ")"};
}

}  // namespace

void write_file_list(const fs::path& database_dir) {
    std::map<std::string, std::uintmax_t> files;
    for (const auto& entry : fs::directory_iterator(database_dir)) {
        const std::string name = entry.path().filename().string();
        if (!entry.is_regular_file() || name == kLockFile || name == kFileListName) continue;
        files[name] = entry.file_size();
    }
    std::ostringstream text;
    for (const auto& [name, size] : files) text << size << '\t' << name << '\n';
    const fs::path path = database_dir / kFileListName;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text.str();
    out.close();
    if (!out) {
        throw fs::filesystem_error("cannot write the file list", path,
                                   std::error_code(errno, std::generic_category()));
    }
}

std::optional<FileDamage> find_file_damage(const fs::path& database_dir) {
    const fs::path list = database_dir / kFileListName;
    std::ifstream in(list, std::ios::binary);
    if (!in) {
        const int err = errno;
        if (::access(list.c_str(), F_OK) == 0) return unreadable(std::string(kFileListName), err);
        for (const std::string name : {"iamglass", "postlist.glass"}) {
            if (auto damage = check_file(database_dir, name, std::nullopt)) return damage;
        }
        return std::nullopt;
    }
    std::string line;
    std::size_t listed = 0;
    while (std::getline(in, line)) {
        const auto tab = line.find('\t');
        if (tab == std::string::npos || tab == 0) return damaged_list(listed + 1);
        std::uintmax_t size = 0;
        for (std::size_t i = 0; i < tab; ++i) {
            if (line[i] < '0' || line[i] > '9') return damaged_list(listed + 1);
            size = size * 10 + static_cast<std::uintmax_t>(line[i] - '0');
        }
        ++listed;
        if (auto damage = check_file(database_dir, line.substr(tab + 1), size)) return damage;
    }
    if (listed == 0) return FileDamage{std::string(kFileListName) + " is empty"};
    return std::nullopt;
}

}  // namespace dateline::schema
