// The revision reader: an Alembic revision file -> its header (revision, down_revision,
// branch_labels, depends_on, message), its imports, and the ops of upgrade() / downgrade(),
// each with the location and byte range of the statement it came from.
//
// Static: the file is parsed, never executed. Every statement of upgrade()/downgrade() becomes
// an op; what is not a recognizable Alembic op (a loop, a helper call, a data fix through
// op.get_bind()) becomes an Opaque op carrying its source text and the reason, never dropped.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "mig_guard/common/diagnostic.hpp"
#include "mig_guard/common/source.hpp"
#include "mig_guard/python/ast.hpp"
#include "mig_guard/schema/ops.hpp"

namespace mig_guard::alembic {

struct Revision {
    std::string path;                          // SourceFile::path
    std::string revision;                      // the `revision` id
    std::vector<std::string> down_revisions;   // None -> empty; 'a' -> {a}; ('a', 'b') / ['a', 'b'] -> both
    std::vector<std::string> branch_labels;
    std::vector<std::string> depends_on;
    std::string message;                       // first line of the module docstring
    SourceLocation revision_location;          // where `revision = ...` is
    // Top-level import statements, normalized to one per imported name, in file order:
    // "import sqlalchemy as sa", "from sqlalchemy.dialects import postgresql", "import sqlmodel";
    // `from typing import Sequence, Union` gives two entries.
    std::vector<std::string> imports;
    schema::Ops upgrade;
    schema::Ops downgrade;
    bool has_upgrade = false;
    bool has_downgrade = false;
    // Syntax errors (from the parser, stage "python") and arguments that could not be read
    // statically (stage "alembic").
    Diagnostics diagnostics;
    // The parsed file, kept so that the graph and the linter do not parse it again.
    std::shared_ptr<const python::Module> module;
};

Revision read_revision(const SourceFile& file);

// Names a revision file binds to modules or module members: "sa" -> "sqlalchemy",
// "postgresql" -> "sqlalchemy.dialects.postgresql", "String" -> "sqlalchemy.String".
// Seeded with the conventional aliases of Alembic's templates.
struct ImportScope {
    std::vector<std::pair<std::string, std::string>> bindings;  // local name -> qualified name
    std::vector<std::pair<std::string, std::string>> statements;  // local name -> import statement

    // The qualified dotted name of a Name/Attribute chain through the bindings ("sa.String" ->
    // "sqlalchemy.String"); empty for any other expression.
    std::string qualify(const python::Expr& e) const;
    // The import statement that binds the first segment of `dotted`, if the file has one.
    std::string import_for(const std::string& dotted) const;
};

// A type expression of a revision (`sa.String(50)`, `postgresql.JSONB`, `String(length=5)`)
// as Alembic's autogenerate renders it and as SQLAlchemy's PostgreSQL dialect compiles it.
// A type mig-guard does not know keeps its source text as `python` and an empty `sql`.
schema::SqlType read_type(const python::Module& module, const python::Expr& e, const ImportScope& scope);

}  // namespace mig_guard::alembic
