// A lint rule: its code, name, default level, documentation (ruff's sections: what it does,
// why it is bad, example, use instead) and the check. One `.cpp` per rule in src/lint/rules/,
// one line per rule in the registry table (src/lint/registry.cpp).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "mig_guard/alembic/reader.hpp"
#include "mig_guard/lint/finding.hpp"
#include "mig_guard/python/ast.hpp"
#include "mig_guard/schema/schema.hpp"

namespace mig_guard::alembic {
struct Graph;
}

namespace mig_guard::lint {

struct RuleDoc {
    const char* what;     // what it does
    const char* why;      // why is this bad?
    const char* example;  // a revision that is flagged
    const char* instead;  // use instead
};

class Reporter;
struct RevisionContext;

// revision and graph rules run in the linter; gate rules (MG101-MG103) need git history and the
// review ledger and are decided by the gate (src/gate), which reports them as findings too.
enum class Scope : uint8_t { revision, graph, gate };

struct Rule {
    const char* code;   // "MG402"
    const char* name;   // "drop-column"
    Level default_level;
    const char* summary;  // one line, for `mig-guard rule`
    RuleDoc doc;
    Scope scope = Scope::revision;
    void (*check_revision)(const RevisionContext&, Reporter&) = nullptr;
    void (*check_graph)(const alembic::Graph&, Reporter&) = nullptr;
};

// Every rule, ordered by code.
const std::vector<Rule>& registry();
// The rule with that code (case-insensitive) or name, or nullptr.
const Rule* find_rule(std::string_view code_or_name);

// `mig-guard rule CODE`: the documentation as text.
std::string render_documentation(const Rule& rule);

// What a revision rule sees.
struct RevisionContext {
    const SourceFile& file;
    const alembic::Revision& revision;
    const python::Module& module;   // the file parsed (for spans and names)
    const schema::Schema& before;   // what the ancestors produce
    // Tables and columns created earlier in this revision's upgrade, for the op at `index`.
    bool table_created_before(const std::string& schema, const std::string& table, size_t op_index) const;
    bool column_created_before(const std::string& schema, const std::string& table, const std::string& column,
                               size_t op_index) const;
};

// Collects a rule's findings; fills in code, name, level and file.
class Reporter {
public:
    Reporter(const Rule& rule, Level level, Findings& out) : m_rule(rule), m_level(level), m_out(out) {}
    Finding& report(const SourceLocation& where, std::string message, std::string help);
    const Rule& rule() const { return m_rule; }

private:
    const Rule& m_rule;
    Level m_level;
    Findings& m_out;
};

}  // namespace mig_guard::lint
