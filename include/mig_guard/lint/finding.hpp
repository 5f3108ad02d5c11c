// A finding: what a lint rule (or the gate) reports about a revision file. Reporters
// (src/report) render findings in text, json, sarif, github and junit; the rules
// (src/lint) produce them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mig_guard/common/diagnostic.hpp"

namespace mig_guard::lint {

// A rule's configured level (`[tool.mig-guard.rules] MG402 = "warning"`).
enum class Level : uint8_t { error, warning, off };

// A byte-range replacement in the finding's file: [begin, end) becomes `replacement`.
struct Edit {
    uint32_t begin = 0;
    uint32_t end = 0;
    std::string replacement;
};

// A safe fix (`mig-guard lint --fix` applies it): e.g. inserting a missing import.
struct Fix {
    std::string description;
    std::vector<Edit> edits;
};

struct Finding {
    std::string code;        // "MG402"
    std::string name;        // "drop-column"
    Level level = Level::error;  // after configuration; never off (off findings are not produced)
    std::string message;     // the problem, one sentence, no trailing period
    std::string help;        // what to do instead, short and imperative
    SourceLocation location; // file (as shown to the user), 1-based line and column
    uint32_t end_line = 0;   // end of the flagged range (0: unknown)
    uint32_t end_column = 0; // exclusive
    std::optional<Fix> fix;
};

using Findings = std::vector<Finding>;

const char* level_name(Level level);  // "error", "warning", "off"

}  // namespace mig_guard::lint
