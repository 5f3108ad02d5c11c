// Introspection: five catalog queries for the whole database (tables, columns, constraints,
// index elements, enum labels), whatever the number of tables, because verification
// introspects once per revision of long chains.
#include "mig_guard/pg/catalog.hpp"

#include <cstdlib>
#include <string_view>
#include <unordered_map>

namespace mig_guard::pg {
namespace {

const char* const k_tables_sql = R"SQL(
SELECT c.oid, n.nspname, c.relname,
       (SELECT d.description FROM pg_description d WHERE d.objoid = c.oid
          AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND ((cardinality($1::text[]) = 0 AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%')
       OR n.nspname = ANY($1::text[]))
  AND NOT (c.relname = ANY($2::text[]))
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid
                  AND e.deptype = 'e')
ORDER BY c.oid
)SQL";

// Generated expressions in pretty form ("x + 1", not "(x + 1)"), defaults as stored.
// The identity sequence is the one the column depends on internally (deptype 'i'); a serial
// column's sequence is owned by it (deptype 'a').
const char* const k_columns_sql = R"SQL(
SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid, true)
            ELSE pg_get_expr(ad.adbin, ad.adrelid) END,
       a.attidentity, a.attgenerated,
       (SELECT d.description FROM pg_description d WHERE d.objoid = a.attrelid
          AND d.classoid = 'pg_class'::regclass AND d.objsubid = a.attnum),
       CASE WHEN t.typtype = 'e' THEN t.typname END, CASE WHEN t.typtype = 'e' THEN tn.nspname END,
       s.seqstart, s.seqincrement,
       EXISTS (SELECT 1 FROM pg_depend o JOIN pg_class sc ON sc.oid = o.objid AND sc.relkind = 'S'
               WHERE o.classid = 'pg_class'::regclass AND o.refclassid = 'pg_class'::regclass
                 AND o.refobjid = a.attrelid AND o.refobjsubid = a.attnum AND o.deptype = 'a')
FROM pg_attribute a
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_namespace tn ON tn.oid = t.typnamespace
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_depend i ON a.attidentity <> '' AND i.classid = 'pg_class'::regclass
                     AND i.refclassid = 'pg_class'::regclass AND i.refobjid = a.attrelid
                     AND i.refobjsubid = a.attnum AND i.deptype = 'i'
LEFT JOIN pg_sequence s ON s.seqrelid = i.objid
WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum
)SQL";

const char* const k_constraints_sql = R"SQL(
SELECT con.conrelid, con.conname, con.contype,
       CASE WHEN con.contype <> 'c' THEN
         ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(n, i)
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.i) END,
       rn.nspname, rc.relname,
       CASE WHEN con.contype = 'f' THEN
         ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(n, i)
               JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.i) END,
       con.confdeltype, con.confupdtype, con.condeferrable, con.condeferred, con.convalidated,
       con.confmatchtype,
       CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid, true) END
FROM pg_constraint con
LEFT JOIN pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
WHERE con.conrelid = ANY($1::oid[]) AND con.contype IN ('p', 'u', 'f', 'c')
ORDER BY con.conrelid, con.conname
)SQL";

// One row per index column (key columns, then INCLUDE columns); unnest(indkey) rather than
// generate_series keeps the row estimate small, which keeps JIT compilation (tens of ms) off. An index backing a primary
// key, unique or exclusion constraint of its own table is that constraint, not an index.
const char* const k_indexes_sql = R"SQL(
SELECT i.indrelid, ic.relname, i.indisunique, am.amname, i.indnkeyatts,
       pg_get_expr(i.indpred, i.indrelid, true), ic.reloptions,
       k.k, pg_get_indexdef(i.indexrelid, k.k::int, true), k.attnum = 0, i.indoption[k.k - 1],
       CASE WHEN NOT opc.opcdefault THEN opc.opcname END
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, k)
LEFT JOIN pg_opclass opc ON k.k <= i.indnkeyatts AND opc.oid = i.indclass[k.k - 1]
WHERE i.indrelid = ANY($1::oid[])
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid
                  AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))
ORDER BY i.indrelid, ic.relname, k.k
)SQL";

const char* const k_enums_sql = R"SQL(
SELECT n.nspname, t.typname, e.enumlabel
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_enum e ON e.enumtypid = t.oid
WHERE t.typtype = 'e'
  AND ((cardinality($1::text[]) = 0 AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%')
       OR n.nspname = ANY($1::text[]))
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_type'::regclass AND x.objid = t.oid
                  AND x.deptype = 'e')
ORDER BY n.nspname, t.typname, e.enumsortorder
)SQL";

const std::string& text(const Row& row, size_t i) {
    static const std::string k_empty;
    return i < row.size() && row[i] ? *row[i] : k_empty;
}

bool is_true(const Row& row, size_t i) { return text(row, i) == "t"; }

// A one-dimensional text array in PostgreSQL's output syntax: {a,"b c","d\"e"}.
std::vector<std::string> parse_array(std::string_view s) {
    std::vector<std::string> out;
    if (s.size() < 2 || s.front() != '{' || s.back() != '}') return out;
    s = s.substr(1, s.size() - 2);
    size_t i = 0;
    while (i < s.size()) {
        std::string item;
        if (s[i] == '"') {
            ++i;
            while (i < s.size() && s[i] != '"') {
                if (s[i] == '\\' && i + 1 < s.size()) ++i;
                item += s[i++];
            }
            ++i;  // closing quote
        } else {
            while (i < s.size() && s[i] != ',') item += s[i++];
        }
        out.push_back(std::move(item));
        ++i;  // comma
    }
    return out;
}

std::string array_literal(const std::vector<std::string>& items) {
    std::string out = "{";
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += ',';
        out += '"';
        for (char c : items[i]) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

std::string schema_of(const std::string& nspname) { return nspname == "public" ? std::string() : nspname; }

std::string fk_action(const std::string& code) {
    if (code == "c") return "CASCADE";
    if (code == "n") return "SET NULL";
    if (code == "d") return "SET DEFAULT";
    if (code == "r") return "RESTRICT";
    return {};  // 'a': NO ACTION, the default
}

// reloptions "fillfactor=70" as the Python literal postgresql_with would hold: numbers bare,
// anything else quoted.
std::pair<std::string, std::string> storage_parameter(const std::string& option) {
    auto eq = option.find('=');
    std::string key = option.substr(0, eq);
    std::string value = eq == std::string::npos ? std::string() : option.substr(eq + 1);
    char* end = nullptr;
    std::strtod(value.c_str(), &end);
    bool numeric = !value.empty() && end && *end == '\0';
    if (!numeric) {
        std::string quoted = "'";
        for (char c : value) {
            if (c == '\'' || c == '\\') quoted += '\\';
            quoted += c;
        }
        value = quoted + "'";
    }
    return {key, value};
}

}  // namespace

schema::Schema introspect(Session& session, const IntrospectOptions& options) {
    schema::Schema result;
    const std::string schemas = array_literal(options.schemas);
    const std::string excluded = array_literal(options.exclude_tables);

    std::unordered_map<std::string, size_t> by_oid;
    std::vector<std::string> oids;
    for (const Row& row : session.query(k_tables_sql, {schemas, excluded})) {
        schema::Table table;
        table.schema = schema_of(text(row, 1));
        table.name = text(row, 2);
        if (row[3]) table.comment = *row[3];
        by_oid.emplace(text(row, 0), result.tables.size());
        oids.push_back(text(row, 0));
        result.tables.push_back(std::move(table));
    }

    for (const Row& row : session.query(k_enums_sql, {schemas})) {
        std::string nsp = schema_of(text(row, 0));
        if (result.enums.empty() || result.enums.back().schema != nsp || result.enums.back().name != text(row, 1)) {
            schema::EnumType e;
            e.schema = nsp;
            e.name = text(row, 1);
            result.enums.push_back(std::move(e));
        }
        result.enums.back().values.push_back(text(row, 2));
    }
    if (result.tables.empty()) return result;

    // Oids are plain digits: the literal needs no quoting.
    std::string oid_array = "{";
    for (size_t i = 0; i < oids.size(); ++i) oid_array += (i ? "," : "") + oids[i];
    oid_array += "}";
    const std::vector<std::string> params{oid_array};

    for (const Row& row : session.query(k_columns_sql, params)) {
        auto it = by_oid.find(text(row, 0));
        if (it == by_oid.end()) continue;
        schema::Column column;
        column.name = text(row, 1);
        column.type.sql = text(row, 2);
        column.nullable = !is_true(row, 3);
        const std::string& identity = text(row, 5);
        const std::string& generated = text(row, 6);
        if (row[4]) {
            if (!generated.empty()) {
                column.computed = *row[4];
                column.computed_persisted = generated == "s";
            } else {
                column.server_default = schema::ServerDefault{schema::ServerDefault::Kind::sql, *row[4]};
                if (is_true(row, 12) && row[4]->starts_with("nextval(")) column.autoincrement = schema::Autoincrement::yes;
            }
        }
        if (!identity.empty()) {
            schema::Identity id;
            id.always = identity == "a";
            if (row[10]) id.start = std::stoll(*row[10]);
            if (row[11]) id.increment = std::stoll(*row[11]);
            column.identity = id;
        }
        if (row[7]) column.comment = *row[7];
        if (row[8]) {
            column.type.enum_name = *row[8];
            column.type.enum_schema = schema_of(text(row, 9));
        }
        result.tables[it->second].columns.push_back(std::move(column));
    }

    for (const Row& row : session.query(k_constraints_sql, params)) {
        auto it = by_oid.find(text(row, 0));
        if (it == by_oid.end()) continue;
        schema::Table& table = result.tables[it->second];
        schema::Name name{text(row, 1), false};
        const std::string& type = text(row, 2);
        std::vector<std::string> columns = parse_array(text(row, 3));
        if (type == "p") {
            table.primary_key = schema::PrimaryKey{name, std::move(columns), {}};
        } else if (type == "u") {
            schema::UniqueConstraint u;
            u.name = name;
            u.columns = std::move(columns);
            table.unique_constraints.push_back(std::move(u));
        } else if (type == "c") {
            schema::CheckConstraint c;
            c.name = name;
            c.sqltext = text(row, 13);
            table.check_constraints.push_back(std::move(c));
        } else if (type == "f") {
            schema::ForeignKey fk;
            fk.name = name;
            fk.columns = std::move(columns);
            fk.ref_schema = schema_of(text(row, 4));
            fk.ref_table = text(row, 5);
            fk.ref_columns = parse_array(text(row, 6));
            fk.ondelete = fk_action(text(row, 7));
            fk.onupdate = fk_action(text(row, 8));
            if (is_true(row, 9)) fk.deferrable = true;
            if (is_true(row, 10)) fk.initially = "DEFERRED";
            fk.not_valid = !is_true(row, 11);
            const std::string& match = text(row, 12);
            fk.match = match == "f" ? "FULL" : match == "p" ? "PARTIAL" : "";
            table.foreign_keys.push_back(std::move(fk));
        }
    }

    for (const Row& row : session.query(k_indexes_sql, params)) {
        auto it = by_oid.find(text(row, 0));
        if (it == by_oid.end()) continue;
        schema::Table& table = result.tables[it->second];
        if (table.indexes.empty() || table.indexes.back().name.value != text(row, 1)) {
            schema::Index index;
            index.name = schema::Name{text(row, 1), false};
            index.unique = is_true(row, 2);
            index.using_method = text(row, 3) == "btree" ? std::string() : text(row, 3);
            index.where = text(row, 5);
            for (const std::string& option : parse_array(text(row, 6))) index.with.push_back(storage_parameter(option));
            table.indexes.push_back(std::move(index));
        }
        schema::Index& index = table.indexes.back();
        const int position = std::stoi(text(row, 7));
        const int key_columns = std::stoi(text(row, 4));
        if (position > key_columns) {
            index.include.push_back(text(row, 8));
            continue;
        }
        schema::IndexElement element;
        element.text = text(row, 8);
        element.expression = is_true(row, 9);
        // indoption bits: 1 DESC, 2 NULLS FIRST; written only where they differ from the default.
        const int option = row[10] ? std::stoi(*row[10]) : 0;
        const bool desc = option & 1, nulls_first = option & 2;
        if (desc) element.text += nulls_first ? " DESC" : " DESC NULLS LAST";
        else if (nulls_first) element.text += " NULLS FIRST";
        element.opclass = text(row, 11);
        index.elements.push_back(std::move(element));
    }
    return result;
}

}  // namespace mig_guard::pg
