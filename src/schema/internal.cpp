#include "internal.hpp"

#include <algorithm>
#include <cctype>

#include "mig_guard/schema/diff.hpp"

namespace mig_guard::schema {

// PostgreSQL's makeObjectName: "name1_name2_label", the longer of name1/name2 shortened
// until the whole fits in NAMEDATALEN - 1 bytes.
std::string postgres_default_name(const std::string& table, const std::vector<std::string>& columns,
                                  const std::string& label) {
    constexpr size_t k_max_identifier = 63;
    std::string name2 = detail::join(columns, "_");
    size_t overhead = label.empty() ? 0 : label.size() + 1;
    if (!name2.empty()) overhead += 1;
    size_t avail = k_max_identifier - overhead;
    size_t n1 = table.size();
    size_t n2 = name2.size();
    while (n1 + n2 > avail) {
        if (n1 > n2)
            --n1;
        else
            --n2;
    }
    std::string out = table.substr(0, n1);
    if (!name2.empty()) out += "_" + name2.substr(0, n2);
    if (!label.empty()) out += "_" + label;
    return out;
}

namespace detail {

std::string join(const std::vector<std::string>& items, const std::string& sep) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += sep;
        out += items[i];
    }
    return out;
}

std::string qualified(const std::string& schema, const std::string& name) {
    return schema.empty() ? name : schema + "." + name;
}

static bool wrapped_in_parens(const std::string& s) {
    if (s.size() < 2 || s.front() != '(' || s.back() != ')') return false;
    int depth = 0;
    char quote = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (quote) {
            if (c == quote) quote = 0;
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '(') {
            ++depth;
        } else if (c == ')') {
            --depth;
            if (depth == 0 && i + 1 != s.size()) return false;  // "(a) + (b)"
        }
    }
    return depth == 0;
}

std::string normalize_sql(const std::string& text) {
    std::string out;
    bool space = false;
    char quote = 0;
    for (char c : text) {
        if (quote) {
            out += c;
            if (c == quote) quote = 0;
            continue;
        }
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        if (c == '\'' || c == '"') quote = c;
        out += c;
    }
    while (wrapped_in_parens(out)) {
        out = out.substr(1, out.size() - 2);
        while (!out.empty() && out.front() == ' ') out.erase(out.begin());
        while (!out.empty() && out.back() == ' ') out.pop_back();
    }
    return out;
}

bool same_default(const std::optional<ServerDefault>& a, const std::optional<ServerDefault>& b) {
    if (!a || !b) return !a && !b;
    return normalize_sql(a->to_sql()) == normalize_sql(b->to_sql());
}

bool in_primary_key(const Table& table, const std::string& column) {
    if (!table.primary_key) return false;
    const auto& cols = table.primary_key->columns;
    return std::find(cols.begin(), cols.end(), column) != cols.end();
}

bool effective_nullable(const Table& table, const Column& column) {
    return column.nullable && !in_primary_key(table, column.name);
}

std::vector<std::string> index_column_names(const Index& index) {
    std::vector<std::string> out;
    for (const auto& e : index.elements) out.push_back(e.expression ? "expr" : e.text);
    return out;
}

std::string effective_name(const Table& table, const PrimaryKey& pk) {
    return pk.name.empty() ? postgres_default_name(table.name, {}, "pkey") : final_name(pk.name);
}
std::string effective_name(const Table& table, const UniqueConstraint& uq) {
    return uq.name.empty() ? postgres_default_name(table.name, uq.columns, "key") : final_name(uq.name);
}
std::string effective_name(const Table& table, const ForeignKey& fk) {
    return fk.name.empty() ? postgres_default_name(table.name, fk.columns, "fkey") : final_name(fk.name);
}
std::string effective_name(const Table& table, const CheckConstraint& ck) {
    return ck.name.empty() ? postgres_default_name(table.name, {}, "check") : final_name(ck.name);
}
std::string effective_name(const Table& table, const Index& ix) {
    return ix.name.empty() ? postgres_default_name(table.name, index_column_names(ix), "idx")
                           : final_name(ix.name);
}

static std::string normalized_method(const std::string& m) {
    std::string out;
    for (char c : m) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out == "btree" ? std::string() : out;
}

bool same_index(const Index& a, const Index& b) {
    if (a.elements.size() != b.elements.size()) return false;
    for (size_t i = 0; i < a.elements.size(); ++i) {
        const auto& x = a.elements[i];
        const auto& y = b.elements[i];
        if (x.expression != y.expression || x.opclass != y.opclass) return false;
        if (x.expression ? normalize_sql(x.text) != normalize_sql(y.text) : x.text != y.text)
            return false;
    }
    return a.unique == b.unique && normalize_sql(a.where) == normalize_sql(b.where) &&
           normalized_method(a.using_method) == normalized_method(b.using_method) &&
           a.include == b.include && a.with == b.with;
}

static std::string fk_action(const std::string& action) {
    std::string out;
    for (char c : action) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out == "NO ACTION" ? std::string() : out;
}

static std::string match_kind(const std::string& match) {
    std::string out = fk_action(match);
    return out == "SIMPLE" ? std::string() : out;
}

bool same_fk_target(const ForeignKey& a, const ForeignKey& b) {
    return a.columns == b.columns && a.ref_schema == b.ref_schema && a.ref_table == b.ref_table &&
           a.ref_columns == b.ref_columns;
}

bool same_foreign_key(const ForeignKey& a, const ForeignKey& b) {
    auto deferral = [](const ForeignKey& fk) {
        std::string initially = fk_action(fk.initially);
        if (initially == "DEFERRED") return 2;
        return fk.deferrable.value_or(false) ? 1 : 0;
    };
    return same_fk_target(a, b) && fk_action(a.ondelete) == fk_action(b.ondelete) &&
           fk_action(a.onupdate) == fk_action(b.onupdate) && deferral(a) == deferral(b) &&
           match_kind(a.match) == match_kind(b.match);
}

}  // namespace detail
}  // namespace mig_guard::schema
