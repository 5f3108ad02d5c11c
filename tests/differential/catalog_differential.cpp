// The catalog differential test: for every case, the database SQLAlchemy's real create_all
// builds from the models must equal, catalog for catalog, the database built from the SQL
// `mig-guard schema --format sql` prints for the same models. One local server for all cases.
//
//   mg-catalog-differential [--after-mig-guard SQL] MIG_GUARD SA_CREATE_ALL_PY CASE_DIR...
//
// --after-mig-guard runs SQL in mig-guard's database before the comparison: the harness's own
// test, which must then report the difference (a harness that compared nothing would pass).
//
// Prints PASS / FAIL (with every difference) / SKIP (with the reason) per case. Exit 1 when a
// case failed, 77 when none failed but some were skipped (ctest shows the test as skipped, so
// a skip never counts as a pass), else 0.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "mig_guard/pg/catalog.hpp"
#include "mig_guard/pg/server.hpp"

namespace fs = std::filesystem;
using namespace mig_guard;

namespace {

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}

struct Output {
    int status = 0;
    std::string out, err;
};

// Runs a shell command in `cwd`, capturing stdout and stderr.
Output run(const std::string& command, const fs::path& cwd, const fs::path& scratch) {
    const fs::path err_file = scratch / "stderr.txt";
    const std::string full = "cd " + shell_quote(cwd.string()) + " && " + command + " 2>" + shell_quote(err_file.string());
    Output result;
    FILE* pipe = popen(full.c_str(), "r");
    if (!pipe) {
        result.status = -1;
        result.err = "popen failed";
        return result;
    }
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
    int status = pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
    std::ifstream in(err_file);
    std::stringstream ss;
    ss << in.rdbuf();
    result.err = ss.str();
    return result;
}

bool uses_pgvector(const fs::path& dir) {
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".py") continue;
        std::ifstream in(entry.path());
        std::stringstream ss;
        ss << in.rdbuf();
        if (ss.str().find("pgvector") != std::string::npos) return true;
    }
    return false;
}

enum class Outcome { pass, fail, skip };

Outcome run_case(pg::Server& server, const std::string& mig_guard, const std::string& script, const fs::path& case_dir,
                 bool vector_available, const std::string& after_mig_guard) {
    const std::string name = case_dir.filename().string();
    std::string scratch_template = (fs::temp_directory_path() / "mg-catalog-diff.XXXXXX").string();
    if (!mkdtemp(scratch_template.data())) throw std::runtime_error("mkdtemp failed");
    const fs::path scratch = scratch_template;
    struct Cleanup {
        fs::path dir;
        ~Cleanup() {
            std::error_code ec;
            fs::remove_all(dir, ec);
        }
    } cleanup{scratch};

    const fs::path project = scratch / "case";
    fs::copy(case_dir, project, fs::copy_options::recursive);
    fs::remove_all(project / "after");
    fs::remove_all(project / "expected");

    const bool vector = uses_pgvector(project);
    if (vector && !vector_available) {
        std::cout << "SKIP " << name
                  << ": its models use pgvector and this server has no `vector` extension "
                     "(install postgresql-15-pgvector to compare it)\n";
        return Outcome::skip;
    }

    const std::string db_sa = server.create_database("sa_" + name.substr(0, 2));
    const std::string db_mg = server.create_database("mg_" + name.substr(0, 2));
    struct Drop {
        pg::Server& server;
        std::string a, b;
        ~Drop() {
            try {
                server.drop_database(a);
                server.drop_database(b);
            } catch (const std::exception&) {
            }
        }
    } drop{server, db_sa, db_mg};

    pg::Session sa_session(server.conninfo(db_sa));
    pg::Session mg_session(server.conninfo(db_mg));
    if (vector) {
        sa_session.execute("CREATE EXTENSION IF NOT EXISTS vector");
        mg_session.execute("CREATE EXTENSION IF NOT EXISTS vector");
    }

    Output sa = run("PYTHONDONTWRITEBYTECODE=1 TZ=UTC /usr/bin/python3 " + shell_quote(script) + " . " +
                        shell_quote(server.conninfo(db_sa)),
                    project, scratch);
    if (sa.status != 0) {
        std::cout << "FAIL " << name << ": SQLAlchemy's create_all failed (exit " << sa.status << "):\n" << sa.err;
        return Outcome::fail;
    }
    // The schemas create_all needed exist on both sides: neither DDL creates schemas.
    std::istringstream lines(sa.out);
    for (std::string line; std::getline(lines, line);) {
        if (line.starts_with("schema "))
            mg_session.execute("CREATE SCHEMA IF NOT EXISTS \"" + line.substr(7) + "\"");
    }

    Output mg = run("NO_COLOR=1 " + shell_quote(mig_guard) + " --color never schema --format sql .", project, scratch);
    if (mg.status != 0) {
        std::cout << "FAIL " << name << ": mig-guard schema --format sql exited " << mg.status << ":\n" << mg.err;
        return Outcome::fail;
    }
    try {
        if (!mg.out.empty()) mg_session.execute(mg.out);
        if (!after_mig_guard.empty()) mg_session.execute(after_mig_guard);
    } catch (const pg::SqlError& error) {
        std::cout << "FAIL " << name << ": PostgreSQL rejected mig-guard's DDL: " << error.what() << "\n"
                  << "  in: " << error.statement().substr(0, 2000) << "\n";
        return Outcome::fail;
    }

    const auto sa_schema = pg::introspect(sa_session);
    const auto mg_schema = pg::introspect(mg_session);
    const auto differences = pg::compare(sa_schema, mg_schema);
    if (sa_schema.tables.empty()) {
        std::cout << "FAIL " << name << ": SQLAlchemy created no table (nothing compared)\n";
        return Outcome::fail;
    }
    if (!differences.empty()) {
        std::cout << "FAIL " << name << ": " << differences.size()
                  << " difference(s), left: SQLAlchemy create_all, right: mig-guard\n";
        for (const auto& d : differences) std::cout << "  " << d.str() << "\n";
        std::cout << "  mig-guard's DDL:\n" << mg.out;
        return Outcome::fail;
    }
    std::cout << "PASS " << name << ": " << sa_schema.tables.size() << " table(s), " << sa_schema.enums.size()
              << " enum type(s) equal\n";
    return Outcome::pass;
}

}  // namespace

int main(int argc, char** argv) {
    std::string after_mig_guard;
    if (argc > 2 && std::string_view(argv[1]) == "--after-mig-guard") {
        after_mig_guard = argv[2];
        argv += 2;
        argc -= 2;
    }
    if (argc < 4) {
        std::cerr << "usage: mg-catalog-differential [--after-mig-guard SQL] MIG_GUARD SA_CREATE_ALL_PY CASE_DIR...\n";
        return 2;
    }
    const std::string mig_guard = fs::absolute(argv[1]).string();
    const std::string script = fs::absolute(argv[2]).string();
    try {
        pg::ServerOptions options;
        options.backend = pg::Backend::local;
        options.version = "15";
        auto server = pg::start_server(options);
        std::cout << "server: " << server->describe() << "\n";
        bool vector_available = false;
        {
            const std::string db = server->create_database("probe");
            {
                pg::Session probe(server->conninfo(db));
                vector_available = !probe.query("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'").empty();
            }
            server->drop_database(db);
        }
        int passed = 0, failed = 0, skipped = 0;
        for (int i = 3; i < argc; ++i) {
            Outcome outcome;
            try {
                outcome = run_case(*server, mig_guard, script, fs::absolute(argv[i]), vector_available, after_mig_guard);
            } catch (const std::exception& error) {
                std::cout << "FAIL " << fs::path(argv[i]).filename().string() << ": " << error.what() << "\n";
                outcome = Outcome::fail;
            }
            (outcome == Outcome::pass ? passed : outcome == Outcome::fail ? failed : skipped) += 1;
            std::cout.flush();
        }
        std::cout << passed << " passed, " << failed << " failed, " << skipped << " skipped\n";
        if (failed) return 1;
        if (skipped) return 77;
        return passed > 0 ? 0 : 1;
    } catch (const std::exception& error) {
        std::cout << "FAIL: " << error.what() << "\n";
        return 1;
    }
}
