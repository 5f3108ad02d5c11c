// What verify and apply share about running a revision's rendered SQL: which statements must
// run outside a transaction block, and how PostgreSQL's error is shown.
#pragma once

#include <cctype>
#include <string>
#include <string_view>

#include "mig_guard/pg/session.hpp"

namespace mig_guard::pg::detail {

// Statements PostgreSQL refuses inside a transaction block, or whose effect a later
// statement of the same transaction cannot use (a new enum value): Alembic runs them in an
// autocommit block.
inline bool needs_autocommit(std::string_view sql) {
    std::string head;
    for (char c : sql.substr(0, 160)) head += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    auto starts = [&](std::string_view p) { return head.rfind(p, 0) == 0; };
    if (starts("CREATE INDEX CONCURRENTLY") || starts("CREATE UNIQUE INDEX CONCURRENTLY") ||
        starts("DROP INDEX CONCURRENTLY") || starts("REINDEX") || starts("VACUUM") || starts("CREATE DATABASE") ||
        starts("DROP DATABASE"))
        return true;
    return starts("ALTER TYPE") && head.find(" ADD VALUE") != std::string::npos;
}

// PostgreSQL's message with its detail and hint.
inline std::string full_message(const SqlError& e) {
    std::string m = e.what();
    if (!e.detail().empty()) m += "\nDETAIL: " + e.detail();
    if (!e.hint().empty()) m += "\nHINT: " + e.hint();
    return m;
}

}  // namespace mig_guard::pg::detail
