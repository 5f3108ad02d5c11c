// Hand-built ops for the writer tests: small constructors, and two revisions that together use
// every op kind (also run through the real Alembic by test_alembic_offline.cpp).
#pragma once

#include <string>
#include <vector>

#include "mig_guard/schema/ops.hpp"

namespace mig_guard::alembic::test {

using namespace mig_guard::schema;

inline SqlType t_int() { return {"sa.Integer()", "INTEGER", {}, {}, {}}; }
inline SqlType t_text() { return {"sa.Text()", "TEXT", {}, {}, {}}; }
inline SqlType t_string(int n) {
    return {"sa.String(length=" + std::to_string(n) + ")", "VARCHAR(" + std::to_string(n) + ")", {}, {}, {}};
}
inline SqlType t_auto(int n) {
    return {"sqlmodel.sql.sqltypes.AutoString(length=" + std::to_string(n) + ")", "VARCHAR(" + std::to_string(n) + ")",
            {"import sqlmodel"}, {}, {}};
}
inline SqlType t_jsonb() {
    return {"postgresql.JSONB(astext_type=sa.Text())", "JSONB", {"from sqlalchemy.dialects import postgresql"}, {}, {}};
}
inline SqlType t_enum(const std::string& name, const std::vector<std::string>& values) {
    std::string py = "sa.Enum(";
    for (const auto& v : values) py += "'" + v + "', ";
    py += "name='" + name + "')";
    return {py, name, {}, name, {}};
}

inline Column col(std::string name, SqlType type, bool nullable = true) {
    Column c;
    c.name = std::move(name);
    c.type = std::move(type);
    c.nullable = nullable;
    return c;
}

inline Name conv(std::string n) { return Name{std::move(n), true}; }
inline Name named(std::string n) { return Name{std::move(n), false}; }

inline Op op(OpValue v) { return Op{std::move(v), {}, 0, 0}; }

inline EnumType enum_type(const std::string& name, std::vector<std::string> values) {
    EnumType e;
    e.name = name;
    e.values = std::move(values);
    return e;
}

inline Table user_table() {
    Table t;
    t.name = "user";
    t.columns = {col("id", t_int(), false), col("email", t_auto(255), false),
                 col("status", t_enum("status", {"active", "inactive"}), false), col("created_at", {"sa.DateTime()", "TIMESTAMP WITHOUT TIME ZONE", {}, {}, {}})};
    t.columns[3].server_default = ServerDefault{ServerDefault::Kind::sql, "now()"};
    t.columns.push_back(col("profile", t_jsonb()));
    t.primary_key = PrimaryKey{{}, {"id"}, {}};
    t.unique_constraints.push_back(UniqueConstraint{conv("uq_user_email"), {"email"}, {}});
    t.comment = "users";
    return t;
}

inline Table task_table() {
    Table t;
    t.name = "task";
    Column id = col("id", t_int(), false);
    id.identity = Identity{true, 1, 1};
    Column title = col("title", t_string(50), false);
    title.server_default = ServerDefault{ServerDefault::Kind::literal, "untitled"};
    title.comment = "what to do";
    Column score = col("score", t_int());
    score.computed = "id * 2";
    score.autoincrement = Autoincrement::no;
    t.columns = {id, title, col("user_id", t_int()), score, col("status", t_enum("status", {"active", "inactive"}))};
    t.primary_key = PrimaryKey{{}, {"id"}, {}};
    ForeignKey fk;
    fk.name = conv("fk_task_user_id_user");
    fk.columns = {"user_id"};
    fk.ref_table = "user";
    fk.ref_columns = {"id"};
    fk.ondelete = "CASCADE";
    t.foreign_keys.push_back(fk);
    t.check_constraints.push_back(CheckConstraint{named("ck_task_title"), "length(title) > 0", {}});
    return t;
}

inline Index title_index() {
    Index ix;
    ix.name = named("ix_task_lower_title");
    ix.elements = {IndexElement{"lower(title)", true}};
    ix.where = "score > 0";
    ix.include = {"id"};
    return ix;
}

// Revision 1: two enums, two tables, indexes, an enum column added to an existing table.
inline Ops revision1_upgrade() {
    Index email;
    email.name = conv("ix_user_email");
    email.elements = {IndexElement{"email", false}};
    email.unique = true;
    Column priority = col("priority", t_enum("priority", {"low", "high"}));
    return {
        op(CreateEnum{enum_type("status", {"active", "inactive"})}),
        op(CreateTable{user_table()}),
        op(CreateIndex{"", "user", email}),
        op(CreateTable{task_table()}),
        op(CreateEnum{enum_type("priority", {"low", "high"})}),
        op(AddColumn{"", "task", priority}),
        op(CreateIndex{"", "task", title_index()}),
    };
}

inline Ops revision1_downgrade() {
    Index email;
    email.name = conv("ix_user_email");
    email.elements = {IndexElement{"email", false}};
    email.unique = true;
    return {
        op(DropIndex{"", "task", title_index()}),
        op(DropColumn{"", "task", col("priority", t_enum("priority", {"low", "high"}))}),
        op(DropEnum{enum_type("priority", {"low", "high"})}),
        op(DropTable{task_table()}),
        op(DropIndex{"", "user", email}),
        op(DropTable{user_table()}),
        op(DropEnum{enum_type("status", {"active", "inactive"})}),
    };
}

inline AlterColumn alter_title() {
    AlterColumn a;
    a.table = "task";
    a.column = "title";
    a.existing_type = t_string(50);
    a.existing_nullable = false;
    a.existing_server_default = ServerDefault{ServerDefault::Kind::literal, "untitled"};
    a.existing_comment = "what to do";
    a.type = t_text();
    a.nullable = true;
    a.server_default = std::optional<ServerDefault>{};
    a.comment = std::optional<std::string>{"the title"};
    a.postgresql_using = "title::text";
    return a;
}

// Revision 2: every remaining op kind.
inline Ops revision2_upgrade() {
    AlterColumn rename;
    rename.table = "task";
    rename.column = "score";
    rename.existing_type = t_int();
    rename.existing_nullable = true;
    rename.new_name = "points";

    ForeignKey fk;
    fk.name = conv("fk_task_user_id_user");
    fk.columns = {"user_id"};
    fk.ref_table = "user";
    fk.ref_columns = {"id"};
    fk.ondelete = "SET NULL";

    Table tag;
    tag.name = "tag";
    tag.columns = {col("name", t_string(30), false)};

    AlterEnum status;
    status.from = enum_type("status", {"active", "inactive"});
    status.to = enum_type("status", {"active", "archived"});
    status.columns = {{"", "user", "status"}, {"", "task", "status"}};

    Opaque loop{"for name in ['a', 'b']:\n        op.execute(f\"INSERT INTO tag (name) VALUES ('{name}')\")", "a loop"};
    Op loop_op = op(loop);
    loop_op.location = SourceLocation{"versions/x.py", 30, 5};

    return {
        op(alter_title()),
        op(rename),
        op(CreateUniqueConstraint{"", "task", UniqueConstraint{conv("uq_task_title"), {"title", "user_id"}, {}}}),
        op(CreateCheckConstraint{"", "task", CheckConstraint{conv("ck_task_points"), "points >= 0", {}}}),
        op(DropConstraint{"", "task", conv("fk_task_user_id_user"), ConstraintKind::foreign_key, {}}),
        op(CreateForeignKey{"", "task", fk}),
        op(AlterEnum{enum_type("priority", {"low", "high"}), enum_type("priority", {"low", "high", "urgent"}), {}}),
        op(status),
        op(CreateTable{tag}),
        op(CreatePrimaryKey{"", "tag", PrimaryKey{named("pk_tag"), {"name"}, {}}}),
        op(CreateTableComment{"", "task", "things to do", std::nullopt}),
        op(DropTableComment{"", "user", std::string("users")}),
        op(Execute{"UPDATE task SET title = 'untitled' WHERE title IS NULL"}),
        loop_op,
        op(DropColumn{"", "user", col("profile", t_jsonb())}),
        op(RenameTable{"", "task", "todo"}),
    };
}

inline Ops revision2_downgrade() {
    AlterColumn title;
    title.table = "task";
    title.column = "title";
    title.existing_type = t_text();
    title.existing_nullable = true;
    title.existing_comment = "the title";
    title.type = t_string(50);
    title.nullable = false;
    title.server_default = std::optional<ServerDefault>{ServerDefault{ServerDefault::Kind::literal, "untitled"}};
    title.comment = std::optional<std::string>{"what to do"};

    AlterColumn rename;
    rename.table = "task";
    rename.column = "points";
    rename.existing_type = t_int();
    rename.new_name = "score";

    ForeignKey fk;
    fk.name = conv("fk_task_user_id_user");
    fk.columns = {"user_id"};
    fk.ref_table = "user";
    fk.ref_columns = {"id"};
    fk.ondelete = "CASCADE";

    Table tag;
    tag.name = "tag";
    tag.columns = {col("name", t_string(30), false)};

    AlterEnum status;
    status.from = enum_type("status", {"active", "archived"});
    status.to = enum_type("status", {"active", "inactive"});
    status.columns = {{"", "user", "status"}, {"", "task", "status"}};

    return {
        op(RenameTable{"", "todo", "task"}),
        op(AddColumn{"", "user", col("profile", t_jsonb())}),
        op(CreateTableComment{"", "user", "users", std::nullopt}),
        op(DropTableComment{"", "task", std::string("things to do")}),
        op(DropConstraint{"", "tag", named("pk_tag"), ConstraintKind::primary_key, {}}),
        op(DropTable{tag}),
        op(status),
        op(AlterEnum{enum_type("priority", {"low", "high", "urgent"}), enum_type("priority", {"low", "high"}),
                     {{"", "task", "priority"}}}),
        op(DropConstraint{"", "task", conv("fk_task_user_id_user"), ConstraintKind::foreign_key, {}}),
        op(CreateForeignKey{"", "task", fk}),
        op(DropConstraint{"", "task", conv("ck_task_points"), ConstraintKind::check, {}}),
        op(DropConstraint{"", "task", conv("uq_task_title"), ConstraintKind::unique, {}}),
        op(rename),
        op(title),
    };
}

}  // namespace mig_guard::alembic::test
