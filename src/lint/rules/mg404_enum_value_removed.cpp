#include <algorithm>
#include <cctype>

#include "../internal.hpp"
#include "rules.hpp"

namespace mig_guard::lint::rules {

namespace {

std::string missing_values(const std::vector<std::string>& from, const std::vector<std::string>& to) {
    std::string out;
    for (const auto& v : from)
        if (std::find(to.begin(), to.end(), v) == to.end()) out += (out.empty() ? "'" : ", '") + v + "'";
    return out;
}

// `CREATE TYPE [schema.]name AS ENUM ('a', 'b')`: the name and the values; nullopt otherwise.
struct RawEnum {
    std::string name;
    std::vector<std::string> values;
};
std::optional<RawEnum> raw_create_enum(const std::string& sql) {
    std::string u = detail::upper(sql);
    size_t p = u.find("CREATE");
    if (p == std::string::npos || u.find_first_not_of(" \t\r\n") != p) return std::nullopt;
    size_t t = u.find("TYPE", p);
    size_t as = u.find(" AS ", t == std::string::npos ? p : t);
    size_t en = as == std::string::npos ? std::string::npos : u.find("ENUM", as);
    if (t == std::string::npos || as == std::string::npos || en == std::string::npos) return std::nullopt;
    RawEnum e;
    std::string name = sql.substr(t + 4, as - t - 4);
    name.erase(std::remove_if(name.begin(), name.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)) || c == '"'; }), name.end());
    if (auto dot = name.rfind('.'); dot != std::string::npos) name = name.substr(dot + 1);
    e.name = name;
    for (size_t i = sql.find('(', en); i != std::string::npos && i < sql.size(); ++i) {
        if (sql[i] == ')') break;
        if (sql[i] == '\'') {
            std::string v;
            size_t j = i + 1;
            for (; j < sql.size(); ++j) {
                if (sql[j] == '\'' && j + 1 < sql.size() && sql[j + 1] == '\'') {
                    v += '\'';
                    ++j;
                } else if (sql[j] == '\'') {
                    break;
                } else {
                    v += sql[j];
                }
            }
            e.values.push_back(v);
            i = j;
        }
    }
    return e;
}

void check(const RevisionContext& ctx, Reporter& r) {
    for (const auto& op : ctx.revision.upgrade) {
        if (const auto* a = op.as<schema::AlterEnum>()) {
            std::string gone = missing_values(a->from.values, a->to.values);
            if (!gone.empty())
                r.report(op.location, "enum type '" + a->from.name + "' loses " + gone,
                         "keep the value, or migrate the rows that use it in an earlier revision");
        } else if (const auto* ex = op.as<schema::Execute>()) {
            // The recreation idiom: ALTER TYPE x RENAME TO x_old; CREATE TYPE x AS ENUM (...).
            for (const auto& piece : detail::split_sql(ex->sql)) {
                auto e = raw_create_enum(piece.text);
                if (!e) continue;
                const schema::EnumType* old = nullptr;
                for (const auto& known : ctx.before.enums)
                    if (known.name == e->name) old = &known;
                if (!old) continue;
                std::string gone = missing_values(old->values, e->values);
                if (!gone.empty())
                    r.report(detail::sql_location(ctx, op, piece.offset), "enum type '" + e->name + "' is recreated without " + gone,
                             "keep the value, or migrate the rows that use it in an earlier revision");
            }
        }
    }
}
}  // namespace

const Rule& mg404_enum_value_removed() {
    static const Rule rule{
        "MG404", "enum-value-removed", Level::error, "an enum loses a value",
        {"Flags a PostgreSQL enum type that loses a value: an enum change whose new value list misses an old "
         "value, or raw SQL that recreates the type (`CREATE TYPE name AS ENUM (...)` for an existing type) "
         "without one of its values.",
         "Rows holding the removed value make the conversion fail mid-deployment; code still deployed that "
         "writes the value fails afterwards.",
         "def upgrade() -> None:\n    op.execute(\"ALTER TYPE status RENAME TO status_old\")\n"
         "    op.execute(\"CREATE TYPE status AS ENUM ('open', 'done')\")",
         "Keep the value; or first migrate the rows that use it and stop writing it, and remove it in a later "
         "release."},
        Scope::revision, &check};
    return rule;
}

}  // namespace mig_guard::lint::rules
