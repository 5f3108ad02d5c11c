// The url backend (scratch databases in a server given by URL) and the docker/podman backend
// (a throwaway postgres container on a random loopback port).
#include <sys/wait.h>
#include <unistd.h>

#include <iostream>
#include <mutex>
#include <random>
#include <set>

#include "libpq.hpp"
#include "mig_guard/common/diagnostic.hpp"
#include "mig_guard/pg/session.hpp"
#include "server_internal.hpp"
#include "session_internal.hpp"

namespace mig_guard::pg::detail {

namespace {

// A conninfo value quoted for the key=value form.
std::string quote_value(std::string_view v) {
    std::string out = "'";
    for (char c : v) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

// The URL (or key=value string) with dbname replaced, in key=value form.
std::string with_database(const std::string& conninfo, std::string_view database) {
    char* err = nullptr;
    PQconninfoOption* options = libpq().PQconninfoParse(conninfo.c_str(), &err);
    if (!options) {
        std::string message = err ? err : "invalid connection string";
        if (err) libpq().PQfreemem(err);
        while (!message.empty() && message.back() == '\n') message.pop_back();
        throw UsageError("invalid PostgreSQL URL '" + redact_conninfo(conninfo) + "': " + message,
                         "write it as postgresql://user[:password]@host[:port]/database");
    }
    std::string out;
    for (auto* o = options; o->keyword; ++o) {
        std::string key = o->keyword;
        if (key == "dbname") continue;
        if (o->val && *o->val) out += key + "=" + quote_value(o->val) + " ";
    }
    libpq().PQconninfoFree(options);
    return out + "dbname=" + quote_value(database);
}

std::string extension_hint_remote(const std::string& ext) {
    return "install the extension '" + ext + "' on that server (ask its administrator)";
}

// Drops scratch databases: used by the url server's destructor and by the signal watcher.
struct ScratchDatabases {
    std::mutex mutex;
    std::set<std::string> names;
};

void drop_all(const std::string& admin_conninfo, ScratchDatabases& dbs, int major) {
    std::set<std::string> names;
    {
        std::lock_guard lock(dbs.mutex);
        names.swap(dbs.names);
    }
    if (names.empty()) return;
    Session admin(admin_conninfo);
    for (const auto& n : names) {
        try {
            admin.execute("DROP DATABASE IF EXISTS " + quote_ident(n) + (major >= 13 ? " WITH (FORCE)" : ""));
        } catch (const Error&) {
        }
    }
}

int server_major(const std::string& conninfo) {
    PGconn* c = libpq().PQconnectdb(conninfo.c_str());
    int v = libpq().PQstatus(c) == CONNECTION_OK ? libpq().PQserverVersion(c) : 0;
    libpq().PQfinish(c);
    return v / 10000;
}

class UrlServer final : public Server {
public:
    explicit UrlServer(const ServerOptions& options) : m_options(options) {
        if (options.url.empty())
            throw UsageError("backend = \"url\" needs a server URL",
                             "set DATABASE_URL (or url in the configuration) to postgresql://user@host/db");
        m_admin_conninfo = options.url;
        // Connect once now: a wrong URL is reported before any work.
        Session probe(m_admin_conninfo);
        auto rows =
            probe.query("SELECT current_setting('server_version'), current_setting('server_version_num')");
        m_version = rows.at(0).at(0).value_or("");
        m_major = std::atoi(rows.at(0).at(1).value_or("0").c_str()) / 10000;
        auto dbs = m_dbs;
        std::string admin = m_admin_conninfo;
        int major = m_major;
        m_cleanup = Cleanup([dbs, admin, major] { drop_all(admin, *dbs, major); });
    }
    ~UrlServer() override { m_cleanup.run(); }

    std::string conninfo(std::string_view database) const override {
        return with_database(m_options.url, database);
    }

    std::string create_database(std::string_view hint) override {
        std::string name = database_name(hint);
        {
            Session admin(m_admin_conninfo);
            try {
                admin.execute("CREATE DATABASE " + quote_ident(name));
            } catch (const SqlError& e) {
                throw EnvironmentError(
                    "cannot create a scratch database on " + redact_conninfo(m_options.url) + ": " + e.what(),
                    "the URL's user needs CREATEDB (ALTER ROLE <user> CREATEDB), or use backend = "
                    "\"local\"");
            }
        }
        {
            std::lock_guard lock(m_dbs->mutex);
            m_dbs->names.insert(name);
        }
        try {
            create_extensions(conninfo(name), m_options.extensions, extension_hint_remote);
        } catch (...) {
            drop_database(name);
            throw;
        }
        return name;
    }

    void drop_database(std::string_view name) override {
        Session admin(m_admin_conninfo);
        admin.execute("DROP DATABASE IF EXISTS " + quote_ident(name) +
                      (m_major >= 13 ? " WITH (FORCE)" : ""));
        std::lock_guard lock(m_dbs->mutex);
        m_dbs->names.erase(std::string(name));
    }

    std::string describe() const override {
        return "PostgreSQL " + m_version + " at " + redact_conninfo(m_options.url);
    }
    int major_version() const override { return m_major; }

private:
    ServerOptions m_options;
    std::string m_admin_conninfo;
    std::string m_version;
    int m_major = 0;
    std::shared_ptr<ScratchDatabases> m_dbs = std::make_shared<ScratchDatabases>();
    Cleanup m_cleanup;
};

class ContainerServer final : public Server {
public:
    ContainerServer(const ServerOptions& options, const std::string& engine)
        : m_options(options), m_engine(engine) {
        auto t0 = std::chrono::steady_clock::now();
        m_image = options.image.empty() ? "postgres:" + options.version : options.image;
        m_name = "mig-guard-pg-" + std::to_string(getpid()) + "-" +
                 std::to_string(std::random_device{}() & 0xffffff);
        std::string engine_copy = engine, name = m_name;
        // Registered before `run`, so a signal while the image is pulled still removes it.
        m_cleanup = Cleanup([engine_copy, name] {
            int status = 0;
            run_capture({engine_copy, "rm", "-f", "-v", name}, status);
        });
        int status = 0;
        std::string id = run_capture({engine, "run", "-d", "--rm", "--name", m_name, "-p", "127.0.0.1::5432",
                                      "-e", "POSTGRES_HOST_AUTH_METHOD=trust", m_image, "-c", "fsync=off",
                                      "-c", "full_page_writes=off", "-c", "synchronous_commit=off"},
                                     status);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            m_cleanup.run();
            throw EnvironmentError(
                engine + " could not start " + m_image,
                "check `" + engine + " run --rm " + m_image + "` by hand; or use backend = \"local\"");
        }
        std::string port = run_capture({engine, "port", m_name, "5432/tcp"}, status);
        auto colon = port.find(':');
        auto end = port.find('\n');
        if (colon == std::string::npos) {
            m_cleanup.run();
            throw EnvironmentError(engine + " did not publish the container's port 5432");
        }
        m_port = port.substr(colon + 1, end == std::string::npos ? std::string::npos : end - colon - 1);
        bool ready = wait_ready(conninfo("postgres") + " connect_timeout=2", std::chrono::seconds(120), [&] {
            int s = 0;
            std::string running = run_capture({engine, "inspect", "-f", "{{.State.Running}}", m_name}, s);
            return running.rfind("true", 0) == 0;
        });
        if (!ready) {
            m_cleanup.run();
            throw EnvironmentError("the " + engine + " container " + m_image + " did not become ready",
                                   "check `" + engine + " logs` or use backend = \"local\"");
        }
        m_major = server_major(conninfo("postgres"));
        if (options.verbose) {
            auto ms =
                std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
            std::cerr << "mig-guard: started " << describe() << " in " << ms.count() << " ms\n";
        }
    }
    ~ContainerServer() override { m_cleanup.run(); }

    std::string conninfo(std::string_view database) const override {
        return "host=127.0.0.1 port=" + m_port + " user=postgres dbname=" + std::string(database);
    }

    std::string create_database(std::string_view hint) override {
        std::string name = database_name(hint);
        Session(conninfo("postgres")).execute("CREATE DATABASE " + quote_ident(name));
        try {
            create_extensions(conninfo(name), m_options.extensions, [this](const std::string& ext) {
                if (ext == "vector")
                    return std::string("use an image that bundles it: image = \"pgvector/pgvector:pg") +
                           std::to_string(m_major) + "\"";
                if (ext == "postgis")
                    return std::string("use an image that bundles it: image = \"postgis/postgis:") +
                           std::to_string(m_major) + "-3.4\"";
                return "use an image that bundles the extension '" + ext + "' (image = \"...\")";
            });
        } catch (...) {
            drop_database(name);
            throw;
        }
        return name;
    }

    void drop_database(std::string_view name) override {
        Session(conninfo("postgres"))
            .execute("DROP DATABASE IF EXISTS " + quote_ident(name) + " WITH (FORCE)");
    }

    std::string describe() const override { return m_engine + " " + m_image + " on 127.0.0.1:" + m_port; }
    int major_version() const override { return m_major; }

private:
    ServerOptions m_options;
    std::string m_engine, m_image, m_name, m_port;
    int m_major = 0;
    Cleanup m_cleanup;
};

}  // namespace

std::unique_ptr<Server> start_url(const ServerOptions& options) {
    return std::make_unique<UrlServer>(options);
}

std::unique_ptr<Server> start_container(const ServerOptions& options, const std::string& engine) {
    return std::make_unique<ContainerServer>(options, engine);
}

}  // namespace mig_guard::pg::detail
