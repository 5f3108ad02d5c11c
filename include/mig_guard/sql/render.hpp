// PostgreSQL DDL for the ops IR and for whole schemas, character for character what the real
// tools emit: SQLAlchemy's PostgreSQL DDL compiler (CREATE TABLE, CREATE INDEX, CREATE TYPE,
// comments, metadata.create_all) and Alembic's PostgreSQL impl in offline mode
// (`alembic upgrade --sql`). Statements carry no trailing ';'; CREATE TABLE keeps SQLAlchemy's
// "\n\t" layout (Alembic prints the same text with tabs as four spaces).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "mig_guard/schema/ops.hpp"
#include "mig_guard/schema/schema.hpp"

namespace mig_guard::sql {

// Where SQLAlchemy's output differs between the versions a project may pin.
enum class SqlAlchemyVersion : uint8_t {
    v1_4,  // backslashes in string literals doubled; NUMERIC/FLOAT primary keys become SERIAL
    v2_0,  // literals as written; only integer (and NUMERIC(p, 0)) primary keys become SERIAL
};

struct RenderOptions {
    SqlAlchemyVersion sqlalchemy = SqlAlchemyVersion::v2_0;
};

// The statements one op runs, in Alembic's order. Opaque ops render nothing (an empty vector):
// the caller must report them, since their effect cannot be known. CreateTable renders the
// table, its indexes and its comments as op.create_table does, but never CREATE TYPE: an enum
// type is created by its own CreateEnum op (Alembic's implicit creation is the reader's and the
// differ's business). AlterEnum renders ALTER TYPE ... ADD VALUE for pure appends, else
// recreates the type and converts every listed column.
std::vector<std::string> render(const schema::Op& op, const RenderOptions& options = {});
std::vector<std::string> render(const schema::Ops& ops, const RenderOptions& options = {});

// The DDL that creates `s` in an empty database, as metadata.create_all emits it: CREATE TYPE
// for each enum, then per table (dependency levels, declaration order within a level, as
// sort_tables_and_constraints) CREATE TABLE, its CREATE INDEXes and COMMENT ONs; foreign keys
// of tables on a reference cycle are left out and added by ALTER TABLE at the end.
std::vector<std::string> create_all(const schema::Schema& s, const RenderOptions& options = {});

// CREATE TABLE alone, as SQLAlchemy's CreateTable(t) compiles (leading/trailing newlines
// stripped). Constraints after the primary key go in SQLAlchemy's creation order: by
// `creation_order` when the producer set it, else CHECK, FOREIGN KEY, UNIQUE (the order
// Alembic's autogenerate writes them in op.create_table), each kind in vector order.
std::string create_table(const schema::Table& t, const RenderOptions& options = {});

// The table's autoincrement column under SQLAlchemy's rules (`Table._autoincrement_column`),
// or null. It renders as SERIAL/BIGSERIAL/SMALLSERIAL unless it has an identity.
const schema::Column* autoincrement_column(const schema::Table& t, const RenderOptions& options = {});

// PostgreSQL identifier quoting exactly as SQLAlchemy's PG IdentifierPreparer: quoted when a
// reserved word, when it has upper-case letters, or when it is not [A-Za-z0-9_$]+ starting with
// a letter or '_'. quote_table gives "schema.table" with each part quoted.
std::string quote_ident(std::string_view name);
std::string quote_table(std::string_view schema, std::string_view name);

// A constraint or index name as SQLAlchemy renders it: names from a naming convention
// (Name::conv) longer than 63 characters become name[:55] + "_" + md5(name)[-4:]; then quoted.
std::string format_name(const schema::Name& name);

// A string literal as SQLAlchemy's PG compiler renders it ('it''s'; 1.4 also doubles '\').
std::string string_literal(std::string_view value, const RenderOptions& options = {});

enum class ConstraintKind : uint8_t { primary_key, unique, foreign_key, check, index, exclusion };

// The name PostgreSQL itself gives an unnamed constraint or index (ChooseConstraintName /
// ChooseRelationName): <table>_pkey, <table>_<cols>_key, <table>_<cols>_fkey,
// <table>_<col>_check (a CHECK referencing exactly one column; pass none otherwise, giving
// <table>_check), <table>_<cols>_idx, <table>_<cols>_excl. `columns` are the constrained
// columns (for a CHECK: the distinct columns it references; for an index expression: the
// function's name, as in t_lower_idx, else "expr"; INCLUDE columns count too). Parts are truncated to 63 bytes
// the way makeObjectName does, longer part first, on a UTF-8 character boundary. `taken`
// reports names already used in the schema; PostgreSQL then appends 1, 2, ... to the label.
std::string default_constraint_name(std::string_view table, ConstraintKind kind,
                                    const std::vector<std::string>& columns = {},
                                    const std::function<bool(std::string_view)>& taken = {});

// makeObjectName from PostgreSQL's indexcmds.c: name1[_name2][_label] within 63 bytes.
std::string make_object_name(std::string_view name1, std::string_view name2, std::string_view label);

}  // namespace mig_guard::sql
