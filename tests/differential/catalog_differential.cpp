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
    // The same models through a revision chain: the revision mig-guard writes for empty ->
    // models, run by the real Alembic (`alembic upgrade head`) and by mig-guard's own SQL for
    // it, must build the same catalog again.
    const fs::path empty = scratch / "empty";
    fs::create_directories(empty);
    const fs::path alembic_dir = scratch / "alembic";
    fs::create_directories(alembic_dir / "chain" / "versions");
    const std::string diff_args = " --color never diff --from " + shell_quote(empty.string()) + " --to . ";
    Output revision = run("NO_COLOR=1 SOURCE_DATE_EPOCH=1795000000 " + shell_quote(mig_guard) + diff_args +
                              "--format revision --rev-id aaaaaaaaaaaa -m initial",
                          project, scratch);
    Output chain_sql = run("NO_COLOR=1 " + shell_quote(mig_guard) + diff_args + "--format sql", project, scratch);
    if (revision.status != 0 || chain_sql.status != 0) {
        std::cout << "FAIL " << name << ": mig-guard diff from empty failed:\n" << revision.err << chain_sql.err;
        return Outcome::fail;
    }
    {
        std::ofstream(alembic_dir / "chain" / "versions" / "aaaaaaaaaaaa_initial.py") << revision.out;
        // The project's own modules (a custom type's) are importable, as in the project itself.
        std::ofstream(alembic_dir / "alembic.ini")
            << "[alembic]\nscript_location = chain\nprepend_sys_path = " << project.string() << "\n";
        std::ofstream(alembic_dir / "chain" / "env.py")
            << "import os\nfrom alembic import context\nfrom sqlalchemy import create_engine\n\n"
               "engine = create_engine(os.environ['MG_TEST_URL'])\n"
               "with engine.connect() as connection:\n"
               "    context.configure(connection=connection, target_metadata=None)\n"
               "    with context.begin_transaction():\n"
               "        context.run_migrations()\n";
    }
    const std::string db_al = server.create_database("al_" + name.substr(0, 2));
    const std::string db_mr = server.create_database("mr_" + name.substr(0, 2));
    struct DropMore {
        pg::Server& server;
        std::string a, b;
        ~DropMore() {
            try {
                server.drop_database(a);
                server.drop_database(b);
            } catch (const std::exception&) {
            }
        }
    } drop_more{server, db_al, db_mr};
    pg::Session al_session(server.conninfo(db_al));
    pg::Session mr_session(server.conninfo(db_mr));
    for (auto* s : {&al_session, &mr_session}) {
        if (vector) s->execute("CREATE EXTENSION IF NOT EXISTS vector");
        std::istringstream schema_lines(sa.out);
        for (std::string line; std::getline(schema_lines, line);)
            if (line.starts_with("schema ")) s->execute("CREATE SCHEMA IF NOT EXISTS \"" + line.substr(7) + "\"");
    }
    // libpq's "host=/dir port=N user=U dbname=D" as the URL SQLAlchemy wants.
    std::string url = "postgresql+psycopg2:///" + db_al + "?";
    {
        std::istringstream fields(server.conninfo(db_al));
        std::string sep;
        for (std::string field; fields >> field;) {
            if (field.starts_with("dbname=")) continue;
            url += sep + field;
            sep = "&";
        }
    }
    Output alembic = run("PYTHONDONTWRITEBYTECODE=1 MG_TEST_URL=" + shell_quote(url) +
                             " /usr/bin/python3 -m alembic upgrade head",
                         alembic_dir, scratch);
    if (alembic.status != 0) {
        std::cout << "FAIL " << name << ": alembic upgrade head of mig-guard's revision failed:\n"
                  << alembic.err << "\n  revision:\n" << revision.out;
        return Outcome::fail;
    }
    try {
        if (!chain_sql.out.empty()) mr_session.execute(chain_sql.out);
    } catch (const pg::SqlError& error) {
        std::cout << "FAIL " << name << ": PostgreSQL rejected mig-guard's SQL for the revision: " << error.what() << "\n";
        return Outcome::fail;
    }
    for (auto [label, session] : {std::pair{"alembic upgrade head", &al_session}, std::pair{"mig-guard's revision SQL", &mr_session}}) {
        const auto chain = pg::introspect(*session);
        const auto chain_differences = pg::compare(sa_schema, chain);
        if (!chain_differences.empty()) {
            std::cout << "FAIL " << name << ": " << chain_differences.size()
                      << " difference(s), left: SQLAlchemy create_all, right: the revision chain through " << label
                      << "\n";
            for (const auto& d : chain_differences) std::cout << "  " << d.str() << "\n";
            return Outcome::fail;
        }
    }

    std::cout << "PASS " << name << ": " << sa_schema.tables.size() << " table(s), " << sa_schema.enums.size()
              << " enum type(s) equal: create_all, mig-guard's DDL, and the revision chain through Alembic and "
                 "through mig-guard\n";
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
