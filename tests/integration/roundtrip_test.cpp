// Round trip (issue 3 acceptance): every revision file mig-guard writes for the engine's
// golden model cases (tests/golden/models/<case>/expected/{initial,change}.py) reads back,
// through the revision reader, into exactly the ops it was written from: the differ's ops
// for upgrade(), their reverse for downgrade(). Ops are compared field by field through their
// full JSON form (source locations left out).
#include <gtest/gtest.h>

#include <filesystem>

#include "mig_guard/alembic/reader.hpp"
#include "mig_guard/config/project.hpp"
#include "mig_guard/models/extract.hpp"
#include "mig_guard/schema/diff.hpp"
#include "mig_guard/schema/json.hpp"
#include "mig_guard/sql/render.hpp"

using namespace mig_guard;
namespace fs = std::filesystem;

namespace {

const fs::path k_cases = fs::path(MG_SOURCE_DIR) / "tests" / "golden" / "models";

// The models of a project directory, reading the files the golden runner reads: everything
// but the after/ and expected/ folders.
schema::Schema read_models(const fs::path& dir) {
    std::vector<fs::path> inputs;
    for (const auto& entry : fs::directory_iterator(dir)) {
        std::string name = entry.path().filename().string();
        if (name == "after" || name == "expected") continue;
        if (entry.is_directory() || entry.path().extension() == ".py") inputs.push_back(entry.path());
    }
    models::ExtractOptions options;
    options.versions = models::detect_library_versions(config::read_pin_files(dir));
    auto result = models::extract_models(config::collect_python_files(inputs, dir), options);
    EXPECT_FALSE(has_errors(result.diagnostics)) << dir;
    return result.schema;
}

// after/ has no pins of its own: the golden runner copies the case's; so do we.
schema::Schema read_after(const fs::path& dir) {
    models::ExtractOptions options;
    options.versions = models::detect_library_versions(config::read_pin_files(dir));
    auto result = models::extract_models(config::collect_python_files({dir / "after"}, dir / "after"), options);
    EXPECT_FALSE(has_errors(result.diagnostics)) << dir;
    return result.schema;
}

// A drop op in a revision file names only what it drops (`op.drop_table('hero')`); the
// definition the differ attaches comes from the chain, not the file. Drop ops are compared by
// that identity, every other op in full.
nlohmann::json identity_of_drop(nlohmann::json j) {
    const std::string op = j.value("op", "");
    auto keep = [](nlohmann::json& obj, std::initializer_list<const char*> keys) {
        nlohmann::json out = nlohmann::json::object();
        for (const char* k : keys)
            if (obj.contains(k)) out[k] = obj[k];
        obj = out;
    };
    if (op == "drop_table") keep(j["table"], {"name", "schema"});
    if (op == "drop_column") keep(j["column"], {"name"});
    if (op == "drop_index") keep(j["index"], {"name", "conv"});
    if (op == "drop_enum") keep(j["type"], {"name", "schema"});
    if (op == "drop_constraint") j.erase("definition");
    return j;
}

std::vector<nlohmann::json> as_json(const schema::Ops& ops) {
    std::vector<nlohmann::json> out;
    for (const auto& op : ops) out.push_back(identity_of_drop(schema::to_json(op)));
    return out;
}

// Alembic has no enum ops: the writer renders AlterEnum as op.execute() statements, the SQL
// the renderer gives, and that is what the file reads back as.
schema::Ops as_written(const schema::Ops& ops) {
    schema::Ops out;
    for (const auto& op : ops) {
        if (op.is<schema::AlterEnum>()) {
            for (auto& statement : sql::render(op)) out.push_back({schema::Execute{statement}});
        } else {
            out.push_back(op);
        }
    }
    return out;
}

// A type outside SQLAlchemy, PostgreSQL's dialect and SQLModel (a project's TypeDecorator)
// has no SQL the revision file alone can tell: the reader leaves it empty, rightly. Every
// other field must be equal.
bool same(const nlohmann::json& written, const nlohmann::json& read) {
    if (written.is_object() && read.is_object() && written.contains("python") && read.contains("sql")) {
        std::string python = written.value("python", "");
        bool known = python.starts_with("sa.") || python.starts_with("postgresql.") || python.starts_with("sqlmodel.");
        if (!known && read.value("sql", "x").empty()) {
            nlohmann::json w = written;
            w["sql"] = "";
            return w == read;
        }
    }
    if (written.type() != read.type() || written.size() != read.size()) return false;
    if (written.is_object()) {
        for (auto it = written.begin(); it != written.end(); ++it)
            if (!read.contains(it.key()) || !same(it.value(), read.at(it.key()))) return false;
        return true;
    }
    if (written.is_array()) {
        for (size_t i = 0; i < written.size(); ++i)
            if (!same(written[i], read[i])) return false;
        return true;
    }
    return written == read;
}

void expect_same_ops(const schema::Ops& written, const schema::Ops& read, const std::string& what) {
    auto a = as_json(as_written(written));
    auto b = as_json(read);
    ASSERT_EQ(a.size(), b.size()) << what << ": " << a.size() << " ops written, " << b.size() << " read back";
    for (size_t i = 0; i < a.size(); ++i)
        EXPECT_TRUE(same(a[i], b[i])) << what << ", op " << i << ":\n written: " << a[i].dump() << "\n read:    " << b[i].dump();
}

void check_revision(const fs::path& file, const schema::Ops& upgrade, const std::string& what) {
    ASSERT_TRUE(fs::exists(file)) << file;
    alembic::Revision rev = alembic::read_revision({file.filename().string(), config::read_file(file)});
    for (const auto& d : rev.diagnostics) ADD_FAILURE() << what << ": " << d.str();
    expect_same_ops(upgrade, rev.upgrade, what + " upgrade()");
    expect_same_ops(schema::reverse(upgrade), rev.downgrade, what + " downgrade()");
}

std::vector<std::string> case_names() {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(k_cases))
        if (entry.is_directory() && !entry.path().filename().string().starts_with("bad-"))
            out.push_back(entry.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

class RoundTrip : public testing::TestWithParam<std::string> {};

}  // namespace

TEST_P(RoundTrip, WrittenRevisionsReadBackIntoTheirOps) {
    fs::path dir = k_cases / GetParam();
    schema::Schema before = read_models(dir);
    ASSERT_FALSE(before.tables.empty()) << "no tables read from " << dir;
    check_revision(dir / "expected" / "initial.py", schema::diff({}, before), GetParam() + "/initial.py");
    if (fs::is_directory(dir / "after"))
        check_revision(dir / "expected" / "change.py", schema::diff(before, read_after(dir)),
                       GetParam() + "/change.py");
}

INSTANTIATE_TEST_SUITE_P(GoldenModels, RoundTrip, testing::ValuesIn(case_names()),
                         [](const testing::TestParamInfo<std::string>& info) {
                             std::string name;
                             for (char c : info.param) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                             return name;
                         });
