// Small builders for hand-written schemas in the schema tests.
#pragma once

#include <string>
#include <vector>

#include "mig_guard/schema/schema.hpp"

namespace mig_guard::schema::test {

inline SqlType integer() { return {"sa.Integer()", "INTEGER", {}, {}, {}}; }
inline SqlType bigint() { return {"sa.BigInteger()", "BIGINT", {}, {}, {}}; }
inline SqlType text() { return {"sa.Text()", "TEXT", {}, {}, {}}; }
inline SqlType boolean() { return {"sa.Boolean()", "BOOLEAN", {}, {}, {}}; }
inline SqlType varchar(int n) {
    return {"sa.String(length=" + std::to_string(n) + ")", "VARCHAR(" + std::to_string(n) + ")", {}, {}, {}};
}
inline SqlType enum_of(const std::string& name, const std::vector<std::string>& values) {
    std::string py = "sa.Enum(";
    for (const auto& v : values) py += "'" + v + "', ";
    py += "name='" + name + "')";
    return {py, name, {}, name, {}};
}

inline Column column(std::string name, SqlType type, bool nullable = true) {
    Column c;
    c.name = std::move(name);
    c.type = std::move(type);
    c.nullable = nullable;
    return c;
}

inline ServerDefault sql_default(std::string text) { return {ServerDefault::Kind::sql, std::move(text)}; }
inline ServerDefault literal_default(std::string text) { return {ServerDefault::Kind::literal, std::move(text)}; }

// A table with an integer primary key "id" and the given further columns.
inline Table table(std::string name, std::vector<Column> more = {}) {
    Table t;
    t.name = std::move(name);
    t.columns.push_back(column("id", integer(), false));
    for (auto& c : more) t.columns.push_back(std::move(c));
    t.primary_key = PrimaryKey{{}, {"id"}, {}};
    return t;
}

inline Index index(std::string name, std::vector<std::string> columns, bool unique = false) {
    Index ix;
    ix.name = Name{std::move(name), false};
    for (auto& c : columns) ix.elements.push_back({std::move(c), false});
    ix.unique = unique;
    return ix;
}

inline ForeignKey foreign_key(std::string name, std::vector<std::string> columns, std::string ref_table,
                              std::vector<std::string> ref_columns) {
    ForeignKey fk;
    fk.name = Name{std::move(name), false};
    fk.columns = std::move(columns);
    fk.ref_table = std::move(ref_table);
    fk.ref_columns = std::move(ref_columns);
    return fk;
}

inline EnumType enum_type(std::string name, std::vector<std::string> values) {
    EnumType e;
    e.name = std::move(name);
    e.values = std::move(values);
    return e;
}

}  // namespace mig_guard::schema::test
