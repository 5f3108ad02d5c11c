// Child processes, temporary directories and file copies for the server backends.
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/magic.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>
#include <sstream>
#include <thread>

#include "mig_guard/common/diagnostic.hpp"
#include "server_internal.hpp"

extern char** environ;

namespace mig_guard::pg::detail {

namespace fs = std::filesystem;

RunAs unprivileged_user() {
    RunAs who;
    if (geteuid() != 0) return who;
    for (const char* name : {"postgres", "nobody"}) {
        if (const passwd* pw = getpwnam(name)) {
            who.switch_user = true;
            who.uid = pw->pw_uid;
            who.gid = pw->pw_gid;
            who.name = name;
            return who;
        }
    }
    throw EnvironmentError(
        "running as root, and neither user 'postgres' nor 'nobody' exists to run PostgreSQL",
        "create an unprivileged user (useradd postgres), or run mig-guard as a normal user");
}

pid_t spawn(const ChildSpec& spec) {
    // Everything the child needs is prepared before fork: after fork only async-signal-safe
    // calls are allowed (other threads may hold malloc's lock).
    std::vector<char*> argv;
    for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::string log = spec.log.string();
    std::string cwd = spec.cwd.string();
    int log_fd = log.empty() ? -1 : open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (!log.empty() && log_fd < 0)
        throw EnvironmentError("cannot write " + log + ": " + std::strerror(errno));
    if (log_fd >= 0 && spec.run_as.switch_user) [[maybe_unused]]
        auto rc = fchown(log_fd, spec.run_as.uid, spec.run_as.gid);
    int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        int err = errno;
        if (log_fd >= 0) close(log_fd);
        if (null_fd >= 0) close(null_fd);
        throw EnvironmentError(std::string("cannot start ") + spec.argv[0] +
                               ": fork failed: " + std::strerror(err));
    }
    if (pid == 0) {
        // Own process group: a terminal's Ctrl-C reaches mig-guard, which stops the server in
        // order, instead of racing it.
        setpgid(0, 0);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE}) signal(sig, SIG_DFL);
        if (null_fd >= 0) dup2(null_fd, 0);
        if (log_fd >= 0) {
            dup2(log_fd, 1);
            dup2(log_fd, 2);
        }
        if (spec.run_as.switch_user) {
            if (setgroups(0, nullptr) != 0 || setgid(spec.run_as.gid) != 0 || setuid(spec.run_as.uid) != 0)
                _exit(126);
        }
        // After setuid: changing credentials clears the parent-death signal.
        if (spec.die_with_parent == DieWithParent::yes) {
            prctl(PR_SET_PDEATHSIG, SIGQUIT);
            if (getppid() != parent) _exit(125);
        }
        if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(124);
        execve(argv[0], argv.data(), environ);
        _exit(127);
    }
    if (log_fd >= 0) close(log_fd);
    if (null_fd >= 0) close(null_fd);
    return pid;
}

int wait_child(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return -1;
    }
    return status;
}

std::optional<int> try_wait_child(pid_t pid) {
    int status = 0;
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return status;
    if (r < 0 && errno == ECHILD) return 0;
    return std::nullopt;
}

void stop_child(pid_t pid, int sig, std::chrono::milliseconds grace) {
    if (pid <= 0) return;
    kill(pid, sig);
    auto deadline = std::chrono::steady_clock::now() + grace;
    while (std::chrono::steady_clock::now() < deadline) {
        if (try_wait_child(pid)) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    kill(pid, SIGKILL);
    wait_child(pid);
}

std::string run_capture(const std::vector<std::string>& argv, int& status) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        throw EnvironmentError(std::string("pipe failed: ") + std::strerror(errno));
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        if (null_fd >= 0) close(null_fd);
        throw EnvironmentError(std::string("fork failed: ") + std::strerror(errno));
    }
    if (pid == 0) {
        dup2(fds[1], 1);
        if (null_fd >= 0) {
            dup2(null_fd, 0);
            dup2(null_fd, 2);
        }
        // execvp searches PATH; it is not async-signal-safe in theory but is what posix_spawnp does.
        execvp(args[0], args.data());
        _exit(127);
    }
    close(fds[1]);
    if (null_fd >= 0) close(null_fd);
    std::string out;
    char buf[4096];
    for (;;) {
        auto n = read(fds[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    close(fds[0]);
    status = wait_child(pid);
    return out;
}

std::string log_tail(const fs::path& log, size_t max_lines) {
    std::ifstream in(log);
    std::deque<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
        if (lines.size() > max_lines) lines.pop_front();
    }
    std::string out;
    for (const auto& l : lines) out += "\n  " + l;
    return out;
}

void chown_tree(const fs::path& root, uid_t uid, gid_t gid) {
    [[maybe_unused]] int rc = lchown(root.c_str(), uid, gid);
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        rc = lchown(it->path().c_str(), uid, gid);
    }
}

namespace {

void copy_file(const fs::path& from, const fs::path& to, mode_t mode, const std::optional<RunAs>& owner) {
    int in = open(from.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) throw EnvironmentError("cannot read " + from.string() + ": " + std::strerror(errno));
    int out = open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode & 07777);
    if (out < 0) {
        int err = errno;
        close(in);
        throw EnvironmentError("cannot write " + to.string() + ": " + std::strerror(err));
    }
    bool ok = true;
    for (;;) {
        auto n = copy_file_range(in, nullptr, out, nullptr, 1 << 30, 0);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            // Cross-device or unsupported: plain read/write.
            char buf[1 << 16];
            for (;;) {
                auto r = read(in, buf, sizeof buf);
                if (r == 0) break;
                if (r < 0 || write(out, buf, static_cast<size_t>(r)) != r) {
                    ok = false;
                    break;
                }
            }
            break;
        }
    }
    if (owner && owner->switch_user) [[maybe_unused]]
        int rc = fchown(out, owner->uid, owner->gid);
    fchmod(out, mode & 07777);
    close(in);
    close(out);
    if (!ok) throw EnvironmentError("cannot copy " + from.string() + " to " + to.string());
}

}  // namespace

void copy_tree(const fs::path& from, const fs::path& to, const std::optional<RunAs>& owner) {
    struct stat st {};
    if (stat(from.c_str(), &st) != 0)
        throw EnvironmentError("cannot read " + from.string() + ": " + std::strerror(errno));
    if (mkdir(to.c_str(), st.st_mode & 07777) != 0 && errno != EEXIST)
        throw EnvironmentError("cannot create " + to.string() + ": " + std::strerror(errno));
    chmod(to.c_str(), st.st_mode & 07777);
    if (owner && owner->switch_user) [[maybe_unused]]
        int rc = lchown(to.c_str(), owner->uid, owner->gid);
    DIR* dir = opendir(from.c_str());
    if (!dir) throw EnvironmentError("cannot read " + from.string() + ": " + std::strerror(errno));
    std::vector<std::pair<std::string, bool>> entries;
    while (dirent* e = readdir(dir)) {
        std::string name = e->d_name;
        if (name == "." || name == "..") continue;
        entries.emplace_back(name, false);
    }
    closedir(dir);
    for (const auto& [name, unused] : entries) {
        fs::path src = from / name, dst = to / name;
        struct stat s {};
        if (lstat(src.c_str(), &s) != 0) continue;
        if (S_ISDIR(s.st_mode)) {
            copy_tree(src, dst, owner);
        } else if (S_ISREG(s.st_mode)) {
            copy_file(src, dst, s.st_mode, owner);
        } else if (S_ISLNK(s.st_mode)) {
            std::error_code ec;
            fs::copy_symlink(src, dst, ec);
            if (owner && owner->switch_user) [[maybe_unused]]
                int rc = lchown(dst.c_str(), owner->uid, owner->gid);
        }
    }
}

namespace {

// Where ephemeral clusters live: $MG_PG_TMPDIR, else /dev/shm when it is a roomy tmpfs (a
// cluster is ~1,000 files, and creating them on a busy ext4 costs ten times as much as in
// memory), else the system temp directory. A Unix socket path is limited to 107 bytes, so a
// long TMPDIR falls back to /tmp.
std::vector<fs::path> temp_bases() {
    std::vector<fs::path> bases;
    if (const char* forced = std::getenv("MG_PG_TMPDIR"); forced && *forced) {
        bases.emplace_back(forced);
        return bases;
    }
    struct statfs fs_info {};
    struct statvfs vfs {};
    if (statfs("/dev/shm", &fs_info) == 0 && fs_info.f_type == TMPFS_MAGIC &&
        statvfs("/dev/shm", &vfs) == 0 &&
        static_cast<unsigned long long>(vfs.f_bavail) * vfs.f_frsize >= (1ull << 30) &&
        access("/dev/shm", W_OK) == 0)
        bases.emplace_back("/dev/shm");
    std::error_code ec;
    fs::path tmp = fs::temp_directory_path(ec);
    if (ec || tmp.string().size() > 60) tmp = "/tmp";
    bases.push_back(tmp);
    return bases;
}

}  // namespace

fs::path make_temp_dir(const std::string& prefix) {
    fs::path base = temp_bases().front();
    std::string pattern = (base / (prefix + std::to_string(getpid()) + "-XXXXXX")).string();
    if (!mkdtemp(pattern.data()))
        throw EnvironmentError(
            "cannot create a temporary directory in " + base.string() + ": " + std::strerror(errno),
            "free some space or set TMPDIR to a writable directory");
    return pattern;
}

namespace {

constexpr const char* k_owner_lock = ".mig-guard-owner.lock";

// Every place an earlier run may have put its clusters, whatever its environment was: the
// sweep must not depend on this run choosing the same base (/dev/shm filled by leftovers drops
// below the size it is chosen at, MG_PG_TMPDIR comes and goes).
std::vector<fs::path> sweep_bases() {
    std::vector<fs::path> bases = temp_bases();
    for (fs::path extra : {fs::path("/dev/shm"), fs::path("/tmp")}) {
        std::error_code ec;
        if (fs::is_directory(extra, ec) && std::find(bases.begin(), bases.end(), extra) == bases.end())
            bases.push_back(extra);
    }
    if (const char* forced = std::getenv("MG_PG_TMPDIR"); forced && *forced) {
        std::error_code ec;
        fs::path tmp = fs::temp_directory_path(ec);
        if (!ec && tmp.string().size() <= 60 && std::find(bases.begin(), bases.end(), tmp) == bases.end())
            bases.push_back(tmp);
    }
    return bases;
}

// Whether the postmaster that `data`'s postmaster.pid names still runs there. A pid that now
// belongs to another process (its working directory is not `data`: a postmaster runs in its
// data directory) does not count; one that cannot be inspected does, to be safe.
bool postmaster_alive(const fs::path& data) {
    std::ifstream pidfile(data / "postmaster.pid");
    long postmaster = 0;
    if (!(pidfile >> postmaster) || postmaster <= 0) return false;
    if (kill(static_cast<pid_t>(postmaster), 0) != 0 && errno == ESRCH) return false;
    std::error_code ec;
    bool same = fs::equivalent(fs::path("/proc") / std::to_string(postmaster) / "cwd", data, ec);
    return ec || same;
}

}  // namespace

DirOwnerLock::DirOwnerLock(const fs::path& dir) {
    // Locked under a temporary name and then renamed: a sweeper never sees the lock file
    // unlocked while its owner lives.
    fs::path staging = dir / (std::string(k_owner_lock) + ".new");
    m_fd = open(staging.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (m_fd < 0) return;
    if (flock(m_fd, LOCK_EX | LOCK_NB) != 0 || rename(staging.c_str(), (dir / k_owner_lock).c_str()) != 0) {
        close(m_fd);
        m_fd = -1;
    }
}

DirOwnerLock::~DirOwnerLock() { release(); }

void DirOwnerLock::release() {
    if (m_fd >= 0) close(m_fd);
    m_fd = -1;
}

void remove_stale_temp_dirs() {
    for (const auto& base : sweep_bases()) remove_stale_in(base, "mig-guard-pg-");
}

void remove_stale_in(const fs::path& base, const std::string& prefix) {
    std::error_code ec;
    for (auto it = fs::directory_iterator(base, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (name.rfind(prefix, 0) != 0) continue;
        std::error_code st;
        if (!it->is_directory(st) || it->is_symlink(st)) continue;
        auto dash = name.find('-', prefix.size());
        if (dash == std::string::npos) continue;
        pid_t owner = static_cast<pid_t>(std::atol(name.substr(prefix.size(), dash - prefix.size()).c_str()));
        if (owner <= 0 || owner == getpid()) continue;
        // The owner's lock, when it took one, says whether it lives, whatever became of its pid
        // since; held while the directory goes, so that two sweepers do not race.
        int lock = open((it->path() / k_owner_lock).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (lock >= 0) {
            if (flock(lock, LOCK_EX | LOCK_NB) != 0) {
                close(lock);
                continue;
            }
        } else if (errno != ENOENT || kill(owner, 0) == 0 || errno != ESRCH) {
            continue;  // no lock (an earlier version's directory, or one being made): the pid says
        }
        // The owner is gone; its postmaster died with it (PDEATHSIG) unless it still runs.
        if (!postmaster_alive(it->path() / "data")) {
            std::error_code rm;
            fs::remove_all(it->path(), rm);
        }
        if (lock >= 0) close(lock);
    }
}

}  // namespace mig_guard::pg::detail
