// What the gate commands share: where the project is (a git repository, or a directory), the
// configuration loaded from a tree, and printing findings in the chosen format.
#pragma once

#include <optional>
#include <string>

#include "context.hpp"
#include "mig_guard/common/tree.hpp"
#include "mig_guard/config/settings.hpp"
#include "mig_guard/gate/gate.hpp"
#include "mig_guard/git/repository.hpp"
#include "mig_guard/lint/finding.hpp"

namespace mig_guard::cli {

enum class NeedGit : uint8_t { yes, no };

struct Workspace {
    std::optional<git::Repository> repo;
    fs::path top;            // the tree's root on disk: the repository's working directory, or the project root
    std::string start_dir;   // the current directory relative to `top` ("" at the top)
    std::string config;      // --config relative to `top`; empty when not given
};

// Opens the repository around the current directory (required for NeedGit::yes: otherwise
// EnvironmentError saying to run inside a git repository).
Workspace open_workspace(const Context& ctx, NeedGit need);

// The project around the start directory; `base` left at its default becomes the
// repository's default branch (git::Repository::default_base) when there is one.
config::Project load_project(const Workspace& ws, const FileTree& tree);
void apply_default_base(const Workspace& ws, config::Project& project);

// `--sqlmodel` and `--sqlalchemy`: library versions that override what the project pins.
void add_version_options(CLI::App& app, gate::VersionOverrides& overrides);

// Models read through the one loader (gate::load_models) for `schema` and `diff`.
struct LoadedModels {
    fs::path root;  // the directory the result's paths are relative to (the project root)
    models::LibraryVersions versions;
    models::LoadResult result;
};

// The models of the project around the current directory as Alembic sees them, or, with
// `paths` (files or directories relative to the current directory), every table model in
// those files and what they import. Outside any project, the current directory is the root.
LoadedModels load_models(const Context& ctx, const std::vector<std::string>& paths,
                         const gate::VersionOverrides& overrides);

// One side of `diff`: an existing file or directory (as load_models), `worktree` or `index`,
// or else a git revision ("HEAD", "main", "HEAD~2"): the project's models in that version, read
// from git objects through the same loader.
enum class Side : uint8_t { path_or_ref, worktree, index };
LoadedModels load_models_at(const Context& ctx, const std::string& path_or_ref, Side side,
                            const gate::VersionOverrides& overrides);

// Renders findings in the global --format to stdout; returns whether any is an error.
// `errors_elsewhere`: errors already printed as diagnostics (the summary line counts them).
bool print_findings(const Context& ctx, const lint::Findings& findings, const std::map<std::string, std::string>& sources,
                    const std::vector<std::string>& files_checked, size_t errors_elsewhere = 0);

// Diagnostics whose paths are already relative to `top`, shown relative to the current directory.
bool print_diagnostics(const Context& ctx, const Workspace& ws, const Diagnostics& diagnostics);

// Whether stdout is a terminal and the format is text (for messages meant for people).
bool human_output(const Context& ctx);

}  // namespace mig_guard::cli
