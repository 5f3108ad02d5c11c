// Helpers shared by the writer's translation units; not part of the public API.
#pragma once

#include <string>
#include <string_view>

namespace mig_guard::alembic::detail {

// Imports every template already has: never listed in RenderedOps::imports.
inline constexpr std::string_view k_import_op = "from alembic import op";
inline constexpr std::string_view k_import_sa = "import sqlalchemy as sa";

// PostgreSQL identifier as SQLAlchemy's PG IdentifierPreparer quotes it.
std::string quote_ident(std::string_view name);

}  // namespace mig_guard::alembic::detail
