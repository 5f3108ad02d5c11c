// Structural comparison of two PostgreSQL DDL scripts, for the differential tests: the DDL that
// SQLAlchemy's create_all() runs versus what mig-guard renders for the same models.
//
// Both scripts are parsed with libpg_query; two scripts are the same when they create the same
// objects (statements matched by identity: table, index, type, comment target), each table has
// the same columns in the same order with the same types, nullability, defaults and identity,
// and the same table constraints in any order. Whitespace, quoting and statement order do not
// matter, except that each script must create what a statement depends on before it.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mig_guard::differential {

// A script that libpg_query rejects; what() carries its message and the offending statement.
class ParseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Statement {
    std::string key;      // identity: `table "public.task"`, `index "ix_user_email"`, ...
    std::string kind;     // CreateStmt, IndexStmt, CreateEnumStmt, ...
    nlohmann::json node;  // the statement's parse tree, without locations
    nlohmann::json raw;   // the statement's parse tree with locations (for source snippets)
    std::string text;     // the statement as written
    size_t offset = 0;    // where `text` starts in the script
};

struct Script {
    std::string sql;
    std::vector<Statement> statements;
};

// Throws ParseError.
Script parse_script(const std::string& sql);

struct Labels {
    std::string expected = "SQLAlchemy";
    std::string actual = "mig-guard";
};

// One human-readable line per difference; empty when the scripts are structurally equal.
std::vector<std::string> compare(const Script& expected, const Script& actual, const Labels& labels = {});

// Statements that come before something they depend on (a table before the tables its foreign
// keys reference, a table before the types its columns use, an index before its table).
std::vector<std::string> check_order(const Script& script, const std::string& label);

}  // namespace mig_guard::differential
