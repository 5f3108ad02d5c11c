// load_project, the project layout and show_settings, over an in-memory FileTree (the file
// system is not under test there) and over DiskTree on temporary directories.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <set>

#include "mig_guard/common/diagnostic.hpp"
#include "mig_guard/config/settings.hpp"
#include "tree_paths.hpp"

using namespace mig_guard;
using namespace mig_guard::config;
namespace fs = std::filesystem;

namespace {

using Files = std::map<std::string, std::string, std::less<>>;

class TempDir {
public:
    TempDir() {
        char tmpl[] = "/tmp/mg-settings-XXXXXX";
        m_path = mkdtemp(tmpl);
    }
    ~TempDir() { fs::remove_all(m_path); }
    const fs::path& path() const { return m_path; }
    void write(const Files& files) const {
        for (const auto& [rel, content] : files) {
            fs::path p = m_path / rel;
            fs::create_directories(p.parent_path());
            std::ofstream(p, std::ios::binary) << content;
        }
    }

private:
    fs::path m_path;
};

std::vector<std::string> paths_of(const SourceFiles& files) {
    std::vector<std::string> out;
    for (const auto& f : files) out.push_back(f.path);
    return out;
}

// The UsageError `fn` throws; fails the test when it throws nothing.
UsageError usage_error(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const UsageError& e) {
        return e;
    }
    ADD_FAILURE() << "expected a UsageError";
    return UsageError("(none thrown)");
}

const std::string k_ini = "[alembic]\nscript_location = migrations\nsqlalchemy.url = postgresql://x\n";

Project load(const Files& files, std::string_view start = "", std::string_view config = "") {
    return load_project(MemoryTree(files), start, config);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The table

TEST(SettingKeys, TheTableHasEveryDocumentedKey) {
    std::set<std::string> keys;
    for (const auto& k : setting_keys()) {
        keys.insert(std::string(k.table) + "." + std::string(k.key));
        EXPECT_FALSE(k.type.empty()) << k.key;
        EXPECT_FALSE(k.default_value.empty()) << k.key;
        EXPECT_FALSE(k.doc.empty()) << k.key;
    }
    std::set<std::string> expected{
        "tool.mig-guard.alembic_ini",        "tool.mig-guard.models",          "tool.mig-guard.import_roots",
        "tool.mig-guard.ledger",             "tool.mig-guard.base",            "tool.mig-guard.naming_convention",
        "tool.mig-guard.sqlmodel",           "tool.mig-guard.sqlalchemy",      "tool.mig-guard.postgres.backend",
        "tool.mig-guard.postgres.version",   "tool.mig-guard.postgres.image",  "tool.mig-guard.postgres.url_env",
        "tool.mig-guard.postgres.extensions", "tool.mig-guard.rules.<CODE>"};
    EXPECT_EQ(keys, expected);
}

// ---------------------------------------------------------------------------------------------
// Finding the project, over both kinds of tree

struct LayoutCase {
    const char* name;
    Files files;
    std::string start;
    std::string root;
    std::string config_file;
    std::string alembic_ini;
    std::string script_location;
    std::string versions_dir;
};

std::vector<LayoutCase> layout_cases() {
    return {
        {"zero_config_root", {{"alembic.ini", k_ini}, {"app/models.py", ""}}, "", "", "", "alembic.ini", "migrations",
         "migrations/versions"},
        {"zero_config_backend",
         {{"pyproject.toml", "[project]\nname = 'x'\n"}, {"backend/alembic.ini", k_ini}, {"backend/app/models.py", ""}},
         "",
         "backend",
         "",
         "backend/alembic.ini",
         "backend/migrations",
         "backend/migrations/versions"},
        {"backend_from_inside",
         {{"backend/alembic.ini", k_ini}, {"backend/app/models/user.py", ""}},
         "backend/app/models",
         "backend",
         "",
         "backend/alembic.ini",
         "backend/migrations",
         "backend/migrations/versions"},
        {"subdirectory_start", {{"alembic.ini", k_ini}, {"app/models/user.py", ""}}, "app/models", "", "", "alembic.ini",
         "migrations", "migrations/versions"},
        {"start_is_a_file", {{"alembic.ini", k_ini}, {"app/models/user.py", ""}}, "app/models/user.py", "", "",
         "alembic.ini", "migrations", "migrations/versions"},
        {"plain_pyproject_below_is_not_a_root",
         {{"alembic.ini", k_ini}, {"app/pyproject.toml", "[project]\nname='x'\n"}, {"app/m.py", ""}},
         "app",
         "",
         "",
         "alembic.ini",
         "migrations",
         "migrations/versions"},
        {"configured_pyproject_below_is_a_root",
         {{"alembic.ini", k_ini}, {"svc/pyproject.toml", "[tool.mig-guard]\nbase = 'main'\n"}, {"svc/m.py", ""}},
         "svc",
         "svc",
         "svc/pyproject.toml",
         "",
         "",
         ""},
        {"config_at_top_finds_backend_ini",
         {{"mig-guard.toml", "base = 'main'\n"}, {"backend/alembic.ini", k_ini}},
         "",
         "",
         "mig-guard.toml",
         "backend/alembic.ini",
         "backend/migrations",
         "backend/migrations/versions"},
        {"configured_pyproject_next_to_backend_ini",
         {{"backend/alembic.ini", k_ini}, {"backend/pyproject.toml", "[project]\nname = 'x'\n\n[tool.mig-guard]\nbase = 'main'\n"}},
         "",
         "backend",
         "backend/pyproject.toml",
         "backend/alembic.ini",
         "backend/migrations",
         "backend/migrations/versions"},
        {"plain_pyproject_next_to_backend_ini_is_not_a_config",
         {{"backend/alembic.ini", k_ini}, {"backend/pyproject.toml", "[project]\nname = 'x'\n"}},
         "",
         "backend",
         "",
         "backend/alembic.ini",
         "backend/migrations",
         "backend/migrations/versions"},
        {"mig_guard_toml_next_to_backend_ini",
         {{"backend/alembic.ini", k_ini}, {"backend/mig-guard.toml", "base = 'main'\n"}},
         "",
         "backend",
         "backend/mig-guard.toml",
         "backend/alembic.ini",
         "backend/migrations",
         "backend/migrations/versions"},
        {"config_next_to_the_one_ini_below",
         {{"services/api/alembic.ini", k_ini}, {"services/api/pyproject.toml", "[tool.mig-guard]\nbase = 'main'\n"}},
         "",
         "services/api",
         "services/api/pyproject.toml",
         "services/api/alembic.ini",
         "services/api/migrations",
         "services/api/migrations/versions"},
        {"mig_guard_toml_wins",
         {{"alembic.ini", k_ini},
          {"pyproject.toml", "[tool.mig-guard]\nbase = 'x'\n"},
          {"mig-guard.toml", "base = 'y'\n"}},
         "",
         "",
         "mig-guard.toml",
         "alembic.ini",
         "migrations",
         "migrations/versions"},
        {"explicit_like_layout_in_subdir",
         {{"svc/mig-guard.toml", "alembic_ini = 'db/alembic.ini'\n"}, {"svc/db/alembic.ini", "[alembic]\nscript_location = %(here)s/m\n"}},
         "svc",
         "svc",
         "svc/mig-guard.toml",
         "svc/db/alembic.ini",
         "svc/db/m",
         "svc/db/m/versions"},
        {"here_interpolation",
         {{"backend/alembic.ini", "[alembic]\nscript_location = %(here)s/app/alembic\n"}},
         "",
         "backend",
         "",
         "backend/alembic.ini",
         "backend/app/alembic",
         "backend/app/alembic/versions"},
        {"version_locations",
         {{"alembic.ini", "[alembic]\nscript_location = db\nversion_locations = %(here)s/db/revs other/revs\n"}},
         "",
         "",
         "",
         "alembic.ini",
         "db",
         "db/revs"},
        {"version_locations_os_separator",
         {{"backend/alembic.ini",
           "[alembic]\nscript_location = db\nversion_path_separator = os\nversion_locations = db/a:db/b\n"}},
         "",
         "backend",
         "",
         "backend/alembic.ini",
         "backend/db",
         "backend/db/a"},
    };
}

class Layout : public ::testing::TestWithParam<LayoutCase> {};

void expect_layout(const Project& p, const LayoutCase& c) {
    EXPECT_EQ(p.root, c.root);
    EXPECT_EQ(p.config_file, c.config_file);
    EXPECT_EQ(p.alembic_ini.value, c.alembic_ini);
    EXPECT_EQ(p.script_location.value, c.script_location);
    EXPECT_EQ(p.versions_dir.value, c.versions_dir);
}

TEST_P(Layout, InMemory) {
    const auto& c = GetParam();
    expect_layout(load_project(MemoryTree(c.files), c.start), c);
}

TEST_P(Layout, OnDisk) {
    const auto& c = GetParam();
    TempDir dir;
    dir.write(c.files);
    expect_layout(load_project(DiskTree(dir.path()), c.start), c);
}

INSTANTIATE_TEST_SUITE_P(Config, Layout, ::testing::ValuesIn(layout_cases()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(LoadProject, SettingsNextToBackendIniAreReadFromTheTop) {
    Project p = load({{"backend/alembic.ini", k_ini},
                      {"backend/pyproject.toml", "[tool.mig-guard]\nbase = 'develop'\n"}});
    EXPECT_EQ(p.base.value, "develop");
    EXPECT_EQ(p.base.origin, "backend/pyproject.toml:2:1");
    EXPECT_NE(show_settings(p).find("# configuration file:   backend/pyproject.toml\n"), std::string::npos);
}

TEST(HasSettingsTable, ReadsTheFileAsToml) {
    EXPECT_FALSE(has_settings_table("[project]\nname = 'x'\n", "pyproject.toml"));
    EXPECT_TRUE(has_settings_table("[tool.mig-guard]\nbase = 'main'\n", "pyproject.toml"));
    // A sub-table alone defines [tool.mig-guard] too: a second header would be a duplicate.
    EXPECT_TRUE(has_settings_table("[tool.mig-guard.rules]\nMG402 = 'off'\n", "pyproject.toml"));
    EXPECT_TRUE(has_settings_table("tool = { mig-guard = { base = 'main' } }\n", "pyproject.toml"));
    UsageError e = usage_error([] { has_settings_table("[project\n", "backend/pyproject.toml"); });
    EXPECT_NE(std::string(e.what()).find("backend/pyproject.toml:1:"), std::string::npos) << e.what();
}

TEST(LoadProject, ZeroConfigDefaultsAndOrigins) {
    Project p = load({{"alembic.ini", k_ini}, {"migrations/env.py", ""}});
    EXPECT_EQ(p.alembic_ini.origin, "discovered");
    EXPECT_EQ(p.script_location.origin, "alembic.ini:2");
    EXPECT_EQ(p.versions_dir.origin, "discovered");
    EXPECT_EQ(p.ledger.value, "migrations/mig-guard.lock");
    EXPECT_EQ(p.ledger.origin, "default");
    EXPECT_EQ(p.file_template.value, "%(rev)s_%(slug)s");
    EXPECT_EQ(p.truncate_slug_length.value, 40);
    EXPECT_EQ(p.base.value, "origin/main");
    EXPECT_EQ(p.postgres.backend.value, "auto");
    EXPECT_EQ(p.import_roots.value, std::vector<std::string>{"."});
    EXPECT_FALSE(p.script_template.has_value());
    EXPECT_NO_THROW(p.require_alembic());
}

TEST(LoadProject, AlembicIniTemplateSlugLengthAndMako) {
    Project p = load({{"backend/alembic.ini",
                       "# comment\n[alembic]\nscript_location = migrations\n"
                       "file_template = %%(year)d_%%(rev)s_%%(slug)s\ntruncate_slug_length = 20\n"},
                      {"backend/migrations/script.py.mako", "${message}\n"}});
    EXPECT_EQ(p.file_template.value, "%(year)d_%(rev)s_%(slug)s");
    EXPECT_EQ(p.file_template.origin, "backend/alembic.ini:4");
    EXPECT_EQ(p.truncate_slug_length.value, 20);
    EXPECT_EQ(p.truncate_slug_length.origin, "backend/alembic.ini:5");
    ASSERT_TRUE(p.script_template.has_value());
    EXPECT_EQ(*p.script_template, "${message}\n");
    EXPECT_EQ(p.ledger.value, "backend/migrations/mig-guard.lock");
}

TEST(LoadProject, AlembicIniErrorsNameTheLine) {
    auto e = usage_error([] { load({{"alembic.ini", "[alembic]\nscript_location = m\ntruncate_slug_length = x\n"}}); });
    EXPECT_NE(std::string(e.what()).find("alembic.ini:3"), std::string::npos) << e.what();
    e = usage_error([] { load({{"alembic.ini", "[alembic]\nsqlalchemy.url = x\n"}}); });
    EXPECT_NE(std::string(e.what()).find("has no script_location"), std::string::npos) << e.what();
    e = usage_error([] { load({{"alembic.ini", "[alembic]\nscript_location = ../../elsewhere\n"}}); });
    EXPECT_NE(std::string(e.what()).find("alembic.ini:2: script_location leaves the repository"), std::string::npos)
        << e.what();
}

TEST(LoadProject, MigGuardTomlWinsOverPyprojectInTheSameDirectory) {
    Project p = load({{"pyproject.toml", "[tool.mig-guard]\nbase = 'from-pyproject'\n"},
                      {"mig-guard.toml", "base = 'from-mig-guard'\n"},
                      {"alembic.ini", k_ini}});
    EXPECT_EQ(p.config_file, "mig-guard.toml");
    EXPECT_EQ(p.base.value, "from-mig-guard");
    EXPECT_EQ(p.base.origin, "mig-guard.toml:1:1");
}

TEST(LoadProject, NearestConfigurationWins) {
    Files files{{"mig-guard.toml", "base = 'top'\n"},
                {"backend/pyproject.toml", "[project]\nname = 'b'\n\n[tool.mig-guard]\nbase = 'backend'\n"},
                {"backend/alembic.ini", k_ini}};
    Project p = load(files, "backend/app");
    EXPECT_EQ(p.root, "backend");
    EXPECT_EQ(p.base.value, "backend");
    EXPECT_EQ(p.base.origin, "backend/pyproject.toml:5:1");
    EXPECT_EQ(p.alembic_ini.value, "backend/alembic.ini");
    EXPECT_EQ(load(files, "").base.value, "top");
}

TEST(LoadProject, ExplicitConfig) {
    Files files{{"alembic.ini", k_ini},
                {"mig-guard.toml", "base = 'default-file'\n"},
                {"ci/strict.toml", "base = 'strict'\n[postgres]\nbackend = 'url'\n"}};
    Project p = load(files, "", "ci/strict.toml");
    EXPECT_EQ(p.config_file, "ci/strict.toml");
    EXPECT_EQ(p.root, "ci");
    EXPECT_EQ(p.base.value, "strict");
    EXPECT_EQ(p.postgres.backend.value, "url");
    EXPECT_EQ(p.postgres.backend.origin, "ci/strict.toml:3:1");

    Project py = load({{"alembic.ini", k_ini}, {"pyproject.toml", "[tool.mig-guard]\nbase = 'py'\n"}}, "", "pyproject.toml");
    EXPECT_EQ(py.base.value, "py");
    EXPECT_EQ(py.alembic_ini.value, "alembic.ini");

    auto e = usage_error([&] { load(files, "", "missing.toml"); });
    EXPECT_NE(std::string(e.what()).find("'missing.toml' does not exist in the memory tree"), std::string::npos) << e.what();
}

TEST(LoadProject, EveryKeyIsReadWithItsOrigin) {
    Project p = load({{"alembic.ini", k_ini},
                      {"db/alembic.ini", "[alembic]\nscript_location = m\n"},
                      {"pyproject.toml", "[tool.mig-guard]\n"
                                         "alembic_ini = 'db/alembic.ini'\n"
                                         "models = ['app/models', 'lib/*.py']\n"
                                         "import_roots = ['.', 'src']\n"
                                         "ledger = 'review.lock'\n"
                                         "base = 'origin/develop'\n"
                                         "naming_convention = { pk = 'pk_%(table_name)s' }\n"
                                         "sqlmodel = '0.0.8'\n"
                                         "sqlalchemy = '1.4'\n"
                                         "\n[tool.mig-guard.postgres]\n"
                                         "backend = 'docker'\n"
                                         "version = '15'\n"
                                         "image = 'postgis/postgis:15-3.4'\n"
                                         "url_env = 'TEST_DB'\n"
                                         "extensions = ['vector', 'postgis']\n"}});
    EXPECT_EQ(p.alembic_ini.value, "db/alembic.ini");
    EXPECT_EQ(p.alembic_ini.origin, "pyproject.toml:2:1");
    EXPECT_EQ(p.script_location.value, "db/m");
    EXPECT_EQ(p.script_location.origin, "db/alembic.ini:2");
    EXPECT_EQ(p.models.value, (std::vector<std::string>{"app/models", "lib/*.py"}));
    EXPECT_EQ(p.models.origin, "pyproject.toml:3:1");
    EXPECT_EQ(p.import_roots.value, (std::vector<std::string>{".", "src"}));
    EXPECT_EQ(p.ledger.value, "review.lock");
    EXPECT_EQ(p.ledger.origin, "pyproject.toml:5:1");
    EXPECT_EQ(p.base.value, "origin/develop");
    EXPECT_EQ(p.naming_convention.value, (std::map<std::string, std::string>{{"pk", "pk_%(table_name)s"}}));
    EXPECT_EQ(p.sqlmodel.value, "0.0.8");
    EXPECT_EQ(p.sqlalchemy.value, "1.4");
    EXPECT_EQ(p.sqlalchemy.origin, "pyproject.toml:9:1");
    EXPECT_EQ(p.postgres.backend.value, "docker");
    EXPECT_EQ(p.postgres.version.value, "15");
    EXPECT_EQ(p.postgres.image.value, "postgis/postgis:15-3.4");
    EXPECT_EQ(p.postgres.url_env.value, "TEST_DB");
    EXPECT_EQ(p.postgres.extensions.value, (std::vector<std::string>{"vector", "postgis"}));
    EXPECT_EQ(p.postgres.extensions.origin, "pyproject.toml:16:1");
}

TEST(LoadProject, PathsInABackendConfigAreRelativeToIt) {
    Project p = load({{"backend/pyproject.toml", "[tool.mig-guard]\nalembic_ini = 'conf/alembic.ini'\nledger = 'x.lock'\n"},
                      {"backend/conf/alembic.ini", "[alembic]\nscript_location = %(here)s/../migrations\n"}},
                     "backend");
    EXPECT_EQ(p.alembic_ini.value, "backend/conf/alembic.ini");
    EXPECT_EQ(p.script_location.value, "backend/migrations");
    EXPECT_EQ(p.ledger.value, "backend/x.lock");
}

TEST(LoadProject, ConfiguredAlembicIniMustExist) {
    auto e = usage_error([] { load({{"mig-guard.toml", "\nalembic_ini = 'nope/alembic.ini'\n"}}); });
    EXPECT_NE(std::string(e.what()).find("mig-guard.toml:2:1: alembic_ini names a file that does not exist"),
              std::string::npos)
        << e.what();
}

TEST(LoadProject, PathsMayNotLeaveTheTree) {
    auto e = usage_error([] { load({{"mig-guard.toml", "ledger = '../../x.lock'\n"}, {"alembic.ini", k_ini}}); });
    EXPECT_NE(std::string(e.what()).find("mig-guard.toml:1:10: 'ledger' must be a path inside the project"),
              std::string::npos)
        << e.what();
}

// Each key given a value of the wrong type: the error names the value's location and the type.
struct TypeCase {
    const char* table;  // "" for the top level
    const char* line;
    const char* expect;
};

TEST(LoadProject, EveryKeyRejectsTheWrongType) {
    const std::vector<TypeCase> cases{
        {"", "alembic_ini = 1", "'alembic_ini' in [tool.mig-guard] must be a string, not an integer"},
        {"", "models = 'app'", "'models' in [tool.mig-guard] must be an array of strings, not a string"},
        {"", "import_roots = [1]", "'import_roots' in [tool.mig-guard] must be an array of strings, not an array holding an integer"},
        {"", "ledger = true", "'ledger' in [tool.mig-guard] must be a string, not a boolean"},
        {"", "base = ['a']", "'base' in [tool.mig-guard] must be a string, not an array"},
        {"", "naming_convention = ['a']", "'naming_convention' in [tool.mig-guard] must be a table of strings, not an array"},
        {"", "sqlmodel = 0.8", "'sqlmodel' in [tool.mig-guard] must be a string, not a float"},
        {"", "sqlalchemy = 2", "'sqlalchemy' in [tool.mig-guard] must be a string, not an integer"},
        {".postgres", "backend = 1", "'backend' in [tool.mig-guard.postgres] must be one of \"auto\", \"local\", \"docker\", \"podman\", \"url\", not an integer"},
        {".postgres", "version = 16", "'version' in [tool.mig-guard.postgres] must be a string, not an integer"},
        {".postgres", "image = {}", "'image' in [tool.mig-guard.postgres] must be a string, not a table"},
        {".postgres", "url_env = 1", "'url_env' in [tool.mig-guard.postgres] must be a string, not an integer"},
        {".postgres", "extensions = 'vector'", "'extensions' in [tool.mig-guard.postgres] must be an array of strings, not a string"},
    };
    size_t keys_covered = 0;
    for (const auto& c : cases) {
        const std::string text = "[project]\nname = 'x'\n\n[tool.mig-guard" + std::string(c.table) + "]\n" + c.line + "\n";
        auto e = usage_error([&] { load({{"alembic.ini", k_ini}, {"pyproject.toml", text}}); });
        const std::string msg = e.what();
        EXPECT_EQ(msg.rfind("pyproject.toml:5:", 0), 0u) << msg;
        EXPECT_NE(msg.find(c.expect), std::string::npos) << msg;
        EXPECT_NE(e.help().find("write e.g."), std::string::npos) << e.help();
        ++keys_covered;
    }
    size_t table_keys = 0;
    for (const auto& k : setting_keys()) table_keys += k.table != std::string_view("tool.mig-guard.rules");
    EXPECT_EQ(keys_covered, table_keys);
}

TEST(LoadProject, WrongTypeInsideAnArrayPointsAtTheElement) {
    auto e = usage_error([] { load({{"alembic.ini", k_ini}, {"mig-guard.toml", "models = ['app', 3]\n"}}); });
    EXPECT_EQ(std::string(e.what()),
              "mig-guard.toml:1:18: 'models' in the top level of mig-guard.toml must be an array of strings, not an array "
              "holding an integer");
}

TEST(LoadProject, UnknownKeyHasLocationSuggestionAndValidKeys) {
    std::string text = "[project]\nname = 'x'\n";
    for (int i = 3; i < 13; ++i) text += "\n";
    text += "[tool.mig-guard]\nmodles = ['app']\n";  // line 14
    auto e = usage_error([&] { load({{"alembic.ini", k_ini}, {"pyproject.toml", text}}); });
    EXPECT_EQ(std::string(e.what()), "pyproject.toml:14:1: unknown key 'modles' in [tool.mig-guard]");
    EXPECT_EQ(e.help(),
              "did you mean 'models'? valid keys: alembic_ini, base, import_roots, ledger, models, naming_convention, "
              "postgres, rules, sqlalchemy, sqlmodel");

    e = usage_error([] { load({{"alembic.ini", k_ini}, {"mig-guard.toml", "[postgres]\nbakend = 'local'\nzzz = 1\n"}}); });
    EXPECT_EQ(std::string(e.what()), "mig-guard.toml:2:1: unknown key 'bakend' in [postgres]");
    EXPECT_EQ(e.help(), "did you mean 'backend'? valid keys: backend, extensions, image, url_env, version");

    // An unknown sub-table is an unknown key too, located at its header.
    e = usage_error([] { load({{"alembic.ini", k_ini}, {"pyproject.toml", "[tool.mig-guard]\nbase = 'x'\n\n[tool.mig-guard.rulez]\n"}}); });
    EXPECT_EQ(std::string(e.what()).rfind("pyproject.toml:4:", 0), 0u) << e.what();
    EXPECT_NE(std::string(e.what()).find("unknown key 'rulez' in [tool.mig-guard]"), std::string::npos) << e.what();
    EXPECT_NE(e.help().find("did you mean 'rules'?"), std::string::npos) << e.help();

    // Far from every key: no suggestion, still the list.
    e = usage_error([] { load({{"alembic.ini", k_ini}, {"mig-guard.toml", "[postgres]\nzzzzzzzz = 1\n"}}); });
    EXPECT_EQ(e.help(), "valid keys: backend, extensions, image, url_env, version");
}

TEST(LoadProject, BadBackendValue) {
    auto e = usage_error(
        [] { load({{"alembic.ini", k_ini}, {"pyproject.toml", "[tool.mig-guard.postgres]\nbackend = 'mysql'\n"}}); });
    EXPECT_EQ(std::string(e.what()), "pyproject.toml:2:11: 'backend' in [tool.mig-guard.postgres] must be one of \"auto\", "
                                     "\"local\", \"docker\", \"podman\", \"url\", not \"mysql\"");
    EXPECT_EQ(e.help(), "write e.g. backend = \"auto\"");
}

TEST(LoadProject, SubtablesMustBeTables) {
    auto e = usage_error([] { load({{"alembic.ini", k_ini}, {"mig-guard.toml", "postgres = 'local'\n"}}); });
    EXPECT_NE(std::string(e.what()).find("mig-guard.toml:1:12: 'postgres' in the top level of mig-guard.toml must be a table"),
              std::string::npos)
        << e.what();
    e = usage_error([] { load({{"alembic.ini", k_ini}, {"pyproject.toml", "[tool]\nmig-guard = 1\n"}}); });
    EXPECT_NE(std::string(e.what()).find("'tool.mig-guard' must be a table"), std::string::npos) << e.what();
}

TEST(LoadProject, TomlSyntaxErrorHasLineAndColumn) {
    auto e = usage_error([] { load({{"alembic.ini", k_ini}, {"pyproject.toml", "[tool.mig-guard]\nbase = 'x\n"}}); });
    EXPECT_EQ(std::string(e.what()).rfind("pyproject.toml:2:", 0), 0u) << e.what();
}

TEST(LoadProject, RuleLevelsWithOrigins) {
    Project p = load({{"alembic.ini", k_ini},
                      {"pyproject.toml", "[tool.mig-guard.rules]\nMG402 = 'warning'\nMG101 = 'off'\nMG201 = 'error'\n"}});
    EXPECT_EQ(p.rules, (RuleLevels{{"MG402", lint::Level::warning}, {"MG101", lint::Level::off}, {"MG201", lint::Level::error}}));
    EXPECT_EQ(p.rule_origins.at("MG101"), "pyproject.toml:3:1");

    Project standalone = load({{"alembic.ini", k_ini}, {"mig-guard.toml", "[rules]\nMG402 = 'off'\n"}});
    EXPECT_EQ(standalone.rules.at("MG402"), lint::Level::off);

    auto e = usage_error([] { load({{"alembic.ini", k_ini}, {"mig-guard.toml", "[rules]\nMG402 = 'loud'\n"}}); });
    EXPECT_EQ(std::string(e.what()),
              "mig-guard.toml:2:9: the level of a rule in [rules] must be one of \"error\", \"warning\", \"off\", not \"loud\"");
    e = usage_error([] { load({{"alembic.ini", k_ini}, {"mig-guard.toml", "[rules]\ndrop-column = 'off'\n"}}); });
    EXPECT_EQ(std::string(e.what()), "mig-guard.toml:2:1: unknown rule 'drop-column' in [rules]");

    // With the known codes, a well-formed but unknown code is refused too.
    const std::vector<std::string> known{"MG402"};
    MemoryTree tree(Files{{"alembic.ini", k_ini}, {"mig-guard.toml", "[rules]\nMG999 = 'off'\n"}});
    e = usage_error([&] { load_project(tree, "", "", known); });
    EXPECT_EQ(std::string(e.what()), "mig-guard.toml:2:1: unknown rule 'MG999' in [rules]");
    MemoryTree ok(Files{{"alembic.ini", k_ini}, {"mig-guard.toml", "[rules]\nMG402 = 'off'\n"}});
    EXPECT_EQ(load_project(ok, "", "", known).rules.at("MG402"), lint::Level::off);
}

TEST(LoadProject, MissingProjectSaysWhatToRun) {
    auto e = usage_error([] { load({{"app/models.py", ""}}, "app"); });
    EXPECT_NE(std::string(e.what()).find("no Alembic project found in the memory tree"), std::string::npos) << e.what();
    EXPECT_NE(e.help().find("mig-guard init"), std::string::npos);
    EXPECT_NE(e.help().find("alembic init migrations"), std::string::npos);
}

TEST(LoadProject, PlainPyprojectIsAProjectWithoutAlembic) {
    Project p = load({{"svc/pyproject.toml", "[project]\nname = 'x'\n"}, {"svc/app/models.py", ""}}, "svc/app");
    EXPECT_EQ(p.root, "svc");
    EXPECT_EQ(p.alembic_ini.value, "");
    EXPECT_EQ(p.versions_dir.value, "");
    EXPECT_EQ(p.ledger.value, "svc/mig-guard.lock");
    EXPECT_TRUE(p.revision_sources(MemoryTree(Files{{"svc/pyproject.toml", ""}})).empty());
    auto e = usage_error([&] { p.require_alembic(); });
    EXPECT_NE(std::string(e.what()).find("has no alembic.ini"), std::string::npos) << e.what();
}

// ---------------------------------------------------------------------------------------------
// Model, revision and pin sources

const Files& discovery_files() {
    static const Files files{
        {"backend/alembic.ini", k_ini},
        {"backend/pyproject.toml", "[project]\nname='x'\n"},
        {"backend/requirements-dev.txt", "sqlmodel==0.0.8\n"},
        {"backend/README.md", ""},
        {"backend/app/__init__.py", ""},
        {"backend/app/models/user.py", "class User: ...\n"},
        {"backend/app/models/base.py", ""},
        {"backend/app/models/notes.txt", ""},
        {"backend/app/__pycache__/user.cpython-311.py", ""},
        {"backend/migrations/env.py", ""},
        {"backend/migrations/script.py.mako", ""},
        {"backend/migrations/versions/1a2b_init.py", ""},
        {"backend/migrations/versions/__init__.py", ""},
        {"backend/migrations/versions/sub/old.py", ""},
        {"backend/other_alembic/env.py", ""},
        {"backend/other_alembic/script.py.mako", ""},
        {"backend/other_alembic/versions/x.py", ""},
        {"backend/env/pyvenv.cfg", ""},
        {"backend/env/lib/python3.11/site-packages/sqlmodel/main.py", ""},
        {"backend/vendor/lib/site-packages/pkg.py", ""},
        {"backend/.tox/py311/x.py", ""},
        {"backend/tests/test_models.py", ""},
        {"backend/tests/factories.py", ""},
        {"backend/app/test_user.py", ""},
        {"backend/app/user_test.py", ""},
        {"backend/conftest.py", ""},
        {"backend/scripts/seed.py", ""},
        {"other/app.py", ""},
    };
    return files;
}

// Without Alembic there is no env.py to start from: every .py file of the project counts.
Files without_alembic(Files files) {
    files.erase("backend/alembic.ini");
    return files;
}

TEST(ModelEntries, WithAlembicTheLoaderStartsFromEnvPy) {
    MemoryTree tree(discovery_files());
    Project p = load_project(tree, "backend/app");
    ASSERT_EQ(p.root, "backend");
    EXPECT_TRUE(p.model_entries(tree).empty());
    EXPECT_EQ(p.env_py(), "backend/migrations/env.py");
    EXPECT_EQ(p.non_model_dirs(), (std::vector<std::string>{"backend/migrations", "backend/migrations/versions"}));
}

TEST(ModelEntries, WithoutAlembicEveryFileButScriptsVenvsTestsAndHidden) {
    MemoryTree tree(without_alembic(discovery_files()));
    Project p = load_project(tree, "backend/app");
    ASSERT_EQ(p.root, "backend");
    EXPECT_EQ(p.env_py(), "");
    EXPECT_EQ(p.model_entries(tree), (std::vector<std::string>{"backend/app/__init__.py", "backend/app/models/base.py",
                                                               "backend/app/models/user.py", "backend/scripts/seed.py"}));
}

TEST(ModelEntries, DiscoveryOnDiskMatchesInMemory) {
    TempDir dir;
    dir.write(without_alembic(discovery_files()));
    DiskTree tree(dir.path());
    Project p = load_project(tree, "backend");
    EXPECT_EQ(p.model_entries(tree), p.model_entries(MemoryTree(without_alembic(discovery_files()))));
    EXPECT_EQ(p.model_entries(tree).size(), 4u);
}

TEST(ModuleSearchPath, AsSysPathWhenAlembicRuns) {
    Files files = discovery_files();
    files["backend/alembic.ini"] = "[alembic]\nscript_location = migrations\nprepend_sys_path = . ../shared, %(here)s/lib\n";
    MemoryTree tree(files);
    Project p = load_project(tree, "backend");
    EXPECT_EQ(p.prepend_sys_path.value, (std::vector<std::string>{"backend", "shared", "backend/lib"}));
    EXPECT_EQ(p.prepend_sys_path.origin, "backend/alembic.ini:3");
    EXPECT_EQ(p.module_search_path(), (std::vector<std::string>{"backend", "shared", "backend/lib", "backend/src", "", "src"}));

    // Configured import_roots come first; Alembic 1.16's path_separator splits prepend_sys_path.
    files["backend/alembic.ini"] = "[alembic]\nscript_location = migrations\npath_separator = os\nprepend_sys_path = a b:c\n";
    files["backend/mig-guard.toml"] = "import_roots = ['code']\n";
    MemoryTree configured(files);
    Project q = load_project(configured, "backend");
    EXPECT_EQ(q.module_search_path(),
              (std::vector<std::string>{"backend/code", "backend/a b", "backend/c", "backend", "backend/src", "", "src"}));
    // Discovered models may import from anywhere on that path: the gate watches all of it.
    EXPECT_EQ(q.watched_paths(), std::vector<std::string>{""});
}

TEST(ModelSources, ConfiguredFilesDirectoriesAndGlobs) {
    Files files{{"alembic.ini", k_ini},
                {"app/models.py", ""},
                {"app/a/b/models.py", ""},
                {"app/other.py", ""},
                {"app/tests/models.py", ""},
                {"app/models/user.py", ""},
                {"app/models/sub/deep.py", ""},
                {"lib/core/tables.py", ""},
                {"lib/core/readme.txt", ""},
                {"lib/extra/x.py", ""},
                {"pkg/thing.py", ""}};
    auto sources = [&](const std::string& models) {
        Files f = files;
        f["mig-guard.toml"] = "models = " + models + "\n";
        MemoryTree tree(f);
        return load_project(tree, "").model_entries(tree);
    };
    using V = std::vector<std::string>;
    EXPECT_EQ(sources("['app/**/models.py']"), (V{"app/a/b/models.py", "app/models.py", "app/tests/models.py"}));
    EXPECT_EQ(sources("['app/models/*.py']"), (V{"app/models/user.py"}));
    EXPECT_EQ(sources("['lib/*']"), (V{"lib/core/tables.py", "lib/extra/x.py"}));
    EXPECT_EQ(sources("['lib/c?re/[st]*.py']"), (V{"lib/core/tables.py"}));
    // A configured directory is read whole, tests included: the user chose it.
    EXPECT_EQ(sources("['app/models', 'app/tests', './pkg/thing.py']"),
              (V{"app/models/sub/deep.py", "app/models/user.py", "app/tests/models.py", "pkg/thing.py"}));

    for (const char* missing : {"['app/nothing.py']", "['app/*.sql']", "['app/models', 'nope/']"}) {
        auto e = usage_error([&] { sources(missing); });
        EXPECT_EQ(std::string(e.what()).rfind("mig-guard.toml:1:1: '", 0), 0u) << e.what();
        EXPECT_NE(std::string(e.what()).find("in models matches no Python file in the memory tree"), std::string::npos)
            << e.what();
    }
}

TEST(ModelSources, ConfiguredPathsAreRelativeToTheRoot) {
    MemoryTree tree(Files{{"backend/pyproject.toml", "[tool.mig-guard]\nmodels = ['app/*.py']\n"},
                  {"backend/alembic.ini", k_ini},
                  {"backend/app/models.py", "x"},
                  {"app/models.py", "wrong"}});
    Project p = load_project(tree, "backend");
    EXPECT_EQ(p.model_entries(tree), std::vector<std::string>{"backend/app/models.py"});
}

TEST(RevisionSources, PythonFilesDirectlyInTheVersionsDirectory) {
    MemoryTree tree(discovery_files());
    Project p = load_project(tree, "backend");
    EXPECT_EQ(paths_of(p.revision_sources(tree)), std::vector<std::string>{"migrations/versions/1a2b_init.py"});
}

TEST(PinSources, PinFilesInTheRoot) {
    MemoryTree tree(discovery_files());
    Project p = load_project(tree, "backend");
    EXPECT_EQ(paths_of(p.pin_sources(tree)), (std::vector<std::string>{"pyproject.toml", "requirements-dev.txt"}));
}

TEST(WatchedPaths, DiscoveredModelsWatchTheWholeSearchPath) {
    // env.py's imports may reach code beside backend/ (the repository's root is on the path).
    Project p = load(discovery_files(), "backend");
    EXPECT_EQ(p.watched_paths(), std::vector<std::string>{""});
    Project top = load({{"alembic.ini", k_ini}});
    EXPECT_EQ(top.watched_paths(), std::vector<std::string>{""});
}

TEST(WatchedPaths, ConfiguredModelsWatchTheirPathsAndPins) {
    Project p = load({{"alembic.ini", k_ini}, {"pyproject.toml", "[tool.mig-guard]\nmodels = ['app/**/models.py', 'lib/m.py']\n"}});
    EXPECT_EQ(p.watched_paths(), (std::vector<std::string>{"Pipfile.lock", "alembic.ini", "app", "lib/m.py",
                                                           "migrations/mig-guard.lock", "migrations/versions", "poetry.lock",
                                                           "pyproject.toml", "uv.lock"}));
}

// ---------------------------------------------------------------------------------------------
// show_settings

TEST(ShowSettings, GoldenText) {
    Project p = load({{"backend/pyproject.toml", "[project]\nname = 'x'\n\n[tool.mig-guard]\nmodels = [\"app/models\"]\n"
                                                 "naming_convention = { pk = \"pk_%(table_name)s\" }\n"
                                                 "\n[tool.mig-guard.postgres]\nextensions = [\"vector\"]\n"
                                                 "\n[tool.mig-guard.rules]\nMG402 = \"warning\"\n"},
                      {"backend/alembic.ini", "[alembic]\nscript_location = migrations\nfile_template = %%(rev)s_%%(slug)s\n"},
                      {"backend/migrations/script.py.mako", ""}},
                     "backend");
    const std::string expected = R"(# mig-guard configuration: every key, its value and where it came from
# project root:         backend
# configuration file:   backend/pyproject.toml
# alembic.ini:          backend/alembic.ini
# script_location:      backend/migrations  (backend/alembic.ini:2)
# versions directory:   backend/migrations/versions  (discovered)
# file_template:        %(rev)s_%(slug)s  (backend/alembic.ini:3)
# truncate_slug_length: 40  (default)
# script.py.mako:       the project's

[tool.mig-guard]
alembic_ini = "alembic.ini"  # discovered
models = ["app/models"]  # backend/pyproject.toml:5:1
import_roots = ["."]  # default
ledger = "migrations/mig-guard.lock"  # default
base = "origin/main"  # default
naming_convention = { "pk" = "pk_%(table_name)s" }  # backend/pyproject.toml:6:1
sqlmodel = ""  # default: from the project's pins
sqlalchemy = ""  # default: from the project's pins

[tool.mig-guard.postgres]
backend = "auto"  # default
version = "16"  # default
image = "postgres:16"  # default
url_env = "DATABASE_URL"  # default
extensions = ["vector"]  # backend/pyproject.toml:9:1

[tool.mig-guard.rules]
MG402 = "warning"  # backend/pyproject.toml:12:1
)";
    EXPECT_EQ(show_settings(p), expected);
}

TEST(ShowSettings, ProjectWithoutAlembic) {
    const std::string text = show_settings(load({{"svc/mig-guard.toml", "base = 'main'\n"}}, "svc"));
    EXPECT_NE(text.find("alembic_ini = \"\"  # none found\n"), std::string::npos) << text;
    EXPECT_NE(text.find("ledger = \"mig-guard.lock\"  # default\n"), std::string::npos) << text;
    EXPECT_NE(text.find("base = \"main\"  # svc/mig-guard.toml:1:1\n"), std::string::npos) << text;
    EXPECT_NE(text.find("# script_location:      (none)"), std::string::npos) << text;
}

TEST(ShowSettings, ZeroConfigSaysWhatIsDiscovered) {
    const std::string text = show_settings(load({{"alembic.ini", k_ini}}));
    EXPECT_NE(text.find("# project root:         .\n"), std::string::npos) << text;
    EXPECT_NE(text.find("# configuration file:   (none)\n"), std::string::npos) << text;
    EXPECT_NE(text.find("models = []  # default: the modules migrations/env.py imports\n"), std::string::npos) << text;
    EXPECT_NE(text.find("# script.py.mako:       Alembic's default template\n"), std::string::npos) << text;
    EXPECT_NE(text.find("[tool.mig-guard.rules]\n# none set: every rule has its default level"), std::string::npos) << text;
}

// ---------------------------------------------------------------------------------------------
// The glob matcher and path helpers

TEST(Glob, Matches) {
    struct Case {
        const char* pattern;
        const char* path;
        bool match;
    };
    const Case cases[] = {
        {"app/*.py", "app/models.py", true},
        {"app/*.py", "app/models/user.py", false},
        {"app/**/models.py", "app/models.py", true},
        {"app/**/models.py", "app/a/b/c/models.py", true},
        {"app/**/models.py", "lib/models.py", false},
        {"**/*.py", "x.py", true},
        {"**/*.py", "a/b/x.py", true},
        {"**", "a/b", true},
        {"app/**", "app", true},
        {"a?c.py", "abc.py", true},
        {"a?c.py", "ac.py", false},
        {"a?c.py", "a/c.py", false},
        {"[mn]odels.py", "models.py", true},
        {"[!mn]odels.py", "models.py", false},
        {"[a-c]x", "bx", true},
        {"[a-c]x", "dx", false},
        {"*_model*.py", "user_models_v2.py", true},
        {"*", "", false},
        {"app/models", "app/models", true},
        {"app/models", "app/models2", false},
    };
    for (const auto& c : cases)
        EXPECT_EQ(detail::glob_match(c.pattern, c.path), c.match) << c.pattern << " vs " << c.path;
}

TEST(TreePaths, JoinNormalizeRelative) {
    EXPECT_EQ(detail::join_path("", "./a//b/"), "a/b");
    EXPECT_EQ(detail::join_path("backend", "../x"), "x");
    EXPECT_EQ(detail::join_path("backend", "../../x"), "../x");
    EXPECT_EQ(detail::join_path("a", ""), "a");
    EXPECT_EQ(detail::relative_path("backend/app/m.py", "backend"), "app/m.py");
    EXPECT_EQ(detail::relative_path("alembic.ini", "backend"), "../alembic.ini");
    EXPECT_EQ(detail::relative_path("x", ""), "x");
    EXPECT_TRUE(detail::is_within("a/b", "a"));
    EXPECT_FALSE(detail::is_within("ab", "a"));
    EXPECT_TRUE(detail::is_within("anything", ""));
}

// ---------------------------------------------------------------------------------------------
// Alembic projects a few levels down (src/alembic.ini, project/alembic.ini)

TEST(LoadProject, OneAlembicIniBelowIsTheProject) {
    Files files{{"pyproject.toml", "[project]\nname='x'\n"},
                {"src/alembic.ini", "[alembic]\nscript_location = migrations\n"},
                {"src/migrations/env.py", ""},
                {".venv/lib/alembic.ini", "[alembic]\n"},
                {"tests/fixtures/alembic.ini", "[alembic]\n"}};
    Project p = load(files);
    EXPECT_EQ(p.root, "src");
    EXPECT_EQ(p.alembic_ini.value, "src/alembic.ini");
    EXPECT_EQ(p.versions_dir.value, "src/migrations/versions");
}

TEST(LoadProject, SeveralAlembicInisBelowAreNotGuessed) {
    Files files{{"one/alembic.ini", "[alembic]\nscript_location = m\n"},
                {"two/alembic.ini", "[alembic]\nscript_location = m\n"}};
    auto e = usage_error([&] { load(files); });
    EXPECT_NE(std::string(e.what()).find("several Alembic projects below the repository's root (one/alembic.ini, "
                                         "two/alembic.ini)"),
              std::string::npos)
        << e.what();
    EXPECT_NE(e.help().find("-C DIR"), std::string::npos);
    // With a plain pyproject.toml at the root, the root is a project without Alembic (for `schema`).
    files["pyproject.toml"] = "[project]\nname='x'\n";
    EXPECT_EQ(load(files).root, "");
    EXPECT_EQ(load(files).alembic_ini.value, "");
}
