#include "corpus_walker.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <memory>
#include <set>
#include <sys/stat.h>
#include <utility>

#include <dateline/errors.hpp>
#include <dateline/input_limits.hpp>

#include "text_util.hpp"

namespace dateline::detail {

namespace fs = std::filesystem;

namespace {

using DevIno = std::pair<dev_t, ino_t>;

struct Walk {
    std::vector<CorpusEntry> entries;
    std::vector<DevIno> ancestors;  // directories on the current path
    std::set<DevIno>& visited_dirs;
    std::set<DevIno>& visited_files;
};

CorpusEntry make(const fs::path& path, std::string relative, EntryKind kind,
                 std::string reason = {}, std::string detail = {}) {
    CorpusEntry e;
    e.path = path;
    e.relative = std::move(relative);
    e.kind = kind;
    e.reason = std::move(reason);
    e.detail = std::move(detail);
    return e;
}

std::vector<std::string> sorted_names(const fs::path& dir, int& error) {
    std::vector<std::string> names;
    std::unique_ptr<DIR, int (*)(DIR*)> handle(::opendir(dir.c_str()), &::closedir);
    if (!handle) {
        error = errno;
        return names;
    }
    errno = 0;
    while (const dirent* d = ::readdir(handle.get())) {
        const std::string_view name = d->d_name;
        if (name != "." && name != "..") names.emplace_back(name);
    }
    error = errno;
    std::sort(names.begin(), names.end());
    return names;
}

void walk_dir(Walk& walk, const fs::path& dir, const std::string& relative, bool is_root);

void visit(Walk& walk, const fs::path& path, const std::string& relative, std::string_view name,
           bool at_root) {
    if (name.front() == '.') {
        walk.entries.push_back(make(path, relative, EntryKind::kSkipped, "hidden"));
        return;
    }
    struct stat link_st {};
    if (::lstat(path.c_str(), &link_st) != 0) {
        const int err = errno;
        if (err == ENOENT) return;  // vanished between readdir and lstat: never existed for us
        walk.entries.push_back(
            make(path, relative, EntryKind::kRejected, "unreadable", std::strerror(err)));
        return;
    }
    struct stat st = link_st;
    if (S_ISLNK(link_st.st_mode) && ::stat(path.c_str(), &st) != 0) {
        const int err = errno;
        if (err == ELOOP) {
            walk.entries.push_back(make(path, relative, EntryKind::kSkipped, "symlink_loop",
                                        "the link resolves to itself"));
        } else if (err == ENOENT) {
            walk.entries.push_back(make(path, relative, EntryKind::kRejected, "dangling_symlink",
                                        "the link target does not exist"));
        } else {
            walk.entries.push_back(
                make(path, relative, EntryKind::kRejected, "unreadable", std::strerror(err)));
        }
        return;
    }

    if (S_ISDIR(st.st_mode)) {
        const DevIno id{st.st_dev, st.st_ino};
        if (std::find(walk.ancestors.begin(), walk.ancestors.end(), id) != walk.ancestors.end()) {
            walk.entries.push_back(make(path, relative, EntryKind::kSkipped, "symlink_loop",
                                        "leads back to a directory being walked"));
            return;
        }
        if (walk.visited_dirs.contains(id)) {
            walk.entries.push_back(make(path, relative, EntryKind::kSkipped, "duplicate_directory",
                                        "already walked through another path"));
            return;
        }
        // The walk recurses once per level; input must not choose how deep.
        if (walk.ancestors.size() >= schema::kMaxInputNestingDepth) {
            walk.entries.push_back(make(path, relative, EntryKind::kRejected, "too_deep",
                                        schema::nesting_too_deep_detail()));
            return;
        }
        walk_dir(walk, path, relative, false);
        return;
    }
    if (!S_ISREG(st.st_mode)) {
        walk.entries.push_back(make(path, relative, EntryKind::kSkipped, "not_regular_file"));
        return;
    }
    if (at_root && is_root_config_name(name)) return;  // consumed as configuration
    const EntryKind kind = classify_name(name);
    if (kind == EntryKind::kSkipped) {
        walk.entries.push_back(make(path, relative, kind, "unsupported_type"));
        return;
    }
    if (!walk.visited_files.insert({st.st_dev, st.st_ino}).second) {
        walk.entries.push_back(make(path, relative, EntryKind::kSkipped, "duplicate_file",
                                    "same file already found through another path"));
        return;
    }
    CorpusEntry entry = make(path, relative, kind);
    entry.size = static_cast<std::uint64_t>(st.st_size);
    walk.entries.push_back(std::move(entry));
}

void walk_dir(Walk& walk, const fs::path& dir, const std::string& relative, bool is_root) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) {
        if (is_root) throw IoError("cannot read " + dir.string() + ": " + std::strerror(errno));
        return;
    }
    const DevIno id{st.st_dev, st.st_ino};
    if (is_root && walk.visited_dirs.contains(id)) {
        walk.entries.push_back(make(dir, relative, EntryKind::kSkipped, "duplicate_directory",
                                    "already walked through another path"));
        return;
    }
    walk.visited_dirs.insert(id);
    walk.ancestors.push_back(id);

    int error = 0;
    const auto names = sorted_names(dir, error);
    if (error != 0) {
        if (is_root) throw IoError("cannot read " + dir.string() + ": " + std::strerror(error));
        walk.entries.push_back(
            make(dir, relative, EntryKind::kRejected, "unreadable", std::strerror(error)));
    }
    for (const auto& name : names) {
        std::string child = relative;
        if (!child.empty()) child += '/';
        child += name;
        visit(walk, dir / name, child, name, is_root);
    }
    walk.ancestors.pop_back();
}

}  // namespace

EntryKind classify_name(std::string_view file_name) {
    const std::string extension =
        ascii_lower(fs::path(std::string(file_name)).extension().string());
    if (extension.empty() || extension == ".txt") return EntryKind::kText;
    if (extension == ".jsonl") return EntryKind::kJsonl;
    if (extension == ".html" || extension == ".htm" || extension == ".xhtml") {
        return EntryKind::kHtml;
    }
    if (extension == ".rss" || extension == ".atom" || extension == ".xml") return EntryKind::kFeed;
    if (extension == ".warc" || ascii_lower(file_name).ends_with(".warc.gz")) {
        return EntryKind::kWarc;
    }
    return EntryKind::kSkipped;
}

bool is_document_kind(EntryKind kind) noexcept {
    return kind != EntryKind::kSkipped && kind != EntryKind::kRejected;
}

bool is_root_config_name(std::string_view file_name) {
    return file_name == "manifest.tsv" || file_name == "manifest.jsonl" ||
           file_name == "synonyms.tsv" || file_name == "sources.tsv";
}

std::vector<CorpusEntry> walk_directory(const fs::path& root, WalkMemory& memory) {
    Walk walk{{}, {}, memory.directories, memory.files};
    walk_dir(walk, root, "", true);
    return std::move(walk.entries);
}

CorpusEntry classify_file_argument(const fs::path& file, WalkMemory& memory) {
    const std::string name = file.filename().string();
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) {
        const int err = errno;
        return make(file, name, EntryKind::kRejected, err == ENOENT ? "vanished" : "unreadable",
                    std::strerror(err));
    }
    if (!S_ISREG(st.st_mode)) return make(file, name, EntryKind::kSkipped, "not_regular_file");
    const EntryKind kind = classify_name(name);
    if (kind == EntryKind::kSkipped) return make(file, name, kind, "unsupported_type");
    if (!memory.files.insert({st.st_dev, st.st_ino}).second) {
        return make(file, name, EntryKind::kSkipped, "duplicate_file",
                    "same file already found through another path");
    }
    CorpusEntry entry = make(file, name, kind);
    entry.size = static_cast<std::uint64_t>(st.st_size);
    return entry;
}

}  // namespace dateline::detail
