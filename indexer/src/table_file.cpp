#include "table_file.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include <dateline/errors.hpp>
#include <dateline/normalize.hpp>

#include "text_util.hpp"

namespace dateline::detail {

namespace {
constexpr std::size_t kPollEvery = 4096;  // lines between two cancellation polls
}

void for_each_table_line(
    std::string_view text, const CancelPoll& poll,
    const std::function<void(std::size_t, const std::vector<std::string_view>&)>& on_line) {
    std::size_t line_number = 0;
    const std::string repaired = repair_utf8(text).text;  // the lines below view into it
    std::vector<std::string_view> fields;
    for (std::string_view line : split_lines(repaired)) {
        ++line_number;
        if (poll && line_number % kPollEvery == 0) poll();
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (is_blank(line) || trim(line).front() == '#') continue;
        fields.clear();
        std::size_t start = 0;
        while (start <= line.size()) {
            std::size_t tab = line.find('\t', start);
            if (tab == std::string_view::npos) tab = line.size();
            const std::string_view field = line.substr(start, tab - start);
            start = tab + 1;
            if (!is_blank(field)) fields.push_back(field);
        }
        on_line(line_number, fields);
    }
}

std::string read_table_file(const std::filesystem::path& file, std::string_view what) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw IoError("cannot read " + std::string(what) + " file " + file.string());
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::vector<std::filesystem::path> find_table_files(
    const std::optional<std::filesystem::path>& given, std::string_view name, std::string_view what,
    const std::vector<InputRoot>& roots) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    if (given) {
        if (!std::filesystem::is_regular_file(*given, ec)) {
            throw Error(std::string(what) + " file not found: " + given->string());
        }
        files.push_back(*given);
        return files;
    }
    for (const auto& root : roots) {
        const std::filesystem::path candidate = root.argument / name;
        if (root.is_directory && std::filesystem::is_regular_file(candidate, ec)) {
            files.push_back(candidate);
        }
    }
    return files;
}

}  // namespace dateline::detail
