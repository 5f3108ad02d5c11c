// Identifier quoting, literals and constraint naming: the small rules where PostgreSQL and
// SQLAlchemy are exact to the byte.
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <set>

#include "mig_guard/sql/render.hpp"

namespace mig_guard::sql {

namespace {

// SQLAlchemy's postgresql RESERVED_WORDS (identical in 1.4 and 2.0).
const std::set<std::string_view, std::less<>> k_reserved_words = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
    "authorization", "between", "binary", "both", "case", "cast", "check", "collate", "column",
    "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
    "current_schema", "current_time", "current_timestamp", "current_user", "default",
    "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for",
    "foreign", "freeze", "from", "full", "grant", "group", "having", "ilike", "in", "initially",
    "inner", "intersect", "into", "is", "isnull", "join", "leading", "left", "like", "limit",
    "localtime", "localtimestamp", "natural", "new", "not", "notnull", "null", "of", "off",
    "offset", "old", "on", "only", "or", "order", "outer", "over", "overlaps", "placing",
    "primary", "references", "returning", "right", "select", "session_user", "similar", "some",
    "symmetric", "table", "then", "to", "trailing", "true", "union", "unique", "user", "using",
    "variadic", "verbose", "when", "where", "window", "with"};

constexpr int k_namedatalen = 64;  // PostgreSQL's NAMEDATALEN: names hold 63 bytes

// Python's re.I makes [A-Z] match two non-ASCII lower-case letters whose upper case is ASCII:
// U+0131 (dotless i) and U+017F (long s). SQLAlchemy therefore leaves them unquoted.
size_t legal_non_ascii(std::string_view s, size_t i) {
    if (i + 1 < s.size()) {
        auto a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
        if ((a == 0xC4 && b == 0xB1) || (a == 0xC5 && b == 0xBF)) return 2;
    }
    return 0;
}

bool requires_quotes(std::string_view name) {
    if (name.empty()) return true;
    std::string lower;
    for (size_t i = 0; i < name.size();) {
        char c = name[i];
        if (c >= 'A' && c <= 'Z') return true;  // lower-casing changes it
        bool ascii_legal = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
        if (ascii_legal) {
            lower += c;
            ++i;
            continue;
        }
        size_t n = legal_non_ascii(name, i);
        if (n == 0) return true;
        lower.append(name.substr(i, n));
        i += n;
    }
    if ((name[0] >= '0' && name[0] <= '9') || name[0] == '$') return true;
    return k_reserved_words.count(lower) > 0;
}

// Length in characters, as Python's len() counts a str.
size_t utf8_length(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::string utf8_prefix(std::string_view s, size_t chars) {
    size_t i = 0, n = 0;
    while (i < s.size()) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (n == chars) break;
            ++n;
        }
        ++i;
    }
    return std::string(s.substr(0, i));
}

// pg_mbcliplen for UTF-8: the longest prefix of whole characters within `limit` bytes.
size_t mb_clip(std::string_view s, size_t limit) {
    if (s.size() <= limit) return s.size();
    size_t len = limit;
    while (len > 0 && (static_cast<unsigned char>(s[len]) & 0xC0) == 0x80) --len;
    return len;
}

// RFC 1321 MD5, for SQLAlchemy's truncated convention names.
std::string md5_hex(std::string_view input) {
    static constexpr std::array<uint32_t, 64> k = [] {
        std::array<uint32_t, 64> t{};
        const uint32_t v[64] = {
            0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613,
            0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193,
            0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d,
            0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
            0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
            0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
            0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244,
            0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
            0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
            0xeb86d391};
        for (int i = 0; i < 64; ++i) t[i] = v[i];
        return t;
    }();
    static constexpr int r[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                                  5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                                  4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                                  6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};
    std::string msg(input);
    uint64_t bit_len = static_cast<uint64_t>(msg.size()) * 8;
    msg += static_cast<char>(0x80);
    while (msg.size() % 64 != 56) msg += '\0';
    for (int i = 0; i < 8; ++i) msg += static_cast<char>((bit_len >> (8 * i)) & 0xff);
    uint32_t h[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    for (size_t off = 0; off < msg.size(); off += 64) {
        uint32_t w[16];
        for (int i = 0; i < 16; ++i) {
            w[i] = 0;
            for (int b = 0; b < 4; ++b)
                w[i] |= static_cast<uint32_t>(static_cast<unsigned char>(msg[off + i * 4 + b])) << (8 * b);
        }
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
        for (int i = 0; i < 64; ++i) {
            uint32_t f;
            int g;
            if (i < 16) { f = (b & c) | (~b & d); g = i; }
            else if (i < 32) { f = (d & b) | (~d & c); g = (5 * i + 1) % 16; }
            else if (i < 48) { f = b ^ c ^ d; g = (3 * i + 5) % 16; }
            else { f = c ^ (b | ~d); g = (7 * i) % 16; }
            uint32_t tmp = d;
            d = c;
            c = b;
            uint32_t x = a + f + k[i] + w[g];
            b = b + ((x << r[i]) | (x >> (32 - r[i])));
            a = tmp;
        }
        h[0] += a; h[1] += b; h[2] += c; h[3] += d;
    }
    std::string out;
    char buf[3];
    for (uint32_t v : h)
        for (int b = 0; b < 4; ++b) {
            std::snprintf(buf, sizeof buf, "%02x", (v >> (8 * b)) & 0xff);
            out += buf;
        }
    return out;
}

// ChooseIndexColumnNames: a column name repeated in one index gets 1, 2, ... appended.
std::vector<std::string> dedupe_index_columns(const std::vector<std::string>& columns) {
    std::vector<std::string> out;
    for (const auto& orig : columns) {
        std::string cur = orig;
        for (int i = 1; std::find(out.begin(), out.end(), cur) != out.end(); ++i) {
            std::string num = std::to_string(i);
            cur = orig.substr(0, mb_clip(orig, k_namedatalen - 1 - num.size())) + num;
        }
        out.push_back(cur);
    }
    return out;
}

// ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition: names joined by '_',
// stopping once the text reaches NAMEDATALEN bytes.
std::string name_addition(const std::vector<std::string>& columns) {
    std::string buf;
    for (const auto& c : columns) {
        if (!buf.empty()) buf += '_';
        buf += c.substr(0, mb_clip(c, k_namedatalen - 1));
        if (buf.size() >= static_cast<size_t>(k_namedatalen)) break;
    }
    return buf;
}

}  // namespace

std::string quote_ident(std::string_view name) {
    if (!requires_quotes(name)) return std::string(name);
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string quote_table(std::string_view schema, std::string_view name) {
    if (schema.empty()) return quote_ident(name);
    return quote_ident(schema) + "." + quote_ident(name);
}

std::string format_name(const schema::Name& name) {
    if (name.conv && utf8_length(name.value) > static_cast<size_t>(k_namedatalen - 1)) {
        std::string hash = md5_hex(name.value);
        return quote_ident(utf8_prefix(name.value, k_namedatalen - 1 - 8) + "_" + hash.substr(hash.size() - 4));
    }
    return quote_ident(name.value);
}

std::string string_literal(std::string_view value, const RenderOptions& options) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'') out += '\'';
        if (c == '\\' && options.sqlalchemy == SqlAlchemyVersion::v1_4) out += '\\';
        out += c;
    }
    out += '\'';
    return out;
}

std::string make_object_name(std::string_view name1, std::string_view name2, std::string_view label) {
    int overhead = 0;
    int name1chars = static_cast<int>(name1.size());
    int name2chars = static_cast<int>(name2.size());
    if (!name2.empty()) ++overhead;
    if (!label.empty()) overhead += static_cast<int>(label.size()) + 1;
    int availchars = k_namedatalen - 1 - overhead;
    // Truncate the longer part first, one byte at a time, as PostgreSQL does.
    while (name1chars + name2chars > availchars) {
        if (name1chars > name2chars)
            --name1chars;
        else
            --name2chars;
    }
    std::string out(name1.substr(0, mb_clip(name1, static_cast<size_t>(name1chars))));
    if (!name2.empty()) {
        out += '_';
        out += name2.substr(0, mb_clip(name2, static_cast<size_t>(name2chars)));
    }
    if (!label.empty()) {
        out += '_';
        out += label;
    }
    return out;
}

std::string default_constraint_name(std::string_view table, ConstraintKind kind,
                                    const std::vector<std::string>& columns,
                                    const std::function<bool(std::string_view)>& taken) {
    std::string label;
    std::string name2;
    switch (kind) {
        case ConstraintKind::primary_key: label = "pkey"; break;
        case ConstraintKind::unique: label = "key"; name2 = name_addition(dedupe_index_columns(columns)); break;
        case ConstraintKind::index: label = "idx"; name2 = name_addition(dedupe_index_columns(columns)); break;
        case ConstraintKind::exclusion: label = "excl"; name2 = name_addition(dedupe_index_columns(columns)); break;
        case ConstraintKind::foreign_key: label = "fkey"; name2 = name_addition(columns); break;
        case ConstraintKind::check:
            label = "check";
            if (columns.size() == 1) name2 = columns.front();
            break;
    }
    std::string name = make_object_name(table, name2, label);
    for (int pass = 1; taken && taken(name); ++pass)
        name = make_object_name(table, name2, label + std::to_string(pass));
    return name;
}

}  // namespace mig_guard::sql
