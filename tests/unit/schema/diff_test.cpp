#include <gtest/gtest.h>

#include "builders.hpp"
#include "mig_guard/schema/diff.hpp"
#include "mig_guard/schema/json.hpp"

namespace mig_guard::schema {
namespace {

using namespace test;

std::vector<std::string> described(const Ops& ops) {
    std::vector<std::string> out;
    for (const auto& op : ops) out.push_back(describe(op));
    return out;
}

using Lines = std::vector<std::string>;

TEST(Diff, IdenticalSchemasHaveNoOps) {
    Schema s;
    s.tables.push_back(table("user", {column("email", varchar(50), false)}));
    s.tables[0].indexes.push_back(index("ix_user_email", {"email"}, true));
    EXPECT_TRUE(diff(s, s).empty());
    EXPECT_TRUE(equivalent(s, s));
}

TEST(Diff, NewTablesInDependencyOrderEachFollowedByItsIndexes) {
    Schema to;
    Table task = table("task", {column("user_id", integer())});
    task.foreign_keys.push_back(foreign_key("", {"user_id"}, "user", {"id"}));
    task.indexes.push_back(index("ix_task_user_id", {"user_id"}));
    Table user = table("user", {column("email", varchar(50), false), column("name", text())});
    user.indexes.push_back(index("ix_user_name", {"name"}));
    user.indexes.push_back(index("ix_user_email", {"email"}, true));
    to.tables = {task, user, table("audit")};

    EXPECT_EQ(described(diff(Schema{}, to)), (Lines{
                                                 "create_table audit (1 column)",
                                                 "create_table user (3 columns)",
                                                 "create_index ix_user_email on user (email) unique",
                                                 "create_index ix_user_name on user (name)",
                                                 "create_table task (2 columns)",
                                                 "create_index ix_task_user_id on task (user_id)",
                                             }));
    // The create_table op carries no indexes (they are separate ops) and its foreign key.
    Ops ops = diff(Schema{}, to);
    const auto* ct = ops[4].as<CreateTable>();
    ASSERT_NE(ct, nullptr);
    EXPECT_TRUE(ct->table.indexes.empty());
    EXPECT_EQ(ct->table.foreign_keys.size(), 1u);
}

TEST(Diff, RemovedTablesInReverseDependencyOrderIndexesFirst) {
    Schema from;
    Table task = table("task", {column("user_id", integer())});
    task.foreign_keys.push_back(foreign_key("", {"user_id"}, "user", {"id"}));
    task.indexes.push_back(index("ix_task_user_id", {"user_id"}));
    from.tables = {table("audit"), task, table("user")};
    EXPECT_EQ(described(diff(from, Schema{})), (Lines{
                                                   "drop_index ix_task_user_id on task",
                                                   "drop_table task",
                                                   "drop_table user",
                                                   "drop_table audit",
                                               }));
}

TEST(Diff, NewThenRemovedThenExistingTablesByName) {
    Schema from;
    from.tables = {table("zeta"), table("old"), table("alpha")};
    Schema to;
    to.tables = {table("zeta", {column("x", integer())}), table("alpha", {column("y", integer())}), table("new")};
    EXPECT_EQ(described(diff(from, to)), (Lines{
                                             "create_table new (1 column)",
                                             "drop_table old",
                                             "add_column alpha.y INTEGER",
                                             "add_column zeta.x INTEGER",
                                         }));
}

TEST(Diff, ExistingTableOrderFollowsAlembicComparators) {
    Table from = table("t", {column("gone", text()), column("a", integer()), column("b", text()),
                             column("c", integer())});
    from.indexes.push_back(index("ix_t_gone", {"gone"}));
    from.indexes.push_back(index("ix_t_b", {"b"}));
    from.check_constraints.push_back({Name{"ck_old", false}, "a > 0", {}});
    from.foreign_keys.push_back(foreign_key("fk_t_c", {"c"}, "other", {"id"}));
    from.comment = "old";

    Table to = table("t", {column("a", bigint(), false), column("b", text()), column("c", integer()),
                           column("added", text())});
    to.indexes.push_back(index("ix_t_b", {"b"}, true));
    to.indexes.push_back(index("ix_t_added", {"added"}));
    to.check_constraints.push_back({Name{"ck_new", false}, "a > 1", {}});
    to.foreign_keys.push_back(foreign_key("fk_t_c2", {"c"}, "other", {"id"}));
    to.comment = "new";

    Schema a;
    a.tables = {from, table("other")};
    Schema b;
    b.tables = {to, table("other")};
    EXPECT_EQ(described(diff(a, b)), (Lines{
                                         "add_column t.added TEXT",
                                         "alter_column t.a: type INTEGER -> BIGINT, NULL -> NOT NULL",
                                         "drop_index ix_t_gone on t",
                                         "drop_index ix_t_b on t",
                                         "create_index ix_t_b on t (b) unique",
                                         "create_index ix_t_added on t (added)",
                                         "drop_constraint ck_old on t (check)",
                                         "create_check_constraint ck_new on t CHECK (a > 1)",
                                         "drop_constraint fk_t_c on t (foreign_key)",
                                         "create_foreign_key fk_t_c2 on t (c) -> other (id)",
                                         "create_table_comment t 'new'",
                                         "drop_column t.gone",
                                     }));
}

TEST(Diff, AlterColumnCarriesExistingStateLikeAlembic) {
    Column old_c = column("title", varchar(50), false);
    old_c.server_default = literal_default("x");
    old_c.comment = "the title";
    Column new_c = column("title", varchar(100), false);
    new_c.server_default = literal_default("x");
    new_c.comment = "the title";
    Schema a, b;
    a.tables = {table("t", {old_c})};
    b.tables = {table("t", {new_c})};
    Ops ops = diff(a, b);
    ASSERT_EQ(ops.size(), 1u);
    const auto* op = ops[0].as<AlterColumn>();
    ASSERT_NE(op, nullptr);
    EXPECT_EQ(op->existing_type.sql, "VARCHAR(50)");
    EXPECT_FALSE(op->existing_nullable);
    ASSERT_TRUE(op->existing_server_default.has_value());
    EXPECT_EQ(op->existing_server_default->to_sql(), "'x'");
    EXPECT_EQ(op->existing_comment, std::optional<std::string>("the title"));
    ASSERT_TRUE(op->type.has_value());
    EXPECT_EQ(op->type->sql, "VARCHAR(100)");
    EXPECT_FALSE(op->nullable.has_value());
    EXPECT_FALSE(op->server_default.has_value());
    EXPECT_FALSE(op->comment.has_value());
}

TEST(Diff, ServerDefaultsCompareByNormalizedSql) {
    auto with_default = [](ServerDefault d) {
        Column c = column("at", text());
        c.server_default = d;
        Schema s;
        s.tables = {table("t", {c})};
        return s;
    };
    EXPECT_TRUE(diff(with_default(sql_default("now()")), with_default(sql_default("(now())"))).empty());
    EXPECT_TRUE(diff(with_default(sql_default("now( )")), with_default(sql_default("  now( ) "))).empty());
    EXPECT_TRUE(diff(with_default(literal_default("it's")), with_default(sql_default("'it''s'"))).empty());
    EXPECT_EQ(described(diff(with_default(sql_default("(1) + (2)")), with_default(sql_default("1 + 2")))),
              (Lines{"alter_column t.at: default (1) + (2) -> 1 + 2"}));
    Schema none;
    none.tables = {table("t", {column("at", text())})};
    EXPECT_EQ(described(diff(none, with_default(literal_default("a")))), (Lines{"alter_column t.at: default none -> 'a'"}));
    Ops removed = diff(with_default(literal_default("a")), none);
    ASSERT_EQ(removed.size(), 1u);
    const auto* op = removed[0].as<AlterColumn>();
    ASSERT_TRUE(op && op->server_default.has_value());
    EXPECT_FALSE(op->server_default->has_value());
}

TEST(Diff, PrimaryKeyColumnsAreNotNull) {
    Schema a, b;
    Table t = table("t");
    t.columns[0].nullable = true;  // the model said nothing; PostgreSQL makes it NOT NULL
    a.tables = {t};
    b.tables = {table("t")};
    EXPECT_TRUE(diff(a, b).empty());
    Ops create = diff(Schema{}, a);
    ASSERT_EQ(create.size(), 1u);
    EXPECT_FALSE(create[0].as<CreateTable>()->table.columns[0].nullable);
}

TEST(Diff, PrimaryKeyChangeDropsAndCreatesThenRelaxesLeavingColumns) {
    Table from = table("t", {column("code", text(), false)});
    from.primary_key->columns = {"id", "code"};
    Table to = table("t", {column("code", text(), true)});
    Schema a, b;
    a.tables = {from};
    b.tables = {to};
    EXPECT_EQ(described(diff(a, b)), (Lines{
                                         "drop_constraint t_pkey on t (primary_key)",
                                         "create_primary_key (unnamed) on t (id)",
                                         "alter_column t.code: NOT NULL -> NULL",
                                     }));
    // The other way: the column becomes NOT NULL before it joins the key.
    EXPECT_EQ(described(diff(b, a)), (Lines{
                                         "alter_column t.code: NULL -> NOT NULL",
                                         "drop_constraint t_pkey on t (primary_key)",
                                         "create_primary_key (unnamed) on t (id, code)",
                                     }));
}

TEST(Diff, UnnamedUniqueMatchesNamedBySignature) {
    Table from = table("user", {column("email", text())});
    from.unique_constraints.push_back({Name{"user_email_key", false}, {"email"}, {}});
    Table to = table("user", {column("email", text())});
    to.unique_constraints.push_back({Name{}, {"email"}, {}});
    Schema a, b;
    a.tables = {from};
    b.tables = {to};
    EXPECT_TRUE(diff(a, b).empty());
    EXPECT_TRUE(diff(b, a).empty());
    // Two different explicit names are a change.
    b.tables[0].unique_constraints[0].name = Name{"uq_user_email", true};
    EXPECT_EQ(described(diff(a, b)), (Lines{
                                         "drop_constraint user_email_key on user (unique)",
                                         "create_unique_constraint uq_user_email on user (email)",
                                     }));
}

TEST(Diff, IndexesAndUniquesRemovedChangedAddedByName) {
    Table from = table("t", {column("a", text()), column("b", text()), column("c", text())});
    from.indexes = {index("ix_z", {"a"}), index("ix_changed", {"a"}), index("ix_kept", {"c"})};
    from.unique_constraints.push_back({Name{"uq_gone", false}, {"b"}, {}});
    Table to = table("t", {column("a", text()), column("b", text()), column("c", text())});
    to.indexes = {index("ix_changed", {"a", "b"}), index("ix_kept", {"c"}), index("ix_b", {"b"})};
    to.unique_constraints.push_back({Name{}, {"a", "c"}, {}});
    to.unique_constraints.push_back({Name{"uq_a", false}, {"a"}, {}});
    Schema a, b;
    a.tables = {from};
    b.tables = {to};
    EXPECT_EQ(described(diff(a, b)), (Lines{
                                         "drop_index ix_z on t",
                                         "drop_constraint uq_gone on t (unique)",
                                         "drop_index ix_changed on t",
                                         "create_index ix_changed on t (a, b)",
                                         "create_index ix_b on t (b)",
                                         "create_unique_constraint uq_a on t (a)",
                                         "create_unique_constraint (unnamed) on t (a, c)",
                                     }));
}

TEST(Diff, UnnamedForeignKeyMatchesBySignatureAndOptionsCount) {
    Table from = table("task", {column("user_id", integer())});
    from.foreign_keys.push_back(foreign_key("task_user_id_fkey", {"user_id"}, "user", {"id"}));
    Table to = table("task", {column("user_id", integer())});
    to.foreign_keys.push_back(foreign_key("", {"user_id"}, "user", {"id"}));
    Schema a, b;
    a.tables = {from, table("user")};
    b.tables = {to, table("user")};
    EXPECT_TRUE(diff(a, b).empty());
    b.tables[0].foreign_keys[0].ondelete = "CASCADE";
    EXPECT_EQ(described(diff(a, b)), (Lines{
                                         "drop_constraint task_user_id_fkey on task (foreign_key)",
                                         "create_foreign_key (unnamed) on task (user_id) -> user (id) ON DELETE CASCADE",
                                     }));
    // NO ACTION is the default and not a change.
    b.tables[0].foreign_keys[0].ondelete = "no action";
    EXPECT_TRUE(diff(a, b).empty());
}

TEST(Diff, NewEnumCreatedBeforeTheTableThatUsesIt) {
    Schema to;
    to.enums = {enum_type("status", {"open", "done"})};
    to.tables = {table("task", {column("status", enum_of("status", {"open", "done"}))})};
    EXPECT_EQ(described(diff(Schema{}, to)), (Lines{
                                                 "create_enum status ('open', 'done')",
                                                 "create_table task (2 columns)",
                                             }));
    EXPECT_EQ(described(diff(to, Schema{})), (Lines{
                                                 "drop_table task",
                                                 "drop_enum status",
                                             }));
}

TEST(Diff, EnumCreatedBeforeAddColumnAndDroppedAfterDropColumn) {
    Schema a, b;
    a.tables = {table("a"), table("b", {column("kind", enum_of("kind", {"x"}))})};
    a.enums = {enum_type("kind", {"x"})};
    b.tables = {table("a", {column("mood", enum_of("mood", {"happy", "sad"}), false)}), table("b")};
    b.enums = {enum_type("mood", {"happy", "sad"})};
    EXPECT_EQ(described(diff(a, b)), (Lines{
                                         "create_enum mood ('happy', 'sad')",
                                         "add_column a.mood mood NOT NULL",
                                         "drop_column b.kind",
                                         "drop_enum kind",
                                     }));
}

TEST(Diff, EnumTypeChangeOfColumn) {
    Schema a, b;
    a.tables = {table("a", {column("v", enum_of("old", {"x"}))})};
    a.enums = {enum_type("old", {"x"})};
    b.tables = {table("a", {column("v", enum_of("new", {"y"}))})};
    b.enums = {enum_type("new", {"y"})};
    EXPECT_EQ(described(diff(a, b)), (Lines{
                                         "create_enum new ('y')",
                                         "alter_column a.v: type old -> new",
                                         "drop_enum old",
                                     }));
}

TEST(Diff, ChangedEnumValuesBecomeAlterEnumWithTheColumnsUsingIt) {
    Schema a, b;
    a.enums = {enum_type("status", {"open", "done"})};
    a.tables = {table("task", {column("status", enum_of("status", {"open", "done"}))}),
                table("note", {column("state", enum_of("status", {"open", "done"}))})};
    b = a;
    b.enums[0].values = {"open", "doing", "done"};
    b.tables.push_back(table("zz"));
    Ops ops = diff(a, b);
    EXPECT_EQ(described(ops), (Lines{
                                  "alter_enum status ('open', 'done') -> ('open', 'doing', 'done')",
                                  "create_table zz (1 column)",
                              }));
    const auto* alter = ops[0].as<AlterEnum>();
    ASSERT_EQ(alter->columns.size(), 2u);
    EXPECT_EQ(alter->columns[0].table, "task");
    EXPECT_EQ(alter->columns[0].column, "status");
    EXPECT_EQ(alter->columns[1].table, "note");
}

TEST(Diff, SchemasQualifyTables) {
    Schema to;
    Table t = table("log");
    t.schema = "audit";
    to.tables = {t};
    EXPECT_EQ(described(diff(Schema{}, to)), (Lines{"create_table audit.log (1 column)"}));
}

TEST(Diff, IsDeterministic) {
    Schema a, b;
    a.tables = {table("x", {column("a", text())}), table("y")};
    b.tables = {table("y", {column("b", text())}), table("w")};
    b.tables[0].indexes = {index("ix_2", {"b"}), index("ix_1", {"id"})};
    std::string first;
    for (int i = 0; i < 3; ++i) {
        std::string text;
        for (const auto& op : diff(a, b)) text += to_json(op).dump() + "\n";
        if (i == 0) first = text;
        EXPECT_EQ(text, first);
    }
    EXPECT_NE(first.find("create_index"), std::string::npos);
}

TEST(PossibleRenames, PairsDroppedAndAddedColumnsOfTheSameType) {
    Schema a, b;
    a.tables = {table("user", {column("fullname", text()), column("age", integer())}), table("x", {column("q", text())})};
    b.tables = {table("user", {column("name", text()), column("years", bigint())}), table("x", {column("r", integer())})};
    auto renames = possible_renames(diff(a, b));
    ASSERT_EQ(renames.size(), 1u);
    EXPECT_EQ(renames[0].table, "user");
    EXPECT_EQ(renames[0].dropped, "fullname");
    EXPECT_EQ(renames[0].added, "name");
    EXPECT_EQ(renames[0].schema, "");
}

}  // namespace
}  // namespace mig_guard::schema

namespace mig_guard::schema {
namespace {

using namespace test;

// SQLAlchemy 1.4.46: MetaData(naming_convention={"ix": "ix_%(column_0_label)s"}) and an indexed
// column compiles to this name (IdentifierPreparer._truncate_and_render_maxlen_name).
const char* const k_long =
    "ix_quarterly_compliance_report_subscription_preferences_per_org_organisation_identifier_from_upstream_crm";
const char* const k_short = "ix_quarterly_compliance_report_subscription_preferences_bf7d";

TEST(FinalName, ConventionNamesOver63CharactersAreTruncatedLikeSqlAlchemy) {
    EXPECT_EQ(final_name(Name{k_long, true}), k_short);
    EXPECT_EQ(compiled_name(Name{k_long, true}), k_short);
    // Explicit: SQLAlchemy passes it on unchanged (1.4 raises at DDL time), PostgreSQL clips it.
    EXPECT_EQ(compiled_name(Name{k_long, false}), k_long);
    EXPECT_EQ(final_name(Name{k_long, false}), std::string(k_long).substr(0, 63));
    std::string sixty_three(63, 'x');
    EXPECT_EQ(final_name(Name{sixty_three, true}), sixty_three);
    // SQLAlchemy counts characters as Python's len() does; PostgreSQL then clips to 63 bytes.
    std::string wide = "ix_" + std::string(30, 'a');
    std::string e15;
    for (int i = 0; i < 15; ++i) e15 += "\xc3\xa9";  // é
    EXPECT_EQ(final_name(Name{wide + e15 + e15 + "\xc3\xa9", true}), wide + e15);  // SQLAlchemy: ..._4f06
    EXPECT_EQ(final_name(Name{wide + e15 + e15, false}), wide + e15);
}

// A hand-written revision naming the index as PostgreSQL knows it matches the model's
// convention name: no drop and re-create.
TEST(Diff, TruncatedConventionNameMatchesItsFinalForm) {
    Schema from;
    from.tables.push_back(table("t", {column("c", integer())}));
    from.tables[0].indexes.push_back(index(k_short, {"c"}));
    Schema to = from;
    to.tables[0].indexes[0].name = Name{k_long, true};
    EXPECT_TRUE(diff(from, to).empty());
    to.tables[0].indexes[0].name = Name{std::string(k_long) + "_x", true};
    EXPECT_FALSE(diff(from, to).empty());
}

}  // namespace
}  // namespace mig_guard::schema
