// The real Alembic runs what the writer wrote: a temporary Alembic project whose versions/
// holds two revisions rendered from hand-built ops covering every op kind, upgraded and
// downgraded in offline mode (--sql). Python errors (a missing import, a bad keyword) and
// wrong DDL both fail here.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>

#include "fixtures.hpp"
#include "mig_guard/alembic/writer.hpp"

namespace mig_guard::alembic {
namespace {

namespace fs = std::filesystem;
using namespace test;

struct RunResult {
    int status = -1;
    std::string output;
};

RunResult run(const std::string& command) {
    RunResult r;
    FILE* p = popen((command + " 2>&1").c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
    int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

void write(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
    ASSERT_TRUE(out.good()) << p;
}

size_t count(const std::string& hay, const std::string& needle) {
    size_t n = 0;
    for (size_t pos = hay.find(needle); pos != std::string::npos; pos = hay.find(needle, pos + 1)) ++n;
    return n;
}

class AlembicOffline : public ::testing::Test {
protected:
    void SetUp() override {
        const std::string python = MG_TEST_PYTHON;
        ASSERT_TRUE(fs::exists(python)) << python << " is missing: install it with `apt-get install python3-alembic` "
                                                     "(this test runs the real Alembic)";
        RunResult probe = run(python + " -c 'import alembic, sqlalchemy, sqlmodel, psycopg2'");
        ASSERT_EQ(probe.status, 0) << "Alembic, SQLAlchemy, SQLModel or psycopg2 cannot be imported by " << python
                                   << ": install them with `apt-get install python3-alembic python3-psycopg2` and "
                                      "`pip install sqlmodel`\n"
                                   << probe.output;

        char tmpl[] = "/tmp/mg-alembic-offline-XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        m_dir = tmpl;
        fs::create_directories(m_dir / "versions");
        write(m_dir / "alembic.ini",
              "[alembic]\nscript_location = " + m_dir.string() +
                  "\nsqlalchemy.url = postgresql://mig:guard@localhost/offline\n");
        // Offline only: nothing connects to a database.
        write(m_dir / "env.py", R"(from alembic import context

config = context.config
if not context.is_offline_mode():
    raise SystemExit("this test project only runs with --sql")
context.configure(
    url=config.get_main_option("sqlalchemy.url"),
    target_metadata=None,
    literal_binds=True,
    dialect_opts={"paramstyle": "named"},
)
with context.begin_transaction():
    context.run_migrations()
)");
        write(m_dir / "script.py.mako", default_mako_template());

        CreateDate date{2026, 11, 22, 10, 15, 0, 0, 1795342500};
        RevisionHeader first{"1a2b3c4d5e6f", {}, "create users and tasks", date.str(), {}, {}};
        RevisionHeader second{"abcdefabcdef", {"1a2b3c4d5e6f"}, "everything else", date.str(), {}, {}};
        write_revision(first, revision1_upgrade(), revision1_downgrade(), std::nullopt, date);
        write_revision(second, revision2_upgrade(), revision2_downgrade(), alembic_1_8_mako_template(), date);
        m_alembic = python + " -m alembic -c " + (m_dir / "alembic.ini").string();
    }

    void TearDown() override {
        if (!m_dir.empty() && !HasFailure()) fs::remove_all(m_dir);
    }

    void write_revision(const RevisionHeader& h, const Ops& up, const Ops& down, const std::optional<std::string>& tmpl,
                        const CreateDate& date) {
        TextResult text = render_revision(h, up, down, tmpl);
        ASSERT_TRUE(text.ok()) << text.error->str();
        TextResult name = revision_filename("%(rev)s_%(slug)s", h, date);
        ASSERT_TRUE(name.ok());
        write(m_dir / "versions" / name.text, text.text);
    }

    fs::path m_dir;
    std::string m_alembic;
};

TEST_F(AlembicOffline, HistoryReadsTheHeaders) {
    RunResult r = run(m_alembic + " history");
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("1a2b3c4d5e6f -> abcdefabcdef (head), everything else"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("<base> -> 1a2b3c4d5e6f, create users and tasks"), std::string::npos) << r.output;
}

TEST_F(AlembicOffline, UpgradeRunsEveryOpKind) {
    RunResult r = run(m_alembic + " upgrade head --sql");
    ASSERT_EQ(r.status, 0) << r.output;
    const std::string& sql = r.output;
    const char* expected[] = {
        // create_table creates its enum type itself, once; add_column's type is created explicitly.
        "CREATE TYPE status AS ENUM ('active', 'inactive');",
        "CREATE TABLE \"user\" (\n    id SERIAL NOT NULL, \n    email VARCHAR(255) NOT NULL, \n    status status NOT NULL,",
        "COMMENT ON TABLE \"user\" IS 'users';",
        "CREATE UNIQUE INDEX ix_user_email ON \"user\" (email);",
        "id INTEGER GENERATED ALWAYS AS IDENTITY (INCREMENT BY 1 START WITH 1)",
        "title VARCHAR(50) DEFAULT 'untitled' NOT NULL",
        "score INTEGER GENERATED ALWAYS AS (id * 2) STORED",
        "CONSTRAINT fk_task_user_id_user FOREIGN KEY(user_id) REFERENCES \"user\" (id) ON DELETE CASCADE",
        "COMMENT ON COLUMN task.title IS 'what to do';",
        "CREATE TYPE priority AS ENUM ('low', 'high');\n\nALTER TABLE task ADD COLUMN priority priority;",
        "CREATE INDEX ix_task_lower_title ON task (lower(title)) INCLUDE (id) WHERE score > 0;",
        "ALTER TABLE task ALTER COLUMN title TYPE TEXT USING title::text;",
        "ALTER TABLE task ALTER COLUMN title DROP NOT NULL;",
        "ALTER TABLE task ALTER COLUMN title DROP DEFAULT;",
        "ALTER TABLE task RENAME score TO points;",
        "ALTER TABLE task ADD CONSTRAINT uq_task_title UNIQUE (title, user_id);",
        "ALTER TABLE task ADD CONSTRAINT ck_task_points CHECK (points >= 0);",
        "ALTER TABLE task DROP CONSTRAINT fk_task_user_id_user;",
        "REFERENCES \"user\" (id) ON DELETE SET NULL;",
        // ADD VALUE outside the migration's transaction.
        "COMMIT;\n\nALTER TYPE priority ADD VALUE 'urgent';\n\nBEGIN;",
        "ALTER TYPE status RENAME TO status_old;\n\nCREATE TYPE status AS ENUM ('active', 'archived');",
        "ALTER TABLE \"user\" ALTER COLUMN status TYPE status USING status::text::status;",
        "ALTER TABLE task ALTER COLUMN status TYPE status USING status::text::status;\n\nDROP TYPE status_old;",
        "ALTER TABLE tag ADD CONSTRAINT pk_tag PRIMARY KEY (name);",
        "COMMENT ON TABLE task IS 'things to do';",
        "COMMENT ON TABLE \"user\" IS NULL;",
        "UPDATE task SET title = 'untitled' WHERE title IS NULL;",
        "INSERT INTO tag (name) VALUES ('a');\n\nINSERT INTO tag (name) VALUES ('b');",
        "ALTER TABLE \"user\" DROP COLUMN profile;",
        "ALTER TABLE task RENAME TO todo;",
        "UPDATE alembic_version SET version_num='abcdefabcdef'",
    };
    for (const char* e : expected) EXPECT_NE(sql.find(e), std::string::npos) << "missing: " << e << "\n" << sql;
    // Once by create_table in the first revision, once by the recreation in the second: an
    // explicit create next to create_table would make it three (and fail on a database).
    EXPECT_EQ(count(sql, "CREATE TYPE status AS ENUM"), 2u) << sql;
    EXPECT_EQ(count(sql, "CREATE TYPE priority AS ENUM"), 1u) << sql;
}

TEST_F(AlembicOffline, DowngradeRunsEveryOpKind) {
    RunResult r = run(m_alembic + " downgrade head:base --sql");
    ASSERT_EQ(r.status, 0) << r.output;
    const std::string& sql = r.output;
    const char* expected[] = {
        "ALTER TABLE todo RENAME TO task;",
        "ALTER TABLE \"user\" ADD COLUMN profile JSONB;",
        "ALTER TABLE tag DROP CONSTRAINT pk_tag;",
        "DROP TABLE tag;",
        "CREATE TYPE status AS ENUM ('active', 'inactive');",
        "ALTER TYPE priority RENAME TO priority_old;\n\nCREATE TYPE priority AS ENUM ('low', 'high');",
        "ALTER TABLE task ALTER COLUMN priority TYPE priority USING priority::text::priority;",
        "ALTER TABLE task DROP CONSTRAINT ck_task_points;",
        "ALTER TABLE task DROP CONSTRAINT uq_task_title;",
        "ALTER TABLE task RENAME points TO score;",
        "ALTER TABLE task ALTER COLUMN title TYPE VARCHAR(50);",
        "ALTER TABLE task ALTER COLUMN title SET DEFAULT 'untitled';",
        "DROP INDEX ix_task_lower_title;",
        "ALTER TABLE task DROP COLUMN priority;\n\nDROP TYPE priority;\n\nDROP TABLE task;",
        "DROP INDEX ix_user_email;\n\nDROP TABLE \"user\";\n\nDROP TYPE status;",
        "DELETE FROM alembic_version",
    };
    for (const char* e : expected) EXPECT_NE(sql.find(e), std::string::npos) << "missing: " << e << "\n" << sql;
}

}  // namespace
}  // namespace mig_guard::alembic
