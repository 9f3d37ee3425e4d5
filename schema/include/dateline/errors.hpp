/// @file
/// Every exception Dateline throws. Backend exceptions (Xapian, ICU) are caught at
/// the library boundary and translated into these; no public name mentions them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

#include <dateline/schema_export.hpp>

namespace dateline {

/// Base of all Dateline errors. what() is a one-line, user-presentable message.
class DATELINE_SCHEMA_EXPORT Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// A query that cannot be run as written. position() is the 0-based offset, in characters
/// (code points) of the query text as given, where the problem was detected (the text's
/// length in characters if at the end). (Before JSON format 2 it counted bytes of the
/// normalized text.)
class DATELINE_SCHEMA_EXPORT QueryError : public Error {
  public:
    QueryError(const std::string& message, std::size_t position)
        : Error(message), m_position(position) {}
    [[nodiscard]] std::size_t position() const noexcept { return m_position; }

  private:
    std::size_t m_position;
};

/// A query or request that exceeds a safety limit (bytes, terms, nesting, wildcard
/// expansion, page size). A QueryError, so callers may treat both alike.
class DATELINE_SCHEMA_EXPORT QueryLimitError : public QueryError {
  public:
    using QueryError::QueryError;
};

/// The index does not exist or cannot be opened (missing, permission denied, …).
class DATELINE_SCHEMA_EXPORT IndexOpenError : public Error {
  public:
    using Error::Error;
};

/// The index was built with another schema version; rebuild it with index-build --rebuild.
class DATELINE_SCHEMA_EXPORT SchemaVersionError : public IndexOpenError {
  public:
    using IndexOpenError::IndexOpenError;
};

/// The index is damaged (checksum or structure errors from the engine).
class DATELINE_SCHEMA_EXPORT IndexCorruptError : public Error {
  public:
    using Error::Error;
};

/// Another index-build holds the build lock of this index.
class DATELINE_SCHEMA_EXPORT IndexLockedError : public Error {
  public:
    using Error::Error;
};

/// A file-system or engine I/O failure (disk full, read-only, I/O error).
class DATELINE_SCHEMA_EXPORT IoError : public Error {
  public:
    using Error::Error;
};

/// A shard of a sharded index (typically a remote one, served by xapian-tcpsrv) failed,
/// refused the connection or did not answer within the timeout, and partial answers
/// were not allowed (SearcherOptions::allow_partial). what() names the shard and the
/// reason; shard() is its name as the stub lists it ("host:port", or a local path).
class DATELINE_SCHEMA_EXPORT ShardUnavailableError : public Error {
  public:
    ShardUnavailableError(const std::string& message, std::string shard)
        : Error(message), m_shard(std::move(shard)) {}
    [[nodiscard]] const std::string& shard() const noexcept { return m_shard; }

  private:
    std::string m_shard;
};

/// A search parameter given as text (searcher.hpp: make_search_request(),
/// make_searcher_options()) with a value that cannot be used, or a search without query or
/// filter. what() names the parameter as RequestArgument::name gave it; argument() is that
/// name (empty for a missing query).
class DATELINE_SCHEMA_EXPORT RequestArgumentError : public Error {
  public:
    RequestArgumentError(const std::string& message, std::string argument)
        : Error(message), m_argument(std::move(argument)) {}
    [[nodiscard]] const std::string& argument() const noexcept { return m_argument; }

  private:
    std::string m_argument;
};

/// A build was cancelled: BuildOptions::cancel_requested (indexer.hpp) returned true.
/// Nothing was published and the temporary generation was removed.
class DATELINE_SCHEMA_EXPORT BuildCancelledError : public Error {
  public:
    using Error::Error;
};

/// A build would replace the current generation by one with fewer than half its
/// documents (and BuildOptions::force is not set). Nothing was published.
class DATELINE_SCHEMA_EXPORT IndexShrinkError : public Error {
  public:
    IndexShrinkError(const std::string& message, std::uint64_t current_documents,
                     std::uint64_t new_documents)
        : Error(message), m_current(current_documents), m_new(new_documents) {}
    [[nodiscard]] std::uint64_t current_documents() const noexcept { return m_current; }
    [[nodiscard]] std::uint64_t new_documents() const noexcept { return m_new; }

  private:
    std::uint64_t m_current;
    std::uint64_t m_new;
};

}  // namespace dateline
