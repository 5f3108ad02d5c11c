#include <gtest/gtest.h>

#include "builders.hpp"
#include "mig_guard/schema/diff.hpp"
#include "mig_guard/schema/json.hpp"

namespace mig_guard::schema {
namespace {

using namespace test;

Schema sample() {
    Schema s;
    s.enums = {enum_type("status", {"open", "done"})};
    Column priority = column("priority", integer(), false);
    priority.server_default = literal_default("1");
    priority.comment = "higher first";
    Column status = column("status", enum_of("status", {"open", "done"}));
    Column seq = column("seq", bigint(), false);
    seq.identity = Identity{true, 10, std::nullopt};
    seq.autoincrement = Autoincrement::no;
    Column total = column("total", integer());
    total.computed = "priority * 2";
    Table task = table("task", {priority, status, seq, total});
    task.primary_key->name = Name{"pk_task", true};
    task.foreign_keys = {foreign_key("", {"priority"}, "prio", {"id"})};
    task.foreign_keys[0].ondelete = "CASCADE";
    task.foreign_keys[0].deferrable = true;
    task.unique_constraints = {{Name{"uq_task_seq", false}, {"seq"}, {}}};
    task.check_constraints = {{Name{}, "priority > 0", {}}};
    Index ix = index("ix_task_lower", {}, false);
    ix.elements = {{"lower(status)", true}, {"priority", false}};
    ix.where = "priority > 1";
    ix.using_method = "btree";
    ix.include = {"seq"};
    task.indexes = {ix};
    task.comment = "work";
    task.schema = "app";
    task.location = SourceLocation{"app/models.py", 12, 1};
    task.columns[1].location = SourceLocation{"app/models.py", 14, 5};
    s.tables = {task};
    return s;
}

TEST(Json, SchemaGolden) {
    const char* expected =
        R"j({"enums":[{"name":"status","schema":"","values":["open","done"]}],"tables":[{"check_constraints":)j"
        R"j([{"conv":false,"name":null,"sqltext":"priority > 0"}],"columns":[{"autoincrement":"auto","name":"id",)j"
        R"j("nullable":false,"type":{"imports":[],"python":"sa.Integer()","sql":"INTEGER"}},{"autoincrement":"auto",)j"
        R"j("comment":"higher first","name":"priority","nullable":false,"server_default":{"kind":"literal","text":"1"},)j"
        R"j("type":{"imports":[],"python":"sa.Integer()","sql":"INTEGER"}},{"autoincrement":"auto","name":"status",)j"
        R"j("nullable":true,"type":{"enum":{"name":"status","schema":""},"imports":[],"python":)j"
        R"j("sa.Enum('open', 'done', name='status')","sql":"status"}},{"autoincrement":"no","identity":{"always":true,)j"
        R"j("start":10},"name":"seq","nullable":false,"type":{"imports":[],"python":"sa.BigInteger()","sql":"BIGINT"}},)j"
        R"j({"autoincrement":"auto","computed":{"expression":"priority * 2","persisted":true},"name":"total",)j"
        R"j("nullable":true,"type":{"imports":[],"python":"sa.Integer()","sql":"INTEGER"}}],"comment":"work",)j"
        R"j("foreign_keys":[{"columns":["priority"],"conv":false,"deferrable":true,"initially":"","match":"",)j"
        R"j("name":null,"ondelete":"CASCADE","onupdate":"","ref_columns":["id"],"ref_schema":"","ref_table":"prio"}],)j"
        R"j("indexes":[{"conv":false,"elements":[{"expression":true,"text":"lower(status)"},{"expression":false,)j"
        R"j("text":"priority"}],"include":["seq"],"name":"ix_task_lower","unique":false,"using":"btree",)j"
        R"j("where":"priority > 1"}],"name":"task","primary_key":{"columns":["id"],"conv":true,"name":"pk_task"},)j"
        R"j("schema":"app","unique_constraints":[{"columns":["seq"],"conv":false,"name":"uq_task_seq"}]}]})j";
    EXPECT_EQ(to_json(sample()).dump(), expected);
}

TEST(Json, LocationsOnlyOnRequest) {
    Schema s = sample();
    EXPECT_EQ(to_json(s).dump().find("location"), std::string::npos);
    auto j = to_json(s, JsonOptions{.locations = true});
    EXPECT_EQ(j["tables"][0]["location"], "app/models.py:12:1");
    EXPECT_EQ(j["tables"][0]["columns"][1]["location"], "app/models.py:14:5");
    EXPECT_FALSE(j["tables"][0]["columns"][0].contains("location"));
}

TEST(Json, EmptySchema) { EXPECT_EQ(to_json(Schema{}).dump(), R"j({"enums":[],"tables":[]})j"); }

TEST(Json, AlterColumnOp) {
    AlterColumn op{"", "task", "title", varchar(50), true, literal_default("x"), {},
                   varchar(100), false, std::optional<ServerDefault>(), {}, {}, {}};
    EXPECT_EQ(to_json(Op{op, {}, 0, 0}).dump(),
              R"j({"column":"title","existing_nullable":true,"existing_server_default":{"kind":"literal","text":"x"},)j"
              R"j("existing_type":{"imports":[],"python":"sa.String(length=50)","sql":"VARCHAR(50)"},"nullable":false,)j"
              R"j("op":"alter_column","schema":"","server_default":null,"table":"task","type":{"imports":[],)j"
              R"j("python":"sa.String(length=100)","sql":"VARCHAR(100)"}})j");
}

TEST(Json, DropConstraintOpCarriesItsDefinition) {
    DropConstraint op{"", "user", Name{"user_email_key", false}, ConstraintKind::unique,
                      UniqueConstraint{Name{}, {"email"}, {}}};
    EXPECT_EQ(to_json(Op{op, SourceLocation{"r.py", 3, 5}, 0, 0}).dump(),
              R"j({"conv":false,"definition":{"columns":["email"],"conv":false,"name":null},"kind":"unique",)j"
              R"j("name":"user_email_key","op":"drop_constraint","schema":"","table":"user"})j");
    EXPECT_EQ(to_json(Op{op, SourceLocation{"r.py", 3, 5}, 0, 0}, {.locations = true})["location"], "r.py:3:5");
}

TEST(Json, EveryOpKindHasItsName) {
    Ops ops = diff(Schema{}, sample());
    ASSERT_EQ(ops.size(), 3u);
    EXPECT_EQ(to_json(ops[0])["op"], "create_enum");
    EXPECT_EQ(to_json(ops[1])["op"], "create_table");
    EXPECT_EQ(to_json(ops[1])["table"]["name"], "task");
    EXPECT_TRUE(to_json(ops[1])["table"]["indexes"].empty());
    EXPECT_EQ(to_json(ops[2])["op"], "create_index");
    EXPECT_EQ(to_json(ops[2])["index"]["name"], "ix_task_lower");
}

TEST(Describe, EveryOpKind) {
    Column prio = column("priority", integer(), false);
    prio.server_default = literal_default("1");
    Table user = table("user", {column("email", text()), column("name", text()), column("org", integer())});
    ForeignKey fk = foreign_key("fk_task_user", {"user_id"}, "user", {"id"});
    fk.ondelete = "CASCADE";
    std::vector<std::pair<OpValue, std::string>> cases = {
        {CreateTable{user}, "create_table user (4 columns)"},
        {CreateTable{table("one")}, "create_table one (1 column)"},
        {DropTable{user}, "drop_table user"},
        {RenameTable{"app", "user", "person"}, "rename_table app.user to person"},
        {AddColumn{"", "task", prio}, "add_column task.priority INTEGER NOT NULL DEFAULT '1'"},
        {DropColumn{"app", "task", prio}, "drop_column app.task.priority"},
        {AlterColumn{"", "task", "priority", integer(), true, {}, std::string("a"), bigint(), false,
                     std::optional<ServerDefault>(sql_default("now()")), std::optional<std::string>(), std::string("prio"), {}},
         "alter_column task.priority: type INTEGER -> BIGINT, NULL -> NOT NULL, default none -> now(), "
         "comment 'a' -> none, rename to prio"},
        {CreateIndex{"", "user", index("ix_user_email", {"email"}, true)}, "create_index ix_user_email on user (email) unique"},
        {DropIndex{"", "user", index("ix_user_email", {"email"})}, "drop_index ix_user_email on user"},
        {DropIndex{"", "", index("ix_user_email", {"email"})}, "drop_index ix_user_email"},
        {CreateUniqueConstraint{"", "user", {Name{"uq_user_name", false}, {"name", "org"}, {}}},
         "create_unique_constraint uq_user_name on user (name, org)"},
        {CreateForeignKey{"", "task", fk}, "create_foreign_key fk_task_user on task (user_id) -> user (id) ON DELETE CASCADE"},
        {CreateCheckConstraint{"", "task", {Name{"ck_prio", false}, "priority  >\n 0", {}}},
         "create_check_constraint ck_prio on task CHECK (priority > 0)"},
        {CreatePrimaryKey{"", "task", {Name{}, {"id"}, {}}}, "create_primary_key (unnamed) on task (id)"},
        {DropConstraint{"", "task", Name{"fk_task_user", false}, ConstraintKind::foreign_key, {}},
         "drop_constraint fk_task_user on task (foreign_key)"},
        {CreateEnum{enum_type("status", {"open", "it's"})}, "create_enum status ('open', 'it''s')"},
        {DropEnum{enum_type("status", {"open"})}, "drop_enum status"},
        {AlterEnum{enum_type("status", {"a"}), enum_type("status", {"a", "b"}), {}}, "alter_enum status ('a') -> ('a', 'b')"},
        {CreateTableComment{"", "task", "work items", std::nullopt}, "create_table_comment task 'work items'"},
        {DropTableComment{"", "task", std::string("x")}, "drop_table_comment task"},
        {Execute{"UPDATE task\n   SET priority = 1"}, "execute UPDATE task SET priority = 1"},
        {Execute{"UPDATE task SET priority = 1 WHERE id IN (SELECT id FROM user WHERE name = 'x')"},
         "execute UPDATE task SET priority = 1 WHERE id IN (SELECT id FROM ..."},
        {Opaque{"for x in y: pass", "a loop"}, "opaque code: a loop"},
    };
    for (const auto& [value, text] : cases) EXPECT_EQ(describe(Op{value, {}, 0, 0}), text);
}

}  // namespace
}  // namespace mig_guard::schema
