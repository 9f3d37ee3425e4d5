#include "engine_errors.hpp"

#include <cerrno>
#include <cstring>

#include <xapian.h>

#include <dateline/errors.hpp>

namespace dateline::detail {

namespace {

// The causes docs/GUARANTEES.md reserves exit 74 for: the file system said no (disk
// full, read-only, EIO, permissions) or ran out of a resource. Anything else Xapian
// reports about a database ("inflate failed", "EOF reading block", "Couldn't open … to
// read" for a file that is gone) is damage: retrying will not help, --rebuild will.
bool is_io_cause(const Xapian::Error& error) {
    const char* text = error.get_error_string();
    if (text == nullptr) return false;
    for (const int err : {ENOSPC, EDQUOT, EFBIG, EROFS, EIO, EACCES, EPERM, EMFILE, ENFILE}) {
        if (std::strcmp(text, std::strerror(err)) == 0) return true;
    }
    return false;
}

constexpr const char* kRebuildHint = "; the index may be damaged: run index-build --rebuild";

}  // namespace

void translate_engine_error(const std::string& where) {
    try {
        throw;
    } catch (const Xapian::DatabaseError& e) {
        // DatabaseCorruptError is a DatabaseError too; an errno decides, not the class.
        if (is_io_cause(e)) throw IoError("index I/O error: " + e.get_description() + where);
        throw IndexCorruptError("index error: " + e.get_description() + where + kRebuildHint);
    } catch (const Xapian::Error& e) {
        throw Error("index error: " + e.get_description() + where);
    }
}

}  // namespace dateline::detail
