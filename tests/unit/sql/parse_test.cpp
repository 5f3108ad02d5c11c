// Every op's rendering is valid PostgreSQL: parsed with libpg_query (PostgreSQL's grammar).
#include <gtest/gtest.h>

#include <pg_query.h>

#include "mig_guard/sql/render.hpp"

namespace mig_guard::sql {
namespace {

using namespace schema;

::testing::AssertionResult parses(const std::string& sql) {
    PgQueryParseResult r = pg_query_parse(sql.c_str());
    bool ok = r.error == nullptr;
    std::string message = ok ? "" : r.error->message;
    pg_query_free_parse_result(r);
    if (ok) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << message << " in: " << sql;
}

Column col(std::string name, std::string sql, bool nullable = true) {
    Column c;
    c.name = std::move(name);
    c.type.sql = std::move(sql);
    c.nullable = nullable;
    return c;
}

TEST(Parse, EveryOpRendersValidSql) {
    Table t;
    t.schema = "Sch";
    t.name = "user";
    t.columns = {col("id", "INTEGER", false), col("order", "VARCHAR(20)"), col("g", "INTEGER"), col("n", "BIGINT")};
    t.columns[1].server_default = ServerDefault{ServerDefault::Kind::literal, "it's"};
    t.columns[1].comment = "a 'comment'";
    t.columns[2].computed = "id * 2";
    t.columns[3].identity = Identity{true, 1, 1};
    t.primary_key = PrimaryKey{{}, {"id"}, {}};
    ForeignKey fk;
    fk.columns = {"n"};
    fk.ref_table = "org";
    fk.ref_columns = {"id"};
    fk.ondelete = "CASCADE";
    fk.deferrable = true;
    fk.initially = "DEFERRED";
    t.foreign_keys = {fk};
    t.unique_constraints = {UniqueConstraint{{"uq_" + std::string(70, 'x'), true}, {"order"}, {}}};
    t.check_constraints = {CheckConstraint{{"ck", false}, "id > 0", {}}};
    Index ix;
    ix.name = {"ix_user", false};
    ix.elements = {{"order", false}, {"lower(\"order\")", true}};
    ix.using_method = "btree";
    ix.include = {"n"};
    ix.where = "id > 0";
    t.indexes = {ix};
    t.comment = "users";

    AlterColumn alter;
    alter.schema = "Sch";
    alter.table = "user";
    alter.column = "order";
    alter.type = SqlType{"", "TEXT", {}, "", ""};
    alter.postgresql_using = "\"order\"::text";
    alter.nullable = false;
    alter.server_default = std::optional<ServerDefault>();
    alter.comment = std::optional<std::string>("x");
    alter.new_name = "Order";

    DropConstraint drop;
    drop.table = "user";
    drop.kind = schema::ConstraintKind::check;
    drop.definition = CheckConstraint{{}, "id > 0", {}};

    EnumType e{"", "status", {"a", "b"}};
    EnumType e2{"", "status", {"b", "c"}};
    Ops ops = {Op{CreateEnum{e}},
               Op{CreateTable{t}},
               Op{RenameTable{"Sch", "user", "users"}},
               Op{AddColumn{"", "user", col("x", "status")}},
               Op{DropColumn{"", "user", col("x", "status")}},
               Op{alter},
               Op{CreateIndex{"Sch", "user", ix}},
               Op{DropIndex{"Sch", "user", ix}},
               Op{CreateUniqueConstraint{"", "user", UniqueConstraint{{}, {"a", "b"}, {}}}},
               Op{CreateForeignKey{"", "user", fk}},
               Op{CreateCheckConstraint{"", "user", CheckConstraint{{"ck2", false}, "a <> 'x'", {}}}},
               Op{CreatePrimaryKey{"", "user", PrimaryKey{{"pk", false}, {"id"}, {}}}},
               Op{drop},
               Op{AlterEnum{e, e2, {{"", "user", "x"}}}},
               Op{AlterEnum{e, EnumType{"", "status", {"a", "b", "c"}}, {}}},
               Op{CreateTableComment{"", "user", "it's", std::nullopt}},
               Op{DropTableComment{"", "user", std::nullopt}},
               Op{DropTable{t}},
               Op{DropEnum{e}},
               Op{Execute{"UPDATE t SET a = 1"}}};
    auto statements = render(ops);
    ASSERT_GE(statements.size(), ops.size());
    for (const auto& s : statements) EXPECT_TRUE(parses(s));

    Schema schema;
    schema.enums = {e};
    schema.tables = {t};
    for (const auto& s : create_all(schema)) EXPECT_TRUE(parses(s));
}

TEST(Parse, HelperRejectsBrokenSql) { EXPECT_FALSE(parses("CREATE TABLE (")); }

}  // namespace
}  // namespace mig_guard::sql
