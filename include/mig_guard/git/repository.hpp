// Git, through libgit2: the files of any version of a repository (a commit, the index, the
// working tree) without checking anything out, the paths changed between two versions, merge
// bases, and the user's identity. Never changes the repository.
//
// Paths are '/'-separated and relative to the repository's working directory (its top level),
// even when the Python project lives in a subdirectory.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mig_guard/common/tree.hpp"

namespace mig_guard::git {

namespace fs = std::filesystem;

// One version of the repository's files.
struct Version {
    enum class Kind : uint8_t { commit, index, worktree };
    Kind kind = Kind::worktree;
    std::string commit;  // Kind::commit: the full object id (40 hex); empty for an unborn HEAD (no files)
    std::string label;   // how the user named it: "HEAD", "origin/main", "merge base of origin/main"

    // The index is the one git would commit: GIT_INDEX_FILE is honoured (a hook run by
    // `git commit -a` sees the index about to be committed there) unless GIT_DIR names
    // another repository. A split index (core.splitIndex) cannot be read: EnvironmentError.
    static Version index() { return {Kind::index, {}, "index"}; }
    static Version worktree() { return {Kind::worktree, {}, "working tree"}; }
    // "HEAD (3f2a9c1)", "index", "working tree", "HEAD (no commits yet)".
    std::string describe() const;
};

enum class ChangeKind : uint8_t { added, modified, deleted, renamed, type_changed };

struct ChangedPath {
    ChangeKind kind = ChangeKind::modified;
    std::string path;      // the path in `to` (in `from` for deleted)
    std::string old_path;  // the path in `from` (differs from `path` only for renamed)
};

struct Identity {
    std::string name;
    std::string email;
    std::string str() const;  // "Ada Lovelace <ada@example.com>", or just the name without an email
};

// git resolves a relative GIT_DIR, GIT_WORK_TREE and GIT_INDEX_FILE against the directory it
// was started in (a hook's: the top of the working tree, where git sets
// GIT_INDEX_FILE=.git/index). Called with that directory before mig-guard changes directory
// (-C), it makes those that are relative absolute in this process's environment, so that
// mig-guard and the processes it starts read the same files git means.
void anchor_environment(const fs::path& started_in);

class Repository {
public:
    // The repository containing `start` (a file or directory), searching upwards as git does
    // (worktrees and `.git` files included). Throws EnvironmentError (exit 3) when there is
    // none, naming `start` and saying to run `git init` or pass -C. A bare repository has no
    // working directory and is refused the same way.
    static Repository discover(const fs::path& start);
    // Like discover, nullopt when `start` is not inside a repository.
    static std::optional<Repository> try_discover(const fs::path& start);

    Repository(Repository&&) noexcept;
    Repository& operator=(Repository&&) noexcept;
    ~Repository();

    // The top level of the working tree (absolute, no trailing separator).
    const fs::path& workdir() const;
    bool is_shallow() const;
    // HEAD names a branch with no commits yet (a fresh `git init`).
    bool head_unborn() const;

    // HEAD as a Version; for an unborn HEAD, a commit Version with an empty id (no files).
    Version head() const;
    // A revision expression as git understands it ("HEAD", "main", "origin/main", "v1.2",
    // "HEAD~2", a full or abbreviated id) resolved to its commit. Throws UsageError (exit 2)
    // naming `spec` when it does not resolve, with the next step (`git fetch origin main`,
    // check the spelling); in a shallow clone whose history does not reach it, EnvironmentError
    // saying how to fetch more (`fetch-depth: 0`).
    Version resolve(std::string_view spec) const;
    // The branch changes go into, as `ci` compares with when given no --base: the remote's
    // default branch (refs/remotes/origin/HEAD, e.g. "origin/master"), else the first of
    // origin/main, main, origin/master, master that exists; nullopt when none does.
    std::optional<std::string> default_base() const;
    // The best common ancestor of two commits, as `git merge-base` answers it: in a shallow
    // clone, within the history present (the boundary commits count as roots). Throws EnvironmentError when the history
    // available does not contain one: in a shallow clone, saying to fetch the full history
    // (`git fetch --unshallow`, `fetch-depth: 0` in actions/checkout); otherwise saying the
    // two have no common history.
    Version merge_base(const Version& a, const Version& b) const;

    // The file at `path` in `version`, nullopt when absent. A file in the working tree is read
    // as is (no filters); a file in the index or a commit is its blob.
    std::optional<std::string> read(const Version& version, std::string_view path) const;
    // Every file below `dir` ("" = all) in `version`, sorted; for the working tree, untracked
    // files that are not ignored are included, ignored ones are not.
    std::vector<std::string> list(const Version& version, std::string_view dir) const;
    // A FileTree over `version` (valid while this Repository lives).
    std::unique_ptr<FileTree> tree(const Version& version) const;

    // Paths that differ between `from` and `to`, restricted to the paths below any of
    // `prefixes` (all paths when empty), sorted by path. Renames are detected only between
    // commits/index (similarity 50%, as `git diff -M`). The working tree side includes
    // untracked, non-ignored files. Must be fast: it is the pre-commit hook's fast path on
    // repositories with 10,000 files (no content reads when the prefixes match nothing).
    // A prefix names a file or a directory ("app/models" matches app/models/x.py, never
    // app/models2/x.py); it is literal (no globs). Rename pairs are looked for only within
    // the prefixes: a file moved into them from elsewhere shows as added.
    std::vector<ChangedPath> changed(const Version& from, const Version& to,
                                     const std::vector<std::string>& prefixes = {}) const;
    // Only the paths below `prefixes` for which `filter` is true ("*.py and a few file names"):
    // between a commit and the index, a change elsewhere (a staged .js file) is skipped
    // without loading the index into libgit2.
    using PathFilter = std::function<bool(std::string_view path)>;
    std::vector<ChangedPath> changed(const Version& from, const Version& to, const std::vector<std::string>& prefixes,
                                     const PathFilter& filter) const;

    // Where git looks for hooks: core.hooksPath when set, else the common git directory's
    // hooks/ (shared by every worktree).
    fs::path hooks_dir() const;

    // user.name and user.email from git configuration (repository, global, system); empty
    // fields when unset.
    Identity identity() const;

private:
    struct Impl;
    explicit Repository(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace mig_guard::git
