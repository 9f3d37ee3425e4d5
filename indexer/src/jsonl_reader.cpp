#include "jsonl_reader.hpp"

#include <cerrno>
#include <system_error>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <dateline/input_limits.hpp>
#include <dateline/normalize.hpp>

#include "json_depth.hpp"

namespace dateline::detail {

namespace {

std::optional<std::string> string_field(const nlohmann::json& value, std::string_view name,
                                        std::vector<std::string>& warnings) {
    if (value.is_null()) return std::nullopt;
    if (value.is_string()) return value.get<std::string>();
    warnings.push_back("bad_field: " + std::string(name));
    return std::nullopt;
}

}  // namespace

JsonRecordResult parse_jsonl_record(std::string_view line) {
    JsonRecordResult result;
    if (const auto at = json_too_deep_at(line, schema::kMaxInputNestingDepth)) {
        result.error = schema::nesting_too_deep_detail() + " (at byte " + std::to_string(*at) + ")";
        return result;
    }
    // nlohmann refuses invalid UTF-8 in strings; repair first so one bad byte does not
    // lose the whole article.
    const Utf8Repair repaired = repair_utf8(line);
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(repaired.text);
    } catch (const nlohmann::json::parse_error& e) {
        result.error = e.what();
        return result;
    }
    if (!json.is_object()) {
        result.error = "not a JSON object";
        return result;
    }

    JsonArticle article;
    if (repaired.replaced_sequences > 0) {
        article.warnings.push_back("invalid_utf8: " + std::to_string(repaired.replaced_sequences) +
                                   " sequences replaced");
    }
    nlohmann::json extra = nlohmann::json::object();
    const bool has_body = json.contains("body") && json["body"].is_string();
    for (const auto& [name, value] : json.items()) {
        auto& w = article.warnings;
        if (name == "id") {
            if (value.is_string()) {
                article.id = value.get<std::string>();
            } else if (value.is_number_integer()) {
                article.id = value.dump();
            } else if (!value.is_null()) {
                w.emplace_back("bad_field: id");
            }
        } else if (name == "title") {
            article.title = string_field(value, name, w);
        } else if (name == "body" || (name == "text" && !has_body)) {
            article.body = string_field(value, name, w);
        } else if (name == "date") {
            article.date = string_field(value, name, w);
        } else if (name == "source") {
            article.source = string_field(value, name, w);
        } else if (name == "url") {
            article.url = string_field(value, name, w);
        } else if (name == "author") {
            article.author = string_field(value, name, w);
        } else {
            extra[name] = value;
        }
    }
    if (!extra.empty()) article.extra_json = extra.dump();
    result.article = std::move(article);
    return result;
}

bool LineReader::fill() {
    if (m_eof) return false;
    if (m_pos > 0) {
        m_buffer.erase(0, m_pos);
        m_pos = 0;
    }
    char chunk[65536];
    while (true) {
        const ssize_t n = ::read(m_fd, chunk, sizeof chunk);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw std::system_error(errno, std::generic_category());
        }
        if (n == 0) {
            m_eof = true;
            return false;
        }
        m_buffer.append(chunk, static_cast<std::size_t>(n));
        return true;
    }
}

LineReader::Status LineReader::next(std::string& line) {
    bool too_long = false;
    while (true) {
        const std::size_t nl = m_buffer.find('\n', m_pos);
        if (nl != std::string::npos) {
            ++m_line;
            if (too_long) {
                m_pos = nl + 1;
                return Status::kTooLong;
            }
            line.assign(m_buffer, m_pos, nl - m_pos);
            m_pos = nl + 1;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.size() > m_max) return Status::kTooLong;
            return Status::kLine;
        }
        if (m_buffer.size() - m_pos > m_max) {
            // Drop what we have of an over-long record instead of buffering it whole.
            too_long = true;
            m_buffer.clear();
            m_pos = 0;
        }
        if (!fill()) {
            if (m_pos >= m_buffer.size() && !too_long) return Status::kEnd;
            ++m_line;
            line.assign(m_buffer, m_pos, std::string::npos);
            m_buffer.clear();
            m_pos = 0;
            if (too_long || line.size() > m_max) return Status::kTooLong;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            return Status::kLine;
        }
    }
}

}  // namespace dateline::detail
