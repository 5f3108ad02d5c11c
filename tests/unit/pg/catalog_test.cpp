// Introspection and comparison against a real local PostgreSQL: objects are created with SQL
// in a fresh database and the Schema read back is checked field by field.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>

#include "mig_guard/pg/catalog.hpp"
#include "mig_guard/pg/server.hpp"

namespace mig_guard::pg {
namespace {

class CatalogTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        ServerOptions options;
        options.backend = Backend::local;
        options.version = "15";
        s_server = start_server(options);
    }
    static void TearDownTestSuite() { s_server.reset(); }

    // A fresh database with `sql` run in it.
    Session database(const std::string& sql, const std::string& hint = "catalog") {
        std::string name = s_server->create_database(hint);
        Session session(s_server->conninfo(name));
        if (!sql.empty()) session.execute(sql);
        return session;
    }

    static std::unique_ptr<Server> s_server;
};

std::unique_ptr<Server> CatalogTest::s_server;

const schema::Table& table(const schema::Schema& s, std::string_view name, std::string_view schema_name = {}) {
    const schema::Table* t = s.find_table(name, schema_name);
    if (!t) throw std::runtime_error("no table " + std::string(name));
    return *t;
}

const schema::Column& column(const schema::Table& t, std::string_view name) {
    const schema::Column* c = t.find_column(name);
    if (!c) throw std::runtime_error("no column " + std::string(name));
    return *c;
}

std::vector<std::string> strings(const std::vector<Difference>& differences) {
    std::vector<std::string> out;
    for (const auto& d : differences) out.push_back(d.str());
    return out;
}

TEST_F(CatalogTest, ColumnTypesAreFormatTypeTexts) {
    Session session = database(R"SQL(
        CREATE TYPE status AS ENUM ('new', 'in progress', 'done');
        CREATE TABLE task (
            id SERIAL PRIMARY KEY,
            title VARCHAR(50) NOT NULL,
            body VARCHAR,
            due TIMESTAMPTZ DEFAULT now(),
            created TIMESTAMP,
            price NUMERIC(10, 2),
            tags TEXT[],
            grid INTEGER[][],
            state status NOT NULL DEFAULT 'new',
            payload JSONB,
            ref UUID,
            flag BOOLEAN DEFAULT false,
            ch CHAR(3),
            amount DOUBLE PRECISION,
            small SMALLINT,
            big BIGINT,
            at TIME WITH TIME ZONE,
            raw BYTEA
        );
    )SQL");
    schema::Schema s = introspect(session);
    ASSERT_EQ(s.tables.size(), 1u);
    const schema::Table& t = table(s, "task");
    EXPECT_EQ(t.schema, "");
    std::vector<std::string> names, types;
    for (const auto& c : t.columns) {
        names.push_back(c.name);
        types.push_back(c.type.sql);
        EXPECT_TRUE(c.type.python.empty());
    }
    EXPECT_EQ(names, (std::vector<std::string>{"id", "title", "body", "due", "created", "price", "tags", "grid", "state",
                                               "payload", "ref", "flag", "ch", "amount", "small", "big", "at", "raw"}));
    EXPECT_EQ(types, (std::vector<std::string>{"integer", "character varying(50)", "character varying",
                                               "timestamp with time zone", "timestamp without time zone", "numeric(10,2)",
                                               "text[]", "integer[]", "status", "jsonb", "uuid", "boolean", "character(3)",
                                               "double precision", "smallint", "bigint", "time with time zone", "bytea"}));
    EXPECT_FALSE(column(t, "title").nullable);
    EXPECT_TRUE(column(t, "body").nullable);
    EXPECT_FALSE(column(t, "id").nullable);

    // Defaults are pg_get_expr texts; a serial column keeps its nextval() and is marked.
    ASSERT_TRUE(column(t, "id").server_default);
    EXPECT_EQ(column(t, "id").server_default->text, "nextval('task_id_seq'::regclass)");
    EXPECT_EQ(column(t, "id").server_default->kind, schema::ServerDefault::Kind::sql);
    EXPECT_EQ(column(t, "id").autoincrement, schema::Autoincrement::yes);
    EXPECT_EQ(column(t, "title").autoincrement, schema::Autoincrement::auto_);
    ASSERT_TRUE(column(t, "due").server_default);
    EXPECT_EQ(column(t, "due").server_default->text, "now()");
    ASSERT_TRUE(column(t, "state").server_default);
    EXPECT_EQ(column(t, "state").server_default->text, "'new'::status");
    EXPECT_EQ(column(t, "flag").server_default->text, "false");
    EXPECT_FALSE(column(t, "body").server_default);

    EXPECT_EQ(column(t, "state").type.enum_name, "status");
    EXPECT_EQ(column(t, "state").type.enum_schema, "");
    EXPECT_EQ(column(t, "title").type.enum_name, "");

    ASSERT_EQ(s.enums.size(), 1u);
    EXPECT_EQ(s.enums[0].name, "status");
    EXPECT_EQ(s.enums[0].schema, "");
    EXPECT_EQ(s.enums[0].values, (std::vector<std::string>{"new", "in progress", "done"}));
}

TEST_F(CatalogTest, EnumLabelsFollowSortOrderNotCreationOrder) {
    Session session = database(R"SQL(
        CREATE TYPE level AS ENUM ('low', 'high');
        ALTER TYPE level ADD VALUE 'medium' BEFORE 'high';
        ALTER TYPE level ADD VALUE 'lowest' BEFORE 'low';
    )SQL");
    schema::Schema s = introspect(session);
    ASSERT_EQ(s.enums.size(), 1u);
    EXPECT_EQ(s.enums[0].values, (std::vector<std::string>{"lowest", "low", "medium", "high"}));
    EXPECT_TRUE(s.tables.empty());
}

TEST_F(CatalogTest, IdentityAndGeneratedColumns) {
    Session session = database(R"SQL(
        CREATE TABLE item (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY (START WITH 10 INCREMENT BY 5) PRIMARY KEY,
            code INTEGER GENERATED ALWAYS AS IDENTITY,
            name TEXT,
            lname TEXT GENERATED ALWAYS AS (lower(name)) STORED
        );
    )SQL");
    const schema::Schema s = introspect(session);
    const schema::Table& t = table(s, "item");
    const schema::Column& id = column(t, "id");
    ASSERT_TRUE(id.identity);
    EXPECT_FALSE(id.identity->always);
    EXPECT_EQ(id.identity->start, 10);
    EXPECT_EQ(id.identity->increment, 5);
    EXPECT_FALSE(id.server_default);
    EXPECT_FALSE(id.nullable);
    const schema::Column& code = column(t, "code");
    ASSERT_TRUE(code.identity);
    EXPECT_TRUE(code.identity->always);
    EXPECT_EQ(code.identity->start, 1);
    EXPECT_EQ(code.identity->increment, 1);
    EXPECT_FALSE(column(t, "name").identity);
    const schema::Column& lname = column(t, "lname");
    ASSERT_TRUE(lname.computed);
    EXPECT_EQ(*lname.computed, "lower(name)");
    EXPECT_TRUE(lname.computed_persisted);
    EXPECT_FALSE(lname.server_default);
    EXPECT_FALSE(column(t, "name").computed);
}

TEST_F(CatalogTest, KeysAndConstraints) {
    Session session = database(R"SQL(
        CREATE TABLE team (
            id INTEGER, region TEXT, name VARCHAR(50),
            price NUMERIC(10, 2) CONSTRAINT ck_price CHECK (price > 0),
            CONSTRAINT pk_team PRIMARY KEY (region, id),
            CONSTRAINT uq_team_name UNIQUE (name, region)
        );
        CREATE TABLE hero (
            id INTEGER PRIMARY KEY, team_id INTEGER, team_region TEXT,
            CONSTRAINT fk_hero_team FOREIGN KEY (team_region, team_id) REFERENCES team (region, id)
                ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED
        );
        CREATE TABLE plain (id INTEGER PRIMARY KEY, hero_id INTEGER REFERENCES hero (id) ON DELETE SET DEFAULT);
        CREATE TABLE odd ("Odd ""Name"", x" INTEGER, "back\slash" INTEGER, CONSTRAINT uq_odd UNIQUE ("Odd ""Name"", x", "back\slash"));
        ALTER TABLE plain ADD CONSTRAINT fk_plain_hero_late FOREIGN KEY (hero_id) REFERENCES hero (id)
            MATCH FULL ON DELETE RESTRICT NOT VALID;
    )SQL");
    schema::Schema s = introspect(session);
    const schema::Table& team = table(s, "team");
    ASSERT_TRUE(team.primary_key);
    EXPECT_EQ(team.primary_key->name.value, "pk_team");
    EXPECT_EQ(team.primary_key->columns, (std::vector<std::string>{"region", "id"}));
    ASSERT_EQ(team.unique_constraints.size(), 1u);
    EXPECT_EQ(team.unique_constraints[0].name.value, "uq_team_name");
    EXPECT_EQ(team.unique_constraints[0].columns, (std::vector<std::string>{"name", "region"}));
    ASSERT_EQ(team.check_constraints.size(), 1u);
    EXPECT_EQ(team.check_constraints[0].name.value, "ck_price");
    EXPECT_EQ(team.check_constraints[0].sqltext, "price > 0::numeric");
    // Indexes backing the primary key and the unique constraint are the constraints.
    EXPECT_TRUE(team.indexes.empty());

    const schema::Table& hero = table(s, "hero");
    ASSERT_EQ(hero.foreign_keys.size(), 1u);
    const schema::ForeignKey& fk = hero.foreign_keys[0];
    EXPECT_EQ(fk.name.value, "fk_hero_team");
    EXPECT_EQ(fk.columns, (std::vector<std::string>{"team_region", "team_id"}));
    EXPECT_EQ(fk.ref_schema, "");
    EXPECT_EQ(fk.ref_table, "team");
    EXPECT_EQ(fk.ref_columns, (std::vector<std::string>{"region", "id"}));
    EXPECT_EQ(fk.ondelete, "CASCADE");
    EXPECT_EQ(fk.onupdate, "SET NULL");
    EXPECT_EQ(fk.deferrable, true);
    EXPECT_EQ(fk.initially, "DEFERRED");
    EXPECT_EQ(fk.match, "");
    EXPECT_FALSE(fk.not_valid);
    EXPECT_EQ(hero.primary_key->name.value, "hero_pkey");

    const schema::Table& plain = table(s, "plain");
    ASSERT_EQ(plain.foreign_keys.size(), 2u);  // sorted by name
    EXPECT_EQ(plain.foreign_keys[0].name.value, "fk_plain_hero_late");
    EXPECT_EQ(plain.foreign_keys[0].ondelete, "RESTRICT");
    EXPECT_EQ(plain.foreign_keys[0].onupdate, "");
    EXPECT_EQ(plain.foreign_keys[0].match, "FULL");
    EXPECT_TRUE(plain.foreign_keys[0].not_valid);
    EXPECT_FALSE(plain.foreign_keys[0].deferrable);
    EXPECT_EQ(plain.foreign_keys[1].name.value, "plain_hero_id_fkey");
    EXPECT_EQ(plain.foreign_keys[1].ondelete, "SET DEFAULT");
    EXPECT_EQ(plain.foreign_keys[1].initially, "");
    EXPECT_FALSE(plain.foreign_keys[1].not_valid);

    // Column names that PostgreSQL's array output has to quote and escape.
    const schema::Table& odd = table(s, "odd");
    ASSERT_EQ(odd.unique_constraints.size(), 1u);
    EXPECT_EQ(odd.unique_constraints[0].columns, (std::vector<std::string>{"Odd \"Name\", x", "back\\slash"}));
    EXPECT_EQ(column(odd, "Odd \"Name\", x").type.sql, "integer");
}

TEST_F(CatalogTest, Indexes) {
    Session session = database(R"SQL(
        CREATE TABLE doc (id INTEGER PRIMARY KEY, title TEXT, owner INTEGER, tags TEXT[], body TEXT, "Mixed Case" INTEGER);
        CREATE INDEX ix_doc_lower_title ON doc (lower(title) text_pattern_ops, owner DESC) INCLUDE (body)
            WITH (fillfactor = 70) WHERE owner > 0;
        CREATE UNIQUE INDEX uq_doc_owner_title ON doc (owner, title);
        CREATE INDEX ix_doc_tags ON doc USING gin (tags);
        CREATE INDEX ix_doc_mixed ON doc ("Mixed Case" NULLS FIRST, title DESC NULLS LAST);
    )SQL");
    const schema::Schema s = introspect(session);
    const schema::Table& t = table(s, "doc");
    ASSERT_EQ(t.indexes.size(), 4u);  // sorted by name; the primary key's index is not one
    const schema::Index& lower = t.indexes[0];
    EXPECT_EQ(lower.name.value, "ix_doc_lower_title");
    EXPECT_FALSE(lower.unique);
    EXPECT_EQ(lower.using_method, "");
    ASSERT_EQ(lower.elements.size(), 2u);
    EXPECT_EQ(lower.elements[0], (schema::IndexElement{"lower(title)", true, "text_pattern_ops"}));
    EXPECT_EQ(lower.elements[1], (schema::IndexElement{"owner DESC", false, ""}));
    EXPECT_EQ(lower.include, (std::vector<std::string>{"body"}));
    EXPECT_EQ(lower.where, "owner > 0");
    EXPECT_EQ(lower.with, (std::vector<std::pair<std::string, std::string>>{{"fillfactor", "70"}}));

    const schema::Index& mixed = t.indexes[1];
    EXPECT_EQ(mixed.name.value, "ix_doc_mixed");
    ASSERT_EQ(mixed.elements.size(), 2u);
    EXPECT_EQ(mixed.elements[0].text, "\"Mixed Case\" NULLS FIRST");
    EXPECT_EQ(mixed.elements[1].text, "title DESC NULLS LAST");

    const schema::Index& gin = t.indexes[2];
    EXPECT_EQ(gin.name.value, "ix_doc_tags");
    EXPECT_EQ(gin.using_method, "gin");
    EXPECT_EQ(gin.elements, (std::vector<schema::IndexElement>{{"tags", false, ""}}));
    EXPECT_TRUE(gin.where.empty());
    EXPECT_TRUE(gin.include.empty());

    const schema::Index& unique = t.indexes[3];
    EXPECT_EQ(unique.name.value, "uq_doc_owner_title");
    EXPECT_TRUE(unique.unique);
    EXPECT_EQ(unique.elements, (std::vector<schema::IndexElement>{{"owner", false, ""}, {"title", false, ""}}));
}

TEST_F(CatalogTest, CommentsSchemasAndExclusions) {
    Session session = database(R"SQL(
        CREATE SCHEMA billing;
        CREATE TYPE billing.currency AS ENUM ('EUR', 'USD');
        CREATE TABLE billing.invoice (id INTEGER PRIMARY KEY, cur billing.currency, customer_id INTEGER);
        CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT);
        ALTER TABLE billing.invoice ADD CONSTRAINT fk_invoice_customer FOREIGN KEY (customer_id) REFERENCES customer (id);
        CREATE TABLE ledger_ref (id INTEGER PRIMARY KEY, invoice_id INTEGER REFERENCES billing.invoice (id));
        COMMENT ON TABLE customer IS 'People who pay';
        COMMENT ON COLUMN customer.name IS 'Full name';
        CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY);
        CREATE TABLE mig_guard_history (id INTEGER);
    )SQL");
    schema::Schema s = introspect(session);
    EXPECT_EQ(s.tables.size(), 3u);
    EXPECT_FALSE(s.find_table("alembic_version"));
    EXPECT_FALSE(s.find_table("mig_guard_history"));

    const schema::Table& customer = table(s, "customer");
    EXPECT_EQ(customer.comment, "People who pay");
    EXPECT_EQ(column(customer, "name").comment, "Full name");
    EXPECT_FALSE(column(customer, "id").comment);

    const schema::Table& invoice = table(s, "invoice", "billing");
    EXPECT_EQ(invoice.schema, "billing");
    EXPECT_EQ(invoice.qualified_name(), "billing.invoice");
    EXPECT_FALSE(invoice.comment);
    EXPECT_EQ(column(invoice, "cur").type.sql, "billing.currency");
    EXPECT_EQ(column(invoice, "cur").type.enum_name, "currency");
    EXPECT_EQ(column(invoice, "cur").type.enum_schema, "billing");
    ASSERT_EQ(invoice.foreign_keys.size(), 1u);
    EXPECT_EQ(invoice.foreign_keys[0].ref_schema, "");
    EXPECT_EQ(invoice.foreign_keys[0].ref_table, "customer");
    const schema::Table& ref = table(s, "ledger_ref");
    ASSERT_EQ(ref.foreign_keys.size(), 1u);
    EXPECT_EQ(ref.foreign_keys[0].ref_schema, "billing");
    EXPECT_EQ(ref.foreign_keys[0].ref_table, "invoice");
    ASSERT_TRUE(s.find_enum("currency", "billing"));

    // Only the schemas asked for; exclusions are the caller's.
    IntrospectOptions only_billing;
    only_billing.schemas = {"billing"};
    only_billing.exclude_tables = {};
    schema::Schema b = introspect(session, only_billing);
    ASSERT_EQ(b.tables.size(), 1u);
    EXPECT_EQ(b.tables[0].name, "invoice");
    ASSERT_EQ(b.enums.size(), 1u);
    EXPECT_EQ(b.enums[0].name, "currency");

    IntrospectOptions public_all;
    public_all.schemas = {"public"};
    public_all.exclude_tables = {};
    schema::Schema p = introspect(session, public_all);
    EXPECT_EQ(p.tables.size(), 4u);
    EXPECT_TRUE(p.find_table("alembic_version"));
    EXPECT_TRUE(p.enums.empty());
}

TEST_F(CatalogTest, EqualDatabasesCompareEqualWhateverTheColumnOrder) {
    // The same objects created in a different order, columns added later on one side, and
    // serial sequences with the same names.
    Session left = database(R"SQL(
        CREATE TYPE status AS ENUM ('a', 'b');
        CREATE TABLE team (id SERIAL PRIMARY KEY, name VARCHAR(50) NOT NULL, st status DEFAULT 'a');
        CREATE TABLE hero (id SERIAL PRIMARY KEY, team_id INTEGER REFERENCES team (id) ON DELETE CASCADE);
        CREATE INDEX ix_hero_team_id ON hero (team_id);
    )SQL");
    Session right = database(R"SQL(
        CREATE TYPE status AS ENUM ('a', 'b');
        CREATE TABLE team (id SERIAL PRIMARY KEY);
        CREATE TABLE hero (id SERIAL PRIMARY KEY, team_id INTEGER REFERENCES team (id) ON DELETE CASCADE);
        ALTER TABLE team ADD COLUMN st status DEFAULT 'a';
        ALTER TABLE team ADD COLUMN name VARCHAR(50) NOT NULL;
        CREATE INDEX ix_hero_team_id ON hero (team_id);
    )SQL");
    schema::Schema l = introspect(left);
    schema::Schema r = introspect(right);
    EXPECT_EQ(strings(compare(l, r)), std::vector<std::string>{});
    EXPECT_EQ(strings(compare(l, l)), std::vector<std::string>{});
}

TEST_F(CatalogTest, CompareReportsEachDifference) {
    Session left = database(R"SQL(
        CREATE TYPE status AS ENUM ('open', 'closed');
        CREATE TABLE task (
            id SERIAL PRIMARY KEY,
            title VARCHAR(50) NOT NULL,
            priority VARCHAR(20),
            created TIMESTAMP DEFAULT now(),
            done BOOLEAN,
            CONSTRAINT ck_task_priority CHECK (priority <> '')
        );
        CREATE INDEX ix_task_title ON task (title);
        CREATE TABLE tag (id INTEGER PRIMARY KEY);
        COMMENT ON COLUMN task.done IS 'finished';
    )SQL");
    Session right = database(R"SQL(
        CREATE TYPE status AS ENUM ('closed', 'open');
        CREATE TYPE extra AS ENUM ('x');
        CREATE TABLE task (
            id SERIAL PRIMARY KEY,
            title VARCHAR(50),
            priority TEXT,
            created TIMESTAMP,
            owner INTEGER,
            CONSTRAINT ck_task_priority CHECK (priority <> 'x')
        );
        CREATE INDEX ix_task_title ON task (title) WHERE title IS NOT NULL;
    )SQL");
    std::vector<Difference> differences = compare(introspect(left), introspect(right));
    EXPECT_EQ(strings(differences),
              (std::vector<std::string>{
                  "table tag: present vs absent",
                  "column task.created: default now() vs none",
                  "column task.done: boolean vs absent",
                  "column task.owner: absent vs integer",
                  "column task.priority: type character varying(20) vs text",
                  "column task.title: nullability NOT NULL vs NULL",
                  "check constraint task.ck_task_priority: CHECK (priority::text <> ''::text) vs CHECK (priority <> 'x'::text)",
                  "index ix_task_title: INDEX ON task USING btree (title) vs INDEX ON task USING btree (title) WHERE title IS NOT NULL",
                  "type extra: absent vs ('x')",
                  "type status: labels ('open', 'closed') vs ('closed', 'open')",
              }));
    ASSERT_FALSE(differences.empty());
    EXPECT_EQ(differences[0].object, "table tag");
    EXPECT_EQ(differences[0].left, "present");
    EXPECT_EQ(differences[0].right, "absent");
    EXPECT_EQ(differences[4].object, "column task.priority");
    EXPECT_EQ(differences[4].aspect, "type");
    EXPECT_EQ(differences[4].left, "character varying(20)");
    EXPECT_EQ(differences[4].right, "text");
}

TEST_F(CatalogTest, CompareReportsNamesKeysAndColumnProperties) {
    Session left = database(R"SQL(
        CREATE TABLE a (id INTEGER GENERATED ALWAYS AS IDENTITY, x INTEGER, y INTEGER GENERATED ALWAYS AS (x + 1) STORED,
                        CONSTRAINT a_pk PRIMARY KEY (id), CONSTRAINT uq_a_x UNIQUE (x));
        CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER CONSTRAINT fk_b_a REFERENCES a (id));
        CREATE INDEX ix_b_a_id ON b (a_id);
        COMMENT ON TABLE a IS 'left';
    )SQL");
    Session right = database(R"SQL(
        CREATE TABLE a (id INTEGER GENERATED BY DEFAULT AS IDENTITY (START WITH 5), x INTEGER, y INTEGER GENERATED ALWAYS AS (x + 2) STORED,
                        CONSTRAINT a_pkey PRIMARY KEY (id), CONSTRAINT uq_a_x_renamed UNIQUE (x));
        CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER CONSTRAINT fk_b_a REFERENCES a (id) ON DELETE SET NULL);
        CREATE INDEX ix_b_a_id_renamed ON b (a_id);
    )SQL");
    EXPECT_EQ(strings(compare(introspect(left), introspect(right))),
              (std::vector<std::string>{
                  "table a: comment 'left' vs none",
                  "column a.id: identity GENERATED ALWAYS AS IDENTITY (START WITH 1 INCREMENT BY 1) vs "
                  "GENERATED BY DEFAULT AS IDENTITY (START WITH 5 INCREMENT BY 1)",
                  "column a.y: generated GENERATED ALWAYS AS (x + 1) STORED vs GENERATED ALWAYS AS (x + 2) STORED",
                  "primary key a: name a_pk vs a_pkey",
                  "unique constraint a.uq_a_x: UNIQUE (x) vs absent",
                  "unique constraint a.uq_a_x_renamed: absent vs UNIQUE (x)",
                  "foreign key b.fk_b_a: FOREIGN KEY (a_id) REFERENCES a (id) vs FOREIGN KEY (a_id) REFERENCES a (id) ON DELETE SET NULL",
                  "index ix_b_a_id: INDEX ON b USING btree (a_id) vs absent",
                  "index ix_b_a_id_renamed: absent vs INDEX ON b USING btree (a_id)",
              }));
}

TEST_F(CatalogTest, SerialSequencesWithDifferentNamesDiffer) {
    Session left = database("CREATE TABLE t (id SERIAL PRIMARY KEY);");
    Session right = database(
        "CREATE SEQUENCE other_seq; CREATE TABLE t (id INTEGER PRIMARY KEY DEFAULT nextval('other_seq'::regclass));"
        "ALTER SEQUENCE other_seq OWNED BY t.id;");
    schema::Schema r = introspect(right);
    EXPECT_EQ(column(table(r, "t"), "id").autoincrement, schema::Autoincrement::yes);
    EXPECT_EQ(strings(compare(introspect(left), r)),
              (std::vector<std::string>{
                  "column t.id: default nextval('t_id_seq'::regclass) vs nextval('other_seq'::regclass)"}));
}

// Verification introspects once per revision: 200 tables must take well under 100 ms.
TEST_F(CatalogTest, IntrospectingTwoHundredTablesIsFast) {
    std::string sql = "CREATE TYPE st AS ENUM ('a', 'b');";
    for (int i = 0; i < 200; ++i) {
        std::string n = std::to_string(i);
        sql += "CREATE TABLE t" + n + " (id SERIAL PRIMARY KEY, name VARCHAR(50) NOT NULL UNIQUE, created TIMESTAMPTZ DEFAULT now(),"
               " price NUMERIC(10, 2) CHECK (price > 0), s st, note TEXT" +
               (i ? ", parent_id INTEGER REFERENCES t" + std::to_string(i - 1) + " (id) ON DELETE CASCADE" : std::string()) +
               "); CREATE INDEX ix_t" + n + "_created ON t" + n + " (created); COMMENT ON COLUMN t" + n + ".note IS 'n';";
    }
    Session session = database(sql, "bench");
    double best = 1e9, total = 0;
    constexpr int k_runs = 7;
    size_t tables = 0;
    for (int i = 0; i < k_runs; ++i) {
        auto start = std::chrono::steady_clock::now();
        schema::Schema s = introspect(session);
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        best = std::min(best, ms);
        total += ms;
        tables = s.tables.size();
    }
    std::printf("introspect 200 tables: best %.1f ms, mean %.1f ms over %d runs\n", best, total / k_runs, k_runs);
    EXPECT_EQ(tables, 200u);
    // The best run: a loaded CI machine slows every run, not the best of seven.
    EXPECT_LT(best, 100.0);
}

}  // namespace
}  // namespace mig_guard::pg
