// The catalog digest verification compares before each upgrade and after its downgrade, against
// a real local PostgreSQL: the scoped digest must see every change a revision's ops can make
// (the named tables, the tables of dropped indexes, the tables whose foreign keys point at them,
// inheritance children, enum types) and equal catalogs must digest equal.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "mig_guard/pg/server.hpp"
#include "mig_guard/pg/verify.hpp"

namespace mig_guard::pg {
namespace {

class DigestTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        ServerOptions options;
        options.backend = Backend::local;
        options.version = "15";
        s_server = start_server(options);
    }
    static void TearDownTestSuite() { s_server.reset(); }

    Session database(const std::string& sql) {
        std::string name = s_server->create_database("digest");
        Session session(s_server->conninfo(name));
        if (!sql.empty()) session.execute(sql);
        return session;
    }

    static std::unique_ptr<Server> s_server;
};

std::unique_ptr<Server> DigestTest::s_server;

const char* const k_tables =
    "CREATE TYPE mood AS ENUM ('ok', 'sad');"
    "CREATE TABLE parent (id SERIAL PRIMARY KEY, name TEXT);"
    "CREATE TABLE child (id SERIAL PRIMARY KEY, parent_id INTEGER REFERENCES parent (id));"
    "CREATE TABLE other (id SERIAL PRIMARY KEY, title TEXT);"
    "CREATE INDEX ix_other_title ON other (title);"
    "CREATE TABLE heir (extra TEXT) INHERITS (parent);";

// Each change, made in a fresh database, and whether the digest of {parent} sees it.
struct Change {
    const char* sql;
    bool seen;
};

TEST_F(DigestTest, ScopedDigestSeesWhatTheNamedTablesReachAndNothingElse) {
    const DigestScope scope{{"parent"}, {}};
    const Change changes[] = {
        {"ALTER TABLE parent ADD COLUMN x INTEGER", true},
        {"COMMENT ON COLUMN parent.name IS 'n'", true},
        {"CREATE INDEX ix_parent_name ON parent (name)", true},
        // child's foreign key references parent: its constraint text names parent's columns.
        {"ALTER TABLE child ADD COLUMN y INTEGER", true},
        {"ALTER TABLE heir ALTER COLUMN extra SET NOT NULL", true},
        {"ALTER TYPE mood ADD VALUE 'glad'", true},
        {"ALTER TABLE other ADD COLUMN z INTEGER", false},
        {"DROP INDEX ix_other_title", false},
    };
    for (const auto& change : changes) {
        Session session = database(k_tables);
        std::string before = catalog_digest(session, scope);
        std::string whole_before = catalog_digest(session);
        session.execute(change.sql);
        EXPECT_EQ(catalog_digest(session, scope) != before, change.seen) << change.sql;
        EXPECT_NE(catalog_digest(session), whole_before) << change.sql;
    }
}

TEST_F(DigestTest, ScopedDigestFollowsADroppedIndexToItsTable) {
    Session session = database(k_tables);
    // DROP INDEX names no table; a wrong table_name in the revision must not hide it.
    const DigestScope scope{{"parent"}, {"ix_other_title"}};
    std::string before = catalog_digest(session, scope);
    session.execute("DROP INDEX ix_other_title");
    EXPECT_NE(catalog_digest(session, scope), before);
}

TEST_F(DigestTest, UndoneChangesDigestEqualWhateverTheColumnOrder) {
    Session session = database(k_tables);
    const DigestScope scope{{"parent", "other"}, {"ix_other_title"}};
    std::string before = catalog_digest(session, scope);
    std::string whole_before = catalog_digest(session);
    // Dropped and added back: the column comes last now, the index has a new oid.
    session.execute(
        "ALTER TABLE other DROP COLUMN title; ALTER TABLE other ADD COLUMN title TEXT;"
        "CREATE INDEX ix_other_title ON other (title);"
        "ALTER TABLE parent RENAME TO p2; ALTER TABLE p2 RENAME TO parent;");
    EXPECT_EQ(catalog_digest(session, scope), before);
    EXPECT_EQ(catalog_digest(session), whole_before);
    // An empty scope still digests the enum types.
    EXPECT_FALSE(catalog_digest(session, DigestScope{}).empty());
}

TEST_F(DigestTest, NamesNeedNoQuotingAndAreClippedLikeIdentifiers) {
    std::string long_name(70, 'l');
    Session session = database("CREATE TABLE \"Odd 'name\\\" (id INTEGER); CREATE TABLE " + long_name + " (id INTEGER);");
    const DigestScope scope{{"Odd 'name\\", long_name}, {}};
    std::string before = catalog_digest(session, scope);
    session.execute("ALTER TABLE \"Odd 'name\\\" ADD COLUMN x INTEGER");
    std::string after_odd = catalog_digest(session, scope);
    EXPECT_NE(after_odd, before);
    session.execute("ALTER TABLE " + long_name + " ADD COLUMN x INTEGER");
    EXPECT_NE(catalog_digest(session, scope), after_odd);
}

alembic::Revision revision(schema::Ops upgrade, schema::Ops downgrade = {}) {
    alembic::Revision r;
    r.revision = "abc";
    r.upgrade = std::move(upgrade);
    r.downgrade = std::move(downgrade);
    return r;
}

schema::Op op(schema::OpValue value) { return schema::Op{std::move(value), {}, 0, 0}; }

TEST(DigestScope, NamesTheTablesAndIndexesOfBothDirections) {
    schema::Table created;
    created.name = "task";
    created.foreign_keys.push_back(schema::ForeignKey{});
    created.foreign_keys.back().ref_table = "project";
    schema::Index index;
    index.name = schema::Name{"ix_user_email", false};
    auto scope = digest_scope(revision(
        {op(schema::CreateTable{created}), op(schema::AddColumn{"", "user", {}}),
         op(schema::RenameTable{"", "old", "new"})},
        {op(schema::DropIndex{"", "", index}), op(schema::DropColumn{"", "user", {}}), op(schema::DropTable{created})}));
    ASSERT_TRUE(scope.has_value());
    EXPECT_EQ(scope->tables, (std::vector<std::string>{"new", "old", "project", "task", "user"}));
    EXPECT_EQ(scope->indexes, (std::vector<std::string>{"ix_user_email"}));
}

TEST(DigestScope, SqlAsWrittenAndRecreatedEnumsDigestEverything) {
    EXPECT_FALSE(digest_scope(revision({op(schema::AddColumn{"", "t", {}})}, {op(schema::Execute{"DROP TABLE t"})})));
    EXPECT_FALSE(digest_scope(revision({op(schema::AlterEnum{})})));
    EXPECT_TRUE(digest_scope(revision({op(schema::CreateEnum{})}, {op(schema::DropEnum{})})));
}

}  // namespace
}  // namespace mig_guard::pg
