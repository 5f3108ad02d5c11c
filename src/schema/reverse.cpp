#include "internal.hpp"
#include "mig_guard/schema/diff.hpp"

namespace mig_guard::schema {

namespace {

using detail::qualified;

Table bare_table(std::string schema, std::string name) {
    Table t;
    t.schema = std::move(schema);
    t.name = std::move(name);
    return t;
}

// Alembic's reverse(): each op's inverse from what the op itself carries.
struct Inverter {
    OpValue operator()(const CreateTable& op) const { return DropTable{op.table}; }
    OpValue operator()(const DropTable& op) const { return CreateTable{op.table}; }
    OpValue operator()(const RenameTable& op) const { return RenameTable{op.schema, op.new_name, op.old_name}; }
    OpValue operator()(const AddColumn& op) const { return DropColumn{op.schema, op.table, op.column}; }
    OpValue operator()(const DropColumn& op) const { return AddColumn{op.schema, op.table, op.column}; }

    OpValue operator()(const AlterColumn& op) const {
        AlterColumn r;
        r.schema = op.schema;
        r.table = op.table;
        r.column = op.new_name.value_or(op.column);
        if (op.new_name) r.new_name = op.column;
        r.existing_type = op.type.value_or(op.existing_type);
        r.existing_nullable = op.nullable.value_or(op.existing_nullable);
        r.existing_server_default = op.server_default.value_or(op.existing_server_default);
        r.existing_comment = op.comment.value_or(op.existing_comment);
        if (op.type) r.type = op.existing_type;
        if (op.nullable) r.nullable = op.existing_nullable;
        if (op.server_default) r.server_default = op.existing_server_default;
        if (op.comment) r.comment = op.existing_comment;
        return r;
    }

    OpValue operator()(const CreateIndex& op) const { return DropIndex{op.schema, op.table, op.index}; }
    OpValue operator()(const DropIndex& op) const { return CreateIndex{op.schema, op.table, op.index}; }

    template <class C>
    static DropConstraint drop(const std::string& schema, const std::string& table, const C& c,
                               ConstraintKind kind) {
        Name name = c.name;
        if (name.empty()) name.value = detail::effective_name(bare_table(schema, table), c);
        return DropConstraint{schema, table, name, kind, c};
    }

    OpValue operator()(const CreateUniqueConstraint& op) const {
        return drop(op.schema, op.table, op.constraint, ConstraintKind::unique);
    }
    OpValue operator()(const CreateForeignKey& op) const {
        return drop(op.schema, op.table, op.constraint, ConstraintKind::foreign_key);
    }
    OpValue operator()(const CreateCheckConstraint& op) const {
        return drop(op.schema, op.table, op.constraint, ConstraintKind::check);
    }
    OpValue operator()(const CreatePrimaryKey& op) const {
        return drop(op.schema, op.table, op.constraint, ConstraintKind::primary_key);
    }

    OpValue operator()(const DropConstraint& op) const {
        struct Create {
            const DropConstraint& op;
            OpValue operator()(std::monostate) const {
                return Opaque{"op.drop_constraint(" + (op.name.empty() ? std::string("None") : "'" + op.name.value + "'") +
                                  ", '" + qualified(op.schema, op.table) + "')",
                              "cannot reverse drop_constraint: the dropped constraint's definition is unknown"};
            }
            OpValue operator()(const UniqueConstraint& c) const { return CreateUniqueConstraint{op.schema, op.table, c}; }
            OpValue operator()(const ForeignKey& c) const { return CreateForeignKey{op.schema, op.table, c}; }
            OpValue operator()(const CheckConstraint& c) const { return CreateCheckConstraint{op.schema, op.table, c}; }
            OpValue operator()(const PrimaryKey& c) const { return CreatePrimaryKey{op.schema, op.table, c}; }
        };
        return std::visit(Create{op}, op.definition);
    }

    OpValue operator()(const CreateEnum& op) const { return DropEnum{op.type}; }
    OpValue operator()(const DropEnum& op) const { return CreateEnum{op.type}; }
    OpValue operator()(const AlterEnum& op) const { return AlterEnum{op.to, op.from, op.columns}; }

    OpValue operator()(const CreateTableComment& op) const {
        if (!op.existing_comment) return DropTableComment{op.schema, op.table, op.comment};
        return CreateTableComment{op.schema, op.table, *op.existing_comment, op.comment};
    }
    OpValue operator()(const DropTableComment& op) const {
        if (!op.existing_comment)
            return Opaque{"op.drop_table_comment('" + qualified(op.schema, op.table) + "')",
                          "cannot reverse drop_table_comment: the previous comment is unknown"};
        return CreateTableComment{op.schema, op.table, *op.existing_comment, std::nullopt};
    }

    OpValue operator()(const Execute& op) const {
        return Opaque{op.sql, "cannot reverse op.execute: hand-written SQL has no known inverse"};
    }
    OpValue operator()(const Opaque& op) const {
        return Opaque{op.source, "cannot reverse opaque code" + (op.reason.empty() ? std::string() : ": " + op.reason)};
    }
};

}  // namespace

Ops reverse(const Ops& upgrade) {
    Ops out;
    out.reserve(upgrade.size());
    for (auto it = upgrade.rbegin(); it != upgrade.rend(); ++it) {
        // The location stays: a finding on the inverse points at the op it came from.
        out.push_back(Op{std::visit(Inverter{}, it->value), it->location, it->source_begin, it->source_end});
    }
    return out;
}

}  // namespace mig_guard::schema
