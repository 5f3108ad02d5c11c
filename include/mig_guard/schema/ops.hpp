// The one intermediate representation: Alembic's operations as a closed variant.
//
// The differ produces ops; the revision reader produces them with source spans; the revision
// writer, the SQL renderer, the replayer and the lint rules consume them. Drop ops carry the
// full definition of what they drop, so that every op can be reversed (downgrade) without
// looking anything up. A new op is one struct here plus one case in each visitor.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "mig_guard/schema/schema.hpp"

namespace mig_guard::schema {

struct CreateTable { Table table; };
struct DropTable { Table table; };
struct RenameTable { std::string schema; std::string old_name; std::string new_name; };

struct AddColumn { std::string schema; std::string table; Column column; };
struct DropColumn { std::string schema; std::string table; Column column; };

// op.alter_column: `existing_*` describe the column before; each optional that is set is a
// change. `server_default` / `comment`: outer optional set = changed; inner nullopt = removed.
struct AlterColumn {
    std::string schema;
    std::string table;
    std::string column;
    SqlType existing_type;
    bool existing_nullable = true;
    std::optional<ServerDefault> existing_server_default;
    std::optional<std::string> existing_comment;
    std::optional<SqlType> type;
    std::optional<bool> nullable;
    std::optional<std::optional<ServerDefault>> server_default;
    std::optional<std::optional<std::string>> comment;
    std::optional<std::string> new_name;
    std::string postgresql_using;  // USING expression for a type change; empty: none
};

struct CreateIndex { std::string schema; std::string table; Index index; };
struct DropIndex { std::string schema; std::string table; Index index; };

struct CreateUniqueConstraint { std::string schema; std::string table; UniqueConstraint constraint; };
struct CreateForeignKey { std::string schema; std::string table; ForeignKey constraint; };
struct CreateCheckConstraint { std::string schema; std::string table; CheckConstraint constraint; };
struct CreatePrimaryKey { std::string schema; std::string table; PrimaryKey constraint; };

enum class ConstraintKind : uint8_t { unique, foreign_key, check, primary_key };
// op.drop_constraint. `definition` holds what is dropped when known (always, from the
// differ; from the reader only when an earlier op in the chain defined it).
struct DropConstraint {
    std::string schema;
    std::string table;
    Name name;  // empty name: `drop_constraint(None, ...)` (MG703)
    ConstraintKind kind = ConstraintKind::unique;
    std::variant<std::monostate, UniqueConstraint, ForeignKey, CheckConstraint, PrimaryKey> definition;
};

// PostgreSQL enum types. Alembic has no ops for these; the writer renders them as
// `sa.Enum(...).create(op.get_bind())` / `.drop(op.get_bind())` and ALTER TYPE statements.
struct CreateEnum { EnumType type; };
struct DropEnum { EnumType type; };
// The enum's value list changes from `from.values` to `to.values`. Pure appends render as
// ALTER TYPE ... ADD VALUE; anything else recreates the type and converts `columns`.
struct AlterEnum {
    EnumType from;
    EnumType to;
    struct ColumnRef { std::string schema; std::string table; std::string column; };
    std::vector<ColumnRef> columns;
};

struct CreateTableComment { std::string schema; std::string table; std::string comment; std::optional<std::string> existing_comment; };
struct DropTableComment { std::string schema; std::string table; std::optional<std::string> existing_comment; };

// op.execute("..."): hand-written SQL, kept as written.
struct Execute { std::string sql; };
// A statement in a revision that is not a recognizable op (a loop, a helper call, a data fix
// through op.get_bind()). Never dropped: carries its source text.
struct Opaque { std::string source; std::string reason; };

using OpValue = std::variant<CreateTable, DropTable, RenameTable, AddColumn, DropColumn, AlterColumn,
                             CreateIndex, DropIndex, CreateUniqueConstraint, CreateForeignKey,
                             CreateCheckConstraint, CreatePrimaryKey, DropConstraint, CreateEnum,
                             DropEnum, AlterEnum, CreateTableComment, DropTableComment, Execute,
                             Opaque>;

struct Op {
    OpValue value;
    SourceLocation location;  // where the revision reader found it; empty from the differ
    uint32_t source_begin = 0;  // byte range of the statement in the revision file
    uint32_t source_end = 0;

    template <class T> bool is() const { return std::holds_alternative<T>(value); }
    template <class T> const T* as() const { return std::get_if<T>(&value); }
};

using Ops = std::vector<Op>;

// Alembic's operation name: "create_table", "add_column", ... ("create_enum" for CreateEnum).
const char* op_name(const Op& op);

}  // namespace mig_guard::schema
