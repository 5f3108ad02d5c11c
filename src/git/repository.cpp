#include "mig_guard/git/repository.hpp"

#include <dlfcn.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

#include "git_tree.hpp"
#include "internal.hpp"
#include "mig_guard/common/diagnostic.hpp"

#if MG_GIT_LAZY_CA_BUNDLE
// Debian's libgit2 is built with mbedTLS, whose global init parses the whole system CA
// bundle (~140 PEM certificates, constant-time base64): about 6 ms of CPU in every process,
// which is most of `check`'s 15 ms budget (SPEC 11), for TLS we never use (mig-guard reads
// local repositories only). This definition interposes mbedTLS's loader for libgit2's calls:
// while ensure_library() runs git_libgit2_init() it reports the bundle unreadable, so
// libgit2 starts without a CA chain; at any other time it forwards to the real function, so
// an explicit GIT_OPT_SET_SSL_CERT_LOCATIONS still works. With libgit2 built against
// OpenSSL it is simply never called. Turn off with -DMG_GIT_LAZY_CA_BUNDLE=OFF.
// With the static libgit2 (MG_STATIC_LIBGIT2) the static mbedTLS defines the function too,
// so the link reroutes libgit2's calls here with --wrap instead (src/git/CMakeLists.txt).
namespace {
bool g_in_libgit2_init = false;
constexpr int k_file_io_error = -0x2900;  // MBEDTLS_ERR_X509_FILE_IO_ERROR
}  // namespace

#if MG_GIT_STATIC
extern "C" int __real_mbedtls_x509_crt_parse_file(void* chain, const char* path);

extern "C" int __wrap_mbedtls_x509_crt_parse_file(void* chain, const char* path) {
    if (g_in_libgit2_init) return k_file_io_error;
    return __real_mbedtls_x509_crt_parse_file(chain, path);
}
#else
extern "C" int mbedtls_x509_crt_parse_file(void* chain, const char* path) {
    if (g_in_libgit2_init) return k_file_io_error;
    using Fn = int (*)(void*, const char*);
    static const Fn real = reinterpret_cast<Fn>(dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file"));
    return real != nullptr ? real(chain, path) : k_file_io_error;
}
#endif
#endif

#if MG_GIT_STATIC
// libgit2's init also initialises libssh2 for its SSH transport, and libssh2 initialises
// OpenSSL's libcrypto with all its error strings: ~0.8 ms of every process, for a transport
// mig-guard never uses (it never talks to a remote). The static link reroutes libgit2's call
// here (--wrap, src/git/CMakeLists.txt): during git_libgit2_init it does nothing, and
// libssh2 still initialises itself when a session is created (_libssh2_init_if_needed);
// libssh2_exit at shutdown does nothing when it was never initialised.
namespace {
bool g_in_libgit2_init_ssh = false;
}  // namespace

extern "C" int __real_libssh2_init(int flags);

extern "C" int __wrap_libssh2_init(int flags) {
    if (g_in_libgit2_init_ssh) return 0;
    return __real_libssh2_init(flags);
}
#endif

namespace mig_guard::git {

namespace detail {

std::string last_error(std::string_view fallback) {
    const git_error* e = git_error_last();
    if (e != nullptr && e->message != nullptr && *e->message != '\0') return e->message;
    return std::string(fallback);
}

void check(int rc, std::string_view what) {
    if (rc < 0)
        throw EnvironmentError(std::string(what) + ": " + last_error(),
                               "check the repository with `git status`");
}

std::string oid_hex(const git_oid& id) {
    char buf[GIT_OID_HEXSZ + 1];
    git_oid_tostr(buf, sizeof buf, &id);
    return buf;
}

}  // namespace detail

using namespace detail;

namespace {

// libgit2 keeps global state (allocators, caches, TLS); it is set up once for the whole
// process and torn down at exit, after every Repository is gone.
struct Library {
    Library() {
#if MG_GIT_STATIC
        g_in_libgit2_init_ssh = true;
#endif
#if MG_GIT_LAZY_CA_BUNDLE
        g_in_libgit2_init = true;
        git_libgit2_init();
        g_in_libgit2_init = false;
#else
        git_libgit2_init();
#endif
#if MG_GIT_STATIC
        g_in_libgit2_init_ssh = false;
#endif
        // `check` reads every revision at HEAD and again in the index, nearly all the same
        // blobs: keep small blobs in libgit2's object cache (by default it caches none) so
        // that the second read does not inflate the object again.
        git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB, static_cast<size_t>(64 * 1024));
        // Reading N files of one directory looks its tree up N times; a versions directory of
        // 500 revisions is a ~35 KB tree, above libgit2's default 4 KB limit for cached trees.
        git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, static_cast<size_t>(4 * 1024 * 1024));
    }
    ~Library() {
        git_libgit2_shutdown();
    }
    Library(const Library&) = delete;
    Library& operator=(const Library&) = delete;
};

void ensure_library() {
    static Library library;
}

// "" for a path that is not a file's place in the tree (".", "..", empty), which read()
// answers with nullopt: a ".." must not reach outside the working tree.
std::string normalize_path(std::string_view path) {
    while (path.starts_with("./")) path.remove_prefix(2);
    while (!path.empty() && path.front() == '/') path.remove_prefix(1);
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    if (path == ".") return {};
    const std::string p(path);
    if (p == ".." || p.starts_with("../") || p.ends_with("/..") || p.find("/../") != std::string::npos)
        return {};
    return p;
}

bool is_hex(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    });
}

std::optional<std::string> read_disk_file(const fs::path& full) {
    std::error_code ec;
    if (!fs::is_regular_file(full, ec)) return std::nullopt;
    std::ifstream in(full, std::ios::binary);
    if (!in) throw EnvironmentError("cannot read " + full.string(), "check the file's permissions");
    std::ostringstream out;
    out << in.rdbuf();
    return std::move(out).str();
}

// The commits reachable from `start` (itself included) that the repository holds, in
// breadth-first order. A shallow clone's boundary commits name parents it never fetched; git
// treats them as roots, and so does this walk.
std::vector<git_oid> present_ancestors(git_repository* repo, const git_oid& start) {
    std::vector<git_oid> out{start};
    std::set<std::string> seen{oid_hex(start)};
    for (size_t i = 0; i < out.size(); ++i) {
        git_commit* raw = nullptr;
        if (git_commit_lookup(&raw, repo, &out[i]) < 0) {
            git_error_clear();
            out.erase(out.begin() + static_cast<std::ptrdiff_t>(i--));
            continue;
        }
        CommitPtr commit(raw);
        for (unsigned p = 0; p < git_commit_parentcount(raw); ++p) {
            const git_oid* parent = git_commit_parent_id(raw, p);
            if (parent != nullptr && seen.insert(oid_hex(*parent)).second) out.push_back(*parent);
        }
    }
    return out;
}

// What `git merge-base` answers in a shallow clone, where libgit2 1.5 fails on the missing
// parents of the boundary commits: the common ancestors within the history present that are
// not ancestors of another one, the newest first; nullopt when there is none.
std::optional<git_oid> shallow_merge_base(git_repository* repo, const git_oid& a, const git_oid& b) {
    const std::vector<git_oid> from_a = present_ancestors(repo, a);
    std::set<std::string> in_a;
    for (const auto& id : from_a) in_a.insert(oid_hex(id));
    std::vector<git_oid> common;
    for (const auto& id : present_ancestors(repo, b))
        if (in_a.count(oid_hex(id))) common.push_back(id);
    // Every strict ancestor of a common ancestor is reachable from the parents of one.
    std::set<std::string> redundant;
    for (const auto& id : common) {
        git_commit* raw = nullptr;
        if (git_commit_lookup(&raw, repo, &id) < 0) continue;
        CommitPtr commit(raw);
        for (unsigned p = 0; p < git_commit_parentcount(raw); ++p) {
            const git_oid* parent = git_commit_parent_id(raw, p);
            if (parent == nullptr || redundant.count(oid_hex(*parent))) continue;
            for (const auto& above : present_ancestors(repo, *parent)) redundant.insert(oid_hex(above));
        }
    }
    std::optional<git_oid> best;
    git_time_t best_time = 0;
    for (const auto& id : common) {
        if (redundant.count(oid_hex(id))) continue;
        git_commit* raw = nullptr;
        if (git_commit_lookup(&raw, repo, &id) < 0) continue;
        CommitPtr commit(raw);
        if (!best || git_commit_time(raw) > best_time) best = id, best_time = git_commit_time(raw);
    }
    return best;
}

std::string no_repository_help() {
    return "run mig-guard inside a git working tree, pass -C DIR, or create one with `git init`";
}

// The index git itself would use: a hook run by `git commit -a` or `git commit PATH` sees
// the index about to be committed through GIT_INDEX_FILE, not .git/index. Ignored when
// GIT_DIR names another repository, so that a process started from a hook and pointed at
// another repository does not read the wrong index.
std::optional<fs::path> index_override(git_repository* repo) {
    const char* index_file = std::getenv("GIT_INDEX_FILE");
    if (index_file == nullptr || *index_file == '\0') return std::nullopt;
    std::error_code ec;
    if (const char* git_dir = std::getenv("GIT_DIR"); git_dir != nullptr && *git_dir != '\0') {
        if (!fs::equivalent(fs::path(git_dir), fs::path(git_repository_path(repo)), ec) || ec)
            return std::nullopt;
    }
    return fs::absolute(fs::path(index_file), ec);
}

}  // namespace

void anchor_environment(const fs::path& started_in) {
    for (const char* name : {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"}) {
        const char* value = std::getenv(name);
        if (value == nullptr || *value == '\0' || fs::path(value).is_absolute()) continue;
        std::string absolute = (started_in / value).lexically_normal().string();
        while (absolute.size() > 1 && absolute.back() == '/') absolute.pop_back();
        ::setenv(name, absolute.c_str(), 1);
    }
}

// ---- Version, Identity ----

std::string Version::describe() const {
    switch (kind) {
        case Kind::index:
            return "index";
        case Kind::worktree:
            return "working tree";
        case Kind::commit:
            break;
    }
    const std::string name = label.empty() ? std::string("commit") : label;
    if (commit.empty()) return name + " (no commits yet)";
    if (label.empty()) return commit.substr(0, 7);
    return name + " (" + commit.substr(0, 7) + ")";
}

std::string Identity::str() const {
    if (email.empty()) return name;
    if (name.empty()) return "<" + email + ">";
    return name + " <" + email + ">";
}

// ---- Impl ----

git_tree* Repository::Impl::commit_tree(const std::string& commit) const {
    if (commit.empty()) return nullptr;
    if (auto it = trees.find(commit); it != trees.end()) return it->second.get();
    git_oid id;
    if (git_oid_fromstr(&id, commit.c_str()) < 0)
        throw UsageError("'" + commit + "' is not a commit id", "pass a full 40-character commit id");
    git_commit* c = nullptr;
    if (git_commit_lookup(&c, repo.get(), &id) < 0)
        throw EnvironmentError(
            "cannot read commit " + commit.substr(0, 7) + ": " + last_error(),
            git_repository_is_shallow(repo.get()) == 1
                ? "this is a shallow clone: fetch the full history with `git fetch --unshallow`"
                : "check the repository with `git fsck`");
    CommitPtr owned(c);
    git_tree* t = nullptr;
    check(git_commit_tree(&t, c), "cannot read the tree of commit " + commit.substr(0, 7));
    return trees.emplace(commit, TreePtr(t)).first->second.get();
}

git_index* Repository::Impl::current_index() const {
    auto checked = [](int rc, const std::string& what) {
        if (rc >= 0) return;
        const std::string why = last_error();
        if (why.find("'link'") != std::string::npos) {
            throw EnvironmentError(what + ": " + why + " (a split index, which libgit2 cannot read)",
                                   "turn it off with `git update-index --no-split-index` and "
                                   "`git config core.splitIndex false`");
        }
        throw EnvironmentError(what + ": " + why, "check the repository with `git status`");
    };
    if (!index) {
        git_index* idx = nullptr;
        if (auto path = index_override(repo.get())) {
            checked(git_index_open(&idx, path->c_str()), "cannot open the index " + path->string());
        } else {
            checked(git_repository_index(&idx, repo.get()), "cannot open the index");
        }
        index.reset(idx);
    }
    // Re-reads only when the file changed on disk; never writes it back.
    checked(git_index_read(index.get(), 0), "cannot read the index");
    return index.get();
}

fs::path Repository::Impl::index_file() const {
    if (index_path) return *index_path;
    if (auto path = index_override(repo.get())) return *(index_path = *path);
    git_buf buf = GIT_BUF_INIT;
    check(git_repository_item_path(&buf, repo.get(), GIT_REPOSITORY_ITEM_INDEX), "cannot locate the index");
    index_path = fs::path(std::string(buf.ptr, buf.size));
    git_buf_dispose(&buf);
    return *index_path;
}

std::optional<std::vector<ScannedEntry>> Repository::Impl::index_entries_below(
    const std::string& path) const {
    if (index || path.empty()) return std::nullopt;
    auto snap = index_snapshot();
    if (!snap) return std::nullopt;
    return std::move(snap->select({path}).entries);
}

std::shared_ptr<const IndexSnapshot> Repository::Impl::index_snapshot() const {
    const fs::path file = index_file();
    if (snapshot && snapshot->current(file)) return snapshot;
    snapshot = IndexSnapshot::load(file);
    return snapshot;
}

// ---- Repository ----

Repository::Repository(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Repository::Repository(Repository&&) noexcept = default;
Repository& Repository::operator=(Repository&&) noexcept = default;
Repository::~Repository() = default;

std::unique_ptr<Repository::Impl> Repository::Impl::open(const fs::path& start, Missing missing) {
    ensure_library();
    std::error_code ec;
    fs::path from = fs::absolute(start, ec);
    if (ec) from = start;
    // libgit2 searches from a directory; a file names the directory holding it.
    if (fs::exists(from, ec) && !fs::is_directory(from, ec)) from = from.parent_path();

    git_repository* raw = nullptr;
    const int rc = git_repository_open_ext(&raw, from.c_str(), 0, nullptr);
    RepoPtr repo(raw);
    if (rc == GIT_ENOTFOUND) {
        if (missing == Missing::return_nullopt) return nullptr;
        throw EnvironmentError(start.string() + " is not inside a git repository", no_repository_help());
    }
    if (rc == GIT_EOWNER) {
        throw EnvironmentError("git refuses the repository at " + start.string() + ": " + last_error(),
                               "if you trust it, run `git config --global --add safe.directory <path>`");
    }
    if (rc < 0) {
        throw EnvironmentError("cannot open the git repository at " + start.string() + ": " + last_error(),
                               "check it with `git status`");
    }
    const char* workdir = git_repository_workdir(repo.get());
    if (git_repository_is_bare(repo.get()) == 1 || workdir == nullptr) {
        if (missing == Missing::return_nullopt) return nullptr;
        throw EnvironmentError(start.string() + " is inside a bare git repository, which has no working tree",
                               "run mig-guard in a clone or worktree of it, or pass -C DIR");
    }
    auto impl = std::make_unique<Impl>();
    impl->repo = std::move(repo);
    std::string top = workdir;
    while (top.size() > 1 && top.back() == '/') top.pop_back();
    impl->workdir = fs::path(top);
    return impl;
}

Repository Repository::discover(const fs::path& start) {
    return Repository(Impl::open(start, Impl::Missing::throw_error));
}

std::optional<Repository> Repository::try_discover(const fs::path& start) {
    auto impl = Impl::open(start, Impl::Missing::return_nullopt);
    if (!impl) return std::nullopt;
    return Repository(std::move(impl));
}

const fs::path& Repository::workdir() const {
    return m_impl->workdir;
}

bool Repository::is_shallow() const {
    return git_repository_is_shallow(m_impl->repo.get()) == 1;
}

bool Repository::head_unborn() const {
    return git_repository_head_unborn(m_impl->repo.get()) == 1;
}

Version Repository::head() const {
    git_reference* ref = nullptr;
    const int rc = git_repository_head(&ref, m_impl->repo.get());
    ReferencePtr owned(ref);
    if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND) return {Version::Kind::commit, {}, "HEAD"};
    check(rc, "cannot read HEAD");
    git_object* obj = nullptr;
    check(git_reference_peel(&obj, ref, GIT_OBJECT_COMMIT), "HEAD does not point to a commit");
    ObjectPtr commit(obj);
    return {Version::Kind::commit, oid_hex(*git_object_id(obj)), "HEAD"};
}

Version Repository::resolve(std::string_view spec) const {
    const std::string s(spec);
    git_repository* repo = m_impl->repo.get();
    if (s.empty())
        throw UsageError("an empty revision was given", "name a branch, tag or commit, e.g. `origin/main`");
    git_object* obj = nullptr;
    const int rc = git_revparse_single(&obj, repo, s.c_str());
    ObjectPtr owned(obj);
    if (rc < 0) {
        const std::string why = last_error("not found");
        if (is_shallow()) {
            // History a shallow clone cut off looks like a missing object: an ancestor
            // (HEAD~3, main^), a commit id, or a ref whose commit was not fetched.
            git_reference* ref = nullptr;
            const bool names_ref = git_reference_dwim(&ref, repo, s.c_str()) == 0;
            git_reference_free(ref);
            const bool looks_like_history =
                s.find_first_of("~^@") != std::string::npos || (is_hex(s) && s.size() >= 4) || names_ref;
            if (looks_like_history) {
                throw EnvironmentError(
                    "revision '" + s + "' is not in this shallow clone's history (" + why + ")",
                    "fetch the full history: `git fetch --unshallow` (GitHub Actions: "
                    "`fetch-depth: 0` in actions/checkout; GitLab: `GIT_DEPTH: 0`)");
            }
        }
        std::string help = "check the spelling";
        if (auto slash = s.find('/'); slash != std::string::npos && slash > 0 && slash + 1 < s.size()) {
            help += ", or fetch it: `git fetch " + s.substr(0, slash) + " " + s.substr(slash + 1) + "`";
        } else if (s.find_first_of("~^@:") == std::string::npos && !is_hex(s)) {
            help += ", or fetch it: `git fetch origin " + s + "`";
        }
        throw UsageError("unknown revision '" + s + "' (" + why + ")", help);
    }
    git_object* peeled = nullptr;
    if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
        throw UsageError("revision '" + s + "' does not name a commit (it is a " +
                             git_object_type2string(git_object_type(obj)) + ")",
                         "name a branch, tag or commit");
    }
    ObjectPtr commit(peeled);
    return {Version::Kind::commit, oid_hex(*git_object_id(peeled)), s};
}

std::optional<std::string> Repository::default_base() const {
    git_repository* repo = m_impl->repo.get();
    auto exists = [&](const std::string& name) {
        git_reference* ref = nullptr;
        const bool found = git_reference_lookup(&ref, repo, name.c_str()) == 0;
        git_reference_free(ref);
        if (!found) git_error_clear();
        return found;
    };
    constexpr std::string_view k_remotes = "refs/remotes/";
    git_reference* head = nullptr;
    if (git_reference_lookup(&head, repo, "refs/remotes/origin/HEAD") == 0) {
        ReferencePtr owned(head);
        const char* target = git_reference_symbolic_target(head);
        if (target != nullptr && std::string_view(target).starts_with(k_remotes) && exists(target))
            return std::string(std::string_view(target).substr(k_remotes.size()));
    }
    git_error_clear();
    for (const char* name : {"refs/remotes/origin/main", "refs/heads/main", "refs/remotes/origin/master", "refs/heads/master"}) {
        if (!exists(name)) continue;
        std::string_view n(name);
        return std::string(n.starts_with(k_remotes) ? n.substr(k_remotes.size()) : n.substr(std::string_view("refs/heads/").size()));
    }
    return std::nullopt;
}

Version Repository::merge_base(const Version& a, const Version& b) const {
    std::string label = "merge base of " + a.label;
    if (b.label != "HEAD") label += " and " + b.label;
    for (const Version* v : {&a, &b}) {
        if (v->kind != Version::Kind::commit)
            throw UsageError("cannot compute a merge base with the " + v->describe(), "name two commits");
    }
    if (a.commit.empty() || b.commit.empty()) {
        throw EnvironmentError(a.describe() + " and " + b.describe() + " have no common history",
                               "make a first commit, or compare with a commit that shares history");
    }
    git_oid ia;
    git_oid ib;
    git_oid out;
    check(git_oid_fromstr(&ia, a.commit.c_str()), "bad commit id " + a.commit);
    check(git_oid_fromstr(&ib, b.commit.c_str()), "bad commit id " + b.commit);
    // A shallow clone is walked over the history it has, never through git_merge_base: libgit2
    // 1.5.1's paint_down_to_common leaks its commit lists and queue when a parent was not fetched
    // (tests/sanitizers/lsan.supp), and fails where `git merge-base` answers.
    if (is_shallow()) {
        if (auto found = shallow_merge_base(m_impl->repo.get(), ia, ib)) return {Version::Kind::commit, oid_hex(*found), label};
        throw EnvironmentError("no merge base of " + a.describe() + " and " + b.describe() +
                                   " in this shallow clone's history",
                               "fetch the full history: `git fetch --unshallow` (GitHub Actions: "
                               "`fetch-depth: 0` in actions/checkout; GitLab: `GIT_DEPTH: 0`)");
    }
    const int rc = git_merge_base(&out, m_impl->repo.get(), &ia, &ib);
    if (rc < 0) {
        const std::string why = last_error("no merge base");
        if (rc == GIT_ENOTFOUND) {
            throw EnvironmentError(a.describe() + " and " + b.describe() + " have no common history",
                                   "compare branches that share history, e.g. `--base origin/main`");
        }
        throw EnvironmentError(
            "cannot compute the merge base of " + a.describe() + " and " + b.describe() + ": " + why,
            "check the repository with `git fsck`");
    }
    return {Version::Kind::commit, oid_hex(out), label};
}

std::optional<std::string> Repository::read(const Version& version, std::string_view path) const {
    const std::string p = normalize_path(path);
    if (p.empty()) return std::nullopt;
    switch (version.kind) {
        case Version::Kind::worktree:
            return read_disk_file(m_impl->workdir / fs::path(p));
        case Version::Kind::index: {
            std::lock_guard lock(m_impl->mutex);
            if (auto entries = m_impl->index_entries_below(p)) {
                auto found = std::find_if(entries->begin(), entries->end(),
                                          [&](const ScannedEntry& s) { return s.path == p && s.stage == 0; });
                if (found == entries->end() || (found->mode & 0170000) == GIT_FILEMODE_COMMIT)
                    return std::nullopt;
                const ScannedEntry* e = &*found;
                if (e->intent_to_add) return std::string();  // staged as "will add", no content yet
                git_blob* blob = nullptr;
                check(git_blob_lookup(&blob, m_impl->repo.get(), &e->id),
                      "cannot read " + p + " from the index");
                BlobPtr owned(blob);
                return std::string(static_cast<const char*>(git_blob_rawcontent(blob)),
                                   git_blob_rawsize(blob));
            }
            git_index* idx = m_impl->current_index();
            const git_index_entry* e = git_index_get_bypath(idx, p.c_str(), 0);
            if (e == nullptr || (e->mode & 0170000) == GIT_FILEMODE_COMMIT) return std::nullopt;
            git_blob* blob = nullptr;
            check(git_blob_lookup(&blob, m_impl->repo.get(), &e->id), "cannot read " + p + " from the index");
            BlobPtr owned(blob);
            return std::string(static_cast<const char*>(git_blob_rawcontent(blob)), git_blob_rawsize(blob));
        }
        case Version::Kind::commit: {
            std::lock_guard lock(m_impl->mutex);
            git_tree* tree = m_impl->commit_tree(version.commit);
            if (tree == nullptr) return std::nullopt;
            git_tree_entry* entry = nullptr;
            const int rc = git_tree_entry_bypath(&entry, tree, p.c_str());
            TreeEntryPtr owned_entry(entry);
            if (rc == GIT_ENOTFOUND) return std::nullopt;
            check(rc, "cannot look up " + p + " in " + version.describe());
            if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return std::nullopt;
            git_blob* blob = nullptr;
            check(git_blob_lookup(&blob, m_impl->repo.get(), git_tree_entry_id(entry)),
                  "cannot read " + p + " from " + version.describe());
            BlobPtr owned(blob);
            return std::string(static_cast<const char*>(git_blob_rawcontent(blob)), git_blob_rawsize(blob));
        }
    }
    return std::nullopt;
}

std::unique_ptr<FileTree> Repository::tree(const Version& version) const {
    return std::make_unique<GitTree>(*this, version);
}

fs::path Repository::hooks_dir() const {
    git_config* raw = nullptr;
    check(git_repository_config_snapshot(&raw, m_impl->repo.get()), "cannot read git configuration");
    ConfigPtr cfg(raw);
    git_buf buf = GIT_BUF_INIT;
    if (git_config_get_path(&buf, cfg.get(), "core.hooksPath") == 0) {
        fs::path p(std::string(buf.ptr, buf.size));
        git_buf_dispose(&buf);
        // git runs hooks from the top of the working tree, so a relative hooksPath is relative to it.
        if (p.is_relative()) p = m_impl->workdir / p;
        return p.lexically_normal();
    }
    git_error_clear();
    check(git_repository_item_path(&buf, m_impl->repo.get(), GIT_REPOSITORY_ITEM_HOOKS),
          "cannot locate the hooks directory");
    std::string dir(buf.ptr, buf.size);
    git_buf_dispose(&buf);
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    return fs::path(dir);
}

Identity Repository::identity() const {
    git_config* raw = nullptr;
    check(git_repository_config_snapshot(&raw, m_impl->repo.get()), "cannot read git configuration");
    ConfigPtr cfg(raw);
    auto get = [&](const char* key) -> std::string {
        const char* value = nullptr;
        if (git_config_get_string(&value, cfg.get(), key) < 0) {
            git_error_clear();
            return {};
        }
        return value;
    };
    return {get("user.name"), get("user.email")};
}

}  // namespace mig_guard::git
