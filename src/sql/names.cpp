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


// pg_mbcliplen for UTF-8: the longest prefix of whole characters within `limit` bytes.
size_t mb_clip(std::string_view s, size_t limit) {
    if (s.size() <= limit) return s.size();
    size_t len = limit;
    while (len > 0 && (static_cast<unsigned char>(s[len]) & 0xC0) == 0x80) --len;
    return len;
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

std::string format_name(const schema::Name& name) { return quote_ident(schema::compiled_name(name)); }

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
