// Paths changed between two versions. The pre-commit fast path: with prefixes, libgit2's
// iterators are given an exact path list (GIT_DIFF_DISABLE_PATHSPEC_MATCH), which both gives
// the prefix semantics we want ("a/b" matches the file a/b and everything below the
// directory a/b, never a/bc) and lets the tree and working-directory iterators skip every
// directory outside the prefixes instead of reading or stat-ing the whole repository.
#include <sys/stat.h>

#include <algorithm>
#include <set>

#include "index_scan.hpp"
#include "internal.hpp"
#include "mig_guard/common/diagnostic.hpp"

namespace mig_guard::git {

using namespace detail;

namespace {

enum class Direction : uint8_t { forward, reversed };

std::string normalize_prefix(std::string_view p) {
    while (p.starts_with("./")) p.remove_prefix(2);
    while (!p.empty() && p.front() == '/') p.remove_prefix(1);
    while (!p.empty() && p.back() == '/') p.remove_suffix(1);
    if (p == ".") return {};
    return std::string(p);
}

std::optional<ChangedPath> to_changed(const git_diff_delta& d, Direction dir) {
    ChangedPath c;
    const char* old_path = d.old_file.path;
    const char* new_path = d.new_file.path;
    git_delta_t status = d.status;
    if (dir == Direction::reversed) {
        std::swap(old_path, new_path);
        if (status == GIT_DELTA_ADDED || status == GIT_DELTA_UNTRACKED)
            status = GIT_DELTA_DELETED;
        else if (status == GIT_DELTA_DELETED)
            status = GIT_DELTA_ADDED;
    }
    switch (status) {
        case GIT_DELTA_ADDED:
        case GIT_DELTA_UNTRACKED:
        case GIT_DELTA_COPIED:
            c.kind = ChangeKind::added;
            break;
        case GIT_DELTA_DELETED:
            c.kind = ChangeKind::deleted;
            break;
        case GIT_DELTA_MODIFIED:
        case GIT_DELTA_CONFLICTED:
        case GIT_DELTA_UNREADABLE:
            c.kind = ChangeKind::modified;
            break;
        case GIT_DELTA_RENAMED:
            c.kind = ChangeKind::renamed;
            break;
        case GIT_DELTA_TYPECHANGE:
            c.kind = ChangeKind::type_changed;
            break;
        case GIT_DELTA_UNMODIFIED:
        case GIT_DELTA_IGNORED:
            return std::nullopt;
    }
    if (c.kind == ChangeKind::deleted) {
        c.path = old_path;
        c.old_path = old_path;
    } else {
        c.path = new_path;
        c.old_path = c.kind == ChangeKind::added ? new_path : old_path;
    }
    return c;
}

struct TreeWalk {
    std::string base;
    std::vector<ScannedEntry>* out;
    const std::function<bool(std::string_view)>* filter = nullptr;
};

int collect_entry(const char* root, const git_tree_entry* entry, void* payload) {
    const git_object_t type = git_tree_entry_type(entry);
    if (type != GIT_OBJECT_BLOB && type != GIT_OBJECT_COMMIT) return 0;
    auto* walk = static_cast<TreeWalk*>(payload);
    ScannedEntry s;
    s.path = walk->base + root + git_tree_entry_name(entry);
    if (walk->filter && !(*walk->filter)(s.path)) return 0;
    s.mode = static_cast<uint32_t>(git_tree_entry_filemode(entry));
    git_oid_cpy(&s.id, git_tree_entry_id(entry));
    walk->out->push_back(std::move(s));
    return 0;
}

// The directories the index's cache-tree extension says hold exactly a given tree.
class ValidTrees {
public:
    explicit ValidTrees(const std::vector<CachedTree>* trees) : m_trees(trees) {}
    // True when the index's entries below `dir` ("" = all) are those of the tree `id`.
    bool same(std::string_view dir, const git_oid* id) const {
        if (m_trees == nullptr) return false;
        auto it = std::lower_bound(m_sorted().begin(), m_sorted().end(), dir,
                                   [](const CachedTree* t, std::string_view key) { return t->path < key; });
        return it != m_sorted().end() && (*it)->path == dir && git_oid_equal(&(*it)->id, id) != 0;
    }

private:
    const std::vector<const CachedTree*>& m_sorted() const {
        if (!m_index) {
            m_index.emplace();
            for (const CachedTree& t : *m_trees) m_index->push_back(&t);
            std::sort(m_index->begin(), m_index->end(),
                      [](const CachedTree* a, const CachedTree* b) { return a->path < b->path; });
        }
        return *m_index;
    }
    const std::vector<CachedTree>* m_trees;
    mutable std::optional<std::vector<const CachedTree*>> m_index;
};

// Walks `tree` (at `dir`, "" = the root) like git_tree_walk, collecting blobs and submodules
// that pass `filter` (nullptr = all), but without reading a subtree that `valid` says the
// index holds unchanged: such directories go to `skipped` instead. False on a read error.
bool walk_tree(git_repository* repo, const git_tree* tree, const std::string& dir,
               const std::function<bool(std::string_view)>* filter, const ValidTrees& valid,
               std::vector<ScannedEntry>& out, std::vector<std::string>& skipped) {
    const size_t n = git_tree_entrycount(tree);
    std::string path;
    for (size_t i = 0; i < n; ++i) {
        const git_tree_entry* entry = git_tree_entry_byindex(tree, i);
        path.assign(dir);
        if (!path.empty()) path += '/';
        path += git_tree_entry_name(entry);
        const git_object_t type = git_tree_entry_type(entry);
        if (type == GIT_OBJECT_TREE) {
            if (valid.same(path, git_tree_entry_id(entry))) {
                skipped.push_back(path);
                continue;
            }
            git_tree* sub = nullptr;
            if (git_tree_lookup(&sub, repo, git_tree_entry_id(entry)) < 0) return false;
            TreePtr owned(sub);
            if (!walk_tree(repo, sub, path, filter, valid, out, skipped)) return false;
        } else if (type == GIT_OBJECT_BLOB || type == GIT_OBJECT_COMMIT) {
            if (filter != nullptr && !(*filter)(path)) continue;
            ScannedEntry& s = out.emplace_back();
            s.path = path;
            s.mode = static_cast<uint32_t>(git_tree_entry_filemode(entry));
            git_oid_cpy(&s.id, git_tree_entry_id(entry));
        }
    }
    return true;
}

// The blobs and submodules at or below `prefixes` (none = everything) in `root` (nullptr =
// the empty tree) that pass `filter` (nullptr = all), sorted by path; directories `valid`
// vouches for are listed in `skipped` instead of read. Throws on a read error.
std::vector<ScannedEntry> tree_entries(git_repository* repo, git_tree* root,
                                       const std::vector<std::string>& prefixes,
                                       const std::function<bool(std::string_view)>* filter,
                                       const ValidTrees& valid, std::vector<std::string>& skipped) {
    std::vector<ScannedEntry> out;
    if (root == nullptr) return out;
    if (prefixes.empty()) {
        if (valid.same("", git_tree_id(root)))
            skipped.emplace_back();
        else
            check(walk_tree(repo, root, {}, filter, valid, out, skipped) ? 0 : -1, "cannot list the files");
    }
    for (const std::string& prefix : prefixes) {
        git_tree_entry* raw = nullptr;
        const int rc = git_tree_entry_bypath(&raw, root, prefix.c_str());
        TreeEntryPtr entry(raw);
        if (rc == GIT_ENOTFOUND) {
            git_error_clear();
            continue;
        }
        check(rc, "cannot look up " + prefix);
        if (git_tree_entry_type(raw) == GIT_OBJECT_TREE) {
            if (valid.same(prefix, git_tree_entry_id(raw))) {
                skipped.push_back(prefix);
                continue;
            }
            git_tree* sub = nullptr;
            check(git_tree_lookup(&sub, repo, git_tree_entry_id(raw)), "cannot read " + prefix);
            TreePtr owned(sub);
            check(walk_tree(repo, sub, prefix, filter, valid, out, skipped) ? 0 : -1,
                  "cannot list " + prefix);
        } else {
            TreeWalk walk{{}, &out, filter};
            const size_t before = out.size();
            collect_entry("", raw, &walk);
            if (out.size() > before) out.back().path = prefix;
        }
    }
    std::sort(out.begin(), out.end(),
              [](const ScannedEntry& a, const ScannedEntry& b) { return a.path < b.path; });
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

// Drops the index entries below `skipped` directories, where the index holds exactly the
// tree's entries. Entries that are not plain (conflicts, intent-to-add) stay, so that they
// still count as differences (git invalidates their directories anyway).
void drop_skipped(std::vector<ScannedEntry>& entries, const std::vector<std::string>& skipped) {
    if (skipped.empty()) return;
    std::set<std::string_view> dirs(skipped.begin(), skipped.end());
    auto below_skipped = [&](const ScannedEntry& e) {
        if (!e.plain) return false;
        if (dirs.contains(std::string_view())) return true;
        const std::string_view p = e.path;
        for (size_t slash = p.find('/'); slash != std::string_view::npos; slash = p.find('/', slash + 1))
            if (dirs.contains(p.substr(0, slash))) return true;
        return false;
    };
    std::erase_if(entries, below_skipped);
}

}  // namespace

// Decided without loading the index into libgit2: same paths, modes and blob ids. False
// means "maybe changed", and the caller runs the real diff. Directories whose cache-tree
// entry in the index names the same tree as `tree` are not read on either side: on a large
// repository where one file was staged, that leaves the few directories above it.
bool Repository::Impl::filtered_index_matches_tree(git_tree* tree, const std::vector<std::string>& prefixes,
                                                   const std::function<bool(std::string_view)>& filter) const {
    auto snap = index_snapshot();
    if (!snap) return false;
    ScannedIndex scanned = snap->select(prefixes, &filter);
    auto& entries = scanned.entries;
    entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
    std::vector<std::string> skipped;
    const ValidTrees valid(&snap->cached_trees());
    std::vector<ScannedEntry> in_tree;
    if (tree != nullptr) {
        in_tree = tree_entries(repo.get(), tree, prefixes, &filter, valid, skipped);
        drop_skipped(entries, skipped);
    }
    return entries == in_tree;
}

bool Repository::Impl::index_matches_tree(git_tree* tree, const std::vector<std::string>& prefixes) const {
    auto snap = index_snapshot();
    if (!snap) return false;
    ScannedIndex scanned = snap->select(prefixes);
    auto& entries = scanned.entries;
    entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
    std::vector<std::string> skipped;
    const ValidTrees valid(&snap->cached_trees());
    std::vector<ScannedEntry> in_tree = tree_entries(repo.get(), tree, prefixes, nullptr, valid, skipped);
    drop_skipped(entries, skipped);
    return entries == in_tree;
}

namespace {

// git's own "is this file unchanged since it was staged" test, made stricter where that is
// cheaper (any doubt only means the real diff runs).
bool stat_clean(const ScannedEntry& e, const struct stat& st, const ScannedIndex& index) {
    const uint32_t type = e.mode & 0170000;
    if (type == 0100000) {
        if (!S_ISREG(st.st_mode) || ((st.st_mode & 0100) != 0) != ((e.mode & 0100) != 0)) return false;
    } else if (type == 0120000) {
        if (!S_ISLNK(st.st_mode)) return false;
    } else {
        return false;  // submodules and anything else: let libgit2 decide
    }
    if (e.size != static_cast<uint32_t>(st.st_size) || e.ino != static_cast<uint32_t>(st.st_ino))
        return false;
    if (e.mtime_s != static_cast<uint32_t>(st.st_mtim.tv_sec) ||
        e.mtime_ns != static_cast<uint32_t>(st.st_mtim.tv_nsec))
        return false;
    if (e.ctime_s != static_cast<uint32_t>(st.st_ctim.tv_sec) ||
        e.ctime_ns != static_cast<uint32_t>(st.st_ctim.tv_nsec))
        return false;
    // Racy: written in the same instant as the index, so a later edit could keep this stat data.
    const int64_t ms = e.mtime_s;
    const int64_t mns = e.mtime_ns;
    return ms < index.mtime_s || (ms == index.mtime_s && mns < index.mtime_ns);
}

}  // namespace

bool Repository::Impl::worktree_matches_tree(git_tree* tree, const std::vector<std::string>& prefixes) const {
    auto snap = index_snapshot();
    if (!snap) return false;
    std::optional<ScannedIndex> scanned = snap->select(prefixes);
    auto& entries = scanned->entries;
    entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
    // Every entry's stat data is checked below, so no directory is skipped here.
    std::vector<std::string> skipped;
    if (entries != tree_entries(repo.get(), tree, prefixes, nullptr, ValidTrees(nullptr), skipped))
        return false;

    std::set<std::string, std::less<>> tracked;
    for (const ScannedEntry& e : entries) {
        struct stat st {};
        if (::lstat((workdir / e.path).c_str(), &st) != 0 || !stat_clean(e, st, *scanned)) return false;
        tracked.insert(e.path);
    }
    // Untracked files below the prefixes: fine only when git ignores them (__pycache__).
    auto ignored = [&](const std::string& rel) {
        int is = 0;
        return git_ignore_path_is_ignored(&is, repo.get(), rel.c_str()) == 0 && is == 1;
    };
    for (const std::string& prefix : prefixes) {
        const fs::path top = workdir / prefix;
        std::error_code ec;
        const fs::file_status status = fs::symlink_status(top, ec);
        if (ec || status.type() == fs::file_type::not_found) continue;
        if (status.type() != fs::file_type::directory) {
            if (!tracked.contains(prefix) && !ignored(prefix)) return false;
            continue;
        }
        fs::recursive_directory_iterator it(top, ec);
        if (ec) return false;
        for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) return false;
            const std::string rel = prefix + "/" + it->path().lexically_relative(top).generic_string();
            const fs::file_type type = it->symlink_status(ec).type();
            if (ec) return false;
            if (type == fs::file_type::directory) {
                if (it->path().filename() == ".git") return false;  // a nested repository
                if (ignored(rel + "/")) it.disable_recursion_pending();
                continue;
            }
            if (!tracked.contains(rel) && !ignored(rel)) return false;
        }
        if (ec) return false;
    }
    return true;
}

std::vector<ChangedPath> Repository::changed(const Version& from, const Version& to,
                                             const std::vector<std::string>& prefixes, const PathFilter& filter) const {
    using Kind = Version::Kind;
    if (from.kind == Kind::commit && to.kind == Kind::index) {
        std::vector<std::string> specs;
        for (const std::string& p : prefixes) {
            std::string n = normalize_prefix(p);
            if (n.empty()) {
                specs.clear();
                break;
            }
            specs.push_back(std::move(n));
        }
        std::lock_guard lock(m_impl->mutex);
        if (m_impl->filtered_index_matches_tree(m_impl->commit_tree(from.commit), specs, filter)) return {};
    }
    std::vector<ChangedPath> all = changed(from, to, prefixes);
    std::erase_if(all, [&](const ChangedPath& c) { return !filter(c.path) && !filter(c.old_path); });
    return all;
}

std::vector<ChangedPath> Repository::changed(const Version& from, const Version& to,
                                             const std::vector<std::string>& prefixes) const {
    using Kind = Version::Kind;
    std::vector<ChangedPath> out;
    if (from.kind == to.kind && from.kind != Kind::commit) return out;
    if (from.kind == Kind::commit && to.kind == Kind::commit && from.commit == to.commit) return out;

    // Put the commit (or the index) on the left, as libgit2's diff functions want, and
    // swap the result back when the caller asked the other way round.
    const bool swap = (to.kind == Kind::commit && from.kind != Kind::commit) ||
                      (from.kind == Kind::worktree && to.kind == Kind::index);
    const Version& left = swap ? to : from;
    const Version& right = swap ? from : to;
    const Direction direction = swap ? Direction::reversed : Direction::forward;

    std::vector<std::string> specs;
    bool everything = prefixes.empty();
    for (const std::string& p : prefixes) {
        std::string n = normalize_prefix(p);
        if (n.empty()) everything = true;
        specs.push_back(std::move(n));
    }
    std::vector<char*> spec_ptrs;
    git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
    opts.flags = GIT_DIFF_INCLUDE_TYPECHANGE | GIT_DIFF_SKIP_BINARY_CHECK;
    opts.ignore_submodules = GIT_SUBMODULE_IGNORE_ALL;
    if (!everything) {
        for (std::string& s : specs) spec_ptrs.push_back(s.data());
        opts.pathspec.strings = spec_ptrs.data();
        opts.pathspec.count = spec_ptrs.size();
        opts.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH;
    }
    if (right.kind == Kind::worktree)
        opts.flags |= GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;

    git_repository* repo = m_impl->repo.get();
    git_diff* raw = nullptr;
    {
        std::lock_guard lock(m_impl->mutex);
        if (!everything && left.kind == Kind::commit && right.kind == Kind::index &&
            m_impl->index_matches_tree(m_impl->commit_tree(left.commit), specs))
            return out;
        if (!everything && left.kind == Kind::commit && right.kind == Kind::worktree &&
            m_impl->worktree_matches_tree(m_impl->commit_tree(left.commit), specs))
            return out;
        const std::string what = "cannot compare " + from.describe() + " with " + to.describe();
        if (left.kind == Kind::commit) {
            git_tree* left_tree = m_impl->commit_tree(left.commit);
            switch (right.kind) {
                case Kind::commit:
                    check(git_diff_tree_to_tree(&raw, repo, left_tree, m_impl->commit_tree(right.commit),
                                                &opts),
                          what);
                    break;
                case Kind::index:
                    check(git_diff_tree_to_index(&raw, repo, left_tree, m_impl->current_index(), &opts),
                          what);
                    break;
                case Kind::worktree:
                    // Read through the repository's own index: it is only the stat cache here.
                    check(git_diff_tree_to_workdir_with_index(&raw, repo, left_tree, &opts), what);
                    break;
            }
        } else {
            check(git_diff_index_to_workdir(&raw, repo, m_impl->current_index(), &opts), what);
        }
    }
    DiffPtr diff(raw);

    if (left.kind != Kind::worktree && right.kind != Kind::worktree) {
        // Like `git diff -M`: 50% similarity. Only added/deleted pairs inside the prefixes
        // are candidates, so a file moved into the prefixes from outside shows as added.
        git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
        find.flags = GIT_DIFF_FIND_RENAMES;
        find.rename_threshold = 50;
        check(git_diff_find_similar(raw, &find), "cannot detect renames");
    }

    const size_t n = git_diff_num_deltas(raw);
    out.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        const git_diff_delta* d = git_diff_get_delta(raw, i);
        if ((d->old_file.mode & 0170000) == GIT_FILEMODE_COMMIT ||
            (d->new_file.mode & 0170000) == GIT_FILEMODE_COMMIT)
            continue;
        if (auto c = to_changed(*d, direction)) out.push_back(std::move(*c));
    }
    std::sort(out.begin(), out.end(), [](const ChangedPath& a, const ChangedPath& b) {
        return a.path != b.path ? a.path < b.path : a.old_path < b.old_path;
    });
    return out;
}

}  // namespace mig_guard::git
