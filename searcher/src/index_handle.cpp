#include "index_handle.hpp"

#include <cerrno>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include <dateline/errors.hpp>
#include <dateline/index_layout.hpp>
#include <dateline/index_stub.hpp>

#include "access_check.hpp"

namespace dateline::detail {

IndexHandle::IndexHandle(std::filesystem::path index_dir, ShardPolicy policy)
    : m_dir(std::move(index_dir)), m_policy(policy) {
    struct stat info {};
    if (::stat(m_dir.c_str(), &info) != 0 && errno == EACCES) {
        // A parent directory we may not search: the index may well exist.
        throw IndexOpenError("permission denied: " + m_dir.string());
    }
    std::error_code ec;
    if (!std::filesystem::is_directory(m_dir, ec)) {
        throw IndexOpenError("no index at " + m_dir.string() + " (build one with index-build)");
    }
    require_access(m_dir, R_OK | X_OK);
    open_current(read_stub());
}

std::string IndexHandle::read_stub() const {
    const auto stub = m_dir / schema::layout::kStubName;
    require_access(stub, R_OK);
    std::ifstream in(stub);
    if (!in) {
        throw IndexOpenError(m_dir.string() +
                             " is not a Dateline index (no XAPIANDB); build one with index-build");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void IndexHandle::open(const std::string& stub_text) {
    const auto stub = m_dir / schema::layout::kStubName;
    auto set =
        std::make_unique<ShardSet>(m_dir, schema::stub::parse(stub_text, stub.string()), m_policy);
    m_set = std::move(set);
    m_stub_text = stub_text;
}

bool IndexHandle::refresh() {
    auto text = read_stub();
    if (text == m_stub_text) return false;
    open_current(std::move(text));
    return true;
}

void IndexHandle::reopen_fresh() { open_current(read_stub()); }

void IndexHandle::open_current(std::string stub_text) {
    // A publish between reading the stub and opening may already have removed the
    // generation we read about; the stub then names a newer one, so look again once.
    // The same holds for files of that generation found missing while it was removed.
    const auto retry = [&] {
        auto again = read_stub();
        if (again == stub_text) throw;
        open(again);
    };
    try {
        open(stub_text);
    } catch (const IndexOpenError&) {
        retry();
    } catch (const IndexCorruptError&) {
        retry();
    }
}

}  // namespace dateline::detail
