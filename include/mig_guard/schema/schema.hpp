// The Schema: what a set of models implies on PostgreSQL, and what a chain of revisions (or
// later, a database catalog) produces. One type for all three, so that "the migrated database
// equals the models" is one comparison.
//
// Values are stored the way SQLAlchemy's PostgreSQL dialect would render them, so that the
// SQL renderer and the revision writer need no second guess: `SqlType::sql` is what
// `CREATE TABLE` says, `SqlType::python` is what Alembic's autogenerate writes.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "mig_guard/common/diagnostic.hpp"

namespace mig_guard::schema {

// A column type, carried in both renderings.
struct SqlType {
    // As Alembic's autogenerate renders it, with the module prefix the revision uses:
    // "sa.Integer()", "sa.String(length=50)", "sqlmodel.sql.sqltypes.AutoString(length=255)",
    // "sa.Enum('A', 'B', name='status')", "postgresql.JSONB(astext_type=sa.Text())",
    // "pgvector.sqlalchemy.Vector(dim=1536)".
    std::string python;
    // As SQLAlchemy's PostgreSQL dialect compiles it in DDL: "INTEGER", "VARCHAR(50)",
    // "VARCHAR", "TIMESTAMP WITHOUT TIME ZONE", "NUMERIC(10, 2)", "status", "JSONB",
    // "VECTOR(1536)". Empty only for a custom type whose SQL cannot be known statically.
    std::string sql;
    // Import statements the python rendering needs, e.g. "import sqlmodel",
    // "from sqlalchemy.dialects import postgresql", "import pgvector.sqlalchemy".
    std::vector<std::string> imports;
    // Native PostgreSQL enum: the type's name (it is also in Schema::enums).
    std::string enum_name;
    std::string enum_schema;

    // Type identity for diffing: the SQL when known, else the python rendering.
    bool same_as(const SqlType& other) const;
};

// A server default: either a literal string (server_default="x", rendered as 'x' in DDL) or
// SQL text (server_default=sa.text("now()"), func.now(), a number).
struct ServerDefault {
    enum class Kind : uint8_t { literal, sql };
    Kind kind = Kind::sql;
    std::string text;  // literal: the Python string's value; sql: the SQL as written

    std::string to_sql() const;  // 'x' (quotes doubled) or the SQL text
    bool operator==(const ServerDefault&) const = default;
};

enum class Autoincrement : uint8_t { auto_, yes, no };

struct Identity {
    bool always = false;
    std::optional<long long> start;
    std::optional<long long> increment;
    bool operator==(const Identity&) const = default;
};

struct Column {
    std::string name;
    SqlType type;
    bool nullable = true;
    std::optional<ServerDefault> server_default;
    Autoincrement autoincrement = Autoincrement::auto_;
    std::optional<std::string> comment;
    std::optional<Identity> identity;
    std::optional<std::string> computed;  // GENERATED ALWAYS AS (expr) STORED: the expr
    bool computed_persisted = true;
    SourceLocation location;
};

// A constraint or index name. `conv` marks a name produced by a naming convention (or
// written as op.f()/conv()): Alembic renders those as op.f('name').
struct Name {
    std::string value;  // empty: unnamed, PostgreSQL chooses (see effective names in sql/)
    bool conv = false;
    bool empty() const { return value.empty(); }
    bool operator==(const Name&) const = default;
};

struct PrimaryKey {
    Name name;
    std::vector<std::string> columns;
    SourceLocation location;
};

struct ForeignKey {
    Name name;
    std::vector<std::string> columns;
    std::string ref_schema;
    std::string ref_table;
    std::vector<std::string> ref_columns;
    std::string ondelete;  // "CASCADE", "SET NULL", ... as written, upper-cased; empty: none
    std::string onupdate;
    std::optional<bool> deferrable;
    std::string initially;
    std::string match;
    // use_alter=True: CREATE TABLE leaves it out; create_all adds it by ALTER TABLE after all
    // tables exist, but op.create_table never does (the revision must op.create_foreign_key).
    bool use_alter = false;
    // ADD CONSTRAINT ... NOT VALID (postgresql_not_valid=True): existing rows are not checked
    // until VALIDATE CONSTRAINT. Only meaningful for a key added to an existing table.
    bool not_valid = false;
    SourceLocation location;
    // SQLAlchemy's _creation_order rank of this constraint within its table: CREATE TABLE lists
    // constraints after the primary key in this order (table-level ones as written, then per
    // column unique=True before its ForeignKey). 0: unknown (sql/ then uses a fixed order).
    uint32_t creation_order = 0;
};

struct UniqueConstraint {
    Name name;
    std::vector<std::string> columns;
    SourceLocation location;
    uint32_t creation_order = 0;  // as ForeignKey::creation_order
};

struct CheckConstraint {
    Name name;
    std::string sqltext;
    SourceLocation location;
    uint32_t creation_order = 0;  // as ForeignKey::creation_order
};

struct IndexElement {
    std::string text;        // column name, or SQL expression text
    bool expression = false; // true for sa.text(...) / func.lower(...) expressions
    std::string opclass;     // postgresql_ops operator class, e.g. "vector_cosine_ops"; empty: default
    bool operator==(const IndexElement&) const = default;
};

struct Index {
    Name name;
    std::vector<IndexElement> elements;
    bool unique = false;
    std::string where;             // postgresql_where, SQL text; empty: none
    std::string using_method;      // postgresql_using; empty: btree (default)
    std::vector<std::string> include;  // postgresql_include
    bool concurrently = false;     // postgresql_concurrently=True (CREATE/DROP INDEX CONCURRENTLY)
    // postgresql_with storage parameters in written order, values as Python literals the way
    // repr() writes them ("16", "'on'"); DDL renders them with str() (16, on).
    std::vector<std::pair<std::string, std::string>> with;
    SourceLocation location;
};

struct Table {
    std::string schema;  // empty: the default schema
    std::string name;
    std::vector<Column> columns;  // in CREATE TABLE order
    std::optional<PrimaryKey> primary_key;
    std::vector<ForeignKey> foreign_keys;
    std::vector<UniqueConstraint> unique_constraints;
    std::vector<CheckConstraint> check_constraints;
    std::vector<Index> indexes;
    std::optional<std::string> comment;
    SourceLocation location;

    const Column* find_column(std::string_view name) const;
    Column* find_column(std::string_view name);
    // "schema.name" or "name".
    std::string qualified_name() const;
};

struct EnumType {
    std::string schema;
    std::string name;
    std::vector<std::string> values;  // in declaration order
    SourceLocation location;
};

struct Schema {
    std::vector<Table> tables;    // in declaration order (diff sorts by dependency itself)
    std::vector<EnumType> enums;

    const Table* find_table(std::string_view name, std::string_view schema = {}) const;
    Table* find_table(std::string_view name, std::string_view schema = {});
    const EnumType* find_enum(std::string_view name, std::string_view schema = {}) const;
    EnumType* find_enum(std::string_view name, std::string_view schema = {});
};

// Names are kept as the models and revisions write them: a convention name in full, as
// Alembic's op.f() writes it. `compiled_name` is what SQLAlchemy puts in DDL: a convention name
// (Name::conv) longer than 63 characters becomes name[:55] + "_" + the last 4 hex digits of
// md5(name) (IdentifierPreparer._truncate_and_render_maxlen_name); other names unchanged (an
// explicit name over 63 characters makes SQLAlchemy raise; the extractor reports it).
// `final_name` is the name PostgreSQL ends up with: compiled_name clipped to 63 bytes of whole
// UTF-8 characters. The SQL renderer uses the first; every name comparison (diff, replay) the second.
std::string compiled_name(const Name& name);
std::string final_name(const Name& name);

// Tables in an order where every table comes after the tables its foreign keys reference
// (cycles keep declaration order for the members of the cycle), ties by name, as
// SQLAlchemy's MetaData.sorted_tables does.
std::vector<const Table*> sorted_tables(const Schema& schema);

}  // namespace mig_guard::schema
