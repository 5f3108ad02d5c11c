// JSON and one-line renderings of the Schema and of ops: what `mig-guard schema --format
// json` prints and what golden files hold, so the structure is stable and documented.
//
// Schema:  {"tables": [Table...], "enums": [{"name", "schema", "values"}]}
// Table:   {"name", "schema", "columns": [Column...], "primary_key"?: {"name", "conv",
//           "columns"}, "foreign_keys": [{"name", "conv", "columns", "ref_schema",
//           "ref_table", "ref_columns", "ondelete", "onupdate", "deferrable"?, "initially",
//           "match"}], "unique_constraints": [{"name", "conv", "columns"}],
//           "check_constraints": [{"name", "conv", "sqltext"}], "indexes": [{"name", "conv",
//           "elements": [{"text", "expression"}], "unique", "where", "using", "include"}],
//           "comment"?}
// Column:  {"name", "type": {"sql", "python", "imports", "enum"?: {"name", "schema"}},
//           "nullable", "server_default"?: {"kind": "literal"|"sql", "text"},
//           "autoincrement": "auto"|"yes"|"no", "comment"?, "identity"?: {"always",
//           "start"?, "increment"?}, "computed"?: {"expression", "persisted"}}
// An unnamed constraint has "name": null; "conv" says the name came from a naming
// convention. Keys marked ? are left out when unset. Arrays keep declaration order (tables
// in declaration order, not dependency order). Object keys are sorted (nlohmann::json), so
// the text is byte-identical for equal schemas. Source locations appear only on request
// (they make goldens depend on paths): "location": "file:line:col" on tables, columns,
// constraints, indexes and enums whose location is known.
//
// Op:      {"op": op_name(op), ...the struct's fields under their own names}, with the
//           nested Table/Column/... objects as above.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "mig_guard/schema/ops.hpp"
#include "mig_guard/schema/schema.hpp"

namespace mig_guard::schema {

struct JsonOptions {
    bool locations = false;
};

nlohmann::json to_json(const Schema& schema, JsonOptions options = {});
nlohmann::json to_json(const Table& table, JsonOptions options = {});
nlohmann::json to_json(const Column& column, JsonOptions options = {});
nlohmann::json to_json(const Op& op, JsonOptions options = {});

// One line for humans: "add_column task.priority INTEGER NOT NULL DEFAULT '1'",
// "create_table user (4 columns)", "drop_index ix_user_email on user".
std::string describe(const Op& op);

}  // namespace mig_guard::schema
