#include <gtest/gtest.h>

#include <fstream>

#include "mig_guard/config/project.hpp"

using namespace mig_guard;
using namespace mig_guard::config;

namespace {

class TempDir {
public:
    TempDir() {
        char tmpl[] = "/tmp/mg-config-XXXXXX";
        m_path = mkdtemp(tmpl);
    }
    ~TempDir() { fs::remove_all(m_path); }
    const fs::path& path() const { return m_path; }
    void write(const std::string& rel, const std::string& content) const {
        fs::path p = m_path / rel;
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << content;
    }

private:
    fs::path m_path;
};

std::vector<std::string> paths_of(const SourceFiles& files) {
    std::vector<std::string> out;
    for (const auto& f : files) out.push_back(f.path);
    return out;
}

}  // namespace

TEST(ProjectRoot, FoundByWalkingUpToPyproject) {
    TempDir dir;
    dir.write("pyproject.toml", "[project]\nname='x'\n");
    dir.write("app/models/user.py", "");
    EXPECT_EQ(find_project_root(dir.path() / "app" / "models"), dir.path());
    EXPECT_EQ(find_project_root(dir.path() / "app" / "models" / "user.py"), dir.path());
}

TEST(ProjectRoot, RequirementsFileMarksTheRoot) {
    TempDir dir;
    dir.write("svc/requirements-dev.txt", "sqlmodel==0.0.8\n");
    dir.write("svc/app/models.py", "");
    EXPECT_EQ(find_project_root(dir.path() / "svc" / "app"), dir.path() / "svc");
}

TEST(CollectPythonFiles, SkipsVenvsCachesHiddenAndAlembicScripts) {
    TempDir dir;
    dir.write("pyproject.toml", "");
    dir.write("app/models.py", "x = 1\n");
    dir.write("app/__pycache__/models.cpython-311.py", "");
    dir.write(".venv/pyvenv.cfg", "");
    dir.write(".venv/lib/site.py", "");
    dir.write("env/pyvenv.cfg", "");
    dir.write("env/lib/thing.py", "");
    dir.write("migrations/env.py", "");
    dir.write("migrations/script.py.mako", "");
    dir.write("migrations/versions/abc_x.py", "");
    dir.write("app/notes.txt", "");
    auto files = collect_python_files({dir.path()}, dir.path());
    EXPECT_EQ(paths_of(files), std::vector<std::string>{"app/models.py"});
    EXPECT_EQ(files[0].content, "x = 1\n");
}

TEST(CollectPythonFiles, MissingPathIsAUsageError) {
    TempDir dir;
    try {
        collect_python_files({dir.path() / "nope"}, dir.path());
        FAIL() << "expected UsageError";
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("nope"), std::string::npos);
        EXPECT_EQ(e.code(), ExitCode::usage);
    }
}

TEST(PinFiles, ReadsEveryKnownPinFileSorted) {
    TempDir dir;
    dir.write("requirements.txt", "a");
    dir.write("requirements-dev.txt", "b");
    dir.write("pyproject.toml", "c");
    dir.write("uv.lock", "d");
    dir.write("setup.py", "e");
    auto files = read_pin_files(dir.path());
    EXPECT_EQ(paths_of(files),
              (std::vector<std::string>{"pyproject.toml", "requirements-dev.txt", "requirements.txt", "uv.lock"}));
}

TEST(AlembicIni, ReadsScriptLocationTemplateAndMako) {
    TempDir dir;
    dir.write("backend/alembic.ini",
              "[alembic]\nscript_location = %(here)s/app/alembic\n"
              "file_template = %%(year)d_%%(rev)s_%%(slug)s\ntruncate_slug_length = 30\n\n"
              "[loggers]\nkeys = root\n");
    dir.write("backend/app/alembic/script.py.mako", "${message}\n");
    auto ini = find_alembic_ini(dir.path());
    ASSERT_TRUE(ini.has_value());
    EXPECT_EQ(ini->script_location, dir.path() / "backend" / "app" / "alembic");
    EXPECT_EQ(ini->file_template, "%(year)d_%(rev)s_%(slug)s");
    EXPECT_EQ(ini->truncate_slug_length, 30);
    ASSERT_TRUE(ini->script_template.has_value());
    EXPECT_EQ(*ini->script_template, "${message}\n");
}

TEST(AlembicIni, AbsentIsNullopt) {
    TempDir dir;
    EXPECT_FALSE(find_alembic_ini(dir.path()).has_value());
}

TEST(AlembicIni, MissingScriptLocationIsAnErrorNamingTheFile) {
    TempDir dir;
    dir.write("alembic.ini", "[alembic]\nsqlalchemy.url = x\n");
    try {
        find_alembic_ini(dir.path());
        FAIL() << "expected UsageError";
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("alembic.ini"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("script_location"), std::string::npos);
    }
}

TEST(AlembicIni, BadNumberHasLineNumber) {
    TempDir dir;
    dir.write("alembic.ini", "[alembic]\nscript_location = m\ntruncate_slug_length = many\n");
    try {
        find_alembic_ini(dir.path());
        FAIL() << "expected UsageError";
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("alembic.ini:3"), std::string::npos) << e.what();
    }
}

TEST(DisplayPath, RelativeBelowBaseElseUnchanged) {
    EXPECT_EQ(display_path("/a/b/c.py", "/a"), "b/c.py");
    EXPECT_EQ(display_path("/x/c.py", "/a"), "/x/c.py");
}
