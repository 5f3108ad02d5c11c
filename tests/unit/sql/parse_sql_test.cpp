// Raw SQL read with libpg_query: statement boundaries, classification, literal positions and
// ops for replay.
#include <gtest/gtest.h>

#include "mig_guard/sql/parse.hpp"

namespace mig_guard::sql {
namespace {

using namespace schema;

SqlStatement one(std::string_view sql) {
    ParsedSql parsed = parse_sql(sql);
    EXPECT_FALSE(parsed.error) << *parsed.error;
    EXPECT_EQ(parsed.statements.size(), 1u) << sql;
    return parsed.statements.empty() ? SqlStatement{} : parsed.statements[0];
}

// --- Statements ---

TEST(ParseSql, SplitsStatementsWithOffsetsAndLines) {
    std::string sql =
        "-- leading comment; with a semicolon\n"
        "CREATE TABLE t (a int);\n"
        "\n"
        "/* block ; comment */ INSERT INTO t VALUES (';');  -- trailing\n"
        "UPDATE t SET a = 1 WHERE a = 2";
    ParsedSql p = parse_sql(sql);
    ASSERT_FALSE(p.error);
    ASSERT_EQ(p.statements.size(), 3u);
    EXPECT_EQ(p.statements[0].text, "CREATE TABLE t (a int)");
    EXPECT_EQ(p.statements[0].line, 2u);
    EXPECT_EQ(p.statements[0].begin, sql.find("CREATE"));
    EXPECT_EQ(p.statements[0].end, sql.find(";\n\n"));
    EXPECT_EQ(p.statements[0].kind, "CreateStmt");
    EXPECT_EQ(p.statements[1].text, "INSERT INTO t VALUES (';')");
    EXPECT_EQ(p.statements[1].line, 4u);
    EXPECT_EQ(p.statements[1].begin, sql.find("INSERT"));
    EXPECT_EQ(p.statements[1].kind, "InsertStmt");
    EXPECT_EQ(p.statements[2].kind, "UpdateStmt");
    EXPECT_EQ(p.statements[2].line, 5u);
    EXPECT_EQ(p.statements[2].text, "UPDATE t SET a = 1 WHERE a = 2");
    EXPECT_EQ(p.statements[2].end, sql.size());
    EXPECT_EQ(sql.substr(p.statements[2].begin, p.statements[2].end - p.statements[2].begin), p.statements[2].text);
}

TEST(ParseSql, DollarQuotedBodiesAndStringsKeepTheirSemicolons) {
    std::string sql =
        "DO $$\nBEGIN\n  DELETE FROM t; -- inside\nEND\n$$;\n"
        "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\n"
        "SELECT 'a;b', E'c\\';d', \"we;ird\" FROM x";
    ParsedSql p = parse_sql(sql);
    ASSERT_FALSE(p.error) << *p.error;
    ASSERT_EQ(p.statements.size(), 3u);
    EXPECT_EQ(p.statements[0].kind, "DoStmt");
    EXPECT_EQ(p.statements[0].text, "DO $$\nBEGIN\n  DELETE FROM t; -- inside\nEND\n$$");
    EXPECT_FALSE(p.statements[0].deletes_without_where);  // a DO body is a string to the parser
    EXPECT_EQ(p.statements[1].kind, "CreateFunctionStmt");
    EXPECT_EQ(p.statements[1].line, 6u);
    EXPECT_EQ(p.statements[2].kind, "SelectStmt");
    EXPECT_EQ(p.statements[2].line, 7u);
    EXPECT_EQ(p.statements[2].tables, std::vector<std::string>{"x"});
}

TEST(ParseSql, EmptyAndCommentOnlyHaveNoStatements) {
    EXPECT_TRUE(parse_sql("").statements.empty());
    ParsedSql p = parse_sql("  -- nothing\n /* here */ ");
    EXPECT_FALSE(p.error);
    EXPECT_TRUE(p.statements.empty());
}

TEST(ParseSql, SyntaxErrorHasMessageAndByteOffset) {
    std::string sql = "CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN;\n";
    ParsedSql p = parse_sql(sql);
    ASSERT_TRUE(p.error);
    EXPECT_NE(p.error->find("syntax error"), std::string::npos) << *p.error;
    EXPECT_TRUE(p.statements.empty());
    EXPECT_EQ(p.error_offset, sql.find(";\n", 30));

    // PostgreSQL counts characters; the offset is in bytes.
    std::string utf8 = "SELECT 'é', FROM x";
    ParsedSql q = parse_sql(utf8);
    ASSERT_TRUE(q.error);
    EXPECT_EQ(q.error_offset, utf8.find("FROM"));
}

// PostgreSQL's UTF8 encoding refuses these bytes before parsing; so does parse_sql, with the
// byte's offset (found by fuzz_sql: invalid UTF-8 used to escape as an internal JSON error).
TEST(ParseSql, BytesPostgresCannotEncodeAreAnErrorAtTheirOffset) {
    std::string surrogate = "UPDATE t SET a = 'x';\nSELECT '\xed\xb2\x80'";  // Python's '\udc80', encoded
    ParsedSql p = parse_sql(surrogate);
    ASSERT_TRUE(p.error);
    EXPECT_EQ(*p.error, "invalid byte sequence for encoding \"UTF8\": 0xed");
    EXPECT_EQ(p.error_offset, surrogate.find('\xed'));
    EXPECT_TRUE(p.statements.empty());

    ParsedSql latin1 = parse_sql("SELECT 'caf\xe9'");
    ASSERT_TRUE(latin1.error);
    EXPECT_EQ(latin1.error_offset, 11u);

    // A NUL would end the string libpg_query reads and hide the statements after it.
    std::string nul("SELECT 1;\0DROP TABLE users", 26);
    ParsedSql n = parse_sql(nul);
    ASSERT_TRUE(n.error);
    EXPECT_EQ(*n.error, "invalid byte sequence for encoding \"UTF8\": 0x00");
    EXPECT_EQ(n.error_offset, 9u);
}

TEST(ParseSql, TreeHasNoLocations) {
    SqlStatement a = one("DROP TABLE foo");
    SqlStatement b = one("  DROP   TABLE\n foo");
    EXPECT_EQ(a.tree, b.tree);
    EXPECT_EQ(a.tree.dump().find("location"), std::string::npos);
    EXPECT_TRUE(a.tree.contains("DropStmt"));
}

// --- Classification ---

TEST(Classify, DropTable) {
    SqlStatement s = one("DROP TABLE IF EXISTS app.users, logs CASCADE");
    EXPECT_TRUE(s.drops_table);
    EXPECT_FALSE(s.drops_other);
    EXPECT_EQ(s.object_type, "TABLE");
    EXPECT_EQ(s.objects, (std::vector<std::string>{"app.users", "logs"}));
    EXPECT_EQ(s.tables, (std::vector<std::string>{"app.users", "logs"}));
}

TEST(Classify, DropOther) {
    SqlStatement ix = one("DROP INDEX CONCURRENTLY ix_a");
    EXPECT_TRUE(ix.drops_other);
    EXPECT_FALSE(ix.drops_table);
    EXPECT_TRUE(ix.concurrently);
    EXPECT_EQ(ix.object_type, "INDEX");
    EXPECT_EQ(ix.objects, std::vector<std::string>{"ix_a"});
    EXPECT_FALSE(one("DROP INDEX ix_a").concurrently);

    SqlStatement type = one("DROP TYPE s.status");
    EXPECT_TRUE(type.drops_other);
    EXPECT_EQ(type.object_type, "TYPE");
    EXPECT_EQ(type.objects, std::vector<std::string>{"s.status"});

    SqlStatement schema = one("DROP SCHEMA old CASCADE");
    EXPECT_EQ(schema.object_type, "SCHEMA");
    EXPECT_EQ(schema.objects, std::vector<std::string>{"old"});
    EXPECT_EQ(one("DROP MATERIALIZED VIEW mv").object_type, "MATERIALIZED VIEW");
}

TEST(Classify, DropColumn) {
    SqlStatement s = one("ALTER TABLE s.t DROP COLUMN c, ADD COLUMN d int");
    EXPECT_TRUE(s.drops_column);
    EXPECT_TRUE(s.adds_column);
    EXPECT_FALSE(s.drops_table);
    EXPECT_EQ(s.objects, std::vector<std::string>{"s.t.c"});
    EXPECT_EQ(s.tables, std::vector<std::string>{"s.t"});
    EXPECT_FALSE(one("ALTER TABLE t ADD COLUMN d int").drops_column);
}

TEST(Classify, Truncate) {
    SqlStatement s = one("TRUNCATE a, s.b");
    EXPECT_TRUE(s.truncates);
    EXPECT_EQ(s.tables, (std::vector<std::string>{"a", "s.b"}));
}

TEST(Classify, DeleteAndUpdateWithoutWhere) {
    EXPECT_TRUE(one("DELETE FROM t").deletes_without_where);
    EXPECT_FALSE(one("DELETE FROM t WHERE id = 1").deletes_without_where);
    EXPECT_TRUE(one("UPDATE t SET a = 1").updates_without_where);
    EXPECT_FALSE(one("UPDATE t SET a = 1 WHERE b").updates_without_where);
    EXPECT_FALSE(one("UPDATE t SET a = 1").deletes_without_where);
    EXPECT_EQ(one("DELETE FROM s.t").tables, std::vector<std::string>{"s.t"});
}

TEST(Classify, CreateIndex) {
    SqlStatement s = one("CREATE INDEX CONCURRENTLY ix ON t (a)");
    EXPECT_TRUE(s.creates_index);
    EXPECT_TRUE(s.concurrently);
    EXPECT_EQ(s.tables, std::vector<std::string>{"t"});
    SqlStatement plain = one("CREATE UNIQUE INDEX ix ON t (a)");
    EXPECT_TRUE(plain.creates_index);
    EXPECT_FALSE(plain.concurrently);
}

TEST(Classify, ForeignKeys) {
    SqlStatement s = one("ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (o) REFERENCES other (id)");
    EXPECT_TRUE(s.adds_foreign_key);
    EXPECT_FALSE(s.not_valid);
    EXPECT_EQ(s.tables, (std::vector<std::string>{"t", "other"}));
    SqlStatement nv = one("ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (o) REFERENCES other (id) NOT VALID");
    EXPECT_TRUE(nv.adds_foreign_key);
    EXPECT_TRUE(nv.not_valid);
    SqlStatement col = one("ALTER TABLE t ADD COLUMN o int REFERENCES other (id)");
    EXPECT_TRUE(col.adds_foreign_key);
    EXPECT_TRUE(col.adds_column);
    EXPECT_FALSE(col.not_valid);
    // One validated foreign key among NOT VALID ones still scans the table.
    EXPECT_FALSE(one("ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES o (id) NOT VALID, "
                     "ADD FOREIGN KEY (b) REFERENCES o (id)").not_valid);
    EXPECT_FALSE(one("ALTER TABLE t ADD CONSTRAINT u UNIQUE (a)").adds_foreign_key);
    EXPECT_FALSE(one("CREATE TABLE t (o int REFERENCES other (id))").adds_foreign_key);
}

TEST(Classify, ColumnChanges) {
    SqlStatement nn = one("ALTER TABLE t ALTER COLUMN a SET NOT NULL");
    EXPECT_TRUE(nn.sets_not_null);
    EXPECT_FALSE(nn.alters_column_type);
    EXPECT_FALSE(one("ALTER TABLE t ALTER COLUMN a DROP NOT NULL").sets_not_null);
    SqlStatement type = one("ALTER TABLE t ALTER COLUMN a TYPE bigint");
    EXPECT_TRUE(type.alters_column_type);
    EXPECT_FALSE(type.sets_not_null);
    EXPECT_FALSE(type.adds_column);
    SqlStatement add = one("ALTER TABLE t ADD COLUMN a text NOT NULL DEFAULT ''");
    EXPECT_TRUE(add.adds_column);
    EXPECT_FALSE(add.sets_not_null);
}

TEST(Classify, HarmlessStatementsSetNoFlag) {
    SqlStatement s = one("INSERT INTO t (a) SELECT b FROM u");
    EXPECT_EQ(s.kind, "InsertStmt");
    EXPECT_FALSE(s.drops_table || s.drops_column || s.truncates || s.deletes_without_where ||
                 s.updates_without_where || s.drops_other || s.creates_index || s.concurrently ||
                 s.adds_foreign_key || s.not_valid || s.sets_not_null || s.alters_column_type || s.adds_column);
    EXPECT_EQ(s.tables, (std::vector<std::string>{"t", "u"}));
}

// --- Python literal positions ---

TEST(LiteralOffset, PlainStringOnOneLine) {
    // op.execute("DROP TABLE x") with the literal at 3:16.
    std::string_view lit = "\"DROP TABLE x\"";
    FilePosition p = map_offset_in_literal(lit, 3, 16, 5);
    EXPECT_EQ(p.line, 3u);
    EXPECT_EQ(p.column, 22u);  // quote at 16, 'D' at 17, offset 5 ('T') at 22
    FilePosition first = map_offset_in_literal(lit, 3, 16, 0);
    EXPECT_EQ(first.column, 17u);
}

TEST(LiteralOffset, TripleQuotedAcrossLines) {
    std::string lit = "\"\"\"\n    CREATE TABLE a (x int);\n    DROP TABLE b;\n\"\"\"";
    std::string value = "\n    CREATE TABLE a (x int);\n    DROP TABLE b;\n";
    ParsedSql p = parse_sql(value);
    ASSERT_EQ(p.statements.size(), 2u);
    FilePosition pos = map_offset_in_literal(lit, 10, 16, p.statements[1].begin);
    EXPECT_EQ(pos.line, 12u);
    EXPECT_EQ(pos.column, 5u);
    FilePosition create = map_offset_in_literal(lit, 10, 16, p.statements[0].begin);
    EXPECT_EQ(create.line, 11u);
    EXPECT_EQ(create.column, 5u);
}

// A comment between implicitly concatenated literals ends at a lone "\r" too: in Python that
// ends the line (found by fuzz_sql).
TEST(LiteralOffset, CommentBetweenLiteralsEndsAtALoneCarriageReturn) {
    std::string_view lit = "(\"DROP TABLE a; \"  # first\r \"DROP TABLE b\")";
    FilePosition pos = map_offset_in_literal(lit, 7, 16, 14);  // 'D' of the second statement
    EXPECT_EQ(pos.line, 8u);
    EXPECT_EQ(pos.column, 3u);
}

TEST(LiteralOffset, CrLfIsOneCharacterOfTheValue) {
    std::string lit = "'''a\r\nDROP'''";
    FilePosition pos = map_offset_in_literal(lit, 1, 1, 2);  // value "a\nDROP": 'D' at 2
    EXPECT_EQ(pos.line, 2u);
    EXPECT_EQ(pos.column, 1u);
}

TEST(LiteralOffset, EscapesTakeMoreSourceThanValue) {
    // Value: "a\tb\\c\x41é" -> bytes a,\t,b,\,c,A,é(2). Source escapes: \t \\ \x41 \u00e9.
    std::string lit = "'a\\tb\\\\c\\x41\\u00e9Z'";
    EXPECT_EQ(map_offset_in_literal(lit, 1, 1, 1).column, 3u);   // \t at source index 2
    EXPECT_EQ(map_offset_in_literal(lit, 1, 1, 2).column, 5u);   // b
    EXPECT_EQ(map_offset_in_literal(lit, 1, 1, 3).column, 6u);   // the escaped backslash
    EXPECT_EQ(map_offset_in_literal(lit, 1, 1, 4).column, 8u);   // c
    EXPECT_EQ(map_offset_in_literal(lit, 1, 1, 5).column, 9u);   // \x41
    EXPECT_EQ(map_offset_in_literal(lit, 1, 1, 6).column, 13u);  // \u00e9: two bytes of value
    EXPECT_EQ(map_offset_in_literal(lit, 1, 1, 7).column, 13u);
    EXPECT_EQ(map_offset_in_literal(lit, 1, 1, 8).column, 19u);  // Z
    // A backslash-newline continues the line and adds nothing to the value.
    std::string cont = "'ab\\\ncd'";
    FilePosition c = map_offset_in_literal(cont, 4, 10, 2);
    EXPECT_EQ(c.line, 5u);
    EXPECT_EQ(c.column, 1u);
}

TEST(LiteralOffset, RawStringsKeepBackslashes) {
    std::string lit = "r'a\\nb'";  // value: a \ n b
    EXPECT_EQ(map_offset_in_literal(lit, 1, 1, 1).column, 4u);
    EXPECT_EQ(map_offset_in_literal(lit, 1, 1, 2).column, 5u);
    EXPECT_EQ(map_offset_in_literal(lit, 1, 1, 3).column, 6u);
    std::string rb = "Rb\"x\\\"y\"";  // value: x \ " y
    EXPECT_EQ(map_offset_in_literal(rb, 1, 1, 3).column, 7u);
}

TEST(LiteralOffset, ImplicitConcatenationOnSeparateLines) {
    // op.execute(
    //     "CREATE TABLE a (x int); "  # first
    //     'DROP TABLE b'
    // )
    std::string lit = "\"CREATE TABLE a (x int); \"  # first 'quoted'\n        'DROP TABLE b'";
    std::string value = "CREATE TABLE a (x int); DROP TABLE b";
    ParsedSql p = parse_sql(value);
    ASSERT_EQ(p.statements.size(), 2u);
    FilePosition drop = map_offset_in_literal(lit, 2, 5, p.statements[1].begin);
    EXPECT_EQ(drop.line, 3u);
    EXPECT_EQ(drop.column, 10u);
    FilePosition b = map_offset_in_literal(lit, 2, 5, static_cast<uint32_t>(value.find('b')));
    EXPECT_EQ(b.line, 3u);
    EXPECT_EQ(b.column, 21u);
    FilePosition end = map_offset_in_literal(lit, 2, 5, static_cast<uint32_t>(value.size()));
    EXPECT_EQ(end.line, 3u);
    EXPECT_EQ(end.column, 22u);  // the closing quote
}

TEST(LiteralOffset, FStringDoubledBraces) {
    std::string lit = "f'{{x}} y'";  // value "{x} y"
    EXPECT_EQ(map_offset_in_literal(lit, 1, 1, 1).column, 5u);
    EXPECT_EQ(map_offset_in_literal(lit, 1, 1, 4).column, 9u);
}

// --- Types ---

TEST(SqlTypes, NormalizedAsSqlAlchemySpellsThem) {
    auto type_of = [](const std::string& t, bool* serial = nullptr) {
        SqlStatement s = one("CREATE TABLE x (c " + t + ")");
        return sql_type_from_tree(s.tree["CreateStmt"]["tableElts"][0]["ColumnDef"]["typeName"], serial).sql;
    };
    EXPECT_EQ(type_of("int"), "INTEGER");
    EXPECT_EQ(type_of("int4"), "INTEGER");
    EXPECT_EQ(type_of("integer"), "INTEGER");
    EXPECT_EQ(type_of("bigint"), "BIGINT");
    EXPECT_EQ(type_of("int2"), "SMALLINT");
    EXPECT_EQ(type_of("varchar(20)"), "VARCHAR(20)");
    EXPECT_EQ(type_of("character varying(20)"), "VARCHAR(20)");
    EXPECT_EQ(type_of("varchar"), "VARCHAR");
    EXPECT_EQ(type_of("timestamptz"), "TIMESTAMP WITH TIME ZONE");
    EXPECT_EQ(type_of("timestamp with time zone"), "TIMESTAMP WITH TIME ZONE");
    EXPECT_EQ(type_of("timestamp"), "TIMESTAMP WITHOUT TIME ZONE");
    EXPECT_EQ(type_of("timestamp(3)"), "TIMESTAMP(3) WITHOUT TIME ZONE");
    EXPECT_EQ(type_of("bool"), "BOOLEAN");
    EXPECT_EQ(type_of("boolean"), "BOOLEAN");
    EXPECT_EQ(type_of("text"), "TEXT");
    EXPECT_EQ(type_of("numeric(10,2)"), "NUMERIC(10, 2)");
    EXPECT_EQ(type_of("decimal"), "NUMERIC");
    EXPECT_EQ(type_of("double precision"), "FLOAT");
    EXPECT_EQ(type_of("real"), "REAL");
    EXPECT_EQ(type_of("char(3)"), "CHAR(3)");
    EXPECT_EQ(type_of("uuid"), "UUID");
    EXPECT_EQ(type_of("jsonb"), "JSONB");
    EXPECT_EQ(type_of("text[]"), "TEXT[]");
    EXPECT_EQ(type_of("status"), "status");
    EXPECT_EQ(type_of("app.status"), "app.status");
    EXPECT_EQ(type_of("vector(3)"), "VECTOR(3)");
    bool serial = false;
    EXPECT_EQ(type_of("serial", &serial), "INTEGER");
    EXPECT_TRUE(serial);
    EXPECT_EQ(type_of("bigserial", &serial), "BIGINT");
    EXPECT_TRUE(serial);
    EXPECT_EQ(type_of("int", &serial), "INTEGER");
    EXPECT_FALSE(serial);
}

// --- Ops ---

Ops ops_of(std::string_view sql, Diagnostics& diags, const Schema* current = nullptr) {
    return ops_from_sql(one(sql), diags, current);
}

TEST(OpsFromSql, CreateTableWithColumnsAndConstraints) {
    Diagnostics diags;
    Ops ops = ops_of(
        "CREATE TABLE app.task (\n"
        "  id serial PRIMARY KEY,\n"
        "  title varchar(200) NOT NULL DEFAULT 'untitled',\n"
        "  created_at timestamptz DEFAULT now() NOT NULL,\n"
        "  owner_id int REFERENCES app.owner (id) ON DELETE CASCADE,\n"
        "  n bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 5 INCREMENT BY 2),\n"
        "  g int GENERATED ALWAYS AS (id * 2) STORED,\n"
        "  CONSTRAINT uq_title UNIQUE (title, owner_id),\n"
        "  CONSTRAINT ck_id CHECK ((id > 0) AND (id < 10)),\n"
        "  FOREIGN KEY (n) REFERENCES other (x) ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED\n"
        ")",
        diags);
    EXPECT_TRUE(diags.empty());
    ASSERT_EQ(ops.size(), 1u);
    const auto* ct = ops[0].as<CreateTable>();
    ASSERT_TRUE(ct);
    const Table& t = ct->table;
    EXPECT_EQ(t.schema, "app");
    EXPECT_EQ(t.name, "task");
    ASSERT_EQ(t.columns.size(), 6u);
    EXPECT_EQ(t.columns[0].name, "id");
    EXPECT_EQ(t.columns[0].type.sql, "INTEGER");
    EXPECT_EQ(t.columns[0].type.python, "sa.Integer()");
    EXPECT_EQ(t.columns[0].autoincrement, Autoincrement::yes);
    EXPECT_FALSE(t.columns[0].nullable);
    EXPECT_EQ(t.columns[1].type.sql, "VARCHAR(200)");
    EXPECT_FALSE(t.columns[1].nullable);
    ASSERT_TRUE(t.columns[1].server_default);
    EXPECT_EQ(*t.columns[1].server_default, (ServerDefault{ServerDefault::Kind::literal, "untitled"}));
    EXPECT_EQ(t.columns[2].type.sql, "TIMESTAMP WITH TIME ZONE");
    EXPECT_FALSE(t.columns[2].nullable);
    EXPECT_EQ(*t.columns[2].server_default, (ServerDefault{ServerDefault::Kind::sql, "now()"}));
    EXPECT_TRUE(t.columns[3].nullable);
    EXPECT_FALSE(t.columns[3].server_default);
    ASSERT_TRUE(t.columns[4].identity);
    EXPECT_EQ(*t.columns[4].identity, (Identity{false, 5, 2}));
    EXPECT_EQ(t.columns[5].computed, std::optional<std::string>("id * 2"));

    ASSERT_TRUE(t.primary_key);
    EXPECT_EQ(t.primary_key->columns, std::vector<std::string>{"id"});
    EXPECT_TRUE(t.primary_key->name.empty());
    ASSERT_EQ(t.unique_constraints.size(), 1u);
    EXPECT_EQ(t.unique_constraints[0].name.value, "uq_title");
    EXPECT_EQ(t.unique_constraints[0].columns, (std::vector<std::string>{"title", "owner_id"}));
    ASSERT_EQ(t.check_constraints.size(), 1u);
    EXPECT_EQ(t.check_constraints[0].name.value, "ck_id");
    EXPECT_EQ(t.check_constraints[0].sqltext, "(id > 0) AND (id < 10)");
    ASSERT_EQ(t.foreign_keys.size(), 2u);
    const ForeignKey& owner = t.foreign_keys[0];
    EXPECT_EQ(owner.columns, std::vector<std::string>{"owner_id"});
    EXPECT_EQ(owner.ref_schema, "app");
    EXPECT_EQ(owner.ref_table, "owner");
    EXPECT_EQ(owner.ref_columns, std::vector<std::string>{"id"});
    EXPECT_EQ(owner.ondelete, "CASCADE");
    EXPECT_EQ(owner.onupdate, "");
    EXPECT_FALSE(owner.deferrable);
    const ForeignKey& other = t.foreign_keys[1];
    EXPECT_EQ(other.columns, std::vector<std::string>{"n"});
    EXPECT_EQ(other.ref_table, "other");
    EXPECT_EQ(other.onupdate, "SET NULL");
    EXPECT_EQ(other.ondelete, "");
    EXPECT_EQ(other.deferrable, std::optional<bool>(true));
    EXPECT_EQ(other.initially, "DEFERRED");
}

TEST(OpsFromSql, PlainIntegerPrimaryKeyHasNoSequence) {
    Diagnostics diags;
    Ops ops = ops_of("CREATE TABLE t (id integer, name text, PRIMARY KEY (id))", diags);
    ASSERT_EQ(ops.size(), 1u);
    const Table& t = ops[0].as<CreateTable>()->table;
    EXPECT_EQ(t.columns[0].autoincrement, Autoincrement::no);
    EXPECT_FALSE(t.columns[0].nullable);
    EXPECT_EQ(t.columns[1].autoincrement, Autoincrement::auto_);
    EXPECT_TRUE(t.columns[1].nullable);
}

TEST(OpsFromSql, AlterTableCommands) {
    Diagnostics diags;
    Ops ops = ops_of(
        "ALTER TABLE s.t ADD COLUMN a int NOT NULL DEFAULT 0, DROP COLUMN b, "
        "ALTER COLUMN c TYPE varchar(10) USING c::varchar(10), ALTER COLUMN d SET NOT NULL, "
        "ALTER COLUMN e DROP NOT NULL, ALTER COLUMN f SET DEFAULT lower('X'), ALTER COLUMN g DROP DEFAULT",
        diags);
    EXPECT_TRUE(diags.empty());
    ASSERT_EQ(ops.size(), 7u);
    const auto* add = ops[0].as<AddColumn>();
    ASSERT_TRUE(add);
    EXPECT_EQ(add->schema, "s");
    EXPECT_EQ(add->table, "t");
    EXPECT_EQ(add->column.name, "a");
    EXPECT_EQ(add->column.type.sql, "INTEGER");
    EXPECT_FALSE(add->column.nullable);
    EXPECT_EQ(add->column.server_default, (ServerDefault{ServerDefault::Kind::sql, "0"}));
    const auto* drop = ops[1].as<DropColumn>();
    ASSERT_TRUE(drop);
    EXPECT_EQ(drop->column.name, "b");
    EXPECT_EQ(drop->table, "t");
    const auto* type = ops[2].as<AlterColumn>();
    ASSERT_TRUE(type);
    EXPECT_EQ(type->column, "c");
    ASSERT_TRUE(type->type);
    EXPECT_EQ(type->type->sql, "VARCHAR(10)");
    EXPECT_EQ(type->postgresql_using, "c::varchar(10)");
    EXPECT_FALSE(type->nullable);
    const auto* nn = ops[3].as<AlterColumn>();
    EXPECT_EQ(nn->column, "d");
    EXPECT_EQ(nn->nullable, std::optional<bool>(false));
    EXPECT_FALSE(nn->type);
    EXPECT_EQ(ops[4].as<AlterColumn>()->nullable, std::optional<bool>(true));
    const auto* set_default = ops[5].as<AlterColumn>();
    ASSERT_TRUE(set_default->server_default);
    EXPECT_EQ(*set_default->server_default, (ServerDefault{ServerDefault::Kind::sql, "lower('X')"}));
    const auto* drop_default = ops[6].as<AlterColumn>();
    ASSERT_TRUE(drop_default->server_default);
    EXPECT_FALSE(*drop_default->server_default);
}

TEST(OpsFromSql, AddConstraints) {
    Diagnostics diags;
    Ops ops = ops_of(
        "ALTER TABLE t ADD CONSTRAINT fk_o FOREIGN KEY (o) REFERENCES other (id) NOT VALID, "
        "ADD CONSTRAINT uq UNIQUE (a, b), ADD CONSTRAINT ck CHECK (a <> ','), ADD PRIMARY KEY (id)",
        diags);
    EXPECT_TRUE(diags.empty());
    ASSERT_EQ(ops.size(), 4u);
    const auto* fk = ops[0].as<CreateForeignKey>();
    ASSERT_TRUE(fk);
    EXPECT_EQ(fk->table, "t");
    EXPECT_EQ(fk->constraint.name.value, "fk_o");
    EXPECT_EQ(fk->constraint.ref_columns, std::vector<std::string>{"id"});
    const auto* uq = ops[1].as<CreateUniqueConstraint>();
    ASSERT_TRUE(uq);
    EXPECT_EQ(uq->constraint.columns, (std::vector<std::string>{"a", "b"}));
    const auto* ck = ops[2].as<CreateCheckConstraint>();
    ASSERT_TRUE(ck);
    EXPECT_EQ(ck->constraint.sqltext, "a <> ','");
    const auto* pk = ops[3].as<CreatePrimaryKey>();
    ASSERT_TRUE(pk);
    EXPECT_EQ(pk->constraint.columns, std::vector<std::string>{"id"});
}

TEST(OpsFromSql, CreateIndex) {
    Diagnostics diags;
    Ops ops = ops_of("CREATE UNIQUE INDEX CONCURRENTLY ix_e ON s.users USING gin (lower(email), name) "
                     "INCLUDE (id) WHERE deleted_at IS NULL",
                     diags);
    EXPECT_TRUE(diags.empty());
    ASSERT_EQ(ops.size(), 1u);
    const auto* ci = ops[0].as<CreateIndex>();
    ASSERT_TRUE(ci);
    EXPECT_EQ(ci->schema, "s");
    EXPECT_EQ(ci->table, "users");
    EXPECT_EQ(ci->index.name.value, "ix_e");
    EXPECT_TRUE(ci->index.unique);
    EXPECT_EQ(ci->index.using_method, "gin");
    EXPECT_EQ(ci->index.elements, (std::vector<IndexElement>{{"lower(email)", true}, {"name", false}}));
    EXPECT_EQ(ci->index.include, std::vector<std::string>{"id"});
    EXPECT_EQ(ci->index.where, "deleted_at IS NULL");

    Ops plain = ops_of("CREATE INDEX ix ON t (a)", diags);
    const auto* p = plain[0].as<CreateIndex>();
    EXPECT_FALSE(p->index.unique);
    EXPECT_EQ(p->index.using_method, "");
    EXPECT_EQ(p->index.where, "");
}

Schema current_schema() {
    Schema s;
    Table t;
    t.name = "users";
    Column id;
    id.name = "id";
    id.type.sql = "INTEGER";
    id.nullable = false;
    Column email;
    email.name = "email";
    email.type.sql = "VARCHAR(100)";
    email.server_default = ServerDefault{ServerDefault::Kind::literal, "x"};
    t.columns = {id, email};
    Index ix;
    ix.name = Name{"ix_users_email", true};
    ix.elements = {{"email", false}};
    t.indexes = {ix};
    s.tables.push_back(t);
    s.enums.push_back(EnumType{"", "status", {"a", "c"}, {}});
    return s;
}

TEST(OpsFromSql, DropsCarryTheDefinitionWhenTheSchemaIsKnown) {
    Schema current = current_schema();
    Diagnostics diags;
    Ops tables = ops_of("DROP TABLE users, s.gone", diags, &current);
    ASSERT_EQ(tables.size(), 2u);
    EXPECT_EQ(tables[0].as<DropTable>()->table.columns.size(), 2u);
    EXPECT_EQ(tables[1].as<DropTable>()->table.schema, "s");
    EXPECT_EQ(tables[1].as<DropTable>()->table.name, "gone");

    Ops index = ops_of("DROP INDEX ix_users_email", diags, &current);
    ASSERT_EQ(index.size(), 1u);
    EXPECT_EQ(index[0].as<DropIndex>()->table, "users");
    EXPECT_TRUE(index[0].as<DropIndex>()->index.name.conv);
    Ops bare = ops_of("DROP INDEX s.ix_other", diags);
    EXPECT_EQ(bare[0].as<DropIndex>()->schema, "s");
    EXPECT_EQ(bare[0].as<DropIndex>()->index.name.value, "ix_other");

    Ops column = ops_of("ALTER TABLE users DROP COLUMN email", diags, &current);
    EXPECT_EQ(column[0].as<DropColumn>()->column.type.sql, "VARCHAR(100)");

    Ops alter = ops_of("ALTER TABLE users ALTER COLUMN email TYPE text", diags, &current);
    EXPECT_EQ(alter[0].as<AlterColumn>()->existing_type.sql, "VARCHAR(100)");
    EXPECT_TRUE(alter[0].as<AlterColumn>()->existing_server_default);

    Ops type = ops_of("DROP TYPE status", diags, &current);
    EXPECT_EQ(type[0].as<DropEnum>()->type.values, (std::vector<std::string>{"a", "c"}));
    EXPECT_TRUE(diags.empty());
}

TEST(OpsFromSql, Enums) {
    Diagnostics diags;
    Ops create = ops_of("CREATE TYPE app.status AS ENUM ('new', 'done')", diags);
    ASSERT_EQ(create.size(), 1u);
    const auto* ce = create[0].as<CreateEnum>();
    ASSERT_TRUE(ce);
    EXPECT_EQ(ce->type.schema, "app");
    EXPECT_EQ(ce->type.name, "status");
    EXPECT_EQ(ce->type.values, (std::vector<std::string>{"new", "done"}));

    Schema current = current_schema();
    Ops append = ops_of("ALTER TYPE status ADD VALUE 'd'", diags, &current);
    ASSERT_EQ(append.size(), 1u);
    EXPECT_EQ(append[0].as<AlterEnum>()->from.values, (std::vector<std::string>{"a", "c"}));
    EXPECT_EQ(append[0].as<AlterEnum>()->to.values, (std::vector<std::string>{"a", "c", "d"}));
    Ops before = ops_of("ALTER TYPE status ADD VALUE 'b' BEFORE 'c'", diags, &current);
    EXPECT_EQ(before[0].as<AlterEnum>()->to.values, (std::vector<std::string>{"a", "b", "c"}));
    Ops after = ops_of("ALTER TYPE status ADD VALUE 'b' AFTER 'a'", diags, &current);
    EXPECT_EQ(after[0].as<AlterEnum>()->to.values, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_TRUE(ops_of("ALTER TYPE status ADD VALUE IF NOT EXISTS 'a'", diags, &current).empty());
    EXPECT_TRUE(diags.empty());

    // Without the current values the new list cannot be known: said, not guessed.
    EXPECT_TRUE(ops_of("ALTER TYPE status ADD VALUE 'd'", diags).empty());
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].severity, Severity::warning);
    EXPECT_NE(diags[0].message.find("cannot replay this SQL statically: AlterEnumStmt"), std::string::npos);
}

TEST(OpsFromSql, Renames) {
    Diagnostics diags;
    Ops table = ops_of("ALTER TABLE s.a RENAME TO b", diags);
    ASSERT_EQ(table.size(), 1u);
    const auto* rt = table[0].as<RenameTable>();
    ASSERT_TRUE(rt);
    EXPECT_EQ(rt->schema, "s");
    EXPECT_EQ(rt->old_name, "a");
    EXPECT_EQ(rt->new_name, "b");
    Ops column = ops_of("ALTER TABLE t RENAME COLUMN x TO y", diags);
    const auto* rc = column[0].as<AlterColumn>();
    ASSERT_TRUE(rc);
    EXPECT_EQ(rc->table, "t");
    EXPECT_EQ(rc->column, "x");
    EXPECT_EQ(rc->new_name, std::optional<std::string>("y"));
    EXPECT_TRUE(diags.empty());
}

TEST(OpsFromSql, UnsupportedStatementsAreReportedNeverIgnored) {
    for (const char* sql : {"UPDATE t SET a = 1", "DO $$ BEGIN NULL; END $$", "DROP VIEW v",
                            "CREATE VIEW v AS SELECT 1", "ALTER INDEX ix RENAME TO iy"}) {
        Diagnostics diags;
        EXPECT_TRUE(ops_of(sql, diags).empty()) << sql;
        ASSERT_EQ(diags.size(), 1u) << sql;
        EXPECT_EQ(diags[0].severity, Severity::warning);
        EXPECT_EQ(diags[0].message.rfind("cannot replay this SQL statically: ", 0), 0u) << diags[0].message;
    }
    Diagnostics diags;
    ops_of("UPDATE t SET a = 1", diags);
    EXPECT_EQ(diags[0].message, "cannot replay this SQL statically: UpdateStmt");

    // The parts of an ALTER TABLE that replay are kept; the rest is named.
    Diagnostics partial;
    Ops ops = ops_of("ALTER TABLE t ADD COLUMN a int, ENABLE ROW LEVEL SECURITY", partial);
    ASSERT_EQ(ops.size(), 1u);
    EXPECT_TRUE(ops[0].is<AddColumn>());
    ASSERT_EQ(partial.size(), 1u);
    EXPECT_NE(partial[0].message.find("AT_EnableRowSecurity"), std::string::npos) << partial[0].message;
}

}  // namespace
}  // namespace mig_guard::sql
