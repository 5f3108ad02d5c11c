// The local backend: a throwaway cluster from a cached template, on a Unix socket only.
//
// The template is initdb'd once per major version into <cache>/pg-<major>-template (written
// to a temporary sibling and renamed, so concurrent first runs never see half a template) and
// copied into a fresh temporary directory on every start: the server writes its data files,
// so they are copied, never linked. As root the cluster belongs to, and the server runs as,
// `postgres` (or `nobody`). The postmaster gets PR_SET_PDEATHSIG so it dies with mig-guard
// even on SIGKILL; only the temporary directory is then left, and the next start removes it.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <thread>

#include "mig_guard/common/diagnostic.hpp"
#include "mig_guard/pg/session.hpp"
#include "server_internal.hpp"

namespace mig_guard::pg::detail {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_port = "5432";

fs::path default_cache_dir() {
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return fs::path(xdg) / "mig-guard";
    if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".cache" / "mig-guard";
    return {};
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p);
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

// "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" -> "15.18"
std::string version_number(const std::string& version_output) {
    auto p = version_output.find(") ");
    if (p == std::string::npos) return version_output;
    auto start = p + 2;
    auto end = version_output.find_first_of(" \n", start);
    return version_output.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// Line 8 of postmaster.pid is the postmaster's status (PostgreSQL 10+): "starting",
// "ready", "stopping".
bool postmaster_ready(const fs::path& pidfile) {
    std::ifstream in(pidfile);
    std::string line;
    for (int i = 0; i < 8 && std::getline(in, line); ++i) {
    }
    return line.rfind("ready", 0) == 0;
}

// `current` holds the running child's pid, so that a signal's cleanup can stop it too.
void run_initdb(const Binaries& bins, const fs::path& data, const fs::path& log, const RunAs& who,
                std::atomic<pid_t>& current) {
    ChildSpec spec;
    spec.argv = {(bins.bin_dir / "initdb").string(),
                 "-D",
                 data.string(),
                 "--no-sync",
                 "-A",
                 "trust",
                 "-U",
                 "postgres",
                 "-E",
                 "UTF8",
                 "--locale=C",
                 "--no-instructions"};
    // Small WAL segments: the template is copied on every start, and a 16 MB segment would
    // be most of it.
    if (bins.major >= 11) spec.argv.emplace_back("--wal-segsize=1");
    spec.log = log;
    spec.cwd = data.parent_path();
    spec.run_as = who;
    spec.die_with_parent = DieWithParent::yes;
    pid_t pid = spawn(spec);
    current = pid;
    int status = wait_child(pid);
    current = -1;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw EnvironmentError("initdb failed (" + (bins.bin_dir / "initdb").string() + "):" + log_tail(log),
                               "check the message above; MG_PG_BIN_DIR selects other PostgreSQL binaries");
    // initdb leaves several WAL segments behind; a cleanly shut down cluster needs none of
    // them, and every start copies them. pg_resetwal keeps one (optional: only speed).
    fs::path resetwal = bins.bin_dir / "pg_resetwal";
    if (access(resetwal.c_str(), X_OK) == 0) {
        spec.argv = {resetwal.string(), "-D", data.string()};
        current = spawn(spec);
        wait_child(current);
        current = -1;
    }
}

class LocalServer final : public Server {
public:
    LocalServer(const ServerOptions& options, const Binaries& bins) : m_options(options), m_bins(bins) {
        auto t0 = std::chrono::steady_clock::now();
        RunAs who = unprivileged_user();
        m_dir = make_temp_dir("mig-guard-pg-");
        m_owner.emplace(m_dir);
        fs::path dir = m_dir;
        // Registered before anything runs, so a signal during initdb or start removes it too.
        m_cleanup = Cleanup([this, dir] {
            stop_child(m_pid.load(), SIGQUIT, std::chrono::milliseconds(5000));
            m_pid = -1;
            std::error_code ec;
            fs::remove_all(dir, ec);
        });
        if (who.switch_user) chown_tree(m_dir, who.uid, who.gid);
        fs::path data = m_dir / "data";
        fs::path log = m_dir / "postgres.log";
        prepare_data(data, log, who);
        auto t_data = std::chrono::steady_clock::now();

        ChildSpec spec;
        spec.argv = {(bins.bin_dir / "postgres").string(),
                     "-D",
                     data.string(),
                     "-p",
                     k_port,
                     "-F",
                     "-c",
                     "listen_addresses=",
                     "-c",
                     "unix_socket_directories=" + m_dir.string(),
                     "-c",
                     "fsync=off",
                     "-c",
                     "full_page_writes=off",
                     "-c",
                     "synchronous_commit=off",
                     "-c",
                     "shared_buffers=32MB",
                     "-c",
                     "max_connections=20",
                     "-c",
                     "max_wal_senders=0",
                     "-c",
                     "wal_level=minimal",
                     "-c",
                     "autovacuum=off",
                     "-c",
                     "huge_pages=off",
                     "-c",
                     "logging_collector=off"};
        spec.log = log;
        spec.cwd = m_dir;
        spec.run_as = who;
        spec.die_with_parent = DieWithParent::yes;
        m_pid = spawn(spec);
        pid_t pid = m_pid;
        std::optional<int> exit_status;
        // The postmaster writes "ready" into postmaster.pid when it accepts connections;
        // reading that file is cheaper than PQping, each of which forks a backend that only
        // says "starting up" and competes with the startup process for the CPU.
        fs::path pidfile = data / "postmaster.pid";
        auto alive = [&] {
            exit_status = try_wait_child(pid);
            return !exit_status;
        };
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (alive() && std::chrono::steady_clock::now() < deadline && !postmaster_ready(pidfile))
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        bool ready = !exit_status && wait_ready(conninfo("postgres"), std::chrono::seconds(10), alive);
        if (!ready) {
            if (exit_status) m_pid = -1;
            std::string tail = log_tail(log);
            m_cleanup.run();
            std::string help =
                "check the log above; set backend = \"docker\" or \"url\" to use another server";
            if (!m_cold)
                help = "if the cached template is damaged, remove " + m_template.string() +
                       " and run again; " + help;
            throw EnvironmentError(
                "the local PostgreSQL server (" + bins.bin_dir.string() + ") did not start:" + tail, help);
        }
        if (m_options.verbose) {
            auto ms =
                std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
            auto data_ms = std::chrono::duration_cast<std::chrono::milliseconds>(t_data - t0);
            std::cerr << "mig-guard: started " << describe() << " in " << ms.count() << " ms (data directory "
                      << data_ms.count() << " ms" << (m_cold ? ", initdb" : ", from the cached template")
                      << ")\n";
        }
    }

    ~LocalServer() override {
        if (m_cache_writer.joinable()) m_cache_writer.join();
        m_admin.reset();
        m_cleanup.run();
    }

    std::string conninfo(std::string_view database) const override {
        return "host=" + m_dir.string() + " port=" + k_port +
               " user=postgres dbname=" + std::string(database);
    }

    std::string create_database(std::string_view hint) override {
        std::string name = database_name(hint);
        admin().execute("CREATE DATABASE " + quote_ident(name));
        try {
            create_extensions(conninfo(name), m_options.extensions, [this](const std::string& ext) {
                std::string pkg = ext == "vector" ? "pgvector" : ext == "postgis" ? "postgis-3" : ext;
                return "install it: apt install postgresql-" + std::to_string(m_bins.major) + "-" + pkg +
                       " (the package name is a guess: apt-cache search " + ext + ")";
            });
        } catch (...) {
            drop_database(name);
            throw;
        }
        return name;
    }

    void drop_database(std::string_view name) override {
        admin().execute("DROP DATABASE IF EXISTS " + quote_ident(name) + " WITH (FORCE)");
    }

    std::string describe() const override {
        std::string d = "local PostgreSQL " + m_version + " (" + m_bins.bin_dir.string();
        if (!m_options.version.empty() && std::atoi(m_options.version.c_str()) != m_bins.major)
            d += "; version " + m_options.version + " was asked for";
        return d + ")";
    }

    int major_version() const override { return m_bins.major; }

private:
    Session& admin() {
        if (!m_admin) m_admin = std::make_unique<Session>(conninfo("postgres"));
        return *m_admin;
    }

    // Copies the cached template into `data`, creating the template first when needed.
    void prepare_data(const fs::path& data, const fs::path& log, const RunAs& who) {
        fs::path cache = m_options.cache_dir.empty() ? default_cache_dir() : m_options.cache_dir;
        fs::path tmpl =
            cache.empty() ? fs::path() : cache / ("pg-" + std::to_string(m_bins.major) + "-template");
        m_template = tmpl;
        std::error_code ec;
        if (!tmpl.empty() && fs::exists(tmpl / "data" / "PG_VERSION", ec)) {
            copy_tree(tmpl / "data", data, who);
            m_version = read_file(tmpl / "version");
            return;
        }
        m_cold = true;
        run_initdb(m_bins, data, log, who, m_pid);
        int status = 0;
        std::string version_output =
            run_capture({(m_bins.bin_dir / "postgres").string(), "--version"}, status);
        m_version = version_number(version_output);
        if (tmpl.empty()) return;
        // Publish the template in the background: writing ~1,000 files into a home directory
        // on disk is slower than the rest of a cold start. A pristine copy is taken first (in
        // the fast temporary directory), since the server is about to modify `data`.
        fs::path pristine = m_dir / "template";
        copy_tree(data, pristine, std::nullopt);
        std::string prefix = "pg-" + std::to_string(m_bins.major) + "-template.tmp-";
        std::string version = m_version;
        m_cache_writer = std::jthread([pristine, cache, tmpl, prefix, version] {
            // A failure to cache only costs speed next time.
            std::error_code ec;
            try {
                fs::create_directories(cache);
                remove_stale_in(cache, prefix);
                fs::path staging = cache / (prefix + std::to_string(getpid()) + "-" +
                                            std::to_string(std::random_device{}()));
                fs::create_directory(staging);
                copy_tree(pristine, staging / "data", std::nullopt);
                std::ofstream(staging / "version") << version << "\n";
                std::error_code rename_ec;
                fs::rename(staging, tmpl, rename_ec);
                if (rename_ec) fs::remove_all(staging, ec);  // another process published first
            } catch (const std::exception&) {
            }
            fs::remove_all(pristine, ec);
        });
    }

    ServerOptions m_options;
    Binaries m_bins;
    fs::path m_dir;
    std::optional<DirOwnerLock> m_owner;  // in m_dir, until the directory is gone
    std::atomic<pid_t> m_pid{-1};
    std::string m_version;
    bool m_cold = false;
    fs::path m_template;
    Cleanup m_cleanup;
    std::unique_ptr<Session> m_admin;
    // Destroyed (joined) before m_cleanup removes the directory it reads from.
    std::jthread m_cache_writer;
};

}  // namespace

std::unique_ptr<Server> start_local(const ServerOptions& options, const Binaries& binaries) {
    return std::make_unique<LocalServer>(options, binaries);
}

}  // namespace mig_guard::pg::detail
