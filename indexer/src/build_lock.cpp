#include "build_lock.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <dateline/errors.hpp>

namespace dateline::detail {

BuildLock::BuildLock(const std::filesystem::path& index_dir) {
    const std::filesystem::path path = index_dir / kBuildLockName;
    m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (m_fd < 0) {
        const int err = errno;
        if (err == EROFS || err == EACCES || err == EPERM) {
            // The usual first sign of a read-only mount or a directory owned by someone else.
            throw IoError("index directory is not writable: " + index_dir.string() + ": " +
                          std::strerror(err));
        }
        throw IoError("cannot open build lock " + path.string() + ": " + std::strerror(err));
    }
    // flock() locks belong to the open file description: a second open in this same
    // process conflicts too, which is what a library caller running two builds expects.
    while (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        if (err == EINTR) continue;
        ::close(m_fd);
        m_fd = -1;
        if (err == EWOULDBLOCK) {
            throw IndexLockedError("index is locked by another build: " + index_dir.string());
        }
        throw IoError("cannot lock " + path.string() + ": " + std::strerror(err));
    }
}

BuildLock::~BuildLock() {
    if (m_fd >= 0) ::close(m_fd);  // closing releases the flock
}

}  // namespace dateline::detail
