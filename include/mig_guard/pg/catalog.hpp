// Introspection: a database's pg_catalog read into the Schema type used for models and
// revision chains, and the comparison of two catalogs, so that "the migrated database equals
// the models" is one comparison.
//
// Introspected values are normalized the way PostgreSQL reports them: SqlType::sql is
// format_type() ("character varying(50)", "timestamp with time zone", an enum's name),
// defaults are pg_get_expr() text, generated expressions and index predicates its pretty text,
// check constraints the expression inside pg_get_constraintdef()'s CHECK (...) (taken as
// pg_get_expr(conbin)'s pretty text), index elements pg_get_indexdef()'s column texts (with
// " DESC" / " NULLS FIRST" / " NULLS LAST" where the index stores a non-default ordering).
// SqlType::python is left empty.
//
// Serial columns: the default stays as PostgreSQL reports it ("nextval('t_id_seq'::regclass)")
// and the column is marked Autoincrement::yes when it owns that sequence (what SERIAL creates);
// every other column is Autoincrement::auto_. compare() ignores Autoincrement: two serial
// columns are equal exactly when their sequences have the same name (the default texts are).
#pragma once

#include <string>
#include <vector>

#include "mig_guard/pg/session.hpp"
#include "mig_guard/schema/schema.hpp"

namespace mig_guard::pg {

struct IntrospectOptions {
    // Schemas to read; empty: every schema except pg_catalog, information_schema, pg_toast*.
    std::vector<std::string> schemas;
    // Tables left out (Alembic's own bookkeeping and mig-guard's).
    std::vector<std::string> exclude_tables{"alembic_version", "mig_guard_history"};
};

// Tables (columns with formatted type, nullability, default, identity, generated expression),
// primary keys, unique and check constraints, foreign keys with actions, deferrability and
// NOT VALID, indexes that do not back a constraint (method, columns or expressions with
// operator classes, predicate, INCLUDE, uniqueness, storage parameters), enum types with
// their labels in order. Tables and columns in catalog order (attnum); constraints and indexes
// sorted by name. Objects in the public schema get an empty Table::schema.
schema::Schema introspect(Session& session, const IntrospectOptions& options = {});

// One difference between two catalogs, as a reviewer reads it.
struct Difference {
    std::string object;    // "table task", "column task.priority", "index ix_task_title", "type status"
    std::string left;      // the value on the left side ("NOT NULL", "character varying(50)", "absent")
    std::string right;
    std::string str() const;  // "column task.priority: type character varying(20) vs text"
    // Which property of the object differs ("type", "nullability", "default", "identity",
    // "generated", "comment", "name", "columns", "labels"); empty when left/right are the
    // whole definitions (constraints, indexes) or an object is absent on one side.
    std::string aspect;
};

// Every difference between two introspected catalogs, ordered by object: tables by qualified
// name, within a table the table itself, its columns, primary key, unique, check and foreign
// key constraints and indexes, each by name; then enum types by name. Column order is not a
// difference (Alembic's add_column appends); constraint and index names are. Objects:
// "table task", "column task.title", "primary key task", "unique constraint task.uq_title",
// "check constraint task.ck_x", "foreign key task.fk_x", "index ix_task_title" (schema-qualified
// outside public), "type status"; a missing object's side reads "absent", the other side its
// definition ("present" for a table).
std::vector<Difference> compare(const schema::Schema& left, const schema::Schema& right);

}  // namespace mig_guard::pg
