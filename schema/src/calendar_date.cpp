#include <array>
#include <cstdio>
#include <memory>
#include <vector>

#include <unicode/gregocal.h>
#include <unicode/locid.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <dateline/calendar_date.hpp>

namespace dateline {
namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

bool is_leap(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(int y, unsigned m) noexcept {
    constexpr std::array<unsigned, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29U : kDays.at(m - 1);
}

// Reads exactly `n` ASCII digits at `s[pos]`.
std::optional<unsigned> read_digits(std::string_view s, std::size_t pos, std::size_t n) noexcept {
    if (pos + n > s.size()) return std::nullopt;
    unsigned v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (!is_digit(s[i])) return std::nullopt;
        v = v * 10 + static_cast<unsigned>(s[i] - '0');
    }
    return v;
}

std::optional<CalendarDate> make_date(unsigned y, unsigned m, unsigned d) noexcept {
    if (!CalendarDate::is_valid(static_cast<int>(y), m, d)) return std::nullopt;
    return CalendarDate{static_cast<int>(y), m, d};
}

// The ISO form at the start of `s`: returns the date and how many bytes it spans
// (date part only; a following time is the caller's business).
std::optional<std::pair<CalendarDate, std::size_t>> iso_prefix(std::string_view s) noexcept {
    const auto y = read_digits(s, 0, 4);
    if (!y || s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    const auto m = read_digits(s, 5, 2);
    const auto d = read_digits(s, 8, 2);
    if (!m || !d) return std::nullopt;
    if (s.size() > 10 && is_digit(s[10])) return std::nullopt;
    auto date = make_date(*y, *m, *d);
    if (!date) return std::nullopt;
    return std::pair{*date, std::size_t{10}};
}

// "T10:00", "T10:00:00.5Z", " 10:00:00+02:00": loosely, digits and time punctuation.
bool is_iso_time_suffix(std::string_view rest) noexcept {
    if (rest.empty()) return true;
    if (rest[0] != 'T' && rest[0] != ' ') return false;
    if (rest.size() < 3 || !is_digit(rest[1]) || !is_digit(rest[2])) return false;
    for (char c : rest.substr(1)) {
        if (!is_digit(c) && c != ':' && c != '.' && c != 'Z' && c != '+' && c != '-') return false;
    }
    return true;
}

std::string_view trim(std::string_view s) noexcept {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

// Written forms, most specific first so "Friday, July 4, 2025" is not read as a
// shorter match. Month and weekday names come from ICU's English locale data.
constexpr std::array<const char*, 14> kWrittenPatterns = {
    "EEE, d MMM yyyy HH:mm:ss Z",  // RFC 2822
    "EEE, d MMM yyyy HH:mm Z",     // RFC 2822 without seconds
    "d MMM yyyy HH:mm:ss Z",       // RFC 2822 without weekday
    "EEE, d MMM yyyy HH:mm:ss zzz",
    "EEEE, MMMM d, yyyy",
    "EEE, MMM d, yyyy",
    "MMMM d, yyyy",
    "MMM. d, yyyy",
    "MMMM d yyyy",
    "d MMMM yyyy",
    "d MMM. yyyy",
    "d MMMM, yyyy",
    "EEE, d MMM yyyy",
    "EEEE d MMMM yyyy",
};

// ICU formatters are expensive to build and not thread-safe: one set per thread.
class WrittenDateParser {
  public:
    WrittenDateParser() {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Locale locale("en_US_POSIX");
        for (const char* pattern : kWrittenPatterns) {
            auto f = std::make_unique<icu::SimpleDateFormat>(icu::UnicodeString(pattern), locale,
                                                             status);
            if (U_FAILURE(status)) return;  // no locale data: only ISO dates will parse
            f->setLenient(false);
            m_formats.push_back(std::move(f));
        }
        m_calendar =
            std::make_unique<icu::GregorianCalendar>(icu::TimeZone::getGMT()->clone(), status);
        if (U_FAILURE(status)) m_formats.clear();
        if (m_calendar) m_calendar->setLenient(false);  // rejects February 30
    }

    struct Match {
        CalendarDate date;
        int32_t end;  ///< UTF-16 index just past the date
    };

    /// Tries every pattern at UTF-16 index `start`; the longest valid match wins.
    std::optional<Match> parse_at(const icu::UnicodeString& text, int32_t start) {
        std::optional<Match> best;
        for (const auto& f : m_formats) {
            icu::ParsePosition pos(start);
            m_calendar->clear();
            m_calendar->setTimeZone(*icu::TimeZone::getGMT());
            f->parse(text, *m_calendar, pos);
            if (pos.getErrorIndex() >= 0 || pos.getIndex() <= start) continue;
            UErrorCode status = U_ZERO_ERROR;
            const int y = m_calendar->get(UCAL_YEAR, status);
            const int m = m_calendar->get(UCAL_MONTH, status) + 1;
            const int d = m_calendar->get(UCAL_DATE, status);
            if (U_FAILURE(status) || m_calendar->get(UCAL_ERA, status) != 1) continue;
            if (!has_four_digit_year(text, start, pos.getIndex(), y)) continue;
            if (!CalendarDate::is_valid(y, static_cast<unsigned>(m), static_cast<unsigned>(d))) {
                continue;
            }
            if (!best || pos.getIndex() > best->end) {
                best =
                    Match{{y, static_cast<unsigned>(m), static_cast<unsigned>(d)}, pos.getIndex()};
            }
        }
        return best;
    }

  private:
    // ICU's "yyyy" also accepts "25" (year 25 AD); a news date always spells four digits.
    static bool has_four_digit_year(const icu::UnicodeString& text, int32_t from, int32_t to,
                                    int year) {
        char want[8];
        std::snprintf(want, sizeof want, "%04d", year);
        std::string consumed;
        text.tempSubStringBetween(from, to).toUTF8String(consumed);
        for (std::size_t p = consumed.find(want); p != std::string::npos;
             p = consumed.find(want, p + 1)) {
            const bool starts = p == 0 || !is_digit(consumed[p - 1]);
            const bool ends = p + 4 == consumed.size() || !is_digit(consumed[p + 4]);
            if (starts && ends) return true;
        }
        return false;
    }

    std::vector<std::unique_ptr<icu::SimpleDateFormat>> m_formats;
    std::unique_ptr<icu::Calendar> m_calendar;
};

WrittenDateParser& written_parser() {
    thread_local WrittenDateParser parser;
    return parser;
}

bool is_word_char(UChar32 c) { return u_isalnum(c) != 0; }

// UTF-16 index → UTF-8 byte offset for `text` (which came from UTF-8).
std::vector<std::size_t> utf8_offsets(const icu::UnicodeString& text) {
    std::vector<std::size_t> offsets(static_cast<std::size_t>(text.length()) + 1, 0);
    std::size_t bytes = 0;
    for (int32_t i = 0; i < text.length();) {
        const UChar32 c = text.char32At(i);
        const int32_t units = U16_LENGTH(c);
        for (int32_t k = 0; k < units; ++k)
            offsets[static_cast<std::size_t>(i) + static_cast<std::size_t>(k)] = bytes;
        bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        i += units;
    }
    offsets.back() = bytes;
    return offsets;
}

}  // namespace

bool CalendarDate::is_valid(int year, unsigned month, unsigned day) noexcept {
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
           day <= days_in_month(year, month);
}

std::string CalendarDate::iso() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year, month, day);
    return buf;
}

std::string CalendarDate::compact() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02u%02u", year, month, day);
    return buf;
}

std::int64_t CalendarDate::days_since_epoch() const noexcept {
    // Howard Hinnant's days_from_civil.
    const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t mp = (static_cast<std::int64_t>(month) + 9) % 12;
    const std::int64_t doy = (153 * mp + 2) / 5 + static_cast<std::int64_t>(day) - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

std::optional<CalendarDate> parse_iso_date(std::string_view text) noexcept {
    if (text.size() == 8) {
        const auto y = read_digits(text, 0, 4);
        const auto m = read_digits(text, 4, 2);
        const auto d = read_digits(text, 6, 2);
        if (!y || !m || !d) return std::nullopt;
        return make_date(*y, *m, *d);
    }
    if (text.size() != 10) return std::nullopt;
    const auto found = iso_prefix(text);
    return found ? std::optional(found->first) : std::nullopt;
}

std::optional<CalendarDate> parse_compact_date(std::string_view text) noexcept {
    if (text.size() != 8) return std::nullopt;
    return parse_iso_date(text);
}

std::optional<CalendarDate> parse_written_date(std::string_view text) {
    text = trim(text);
    if (text.empty()) return std::nullopt;
    if (const auto iso = iso_prefix(text)) {
        return is_iso_time_suffix(text.substr(iso->second)) ? std::optional(iso->first)
                                                            : std::nullopt;
    }
    const icu::UnicodeString u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    const auto match = written_parser().parse_at(u, 0);
    if (!match || match->end != u.length()) return std::nullopt;
    return match->date;
}

std::optional<FoundDate> find_date_in_line(std::string_view line) {
    // ISO dates first: cheap, unambiguous, and a byte scan suffices.
    for (std::size_t p = 0; p + 10 <= line.size(); ++p) {
        if (p > 0 && (is_digit(line[p - 1]) || line[p - 1] == '-')) continue;
        if (const auto iso = iso_prefix(line.substr(p))) return FoundDate{iso->first, p, 10};
    }
    // Written dates end in a four-digit year (or an RFC 2822 time after it); only
    // lines that have one are worth handing to ICU.
    bool has_year = false;
    for (std::size_t p = 0; p + 4 <= line.size() && !has_year; ++p) {
        has_year = read_digits(line, p, 4).has_value() && (p == 0 || !is_digit(line[p - 1])) &&
                   (p + 4 == line.size() || !is_digit(line[p + 4]));
    }
    if (!has_year) return std::nullopt;

    const icu::UnicodeString u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(line.data(), static_cast<int32_t>(line.size())));
    const auto offsets = utf8_offsets(u);
    for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) {
        const UChar32 c = u.char32At(i);
        if (!is_word_char(c)) continue;
        if (i > 0 && is_word_char(u.char32At(u.moveIndex32(i, -1)))) continue;  // not a word start
        const auto match = written_parser().parse_at(u, i);
        if (!match) continue;
        if (match->end < u.length() && is_word_char(u.char32At(match->end))) continue;
        const auto begin = offsets[static_cast<std::size_t>(i)];
        const auto end = offsets[static_cast<std::size_t>(match->end)];
        return FoundDate{match->date, begin, end - begin};
    }
    return std::nullopt;
}

}  // namespace dateline
