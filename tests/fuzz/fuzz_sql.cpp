// libFuzzer entry point for hand-written SQL (`op.execute("...")`): libpg_query's parse, the
// statement split and classification, the conversion of statements into ops (with and without
// the schema before them), and the mapping of offsets inside a Python string literal back to
// the file. Any crash, hang or sanitizer report is a bug, and so is a broken invariant:
//   - statements lie inside the SQL, in order, without overlapping, with the line they start on;
//   - an error comes with no statements and an offset inside the SQL;
//   - a position mapped back from a literal lies on a line of the literal, at a column >= 1.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mig_guard/sql/parse.hpp"

#include "fuzz_support.hpp"

namespace {

using namespace mig_guard;

using fuzz::check;

schema::Schema users_schema() {
    schema::Schema s;
    schema::Table users;
    users.name = "users";
    schema::Column id;
    id.name = "id";
    id.type.sql = "INTEGER";
    id.nullable = false;
    schema::Column email;
    email.name = "email";
    email.type.sql = "VARCHAR(255)";
    users.columns = {id, email};
    s.tables.push_back(users);
    schema::EnumType status;
    status.name = "status";
    status.values = {"active", "gone"};
    s.enums.push_back(status);
    return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view sql(reinterpret_cast<const char*>(data), size);
    sql::ParsedSql parsed = sql::parse_sql(sql);
    if (parsed.error) {
        check(parsed.statements.empty());
        check(parsed.error_offset <= size);
    }
    uint32_t previous_end = 0;
    uint32_t lines = static_cast<uint32_t>(std::count(sql.begin(), sql.end(), '\n')) + 1;
    static const schema::Schema before = users_schema();
    for (const auto& statement : parsed.statements) {
        check(statement.begin <= statement.end && statement.end <= size);
        check(statement.begin >= previous_end);
        previous_end = statement.end;
        check(statement.line >= 1 && statement.line <= lines);
        check(sql.substr(statement.begin, statement.end - statement.begin) == statement.text);
        check(!statement.kind.empty());
        Diagnostics without, with;
        (void)sql::ops_from_sql(statement, without);
        (void)sql::ops_from_sql(statement, with, &before);
    }

    // The same bytes as the body of a triple-quoted literal at line 3, column 16 of a file. In a
    // file, lines end as Python's do: "\r\n", a lone "\r" or "\n".
    uint32_t file_lines = fuzz::python_line_count(sql);
    if (sql.find("\"\"\"") == std::string_view::npos && (sql.empty() || sql.back() != '"') &&
        sql.find('\\') == std::string_view::npos) {
        std::string literal = "\"\"\"" + std::string(sql) + "\"\"\"";
        for (uint32_t offset : {0u, static_cast<uint32_t>(size / 2), static_cast<uint32_t>(size)}) {
            auto at = sql::map_offset_in_literal(literal, 3, 16, offset);
            check(at.line >= 3 && at.line < 3 + file_lines);
            check(at.column >= 1);
        }
    }
    return 0;
}
