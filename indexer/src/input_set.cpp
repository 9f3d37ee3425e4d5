#include "input_set.hpp"

#include <cerrno>
#include <sys/stat.h>
#include <system_error>

#include <dateline/errors.hpp>

namespace dateline::detail {

namespace fs = std::filesystem;

fs::path absolute_normal(const fs::path& path) {
    fs::path abs = fs::absolute(path).lexically_normal();
    // "data/" normalizes to ".../data/"; ids and scope checks want ".../data".
    if (!abs.has_filename() && abs.has_parent_path() && abs != abs.root_path()) {
        abs = abs.parent_path();
    }
    return abs;
}

bool is_under(const std::string& path, const std::string& dir) {
    return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 &&
           (dir.back() == '/' || path[dir.size()] == '/');
}

std::vector<InputRoot> resolve_inputs(const std::vector<fs::path>& inputs) {
    if (inputs.empty()) throw Error("no inputs given");
    std::vector<InputRoot> roots;
    bool have_stdin = false;
    for (const auto& input : inputs) {
        InputRoot root;
        root.argument = input;
        if (input == "-") {
            if (have_stdin) throw Error("standard input ('-') given more than once");
            have_stdin = true;
            root.is_stdin = true;
            roots.push_back(std::move(root));
            continue;
        }
        struct stat st {};
        if (::stat(input.c_str(), &st) != 0) {
            throw Error("input not found: " + input.string() + " (" +
                        std::error_code(errno, std::generic_category()).message() + ")");
        }
        root.absolute = absolute_normal(input);
        root.is_directory = S_ISDIR(st.st_mode);
        roots.push_back(std::move(root));
    }
    return roots;
}

std::vector<WorkItem> walk_inputs(const std::vector<InputRoot>& roots, const fs::path& exclude) {
    const std::string excluded = exclude.string();
    std::vector<WorkItem> items;
    WalkMemory memory;
    for (std::size_t i = 0; i < roots.size(); ++i) {
        const InputRoot& root = roots[i];
        if (root.is_stdin) {
            CorpusEntry entry;
            entry.path = "-";
            entry.relative = "-";
            items.push_back({i, std::move(entry)});
            continue;
        }
        if (!root.is_directory) {
            items.push_back({i, classify_file_argument(root.argument, memory)});
            continue;
        }
        for (auto& entry : walk_directory(root.argument, memory)) {
            // An index kept inside the corpus must not index itself.
            const std::string abs = (root.absolute / entry.relative).string();
            if (!excluded.empty() && (abs == excluded || is_under(abs, excluded))) continue;
            items.push_back({i, std::move(entry)});
        }
    }
    return items;
}

bool in_scope(const std::vector<InputRoot>& roots, const std::string& origin) {
    if (origin.empty()) return false;  // stdin documents belong to no scanned path
    for (const auto& root : roots) {
        if (root.is_stdin) continue;
        const std::string abs = root.absolute.string();
        if (root.is_directory ? is_under(origin, abs) : origin == abs) return true;
    }
    return false;
}

std::string folder_source(const InputRoot& root, const std::string& relative) {
    if (!root.is_directory) return {};
    const auto slash = relative.find('/');
    return slash == std::string::npos ? std::string() : relative.substr(0, slash);
}

}  // namespace dateline::detail
