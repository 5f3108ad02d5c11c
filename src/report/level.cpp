// level_name lives with the reporters: they are its main users, and src/lint depends on
// src/report's consumers only through findings.
#include "mig_guard/lint/finding.hpp"

namespace mig_guard::lint {

const char* level_name(Level level) {
    switch (level) {
    case Level::error: return "error";
    case Level::warning: return "warning";
    case Level::off: return "off";
    }
    return "off";
}

}  // namespace mig_guard::lint
