// Structural DDL comparison on libpg_query parse trees (see ddl_compare.hpp).
#include "ddl_compare.hpp"

#include <pg_query.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "mig_guard/sql/parse.hpp"

namespace mig_guard::differential {

using nlohmann::json;
using sql::range_var_name;
using sql::without_locations;

namespace {

std::string trim(std::string_view s) {
    const char* ws = " \t\r\n";
    size_t b = s.find_first_not_of(ws);
    if (b == std::string_view::npos) return "";
    size_t e = s.find_last_not_of(ws);
    return std::string(s.substr(b, e - b + 1));
}

// Whitespace runs collapsed to one space, for one-line messages.
std::string one_line(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : trim(s)) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string dq(const std::string& name) { return "\"" + name + "\""; }

int location_of(const json& node) {
    if (node.is_object()) {
        if (node.contains("location")) return node["location"].get<int>();
        if (node.size() == 1) return location_of(node.begin().value());
    }
    return -1;
}

std::string string_value(const json& node) {
    if (node.is_object() && node.contains("String")) return node["String"].value("sval", "");
    return node.dump();
}

std::string join_names(const json& list, std::string_view sep = ".") {
    std::string out;
    if (!list.is_array()) return out;
    for (const auto& item : list) {
        if (!out.empty()) out += sep;
        out += string_value(item);
    }
    return out;
}

// The type's name as PostgreSQL resolves it: `pg_catalog.` dropped, and the spellings that the
// grammar does not already map (a bare `int4`) folded together.
std::string canonical_type_name(const json& names) {
    std::vector<std::string> parts;
    for (const auto& n : names) parts.push_back(string_value(n));
    if (parts.size() == 2 && parts[0] == "pg_catalog") parts.erase(parts.begin());
    static const std::map<std::string, std::string> k_aliases = {
        {"int", "int4"},    {"integer", "int4"},      {"smallint", "int2"}, {"bigint", "int8"},
        {"boolean", "bool"}, {"real", "float4"},       {"decimal", "numeric"},
        {"character varying", "varchar"},             {"timestamp with time zone", "timestamptz"},
    };
    if (parts.size() == 1)
        if (auto it = k_aliases.find(parts[0]); it != k_aliases.end()) parts[0] = it->second;
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : ".") + p;
    return out;
}

json normalized_type(const json& type_name) {
    json t = without_locations(type_name);
    t["names"] = canonical_type_name(type_name.value("names", json::array()));
    return t;
}

struct Column {
    std::string name;
    std::string text;  // the whole column definition as written
    json type;
    std::string type_text;
    bool not_null = false;
    std::optional<json> default_expr;
    std::string default_text;
    std::optional<json> identity;  // CONSTR_IDENTITY / CONSTR_GENERATED, without locations
    std::string identity_text;
    json rest;  // collation, storage, ...: whatever else the ColumnDef says
};

struct TableConstraint {
    json canonical;
    std::string text;
    std::string contype;
    json columns;  // keys or fk_attrs: pairs a missing constraint with its changed counterpart
};

struct Table {
    std::vector<Column> columns;
    std::vector<TableConstraint> constraints;
    json rest;  // table options, inheritance, persistence, ...
};

class SnippetSource {
public:
    SnippetSource(const std::string& sql, const Statement& stmt) : m_sql(sql), m_stmt(stmt) {}

    // The script's text from `begin` to `end` (a location, or -1 for the statement's end).
    std::string between(int begin, int end) const {
        size_t stmt_end = m_stmt.offset + m_stmt.text.size();
        if (begin < 0 || static_cast<size_t>(begin) >= m_sql.size()) return "";
        size_t e = end < 0 ? stmt_end : static_cast<size_t>(end);
        if (e <= static_cast<size_t>(begin)) return "";
        std::string s = trim(std::string_view(m_sql).substr(begin, e - begin));
        if (end < 0 && !s.empty() && s.back() == ')') s = trim(s.substr(0, s.size() - 1));
        while (!s.empty() && s.back() == ',') s = trim(s.substr(0, s.size() - 1));
        return one_line(s);
    }

private:
    const std::string& m_sql;
    const Statement& m_stmt;
};

Table read_table(const std::string& sql, const Statement& stmt) {
    SnippetSource src(sql, stmt);
    const json& create = stmt.raw["CreateStmt"];
    Table table;
    json elements = create.value("tableElts", json::array());
    std::vector<int> starts;
    for (const auto& e : elements) starts.push_back(location_of(e));
    auto element_end = [&](size_t i) { return i + 1 < starts.size() ? starts[i + 1] : -1; };

    for (size_t i = 0; i < elements.size(); ++i) {
        const json& element = elements[i];
        if (element.contains("ColumnDef")) {
            const json& def = element["ColumnDef"];
            Column col;
            col.name = def.value("colname", "");
            col.text = src.between(starts[i], element_end(i));
            json constraints = def.value("constraints", json::array());
            int first_after_type = element_end(i);
            if (def.contains("collClause")) first_after_type = location_of(def["collClause"]);
            else if (!constraints.empty()) first_after_type = location_of(constraints[0]);
            col.type = normalized_type(def.value("typeName", json::object()));
            col.type_text = src.between(location_of(def.value("typeName", json::object())), first_after_type);
            for (size_t k = 0; k < constraints.size(); ++k) {
                const json& c = constraints[k]["Constraint"];
                int c_end = k + 1 < constraints.size() ? location_of(constraints[k + 1]) : element_end(i);
                std::string text = src.between(location_of(constraints[k]), c_end);
                std::string type = c.value("contype", "");
                if (type == "CONSTR_NOTNULL") {
                    col.not_null = true;
                } else if (type == "CONSTR_NULL") {
                    col.not_null = false;
                } else if (type == "CONSTR_DEFAULT") {
                    col.default_expr = without_locations(c.value("raw_expr", json()));
                    col.default_text = text.rfind("DEFAULT ", 0) == 0 || text.rfind("default ", 0) == 0
                                           ? text.substr(8)
                                           : text;
                } else if (type == "CONSTR_IDENTITY" || type == "CONSTR_GENERATED") {
                    col.identity = without_locations(c);
                    col.identity_text = text;
                } else {
                    // PRIMARY KEY / UNIQUE / REFERENCES / CHECK written on the column are the same
                    // constraint as the table-level spelling with this one column.
                    json canonical = without_locations(c);
                    json key_list = json::array({json{{"String", {{"sval", col.name}}}}});
                    if (type == "CONSTR_FOREIGN") canonical["fk_attrs"] = key_list;
                    else if (type == "CONSTR_PRIMARY" || type == "CONSTR_UNIQUE") canonical["keys"] = key_list;
                    table.constraints.push_back(
                        {canonical, col.name + " " + text, type,
                         type == "CONSTR_FOREIGN" ? canonical["fk_attrs"] : canonical.value("keys", json())});
                }
            }
            col.rest = without_locations(def);
            for (const char* k : {"colname", "typeName", "constraints", "is_local"}) col.rest.erase(k);
            table.columns.push_back(std::move(col));
        } else if (element.contains("Constraint")) {
            json canonical = without_locations(element["Constraint"]);
            std::string type = canonical.value("contype", "");
            table.constraints.push_back({canonical, src.between(starts[i], element_end(i)), type,
                                         type == "CONSTR_FOREIGN" ? canonical.value("fk_attrs", json())
                                                                  : canonical.value("keys", json())});
        } else {
            table.constraints.push_back({without_locations(element), src.between(starts[i], element_end(i)),
                                         element.begin().key(), json()});
        }
    }
    table.rest = without_locations(create);
    table.rest.erase("tableElts");
    return table;
}

std::vector<std::string> names_of(const std::vector<Column>& columns) {
    std::vector<std::string> out;
    for (const auto& c : columns) out.push_back(c.name);
    return out;
}

std::string name_list(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return "(" + out + ")";
}

void compare_tables(const std::string& sql_e, const Statement& se, const std::string& sql_a, const Statement& sa,
                    const Labels& labels, std::vector<std::string>& out) {
    Table e = read_table(sql_e, se);
    Table a = read_table(sql_a, sa);
    const std::string& E = labels.expected;
    const std::string& A = labels.actual;
    std::string prefix = se.key + ": ";

    std::vector<std::string> e_names = names_of(e.columns);
    std::vector<std::string> a_names = names_of(a.columns);
    std::set<std::string> e_set(e_names.begin(), e_names.end());
    std::set<std::string> a_set(a_names.begin(), a_names.end());
    for (const auto& n : e_names)
        if (!a_set.count(n)) out.push_back(prefix + "column " + dq(n) + ": missing in " + A);
    for (const auto& n : a_names)
        if (!e_set.count(n)) out.push_back(prefix + "column " + dq(n) + ": in " + A + " but not in " + E);
    std::vector<std::string> e_common, a_common;
    for (const auto& n : e_names)
        if (a_set.count(n)) e_common.push_back(n);
    for (const auto& n : a_names)
        if (e_set.count(n)) a_common.push_back(n);
    if (e_common != a_common)
        out.push_back(prefix + "columns in a different order: " + name_list(e_common) + " in " + E + " but " +
                      name_list(a_common) + " in " + A);

    for (const auto& ce : e.columns) {
        auto it = std::find_if(a.columns.begin(), a.columns.end(), [&](const Column& c) { return c.name == ce.name; });
        if (it == a.columns.end()) continue;
        const Column& ca = *it;
        std::string col = prefix + "column " + dq(ce.name) + ": ";
        if (ce.type != ca.type)
            out.push_back(col + "type is " + ce.type_text + " in " + E + " but " + ca.type_text + " in " + A);
        if (ce.not_null != ca.not_null)
            out.push_back(col + (ce.not_null ? "NOT NULL" : "nullable") + " in " + E + " but " +
                          (ca.not_null ? "NOT NULL" : "nullable") + " in " + A);
        if (ce.default_expr != ca.default_expr)
            out.push_back(col + "default is " + (ce.default_expr ? ce.default_text : "none") + " in " + E +
                          " but " + (ca.default_expr ? ca.default_text : "none") + " in " + A);
        if (ce.identity != ca.identity)
            out.push_back(col + (ce.identity ? ce.identity_text : "no identity/generated") + " in " + E + " but " +
                          (ca.identity ? ca.identity_text : "no identity/generated") + " in " + A);
        if (ce.rest != ca.rest)
            out.push_back(col + "definition differs: " + ce.text + " in " + E + " but " + ca.text + " in " + A);
    }

    // Constraints: a multiset. An unmatched pair of the same kind on the same columns is one
    // changed constraint; the rest are missing or extra.
    std::vector<bool> a_used(a.constraints.size(), false);
    std::vector<const TableConstraint*> e_unmatched;
    for (const auto& ce : e.constraints) {
        bool found = false;
        for (size_t i = 0; i < a.constraints.size() && !found; ++i)
            if (!a_used[i] && a.constraints[i].canonical == ce.canonical) a_used[i] = found = true;
        if (!found) e_unmatched.push_back(&ce);
    }
    for (const auto* ce : e_unmatched) {
        std::optional<size_t> partner;
        for (size_t i = 0; i < a.constraints.size() && !partner; ++i)
            if (!a_used[i] && a.constraints[i].contype == ce->contype && a.constraints[i].columns == ce->columns)
                partner = i;
        if (partner) {
            a_used[*partner] = true;
            out.push_back(prefix + "constraint is " + ce->text + " in " + E + " but " + a.constraints[*partner].text +
                          " in " + A);
        } else {
            out.push_back(prefix + "constraint " + ce->text + ": missing in " + A);
        }
    }
    for (size_t i = 0; i < a.constraints.size(); ++i)
        if (!a_used[i]) out.push_back(prefix + "constraint " + a.constraints[i].text + ": in " + A + " but not in " + E);

    if (e.rest != a.rest)
        out.push_back(prefix + "table options differ: " + one_line(se.text) + " in " + E + " but " + one_line(sa.text) +
                      " in " + A);
}

std::string statement_key(const std::string& kind, const json& node) {
    if (kind == "CreateStmt") return "table " + dq(range_var_name(node["relation"]));
    if (kind == "IndexStmt" && node.contains("idxname")) return "index " + dq(node["idxname"].get<std::string>());
    if (kind == "CreateEnumStmt") return "type " + dq(join_names(node["typeName"]));
    if (kind == "CompositeTypeStmt") return "type " + dq(range_var_name(node["typevar"]));
    if (kind == "CreateDomainStmt") return "domain " + dq(join_names(node["domainname"]));
    if (kind == "CreateSeqStmt") return "sequence " + dq(range_var_name(node["sequence"]));
    if (kind == "ViewStmt") return "view " + dq(range_var_name(node["view"]));
    if (kind == "CreateExtensionStmt") return "extension " + dq(node.value("extname", ""));
    if (kind == "CommentStmt") {
        std::string objtype = node.value("objtype", "");
        if (objtype.rfind("OBJECT_", 0) == 0) objtype = objtype.substr(7);
        std::transform(objtype.begin(), objtype.end(), objtype.begin(), [](unsigned char c) { return std::tolower(c); });
        const json& object = node.value("object", json());
        std::string target = object.contains("List") ? join_names(object["List"].value("items", json::array()))
                                                     : object.is_object() && object.contains("String")
                                                           ? string_value(object)
                                                           : object.dump();
        return "comment on " + objtype + " " + dq(target);
    }
    return kind + " " + node.dump();
}

}  // namespace

Script parse_script(const std::string& sql) {
    PgQueryParseResult result = pg_query_parse(sql.c_str());
    if (result.error) {
        int pos = result.error->cursorpos > 0 ? result.error->cursorpos - 1 : 0;
        size_t begin = sql.rfind(';', pos > 0 ? static_cast<size_t>(pos) - 1 : 0);
        begin = begin == std::string::npos || pos == 0 ? 0 : begin + 1;
        size_t end = sql.find(';', pos);
        std::string stmt = one_line(sql.substr(begin, end == std::string::npos ? std::string::npos : end - begin));
        size_t line = 1 + std::count(sql.begin(), sql.begin() + std::min<size_t>(pos, sql.size()), '\n');
        std::string message = "line " + std::to_string(line) + ": " + result.error->message + ", in: " + stmt;
        pg_query_free_parse_result(result);
        throw ParseError(message);
    }
    json tree = json::parse(result.parse_tree);
    pg_query_free_parse_result(result);

    Script script;
    script.sql = sql;
    std::map<std::string, int> seen;
    for (const auto& raw : tree.value("stmts", json::array())) {
        Statement stmt;
        size_t loc = raw.value("stmt_location", 0);
        size_t len = raw.value("stmt_len", 0);
        std::string text = len == 0 ? sql.substr(loc) : sql.substr(loc, len);
        size_t lead = text.find_first_not_of(" \t\r\n");
        stmt.offset = loc + (lead == std::string::npos ? 0 : lead);
        stmt.text = trim(text);
        stmt.raw = raw.value("stmt", json::object());
        stmt.kind = stmt.raw.begin().key();
        stmt.node = without_locations(stmt.raw[stmt.kind]);
        stmt.key = statement_key(stmt.kind, stmt.node);
        // The same statement twice is two statements; count them apart.
        if (int n = ++seen[stmt.key]; n > 1) stmt.key += " (#" + std::to_string(n) + ")";
        script.statements.push_back(std::move(stmt));
    }
    return script;
}

std::vector<std::string> compare(const Script& expected, const Script& actual, const Labels& labels) {
    std::vector<std::string> out;
    std::map<std::string, const Statement*> by_key;
    for (const auto& s : actual.statements) by_key[s.key] = &s;
    std::set<std::string> expected_keys;
    for (const auto& se : expected.statements) {
        expected_keys.insert(se.key);
        auto it = by_key.find(se.key);
        if (it == by_key.end()) {
            out.push_back(se.key.size() > 120 ? one_line(se.text) + ": missing in " + labels.actual
                                              : se.key + ": missing in " + labels.actual);
            continue;
        }
        const Statement& sa = *it->second;
        if (se.kind != sa.kind) {
            out.push_back(se.key + ": is " + one_line(se.text) + " in " + labels.expected + " but " +
                          one_line(sa.text) + " in " + labels.actual);
        } else if (se.kind == "CreateStmt") {
            compare_tables(expected.sql, se, actual.sql, sa, labels, out);
        } else if (se.node != sa.node) {
            out.push_back(se.key + ": is " + one_line(se.text) + " in " + labels.expected + " but " +
                          one_line(sa.text) + " in " + labels.actual);
        }
    }
    for (const auto& sa : actual.statements)
        if (!expected_keys.count(sa.key))
            out.push_back((sa.key.size() > 120 ? one_line(sa.text) : sa.key) + ": in " + labels.actual +
                          " but not in " + labels.expected);
    return out;
}

std::vector<std::string> check_order(const Script& script, const std::string& label) {
    std::set<std::string> all_tables, all_types, tables, types;
    for (const auto& s : script.statements) {
        if (s.kind == "CreateStmt") all_tables.insert(range_var_name(s.node["relation"]));
        if (s.key.rfind("type ", 0) == 0 || s.key.rfind("domain ", 0) == 0)
            all_types.insert(s.key.substr(s.key.find(' ') + 2, s.key.size() - s.key.find(' ') - 3));
    }
    std::vector<std::string> out;
    auto need_table = [&](const std::string& what, const std::string& table, const std::string& why) {
        if (all_tables.count(table) && !tables.count(table))
            out.push_back(label + " creates " + what + " before table " + dq(table) + why);
    };
    auto foreign_keys = [&](const std::string& what, const json& constraints, const std::string& self) {
        for (const auto& c : constraints) {
            if (!c.contains("Constraint") || c["Constraint"].value("contype", "") != "CONSTR_FOREIGN") continue;
            std::string target = range_var_name(c["Constraint"].value("pktable", json::object()));
            if (target != self) need_table(what, target, ", which its foreign key references");
        }
    };
    for (const auto& s : script.statements) {
        const json& n = s.node;
        if (s.kind == "CreateStmt") {
            std::string self = range_var_name(n["relation"]);
            std::string what = "table " + dq(self);
            for (const auto& e : n.value("tableElts", json::array())) {
                if (e.contains("ColumnDef")) {
                    const json& def = e["ColumnDef"];
                    foreign_keys(what, def.value("constraints", json::array()), self);
                    std::string type = canonical_type_name(def.value("typeName", json::object()).value("names", json::array()));
                    if (all_types.count(type) && !types.count(type))
                        out.push_back(label + " creates " + what + " before type " + dq(type) +
                                      ", which its column " + dq(def.value("colname", "")) + " uses");
                } else {
                    foreign_keys(what, json::array({e}), self);
                }
            }
            tables.insert(self);
        } else if (s.kind == "IndexStmt") {
            need_table(s.key, range_var_name(n["relation"]), ", which it indexes");
        } else if (s.kind == "AlterTableStmt") {
            std::string self = range_var_name(n["relation"]);
            need_table("ALTER TABLE", self, ", which it alters");
            for (const auto& cmd : n.value("cmds", json::array())) {
                const json& def = cmd.value("AlterTableCmd", json::object()).value("def", json());
                if (def.is_object() && def.contains("Constraint")) foreign_keys("ALTER TABLE " + dq(self), json::array({def}), self);
            }
        } else if (s.kind == "CommentStmt") {
            std::string objtype = n.value("objtype", "");
            const json& object = n.value("object", json());
            if (object.contains("List")) {
                json items = object["List"].value("items", json::array());
                if (objtype == "OBJECT_COLUMN" && !items.empty()) items.erase(items.size() - 1);
                if (objtype == "OBJECT_TABLE" || objtype == "OBJECT_COLUMN") need_table(s.key, join_names(items), "");
            }
        } else if (s.key.rfind("type ", 0) == 0 || s.key.rfind("domain ", 0) == 0) {
            types.insert(s.key.substr(s.key.find(' ') + 2, s.key.size() - s.key.find(' ') - 3));
        }
    }
    return out;
}

}  // namespace mig_guard::differential
