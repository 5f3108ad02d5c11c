// Shared between the git stage's translation units: the Repository's state and small RAII
// holders for libgit2 objects.
#pragma once

#include <functional>
#include <git2.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "index_scan.hpp"
#include "mig_guard/git/repository.hpp"

namespace mig_guard::git::detail {

template <typename T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* p) const { Free(p); }
};
template <typename T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, Deleter<T, Free>>;

using RepoPtr = Owned<git_repository, git_repository_free>;
using ObjectPtr = Owned<git_object, git_object_free>;
using CommitPtr = Owned<git_commit, git_commit_free>;
using TreePtr = Owned<git_tree, git_tree_free>;
using TreeEntryPtr = Owned<git_tree_entry, git_tree_entry_free>;
using BlobPtr = Owned<git_blob, git_blob_free>;
using IndexPtr = Owned<git_index, git_index_free>;
using DiffPtr = Owned<git_diff, git_diff_free>;
using ConfigPtr = Owned<git_config, git_config_free>;
using ReferencePtr = Owned<git_reference, git_reference_free>;

// libgit2's message for the last failure on this thread, or `fallback` when it left none.
std::string last_error(std::string_view fallback = "unknown libgit2 error");

// Throws EnvironmentError "what: <libgit2 message>" when `rc` < 0.
void check(int rc, std::string_view what);

std::string oid_hex(const git_oid& id);

}  // namespace mig_guard::git::detail

namespace mig_guard::git {

struct Repository::Impl {
    enum class Missing : uint8_t { throw_error, return_nullopt };
    // The repository containing `start`; nullptr when there is none and `missing` says so.
    static std::unique_ptr<Impl> open(const fs::path& start, Missing missing);

    detail::RepoPtr repo;
    fs::path workdir;

    // Root trees of the commits read so far: a FileTree over a commit reads many files, and
    // resolving the commit and its tree for each would repeat the same lookups.
    mutable std::mutex mutex;
    mutable std::map<std::string, detail::TreePtr, std::less<>> trees;
    mutable detail::IndexPtr index;

    // The root tree of `commit` (40 hex), nullptr for an empty id (an unborn HEAD). The
    // tree stays owned by the cache. Caller holds `mutex`.
    git_tree* commit_tree(const std::string& commit) const;
    // The index, re-read from disk when it changed since the last call. Caller holds `mutex`.
    git_index* current_index() const;
    // The file current_index() reads (GIT_INDEX_FILE when it applies).
    fs::path index_file() const;
    // The index entries at or below `path` (non-empty), for read() and list(): `check` reads
    // a configuration file or two (and on its static path the revisions) from the index, and
    // a lookup in the mapped index costs microseconds on 10,000 entries where loading the
    // index into libgit2 costs ~10 ms. nullopt when libgit2 already holds the index (its
    // answer is then as cheap) or the snapshot cannot read this index. Caller holds `mutex`.
    std::optional<std::vector<detail::ScannedEntry>> index_entries_below(const std::string& path) const;
    // The index file mapped and tabulated (index_scan.hpp), re-read when the file changed on
    // disk; nullptr when it cannot be read that way. Caller holds `mutex`.
    std::shared_ptr<const detail::IndexSnapshot> index_snapshot() const;
    mutable std::shared_ptr<const detail::IndexSnapshot> snapshot;
    mutable std::optional<fs::path> index_path;
    // The pre-commit fast path (diff.cpp): true when the index entries below `prefixes` are
    // exactly those of `tree` (nullptr = empty), false when they may differ.
    bool index_matches_tree(git_tree* tree, const std::vector<std::string>& prefixes) const;
    // Likewise for the working tree: the index matches `tree`, every entry's cached stat
    // data matches the file (and is not racy), and no untracked, unignored file exists
    // below `prefixes`.
    bool worktree_matches_tree(git_tree* tree, const std::vector<std::string>& prefixes) const;
    // Like index_matches_tree, over the entries below `prefixes` that pass `filter` only.
    bool filtered_index_matches_tree(git_tree* tree, const std::vector<std::string>& prefixes,
                                     const std::function<bool(std::string_view)>& filter) const;
};

}  // namespace mig_guard::git
