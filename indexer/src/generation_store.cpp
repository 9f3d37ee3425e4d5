#include "generation_store.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include <dateline/errors.hpp>
#include <dateline/index_stub.hpp>

#include "text_util.hpp"

namespace dateline::detail {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void throw_io(const std::string& what, const fs::path& path, int err) {
    throw IoError(what + " " + path.string() + ": " + std::strerror(err));
}

void write_file_synced(const fs::path& path, std::string_view content) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw_io("cannot create", path, errno);
    std::size_t done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            ::close(fd);
            throw_io("cannot write", path, err);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        const int err = errno;
        ::close(fd);
        throw_io("cannot sync", path, err);
    }
    if (::close(fd) != 0) throw_io("cannot close", path, errno);
}

void rename_or_throw(const fs::path& from, const fs::path& to) {
    if (std::rename(from.c_str(), to.c_str()) != 0) throw_io("cannot rename to", to, errno);
}

}  // namespace

void fsync_path(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw_io("cannot open", path, errno);
    if (::fsync(fd) != 0) {
        const int err = errno;
        ::close(fd);
        throw_io("cannot sync", path, err);
    }
    ::close(fd);
}

void fsync_tree(const fs::path& dir) {
    std::vector<fs::path> dirs{dir};
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.is_symlink()) continue;
        if (entry.is_directory()) {
            dirs.push_back(entry.path());
        } else if (entry.is_regular_file()) {
            fsync_path(entry.path());
        }
    }
    for (const auto& d : dirs) fsync_path(d);
}

void copy_generation(const fs::path& from, const fs::path& to) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(from, ec)) {
        if (!entry.is_regular_file()) continue;
        // Xapian's lock file belongs to whoever opens the copy; a copy of it means nothing.
        if (entry.path().filename() == "flintlock") continue;
        // libstdc++ 12 gives up when a signal interrupts its sendfile, and index-build's
        // SIGINT/SIGTERM handlers have no SA_RESTART (nor need an embedder's): copy again,
        // the cancel is seen at the next step.
        do {
            ec.clear();
            fs::copy_file(entry.path(), to / entry.path().filename(),
                          fs::copy_options::overwrite_existing, ec);
        } while (ec == std::errc::interrupted);
        if (ec) throw IoError("cannot copy " + entry.path().string() + ": " + ec.message());
    }
    if (ec) throw IoError("cannot read " + from.string() + ": " + ec.message());
}

Xapian::WritableDatabase open_private_database(const fs::path& dir, bool create) {
    bool in_tmp = false;
    for (const auto& part : dir.parent_path()) in_tmp |= part.string().starts_with(kTmpPrefix);
    if (!in_tmp && !dir.filename().string().starts_with(kTmpPrefix)) {
        throw std::logic_error("refusing to open " + dir.string() +
                               " for writing: not inside a private tmp-* directory");
    }
    // Create or open, never overwrite: the directory is fresh and private, or a private copy.
    const int flags = Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC |
                      (create ? Xapian::DB_CREATE : Xapian::DB_OPEN);
    return Xapian::WritableDatabase(dir.string(), flags);
}

std::uint64_t directory_bytes(const fs::path& dir) noexcept {
    std::uint64_t total = 0;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code size_ec;
        if (it->is_regular_file(size_ec)) {
            const auto size = it->file_size(size_ec);
            if (!size_ec) total += size;
        }
    }
    return total;
}

GenerationStore::GenerationStore(fs::path index_dir) : m_dir(std::move(index_dir)) {}

fs::path shard_dir(const fs::path& generation_dir, unsigned shard, unsigned shards) {
    return shards <= 1 ? generation_dir : generation_dir / schema::layout::shard_name(shard);
}

std::optional<std::uint64_t> GenerationStore::current() const {
    const auto published_generation = published();
    if (!published_generation) return std::nullopt;
    return published_generation->generation;
}

std::optional<PublishedGeneration> GenerationStore::published() const {
    const fs::path stub = m_dir / kStubName;
    std::error_code ec;
    if (!fs::exists(stub, ec)) return std::nullopt;
    std::ifstream in(stub);
    if (!in) throw IndexCorruptError("cannot read " + stub.string());
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    // Only what index-build publishes is ours (whitespace aside): anything else (a
    // hand-written stub listing remote shards, another program's database) must not be
    // overwritten silently.
    std::optional<schema::stub::Contents> contents;
    try {
        contents = schema::stub::parse(text, stub.string());
    } catch (const IndexOpenError&) {
    }
    if (contents && contents->shards.front().kind == schema::stub::Location::Kind::kLocal) {
        const std::string& first = contents->shards.front().path;
        if (const auto generation =
                schema::stub::parse_generation_name(first.substr(0, first.find('/')))) {
            const auto shards = static_cast<unsigned>(contents->shards.size());
            if (schema::stub::format(*contents) ==
                schema::stub::format(schema::stub::of_generation(*generation, shards))) {
                return PublishedGeneration{*generation, shards};
            }
        }
    }
    std::string_view first_line = trim(text);
    first_line = first_line.substr(0, first_line.find('\n'));
    throw IndexCorruptError(stub.string() + " does not name a Dateline generation (\"" +
                            std::string(trim(first_line).substr(0, 80)) +
                            "\"); rebuild into an empty directory");
}

fs::path GenerationStore::path_of(std::uint64_t generation) const {
    return m_dir / schema::stub::generation_name(generation);
}

std::uint64_t GenerationStore::next_generation() const {
    std::uint64_t highest = current().value_or(0);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(m_dir, ec)) {
        if (auto n = schema::stub::parse_generation_name(entry.path().filename().string())) {
            highest = std::max(highest, *n);
        }
    }
    return highest + 1;
}

fs::path GenerationStore::make_tmp_dir() const {
    std::random_device device;
    std::mt19937_64 random(device());
    for (int attempt = 0; attempt < 16; ++attempt) {
        char name[64];
        std::snprintf(name, sizeof name, "tmp-%ld-%08llx", static_cast<long>(::getpid()),
                      static_cast<unsigned long long>(random() & 0xFFFFFFFFULL));
        fs::path path = m_dir / name;  // returned: not const
        if (::mkdir(path.c_str(), 0755) == 0) return path;
        if (errno != EEXIST) throw_io("cannot create", path, errno);
    }
    throw IoError("cannot create a temporary directory in " + m_dir.string());
}

std::size_t GenerationStore::remove_abandoned_tmp_dirs() const {
    std::size_t removed = 0;
    std::error_code ec;
    std::vector<fs::path> doomed;
    for (const auto& entry : fs::directory_iterator(m_dir, ec)) {
        if (entry.path().filename().string().starts_with(kTmpPrefix))
            doomed.push_back(entry.path());
    }
    for (const auto& path : doomed) {
        fs::remove_all(path, ec);
        if (!ec) ++removed;
    }
    // A build killed between writing and renaming the new stub leaves XAPIANDB.tmp; the
    // published XAPIANDB is untouched by it, but the next publish must not trip over it.
    fs::remove(m_dir / (std::string(kStubName) + ".tmp"), ec);
    return removed;
}

std::string GenerationStore::publish(const fs::path& tmp, std::uint64_t generation,
                                     const StepHook& hook, unsigned shards) const {
    const auto step = [&hook](std::string_view name) {
        if (hook) hook(name);
    };
    // Order matters for power loss: the generation's data must be durable before any
    // name points at it, and the new gen-NNNNNN name durable before the stub names it.
    fsync_tree(tmp);
    step("after-tree-fsync");
    const fs::path target = path_of(generation);
    rename_or_throw(tmp, target);

    const fs::path stub = m_dir / kStubName;
    const fs::path stub_tmp = m_dir / (std::string(kStubName) + ".tmp");
    try {
        fsync_path(m_dir);
        step("after-rename");
        write_file_synced(stub_tmp,
                          schema::stub::format(schema::stub::of_generation(generation, shards)));
        step("after-stub-write");
        rename_or_throw(stub_tmp, stub);
    } catch (const IoError&) {
        // Nothing names the new generation yet: drop it now rather than leave a full
        // disk fuller until the next build.
        std::error_code ec;
        fs::remove(stub_tmp, ec);
        fs::remove_all(target, ec);
        throw;
    }
    step("after-stub-rename");
    // Readers already see the new generation; a failure here only means the rename may
    // not survive a power loss, so it is reported, not thrown.
    std::string warning;
    try {
        fsync_path(m_dir);
    } catch (const IoError& e) {
        warning = std::string("published, but could not be made durable: ") + e.what();
    }
    step("after-dir-fsync");
    return warning;
}

void GenerationStore::remove_old_generations(std::uint64_t current,
                                             std::optional<std::uint64_t> previous) const noexcept {
    std::error_code ec;
    std::vector<fs::path> doomed;
    for (const auto& entry : fs::directory_iterator(m_dir, ec)) {
        const auto n = schema::stub::parse_generation_name(entry.path().filename().string());
        if (n && *n != current && n != previous) doomed.push_back(entry.path());
    }
    for (const auto& path : doomed) fs::remove_all(path, ec);
}

}  // namespace dateline::detail
