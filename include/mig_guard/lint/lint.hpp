// The lint engine: runs the rule catalog (SPEC section 7) over revision files and the revision
// graph and returns findings at their configured levels. Pure over values: the caller reads the
// files and the configuration.
//
// Revision rules see one revision with the schema its ancestors produce; graph rules see the
// whole graph once. Findings on objects created earlier in the same revision are not reported
// for lock or data-dependent rules (a new table has no rows).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "mig_guard/alembic/graph.hpp"
#include "mig_guard/lint/finding.hpp"
#include "mig_guard/lint/rule.hpp"

namespace mig_guard::lint {

struct LintOptions {
    // Per-rule levels from configuration; a rule not listed keeps its default level.
    std::map<std::string, Level> levels;
};

// The level a rule runs at after configuration.
Level effective_level(const Rule& rule, const LintOptions& options);

// Lints one revision with the revision rules. `before` is the schema its ancestors produce
// (empty for a revision linted alone). A file that does not parse gets MG203 only.
Findings lint_revision(const SourceFile& file, const alembic::Revision& revision, const schema::Schema& before,
                       const LintOptions& options);

// Graph rules (multiple heads, broken graph).
Findings lint_graph(const alembic::Graph& graph, const LintOptions& options);

// Lints the revisions of `graph` whose path is in `paths` (every revision when `paths` is
// empty), each against the schema its ancestors produce, plus the graph rules. `files` holds
// the sources the graph was built from. Findings are sorted by file, line, column, code.
Findings lint_project(const alembic::Graph& graph, const SourceFiles& files, const std::vector<std::string>& paths,
                      const LintOptions& options);

// Applies the fixes of `findings` that belong to `path` to `content`. Edits must not overlap;
// insertions at the same offset keep the findings' order.
std::string apply_fixes(std::string content, const Findings& findings, std::string_view path);

}  // namespace mig_guard::lint
