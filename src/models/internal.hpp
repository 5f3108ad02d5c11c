// Internals of the model extractor shared between its translation units.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mig_guard::models::detail {

// A MetaData naming convention: key ("ix", "uq", "ck", "fk", "pk") -> template, in the order
// written.
using NamingConvention = std::vector<std::pair<std::string, std::string>>;

NamingConvention default_naming_convention();

// What SQLAlchemy's ConventionDict can see of one constraint or index.
struct ConventionSubject {
    std::string kind;  // "ix", "uq", "ck", "fk", "pk"
    std::string table_schema;
    std::string table_name;
    std::vector<std::string> columns;  // for fk: the local columns
    std::string explicit_name;         // empty: unnamed
    std::string referred_table;
    std::vector<std::string> referred_columns;
};

enum class ConventionOutcome { no_convention, named, needs_explicit_name, unknown_token };

struct ConventionResult {
    ConventionOutcome outcome = ConventionOutcome::no_convention;
    std::string name;
    std::string detail;  // the offending token for unknown_token
};

// The name SQLAlchemy gives the subject under `convention` (sqlalchemy/sql/naming.py): an
// explicit name wins unless the template uses %(constraint_name)s.
ConventionResult apply_naming_convention(const NamingConvention& convention, const ConventionSubject& subject);

}  // namespace mig_guard::models::detail
