// `mig-guard rule [CODE]`: the rule catalog, or one rule's documentation.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "mig_guard/lint/rule.hpp"

namespace mig_guard::cli {

Command register_rule(CLI::App& app) {
    auto code = std::make_shared<std::string>();
    CLI::App* sub = app.add_subcommand("rule", "Print the documentation of a rule, or the list of rules");
    sub->add_option("code", *code, "Rule code (MG402) or name (drop-column)");

    return {sub, [code](const Context&) {
                if (code->empty()) {
                    for (const auto& r : lint::registry()) {
                        char line[64];
                        std::snprintf(line, sizeof line, "%-6s %-29s %-8s ", r.code, r.name,
                                      r.default_level == lint::Level::error ? "error" : "warning");
                        std::cout << line << r.summary << "\n";
                    }
                    return ExitCode::ok;
                }
                const lint::Rule* rule = lint::find_rule(*code);
                if (!rule) throw UsageError("unknown rule '" + *code + "'", "run `mig-guard rule` for the list of rules");
                std::cout << lint::render_documentation(*rule);
                return ExitCode::ok;
            }};
}

}  // namespace mig_guard::cli
