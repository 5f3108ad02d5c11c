// Choosing a backend, finding PostgreSQL binaries, and what every backend shares.
#include "mig_guard/pg/server.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <random>
#include <set>
#include <thread>

#include "libpq.hpp"
#include "mig_guard/common/diagnostic.hpp"
#include "mig_guard/pg/session.hpp"
#include "server_internal.hpp"

namespace mig_guard::pg {

namespace fs = std::filesystem;

Backend parse_backend(std::string_view text) {
    if (text == "auto") return Backend::auto_;
    if (text == "local") return Backend::local;
    if (text == "docker") return Backend::docker;
    if (text == "podman") return Backend::podman;
    if (text == "url") return Backend::url;
    throw UsageError("unknown PostgreSQL backend '" + std::string(text) + "'",
                     "use one of: auto, local, docker, podman, url");
}

const char* backend_name(Backend backend) {
    switch (backend) {
        case Backend::auto_:
            return "auto";
        case Backend::local:
            return "local";
        case Backend::docker:
            return "docker";
        case Backend::podman:
            return "podman";
        case Backend::url:
            return "url";
    }
    return "auto";
}

namespace detail {

std::string no_backend_help() {
    return "install PostgreSQL (apt install postgresql, dnf install postgresql-server, brew install "
           "postgresql), "
           "or set MG_PG_BIN_DIR to the directory holding initdb and postgres; "
           "or start docker (docker run --rm postgres:16 must work) or podman; "
           "or set backend = \"url\" and DATABASE_URL=postgresql://user@host/db to use an existing server";
}

std::string quote_ident(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string database_name(std::string_view hint) {
    static std::atomic<unsigned> counter{0};
    static const unsigned salt = std::random_device{}() & 0xffffu;
    std::string clean;
    for (char c : hint) {
        char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9'))
            clean += l;
        else if (!clean.empty() && clean.back() != '_')
            clean += '_';
        if (clean.size() >= 32) break;
    }
    while (!clean.empty() && clean.back() == '_') clean.pop_back();
    char tail[48];
    std::snprintf(tail, sizeof tail, "_%d_%u_%04x", static_cast<int>(getpid()), counter++, salt);
    return "mg_" + (clean.empty() ? std::string("db") : clean) + tail;
}

void throw_missing_extension(const std::string& extension, const std::string& message,
                             const std::string& install_hint) {
    throw EnvironmentError(
        "PostgreSQL extension '" + extension + "' is not available: " + message,
        install_hint + "; or remove '" + extension + "' from extensions in the configuration");
}

void create_extensions(const std::string& conninfo, const std::vector<std::string>& extensions,
                       const std::function<std::string(const std::string&)>& install_hint) {
    if (extensions.empty()) return;
    Session session(conninfo);
    for (const auto& ext : extensions) {
        try {
            session.execute("CREATE EXTENSION IF NOT EXISTS " + quote_ident(ext));
        } catch (const SqlError& e) {
            // 58P01: no control file (not installed); 0A000: "is not available" (PG 15+).
            if (e.sqlstate() == "58P01" || e.sqlstate() == "0A000")
                throw_missing_extension(ext, e.what(), install_hint(ext));
            throw EnvironmentError("cannot create PostgreSQL extension '" + ext + "': " + e.what(),
                                   e.hint().empty() ? "check the extension's requirements" : e.hint());
        }
    }
}

bool wait_ready(const std::string& conninfo, std::chrono::milliseconds timeout,
                const std::function<bool()>& alive) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (libpq().PQping(conninfo.c_str()) == PQPING_OK) return true;
        if (!alive()) return false;
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

namespace {

// The major version of the binaries in `dir`: from the /usr/lib/postgresql/<N>/bin layout,
// else from `postgres --version`.
int major_of(const fs::path& dir) {
    std::string parent = dir.parent_path().filename().string();
    if (dir.filename() == "bin" && !parent.empty() && std::all_of(parent.begin(), parent.end(), ::isdigit) &&
        dir.parent_path().parent_path().filename() == "postgresql")
        return std::atoi(parent.c_str());
    int status = 0;
    std::string out;
    try {
        out = run_capture({(dir / "postgres").string(), "--version"}, status);
    } catch (const Error&) {
        return 0;
    }
    // "postgres (PostgreSQL) 15.8 (Debian ...)"
    auto p = out.find(") ");
    if (p == std::string::npos) return 0;
    return std::atoi(out.c_str() + p + 2);
}

bool has_binaries(const fs::path& dir) {
    return access((dir / "initdb").c_str(), X_OK) == 0 && access((dir / "postgres").c_str(), X_OK) == 0;
}

}  // namespace

std::vector<Binaries> find_binaries() {
    std::vector<fs::path> candidates;
    if (const char* forced = std::getenv("MG_PG_BIN_DIR"); forced && *forced) {
        candidates.emplace_back(forced);
    } else {
        if (const char* path = std::getenv("PATH")) {
            std::string p = path;
            for (size_t start = 0; start <= p.size();) {
                auto end = p.find(':', start);
                if (end == std::string::npos) end = p.size();
                if (end > start) {
                    fs::path dir = p.substr(start, end - start);
                    std::error_code ec;
                    // initdb on PATH is often a symlink (Debian's wrappers, /usr/local/bin links):
                    // the real directory holds postgres too.
                    auto initdb = fs::canonical(dir / "initdb", ec);
                    if (!ec) candidates.push_back(initdb.parent_path());
                }
                start = end + 1;
            }
        }
        std::error_code ec;
        for (const char* root : {"/usr/lib/postgresql", "/usr/local/pgsql", "/opt/homebrew/opt"}) {
            for (auto it = fs::directory_iterator(root, ec); !ec && it != fs::directory_iterator();
                 it.increment(ec))
                candidates.push_back(it->path() / "bin");
            ec.clear();
        }
        for (auto it = fs::directory_iterator("/usr", ec); !ec && it != fs::directory_iterator();
             it.increment(ec)) {
            if (it->path().filename().string().rfind("pgsql-", 0) == 0)
                candidates.push_back(it->path() / "bin");
        }
    }
    std::vector<Binaries> found;
    std::set<fs::path> seen;
    for (auto& dir : candidates) {
        std::error_code ec;
        fs::path real = fs::weakly_canonical(dir, ec);
        if (ec) real = dir;
        if (!seen.insert(real).second || !has_binaries(real)) continue;
        int major = major_of(real);
        if (major > 0) found.push_back({real, major});
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const Binaries& a, const Binaries& b) { return a.major > b.major; });
    return found;
}

bool container_engine_available(const std::string& engine) {
    int status = 0;
    try {
        run_capture({engine, "info", "--format", "{{.ServerVersion}}"}, status);
    } catch (const Error&) {
        return false;
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace detail

std::unique_ptr<Server> start_server(const ServerOptions& options) {
    using namespace detail;
    // What a killed run left behind goes at the next start of any server, whatever the backend.
    remove_stale_temp_dirs();
    auto pick_local = [&](const std::vector<Binaries>& found) {
        int wanted = std::atoi(options.version.c_str());
        for (const auto& b : found)
            if (b.major == wanted) return b;
        return found.front();  // newest
    };
    switch (options.backend) {
        case Backend::url:
            return start_url(options);
        case Backend::local: {
            auto found = find_binaries();
            if (found.empty()) {
                const char* forced = std::getenv("MG_PG_BIN_DIR");
                throw EnvironmentError(std::string("no PostgreSQL binaries (initdb, postgres) found") +
                                           (forced && *forced ? std::string(" in MG_PG_BIN_DIR=") + forced
                                                              : " on PATH or in /usr/lib/postgresql/*/bin"),
                                       no_backend_help());
            }
            return start_local(options, pick_local(found));
        }
        case Backend::docker:
        case Backend::podman: {
            std::string engine = backend_name(options.backend);
            if (!container_engine_available(engine))
                throw EnvironmentError(engine + " is not available (`" + engine + " info` failed)",
                                       no_backend_help());
            return start_container(options, engine);
        }
        case Backend::auto_: {
            auto found = find_binaries();
            if (!found.empty()) return start_local(options, pick_local(found));
            for (std::string engine : {"docker", "podman"})
                if (container_engine_available(engine)) return start_container(options, engine);
            const char* forced = std::getenv("MG_PG_BIN_DIR");
            throw EnvironmentError(std::string("no PostgreSQL server available: no local binaries") +
                                       (forced && *forced ? std::string(" in MG_PG_BIN_DIR=") + forced : "") +
                                       ", and neither docker nor podman is reachable",
                                   no_backend_help());
        }
    }
    throw UsageError("unknown PostgreSQL backend");
}

}  // namespace mig_guard::pg
