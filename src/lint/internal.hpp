// Helpers shared by the rules (src/lint/rules/*.cpp) and the engine.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mig_guard/lint/rule.hpp"
#include "mig_guard/schema/ops.hpp"
#include "mig_guard/sql/parse.hpp"

namespace mig_guard::lint::detail {

std::string upper(std::string_view s);
// `upper_word` occurs in `upper_text` as a whole word (not inside an identifier).
bool contains_word(std::string_view upper_text, std::string_view upper_word);

// "schema.name" or "name".
std::string qualified(const std::string& schema, const std::string& name);

// The `def upgrade` / `def downgrade` statement of the module, or nullptr.
const python::Stmt* function_def(const python::Module& module, std::string_view name);

// A column type as PostgreSQL sees it, for the type-change rules.
struct TypeInfo {
    enum class Family : uint8_t { unknown, string, integer, numeric, floating, timestamp, other };
    Family family = Family::unknown;
    std::string base;               // "VARCHAR", "TEXT", "CHAR", "INTEGER", "NUMERIC", "TIMESTAMP", ...
    std::optional<long> length;     // VARCHAR(n) / CHAR(n); NUMERIC precision
    std::optional<long> scale;      // NUMERIC scale
    int rank = 0;                   // integer width (2, 4, 8) / float width (4, 8)
    bool with_time_zone = false;
};
TypeInfo type_info(const schema::SqlType& type);

// The type before an alter_column: existing_type, else the column in `before`.
std::optional<schema::SqlType> existing_type(const schema::AlterColumn& op, const schema::Schema& before);

// sql::parse_sql, remembered for the last few texts: MG302, MG602 and MG603 each read every
// op.execute of a revision, and parsing with PostgreSQL's grammar costs more than the rules.
const sql::ParsedSql& parsed_sql(const std::string& sql);

// Statements of raw SQL: each statement's text (comments kept) and its byte offset in `sql`.
struct SqlPiece {
    std::string text;
    uint32_t offset = 0;
};
std::vector<SqlPiece> split_sql(std::string_view sql);

// Where byte `offset` of a string literal's value lies in the file: the literal starts at
// the op's location; falls back to the op's location when the literal cannot be mapped.
SourceLocation sql_location(const RevisionContext& ctx, const schema::Op& op, uint32_t offset);

// The part of `schema` that ops can touch: the tables they name (and the tables those tables'
// foreign keys point at) and every enum type. Replaying and comparing a revision on this slice
// gives the same answer as on the whole schema, at a cost that does not grow with the chain.
schema::Schema slice_for(const schema::Schema& schema, const schema::Ops& a, const schema::Ops& b);

}  // namespace mig_guard::lint::detail
