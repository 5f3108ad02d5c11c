// One registration function per subcommand (src/cli/cmd_*.cpp). Each adds its options to
// the CLI11 app and returns the function that runs it once parsing succeeded.
#pragma once

#include <functional>

#include "context.hpp"

namespace mig_guard::cli {

struct Command {
    CLI::App* app = nullptr;
    std::function<ExitCode(const Context&)> run;
};

Command register_schema(CLI::App& app);
Command register_diff(CLI::App& app);
Command register_lint(CLI::App& app);
Command register_rule(CLI::App& app);
Command register_check(CLI::App& app);
Command register_ci(CLI::App& app);
Command register_generate(CLI::App& app);
Command register_review(CLI::App& app);
Command register_status(CLI::App& app);
Command register_init(CLI::App& app);
Command register_verify(CLI::App& app);
Command register_config(CLI::App& app);
Command register_apply(CLI::App& app);
Command register_merge_ledger(CLI::App& app);

}  // namespace mig_guard::cli
