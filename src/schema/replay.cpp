#include <algorithm>

#include "internal.hpp"
#include "mig_guard/schema/diff.hpp"

namespace mig_guard::schema {

namespace {

using detail::qualified;

std::string quoted_values(const std::vector<std::string>& values) {
    std::string out;
    for (size_t i = 0; i < values.size(); ++i) {
        if (i) out += ", ";
        out += "'" + values[i] + "'";
    }
    return out;
}

template <class T, class Pred>
bool erase_if_any(std::vector<T>& v, Pred pred) {
    auto it = std::remove_if(v.begin(), v.end(), pred);
    bool any = it != v.end();
    v.erase(it, v.end());
    return any;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

void rename_in(std::vector<std::string>& v, const std::string& from, const std::string& to) {
    for (auto& s : v)
        if (s == from) s = to;
}

class Replayer {
public:
    Replayer(Schema schema, Diagnostics& diags) : m_schema(std::move(schema)), m_diags(diags) {
        // The base as PostgreSQL holds it: key columns NOT NULL, so that they stay so when
        // the key is dropped.
        // (A table without a key has nothing to change: most of a long chain's schema.)
        for (auto& t : m_schema.tables) {
            if (!t.primary_key || t.primary_key->columns.empty()) continue;
            for (auto& c : t.columns)
                if (c.nullable && detail::in_primary_key(t, c.name)) c.nullable = false;
        }
    }

    Schema run(const Ops& ops) {
        for (const auto& op : ops) {
            m_op = &op;
            std::visit([this](const auto& v) { apply(v); }, op.value);
        }
        return std::move(m_schema);
    }

private:
    void fail(std::string message, std::string help = {}) {
        m_diags.push_back(Diagnostic{Severity::error, m_op->location, "schema",
                                     std::string(op_name(*m_op)) + ": " + std::move(message), std::move(help)});
    }

    void warn(std::string message, std::string help = {}) {
        m_diags.push_back(Diagnostic{Severity::warning, m_op->location, "schema", std::move(message), std::move(help)});
    }

    Table* table(const std::string& schema, const std::string& name) {
        Table* t = m_schema.find_table(name, schema);
        if (!t) fail("table '" + qualified(schema, name) + "' does not exist at this point");
        return t;
    }

    bool columns_exist(const Table& t, const std::vector<std::string>& columns) {
        for (const auto& c : columns) {
            if (!t.find_column(c)) {
                fail("column '" + c + "' does not exist in table '" + t.qualified_name() + "'");
                return false;
            }
        }
        return true;
    }

    // effective_name(t, ix) == name, without building the name when it is the index's own
    // (an explicit name of at most 63 bytes is its final name as it stands).
    static bool index_named(const Table& t, const Index& ix, const std::string& name) {
        constexpr size_t k_plain_name_bytes = 63;  // PostgreSQL's NAMEDATALEN - 1
        if (!ix.name.empty() && ix.name.value.size() <= k_plain_name_bytes) return ix.name.value == name;
        return detail::effective_name(t, ix) == name;
    }

    // Index and constraint names share one namespace per schema in PostgreSQL.
    bool relation_name_taken(const std::string& schema, const std::string& name) {
        if (name.empty()) return false;
        for (const auto& t : m_schema.tables) {
            if (t.schema != schema) continue;
            if (t.name == name) return true;
            for (const auto& ix : t.indexes)
                if (index_named(t, ix, name)) return true;
        }
        return false;
    }

    bool constraint_name_taken(const Table& t, const std::string& name) {
        if (name.empty()) return false;
        if (t.primary_key && detail::effective_name(t, *t.primary_key) == name) return true;
        for (const auto& c : t.unique_constraints)
            if (detail::effective_name(t, c) == name) return true;
        for (const auto& c : t.foreign_keys)
            if (detail::effective_name(t, c) == name) return true;
        for (const auto& c : t.check_constraints)
            if (!c.name.empty() && final_name(c.name) == name) return true;
        return false;
    }

    void apply(const CreateTable& op) {
        if (m_schema.find_table(op.table.name, op.table.schema)) {
            fail("table '" + op.table.qualified_name() + "' already exists");
            return;
        }
        Table t = op.table;
        // On PostgreSQL, CREATE TABLE leaves use_alter foreign keys out and op.create_table never
        // adds them afterwards (only create_all does): the table exists without them (MG704).
        std::erase_if(t.foreign_keys, [](const ForeignKey& fk) { return fk.use_alter; });
        if (t.primary_key)
            for (auto& c : t.columns)
                if (contains(t.primary_key->columns, c.name)) c.nullable = false;
        m_schema.tables.push_back(std::move(t));
    }

    void apply(const DropTable& op) {
        if (!table(op.table.schema, op.table.name)) return;
        erase_if_any(m_schema.tables, [&](const Table& t) {
            return t.name == op.table.name && t.schema == op.table.schema;
        });
    }

    void apply(const RenameTable& op) {
        Table* t = table(op.schema, op.old_name);
        if (!t) return;
        if (m_schema.find_table(op.new_name, op.schema)) {
            fail("table '" + qualified(op.schema, op.new_name) + "' already exists");
            return;
        }
        t->name = op.new_name;
        // Foreign keys follow the table (PostgreSQL references it by oid).
        for (auto& other : m_schema.tables)
            for (auto& fk : other.foreign_keys)
                if (fk.ref_table == op.old_name && fk.ref_schema == op.schema) fk.ref_table = op.new_name;
    }

    void apply(const AddColumn& op) {
        Table* t = table(op.schema, op.table);
        if (!t) return;
        if (t->find_column(op.column.name)) {
            fail("column '" + op.column.name + "' already exists in table '" + t->qualified_name() + "'");
            return;
        }
        t->columns.push_back(op.column);
    }

    void apply(const DropColumn& op) {
        Table* t = table(op.schema, op.table);
        if (!t) return;
        const std::string& name = op.column.name;
        if (!t->find_column(name)) {
            fail("column '" + name + "' does not exist in table '" + t->qualified_name() + "'");
            return;
        }
        erase_if_any(t->columns, [&](const Column& c) { return c.name == name; });
        // PostgreSQL drops the indexes and constraints that involve the column with it.
        erase_if_any(t->indexes, [&](const Index& ix) {
            return std::any_of(ix.elements.begin(), ix.elements.end(),
                               [&](const IndexElement& e) { return !e.expression && e.text == name; }) ||
                   contains(ix.include, name);
        });
        erase_if_any(t->unique_constraints, [&](const UniqueConstraint& u) { return contains(u.columns, name); });
        erase_if_any(t->foreign_keys, [&](const ForeignKey& fk) { return contains(fk.columns, name); });
        if (t->primary_key && contains(t->primary_key->columns, name)) t->primary_key.reset();
    }

    void apply(const AlterColumn& op) {
        Table* t = table(op.schema, op.table);
        if (!t) return;
        Column* c = t->find_column(op.column);
        if (!c) {
            fail("column '" + op.column + "' does not exist in table '" + t->qualified_name() + "'");
            return;
        }
        if (op.nullable && *op.nullable && detail::in_primary_key(*t, c->name)) {
            fail("column '" + op.column + "' is in the primary key of '" + t->qualified_name() +
                     "' and cannot become nullable",
                 "drop or change the primary key first");
            return;
        }
        if (op.new_name && *op.new_name != op.column && t->find_column(*op.new_name)) {
            fail("column '" + *op.new_name + "' already exists in table '" + t->qualified_name() + "'");
            return;
        }
        if (op.type) c->type = *op.type;
        if (op.nullable) c->nullable = *op.nullable;
        if (op.server_default) c->server_default = *op.server_default;
        if (op.comment) c->comment = *op.comment;
        if (op.new_name && *op.new_name != op.column) rename_column(*t, op.column, *op.new_name);
    }

    void rename_column(Table& t, const std::string& from, const std::string& to) {
        t.find_column(from)->name = to;
        if (t.primary_key) rename_in(t.primary_key->columns, from, to);
        for (auto& u : t.unique_constraints) rename_in(u.columns, from, to);
        for (auto& fk : t.foreign_keys) rename_in(fk.columns, from, to);
        for (auto& ix : t.indexes) {
            for (auto& e : ix.elements)
                if (!e.expression && e.text == from) e.text = to;
            rename_in(ix.include, from, to);
        }
        for (auto& other : m_schema.tables)
            for (auto& fk : other.foreign_keys)
                if (fk.ref_table == t.name && fk.ref_schema == t.schema) rename_in(fk.ref_columns, from, to);
    }

    void apply(const CreateIndex& op) {
        Table* t = table(op.schema, op.table);
        if (!t) return;
        std::string name = detail::effective_name(*t, op.index);
        if (!op.index.name.empty() && relation_name_taken(op.schema, name)) {
            fail("relation '" + qualified(op.schema, name) + "' already exists");
            return;
        }
        std::vector<std::string> cols;
        for (const auto& e : op.index.elements)
            if (!e.expression) cols.push_back(e.text);
        if (!columns_exist(*t, cols)) return;
        t->indexes.push_back(op.index);
    }

    void apply(const DropIndex& op) {
        // op.drop_index may leave out the table; index names are unique per schema.
        for (auto& t : m_schema.tables) {
            if (t.schema != op.schema || (!op.table.empty() && t.name != op.table)) continue;
            auto it = std::find_if(t.indexes.begin(), t.indexes.end(), [&](const Index& ix) {
                return op.index.name.empty() ? detail::same_index(ix, op.index)
                                             : detail::effective_name(t, ix) == final_name(op.index.name);
            });
            if (it != t.indexes.end()) {
                t.indexes.erase(it);
                return;
            }
        }
        std::string where = op.table.empty() ? std::string() : " on table '" + qualified(op.schema, op.table) + "'";
        fail("index '" + qualified(op.schema, op.index.name.value) + "' does not exist" + where);
    }

    template <class C>
    Table* constraint_target(const std::string& schema, const std::string& name, const C& c) {
        Table* t = table(schema, name);
        if (!t) return nullptr;
        std::string cname = detail::effective_name(*t, c);
        if (!c.name.empty() && constraint_name_taken(*t, cname)) {
            fail("constraint '" + cname + "' already exists on table '" + t->qualified_name() + "'");
            return nullptr;
        }
        return t;
    }

    void apply(const CreateUniqueConstraint& op) {
        Table* t = constraint_target(op.schema, op.table, op.constraint);
        if (!t || !columns_exist(*t, op.constraint.columns)) return;
        t->unique_constraints.push_back(op.constraint);
    }

    void apply(const CreateForeignKey& op) {
        Table* t = constraint_target(op.schema, op.table, op.constraint);
        if (!t || !columns_exist(*t, op.constraint.columns)) return;
        t->foreign_keys.push_back(op.constraint);
    }

    void apply(const CreateCheckConstraint& op) {
        Table* t = constraint_target(op.schema, op.table, op.constraint);
        if (!t) return;
        t->check_constraints.push_back(op.constraint);
    }

    void apply(const CreatePrimaryKey& op) {
        Table* t = constraint_target(op.schema, op.table, op.constraint);
        if (!t || !columns_exist(*t, op.constraint.columns)) return;
        if (t->primary_key) {
            fail("table '" + t->qualified_name() + "' already has a primary key",
                 "drop the existing primary key first");
            return;
        }
        t->primary_key = op.constraint;
        for (const auto& name : op.constraint.columns) t->find_column(name)->nullable = false;
    }

    // Finds the constraint by the name PostgreSQL knows it by; for drop_constraint(None, ...)
    // by the definition the op carries.
    template <class C>
    bool erase_constraint(const Table& t, std::vector<C>& v, const DropConstraint& op) {
        const C* def = std::get_if<C>(&op.definition);
        // An unnamed definition is found by its content: several unnamed checks share the
        // name PostgreSQL's naming scheme starts from.
        bool by_definition = op.name.empty() || (def && def->name.empty());
        auto it = std::find_if(v.begin(), v.end(), [&](const C& c) {
            if (by_definition) return def && c.name.empty() == def->name.empty() && same_constraint(c, *def);
            return detail::effective_name(t, c) == final_name(op.name);
        });
        if (it == v.end() && by_definition && !op.name.empty())
            it = std::find_if(v.begin(), v.end(), [&](const C& c) { return detail::effective_name(t, c) == final_name(op.name); });
        if (it == v.end()) return false;
        v.erase(it);
        return true;
    }

    static bool same_constraint(const UniqueConstraint& a, const UniqueConstraint& b) { return a.columns == b.columns; }
    static bool same_constraint(const ForeignKey& a, const ForeignKey& b) { return detail::same_foreign_key(a, b); }
    static bool same_constraint(const CheckConstraint& a, const CheckConstraint& b) {
        return detail::normalize_sql(a.sqltext) == detail::normalize_sql(b.sqltext);
    }

    bool drop_kind(Table& t, ConstraintKind kind, const DropConstraint& op) {
        switch (kind) {
        case ConstraintKind::unique: return erase_constraint(t, t.unique_constraints, op);
        case ConstraintKind::foreign_key: return erase_constraint(t, t.foreign_keys, op);
        case ConstraintKind::check: return erase_constraint(t, t.check_constraints, op);
        case ConstraintKind::primary_key:
            if (!t.primary_key) return false;
            if (!op.name.empty() && detail::effective_name(t, *t.primary_key) != final_name(op.name)) return false;
            t.primary_key.reset();  // the columns stay NOT NULL, as in PostgreSQL
            return true;
        }
        return false;
    }

    void apply(const DropConstraint& op) {
        Table* t = table(op.schema, op.table);
        if (!t) return;
        if (drop_kind(*t, op.kind, op)) return;
        // op.drop_constraint's type_ is optional in Alembic; PostgreSQL finds it by name alone.
        if (!op.name.empty()) {
            for (auto kind : {ConstraintKind::unique, ConstraintKind::foreign_key, ConstraintKind::check,
                              ConstraintKind::primary_key})
                if (kind != op.kind && drop_kind(*t, kind, op)) return;
        }
        if (op.name.empty())
            fail("cannot tell which constraint of table '" + t->qualified_name() + "' to drop without a name",
                 "name the constraint");
        else
            fail("constraint '" + op.name.value + "' does not exist on table '" + t->qualified_name() + "'");
    }

    void apply(const CreateEnum& op) {
        if (m_schema.find_enum(op.type.name, op.type.schema)) {
            fail("type '" + qualified(op.type.schema, op.type.name) + "' already exists");
            return;
        }
        m_schema.enums.push_back(op.type);
    }

    std::vector<Column*> columns_of_enum(const std::string& schema, const std::string& name) {
        std::vector<Column*> out;
        for (auto& t : m_schema.tables)
            for (auto& c : t.columns)
                if (c.type.enum_name == name && c.type.enum_schema == schema) out.push_back(&c);
        return out;
    }

    void apply(const DropEnum& op) {
        if (!m_schema.find_enum(op.type.name, op.type.schema)) {
            fail("type '" + qualified(op.type.schema, op.type.name) + "' does not exist");
            return;
        }
        if (!columns_of_enum(op.type.schema, op.type.name).empty()) {
            fail("type '" + qualified(op.type.schema, op.type.name) + "' is still used by a column",
                 "drop or convert the columns that use it first");
            return;
        }
        erase_if_any(m_schema.enums,
                     [&](const EnumType& e) { return e.name == op.type.name && e.schema == op.type.schema; });
    }

    void apply(const AlterEnum& op) {
        EnumType* e = m_schema.find_enum(op.from.name, op.from.schema);
        if (!e) {
            fail("type '" + qualified(op.from.schema, op.from.name) + "' does not exist");
            return;
        }
        // Keep the columns' Python rendering in step: sa.Enum('a', 'b', name='x').
        std::string old_list = quoted_values(e->values);
        std::string new_list = quoted_values(op.to.values);
        for (Column* c : columns_of_enum(op.from.schema, op.from.name)) {
            auto pos = c->type.python.find(old_list);
            if (!old_list.empty() && pos != std::string::npos) c->type.python.replace(pos, old_list.size(), new_list);
        }
        e->values = op.to.values;
    }

    void apply(const CreateTableComment& op) {
        if (Table* t = table(op.schema, op.table)) t->comment = op.comment;
    }

    void apply(const DropTableComment& op) {
        if (Table* t = table(op.schema, op.table)) t->comment.reset();
    }

    void apply(const Execute&) {
        warn("cannot replay op.execute statically; the schema after it may differ from the database",
             "prefer Alembic operations, or acknowledge the manual SQL in review");
    }

    void apply(const Opaque& op) {
        warn("cannot replay opaque code statically" + (op.reason.empty() ? std::string() : " (" + op.reason + ")") +
                 "; the schema after it may differ from the database",
             "express the change with Alembic operations");
    }

    Schema m_schema;
    Diagnostics& m_diags;
    const Op* m_op = nullptr;
};

}  // namespace

Schema replay(Schema base, const Ops& ops, Diagnostics& diags) { return Replayer(std::move(base), diags).run(ops); }

}  // namespace mig_guard::schema
