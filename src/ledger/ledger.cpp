// The ledger model, its rendering, checksums and timestamps.
#include "mig_guard/ledger/ledger.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "internal.hpp"
#include "mig_guard/common/diagnostic.hpp"

namespace mig_guard::ledger {

namespace detail {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

unsigned digits(std::string_view s, size_t pos, size_t n) {
    unsigned v = 0;
    for (size_t i = pos; i < pos + n; ++i) v = v * 10 + static_cast<unsigned>(s[i] - '0');
    return v;
}

bool is_leap(unsigned y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(unsigned y, unsigned m) {
    static constexpr unsigned k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : k_days[m - 1];
}

}  // namespace

bool is_revision_id(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    });
}

bool is_sha256_hex(std::string_view s) {
    return s.size() == 64 &&
           std::all_of(s.begin(), s.end(), [](char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); });
}

bool is_rule_code(std::string_view s) {
    return s.size() == 5 && s[0] == 'M' && s[1] == 'G' && is_digit(s[2]) && is_digit(s[3]) && is_digit(s[4]);
}

bool is_utf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        size_t n = 0;
        uint32_t cp = 0;
        if (c < 0x80) { ++i; continue; }
        if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; }
        else return false;
        if (i + n >= s.size()) return false;
        for (size_t k = 1; k <= n; ++k) {
            auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        static constexpr uint32_t k_min[] = {0, 0x80, 0x800, 0x10000};
        if (cp < k_min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += n + 1;
    }
    return true;
}

bool is_timestamp(std::string_view s) {
    // 0123456789012345678 9
    // YYYY-MM-DDTHH:MM:SSZ
    if (s.size() != 20) return false;
    for (size_t i = 0; i < 19; ++i) {
        bool sep = i == 4 || i == 7 || i == 10 || i == 13 || i == 16;
        if (!sep && !is_digit(s[i])) return false;
    }
    if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z') return false;
    unsigned y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2);
    unsigned h = digits(s, 11, 2), mi = digits(s, 14, 2), sec = digits(s, 17, 2);
    return mo >= 1 && mo <= 12 && d >= 1 && d <= days_in_month(y, mo) && h < 24 && mi < 60 && sec < 60;
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::string format_utc(int64_t epoch_seconds) {
    int64_t days = epoch_seconds / 86400;
    int64_t rem = epoch_seconds % 86400;
    if (rem < 0) { rem += 86400; --days; }
    // civil_from_days (Howard Hinnant).
    days += 719468;
    const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<long long>(y), m, d,
                  static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                  static_cast<long long>(rem % 60));
    return buf;
}

std::optional<std::string> entry_problem(const Entry& e) {
    if (!is_revision_id(e.id)) return "id: '" + e.id + "' is not a revision id (letters, digits and '_')";
    if (e.file.empty()) return std::string("file: must not be empty");
    if (!is_utf8(e.file)) return std::string("file: not valid UTF-8");
    if (!is_sha256_hex(e.sha256)) return std::string("sha256: not 64 lowercase hexadecimal digits");
    if (!is_utf8(e.reviewed_by)) return std::string("reviewed_by: not valid UTF-8");
    if (!is_timestamp(e.reviewed_at)) return "reviewed_at: '" + e.reviewed_at + "' is not like 2026-11-22T10:15:00Z";
    for (size_t i = 0; i < e.acknowledged.size(); ++i) {
        if (!is_rule_code(e.acknowledged[i])) return "acknowledged: '" + e.acknowledged[i] + "' is not a rule code like MG402";
        if (i > 0 && e.acknowledged[i - 1] >= e.acknowledged[i]) return std::string("acknowledged: codes not sorted and unique");
    }
    return std::nullopt;
}

}  // namespace detail

namespace {

auto lower_bound_id(std::vector<Entry>& entries, std::string_view id) {
    return std::lower_bound(entries.begin(), entries.end(), id,
                            [](const Entry& e, std::string_view key) { return e.id < key; });
}

void append_string(std::string& out, std::string_view s) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    out += '"';
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        switch (ch) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\f': out += "\\f"; break;
            case '\r': out += "\\r"; break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    out += "\\u00";
                    out += k_hex[c >> 4];
                    out += k_hex[c & 0xF];
                } else {
                    out += ch;  // UTF-8 passes through unchanged
                }
        }
    }
    out += '"';
}

}  // namespace

const Entry* Ledger::find(std::string_view id) const {
    auto it = std::lower_bound(entries.begin(), entries.end(), id,
                               [](const Entry& e, std::string_view key) { return e.id < key; });
    return it != entries.end() && it->id == id ? &*it : nullptr;
}

void Ledger::upsert(Entry entry) {
    std::sort(entry.acknowledged.begin(), entry.acknowledged.end());
    entry.acknowledged.erase(std::unique(entry.acknowledged.begin(), entry.acknowledged.end()), entry.acknowledged.end());
    auto it = lower_bound_id(entries, entry.id);
    if (it != entries.end() && it->id == entry.id) *it = std::move(entry);
    else entries.insert(it, std::move(entry));
}

bool Ledger::remove(std::string_view id) {
    auto it = lower_bound_id(entries, id);
    if (it == entries.end() || it->id != id) return false;
    entries.erase(it);
    return true;
}

std::string checksum(std::string_view content) {
    std::string normalized;
    normalized.reserve(content.size());
    for (size_t i = 0; i < content.size(); ++i) {
        if (content[i] == '\r' && i + 1 < content.size() && content[i + 1] == '\n') continue;
        normalized += content[i];
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(normalized.data(), normalized.size(), digest, &length, EVP_sha256(), nullptr) != 1)
        throw EnvironmentError("OpenSSL could not compute a sha256 digest", "check the OpenSSL installation");
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * length);
    for (unsigned i = 0; i < length; ++i) {
        out += k_hex[digest[i] >> 4];
        out += k_hex[digest[i] & 0xF];
    }
    return out;
}

std::string render_ledger(const Ledger& ledger) {
    if (ledger.version != detail::k_version)
        throw UsageError("cannot write a version " + std::to_string(ledger.version) + " ledger: this mig-guard writes version 1");
    std::string out = "# Written by `mig-guard review`. Do not edit by hand.\n\nversion = 1\n";
    for (size_t i = 0; i < ledger.entries.size(); ++i) {
        const Entry& e = ledger.entries[i];
        // Refuse to write what parse_ledger would reject: the next command could not read it.
        if (auto problem = detail::entry_problem(e))
            throw UsageError("cannot record revision '" + e.id + "' in the ledger: " + *problem,
                             "fix the value (reviewed_by comes from git config user.name and user.email)");
        if (i > 0 && !(ledger.entries[i - 1].id < e.id))
            throw UsageError("cannot write the ledger: entry '" + e.id + "' is duplicated or out of order",
                             "add entries with Ledger::upsert");
        out += "\n[[revision]]\nid = ";
        append_string(out, e.id);
        out += "\nfile = ";
        append_string(out, e.file);
        out += "\nsha256 = ";
        append_string(out, e.sha256);
        out += "\nreviewed_by = ";
        append_string(out, e.reviewed_by);
        out += "\nreviewed_at = ";
        out += e.reviewed_at;
        out += "\nacknowledged = [";
        for (size_t k = 0; k < e.acknowledged.size(); ++k) {
            if (k > 0) out += ", ";
            append_string(out, e.acknowledged[k]);
        }
        out += "]\n";
    }
    return out;
}

ReviewState review_state(const Ledger& ledger, std::string_view id, std::string_view content) {
    const Entry* entry = ledger.find(id);
    if (!entry) return ReviewState::unreviewed;
    return entry->sha256 == checksum(content) ? ReviewState::reviewed : ReviewState::changed;
}

std::string now_rfc3339() {
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) {
        std::string_view text(epoch);
        int64_t seconds = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
        // Four-digit years only: the ledger's timestamp format has no room for more.
        if (ec != std::errc() || end != text.data() + text.size() || seconds < 0 || seconds > 253402300799)
            throw UsageError("SOURCE_DATE_EPOCH is '" + std::string(text) + "', not a number of seconds since 1970",
                             "set it to a non-negative integer such as 1795342500, or unset it");
        return detail::format_utc(seconds);
    }
    return detail::format_utc(static_cast<int64_t>(std::time(nullptr)));
}

}  // namespace mig_guard::ledger
