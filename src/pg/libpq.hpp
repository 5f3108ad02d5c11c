// libpq, loaded with dlopen on first use. Only verification talks to PostgreSQL; linking
// libpq would make every process (the pre-commit `check` included, SPEC 11) map and relocate
// it and its dependencies (Kerberos, LDAP, SASL, GnuTLS...) at startup: about 10 ms here.
#pragma once

#include <libpq-fe.h>

namespace mig_guard::pg::detail {

// The libpq functions mig-guard calls, by their libpq names; the types come from libpq-fe.h.
#define MG_LIBPQ_FUNCTIONS(X) \
    X(PQconnectdb)            \
    X(PQfinish)               \
    X(PQstatus)               \
    X(PQerrorMessage)         \
    X(PQpass)                 \
    X(PQserverVersion)        \
    X(PQsetNoticeProcessor)   \
    X(PQping)                 \
    X(PQconninfoParse)        \
    X(PQconninfoFree)         \
    X(PQfreemem)              \
    X(PQexec)                 \
    X(PQexecParams)           \
    X(PQresultStatus)         \
    X(PQresultErrorMessage)   \
    X(PQresultErrorField)     \
    X(PQntuples)              \
    X(PQnfields)              \
    X(PQgetisnull)            \
    X(PQgetvalue)             \
    X(PQgetlength)            \
    X(PQclear)

struct Libpq {
#define MG_LIBPQ_MEMBER(name) decltype(&::name) name = nullptr;
    MG_LIBPQ_FUNCTIONS(MG_LIBPQ_MEMBER)
#undef MG_LIBPQ_MEMBER
};

// The loaded library (once per process, thread-safe). Throws EnvironmentError (exit 3) naming
// libpq.so.5 and the Debian package libpq5 when it cannot be loaded or lacks a function.
const Libpq& libpq();

}  // namespace mig_guard::pg::detail
