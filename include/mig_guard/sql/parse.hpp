// Hand-written SQL (the string inside `op.execute(...)`) read with libpg_query, PostgreSQL's own
// grammar: split into statements with their byte offsets and lines, classified into the facts
// the lint rules need (destructive statements, locking DDL), and, where the schema can represent
// the statement, converted into ops so that a revision's raw DDL replays like Alembic's ops.
//
// Also maps an offset in a Python string literal's value back to its file position, so that a
// finding inside a multi-line op.execute("""...""") points at the offending statement's line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mig_guard/common/diagnostic.hpp"
#include "mig_guard/schema/ops.hpp"
#include "mig_guard/schema/schema.hpp"

namespace mig_guard::sql {

struct SqlStatement {
    std::string text;             // the statement as written (no leading comments, no ';')
    uint32_t begin = 0, end = 0;  // byte offsets of `text` within the SQL string
    uint32_t line = 1;            // 1-based line within the SQL string where `text` starts
    std::string kind;             // libpg_query node name: "CreateStmt", "AlterTableStmt", "DoStmt", ...

    // Classified from the parse tree.
    bool drops_table = false;            // DROP TABLE
    bool drops_column = false;           // ALTER TABLE ... DROP COLUMN
    bool truncates = false;              // TRUNCATE
    bool deletes_without_where = false;  // DELETE without WHERE
    bool updates_without_where = false;  // UPDATE without WHERE
    bool drops_other = false;            // DROP INDEX / TYPE / SCHEMA / VIEW / ...: see object_type
    bool creates_index = false;          // CREATE INDEX
    bool concurrently = false;           // CREATE INDEX / DROP INDEX ... CONCURRENTLY
    bool adds_foreign_key = false;       // ALTER TABLE ... ADD [COLUMN ... REFERENCES | FOREIGN KEY]
    bool not_valid = false;              // ... and every foreign key it adds is NOT VALID
    bool sets_not_null = false;          // ALTER COLUMN ... SET NOT NULL
    bool alters_column_type = false;     // ALTER COLUMN ... TYPE
    bool adds_column = false;            // ALTER TABLE ... ADD COLUMN
    // DROP statements: what kind of object ("TABLE", "INDEX", "TYPE", "SCHEMA", ...) and the
    // qualified names dropped, as written (unquoted identifiers folded to lower case).
    std::string object_type;
    std::vector<std::string> objects;
    // Qualified names ("schema.table" or "table") of the tables the statement touches, the
    // statement's own target first, then any other table it names (referenced, selected from).
    std::vector<std::string> tables;
    nlohmann::json tree;  // the statement's parse tree, {"CreateStmt": {...}}, locations removed
};

// Statements in order. On a syntax error `statements` is empty and `error` says why;
// `error_offset` is the byte offset in `sql` where PostgreSQL's parser stopped.
struct ParsedSql {
    std::vector<SqlStatement> statements;
    std::optional<std::string> error;
    uint32_t error_offset = 0;
};

ParsedSql parse_sql(std::string_view sql);

struct FilePosition {
    uint32_t line;
    uint32_t column;
};

// `literal_source` is a Python string expression exactly as written in the file (prefixes,
// quotes, triple quotes, escapes, implicit concatenation of several literals with whitespace,
// newlines and comments between them); its first byte is at `literal_line`:`literal_column`
// (1-based; columns count bytes). Returns the file position of the source character that
// produced byte `offset_in_value` of the decoded (UTF-8) value. An offset at or past the end
// maps to the position just after the last literal's body.
FilePosition map_offset_in_literal(std::string_view literal_source, uint32_t literal_line, uint32_t literal_column,
                                   uint32_t offset_in_value);

// The ops a statement amounts to, for replay. Supported: CREATE TABLE (columns, column and
// table constraints), ALTER TABLE ADD/DROP COLUMN, ALTER COLUMN TYPE / SET|DROP NOT NULL /
// SET|DROP DEFAULT, ADD CONSTRAINT, CREATE [UNIQUE] INDEX, DROP INDEX, DROP TABLE, DROP TYPE,
// CREATE TYPE AS ENUM, ALTER TYPE ADD VALUE, ALTER TABLE RENAME [COLUMN]. Anything else (or
// any part of an ALTER TABLE that is not listed) adds a warning "cannot replay this SQL
// statically: <kind>" to `diags`; nothing is dropped silently.
//
// `current`, when given, is the schema before the statement: drop ops then carry the full
// definition of what they drop, AlterColumn its existing_* fields, and ALTER TYPE ADD VALUE
// (which needs the type's current values) becomes an AlterEnum. Without it, drop ops carry the
// names only and ALTER TYPE ADD VALUE is reported as not replayable.
schema::Ops ops_from_sql(const SqlStatement& statement, Diagnostics& diags,
                         const schema::Schema* current = nullptr);

// A type as SQLAlchemy's PostgreSQL dialect spells it in DDL: "INTEGER", "VARCHAR(50)",
// "TIMESTAMP WITH TIME ZONE", "NUMERIC(10, 2)", "TEXT[]", "status" (a user type). `tree` is a
// libpg_query TypeName node; serial types come back as their integer type with `serial` set.
schema::SqlType sql_type_from_tree(const nlohmann::json& type_name, bool* serial = nullptr);

// `node` with every "location" / "stmt_location" / "stmt_len" removed, recursively: two trees
// compare equal when they say the same thing, however the SQL was laid out.
nlohmann::json without_locations(nlohmann::json node);

// "schema.name" or "name" from a libpg_query RangeVar node.
std::string range_var_name(const nlohmann::json& range_var);

}  // namespace mig_guard::sql
