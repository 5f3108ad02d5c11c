// One connection to PostgreSQL (libpqxx kept out of the interface), with errors that carry
// what PostgreSQL said: SQLSTATE, message, detail, hint and the statement position.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mig_guard/common/diagnostic.hpp"

namespace mig_guard::pg {

// A statement PostgreSQL rejected.
class SqlError : public Error {
public:
    SqlError(std::string message, std::string sqlstate, std::string detail, std::string hint, int position,
             std::string statement);
    const std::string& sqlstate() const { return m_sqlstate; }
    const std::string& detail() const { return m_detail; }
    const std::string& hint() const { return m_hint; }
    int position() const { return m_position; }  // 1-based character offset in the statement; 0: none
    const std::string& statement() const { return m_statement; }

private:
    std::string m_sqlstate, m_detail, m_hint;
    int m_position = 0;
    std::string m_statement;
};

using Row = std::vector<std::optional<std::string>>;

class Session {
public:
    // Connects. An unreachable host, a refused connection, a wrong password or an unknown
    // database throws EnvironmentError (exit 3) with libpq's message (password removed from
    // any URL shown) and the next step.
    explicit Session(const std::string& conninfo);
    Session(Session&&) noexcept;
    Session& operator=(Session&&) noexcept;
    ~Session();

    // Runs SQL (one statement, or several separated by ';' without parameters). Throws
    // SqlError when PostgreSQL rejects it.
    void execute(std::string_view sql);
    // Runs a query and returns its rows as text (NULL as nullopt).
    std::vector<Row> query(std::string_view sql);
    // Runs a query with text parameters $1, $2, ...
    std::vector<Row> query(std::string_view sql, const std::vector<std::string>& params);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace mig_guard::pg
