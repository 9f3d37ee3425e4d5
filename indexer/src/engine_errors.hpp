/// @file
/// Xapian's exceptions, translated into Dateline's documented error types by cause.
#pragma once

#include <string>

namespace dateline::detail {

/// Call only inside a catch block handling a Xapian::Error: throws the dateline::Error
/// that the exception being handled stands for; `where` (" (index DIR)") is appended to
/// the message. (Xapian::Error is not polymorphic, so the cause is found by rethrowing.)
[[noreturn]] void translate_engine_error(const std::string& where);

}  // namespace dateline::detail
