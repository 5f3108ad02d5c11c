// `mig-guard config [--show]`: the configuration in effect, every key with its value and where
// it came from; `--keys` lists the configuration table itself (type, default, documentation).
// The project is found like every gate command finds it (open_workspace): the tree is the git
// working directory around the current directory, or the nearest project root outside git,
// and the walk for a configuration file starts at the current directory.
#include <CLI/CLI.hpp>
#include <iostream>

#include "commands.hpp"
#include "mig_guard/config/settings.hpp"
#include "mig_guard/lint/rule.hpp"
#include "workspace.hpp"

namespace mig_guard::cli {

Command register_config(CLI::App& app) {
    struct Options {
        bool show = false;
        bool keys = false;
    };
    auto opts = std::make_shared<Options>();
    CLI::App* sub = app.add_subcommand("config", "Show the configuration in effect and where each value came from");
    sub->add_flag("--show", opts->show, "Print every key with its value and origin, as TOML (the default)");
    sub->add_flag("--keys", opts->keys, "Print the configuration keys: table, type, default and documentation");

    return {sub, [opts](const Context& ctx) {
                if (opts->keys) {
                    for (const auto& k : config::setting_keys()) {
                        std::cout << "[" << k.table << "] " << k.key << "\n"
                                  << "    type:    " << k.type << "\n"
                                  << "    default: " << k.default_value << "\n"
                                  << "    " << k.doc << "\n";
                    }
                    if (!opts->show) return ExitCode::ok;
                    std::cout << "\n";
                }
                Workspace ws = open_workspace(ctx, NeedGit::no);
                DiskTree tree(ws.top);
                std::vector<std::string> codes{"MG101", "MG102", "MG103"};
                for (const auto& r : lint::registry()) codes.emplace_back(r.code);
                config::Project project = config::load_project(tree, ws.start_dir, ws.config, codes);
                apply_default_base(ws, project);
                std::cout << config::show_settings(project);
                return ExitCode::ok;
            }};
}

}  // namespace mig_guard::cli
