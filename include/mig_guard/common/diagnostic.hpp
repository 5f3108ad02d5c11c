// Diagnostics and errors shared by every stage.
//
// Two tiers (STYLE.md): recoverable problems are values (`Diagnostic`, collected in a
// `Diagnostics` list and returned next to a result); fatal problems are exceptions derived
// from `Error`, caught once in main, where they become a message and an exit code.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace mig_guard {

// 1-based line and column (column counts Unicode code points is not attempted: it counts
// bytes + 1, as CPython's tokenizer reports col_offset + 1 for ASCII sources).
struct SourceLocation {
    std::string file;
    uint32_t line = 0;
    uint32_t column = 0;

    bool known() const { return line != 0; }
    // "file:line:col", "file:line", or "file" depending on what is known.
    std::string str() const;
};

enum class Severity : uint8_t { error, warning, note };

const char* severity_name(Severity s);

struct Diagnostic {
    Severity severity = Severity::error;
    SourceLocation location;
    std::string stage;    // "python", "models", "schema", "alembic", "config", ...
    std::string message;  // the problem, one sentence, no trailing period
    std::string help;     // what to do next, short and imperative; may be empty

    // "file:line:col: error: message" plus "\n  help: ..." when help is set.
    std::string str() const;
};

using Diagnostics = std::vector<Diagnostic>;

bool has_errors(const Diagnostics& diags);

// Exit codes, SPEC section 2.
enum class ExitCode : int { ok = 0, gate_failed = 1, usage = 2, environment = 3 };

// Fatal error: carries the exit code it maps to.
class Error : public std::runtime_error {
public:
    Error(ExitCode code, std::string message, std::string help = {})
        : std::runtime_error(std::move(message)), m_code(code), m_help(std::move(help)) {}
    ExitCode code() const { return m_code; }
    const std::string& help() const { return m_help; }

private:
    ExitCode m_code;
    std::string m_help;
};

// Bad command line or configuration (exit 2).
class UsageError : public Error {
public:
    explicit UsageError(std::string message, std::string help = {})
        : Error(ExitCode::usage, std::move(message), std::move(help)) {}
};

// The environment failed: git, file system, PostgreSQL (exit 3).
class EnvironmentError : public Error {
public:
    explicit EnvironmentError(std::string message, std::string help = {})
        : Error(ExitCode::environment, std::move(message), std::move(help)) {}
};

}  // namespace mig_guard
