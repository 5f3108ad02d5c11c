// Listing the files of a version: a commit's tree below one directory, the index's entries
// with a prefix, or the working tree as git sees it (tracked plus untracked-not-ignored).
#include "git_tree.hpp"

#include <algorithm>

#include "internal.hpp"
#include "mig_guard/common/diagnostic.hpp"

namespace mig_guard::git {

using namespace detail;

namespace {

std::string normalize_dir(std::string_view dir) {
    while (dir.starts_with("./")) dir.remove_prefix(2);
    while (!dir.empty() && dir.front() == '/') dir.remove_prefix(1);
    while (!dir.empty() && dir.back() == '/') dir.remove_suffix(1);
    if (dir == ".") return {};
    return std::string(dir);
}

struct WalkState {
    std::string base;  // "dir/" or ""
    std::vector<std::string>* out;
};

int collect_blob(const char* root, const git_tree_entry* entry, void* payload) {
    if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return 0;
    auto* state = static_cast<WalkState*>(payload);
    state->out->push_back(state->base + root + git_tree_entry_name(entry));
    return 0;
}

bool is_submodule(uint32_t mode) {
    return (mode & 0170000) == GIT_FILEMODE_COMMIT;
}

}  // namespace

std::vector<std::string> Repository::list(const Version& version, std::string_view dir_in) const {
    const std::string dir = normalize_dir(dir_in);
    std::vector<std::string> out;
    switch (version.kind) {
        case Version::Kind::commit: {
            std::lock_guard lock(m_impl->mutex);
            git_tree* root = m_impl->commit_tree(version.commit);
            if (root == nullptr) return out;
            TreePtr subtree_owned;
            git_tree* start = root;
            if (!dir.empty()) {
                // Only the subtree below `dir` is walked: a 10,000-file repository has far more
                // trees than the project's models directory.
                git_tree_entry* entry = nullptr;
                const int rc = git_tree_entry_bypath(&entry, root, dir.c_str());
                TreeEntryPtr owned_entry(entry);
                if (rc == GIT_ENOTFOUND) return out;
                check(rc, "cannot look up " + dir + " in " + version.describe());
                if (git_tree_entry_type(entry) != GIT_OBJECT_TREE) return out;
                git_tree* sub = nullptr;
                check(git_tree_lookup(&sub, m_impl->repo.get(), git_tree_entry_id(entry)),
                      "cannot read " + dir + " in " + version.describe());
                subtree_owned.reset(sub);
                start = sub;
            }
            WalkState state{dir.empty() ? std::string() : dir + "/", &out};
            check(git_tree_walk(start, GIT_TREEWALK_PRE, collect_blob, &state),
                  "cannot list " + (dir.empty() ? std::string("the files") : dir) + " in " +
                      version.describe());
            break;
        }
        case Version::Kind::index: {
            std::lock_guard lock(m_impl->mutex);
            const std::string prefix = dir.empty() ? std::string() : dir + "/";
            if (auto entries = m_impl->index_entries_below(dir)) {
                for (const ScannedEntry& e : *entries) {
                    if (e.path.starts_with(prefix) && e.stage == 0 && !is_submodule(e.mode))
                        out.push_back(e.path);
                }
                break;
            }
            git_index* idx = m_impl->current_index();
            // Entries are sorted by path, so those below `dir` are one contiguous run.
            size_t pos = 0;
            if (!prefix.empty() && git_index_find_prefix(&pos, idx, prefix.c_str()) < 0) {
                git_error_clear();
                return out;
            }
            const size_t count = git_index_entrycount(idx);
            for (; pos < count; ++pos) {
                const git_index_entry* e = git_index_get_byindex(idx, pos);
                std::string_view path(e->path);
                if (!path.starts_with(prefix)) break;
                if (git_index_entry_stage(e) != 0 || is_submodule(e->mode)) continue;
                out.emplace_back(path);
            }
            break;
        }
        case Version::Kind::worktree: {
            // Index against working tree, unmodified entries included: every tracked file still
            // on disk, and every untracked one git does not ignore.
            git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
            opts.flags = GIT_DIFF_INCLUDE_UNMODIFIED | GIT_DIFF_INCLUDE_UNTRACKED |
                         GIT_DIFF_RECURSE_UNTRACKED_DIRS | GIT_DIFF_INCLUDE_TYPECHANGE |
                         GIT_DIFF_SKIP_BINARY_CHECK | GIT_DIFF_DISABLE_PATHSPEC_MATCH;
            opts.ignore_submodules = GIT_SUBMODULE_IGNORE_ALL;
            char* spec = const_cast<char*>(dir.c_str());
            if (!dir.empty()) {
                opts.pathspec.strings = &spec;
                opts.pathspec.count = 1;
            }
            git_diff* raw = nullptr;
            {
                std::lock_guard lock(m_impl->mutex);
                git_index* idx = m_impl->current_index();
                check(git_diff_index_to_workdir(&raw, m_impl->repo.get(), idx, &opts),
                      "cannot list the working tree");
            }
            DiffPtr diff(raw);
            // The path list also matches a file named exactly `dir`, which is not below it.
            const std::string prefix = dir.empty() ? std::string() : dir + "/";
            const size_t n = git_diff_num_deltas(raw);
            for (size_t i = 0; i < n; ++i) {
                const git_diff_delta* d = git_diff_get_delta(raw, i);
                if (d->status == GIT_DELTA_DELETED || d->status == GIT_DELTA_IGNORED) continue;
                if (is_submodule(d->new_file.mode) || d->new_file.mode == GIT_FILEMODE_TREE) continue;
                std::string_view path(d->new_file.path);
                if (path.starts_with(prefix)) out.emplace_back(path);
            }
            break;
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace mig_guard::git
