// mg-ddl-compare must call equal what creates the same schema and tell apart what does not:
// otherwise the differential tests built on it prove nothing.
#include <gtest/gtest.h>

#include "ddl_compare.hpp"

using namespace mig_guard::differential;

namespace {

std::vector<std::string> differences(const std::string& expected, const std::string& actual) {
    Script e = parse_script(expected);
    Script a = parse_script(actual);
    std::vector<std::string> out = compare(e, a);
    for (auto& line : check_order(e, "SQLAlchemy")) out.push_back(line);
    for (auto& line : check_order(a, "mig-guard")) out.push_back(line);
    return out;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

// The one difference expected, and that it mentions `needle`.
void expect_one_difference(const std::string& expected, const std::string& actual, const std::string& needle) {
    auto diff = differences(expected, actual);
    ASSERT_EQ(diff.size(), 1u) << joined(diff);
    EXPECT_NE(diff[0].find(needle), std::string::npos) << diff[0];
}

const std::string k_schema = R"sql(
CREATE TYPE taskstatus AS ENUM ('todo', 'doing', 'done');

CREATE TABLE "user" (
	id SERIAL NOT NULL,
	email VARCHAR(255) NOT NULL,
	name VARCHAR,
	PRIMARY KEY (id),
	UNIQUE (email)
);

CREATE INDEX ix_user_name ON "user" (name);

CREATE TABLE task (
	id SERIAL NOT NULL,
	title VARCHAR(200) NOT NULL,
	status taskstatus NOT NULL,
	created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
	owner_id INTEGER,
	PRIMARY KEY (id),
	FOREIGN KEY(owner_id) REFERENCES "user" (id) ON DELETE CASCADE,
	CONSTRAINT ck_title CHECK (length(title) > 0)
);
)sql";

}  // namespace

TEST(DdlCompare, IdenticalScriptsAreSame) {
    Script s = parse_script(k_schema);
    EXPECT_EQ(s.statements.size(), 4u);
    EXPECT_TRUE(differences(k_schema, k_schema).empty());
}

TEST(DdlCompare, WhitespaceCaseQuotingAndConstraintOrderDoNotMatter) {
    const std::string same = R"sql(
create type "taskstatus" as enum ('todo','doing','done');
create table "user" ("id" serial not null, "email" varchar(255) not null, name character varying,
  unique ("email"), primary key ("id"));
create index "ix_user_name" on "user" ("name");
CREATE TABLE public_less_task_placeholder (x int);
)sql";
    // The placeholder makes the scripts differ by exactly one table, so the assertion below
    // checks that nothing else (spelling, quoting, order of constraints) is reported.
    auto diff = differences(k_schema, same);
    std::string text = joined(diff);
    EXPECT_EQ(diff.size(), 2u) << text;
    EXPECT_NE(text.find("table \"task\": missing in mig-guard"), std::string::npos) << text;
    EXPECT_NE(text.find("table \"public_less_task_placeholder\": in mig-guard but not in SQLAlchemy"),
              std::string::npos)
        << text;
}

TEST(DdlCompare, InlineAndTableLevelConstraintsAreTheSame) {
    EXPECT_TRUE(differences("CREATE TABLE p (id INTEGER NOT NULL, PRIMARY KEY (id));"
                            "CREATE TABLE c (id INTEGER NOT NULL, p_id INTEGER, UNIQUE (p_id),"
                            " FOREIGN KEY(p_id) REFERENCES p (id))",
                            "CREATE TABLE p (id int4 NOT NULL PRIMARY KEY);\n\n"
                            "CREATE TABLE c (id integer not null, p_id integer unique references p (id))")
                    .empty());
}

TEST(DdlCompare, IndependentStatementsMayComeInAnotherOrder) {
    EXPECT_TRUE(differences("CREATE TABLE a (x INTEGER); CREATE TABLE b (y INTEGER); CREATE INDEX ix_b ON b (y)",
                            "CREATE TABLE b (y INTEGER); CREATE INDEX ix_b ON b (y); CREATE TABLE a (x INTEGER)")
                    .empty());
}

TEST(DdlCompare, DifferentTypeIsReported) {
    std::string changed = k_schema;
    changed.replace(changed.find("status taskstatus"), 17, "status VARCHAR(5)");
    expect_one_difference(k_schema, changed, "table \"task\": column \"status\": type is taskstatus in SQLAlchemy but VARCHAR(5) in mig-guard");
}

TEST(DdlCompare, DifferentTypmodIsReported) {
    expect_one_difference("CREATE TABLE t (a VARCHAR(9))", "CREATE TABLE t (a VARCHAR(10))", "type is VARCHAR(9)");
    expect_one_difference("CREATE TABLE t (a NUMERIC(10, 2))", "CREATE TABLE t (a NUMERIC)", "type is");
    expect_one_difference("CREATE TABLE t (a INTEGER[])", "CREATE TABLE t (a INTEGER)", "type is INTEGER[]");
}

TEST(DdlCompare, MissingNotNullIsReported) {
    std::string changed = k_schema;
    changed.replace(changed.find("email VARCHAR(255) NOT NULL"), 27, "email VARCHAR(255)");
    expect_one_difference(k_schema, changed,
                          "table \"user\": column \"email\": NOT NULL in SQLAlchemy but nullable in mig-guard");
}

TEST(DdlCompare, DifferentDefaultIsReported) {
    std::string changed = k_schema;
    changed.replace(changed.find("DEFAULT now()"), 13, "DEFAULT CURRENT_TIMESTAMP");
    expect_one_difference(k_schema, changed, "default is now() in SQLAlchemy but CURRENT_TIMESTAMP in mig-guard");
    expect_one_difference("CREATE TABLE t (a INTEGER DEFAULT 0)", "CREATE TABLE t (a INTEGER)", "default is 0");
}

TEST(DdlCompare, IdentityIsCompared) {
    expect_one_difference("CREATE TABLE t (id INTEGER GENERATED BY DEFAULT AS IDENTITY)",
                          "CREATE TABLE t (id INTEGER GENERATED ALWAYS AS IDENTITY)", "column \"id\"");
}

TEST(DdlCompare, DifferentForeignKeyActionIsReported) {
    std::string changed = k_schema;
    changed.replace(changed.find(" ON DELETE CASCADE"), 18, " ON DELETE SET NULL");
    expect_one_difference(k_schema, changed, "ON DELETE CASCADE in SQLAlchemy but FOREIGN KEY(owner_id)");
}

TEST(DdlCompare, DifferentCheckExpressionIsReported) {
    std::string changed = k_schema;
    changed.replace(changed.find("> 0"), 3, ">= 0");
    expect_one_difference(k_schema, changed, "ck_title");
}

TEST(DdlCompare, MissingConstraintIsReported) {
    std::string changed = k_schema;
    const std::string unique = ",\n\tUNIQUE (email)";
    changed.replace(changed.find(unique), unique.size(), "");
    expect_one_difference(k_schema, changed, "table \"user\": constraint UNIQUE (email): missing in mig-guard");
}

TEST(DdlCompare, MissingIndexIsReported) {
    std::string changed = k_schema;
    changed.replace(changed.find("CREATE INDEX ix_user_name ON \"user\" (name);"), 43, "");
    expect_one_difference(k_schema, changed, "index \"ix_user_name\": missing in mig-guard");
}

TEST(DdlCompare, IndexDefinitionIsCompared) {
    std::string changed = k_schema;
    changed.replace(changed.find("CREATE INDEX ix_user_name"), 25, "CREATE UNIQUE INDEX ix_user_name");
    expect_one_difference(k_schema, changed, "index \"ix_user_name\": is CREATE INDEX");
}

TEST(DdlCompare, EnumValuesAreCompared) {
    std::string changed = k_schema;
    changed.replace(changed.find("'doing', 'done'"), 15, "'done', 'doing'");
    expect_one_difference(k_schema, changed, "type \"taskstatus\"");
}

TEST(DdlCompare, SwappedColumnOrderIsReported) {
    expect_one_difference("CREATE TABLE t (a INTEGER, b TEXT)", "CREATE TABLE t (b TEXT, a INTEGER)",
                          "columns in a different order: (a, b) in SQLAlchemy but (b, a) in mig-guard");
}

TEST(DdlCompare, MissingAndExtraColumnsAreReported) {
    auto diff = differences("CREATE TABLE t (a INTEGER, b TEXT)", "CREATE TABLE t (a INTEGER, c TEXT)");
    std::string text = joined(diff);
    ASSERT_EQ(diff.size(), 2u) << text;
    EXPECT_NE(text.find("column \"b\": missing in mig-guard"), std::string::npos) << text;
    EXPECT_NE(text.find("column \"c\": in mig-guard but not in SQLAlchemy"), std::string::npos) << text;
}

TEST(DdlCompare, SchemaQualifiedNamesAreDistinct) {
    auto diff = differences("CREATE TABLE app.t (a INTEGER)", "CREATE TABLE t (a INTEGER)");
    ASSERT_EQ(diff.size(), 2u) << joined(diff);
    EXPECT_NE(diff[0].find("table \"app.t\": missing in mig-guard"), std::string::npos) << diff[0];
}

TEST(DdlCompare, ForeignKeyTargetCreatedLaterIsAnOrderError) {
    const std::string good = "CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p_id INTEGER REFERENCES p (id))";
    const std::string bad = "CREATE TABLE c (p_id INTEGER REFERENCES p (id)); CREATE TABLE p (id INTEGER PRIMARY KEY)";
    expect_one_difference(good, bad, "mig-guard creates table \"c\" before table \"p\", which its foreign key references");
}

TEST(DdlCompare, SelfReferenceAndExternalTargetsAreNoOrderError) {
    EXPECT_TRUE(check_order(parse_script("CREATE TABLE n (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES n (id),"
                                         " other_id INTEGER REFERENCES elsewhere (id))"),
                            "x")
                    .empty());
}

TEST(DdlCompare, TypeAfterTableAndIndexBeforeTableAreOrderErrors) {
    auto type_late = check_order(parse_script("CREATE TABLE t (s mood); CREATE TYPE mood AS ENUM ('a')"), "mig-guard");
    ASSERT_EQ(type_late.size(), 1u) << joined(type_late);
    EXPECT_NE(type_late[0].find("before type \"mood\", which its column \"s\" uses"), std::string::npos);
    auto index_early = check_order(parse_script("CREATE INDEX ix ON t (a); CREATE TABLE t (a INTEGER)"), "mig-guard");
    ASSERT_EQ(index_early.size(), 1u) << joined(index_early);
    EXPECT_NE(index_early[0].find("index \"ix\""), std::string::npos);
}

TEST(DdlCompare, CommentsAreMatchedByTarget) {
    expect_one_difference("CREATE TABLE t (a INTEGER); COMMENT ON TABLE t IS 'tasks'",
                          "CREATE TABLE t (a INTEGER); COMMENT ON TABLE t IS 'things'", "comment on table \"t\"");
}

TEST(DdlCompare, DuplicateStatementsCount) {
    auto diff = differences("CREATE TABLE t (a INTEGER); ALTER TABLE t ADD COLUMN b INTEGER",
                            "CREATE TABLE t (a INTEGER); ALTER TABLE t ADD COLUMN b INTEGER; ALTER TABLE t ADD COLUMN b INTEGER");
    ASSERT_EQ(diff.size(), 1u) << joined(diff);
    EXPECT_NE(diff[0].find("in mig-guard but not in SQLAlchemy"), std::string::npos) << diff[0];
}

TEST(DdlCompare, ParseErrorNamesTheStatement) {
    try {
        parse_script("CREATE TABLE ok (a INTEGER);\n\nCREATE TABLE broken (a INTEGER,, b TEXT);\n\n");
        FAIL() << "no ParseError";
    } catch (const ParseError& e) {
        std::string what = e.what();
        EXPECT_NE(what.find("line 3"), std::string::npos) << what;
        EXPECT_NE(what.find("syntax error"), std::string::npos) << what;
        EXPECT_NE(what.find("CREATE TABLE broken"), std::string::npos) << what;
    }
}
