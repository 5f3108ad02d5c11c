// Helpers shared by the revision reader's files (reader.cpp, reader_types.cpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mig_guard/alembic/reader.hpp"

namespace mig_guard::alembic::reader_detail {

// Python's repr() of a str, as CPython writes it for printable text.
std::string str_repr(std::string_view s);

// The value of a str constant; nullopt for anything else (an f-string included).
std::optional<std::string> str_const(const python::Expr* e);

// Where a qualified name points: "sqlalchemy.types.String" -> {Sa, "String"}.
enum class Namespace : uint8_t { none, sa, postgresql, sqlmodel, op };
struct Member {
    Namespace ns = Namespace::none;
    std::string name;  // the last segment
};
Member classify(const std::string& qualified);

// `sa.Enum(...)` / `postgresql.ENUM(...)` calls, for `.create()` / `.drop()` and column types.
bool is_enum_type(const Member& m);

}  // namespace mig_guard::alembic::reader_detail
