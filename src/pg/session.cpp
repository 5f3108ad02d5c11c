// Session on libpq directly (loaded on first use, libpq.hpp): libpqxx 6 hides the error
// fields (detail, hint, position) that SqlError carries, and PQexec leaves BEGIN/COMMIT to
// the caller, which verification needs for statements that must run outside a transaction
// block.
#include "mig_guard/pg/session.hpp"

#include <cstdlib>
#include <cstring>
#include <utility>

#include "libpq.hpp"
#include "session_internal.hpp"

namespace mig_guard::pg {

using detail::libpq;

namespace {

struct ResultDeleter {
    void operator()(PGresult* r) const { libpq().PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

std::string field(const PGresult* r, int code) {
    const char* v = libpq().PQresultErrorField(r, code);
    return v ? std::string(v) : std::string();
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
    return s;
}

void ignore_notice(void*, const char*) {}

}  // namespace

SqlError::SqlError(std::string message, std::string sqlstate, std::string detail, std::string hint,
                   int position, std::string statement)
    : Error(ExitCode::environment, std::move(message), hint),
      m_sqlstate(std::move(sqlstate)),
      m_detail(std::move(detail)),
      m_hint(std::move(hint)),
      m_position(position),
      m_statement(std::move(statement)) {}

std::string redact_conninfo(std::string_view conninfo) {
    std::string text(conninfo);
    // URL form: scheme://user:password@host
    auto scheme = text.find("://");
    if (scheme != std::string::npos) {
        auto authority_end = text.find_first_of("/?", scheme + 3);
        auto at = text.rfind('@', authority_end == std::string::npos ? std::string::npos : authority_end);
        if (at != std::string::npos && at > scheme) {
            auto colon = text.find(':', scheme + 3);
            if (colon != std::string::npos && colon < at) text.replace(colon + 1, at - colon - 1, "***");
        }
        // ?password=... in the query string
        for (auto p = text.find("password="); p != std::string::npos; p = text.find("password=", p + 1)) {
            auto end = text.find('&', p);
            auto start = p + 9;
            text.replace(start, (end == std::string::npos ? text.size() : end) - start, "***");
        }
        return text;
    }
    // key=value form
    for (auto p = text.find("password"); p != std::string::npos; p = text.find("password", p + 1)) {
        auto eq = text.find_first_not_of(' ', p + 8);
        if (eq == std::string::npos || text[eq] != '=') continue;
        auto start = text.find_first_not_of(' ', eq + 1);
        if (start == std::string::npos) break;
        size_t end = start;
        if (text[start] == '\'') {
            end = start + 1;
            while (end < text.size() && text[end] != '\'') end += text[end] == '\\' ? 2 : 1;
            end = std::min(end + 1, text.size());
        } else {
            end = text.find(' ', start);
            if (end == std::string::npos) end = text.size();
        }
        text.replace(start, end - start, "***");
    }
    return text;
}

struct Session::Impl {
    PGconn* conn = nullptr;
    std::string shown;  // the conninfo with the password redacted
    ~Impl() {
        if (conn) libpq().PQfinish(conn);
    }

    Result run(std::string_view sql, const std::vector<std::string>* params) {
        std::string text(sql);
        PGresult* raw = nullptr;
        if (params) {
            std::vector<const char*> values;
            values.reserve(params->size());
            for (const auto& p : *params) values.push_back(p.c_str());
            raw = libpq().PQexecParams(conn, text.c_str(), static_cast<int>(values.size()), nullptr,
                                       values.data(), nullptr, nullptr, 0);
        } else {
            raw = libpq().PQexec(conn, text.c_str());
        }
        Result r(raw);
        auto status = r ? libpq().PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) return r;
        if (libpq().PQstatus(conn) != CONNECTION_OK || !r) {
            throw EnvironmentError(
                "lost the connection to PostgreSQL (" + shown + "): " + trim(libpq().PQerrorMessage(conn)),
                "check that the server is still running, then run again");
        }
        if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH) {
            throw SqlError("COPY is not supported here", "0A000", "", "", 0, text);
        }
        std::string message = field(r.get(), PG_DIAG_MESSAGE_PRIMARY);
        if (message.empty()) message = trim(libpq().PQresultErrorMessage(r.get()));
        std::string pos = field(r.get(), PG_DIAG_STATEMENT_POSITION);
        int position = pos.empty() ? 0 : std::atoi(pos.c_str());
        throw SqlError(message, field(r.get(), PG_DIAG_SQLSTATE), field(r.get(), PG_DIAG_MESSAGE_DETAIL),
                       field(r.get(), PG_DIAG_MESSAGE_HINT), position, std::move(text));
    }

    static std::vector<Row> rows(const PGresult* r) {
        const detail::Libpq& pq = libpq();
        std::vector<Row> out;
        if (pq.PQresultStatus(r) != PGRES_TUPLES_OK) return out;
        int n = pq.PQntuples(r), m = pq.PQnfields(r);
        out.reserve(static_cast<size_t>(n));
        for (int i = 0; i < n; ++i) {
            Row row;
            row.reserve(static_cast<size_t>(m));
            for (int j = 0; j < m; ++j) {
                if (pq.PQgetisnull(r, i, j))
                    row.emplace_back(std::nullopt);
                else
                    row.emplace_back(
                        std::string(pq.PQgetvalue(r, i, j), static_cast<size_t>(pq.PQgetlength(r, i, j))));
            }
            out.push_back(std::move(row));
        }
        return out;
    }
};

Session::Session(const std::string& conninfo) : m_impl(std::make_unique<Impl>()) {
    m_impl->shown = redact_conninfo(conninfo);
    m_impl->conn = libpq().PQconnectdb(conninfo.c_str());
    if (!m_impl->conn) throw EnvironmentError("cannot connect to PostgreSQL: out of memory");
    if (libpq().PQstatus(m_impl->conn) != CONNECTION_OK) {
        std::string message = trim(libpq().PQerrorMessage(m_impl->conn));
        // libpq does not echo passwords, but a URL it failed to parse may be quoted back.
        if (const char* pw = libpq().PQpass(m_impl->conn); pw && *pw) {
            for (auto p = message.find(pw); p != std::string::npos; p = message.find(pw, p))
                message.replace(p, std::strlen(pw), "***");
        }
        message = redact_conninfo(message);
        throw EnvironmentError(
            "cannot connect to PostgreSQL (" + m_impl->shown + "): " + message,
            "check that the server is running and reachable and that the user, password and "
            "database are right; or set backend = \"local\" to let mig-guard start its own server");
    }
    libpq().PQsetNoticeProcessor(m_impl->conn, ignore_notice, nullptr);
}

Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;
Session::~Session() = default;

void Session::execute(std::string_view sql) {
    m_impl->run(sql, nullptr);
}

std::vector<Row> Session::query(std::string_view sql) {
    auto r = m_impl->run(sql, nullptr);
    return Impl::rows(r.get());
}

std::vector<Row> Session::query(std::string_view sql, const std::vector<std::string>& params) {
    auto r = m_impl->run(sql, &params);
    return Impl::rows(r.get());
}

}  // namespace mig_guard::pg
