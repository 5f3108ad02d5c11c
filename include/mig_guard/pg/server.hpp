// PostgreSQL servers mig-guard can use (SPEC section 6): an ephemeral local cluster (initdb +
// postgres from the machine's binaries, Unix socket only, fsync off, a cached initialized
// template so later starts are fast), a throwaway docker/podman container, or scratch
// databases in a server given by URL.
//
// Everything started is stopped and removed on every exit path: the destructor, an exception,
// and SIGINT/SIGTERM/SIGHUP (a handler stops every live server, then re-raises the signal).
//
// Signals: the first server installs handlers for SIGINT, SIGTERM and SIGHUP (not for one that
// is ignored, as nohup's SIGHUP) that only write the signal number to a pipe; a watcher
// thread reads it, stops every live server (SIGQUIT to a postmaster, `docker rm -f`, DROP
// DATABASE of url scratch databases), removes their directories, then restores the default
// disposition and re-raises, so the process ends killed by that signal. std::exit also
// stops live servers (atexit). A SIGKILL cannot be caught: the postmaster is started with
// PR_SET_PDEATHSIG, so it dies too, and the temporary directory it leaves is removed by the
// next start. PR_SET_PDEATHSIG follows the *thread* that started the server: start servers
// from a thread that outlives them (the main thread).
//
// Local clusters live in /dev/shm when it is a tmpfs with 1 GB free, else in the system
// temp directory (MG_PG_TMPDIR overrides); MG_PG_BIN_DIR names the only directory searched
// for initdb and postgres.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mig_guard::pg {

enum class Backend : uint8_t { auto_, local, docker, podman, url };

// "auto", "local", ...; parse throws UsageError naming the accepted values.
Backend parse_backend(std::string_view text);
const char* backend_name(Backend backend);

struct ServerOptions {
    Backend backend = Backend::auto_;
    std::string version = "16";            // major version wanted (image tag; a local cluster of another major is a warning)
    std::string image = "postgres:16";     // docker/podman
    std::string url;                       // Backend::url: a libpq URL of a server where databases may be created
    std::vector<std::string> extensions;   // created in every fresh database
    // Where the initialized template cluster is kept; empty: $XDG_CACHE_HOME/mig-guard, else
    // ~/.cache/mig-guard.
    std::filesystem::path cache_dir;
    bool verbose = false;                  // say what is being started, and how long it took
};

class Server {
public:
    virtual ~Server() = default;
    // A libpq connection string for `database` on this server.
    virtual std::string conninfo(std::string_view database) const = 0;
    // Creates a new empty database (with the configured extensions) and returns its name;
    // `hint` becomes part of the name. A missing extension throws EnvironmentError naming it
    // and how to install it (e.g. `apt install postgresql-15-pgvector`).
    virtual std::string create_database(std::string_view hint) = 0;
    virtual void drop_database(std::string_view name) = 0;
    // "local PostgreSQL 15.8 (/usr/lib/postgresql/15/bin)", "docker postgres:16 on 127.0.0.1:54012".
    virtual std::string describe() const = 0;
    // Server major version (e.g. 15).
    virtual int major_version() const = 0;
};

// Starts (or connects to) a server. When no backend can be had, throws EnvironmentError
// (exit 3) whose help lists the commands that would provide one (apt install postgresql,
// start docker, set DATABASE_URL and backend = "url").
std::unique_ptr<Server> start_server(const ServerOptions& options);

}  // namespace mig_guard::pg
