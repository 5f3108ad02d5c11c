// `mig-guard init`: adopts mig-guard in a project. Writes a configuration block (into
// pyproject.toml, or a new mig-guard.toml) when there is none, installs the git pre-commit hook
// (hooks/pre-commit of this repository, compiled in), registers the ledger's merge driver
// (.gitattributes and .git/config), and prints the pre-commit and CI snippets.
// Never overwrites a file it did not write.
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "commands.hpp"
#include "hook_text.hpp"
#include "mig_guard/config/project.hpp"
#include "mig_guard/config/settings.hpp"
#include "mig_guard/ledger/ledger.hpp"
#include "workspace.hpp"

namespace mig_guard::cli {

namespace {

struct InitOptions {
    bool no_hook = false;
};

std::string config_block(const config::Project& project, bool in_pyproject) {
    std::string t = in_pyproject ? "tool.mig-guard" : "";
    std::string out;
    out += in_pyproject ? "\n[tool.mig-guard]\n" : "";
    out += "# mig-guard's settings (mig-guard config --show prints every key, its value and where it came from).\n";
    out += "# Found automatically: alembic_ini = \"" + project.alembic_ini.value + "\", versions in \"" +
           project.versions_dir.value + "\".\n";
    out += "# models = [\"app/models\"]      # default: the modules env.py imports, as Alembic sees them\n";
    out += "# base = \"" + project.base.value +
           "\"     # the branch `mig-guard ci` compares with; default: the remote's HEAD, else origin/main, main, "
           "origin/master or master\n";
    out += "\n[" + (t.empty() ? std::string("postgres") : t + ".postgres") + "]\n";
    out += "backend = \"auto\"                 # local | docker | podman | url\n";
    out += "\n[" + (t.empty() ? std::string("rules") : t + ".rules") + "]\n";
    out += "# MG402 = \"warning\"              # per-rule levels: error | warning | off\n";
    return out;
}

const char* const k_precommit_snippet = R"(  - repo: local
    hooks:
      - id: mig-guard
        name: mig-guard (database migrations)
        entry: mig-guard check
        language: system
        files: '(\.py|mig-guard\.lock|alembic\.ini|pyproject\.toml|mig-guard\.toml)$'
        pass_filenames: false
)";

}  // namespace

Command register_init(CLI::App& app) {
    auto opts = std::make_shared<InitOptions>();
    CLI::App* sub = app.add_subcommand("init", "Set up mig-guard in this project: configuration, git hook, CI snippets");
    sub->add_flag("--no-hook", opts->no_hook, "Do not install the git pre-commit hook");

    return {sub, [opts](const Context& ctx) {
                Workspace ws = open_workspace(ctx, NeedGit::no);
                DiskTree tree(ws.top);
                config::Project project = load_project(ws, tree);

                // 1. Configuration.
                if (!project.config_file.empty()) {
                    std::cout << "Configuration: " << project.config_file << " already has mig-guard's settings; left as is.\n";
                } else {
                    std::string dir = project.root.empty() ? "" : project.root + "/";
                    std::string pyproject = dir + "pyproject.toml";
                    std::string standalone = dir + "mig-guard.toml";
                    if (tree.read(standalone)) {
                        std::cout << "Configuration: " << standalone << " exists; left as is.\n";
                    } else if (auto text = tree.read(pyproject)) {
                        // Read as TOML first: a second table would make the file unparseable,
                        // and every command would then exit 2.
                        if (config::has_settings_table(*text, pyproject)) {
                            std::cout << "Configuration: " << pyproject << " already has [tool.mig-guard]; left as is.\n";
                        } else {
                            std::string updated = *text;
                            if (!updated.empty() && updated.back() != '\n') updated += "\n";
                            updated += config_block(project, true);
                            if (!config::has_settings_table(updated, pyproject))
                                throw UsageError(pyproject + ": cannot add a [tool.mig-guard] table to it",
                                                 "add the settings by hand (mig-guard config --show lists them)");
                            ledger::write_file_atomically(ws.top / pyproject, updated, ledger::Overwrite::yes);
                            std::cout << "Configuration: added [tool.mig-guard] to " << pyproject << "\n";
                        }
                    } else {
                        ledger::write_file_atomically(ws.top / standalone, config_block(project, false), ledger::Overwrite::no);
                        std::cout << "Configuration: wrote " << standalone << "\n";
                    }
                }

                // 2. Two branches that each review their own revisions change different ledger
                // entries; git merges the ledger by revision id through mig-guard's merge driver.
                if (ws.repo && !project.ledger.value.empty()) {
                    std::string line = "/" + project.ledger.value + " merge=mig-guard-ledger";
                    std::string attributes = tree.read(".gitattributes").value_or("");
                    if (attributes.find(project.ledger.value + " merge=mig-guard-ledger") == std::string::npos) {
                        if (!attributes.empty() && attributes.back() != '\n') attributes += "\n";
                        attributes += "# mig-guard's review ledger: merged by revision id (mig-guard merge-ledger)\n" + line + "\n";
                        ledger::write_file_atomically(ws.top / ".gitattributes", attributes, ledger::Overwrite::yes);
                        std::cout << "Git attributes: " << line << " (.gitattributes)\n";
                    }
                    // The driver itself lives in the repository's own configuration (not versioned:
                    // each clone runs `mig-guard init` once, or git falls back to a text merge).
                    std::string top = ws.top.string();
                    bool ok = std::system(("git -C '" + top +
                                           "' config merge.mig-guard-ledger.name 'mig-guard review ledger' && git -C '" +
                                           top + "' config merge.mig-guard-ledger.driver 'mig-guard merge-ledger %O %A %B'")
                                              .c_str()) == 0;
                    std::cout << (ok ? "Git merge driver: merge.mig-guard-ledger registered in .git/config\n"
                                     : "Git merge driver: could not run git config; register it by hand: git config "
                                       "merge.mig-guard-ledger.driver 'mig-guard merge-ledger %O %A %B'\n");
                }

                // 3. The git hook.
                if (opts->no_hook) {
                    std::cout << "Git hook: skipped (--no-hook)\n";
                } else if (!ws.repo) {
                    std::cout << "Git hook: not installed, this is not a git repository (run git init, then mig-guard init)\n";
                } else {
                    fs::path hook = ws.repo->hooks_dir() / "pre-commit";
                    std::error_code ec;
                    if (fs::exists(hook, ec)) {
                        std::string existing = config::read_file(hook);
                        if (existing == k_hook_text)
                            std::cout << "Git hook: " << hook.string() << " is already mig-guard's\n";
                        else
                            std::cout << "Git hook: " << hook.string()
                                      << " exists and is not mig-guard's; left as is. Add this line to it:\n"
                                         "  mig-guard check || exit 1\n";
                    } else {
                        fs::create_directories(hook.parent_path(), ec);
                        ledger::write_file_atomically(hook, k_hook_text, ledger::Overwrite::no);
                        ::chmod(hook.c_str(), 0755);
                        std::cout << "Git hook: installed " << hook.string() << "\n";
                    }
                }

                // 4. Snippets.
                std::cout << "\nWith the pre-commit framework, add to .pre-commit-config.yaml instead of the git hook:\n\n"
                          << "repos:\n"
                          << k_precommit_snippet
                          << "\nIn CI, run on every merge request (templates: ci/github-actions.yml, ci/gitlab-ci.yml in "
                             "mig-guard's repository):\n\n"
                          << "  mig-guard ci --base " << project.base.value << " --format github   # GitHub Actions annotations\n"
                          << "  mig-guard ci --base " << project.base.value << " --format junit    # GitLab test report\n"
                          << "\nTo adopt an existing project, record its revisions as reviewed once:\n\n"
                          << "  mig-guard review --baseline && git add " << project.ledger.value << "\n";
                return ExitCode::ok;
            }};
}

}  // namespace mig_guard::cli
