#include "mig_guard/common/diagnostic.hpp"

#include <algorithm>

namespace mig_guard {

std::string SourceLocation::str() const {
    std::string out = file;
    if (line != 0) {
        out += ':' + std::to_string(line);
        if (column != 0) out += ':' + std::to_string(column);
    }
    return out;
}

const char* severity_name(Severity s) {
    switch (s) {
        case Severity::error: return "error";
        case Severity::warning: return "warning";
        case Severity::note: return "note";
    }
    return "error";
}

std::string Diagnostic::str() const {
    std::string out;
    std::string where = location.str();
    if (!where.empty()) out += where + ": ";
    out += severity_name(severity);
    out += ": ";
    out += message;
    if (!help.empty()) out += "\n  help: " + help;
    return out;
}

bool has_errors(const Diagnostics& diags) {
    return std::any_of(diags.begin(), diags.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::error; });
}

}  // namespace mig_guard
