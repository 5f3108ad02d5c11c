// Expected strings are what the real tools print: SQLAlchemy 1.4.46
// `str(CreateTable(t).compile(dialect=postgresql.dialect()))` and `metadata.create_all` on a
// `create_mock_engine("postgresql://", ...)`, and Alembic 1.8.1 `alembic upgrade head --sql`
// (whose tabs are four spaces and whose statements end in ';'). Each test names its source.
#include <gtest/gtest.h>

#include "mig_guard/sql/render.hpp"

namespace mig_guard::sql {
namespace {

using namespace schema;

SqlType type(std::string sql) {
    SqlType t;
    t.sql = std::move(sql);
    return t;
}

Column col(std::string name, std::string sql, bool nullable = true) {
    Column c;
    c.name = std::move(name);
    c.type = type(std::move(sql));
    c.nullable = nullable;
    return c;
}

ServerDefault literal(std::string text) { return {ServerDefault::Kind::literal, std::move(text)}; }
ServerDefault sql_text(std::string text) { return {ServerDefault::Kind::sql, std::move(text)}; }

PrimaryKey pk(std::vector<std::string> cols, std::string name = {}) {
    PrimaryKey p;
    p.name = {std::move(name), false};
    p.columns = std::move(cols);
    return p;
}

ForeignKey fk(std::vector<std::string> cols, std::string ref_table, std::vector<std::string> ref_cols) {
    ForeignKey f;
    f.columns = std::move(cols);
    f.ref_table = std::move(ref_table);
    f.ref_columns = std::move(ref_cols);
    return f;
}

UniqueConstraint uq(std::vector<std::string> cols, std::string name = {}, bool conv = false) {
    UniqueConstraint u;
    u.name = {std::move(name), conv};
    u.columns = std::move(cols);
    return u;
}

CheckConstraint ck(std::string sqltext, std::string name = {}) {
    CheckConstraint c;
    c.name = {std::move(name), false};
    c.sqltext = std::move(sqltext);
    return c;
}

std::vector<std::string> one(const OpValue& v, const RenderOptions& o = {}) { return render(Op{v}, o); }

// SQLAlchemy: Table("child", m, Column("id", Integer, primary_key=True),
//   Column("a", Integer, ForeignKey("parent.id"), unique=True),
//   Column("b", String(20), unique=True, server_default="it's"),
//   Column("c", Integer, ForeignKey("parent.id", ondelete="CASCADE")), Column("d", Numeric(10, 2)),
//   CheckConstraint("a > b", name="ck1"), UniqueConstraint("c", "d"))
TEST(CreateTable, CreationOrderOfConstraints) {
    Table t;
    t.name = "child";
    t.columns = {col("id", "INTEGER", false), col("a", "INTEGER"), col("b", "VARCHAR(20)"), col("c", "INTEGER"),
                 col("d", "NUMERIC(10, 2)")};
    t.columns[2].server_default = literal("it's");
    t.primary_key = pk({"id"});
    t.check_constraints = {ck("a > b", "ck1")};
    t.check_constraints[0].creation_order = 1;
    t.unique_constraints = {uq({"c", "d"}), uq({"a"}), uq({"b"})};
    t.unique_constraints[0].creation_order = 2;
    t.unique_constraints[1].creation_order = 3;
    t.unique_constraints[2].creation_order = 5;
    t.foreign_keys = {fk({"a"}, "parent", {"id"}), fk({"c"}, "parent", {"id"})};
    t.foreign_keys[0].creation_order = 4;
    t.foreign_keys[1].creation_order = 6;
    t.foreign_keys[1].ondelete = "CASCADE";
    EXPECT_EQ(create_table(t),
              "CREATE TABLE child (\n\tid SERIAL NOT NULL, \n\ta INTEGER, \n\tb VARCHAR(20) DEFAULT 'it''s', "
              "\n\tc INTEGER, \n\td NUMERIC(10, 2), \n\tPRIMARY KEY (id), \n\tCONSTRAINT ck1 CHECK (a > b), "
              "\n\tUNIQUE (c, d), \n\tUNIQUE (a), \n\tFOREIGN KEY(a) REFERENCES parent (id), \n\tUNIQUE (b), "
              "\n\tFOREIGN KEY(c) REFERENCES parent (id) ON DELETE CASCADE\n)");
}

// Alembic op.create_table("user", ...) with autogenerate's argument order (Check, FK, PK, Unique);
// `alembic upgrade head --sql` printed this table (tabs shown there as four spaces).
Table alembic_user_table() {
    Table t;
    t.name = "user";
    t.columns = {col("id", "INTEGER", false), col("Name", "VARCHAR(50)"), col("status", "status"),
                 col("org_id", "BIGINT", false)};
    t.columns[1].comment = "it's";
    t.primary_key = pk({"id"});
    t.check_constraints = {ck("id > 0", "ck_pos")};
    ForeignKey f = fk({"org_id"}, "org", {"id"});
    f.ref_schema = "s1";
    f.ondelete = "CASCADE";
    f.onupdate = "SET NULL";
    f.deferrable = true;
    f.initially = "DEFERRED";
    f.match = "FULL";
    t.foreign_keys = {f};
    t.unique_constraints = {uq({"Name"}, "uq_user_name", true)};
    Index ix;
    ix.name = {"ix_user_org_id", true};
    ix.elements = {{"org_id", false}};
    t.indexes = {ix};
    t.comment = "Users' table";
    return t;
}

TEST(CreateTable, AlembicCreateTableOp) {
    auto sql = one(CreateTable{alembic_user_table()});
    std::vector<std::string> want = {
        "CREATE TABLE \"user\" (\n\tid SERIAL NOT NULL, \n\t\"Name\" VARCHAR(50), \n\tstatus status, "
        "\n\torg_id BIGINT NOT NULL, \n\tPRIMARY KEY (id), \n\tCONSTRAINT ck_pos CHECK (id > 0), "
        "\n\tFOREIGN KEY(org_id) REFERENCES s1.org (id) MATCH FULL ON DELETE CASCADE ON UPDATE SET NULL "
        "DEFERRABLE INITIALLY DEFERRED, \n\tCONSTRAINT uq_user_name UNIQUE (\"Name\")\n)",
        "CREATE INDEX ix_user_org_id ON \"user\" (org_id)",
        "COMMENT ON TABLE \"user\" IS 'Users'' table'",
        "COMMENT ON COLUMN \"user\".\"Name\" IS 'it''s'",
    };
    EXPECT_EQ(sql, want);
}

// SQLAlchemy: Table("User", m, Column("order", BigInteger, primary_key=True,
//   server_default=text("1")), Column("Name", String), schema="Sch")
TEST(CreateTable, QuotingAndServerDefaultSuppressesSerial) {
    Table t;
    t.schema = "Sch";
    t.name = "User";
    t.columns = {col("order", "BIGINT", false), col("Name", "VARCHAR")};
    t.columns[0].server_default = sql_text("1");
    t.primary_key = pk({"order"});
    EXPECT_EQ(create_table(t), "CREATE TABLE \"Sch\".\"User\" (\n\t\"order\" BIGINT DEFAULT 1 NOT NULL, "
                               "\n\t\"Name\" VARCHAR, \n\tPRIMARY KEY (\"order\")\n)");
}

TEST(CreateTable, SerialKinds) {
    Table t;
    t.name = "t";
    t.columns = {col("id", "BIGINT", false)};
    t.primary_key = pk({"id"});
    EXPECT_EQ(create_table(t), "CREATE TABLE t (\n\tid BIGSERIAL NOT NULL, \n\tPRIMARY KEY (id)\n)");
    t.columns[0].type = type("SMALLINT");
    EXPECT_EQ(create_table(t), "CREATE TABLE t (\n\tid SMALLSERIAL NOT NULL, \n\tPRIMARY KEY (id)\n)");
    t.columns[0].autoincrement = Autoincrement::no;
    EXPECT_EQ(create_table(t), "CREATE TABLE t (\n\tid SMALLINT NOT NULL, \n\tPRIMARY KEY (id)\n)");
    t.columns[0].type = type("VARCHAR(36)");
    t.columns[0].autoincrement = Autoincrement::auto_;
    EXPECT_EQ(create_table(t), "CREATE TABLE t (\n\tid VARCHAR(36) NOT NULL, \n\tPRIMARY KEY (id)\n)");
}

// SQLAlchemy 1.4: Column("id", Numeric(10, 0), primary_key=True) -> SERIAL, and Float too;
// 2.0 only for a zero scale.
TEST(CreateTable, NumericPrimaryKeyDependsOnVersion) {
    Table t;
    t.name = "n";
    t.columns = {col("id", "FLOAT", false)};
    t.primary_key = pk({"id"});
    RenderOptions v14{SqlAlchemyVersion::v1_4};
    EXPECT_EQ(create_table(t, v14), "CREATE TABLE n (\n\tid SERIAL NOT NULL, \n\tPRIMARY KEY (id)\n)");
    EXPECT_EQ(create_table(t), "CREATE TABLE n (\n\tid FLOAT NOT NULL, \n\tPRIMARY KEY (id)\n)");
    t.columns[0].type = type("NUMERIC(10, 0)");
    EXPECT_EQ(create_table(t), "CREATE TABLE n (\n\tid SERIAL NOT NULL, \n\tPRIMARY KEY (id)\n)");
}

// SQLAlchemy: Table("q", m, Column("id", Integer, ForeignKey("p.id"), primary_key=True)):
// a foreign-key column is not autoincrement under "auto".
TEST(CreateTable, ForeignKeyColumnIsNotSerial) {
    Table t;
    t.name = "q";
    t.columns = {col("id", "INTEGER", false)};
    t.primary_key = pk({"id"});
    t.foreign_keys = {fk({"id"}, "p", {"id"})};
    EXPECT_EQ(create_table(t), "CREATE TABLE q (\n\tid INTEGER NOT NULL, \n\tPRIMARY KEY (id), "
                               "\n\tFOREIGN KEY(id) REFERENCES p (id)\n)");
    EXPECT_EQ(autoincrement_column(t), nullptr);
    t.columns[0].autoincrement = Autoincrement::yes;
    EXPECT_EQ(autoincrement_column(t), &t.columns[0]);
}

// SQLAlchemy: Table("f", m, Column("id", Integer, primary_key=True),
//   Column("x", Integer, Identity(start=5), nullable=True), Column("y", Integer, Computed("x*2")))
TEST(CreateTable, IdentityAndComputed) {
    Table t;
    t.name = "f";
    t.columns = {col("id", "INTEGER", false), col("x", "INTEGER"), col("y", "INTEGER")};
    t.columns[1].identity = Identity{false, 5, std::nullopt};
    t.columns[2].computed = "x*2";
    t.primary_key = pk({"id"});
    EXPECT_EQ(create_table(t),
              "CREATE TABLE f (\n\tid SERIAL NOT NULL, \n\tx INTEGER GENERATED BY DEFAULT AS IDENTITY (START WITH 5) "
              "NULL, \n\ty INTEGER GENERATED ALWAYS AS (x*2) STORED, \n\tPRIMARY KEY (id)\n)");
    // An identity primary key is never SERIAL, and a NOT NULL identity omits NOT NULL.
    t.columns[0].identity = Identity{true, std::nullopt, std::nullopt};
    std::string head = "CREATE TABLE f (\n\tid INTEGER GENERATED ALWAYS AS IDENTITY, \n\tx INTEGER";
    EXPECT_EQ(create_table(t).substr(0, head.size()), head);
}

// SQLAlchemy naming convention {"uq": "uq_%(table_name)s_%(column_0_N_name)s"} on a long pair.
TEST(CreateTable, LongConventionNameIsTruncated) {
    Table t;
    t.schema = "s";
    t.name = "tbl";
    std::string a(40, 'a'), b(30, 'b');
    t.columns = {col("id", "INTEGER", false), col(a, "INTEGER"), col(b, "INTEGER")};
    t.primary_key = pk({"id"});
    t.unique_constraints = {uq({a, b}, "uq_tbl_" + a + "_" + b, true)};
    EXPECT_EQ(create_table(t), "CREATE TABLE s.tbl (\n\tid SERIAL NOT NULL, \n\t" + a + " INTEGER, \n\t" + b +
                                   " INTEGER, \n\tPRIMARY KEY (id), \n\tCONSTRAINT uq_tbl_" + a + "_bbbbbbb_d101 UNIQUE (" +
                                   a + ", " + b + ")\n)");
}

// SQLAlchemy create_all with a mock engine: enums first; per table CREATE TABLE, its indexes,
// its comments; dependency levels in declaration order; a cycle's foreign keys at the end.
TEST(CreateAll, OrderAndCycles) {
    Schema s;
    s.enums = {{"", "status", {"a", "b"}}, {"", "kind", {"x", "y"}}};
    Table zeta;
    zeta.name = "zeta";
    zeta.columns = {col("id", "INTEGER", false), col("s", "status"), col("t", "kind")};
    zeta.primary_key = pk({"id"});
    zeta.comment = "it's z";
    Table alpha;
    alpha.name = "alpha";
    alpha.columns = {col("id", "INTEGER", false), col("z", "INTEGER")};
    alpha.columns[1].comment = "c'c";
    alpha.primary_key = pk({"id"});
    alpha.foreign_keys = {fk({"z"}, "zeta", {"id"})};
    Index ix_b;
    ix_b.name = {"ix_b", false};
    ix_b.unique = true;
    ix_b.elements = {{"z", false}};
    Index ix_a;
    ix_a.name = {"ix_a", false};
    ix_a.elements = {{"lower(z)", true}};
    alpha.indexes = {ix_b, ix_a};
    Table cyc1;
    cyc1.name = "cyc1";
    cyc1.columns = {col("id", "INTEGER", false), col("o", "INTEGER")};
    cyc1.primary_key = pk({"id"});
    cyc1.foreign_keys = {fk({"o"}, "cyc2", {"id"})};
    Table cyc2 = cyc1;
    cyc2.name = "cyc2";
    cyc2.foreign_keys = {fk({"o"}, "cyc1", {"id"})};
    Table beta;
    beta.name = "beta";
    beta.columns = {col("id", "INTEGER", false)};
    beta.primary_key = pk({"id"});
    s.tables = {zeta, alpha, cyc1, cyc2, beta};

    std::vector<std::string> want = {
        "CREATE TYPE status AS ENUM ('a', 'b')",
        "CREATE TYPE kind AS ENUM ('x', 'y')",
        "CREATE TABLE zeta (\n\tid SERIAL NOT NULL, \n\ts status, \n\tt kind, \n\tPRIMARY KEY (id)\n)",
        "COMMENT ON TABLE zeta IS 'it''s z'",
        "CREATE TABLE cyc1 (\n\tid SERIAL NOT NULL, \n\to INTEGER, \n\tPRIMARY KEY (id)\n)",
        "CREATE TABLE cyc2 (\n\tid SERIAL NOT NULL, \n\to INTEGER, \n\tPRIMARY KEY (id)\n)",
        "CREATE TABLE beta (\n\tid SERIAL NOT NULL, \n\tPRIMARY KEY (id)\n)",
        "CREATE TABLE alpha (\n\tid SERIAL NOT NULL, \n\tz INTEGER, \n\tPRIMARY KEY (id), "
        "\n\tFOREIGN KEY(z) REFERENCES zeta (id)\n)",
        "CREATE UNIQUE INDEX ix_b ON alpha (z)",
        "CREATE INDEX ix_a ON alpha (lower(z))",
        "COMMENT ON COLUMN alpha.z IS 'c''c'",
        "ALTER TABLE cyc1 ADD FOREIGN KEY(o) REFERENCES cyc2 (id)",
        "ALTER TABLE cyc2 ADD FOREIGN KEY(o) REFERENCES cyc1 (id)",
    };
    EXPECT_EQ(create_all(s), want);
}

// use_alter=True FKs are no dependency and always go to ALTER TABLE; a cycle they do not break
// still moves all FKs of its tables. SQLAlchemy 1.4.46 create_all (mock engine) of
// a -> b -> c -(use_alter)-> a and d <-> e, e -(use_alter)-> a. SQLAlchemy emits the ALTERs in
// the order of a Python set; they follow table order here.
TEST(CreateAll, UseAlterBreaksCycles) {
    auto table = [](std::string name, std::vector<std::pair<std::string, bool>> refs) {
        Table t;
        t.name = name;
        t.columns = {col("id", "INTEGER", false)};
        t.primary_key = pk({"id"});
        for (const auto& [ref, use_alter] : refs) {
            t.columns.push_back(col(ref + "_id", "INTEGER"));
            ForeignKey f = fk({ref + "_id"}, ref, {"id"});
            f.use_alter = use_alter;
            if (use_alter) f.name = {"fk_" + name + "_" + ref + "_id", false};
            t.foreign_keys.push_back(f);
        }
        return t;
    };
    Schema s;
    s.tables = {table("a", {{"b", false}}), table("b", {{"c", false}}), table("c", {{"a", true}}),
                table("d", {{"e", false}}), table("e", {{"d", false}, {"a", true}})};
    std::vector<std::string> want = {
        "CREATE TABLE c (\n\tid SERIAL NOT NULL, \n\ta_id INTEGER, \n\tPRIMARY KEY (id)\n)",
        "CREATE TABLE d (\n\tid SERIAL NOT NULL, \n\te_id INTEGER, \n\tPRIMARY KEY (id)\n)",
        "CREATE TABLE e (\n\tid SERIAL NOT NULL, \n\td_id INTEGER, \n\ta_id INTEGER, \n\tPRIMARY KEY (id)\n)",
        "CREATE TABLE b (\n\tid SERIAL NOT NULL, \n\tc_id INTEGER, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(c_id) REFERENCES c (id)\n)",
        "CREATE TABLE a (\n\tid SERIAL NOT NULL, \n\tb_id INTEGER, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(b_id) REFERENCES b (id)\n)",
        "ALTER TABLE c ADD CONSTRAINT fk_c_a_id FOREIGN KEY(a_id) REFERENCES a (id)",
        "ALTER TABLE d ADD FOREIGN KEY(e_id) REFERENCES e (id)",
        "ALTER TABLE e ADD FOREIGN KEY(d_id) REFERENCES d (id)",
        "ALTER TABLE e ADD CONSTRAINT fk_e_a_id FOREIGN KEY(a_id) REFERENCES a (id)",
    };
    EXPECT_EQ(create_all(s), want);
    // CreateTable alone leaves a use_alter FK out too (compiler.create_table_constraints), so
    // Alembic's op.create_table never creates it.
    EXPECT_EQ(create_table(s.tables[2]), want[0]);
}

// PGDDLCompiler.visit_create_index, SQLAlchemy 1.4.46: Index("ix_e", t.c.embedding,
//   postgresql_using="hnsw", postgresql_with={"m": 16, "ef_construction": 64, "fillfactor": "70"},
//   postgresql_ops={"embedding": "vector_cosine_ops"}, postgresql_where=text("id > 0"))
TEST(CreateIndex, OperatorClassesAndStorageParameters) {
    Index ix;
    ix.name = {"ix_e", false};
    IndexElement e;
    e.text = "embedding";
    e.opclass = "vector_cosine_ops";
    IndexElement plain;
    plain.text = "id";
    ix.elements = {e, plain};
    ix.using_method = "hnsw";
    ix.with = {{"m", "16"}, {"ef_construction", "64"}, {"fillfactor", "'70'"}};
    ix.where = "id > 0";
    EXPECT_EQ(one(CreateIndex{"", "chunks", ix}),
              std::vector<std::string>{"CREATE INDEX ix_e ON chunks USING hnsw (embedding vector_cosine_ops, id) "
                                       "WITH (m = 16, ef_construction = 64, fillfactor = 70) WHERE id > 0"});
}

TEST(CreateIndex, ConcurrentlyAsPostgresqlConcurrentlyRendersIt) {
    // sa.Index('ix_a', t.c.a, postgresql_concurrently=True) with SQLAlchemy 1.4's compiler.
    Index ix;
    ix.name = {"ix_a", false};
    IndexElement e;
    e.text = "a";
    ix.elements = {e};
    ix.concurrently = true;
    EXPECT_EQ(one(CreateIndex{"", "t", ix}), std::vector<std::string>{"CREATE INDEX CONCURRENTLY ix_a ON t (a)"});
    EXPECT_EQ(one(DropIndex{"", "t", ix}), std::vector<std::string>{"DROP INDEX CONCURRENTLY ix_a"});
    ix.concurrently = false;
    EXPECT_EQ(one(DropIndex{"", "t", ix}), std::vector<std::string>{"DROP INDEX ix_a"});
}

// The remaining tests are statements `alembic upgrade head --sql` printed for the op shown.
TEST(Ops, DropAndRenameTable) {
    Table t;
    t.schema = "s1";
    t.name = "order";
    EXPECT_EQ(one(DropTable{t}), std::vector<std::string>{"DROP TABLE s1.\"order\""});
    // op.rename_table("old", "new", schema="s1")
    EXPECT_EQ(one(RenameTable{"s1", "old", "new"}), std::vector<std::string>{"ALTER TABLE s1.\"old\" RENAME TO \"new\""});
}

TEST(Ops, AddColumn) {
    // op.add_column("user", sa.Column("x", sa.Numeric(10, 2), server_default="0", nullable=False, comment="x'"))
    Column x = col("x", "NUMERIC(10, 2)", false);
    x.server_default = literal("0");
    x.comment = "x'";
    EXPECT_EQ(one(AddColumn{"", "user", x}),
              (std::vector<std::string>{"ALTER TABLE \"user\" ADD COLUMN x NUMERIC(10, 2) DEFAULT '0' NOT NULL",
                                        "COMMENT ON COLUMN \"user\".x IS 'x'''"}));
    // op.add_column("user", sa.Column("y", sa.Integer(), sa.Identity(always=True, start=3, increment=2)), schema="Sch")
    Column y = col("y", "INTEGER", false);
    y.identity = Identity{true, 3, 2};
    EXPECT_EQ(one(AddColumn{"Sch", "user", y}),
              std::vector<std::string>{
                  "ALTER TABLE \"Sch\".\"user\" ADD COLUMN y INTEGER GENERATED ALWAYS AS IDENTITY (INCREMENT BY 2 START WITH 3)"});
    // op.add_column("user", sa.Column("z", sa.Integer(), sa.Computed("x * 2")))
    Column z = col("z", "INTEGER");
    z.computed = "x * 2";
    EXPECT_EQ(one(AddColumn{"", "user", z}),
              std::vector<std::string>{"ALTER TABLE \"user\" ADD COLUMN z INTEGER GENERATED ALWAYS AS (x * 2) STORED"});
    // An integer column added alone is never SERIAL.
    Column id = col("id", "INTEGER", false);
    EXPECT_EQ(one(AddColumn{"", "t", id}), std::vector<std::string>{"ALTER TABLE t ADD COLUMN id INTEGER NOT NULL"});
}

TEST(Ops, DropColumn) {
    EXPECT_EQ(one(DropColumn{"s1", "user", col("x", "INTEGER")}),
              std::vector<std::string>{"ALTER TABLE s1.\"user\" DROP COLUMN x"});
}

TEST(Ops, AlterColumnStatementOrder) {
    // op.alter_column("user", "Name", existing_type=sa.String(50), type_=sa.Text(),
    //   postgresql_using='"Name"::text', nullable=False, server_default=sa.text("now()"),
    //   comment="new c", new_column_name="name", schema="s1")
    AlterColumn a;
    a.schema = "s1";
    a.table = "user";
    a.column = "Name";
    a.existing_type = type("VARCHAR(50)");
    a.type = type("TEXT");
    a.postgresql_using = "\"Name\"::text";
    a.nullable = false;
    a.server_default = std::optional<ServerDefault>(sql_text("now()"));
    a.comment = std::optional<std::string>("new c");
    a.new_name = "name";
    std::vector<std::string> want = {
        "ALTER TABLE s1.\"user\" ALTER COLUMN \"Name\" TYPE TEXT USING \"Name\"::text",
        "ALTER TABLE s1.\"user\" ALTER COLUMN \"Name\" SET NOT NULL",
        "ALTER TABLE s1.\"user\" ALTER COLUMN \"Name\" SET DEFAULT now()",
        "COMMENT ON COLUMN s1.\"user\".\"Name\" IS 'new c'",
        "ALTER TABLE s1.\"user\" RENAME \"Name\" TO name",
    };
    EXPECT_EQ(one(a), want);
}

TEST(Ops, AlterColumnRemovals) {
    // op.alter_column("user", "a", server_default=None, comment=None)
    AlterColumn a;
    a.table = "user";
    a.column = "a";
    a.server_default = std::optional<ServerDefault>();
    a.comment = std::optional<std::string>();
    EXPECT_EQ(one(a), (std::vector<std::string>{"ALTER TABLE \"user\" ALTER COLUMN a DROP DEFAULT",
                                                "COMMENT ON COLUMN \"user\".a IS NULL"}));
    // Type change without USING, nullable dropped, literal default.
    AlterColumn b;
    b.table = "t";
    b.column = "c";
    b.type = type("BIGINT");
    b.nullable = true;
    b.server_default = std::optional<ServerDefault>(literal("x"));
    EXPECT_EQ(one(b), (std::vector<std::string>{"ALTER TABLE t ALTER COLUMN c TYPE BIGINT",
                                                "ALTER TABLE t ALTER COLUMN c DROP NOT NULL",
                                                "ALTER TABLE t ALTER COLUMN c SET DEFAULT 'x'"}));
}

TEST(Ops, CreateAndDropIndex) {
    // op.create_index("ix_u", "user", ["org_id", sa.text("lower(name)")], unique=True, schema="s1",
    //   postgresql_using="gin", postgresql_where=sa.text("org_id > 0"), postgresql_include=["id"])
    Index ix;
    ix.name = {"ix_u", false};
    ix.unique = true;
    ix.elements = {{"org_id", false}, {"lower(name)", true}};
    ix.using_method = "GIN";
    ix.where = "org_id > 0";
    ix.include = {"id"};
    EXPECT_EQ(one(CreateIndex{"s1", "user", ix}),
              std::vector<std::string>{
                  "CREATE UNIQUE INDEX ix_u ON s1.\"user\" USING gin (org_id, lower(name)) INCLUDE (id) WHERE org_id > 0"});
    // op.drop_index("ix_u", table_name="user", schema="s1")
    EXPECT_EQ(one(DropIndex{"s1", "user", ix}), std::vector<std::string>{"DROP INDEX s1.ix_u"});
}

TEST(Ops, AddConstraints) {
    // op.create_unique_constraint("uq1", "user", ["a", "b"], schema="s1")
    EXPECT_EQ(one(CreateUniqueConstraint{"s1", "user", uq({"a", "b"}, "uq1")}),
              std::vector<std::string>{"ALTER TABLE s1.\"user\" ADD CONSTRAINT uq1 UNIQUE (a, b)"});
    // op.create_unique_constraint(None, "user", ["a"])
    EXPECT_EQ(one(CreateUniqueConstraint{"", "user", uq({"a"})}),
              std::vector<std::string>{"ALTER TABLE \"user\" ADD UNIQUE (a)"});
    // op.create_foreign_key("fk1", "user", "org", ["org_id"], ["id"], source_schema="s1",
    //   referent_schema="s2", ondelete="SET NULL")
    ForeignKey f = fk({"org_id"}, "org", {"id"});
    f.name = {"fk1", false};
    f.ref_schema = "s2";
    f.ondelete = "SET NULL";
    EXPECT_EQ(one(CreateForeignKey{"s1", "user", f}),
              std::vector<std::string>{
                  "ALTER TABLE s1.\"user\" ADD CONSTRAINT fk1 FOREIGN KEY(org_id) REFERENCES s2.org (id) ON DELETE SET NULL"});
    // op.create_check_constraint("ck1", "user", "a > 'x'", schema="s1")
    EXPECT_EQ(one(CreateCheckConstraint{"s1", "user", ck("a > 'x'", "ck1")}),
              std::vector<std::string>{"ALTER TABLE s1.\"user\" ADD CONSTRAINT ck1 CHECK (a > 'x')"});
    // op.create_primary_key("pk1", "user", ["id", "b"], schema="s1")
    EXPECT_EQ(one(CreatePrimaryKey{"s1", "user", pk({"id", "b"}, "pk1")}),
              std::vector<std::string>{"ALTER TABLE s1.\"user\" ADD CONSTRAINT pk1 PRIMARY KEY (id, b)"});
}

TEST(Ops, DropConstraint) {
    // op.drop_constraint("uq1", "user", type_="unique", schema="s1")
    DropConstraint d;
    d.schema = "s1";
    d.table = "user";
    d.name = {"uq1", false};
    EXPECT_EQ(one(d), std::vector<std::string>{"ALTER TABLE s1.\"user\" DROP CONSTRAINT uq1"});
    // Unnamed: the name PostgreSQL gave it, from the definition (SQLAlchemy itself refuses).
    d.name = {};
    d.kind = schema::ConstraintKind::check;
    d.definition = ck("\"Name\" <> 'x' AND lower(\"Name\") <> 'y'::text");
    EXPECT_EQ(one(d), std::vector<std::string>{"ALTER TABLE s1.\"user\" DROP CONSTRAINT \"user_Name_check\""});
    d.definition = ck("id > org");
    EXPECT_EQ(one(d), std::vector<std::string>{"ALTER TABLE s1.\"user\" DROP CONSTRAINT user_check"});
    d.kind = schema::ConstraintKind::foreign_key;
    d.definition = fk({"org"}, "org", {"id"});
    EXPECT_EQ(one(d), std::vector<std::string>{"ALTER TABLE s1.\"user\" DROP CONSTRAINT user_org_fkey"});
    d.definition = std::monostate{};
    EXPECT_TRUE(one(d).empty());
}

TEST(Ops, TableComments) {
    // op.create_table_comment("user", "it's", schema="s1"); op.drop_table_comment("user", schema="s1")
    EXPECT_EQ(one(CreateTableComment{"s1", "user", "it's", std::nullopt}),
              std::vector<std::string>{"COMMENT ON TABLE s1.\"user\" IS 'it''s'"});
    EXPECT_EQ(one(DropTableComment{"s1", "user", "x"}), std::vector<std::string>{"COMMENT ON TABLE s1.\"user\" IS NULL"});
}

TEST(Ops, ExecuteAndOpaque) {
    EXPECT_EQ(one(Execute{"UPDATE t SET a = 1"}), std::vector<std::string>{"UPDATE t SET a = 1"});
    EXPECT_TRUE(one(Opaque{"for x in y: op.execute(x)", "loop"}).empty());
}

// postgresql.ENUM("a'b", "c\\d", name="My Enum", schema="Sc"): CreateEnumType / DropEnumType.
TEST(Ops, EnumTypes) {
    EnumType e{"Sc", "My Enum", {"a'b", "c\\d"}};
    EXPECT_EQ(one(CreateEnum{e}, {SqlAlchemyVersion::v1_4}),
              std::vector<std::string>{"CREATE TYPE \"Sc\".\"My Enum\" AS ENUM ('a''b', 'c\\\\d')"});
    EXPECT_EQ(one(CreateEnum{e}), std::vector<std::string>{"CREATE TYPE \"Sc\".\"My Enum\" AS ENUM ('a''b', 'c\\d')"});
    EXPECT_EQ(one(DropEnum{e}), std::vector<std::string>{"DROP TYPE \"Sc\".\"My Enum\""});
}

TEST(Ops, AlterEnumAppend) {
    AlterEnum a{{"", "status", {"a", "b"}}, {"", "status", {"a", "b", "c", "it's"}}, {}};
    EXPECT_EQ(one(a), (std::vector<std::string>{"ALTER TYPE status ADD VALUE 'c'", "ALTER TYPE status ADD VALUE 'it''s'"}));
    a.to.values = a.from.values;
    EXPECT_TRUE(one(a).empty());
}

TEST(Ops, AlterEnumRecreate) {
    AlterEnum a{{"s", "status", {"a", "b"}}, {"s", "status", {"b", "a"}}, {{"s", "user", "order"}, {"", "t", "st"}}};
    std::vector<std::string> want = {
        "ALTER TYPE s.status RENAME TO status_old",
        "CREATE TYPE s.status AS ENUM ('b', 'a')",
        "ALTER TABLE s.\"user\" ALTER COLUMN \"order\" TYPE s.status USING \"order\"::text::s.status",
        "ALTER TABLE t ALTER COLUMN st TYPE s.status USING st::text::s.status",
        "DROP TYPE s.status_old",
    };
    EXPECT_EQ(one(a), want);
}

TEST(Ops, RenderSequenceConcatenates) {
    Ops ops = {Op{Execute{"SELECT 1"}}, Op{Opaque{"x", "y"}}, Op{DropColumn{"", "t", col("c", "INTEGER")}}};
    EXPECT_EQ(render(ops), (std::vector<std::string>{"SELECT 1", "ALTER TABLE t DROP COLUMN c"}));
}

}  // namespace
}  // namespace mig_guard::sql
