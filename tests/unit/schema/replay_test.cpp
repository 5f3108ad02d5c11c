#include <gtest/gtest.h>

#include "builders.hpp"
#include "mig_guard/schema/diff.hpp"
#include "mig_guard/schema/json.hpp"

namespace mig_guard::schema {
namespace {

using namespace test;

Op at(OpValue v, uint32_t line) { return Op{std::move(v), SourceLocation{"versions/abc_rev.py", line, 5}, 0, 0}; }

TEST(Replay, AppliesOpsInOrder) {
    Schema base;
    base.tables = {table("user")};
    Ops ops = {
        at(AddColumn{"", "user", column("email", varchar(50), false)}, 10),
        at(CreateIndex{"", "user", index("ix_user_email", {"email"}, true)}, 11),
        at(CreateTableComment{"", "user", "people", std::nullopt}, 12),
    };
    Diagnostics diags;
    Schema out = replay(base, ops, diags);
    EXPECT_TRUE(diags.empty());
    const Table* t = out.find_table("user");
    ASSERT_NE(t, nullptr);
    ASSERT_NE(t->find_column("email"), nullptr);
    EXPECT_FALSE(t->find_column("email")->nullable);
    ASSERT_EQ(t->indexes.size(), 1u);
    EXPECT_EQ(t->comment, std::optional<std::string>("people"));
}

TEST(Replay, CreateTableLeavesUseAlterForeignKeysOutAsPostgresqlDoes) {
    // op.create_table runs CREATE TABLE, which skips use_alter keys on PostgreSQL; nothing adds
    // them later. Only the plain key exists afterwards.
    Table parent = table("parent");
    Table child = table("child", {column("parent_id", integer()), column("other_id", integer())});
    child.foreign_keys.push_back(foreign_key("fk_child_parent", {"parent_id"}, "parent", {"id"}));
    ForeignKey cyclic = foreign_key("fk_child_other", {"other_id"}, "parent", {"id"});
    cyclic.use_alter = true;
    child.foreign_keys.push_back(cyclic);
    Diagnostics diags;
    Schema out = replay(Schema{}, Ops{at(CreateTable{parent}, 3), at(CreateTable{child}, 4)}, diags);
    EXPECT_TRUE(diags.empty());
    const Table* t = out.find_table("child");
    ASSERT_NE(t, nullptr);
    ASSERT_EQ(t->foreign_keys.size(), 1u);
    EXPECT_EQ(t->foreign_keys[0].name.value, "fk_child_parent");
}

TEST(Replay, OpsThatCannotApplyAreDiagnosedAtTheirLocationAndSkipped) {
    Schema base;
    base.tables = {table("user", {column("email", text())})};
    Ops ops = {
        at(AddColumn{"", "nope", column("x", text())}, 3),
        at(AddColumn{"", "user", column("email", text())}, 4),
        at(CreateTable{table("user")}, 5),
        at(DropIndex{"", "user", index("ix_missing", {"email"})}, 6),
        at(DropConstraint{"", "user", Name{"uq_missing", false}, ConstraintKind::unique, {}}, 7),
        at(AlterColumn{"", "user", "ghost", integer(), true, {}, {}, text(), {}, {}, {}, {}, {}}, 8),
        at(DropEnum{enum_type("status", {"a"})}, 9),
        at(AddColumn{"", "user", column("ok", text())}, 10),
    };
    Diagnostics diags;
    Schema out = replay(base, ops, diags);
    ASSERT_EQ(diags.size(), 7u);
    for (size_t i = 0; i < diags.size(); ++i) {
        EXPECT_EQ(diags[i].severity, Severity::error);
        EXPECT_EQ(diags[i].location.line, i + 3);
        EXPECT_EQ(diags[i].location.file, "versions/abc_rev.py");
        EXPECT_EQ(diags[i].stage, "schema");
    }
    EXPECT_EQ(diags[0].message, "add_column: table 'nope' does not exist at this point");
    EXPECT_EQ(diags[1].message, "add_column: column 'email' already exists in table 'user'");
    EXPECT_EQ(diags[2].message, "create_table: table 'user' already exists");
    EXPECT_EQ(diags[3].message, "drop_index: index 'ix_missing' does not exist on table 'user'");
    EXPECT_EQ(diags[4].message, "drop_constraint: constraint 'uq_missing' does not exist on table 'user'");
    EXPECT_EQ(diags[5].message, "alter_column: column 'ghost' does not exist in table 'user'");
    EXPECT_EQ(diags[6].message, "drop_enum: type 'status' does not exist");
    // The valid op after the failures still applies; the failed ones changed nothing.
    ASSERT_EQ(out.tables.size(), 1u);
    EXPECT_EQ(out.tables[0].columns.size(), 3u);
    EXPECT_NE(out.tables[0].find_column("ok"), nullptr);
}

TEST(Replay, ExecuteAndOpaqueWarnInsteadOfVanishing) {
    Schema base;
    base.tables = {table("user")};
    Ops ops = {at(Execute{"UPDATE user SET x = 1"}, 20), at(Opaque{"for t in tables: ...", "a loop"}, 21)};
    Diagnostics diags;
    Schema out = replay(base, ops, diags);
    ASSERT_EQ(diags.size(), 2u);
    EXPECT_EQ(diags[0].severity, Severity::warning);
    EXPECT_EQ(diags[0].location.line, 20u);
    EXPECT_NE(diags[0].message.find("cannot replay op.execute statically"), std::string::npos);
    EXPECT_EQ(diags[1].severity, Severity::warning);
    EXPECT_NE(diags[1].message.find("cannot replay opaque code statically (a loop)"), std::string::npos);
    EXPECT_TRUE(equivalent(out, base));
}

TEST(Replay, DroppingAColumnDropsWhatDependsOnIt) {
    Table t = table("user", {column("email", text()), column("org", integer())});
    t.indexes = {index("ix_user_email", {"email"}), index("ix_user_org", {"org"})};
    t.unique_constraints = {{Name{}, {"email"}, {}}};
    t.foreign_keys = {foreign_key("", {"org"}, "org", {"id"})};
    Schema base;
    base.tables = {t, table("org")};
    Diagnostics diags;
    Schema out = replay(base, {Op{DropColumn{"", "user", column("email", text())}, {}, 0, 0}}, diags);
    EXPECT_TRUE(diags.empty());
    const Table* u = out.find_table("user");
    ASSERT_EQ(u->indexes.size(), 1u);
    EXPECT_EQ(u->indexes[0].name.value, "ix_user_org");
    EXPECT_TRUE(u->unique_constraints.empty());
    EXPECT_EQ(u->foreign_keys.size(), 1u);
}

TEST(Replay, RenamesFollowReferences) {
    Table task = table("task", {column("owner", integer())});
    task.foreign_keys = {foreign_key("fk", {"owner"}, "user", {"id"})};
    Schema base;
    base.tables = {table("user"), task};
    AlterColumn rename_id{"", "people", "id", integer(), false, {}, {}, {}, {}, {}, {}, std::string("pk"), {}};
    Ops ops = {Op{RenameTable{"", "user", "people"}, {}, 0, 0}, Op{rename_id, {}, 0, 0}};
    Diagnostics diags;
    Schema out = replay(base, ops, diags);
    EXPECT_TRUE(diags.empty());
    const auto& fk = out.find_table("task")->foreign_keys[0];
    EXPECT_EQ(fk.ref_table, "people");
    EXPECT_EQ(fk.ref_columns, (std::vector<std::string>{"pk"}));
    EXPECT_EQ(out.find_table("people")->primary_key->columns, (std::vector<std::string>{"pk"}));
}

TEST(Replay, KeyColumnsCannotBecomeNullable) {
    Schema base;
    base.tables = {table("t")};
    AlterColumn op{"", "t", "id", integer(), false, {}, {}, {}, true, {}, {}, {}, {}};
    Diagnostics diags;
    replay(base, {Op{op, {}, 0, 0}}, diags);
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].message, "alter_column: column 'id' is in the primary key of 't' and cannot become nullable");
}

TEST(Replay, DropEnumStillInUseIsAnError) {
    Schema base;
    base.enums = {enum_type("status", {"a"})};
    base.tables = {table("t", {column("s", enum_of("status", {"a"}))})};
    Diagnostics diags;
    Schema out = replay(base, {Op{DropEnum{base.enums[0]}, {}, 0, 0}}, diags);
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].message, "drop_enum: type 'status' is still used by a column");
    EXPECT_EQ(out.enums.size(), 1u);
}

TEST(Replay, AlterEnumUpdatesValuesAndColumnRendering) {
    Schema base;
    base.enums = {enum_type("status", {"a", "b"})};
    base.tables = {table("t", {column("s", enum_of("status", {"a", "b"}))})};
    Diagnostics diags;
    Schema out = replay(base, {Op{AlterEnum{base.enums[0], enum_type("status", {"a", "b", "c"}), {}}, {}, 0, 0}}, diags);
    EXPECT_TRUE(diags.empty());
    EXPECT_EQ(out.enums[0].values, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(out.tables[0].find_column("s")->type.python, "sa.Enum('a', 'b', 'c', name='status')");
}

TEST(Replay, DropConstraintFindsUnnamedConstraintsByPostgresName) {
    Table t = table("user", {column("email", text())});
    t.unique_constraints = {{Name{}, {"email"}, {}}};
    Schema base;
    base.tables = {t};
    Diagnostics diags;
    // As a hand-written revision would say it: the name PostgreSQL chose, no type_.
    Schema out = replay(base, {Op{DropConstraint{"", "user", Name{"user_email_key", false}, ConstraintKind::check, {}}, {}, 0, 0}}, diags);
    EXPECT_TRUE(diags.empty());
    EXPECT_TRUE(out.tables[0].unique_constraints.empty());
}

TEST(Reverse, InvertsEachOpInReverseOrder) {
    Schema a, b;
    a.tables = {table("user", {column("name", varchar(50))})};
    Table user = table("user", {column("name", varchar(100), false), column("email", text())});
    user.indexes = {index("ix_user_email", {"email"})};
    b.tables = {user};
    b.enums = {enum_type("status", {"x"})};
    b.tables.push_back(table("task", {column("status", enum_of("status", {"x"}))}));
    std::vector<std::string> down;
    for (const auto& op : reverse(diff(a, b))) down.push_back(describe(op));
    EXPECT_EQ(down, (std::vector<std::string>{
                        "drop_index ix_user_email on user",
                        "alter_column user.name: type VARCHAR(100) -> VARCHAR(50), NOT NULL -> NULL",
                        "drop_column user.email",
                        "drop_table task",
                        "drop_enum status",
                    }));
}

TEST(Reverse, AlterColumnSwapsExistingAndNew) {
    AlterColumn op{"", "t", "c", integer(), true, literal_default("a"), std::string("old"),
                   bigint(), false, std::optional<ServerDefault>(), std::optional<std::string>("new"),
                   std::string("d"), {}};
    Ops r = reverse({Op{op, {}, 0, 0}});
    const auto* inv = r[0].as<AlterColumn>();
    ASSERT_NE(inv, nullptr);
    EXPECT_EQ(inv->column, "d");
    EXPECT_EQ(inv->new_name, std::optional<std::string>("c"));
    EXPECT_EQ(inv->existing_type.sql, "BIGINT");
    EXPECT_EQ(inv->type->sql, "INTEGER");
    EXPECT_FALSE(inv->existing_nullable);
    EXPECT_EQ(inv->nullable, std::optional<bool>(true));
    EXPECT_FALSE(inv->existing_server_default.has_value());
    ASSERT_TRUE(inv->server_default.has_value() && inv->server_default->has_value());
    EXPECT_EQ((*inv->server_default)->text, "a");
    EXPECT_EQ(inv->existing_comment, std::optional<std::string>("new"));
    EXPECT_EQ(inv->comment, std::optional<std::optional<std::string>>(std::optional<std::string>("old")));
}

TEST(Reverse, WhatCannotBeInvertedBecomesOpaque) {
    Ops up = {
        Op{Execute{"UPDATE t SET x = 1"}, SourceLocation{"r.py", 7, 5}, 0, 0},
        Op{DropConstraint{"", "t", Name{"uq_t_x", false}, ConstraintKind::unique, {}}, {}, 0, 0},
        Op{DropTableComment{"", "t", std::nullopt}, {}, 0, 0},
    };
    Ops down = reverse(up);
    ASSERT_EQ(down.size(), 3u);
    for (const auto& op : down) ASSERT_TRUE(op.is<Opaque>()) << describe(op);
    EXPECT_EQ(describe(down[0]), "opaque code: cannot reverse drop_table_comment: the previous comment is unknown");
    EXPECT_EQ(down[1].as<Opaque>()->source, "op.drop_constraint('uq_t_x', 't')");
    EXPECT_EQ(down[2].as<Opaque>()->source, "UPDATE t SET x = 1");
    EXPECT_EQ(down[2].as<Opaque>()->reason, "cannot reverse op.execute: hand-written SQL has no known inverse");
    EXPECT_EQ(down[2].location.line, 7u);
}

TEST(Reverse, UnnamedConstraintsAreDroppedByTheirPostgresName) {
    Ops up = {Op{CreateUniqueConstraint{"", "user", {Name{}, {"email", "org"}, {}}}, {}, 0, 0},
              Op{CreateForeignKey{"", "task", foreign_key("", {"user_id"}, "user", {"id"})}, {}, 0, 0},
              Op{CreatePrimaryKey{"", "task", {Name{}, {"id"}, {}}}, {}, 0, 0}};
    Ops down = reverse(up);
    EXPECT_EQ(down[0].as<DropConstraint>()->name.value, "task_pkey");
    EXPECT_EQ(down[1].as<DropConstraint>()->name.value, "task_user_id_fkey");
    EXPECT_EQ(down[2].as<DropConstraint>()->name.value, "user_email_org_key");
    EXPECT_TRUE(std::get<UniqueConstraint>(down[2].as<DropConstraint>()->definition).name.empty());
}

TEST(PostgresDefaultName, TruncatesTheLongerPartToFit) {
    EXPECT_EQ(postgres_default_name("user", {}, "pkey"), "user_pkey");
    std::string long_table(60, 't');
    std::string name = postgres_default_name(long_table, {"email"}, "key");
    EXPECT_EQ(name.size(), 63u);
    EXPECT_EQ(name, std::string(53, 't') + "_email_key");
}

}  // namespace
}  // namespace mig_guard::schema
