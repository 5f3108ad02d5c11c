// What the server backends share: child processes started for mig-guard, the process-wide
// registry of live servers that the signal watcher stops, and the backend constructors.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mig_guard/pg/server.hpp"

namespace mig_guard::pg::detail {

// ---- the registry of live servers (server_registry.cpp) ----

// A cleanup action registered while a server lives: the destructor runs it, and so does the
// signal watcher (SIGINT/SIGTERM/SIGHUP) and std::exit. Whichever comes first runs it, once.
class Cleanup {
public:
    Cleanup() = default;
    explicit Cleanup(std::function<void()> action);
    Cleanup(Cleanup&& other) noexcept;
    Cleanup& operator=(Cleanup&& other) noexcept;
    Cleanup(const Cleanup&) = delete;
    Cleanup& operator=(const Cleanup&) = delete;
    ~Cleanup();
    // Runs the action now unless it already ran.
    void run();

private:
    uint64_t m_id = 0;
};

// ---- child processes (server_process.cpp) ----

// The user a child runs as: root cannot run initdb/postgres, so as root the child drops to
// `postgres` (or `nobody`).
struct RunAs {
    bool switch_user = false;
    uid_t uid = 0;
    gid_t gid = 0;
    std::string name;
};
RunAs unprivileged_user();

enum class DieWithParent : uint8_t { no, yes };

struct ChildSpec {
    std::vector<std::string> argv;  // argv[0] is the program's path
    std::filesystem::path log;      // stdout and stderr go here (appended)
    std::filesystem::path cwd;
    RunAs run_as;
    DieWithParent die_with_parent = DieWithParent::no;
};

// Forks and execs; throws EnvironmentError when fork fails. An exec failure shows as exit 127.
pid_t spawn(const ChildSpec& spec);
// Waits for the child; returns its wait status.
int wait_child(pid_t pid);
// Non-blocking: the wait status when the child has exited.
std::optional<int> try_wait_child(pid_t pid);
// SIGQUIT (PostgreSQL's immediate shutdown), then SIGKILL after `grace`; reaps the child.
void stop_child(pid_t pid, int signal, std::chrono::milliseconds grace);

// Runs a command and returns its stdout; `status` receives the wait status.
std::string run_capture(const std::vector<std::string>& argv, int& status);

// The last lines of a log file, for error messages.
std::string log_tail(const std::filesystem::path& log, size_t max_lines = 12);

// chown -R.
void chown_tree(const std::filesystem::path& root, uid_t uid, gid_t gid);
// cp -a of a directory tree (mode kept; owner set to uid/gid when `owner` is given).
void copy_tree(const std::filesystem::path& from, const std::filesystem::path& to,
               const std::optional<RunAs>& owner);

// A fresh private directory <prefix><pid>-XXXXXX under /dev/shm (a roomy tmpfs) or the
// system temp directory; MG_PG_TMPDIR overrides.
std::filesystem::path make_temp_dir(const std::string& prefix);
// The mark of a live owner in a directory of make_temp_dir: a lock file held (flock) for as
// long as this object lives, released by the kernel however the process ends (SIGKILL
// included), so that a sweeper can tell a dead owner from a live one even when its pid has
// been reused. Best effort: a directory without it is judged by the pid in its name.
class DirOwnerLock {
public:
    explicit DirOwnerLock(const std::filesystem::path& dir);
    ~DirOwnerLock();
    DirOwnerLock(const DirOwnerLock&) = delete;
    DirOwnerLock& operator=(const DirOwnerLock&) = delete;
    void release();

private:
    int m_fd = -1;
};

// Removes mig-guard-pg-<pid>-* directories whose owner is gone (a SIGKILLed mig-guard cannot
// remove its own) and whose postmaster no longer runs, from every base an earlier run may have
// used (/dev/shm, the temp directory, /tmp, MG_PG_TMPDIR). start_server calls it for every
// backend, so that any command that starts a server sweeps.
void remove_stale_temp_dirs();
// Removes the directories <base>/<prefix><pid>-* whose owner is gone: its DirOwnerLock is free,
// or, without one, its pid no longer exists.
void remove_stale_in(const std::filesystem::path& base, const std::string& prefix);

// ---- names and errors (server.cpp) ----

// "mg_<hint>_<pid>_<n>_<rand>", at most 63 bytes, lower-case identifier characters only.
std::string database_name(std::string_view hint);
std::string quote_ident(std::string_view name);
// The help of EnvironmentError when no server can be had.
std::string no_backend_help();
// An EnvironmentError for an extension that CREATE EXTENSION could not find.
[[noreturn]] void throw_missing_extension(const std::string& extension, const std::string& message,
                                          const std::string& install_hint);
// Creates `extensions` in database `conninfo`; throws EnvironmentError (via
// throw_missing_extension) when one is not available. `install_hint(name)` says how to get it.
void create_extensions(const std::string& conninfo, const std::vector<std::string>& extensions,
                       const std::function<std::string(const std::string&)>& install_hint);
// Blocks until PQping says the server accepts connections; false on timeout or when
// `alive()` says the server process is gone.
bool wait_ready(const std::string& conninfo, std::chrono::milliseconds timeout,
                const std::function<bool()>& alive);

// ---- backends ----

// The directory holding initdb and postgres, and its major version.
struct Binaries {
    std::filesystem::path bin_dir;
    int major = 0;
};
// Every binary directory found (MG_PG_BIN_DIR alone when set), newest major first.
std::vector<Binaries> find_binaries();
bool container_engine_available(const std::string& engine);

std::unique_ptr<Server> start_local(const ServerOptions& options, const Binaries& binaries);
std::unique_ptr<Server> start_container(const ServerOptions& options, const std::string& engine);
std::unique_ptr<Server> start_url(const ServerOptions& options);

}  // namespace mig_guard::pg::detail
