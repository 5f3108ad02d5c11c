#include "mig_guard/schema/schema.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "mig_guard/schema/ops.hpp"

namespace mig_guard::schema {

bool SqlType::same_as(const SqlType& other) const {
    if (!sql.empty() || !other.sql.empty()) return sql == other.sql;
    return python == other.python;
}

std::string ServerDefault::to_sql() const {
    if (kind == Kind::sql) return text;
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out += '\'';
        out += c;
    }
    out += '\'';
    return out;
}

const Column* Table::find_column(std::string_view n) const {
    for (const auto& c : columns)
        if (c.name == n) return &c;
    return nullptr;
}

Column* Table::find_column(std::string_view n) {
    return const_cast<Column*>(static_cast<const Table*>(this)->find_column(n));
}

std::string Table::qualified_name() const { return schema.empty() ? name : schema + "." + name; }

const Table* Schema::find_table(std::string_view n, std::string_view s) const {
    for (const auto& t : tables)
        if (t.name == n && t.schema == s) return &t;
    return nullptr;
}

Table* Schema::find_table(std::string_view n, std::string_view s) {
    return const_cast<Table*>(static_cast<const Schema*>(this)->find_table(n, s));
}

const EnumType* Schema::find_enum(std::string_view n, std::string_view s) const {
    for (const auto& e : enums)
        if (e.name == n && e.schema == s) return &e;
    return nullptr;
}

EnumType* Schema::find_enum(std::string_view n, std::string_view s) {
    return const_cast<EnumType*>(static_cast<const Schema*>(this)->find_enum(n, s));
}

// SQLAlchemy's sort_tables (sqlalchemy.util.topological.sort_as_subsets): the input is sorted
// by name, then emitted in levels; each level is every remaining table whose dependencies are
// all emitted, in name order. Self-references are ignored. A cycle emits its members in name
// order once nothing else is ready (SQLAlchemy warns there and breaks the cycle with ALTER).
std::vector<const Table*> sorted_tables(const Schema& schema) {
    std::vector<const Table*> todo;
    for (const auto& t : schema.tables) todo.push_back(&t);
    std::sort(todo.begin(), todo.end(), [](const Table* a, const Table* b) {
        return a->qualified_name() < b->qualified_name();
    });

    std::map<const Table*, std::set<const Table*>> deps;
    for (const Table* t : todo) {
        auto& d = deps[t];
        for (const auto& fk : t->foreign_keys) {
            const Table* ref = schema.find_table(fk.ref_table, fk.ref_schema);
            if (ref && ref != t) d.insert(ref);
        }
    }

    std::vector<const Table*> out;
    std::set<const Table*> remaining(todo.begin(), todo.end());
    while (!remaining.empty()) {
        std::vector<const Table*> level;
        for (const Table* t : todo) {
            if (!remaining.count(t)) continue;
            bool ready = std::none_of(deps[t].begin(), deps[t].end(),
                                      [&](const Table* d) { return remaining.count(d) > 0; });
            if (ready) level.push_back(t);
        }
        if (level.empty()) {
            for (const Table* t : todo)
                if (remaining.count(t)) level.push_back(t);
        }
        for (const Table* t : level) {
            out.push_back(t);
            remaining.erase(t);
        }
    }
    return out;
}

const char* op_name(const Op& op) {
    struct Visitor {
        const char* operator()(const CreateTable&) const { return "create_table"; }
        const char* operator()(const DropTable&) const { return "drop_table"; }
        const char* operator()(const RenameTable&) const { return "rename_table"; }
        const char* operator()(const AddColumn&) const { return "add_column"; }
        const char* operator()(const DropColumn&) const { return "drop_column"; }
        const char* operator()(const AlterColumn&) const { return "alter_column"; }
        const char* operator()(const CreateIndex&) const { return "create_index"; }
        const char* operator()(const DropIndex&) const { return "drop_index"; }
        const char* operator()(const CreateUniqueConstraint&) const { return "create_unique_constraint"; }
        const char* operator()(const CreateForeignKey&) const { return "create_foreign_key"; }
        const char* operator()(const CreateCheckConstraint&) const { return "create_check_constraint"; }
        const char* operator()(const CreatePrimaryKey&) const { return "create_primary_key"; }
        const char* operator()(const DropConstraint&) const { return "drop_constraint"; }
        const char* operator()(const CreateEnum&) const { return "create_enum"; }
        const char* operator()(const DropEnum&) const { return "drop_enum"; }
        const char* operator()(const AlterEnum&) const { return "alter_enum"; }
        const char* operator()(const CreateTableComment&) const { return "create_table_comment"; }
        const char* operator()(const DropTableComment&) const { return "drop_table_comment"; }
        const char* operator()(const Execute&) const { return "execute"; }
        const char* operator()(const Opaque&) const { return "opaque"; }
    };
    return std::visit(Visitor{}, op.value);
}

}  // namespace mig_guard::schema
