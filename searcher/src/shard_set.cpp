#include "shard_set.hpp"

#include <charconv>
#include <optional>
#include <string_view>

#include <dateline/errors.hpp>
#include <dateline/generation_files.hpp>
#include <dateline/index_stub.hpp>
#include <dateline/schema.hpp>
#include <dateline/schema_version.hpp>

#include "access_check.hpp"

namespace dateline::detail {
namespace {

constexpr const char* kRebuild = "rebuild it with index-build --rebuild";

// Xapian reads a missing lazy table (position, termlist, docdata, spelling, synonym) as
// an empty one: phrases would silently become AND. A directory that is gone is left to
// Xapian's open (a publish may have removed it: the caller then reads the stub again).
void refuse_damaged(const std::filesystem::path& database, const std::string& where) {
    std::error_code ec;
    if (!std::filesystem::is_directory(database, ec)) return;
    explain_denied_files(database);  // "permission denied: <path>", not damage
    if (const auto damage = schema::find_file_damage(database)) {
        throw IndexCorruptError(where + " is damaged (" + damage->description + " in " +
                                database.string() + "); " + kRebuild);
    }
}

std::optional<std::uint64_t> parse_number(std::string_view text) {
    std::uint64_t value = 0;
    const auto* end = text.data() + text.size();
    if (auto [p, ec] = std::from_chars(text.data(), end, value);
        !text.empty() && ec == std::errc{} && p == end) {
        return value;
    }
    return std::nullopt;
}

// The generation metadata, else the directory name: older builds lacked the key.
std::uint64_t generation_of(const Xapian::Database& db, const std::string& path) {
    const auto text = db.get_metadata(std::string(schema::metadata::kGeneration));
    if (const auto value = parse_number(text)) return *value;
    return schema::stub::generation_from_path(path);
}

bool is_timeout(const Xapian::NetworkError& e) {
    // Xapian's errors are not polymorphic: the type name is how to tell them apart.
    return std::string_view(e.get_type()) == "NetworkTimeoutError";
}

std::string describe(const Xapian::NetworkError& e, unsigned timeout_ms) {
    std::string text = e.get_msg();
    if (is_timeout(e)) {
        return "no answer within " + std::to_string(timeout_ms) + " ms (" + text + ")";
    }
    if (const char* why = e.get_error_string(); why != nullptr && *why != '\0') {
        text += std::string(" (") + why + ")";
    }
    return text;
}

// Xapian's RemoteDatabase names its connection in every error's context like this
// (remote-database.cc, 1.4): the only way to tell which shard of a combined database failed.
std::string remote_context(const schema::stub::Location& where) {
    return "remote:tcp(" + where.host + ":" + std::to_string(where.port) + ")";
}

}  // namespace

ShardSet::ShardSet(std::filesystem::path dir, schema::stub::Contents stub, ShardPolicy policy)
    : m_dir(std::move(dir)), m_policy(policy) {
    const auto now = Clock::now();
    bool generation_known = false;
    if (stub.terms) {
        m_has_terms = true;
        const auto full = local_path(*stub.terms);
        const std::string label = "terms database " + *stub.terms;
        refuse_damaged(full, label);
        try {
            m_terms = Xapian::Database(full.string());
            schema::require_schema_version(
                m_terms.get_metadata(std::string(schema::metadata::kSchemaVersion)),
                "index at " + m_dir.string() + " (" + label + ")", m_policy.schema_version);
            m_generation = generation_of(m_terms, *stub.terms);
            generation_known = true;
        } catch (const Xapian::DatabaseVersionError& e) {
            throw SchemaVersionError("index at " + m_dir.string() + " (" + label +
                                     ") uses an unsupported format (" + e.get_msg() + "); " +
                                     kRebuild);
        } catch (const Xapian::DatabaseCorruptError& e) {
            throw IndexCorruptError("index at " + m_dir.string() + " (" + label + ") is damaged (" +
                                    e.get_msg() + "); " + kRebuild);
        } catch (const Xapian::Error& e) {
            explain_denied_files(full);
            throw IndexOpenError("cannot open index " + m_dir.string() + " (" + label +
                                 "): " + e.get_msg());
        }
    }
    m_shards.reserve(stub.shards.size());
    for (auto& where : stub.shards) {
        Shard shard;
        shard.label = where.label();
        shard.where = std::move(where);
        m_has_remote = m_has_remote || shard.where.kind == schema::stub::Location::Kind::kRemote;
        m_shards.push_back(std::move(shard));
    }
    for (auto& shard : m_shards) {
        connect(shard, now);
        if (!generation_known && shard.up) {
            // The first shard sets the generation the others must match.
            m_generation = shard.generation ? *shard.generation
                                            : schema::stub::generation_from_path(shard.where.path);
            generation_known = true;
        }
    }
    combine();
    enforce_policy();
}

const Xapian::Database& ShardSet::terms() const noexcept {
    return m_has_terms ? m_terms : m_combined;
}

const Xapian::Database& ShardSet::metadata_source() const {
    if (m_has_terms) return m_terms;
    for (const auto& shard : m_shards) {
        if (shard.up) return shard.db;
    }
    return m_combined;
}

std::vector<std::string> ShardSet::labels() const {
    std::vector<std::string> out;
    out.reserve(m_shards.size());
    for (const auto& shard : m_shards) out.push_back(shard.label);
    return out;
}

std::vector<ShardFailure> ShardSet::failures() const {
    std::vector<ShardFailure> out;
    for (const auto& shard : m_shards) {
        if (!shard.up) out.push_back({shard.label, shard.error});
    }
    return out;
}

std::string ShardSet::index_name(const std::string& label) const {
    if (m_shards.size() == 1 && !m_has_terms) return m_dir.string();
    return m_dir.string() + " (shard " + label + ")";
}

std::string ShardSet::where(const std::string& label) const {
    return "index at " + index_name(label);
}

std::filesystem::path ShardSet::local_path(const std::string& path) const {
    const std::filesystem::path p(path);
    return p.is_absolute() ? p : m_dir / p;
}

void ShardSet::connect(Shard& shard, Clock::time_point now) {
    shard.db = Xapian::Database();
    shard.up = false;
    const bool remote = shard.where.kind == schema::stub::Location::Kind::kRemote;
    const auto full = remote ? std::filesystem::path() : local_path(shard.where.path);
    try {
        if (!remote) refuse_damaged(full, where(shard.label));
        if (remote) {
            shard.db = Xapian::Remote::open(shard.where.host, shard.where.port, m_policy.timeout_ms,
                                            m_policy.connect_timeout_ms);
        } else {
            shard.db = Xapian::Database(full.string());
        }
        shard.up = true;
        shard.error.clear();
        check_metadata(shard, now);
    } catch (const Xapian::NetworkError& e) {
        const bool connecting = e.get_msg().find("onnect") != std::string::npos;
        mark_down(shard,
                  describe(e, connecting ? m_policy.connect_timeout_ms : m_policy.timeout_ms), now);
    } catch (const Xapian::DatabaseVersionError& e) {
        throw SchemaVersionError(where(shard.label) + " uses an unsupported format (" +
                                 e.get_msg() + "); " + kRebuild);
    } catch (const Xapian::DatabaseCorruptError& e) {
        throw IndexCorruptError(where(shard.label) + " is damaged (" + e.get_msg() + "); " +
                                kRebuild);
    } catch (const Xapian::Error& e) {
        if (!remote) explain_denied_files(full);
        throw IndexOpenError("cannot open index " + index_name(shard.label) + ": " + e.get_msg());
    }
}

void ShardSet::check_metadata(Shard& shard, Clock::time_point now) {
    schema::require_schema_version(
        shard.db.get_metadata(std::string(schema::metadata::kSchemaVersion)), where(shard.label),
        m_policy.schema_version);
    // Shards of different builds would answer with documents missing or twice. Only
    // the build's own number counts here: a remote shard has no path to read one from.
    shard.generation =
        parse_number(shard.db.get_metadata(std::string(schema::metadata::kGeneration)));
    if (m_shards.size() == 1 && !m_has_terms) return;
    if (shard.generation && m_generation != 0 && *shard.generation != m_generation) {
        mark_down(shard,
                  "it holds generation " + std::to_string(*shard.generation) +
                      ", the index is at " + std::to_string(m_generation),
                  now);
    }
}

void ShardSet::mark_down(Shard& shard, std::string why, Clock::time_point now) {
    shard.db = Xapian::Database();  // closes the connection
    shard.up = false;
    shard.error = std::move(why);
    shard.failed_at = now;
}

void ShardSet::combine() {
    Xapian::Database combined;
    std::size_t up = 0;
    for (const auto& shard : m_shards) {
        if (!shard.up) continue;
        combined.add_database(shard.db);
        ++up;
    }
    if (up == 0) {
        std::string list;
        for (const auto& shard : m_shards) {
            list += (list.empty() ? "" : "; ") + shard.label + ": " + shard.error;
        }
        throw ShardUnavailableError(
            "no shard of index " + m_dir.string() + " is available (" + list + ")",
            m_shards.front().label);
    }
    m_combined = std::move(combined);
}

void ShardSet::enforce_policy() const {
    if (m_policy.allow_partial) return;
    std::string list;
    const Shard* first = nullptr;
    std::size_t down = 0;
    for (const auto& shard : m_shards) {
        if (shard.up) continue;
        if (first == nullptr) first = &shard;
        list += (list.empty() ? "" : "; ") + shard.label + ": " + shard.error;
        ++down;
    }
    if (first == nullptr) return;
    throw ShardUnavailableError(
        (down == 1 ? "shard " + first->label + " of index " + m_dir.string() +
                         " is unavailable: " + first->error
                   : std::to_string(down) + " shards of index " + m_dir.string() +
                         " are unavailable (" + list + ")"),
        first->label);
}

void ShardSet::begin_search(Clock::time_point now) {
    m_recovered_unknown = false;
    bool changed = false;
    for (auto& shard : m_shards) {
        shard.reconnected = false;
        if (!shard.up && now - shard.failed_at >= m_policy.retry_interval) {
            connect(shard, now);
            changed = true;
        }
    }
    if (changed) combine();
    enforce_policy();
}

void ShardSet::recover(const Xapian::NetworkError& error, Clock::time_point now) {
    const auto& context = error.get_context();
    Shard* culprit = nullptr;
    for (auto& shard : m_shards) {
        if (shard.up && shard.where.kind == schema::stub::Location::Kind::kRemote &&
            context == remote_context(shard.where)) {
            culprit = &shard;
            break;
        }
    }
    if (culprit == nullptr) {
        if (m_recovered_unknown) {
            throw IoError("search failed: " + error.get_description());
        }
        m_recovered_unknown = true;
    } else if (is_timeout(error) || culprit->reconnected) {
        // A slow shard is not asked again in this search: that would cost a second
        // timeout. A connection that broke twice is not a stale connection.
        mark_down(*culprit, describe(error, m_policy.timeout_ms), now);
    } else {
        // Typically xapian-tcpsrv's idle timeout closed it, or the server restarted.
        culprit->reconnected = true;
    }
    // The other remote connections may have been left mid-reply by the interrupted
    // match: only fresh ones are safe to reuse.
    for (auto& shard : m_shards) {
        if (shard.up && shard.where.kind == schema::stub::Location::Kind::kRemote)
            connect(shard, now);
    }
    combine();
    enforce_policy();
}

}  // namespace dateline::detail
