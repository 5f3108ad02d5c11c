// Schema differences as Alembic ops, and the inverse direction: applying ops to a Schema
// (replay) and undoing them (reverse). Pure functions over values; no I/O.
//
// diff(from, to) emits ops in Alembic autogenerate's order (alembic/autogenerate/compare.py),
// deterministically, with the additions Alembic lacks (PostgreSQL enums, check constraints,
// primary keys):
//
//   1. alter_enum for every enum whose values change (first, so that every later op sees the
//      new values; `columns` are the columns of `from` that use the type).
//   2. New tables in MetaData.sorted_tables order of `to`: create_table (columns,
//      primary key, uniques, checks, foreign keys and comment inline; no indexes), then
//      create_index for each of its indexes, by name.
//   3. Removed tables in reverse sorted_tables order of `from`: drop_index for each of
//      their indexes, by name, then drop_table.
//   4. Every table present in both, by (schema, name):
//        a. add_column, in the column order of `to`;
//        b. alter_column (type, nullable, server_default, comment in one op), column order
//           of `to`;
//        c. primary key change: drop_constraint + create_primary_key, then alter_column
//           nullable=True for columns that left the key (PostgreSQL refuses it earlier);
//        d. indexes and unique constraints as _compare_indexes_and_uniques emits them:
//           removed (by name), changed (drop + create, by name), added (named by name,
//           then unnamed);
//        e. check constraints: dropped, then created;
//        f. foreign keys: dropped, then created;
//        g. table comment (create_table_comment / drop_table_comment);
//        h. drop_column, in the column order of `from` (Alembic emits these after the
//           table-level comparators, so dependent indexes and constraints go first).
//   Then, spliced in: create_enum right before the first op that starts using a new enum
//   (create_table, add_column, alter_column to that type) and drop_enum right after the
//   last op that stops using a removed one; enums nobody uses are created first / dropped
//   last.
//
// Identity: tables by (schema, name); constraints and indexes by name when both sides are
// named, otherwise by signature (columns; for foreign keys also the referenced table and
// columns; for checks the SQL text), so unnamed constraints do not churn. Types compare with
// SqlType::same_as, server defaults by to_sql() with whitespace and outer parentheses
// normalized, nullability as PostgreSQL sees it (primary-key columns are NOT NULL).
// Identity/computed/autoincrement changes of an existing column are not reported (Alembic
// cannot alter them either).
#pragma once

#include <string>
#include <vector>

#include "mig_guard/common/diagnostic.hpp"
#include "mig_guard/schema/ops.hpp"
#include "mig_guard/schema/schema.hpp"

namespace mig_guard::schema {

// The upgrade ops that turn `from` into `to`, in the order documented above.
Ops diff(const Schema& from, const Schema& to);

// Applies `ops` to `base` as PostgreSQL would. An op that cannot apply (unknown table, column,
// index or constraint; a duplicate) becomes an error diagnostic at the op's location and is
// skipped. execute and opaque ops become a warning ("cannot replay ... statically"): the
// schema after them may differ from what the database would hold.
Schema replay(Schema base, const Ops& ops, Diagnostics& diags);

// The downgrade of `upgrade`: the ops in reverse order, each inverted. Drop ops carry what
// they drop, so nothing is looked up. What cannot be inverted (execute, opaque, a
// drop_constraint whose definition is unknown) becomes an opaque op saying so.
Ops reverse(const Ops& upgrade);

// A column dropped and another added with the same type in one table: probably a rename,
// which drop + add would turn into data loss (SPEC 5). Pairs are one-to-one, in the order
// of the drop_column ops, each with the first unpaired add_column of the same type.
struct PossibleRename {
    std::string schema;
    std::string table;
    std::string dropped;
    std::string added;
};
std::vector<PossibleRename> possible_renames(const Ops& ops);

// diff(a, b).empty().
bool equivalent(const Schema& a, const Schema& b);

// The name PostgreSQL gives an unnamed constraint or index of `table` (without the numeric
// suffix it adds on collision): "user_pkey", "user_email_key", "task_user_id_fkey",
// "user_email_idx", "user_check". `label` is "pkey", "key", "fkey", "idx" or "check".
std::string postgres_default_name(const std::string& table, const std::vector<std::string>& columns,
                                  const std::string& label);

}  // namespace mig_guard::schema
