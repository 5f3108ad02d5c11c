// The words the gate uses for ops: a generated revision's message, and review callouts.
#include <gtest/gtest.h>

#include "mig_guard/gate/gate.hpp"

using namespace mig_guard;
using namespace mig_guard::schema;

namespace {

Column column(const std::string& name, bool nullable, const std::string& sql = "INTEGER") {
    Column c;
    c.name = name;
    c.type.sql = sql;
    c.type.python = "sa.Integer()";
    c.nullable = nullable;
    return c;
}

Op op(OpValue v) { return Op{std::move(v), {}, 0, 0}; }

}  // namespace

TEST(MessageFor, MergesColumnsAddedToOneTable) {
    Ops ops{op(AddColumn{"", "task", column("description", true)}), op(AddColumn{"", "task", column("priority", false)})};
    EXPECT_EQ(gate::message_for(ops), "add description and priority to task");
    ops.push_back(op(AddColumn{"", "task", column("owner", true)}));
    EXPECT_EQ(gate::message_for(ops), "add description, priority and owner to task");
}

TEST(MessageFor, NamesTwoChangesAndCountsTheRest) {
    Table t;
    t.name = "invoice";
    Ops ops{op(CreateTable{t}), op(DropColumn{"", "user", column("age", true)})};
    EXPECT_EQ(gate::message_for(ops), "create invoice table and drop age from user");
    ops.push_back(op(RenameTable{"", "a", "b"}));
    EXPECT_EQ(gate::message_for(ops), "create invoice table and 2 more changes");
    EXPECT_EQ(gate::message_for({}), "empty revision");
}

TEST(Callouts, FlagDestructiveAndDataDependentOpsOnly) {
    Table t;
    t.name = "audit";
    AlterColumn set_not_null;
    set_not_null.table = "task";
    set_not_null.column = "title";
    set_not_null.nullable = false;
    Ops ops{op(DropTable{t}), op(DropColumn{"", "task", column("due", true)}),
            op(AddColumn{"", "task", column("rank", false)}), op(AddColumn{"", "task", column("note", true)}),
            op(set_not_null), op(Execute{"UPDATE task SET rank = 0"})};
    auto c = gate::callouts(ops);
    ASSERT_EQ(c.size(), 5u);
    EXPECT_NE(c[0].find("drops table audit"), std::string::npos);
    EXPECT_NE(c[1].find("drops column task.due"), std::string::npos);
    EXPECT_NE(c[2].find("NOT NULL column task.rank without a server default"), std::string::npos);
    EXPECT_NE(c[3].find("sets task.title NOT NULL"), std::string::npos);
    EXPECT_NE(c[4].find("hand-written SQL"), std::string::npos);
    // A nullable column, or a NOT NULL one with a server default, needs no attention.
    Column with_default = column("rank", false);
    with_default.server_default = ServerDefault{ServerDefault::Kind::sql, "0"};
    EXPECT_TRUE(gate::callouts({op(AddColumn{"", "task", with_default})}).empty());
}
