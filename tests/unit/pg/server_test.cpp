// The ephemeral server and Session against a real local PostgreSQL (SPEC section 6).
#include "mig_guard/pg/server.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "mig_guard/pg/session.hpp"

namespace fs = std::filesystem;
using namespace mig_guard;
using namespace mig_guard::pg;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "mg-pg-test-XXXXXX").string();
        path = mkdtemp(pattern.data());
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

ServerOptions local_options(const fs::path& cache = {}) {
    ServerOptions o;
    o.backend = Backend::local;
    o.version = "15";
    o.cache_dir = cache;
    return o;
}

std::string socket_dir_of(const std::string& conninfo) {
    auto p = conninfo.find("host=");
    auto end = conninfo.find(' ', p);
    return conninfo.substr(p + 5, end - p - 5);
}

// Processes whose command line mentions `needle`.
std::vector<pid_t> processes_mentioning(const std::string& needle) {
    std::vector<pid_t> out;
    for (const auto& e : fs::directory_iterator("/proc")) {
        std::string name = e.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream in(e.path() / "cmdline");
        std::string cmd((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        for (auto& c : cmd)
            if (c == '\0') c = ' ';
        if (cmd.find(needle) != std::string::npos) out.push_back(std::atoi(name.c_str()));
    }
    return out;
}

struct EnvVar {
    std::string name;
    std::optional<std::string> old;
    EnvVar(const char* n, const std::string& value) : name(n) {
        if (const char* v = std::getenv(n)) old = v;
        setenv(n, value.c_str(), 1);
    }
    ~EnvVar() {
        if (old)
            setenv(name.c_str(), old->c_str(), 1);
        else
            unsetenv(name.c_str());
    }
};

}  // namespace

TEST(Server, ParseBackend) {
    EXPECT_EQ(parse_backend("local"), Backend::local);
    EXPECT_EQ(parse_backend("auto"), Backend::auto_);
    EXPECT_EQ(parse_backend("podman"), Backend::podman);
    EXPECT_STREQ(backend_name(Backend::url), "url");
    EXPECT_THROW(parse_backend("sqlite"), UsageError);
}

TEST(Server, LocalColdThenWarmCreatesUsesAndDropsDatabases) {
    TempDir cache;
    std::string socket_dir;
    for (int round = 0; round < 2; ++round) {
        // The cold start publishes the template when its server is destroyed at the latest.
        EXPECT_EQ(fs::exists(cache.path / "pg-15-template" / "data" / "PG_VERSION"), round == 1);
        auto t0 = std::chrono::steady_clock::now();
        auto server = start_server(local_options(cache.path));
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
                      .count();
        std::cout << (round == 0 ? "cold" : "warm") << " start: " << ms << " ms\n";
        EXPECT_EQ(server->major_version(), 15);
        EXPECT_NE(server->describe().find("local PostgreSQL 15."), std::string::npos) << server->describe();
        socket_dir = socket_dir_of(server->conninfo("postgres"));
        EXPECT_TRUE(fs::exists(fs::path(socket_dir) / ".s.PGSQL.5432"));

        std::string db = server->create_database("Users Table!");
        EXPECT_EQ(db.rfind("mg_users_table_", 0), 0u) << db;
        {
            Session s(server->conninfo(db));
            s.execute(
                "CREATE TABLE t (id int PRIMARY KEY, name text); INSERT INTO t VALUES (1, 'a'), (2, NULL)");
            auto rows = s.query("SELECT id, name FROM t ORDER BY id");
            ASSERT_EQ(rows.size(), 2u);
            EXPECT_EQ(rows[0][1], std::optional<std::string>("a"));
            EXPECT_FALSE(rows[1][1].has_value());
            auto p = s.query("SELECT name FROM t WHERE id = $1", {"1"});
            ASSERT_EQ(p.size(), 1u);
            EXPECT_EQ(p[0][0], std::optional<std::string>("a"));
            // The caller controls transactions; autocommit-only statements work outside them.
            s.execute("BEGIN");
            s.execute("CREATE TYPE mood AS ENUM ('a')");
            s.execute("COMMIT");
            s.execute("ALTER TYPE mood ADD VALUE 'b'");
            s.execute("CREATE INDEX CONCURRENTLY t_name ON t (name)");
            s.execute("BEGIN");
            s.execute("CREATE TABLE u (id int)");
            s.execute("ROLLBACK");
            EXPECT_TRUE(s.query("SELECT 1 FROM pg_class WHERE relname = 'u'").empty());
        }
        server->drop_database(db);
        Session admin(server->conninfo("postgres"));
        EXPECT_TRUE(admin.query("SELECT 1 FROM pg_database WHERE datname = $1", {db}).empty());
    }
    // The destructor removed the server's directory and stopped the server.
    EXPECT_FALSE(fs::exists(socket_dir));
    EXPECT_TRUE(processes_mentioning(socket_dir).empty());
    // No staging directory is left in the cache.
    size_t entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(cache.path)) ++entries;
    EXPECT_EQ(entries, 1u);
}

TEST(Server, TwoServersAtOnceDoNotCollide) {
    auto a = start_server(local_options());
    auto b = start_server(local_options());
    EXPECT_NE(a->conninfo("postgres"), b->conninfo("postgres"));
    Session sa(a->conninfo("postgres")), sb(b->conninfo("postgres"));
    sa.execute("CREATE TABLE only_in_a (x int)");
    EXPECT_TRUE(sb.query("SELECT 1 FROM pg_class WHERE relname = 'only_in_a'").empty());
    EXPECT_EQ(sa.query("SELECT 1 FROM pg_class WHERE relname = 'only_in_a'").size(), 1u);
}

TEST(Session, SqlErrorCarriesPostgresFields) {
    auto server = start_server(local_options());
    Session s(server->conninfo("postgres"));
    try {
        s.execute("SELECT * FROM missing_table");
        FAIL() << "no error";
    } catch (const SqlError& e) {
        EXPECT_EQ(e.sqlstate(), "42P01");
        EXPECT_STREQ(e.what(), "relation \"missing_table\" does not exist");
        EXPECT_EQ(e.position(), 15);
        EXPECT_EQ(e.statement(), "SELECT * FROM missing_table");
    }
    s.execute("CREATE TABLE p (id int PRIMARY KEY)");
    s.execute("INSERT INTO p VALUES (1)");
    try {
        s.execute("INSERT INTO p VALUES (1)");
        FAIL() << "no error";
    } catch (const SqlError& e) {
        EXPECT_EQ(e.sqlstate(), "23505");
        EXPECT_EQ(e.detail(), "Key (id)=(1) already exists.");
        EXPECT_EQ(e.position(), 0);
    }
    try {
        s.execute("SELECT nosuchfunc(1)");
        FAIL() << "no error";
    } catch (const SqlError& e) {
        EXPECT_EQ(e.sqlstate(), "42883");
        EXPECT_NE(e.hint().find("No function matches"), std::string::npos) << e.hint();
    }
    // The session is still usable after errors.
    EXPECT_EQ(s.query("SELECT 2")[0][0], std::optional<std::string>("2"));
}

TEST(Session, UnreachableServerIsAnEnvironmentErrorWithoutThePassword) {
    for (std::string url : {"postgresql://u:secret@127.0.0.1:1/x?connect_timeout=2",
                            "host=127.0.0.1 port=1 user=u password=secret dbname=x connect_timeout=2"}) {
        try {
            Session s(url);
            FAIL() << "connected to " << url;
        } catch (const EnvironmentError& e) {
            std::string m = e.what();
            EXPECT_EQ(m.find("secret"), std::string::npos) << m;
            EXPECT_NE(m.find("127.0.0.1"), std::string::npos) << m;
            EXPECT_NE(m.find("***"), std::string::npos) << m;
            EXPECT_FALSE(e.help().empty());
            EXPECT_EQ(e.code(), ExitCode::environment);
        }
    }
}

TEST(Server, UrlBackendCreatesAndDropsScratchDatabases) {
    auto host = start_server(local_options());
    std::string socket_dir = socket_dir_of(host->conninfo("postgres"));
    Session watch(host->conninfo("postgres"));
    auto scratch_count = [&] {
        return watch.query("SELECT count(*) FROM pg_database WHERE datname LIKE 'mg\\_%'")[0][0].value();
    };
    std::string before = scratch_count();
    {
        ServerOptions o;
        o.backend = Backend::url;
        o.url = "postgresql://postgres@/postgres?host=" + socket_dir + "&port=5432";
        auto server = start_server(o);
        EXPECT_EQ(server->major_version(), 15);
        std::string kept = server->create_database("kept");
        std::string dropped = server->create_database("dropped");
        Session s(server->conninfo(kept));
        s.execute("CREATE TABLE x (id int)");
        EXPECT_EQ(s.query("SELECT current_database()")[0][0], std::optional<std::string>(kept));
        server->drop_database(dropped);
        EXPECT_TRUE(watch.query("SELECT 1 FROM pg_database WHERE datname = $1", {dropped}).empty());
        EXPECT_FALSE(watch.query("SELECT 1 FROM pg_database WHERE datname = $1", {kept}).empty());
    }
    // The url server's destructor dropped what it created (the kept one too).
    EXPECT_EQ(scratch_count(), before);
}

TEST(Server, MissingExtensionNamesItAndThePackage) {
    auto options = local_options();
    options.extensions = {"pg_trgm"};
    auto server = start_server(options);
    std::string db = server->create_database("ext");
    Session s(server->conninfo(db));
    EXPECT_EQ(s.query("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").size(), 1u);

    options.extensions = {"surely_not_an_extension"};
    auto server2 = start_server(options);
    try {
        server2->create_database("ext");
        FAIL() << "no error";
    } catch (const EnvironmentError& e) {
        EXPECT_NE(std::string(e.what()).find("surely_not_an_extension"), std::string::npos) << e.what();
        EXPECT_NE(e.help().find("apt install postgresql-15-surely_not_an_extension"), std::string::npos)
            << e.help();
    }
    // The half-made database was dropped.
    Session admin(server2->conninfo("postgres"));
    EXPECT_TRUE(admin.query("SELECT 1 FROM pg_database WHERE datname LIKE 'mg\\_%'").empty());
}

TEST(Server, NoBackendIsExitCode3WithTheWayOut) {
    TempDir empty;
    EnvVar bin("MG_PG_BIN_DIR", empty.path.string());
    auto options = local_options();
    try {
        start_server(options);
        FAIL() << "started a server without binaries";
    } catch (const EnvironmentError& e) {
        EXPECT_EQ(e.code(), ExitCode::environment);
        EXPECT_NE(std::string(e.what()).find(empty.path.string()), std::string::npos) << e.what();
        EXPECT_NE(e.help().find("apt install postgresql"), std::string::npos);
        EXPECT_NE(e.help().find("docker"), std::string::npos);
        EXPECT_NE(e.help().find("DATABASE_URL"), std::string::npos);
    }
    // auto falls through to docker and podman, none reachable here: the same error.
    if (!std::system("docker info >/dev/null 2>&1") || !std::system("podman info >/dev/null 2>&1")) return;
    options.backend = Backend::auto_;
    EXPECT_THROW(start_server(options), EnvironmentError);
}

// ---- what a killed mig-guard leaves behind ----

namespace {

struct Holder {
    pid_t pid = -1;
    std::string socket_dir;
};

pid_t spawn_holder(int out_fd, const std::string& cache) {
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out_fd, 1);
        if (cache.empty())
            execl(MG_PG_HOLD_SERVER, MG_PG_HOLD_SERVER, static_cast<char*>(nullptr));
        else
            execl(MG_PG_HOLD_SERVER, MG_PG_HOLD_SERVER, cache.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    return pid;
}

Holder start_holder() {
    int fds[2];
    EXPECT_EQ(pipe(fds), 0);
    pid_t pid = spawn_holder(fds[1], "");
    close(fds[1]);
    std::string out;
    char buf[256];
    while (out.find("\nready\n") == std::string::npos) {
        auto n = read(fds[0], buf, sizeof buf);
        if (n <= 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    close(fds[0]);
    EXPECT_NE(out.find("ready"), std::string::npos) << out;
    return {pid, socket_dir_of(out)};
}

bool eventually(const std::function<bool()>& condition, std::chrono::seconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return condition();
}

void expect_signal_cleans_up(int sig) {
    Holder h = start_holder();
    ASSERT_FALSE(h.socket_dir.empty());
    ASSERT_TRUE(fs::exists(fs::path(h.socket_dir) / "data" / "postmaster.pid"));
    ASSERT_FALSE(processes_mentioning(h.socket_dir + "/data").empty());
    kill(h.pid, sig);
    int status = 0;
    ASSERT_EQ(waitpid(h.pid, &status, 0), h.pid);
    EXPECT_TRUE(WIFSIGNALED(status));
    EXPECT_EQ(WTERMSIG(status), sig);
    EXPECT_TRUE(processes_mentioning(h.socket_dir).empty());
    EXPECT_FALSE(fs::exists(h.socket_dir));
}

}  // namespace

TEST(ServerSignals, SigtermStopsTheServerAndRemovesItsDirectory) {
    expect_signal_cleans_up(SIGTERM);
}

TEST(ServerSignals, SigintStopsTheServerAndRemovesItsDirectory) {
    expect_signal_cleans_up(SIGINT);
}

TEST(ServerSignals, SighupStopsTheServerAndRemovesItsDirectory) {
    expect_signal_cleans_up(SIGHUP);
}

TEST(ServerSignals, SigkillLetsThePostmasterDieAndTheNextStartRemovesTheDirectory) {
    Holder h = start_holder();
    ASSERT_FALSE(h.socket_dir.empty());
    ASSERT_FALSE(processes_mentioning(h.socket_dir + "/data").empty());
    kill(h.pid, SIGKILL);
    int status = 0;
    ASSERT_EQ(waitpid(h.pid, &status, 0), h.pid);
    EXPECT_TRUE(
        eventually([&] { return processes_mentioning(h.socket_dir).empty(); }, std::chrono::seconds(5)));
    // The next start removes the dead process's directory.
    EXPECT_TRUE(fs::exists(h.socket_dir));
    auto server = start_server(local_options());
    EXPECT_FALSE(fs::exists(h.socket_dir));
    std::error_code ec;
    fs::remove_all(h.socket_dir, ec);
}

// A SIGKILLed run's directory goes at the next start of a server of any backend (here a
// database URL that cannot be reached), and only directories of mig-guard's whose owner is gone:
// its lock is free (whatever its pid has become), or, without a lock, its pid no longer exists.
TEST(ServerSignals, AnyStartSweepsTheDirectoriesOfDeadOwnersOnly) {
    TempDir base;
    EnvVar tmpdir("MG_PG_TMPDIR", base.path.string());
    pid_t dead = fork();
    ASSERT_GE(dead, 0);
    if (dead == 0) _exit(0);
    ASSERT_EQ(waitpid(dead, nullptr, 0), dead);
    auto make = [&](const std::string& name) {
        fs::create_directories(base.path / name / "data");
        std::ofstream(base.path / name / "data" / "PG_VERSION") << "15\n";
        return base.path / name;
    };
    const std::string d = std::to_string(dead);
    fs::path unlocked_dead = make("mig-guard-pg-" + d + "-aaaaaa");
    fs::path unlocked_alive = make("mig-guard-pg-1-bbbbbb");  // pid 1 lives
    fs::path lock_free = make("mig-guard-pg-1-cccccc");       // pid 1 reused: the free lock says dead
    std::ofstream(lock_free / ".mig-guard-owner.lock") << "";
    fs::path lock_held = make("mig-guard-pg-" + d + "-dddddd");
    std::ofstream(lock_held / ".mig-guard-owner.lock") << "";
    int held = open((lock_held / ".mig-guard-owner.lock").c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(held, 0);
    ASSERT_EQ(flock(held, LOCK_EX | LOCK_NB), 0);
    fs::path not_ours = make("other-pg-" + d + "-eeeeee");

    ServerOptions o;
    o.backend = Backend::url;
    o.url = "postgresql://nobody@127.0.0.1:1/postgres?connect_timeout=2";
    EXPECT_THROW(start_server(o), EnvironmentError);
    EXPECT_FALSE(fs::exists(unlocked_dead));
    EXPECT_TRUE(fs::exists(unlocked_alive));
    EXPECT_FALSE(fs::exists(lock_free));
    EXPECT_TRUE(fs::exists(lock_held));
    EXPECT_TRUE(fs::exists(not_ours));
    close(held);
    EXPECT_THROW(start_server(o), EnvironmentError);
    EXPECT_FALSE(fs::exists(lock_held));
}

// A live server's directory carries its owner's lock: another process's sweep leaves it.
TEST(ServerSignals, ALiveServersDirectoryIsLockedByItsOwner) {
    auto server = start_server(local_options());
    fs::path dir = socket_dir_of(server->conninfo("postgres"));
    int fd = open((dir / ".mig-guard-owner.lock").c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    EXPECT_NE(flock(fd, LOCK_EX | LOCK_NB), 0);
    close(fd);
}

TEST(ServerSignals, SigtermDuringAColdStartStopsInitdbAndRemovesEverything) {
    TempDir cache;
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    pid_t pid = spawn_holder(fds[1], cache.path.string());
    close(fds[1]);
    std::string marker = "mig-guard-pg-" + std::to_string(pid) + "-";
    // Wait until initdb runs in the holder's directory, then stop the holder.
    ASSERT_TRUE(eventually([&] { return !processes_mentioning(marker).empty(); }, std::chrono::seconds(20)));
    kill(pid, SIGTERM);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    close(fds[0]);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM) << status;
    // initdb and the single-user postgres it runs die on their own time after the holder, and may
    // write into the directory until then: wait (bounded) for both conditions rather than
    // checking once, which failed on a loaded machine.
    auto leftovers = [&] {
        std::vector<std::string> found;
        for (fs::path base : {fs::path("/dev/shm"), fs::temp_directory_path()}) {
            std::error_code ec;
            for (auto it = fs::directory_iterator(base, ec); !ec && it != fs::directory_iterator();
                 it.increment(ec))
                if (it->path().filename().string().rfind(marker, 0) == 0) found.push_back(it->path().string());
        }
        return found;
    };
    EXPECT_TRUE(eventually([&] { return processes_mentioning(marker).empty(); }, std::chrono::seconds(30)))
        << processes_mentioning(marker).size() << " process(es) still mention " << marker;
    EXPECT_TRUE(eventually([&] { return leftovers().empty(); }, std::chrono::seconds(30)))
        << "left behind: " << testing::PrintToString(leftovers());
}

TEST(ServerSignals, ExceptionUnwindingStopsTheServer) {
    std::string socket_dir;
    try {
        auto server = start_server(local_options());
        socket_dir = socket_dir_of(server->conninfo("postgres"));
        throw std::runtime_error("boom");
    } catch (const std::runtime_error&) {
    }
    ASSERT_FALSE(socket_dir.empty());
    EXPECT_FALSE(fs::exists(socket_dir));
    EXPECT_TRUE(processes_mentioning(socket_dir).empty());
}

TEST(ServerContainers, DockerAndPodman) {
    bool any = false;
    for (auto backend : {Backend::docker, Backend::podman}) {
        std::string engine = backend_name(backend);
        if (std::system((engine + " info >/dev/null 2>&1").c_str()) != 0) {
            std::cout << "NOTE: " << engine
                      << " is not reachable on this machine; its backend is not tested here\n";
            continue;
        }
        any = true;
        ServerOptions o;
        o.backend = backend;
        o.image = "postgres:16";
        auto server = start_server(o);
        std::string db = server->create_database("c");
        Session s(server->conninfo(db));
        EXPECT_EQ(s.query("SELECT 1")[0][0], std::optional<std::string>("1"));
        EXPECT_EQ(server->major_version(), 16);
    }
    if (!any) GTEST_SKIP() << "neither docker nor podman is reachable (`docker info` fails)";
}
