// The revision graph over small hand-written revision sets (shapes, Alembic's head/base/
// depends_on semantics, every graph diagnostic with its location), replay_chain, and the
// example app: its revision chain must replay to exactly the schema its models declare.
#include <gtest/gtest.h>

#include <cstdio>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "mig_guard/alembic/graph.hpp"
#include "mig_guard/models/extract.hpp"
#include "mig_guard/schema/diff.hpp"

namespace mig_guard::alembic {
namespace {

using Strings = std::vector<std::string>;

struct Header {
    std::string revision;
    std::string down = "None";      // Python source of the down_revision value
    std::string labels = "None";
    std::string depends = "None";
    std::string upgrade = "    pass";
    std::string path;               // default: versions/<revision>_step.py
};

// The header assignments sit on fixed lines so that tests can assert locations:
// revision = line 8, down_revision = line 9, branch_labels = line 10, depends_on = line 11,
// the first upgrade() statement = line 14.
constexpr uint32_t k_revision_line = 8, k_down_line = 9, k_labels_line = 10, k_depends_line = 11,
                   k_upgrade_line = 14;

SourceFile revision_file(const Header& h) {
    std::string text = "\"\"\"step\n"
                       "\n"
                       "Revision ID: " + h.revision + "\n"
                       "\"\"\"\n"
                       "from alembic import op\n"
                       "import sqlalchemy as sa\n"
                       "\n"
                       "revision = '" + h.revision + "'\n"
                       "down_revision = " + h.down + "\n"
                       "branch_labels = " + h.labels + "\n"
                       "depends_on = " + h.depends + "\n"
                       "\n"
                       "def upgrade():\n" +
                       h.upgrade + "\n"
                       "\n"
                       "def downgrade():\n"
                       "    pass\n";
    return {h.path.empty() ? "versions/" + h.revision + "_step.py" : h.path, text};
}

Graph graph_of(const std::vector<Header>& headers, const GraphOptions& options = {}) {
    SourceFiles files;
    for (const auto& h : headers) files.push_back(revision_file(h));
    return build_graph(files, options);
}

Strings ids(const std::vector<const Revision*>& revs) {
    Strings out;
    for (const Revision* r : revs) out.push_back(r->revision);
    return out;
}

std::string all(const Diagnostics& diags) {
    std::string out;
    for (const auto& d : diags) out += d.str() + "\n";
    return out;
}

// The diagnostics whose message contains `needle`.
std::vector<Diagnostic> with(const Diagnostics& diags, const std::string& needle) {
    std::vector<Diagnostic> out;
    for (const auto& d : diags)
        if (d.message.find(needle) != std::string::npos) out.push_back(d);
    return out;
}

// --- shapes --------------------------------------------------------------------------------

TEST(AlembicGraph, LinearChainOrdersByParentsNotById) {
    // Ids sort opposite to the chain, so an id-sorted order would be wrong.
    Graph g = graph_of({{"aaa", "'bbb'"}, {"ccc"}, {"bbb", "'ccc'"}});
    EXPECT_TRUE(g.diagnostics.empty()) << all(g.diagnostics);
    EXPECT_EQ(g.heads, Strings{"aaa"});
    EXPECT_EQ(g.bases, Strings{"ccc"});
    EXPECT_TRUE(g.merge_points.empty());
    EXPECT_TRUE(g.branch_points.empty());
    EXPECT_EQ(ids(g.topological()), (Strings{"ccc", "bbb", "aaa"}));
    EXPECT_EQ(ids(g.ancestors("bbb")), (Strings{"ccc", "bbb"}));
    EXPECT_EQ(ids(g.ancestors("ccc")), Strings{"ccc"});
    EXPECT_TRUE(g.ancestors("nope").empty());
    // Revisions are kept sorted by path.
    ASSERT_EQ(g.revisions.size(), 3u);
    EXPECT_EQ(g.revisions[0].path, "versions/aaa_step.py");
    ASSERT_NE(g.find("bbb"), nullptr);
    EXPECT_EQ(g.find("bbb")->down_revisions, Strings{"ccc"});
    EXPECT_EQ(g.find("zzz"), nullptr);
}

TEST(AlembicGraph, ALongChainReadOnSeveralThreadsKeepsFileOrderAndEveryDiagnostic) {
    // Enough files for build_graph to read them in parallel; the result must be what a
    // one-by-one read gives: revisions by path, diagnostics in file order.
    std::vector<Header> headers;
    for (int i = 0; i < 300; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "r%04d", i);
        Header h{id, i == 0 ? "None" : "'" + headers.back().revision + "'"};
        if (i % 50 == 7) h.upgrade = "    op.add_column('t', sa.Column('x', sa.Integer()";  // syntax error
        headers.push_back(h);
    }
    Graph g = graph_of(headers);
    ASSERT_EQ(g.revisions.size(), 300u);
    for (size_t i = 1; i < g.revisions.size(); ++i) EXPECT_LT(g.revisions[i - 1].path, g.revisions[i].path);
    EXPECT_EQ(g.heads, Strings{"r0299"});
    EXPECT_EQ(g.topological().size(), 300u);
    std::vector<std::string> files;
    for (const auto& d : g.diagnostics) files.push_back(d.location.file);
    ASSERT_EQ(files.size(), 6u) << all(g.diagnostics);
    for (size_t i = 0; i < files.size(); ++i) {
        char want[40];
        std::snprintf(want, sizeof want, "versions/r%04d_step.py", static_cast<int>(i * 50 + 7));
        EXPECT_EQ(files[i], want);
    }
}

TEST(AlembicGraph, BranchAndMergeTupleAndList) {
    for (const std::string down : {"('r2', 'r1')", "['r2', 'r1']"}) {
        Graph g = graph_of({{"r0"}, {"r2", "'r0'"}, {"r1", "'r0'"}, {"m9", down}});
        EXPECT_TRUE(g.diagnostics.empty()) << all(g.diagnostics);
        EXPECT_EQ(g.heads, Strings{"m9"});
        EXPECT_EQ(g.bases, Strings{"r0"});
        EXPECT_EQ(g.merge_points, Strings{"m9"});
        EXPECT_EQ(g.branch_points, Strings{"r0"});
        // r1 and r2 are both ready after r0: the smaller id first.
        EXPECT_EQ(ids(g.topological()), (Strings{"r0", "r1", "r2", "m9"}));
        EXPECT_EQ(ids(g.ancestors("m9")), (Strings{"r0", "r1", "r2", "m9"}));
        EXPECT_EQ(ids(g.ancestors("r2")), (Strings{"r0", "r2"}));
    }
}

TEST(AlembicGraph, MultipleHeadsAreExactButNotADiagnostic) {
    Graph g = graph_of({{"base1"}, {"zz2", "'base1'"}, {"aa3", "'base1'"}, {"bb4", "'aa3'"}});
    EXPECT_TRUE(g.diagnostics.empty()) << all(g.diagnostics);
    EXPECT_EQ(g.heads, (Strings{"bb4", "zz2"}));
    EXPECT_EQ(g.branch_points, Strings{"base1"});
    EXPECT_EQ(ids(g.topological()), (Strings{"base1", "aa3", "bb4", "zz2"}));
}

TEST(AlembicGraph, TopologicalOrderIsIndependentOfFileOrder) {
    std::vector<Header> headers{{"r0"}, {"r2", "'r0'"}, {"r1", "'r0'"}, {"m9", "('r1', 'r2')"}, {"x5", "'r1'"}};
    Strings expected = ids(graph_of(headers).topological());
    EXPECT_EQ(expected, (Strings{"r0", "r1", "r2", "m9", "x5"}));
    std::reverse(headers.begin(), headers.end());
    EXPECT_EQ(ids(graph_of(headers).topological()), expected);
    std::rotate(headers.begin(), headers.begin() + 2, headers.end());
    EXPECT_EQ(ids(graph_of(headers).topological()), expected);
}

TEST(AlembicGraph, BranchLabelsAndDependsOnLikeAlembic) {
    // Checked against alembic.script.revision.RevisionMap (1.8.1): heads ('zz', 'bb'),
    // bases ('aa', 'zz'). depends_on orders bb after zz but leaves zz a head.
    Graph g = graph_of({{"aa"}, {"zz", "None", "('auth',)"}, {"bb", "'aa'", "None", "'auth'"}});
    EXPECT_TRUE(g.diagnostics.empty()) << all(g.diagnostics);
    EXPECT_EQ(g.branch_labels, (std::map<std::string, std::string>{{"auth", "zz"}}));
    EXPECT_EQ(g.heads, (Strings{"bb", "zz"}));
    EXPECT_EQ(g.bases, (Strings{"aa", "zz"}));
    EXPECT_TRUE(g.branch_points.empty());
    EXPECT_TRUE(g.merge_points.empty());
    EXPECT_EQ(ids(g.topological()), (Strings{"aa", "zz", "bb"}));
    EXPECT_EQ(ids(g.ancestors("bb")), (Strings{"aa", "zz", "bb"}));
    EXPECT_EQ(ids(g.ancestors("auth")), Strings{"zz"});
}

TEST(AlembicGraph, DependsOnRevisionIdList) {
    Graph g = graph_of({{"aa"}, {"yy"}, {"zz"}, {"bb", "'aa'", "None", "['zz', 'yy']"}});
    EXPECT_TRUE(g.diagnostics.empty()) << all(g.diagnostics);
    EXPECT_EQ(g.heads, (Strings{"bb", "yy", "zz"}));
    EXPECT_EQ(ids(g.topological()), (Strings{"aa", "yy", "zz", "bb"}));
    EXPECT_EQ(ids(g.ancestors("bb")), (Strings{"aa", "yy", "zz", "bb"}));
}

// --- diagnostics ---------------------------------------------------------------------------

TEST(AlembicGraph, DuplicateRevisionIdNamesBothFiles) {
    Graph g = graph_of({{"r0"}, {"r1", "'r0'", "None", "None", "    pass", "versions/r1_one.py"},
                        {"r1", "'r0'", "None", "None", "    pass", "versions/r1_two.py"}});
    auto dups = with(g.diagnostics, "revision id 'r1'");
    ASSERT_EQ(dups.size(), 2u) << all(g.diagnostics);
    EXPECT_EQ(dups[0].location.str(), "versions/r1_one.py:8:1");
    EXPECT_NE(dups[0].message.find("versions/r1_two.py"), std::string::npos);
    EXPECT_EQ(dups[1].location.str(), "versions/r1_two.py:8:1");
    EXPECT_NE(dups[1].message.find("versions/r1_one.py"), std::string::npos);
    EXPECT_EQ(dups[0].stage, "alembic");
    EXPECT_EQ(dups[0].severity, Severity::error);
    EXPECT_FALSE(dups[0].help.empty());
    EXPECT_EQ(g.diagnostics.size(), 2u) << all(g.diagnostics);
    // The duplicate is one node: one head, listed once.
    EXPECT_EQ(g.heads, Strings{"r1"});
    EXPECT_EQ(ids(g.topological()), (Strings{"r0", "r1"}));
}

TEST(AlembicGraph, UnknownDownRevisionAtItsAssignment) {
    Graph g = graph_of({{"r0"}, {"r1", "('r0', 'gone')"}});
    ASSERT_EQ(g.diagnostics.size(), 1u) << all(g.diagnostics);
    const Diagnostic& d = g.diagnostics[0];
    EXPECT_EQ(d.location.file, "versions/r1_step.py");
    EXPECT_EQ(d.location.line, k_down_line);
    EXPECT_EQ(d.location.column, 1u);
    EXPECT_NE(d.message.find("'gone'"), std::string::npos);
    EXPECT_FALSE(d.help.empty());
    // The known parent still links.
    EXPECT_EQ(g.heads, Strings{"r1"});
}

TEST(AlembicGraph, DownRevisionNamingABranchLabelSaysWhichId) {
    Graph g = graph_of({{"r0", "None", "'core'"}, {"r1", "'core'"}});
    ASSERT_EQ(g.diagnostics.size(), 1u) << all(g.diagnostics);
    EXPECT_EQ(g.diagnostics[0].location.line, k_down_line);
    EXPECT_NE(g.diagnostics[0].help.find("r0"), std::string::npos);
}

TEST(AlembicGraph, UnknownDependsOnAtItsAssignment) {
    Graph g = graph_of({{"r0"}, {"r1", "'r0'", "None", "('r0', 'nolabel')"}});
    ASSERT_EQ(g.diagnostics.size(), 1u) << all(g.diagnostics);
    EXPECT_EQ(g.diagnostics[0].location.str(), "versions/r1_step.py:" + std::to_string(k_depends_line) + ":1");
    EXPECT_NE(g.diagnostics[0].message.find("'nolabel'"), std::string::npos);
}

TEST(AlembicGraph, CycleListsItsMembers) {
    Graph g = graph_of({{"r0"}, {"c1", "('r0', 'c3')"}, {"c2", "'c1'"}, {"c3", "'c2'"}, {"x9", "'r0'"}});
    auto cycles = with(g.diagnostics, "cycle");
    ASSERT_EQ(cycles.size(), 1u) << all(g.diagnostics);
    EXPECT_NE(cycles[0].message.find("c1 -> c2 -> c3"), std::string::npos) << cycles[0].message;
    EXPECT_EQ(cycles[0].location.str(), "versions/c1_step.py:" + std::to_string(k_down_line) + ":1");
    EXPECT_EQ(g.diagnostics.size(), 1u) << all(g.diagnostics);
    // Revisions outside the cycle still order.
    EXPECT_EQ(ids(g.topological()), (Strings{"r0", "x9"}));
}

TEST(AlembicGraph, SelfReferenceAndDependsOnCycle) {
    Graph self = graph_of({{"r0", "'r0'"}});
    ASSERT_EQ(with(self.diagnostics, "cycle").size(), 1u) << all(self.diagnostics);
    EXPECT_EQ(with(self.diagnostics, "cycle")[0].location.line, k_down_line);

    // a -> b by down_revision, b -> a by depends_on: the dependency closes the cycle.
    Graph dep = graph_of({{"aa", "None", "None", "'bb'"}, {"bb", "'aa'"}});
    auto cycles = with(dep.diagnostics, "cycle");
    ASSERT_EQ(cycles.size(), 1u) << all(dep.diagnostics);
    EXPECT_NE(cycles[0].message.find("aa -> bb"), std::string::npos);
    EXPECT_EQ(cycles[0].location.str(), "versions/aa_step.py:" + std::to_string(k_depends_line) + ":1");
    EXPECT_TRUE(dep.topological().empty());
}

TEST(AlembicGraph, FileNameMustMatchDefaultTemplate) {
    Graph g = graph_of({{"r0", "None", "None", "None", "    pass", "versions/r0_ok.py"},
                        {"abc1", "'r0'", "None", "None", "    pass", "versions/abc_step.py"},
                        {"abc2", "'abc1'", "None", "None", "    pass", "versions/abc2.py"},
                        {"abc3", "'abc2'", "None", "None", "    pass", "versions/abc3_.py"}});
    auto bad = with(g.diagnostics, "does not match revision id");
    ASSERT_EQ(bad.size(), 2u) << all(g.diagnostics);
    EXPECT_EQ(bad[0].location.str(), "versions/abc2.py:" + std::to_string(k_revision_line) + ":1");
    EXPECT_EQ(bad[1].location.str(), "versions/abc_step.py:" + std::to_string(k_revision_line) + ":1");
    EXPECT_NE(bad[1].message.find("abc1"), std::string::npos);
    EXPECT_EQ(g.diagnostics.size(), 2u) << all(g.diagnostics);
}

TEST(AlembicGraph, FileNameUnderDateTemplateChecksTheRevPosition) {
    GraphOptions options;
    options.file_template = "%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d-%(rev)s_%(slug)s";
    Graph good = graph_of({{"1a2b3c4d5e6f", "None", "None", "None", "    pass",
                            "versions/2026_11_09_1127-1a2b3c4d5e6f_add_users.py"}},
                          options);
    EXPECT_TRUE(good.diagnostics.empty()) << all(good.diagnostics);
    Graph bad = graph_of({{"1a2b3c4d5e6f", "None", "None", "None", "    pass",
                           "versions/1a2b3c4d5e6f_2026_11_09_1127-add_users.py"}},
                         options);
    ASSERT_EQ(bad.diagnostics.size(), 1u) << all(bad.diagnostics);
    EXPECT_EQ(bad.diagnostics[0].location.line, k_revision_line);
    EXPECT_NE(bad.diagnostics[0].message.find(options.file_template), std::string::npos);

    // No %(rev)s: nothing to check.
    options.file_template = "%(epoch)s_%(slug)s";
    Graph none = graph_of({{"r0", "None", "None", "None", "    pass", "versions/whatever.py"}}, options);
    EXPECT_TRUE(none.diagnostics.empty()) << all(none.diagnostics);
}

TEST(AlembicGraph, FileWithoutRevisionVariable) {
    SourceFiles files{revision_file({"r0"}),
                      {"versions/helpers.py", "from alembic import op\n\ndown_revision = 'r0'\n"},
                      // Alembic's legacy naming: a file called <hex id>.py needs no variable.
                      {"versions/abc123.py", "down_revision = 'r0'\n\ndef upgrade():\n    pass\n"}};
    Graph g = build_graph(files);
    ASSERT_EQ(g.diagnostics.size(), 1u) << all(g.diagnostics);
    EXPECT_EQ(g.diagnostics[0].location.str(), "versions/helpers.py:1:1");
    EXPECT_NE(g.diagnostics[0].message.find("'revision'"), std::string::npos);
    EXPECT_EQ(g.heads, Strings{"abc123"});
    EXPECT_EQ(ids(g.topological()), (Strings{"r0", "abc123"}));
}

TEST(AlembicGraph, ReaderDiagnosticsPassThrough) {
    SourceFile f = revision_file({"r0"});
    size_t at = f.content.find("revision = 'r0'");
    f.content.replace(at, std::string("revision = 'r0'").size(), "revision = make_id()");
    Graph g = build_graph({f});
    ASSERT_FALSE(g.diagnostics.empty());
    EXPECT_EQ(g.diagnostics[0].location.file, "versions/r0_step.py");
    EXPECT_EQ(g.diagnostics[0].location.line, k_revision_line);
    EXPECT_NE(g.diagnostics[0].message.find("'revision'"), std::string::npos) << all(g.diagnostics);
    // Not reported a second time as a missing variable.
    EXPECT_TRUE(with(g.diagnostics, "no 'revision' variable").empty()) << all(g.diagnostics);
}

TEST(AlembicGraph, DuplicateBranchLabel) {
    Graph g = graph_of({{"r0", "None", "'core'"}, {"r1", "None", "('core',)"}});
    auto d = with(g.diagnostics, "branch label 'core'");
    ASSERT_EQ(d.size(), 1u) << all(g.diagnostics);
    EXPECT_EQ(d[0].location.str(), "versions/r1_step.py:" + std::to_string(k_labels_line) + ":1");
}

// --- replay --------------------------------------------------------------------------------

TEST(AlembicGraph, ReplayChainBuildsTheSchemaAndWarnsAboutExecute) {
    Graph g = graph_of({
        {"r1", "None", "None", "None",
         "    op.create_table('user',\n"
         "    sa.Column('id', sa.Integer(), nullable=False),\n"
         "    sa.Column('email', sa.String(length=255), nullable=False),\n"
         "    sa.PrimaryKeyConstraint('id')\n"
         "    )"},
        {"r2", "'r1'", "None", "None", "    op.add_column('user', sa.Column('name', sa.Text(), nullable=True))"},
        {"r3", "'r2'", "None", "None",
         "    op.execute(\"UPDATE \\\"user\\\" SET name = email\")\n"
         "    op.create_table('post',\n"
         "    sa.Column('id', sa.Integer(), nullable=False),\n"
         "    sa.Column('user_id', sa.Integer(), nullable=True),\n"
         "    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),\n"
         "    sa.PrimaryKeyConstraint('id')\n"
         "    )\n"
         "    op.drop_column('user', 'email')"},
    });
    ASSERT_TRUE(g.diagnostics.empty()) << all(g.diagnostics);
    Diagnostics diags;
    schema::Schema s = replay_chain(g.ancestors("r3"), diags);
    ASSERT_EQ(s.tables.size(), 2u);
    const schema::Table* user = s.find_table("user");
    ASSERT_NE(user, nullptr);
    Strings user_columns;
    for (const auto& c : user->columns) user_columns.push_back(c.name);
    EXPECT_EQ(user_columns, (Strings{"id", "name"}));
    EXPECT_EQ(user->find_column("name")->type.sql, "TEXT");
    const schema::Table* post = s.find_table("post");
    ASSERT_NE(post, nullptr);
    EXPECT_EQ(post->columns.size(), 2u);
    EXPECT_EQ(post->foreign_keys.size(), 1u);

    ASSERT_EQ(diags.size(), 1u) << all(diags);
    EXPECT_EQ(diags[0].severity, Severity::warning);
    EXPECT_EQ(diags[0].location.str(), "versions/r3_step.py:" + std::to_string(k_upgrade_line) + ":5");

    // Replaying only up to r2 keeps email and knows nothing of post.
    Diagnostics none;
    schema::Schema s2 = replay_chain(g.ancestors("r2"), none);
    EXPECT_TRUE(none.empty()) << all(none);
    ASSERT_NE(s2.find_table("user"), nullptr);
    EXPECT_NE(s2.find_table("user")->find_column("email"), nullptr);
    EXPECT_EQ(s2.find_table("post"), nullptr);
}

TEST(AlembicGraph, ReplayChainReportsUnknownTable) {
    Graph g = graph_of({{"r1", "None", "None", "None", "    op.drop_column('ghost', 'x')"}});
    Diagnostics diags;
    replay_chain(g.topological(), diags);
    ASSERT_EQ(diags.size(), 1u) << all(diags);
    EXPECT_EQ(diags[0].severity, Severity::error);
    EXPECT_EQ(diags[0].location.line, k_upgrade_line);
}

TEST(AlembicGraph, ReplayChainCreatesEnumsAsCreateTableDoes) {
    // op.create_table emits CREATE TYPE for its enum columns (once per type); op.add_column
    // and postgresql.ENUM(create_type=False) do not.
    Graph g = graph_of({
        {"r1", "None", "None", "None",
         "    op.create_table('task',\n"
         "    sa.Column('id', sa.Integer(), nullable=False),\n"
         "    sa.Column('status', sa.Enum('todo', 'done', name='status'), nullable=False),\n"
         "    sa.Column('previous', sa.Enum('todo', 'done', name='status'), nullable=True),\n"
         "    sa.Column('kind', postgresql.ENUM('a', 'b', name='kind', create_type=False), nullable=True),\n"
         "    sa.PrimaryKeyConstraint('id')\n"
         "    )"},
        {"r2", "'r1'", "None", "None",
         "    op.add_column('task', sa.Column('prio', sa.Enum('low', 'high', name='prio'), nullable=True))"},
    });
    ASSERT_TRUE(g.diagnostics.empty()) << all(g.diagnostics);
    Diagnostics diags;
    schema::Schema s = replay_chain(g.topological(), diags);
    EXPECT_TRUE(with(diags, "status").empty()) << all(diags);
    ASSERT_EQ(s.enums.size(), 1u);
    EXPECT_EQ(s.enums[0].name, "status");
    EXPECT_EQ(s.enums[0].values, (Strings{"todo", "done"}));
    EXPECT_EQ(s.find_enum("prio"), nullptr);
    EXPECT_EQ(s.find_enum("kind"), nullptr);
    ASSERT_NE(s.find_table("task"), nullptr);
    EXPECT_EQ(s.find_table("task")->columns.size(), 5u);
}

// --- the example app -----------------------------------------------------------------------

SourceFiles read_tree(const std::filesystem::path& root, const std::filesystem::path& dir) {
    SourceFiles out;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / dir)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".py") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        out.push_back({std::filesystem::relative(entry.path(), root).generic_string(), text.str()});
    }
    std::sort(out.begin(), out.end(), [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
    return out;
}

TEST(AlembicGraph, ExampleAppChainMatchesItsModels) {
    const std::filesystem::path root = std::filesystem::path(MG_SOURCE_DIR) / "fixtures/example-app";
    SourceFiles versions = read_tree(root, "migrations/versions");
    ASSERT_EQ(versions.size(), 3u);
    Graph g = build_graph(versions);
    EXPECT_TRUE(g.diagnostics.empty()) << all(g.diagnostics);
    EXPECT_EQ(g.heads, Strings{"e5131e7e12c5"});
    EXPECT_EQ(g.bases, Strings{"59f259b6b8f7"});
    EXPECT_EQ(ids(g.topological()), (Strings{"59f259b6b8f7", "59a51152ba2e", "e5131e7e12c5"}));

    Diagnostics replay_diags;
    schema::Schema chain = replay_chain(g.ancestors("e5131e7e12c5"), replay_diags);
    EXPECT_TRUE(replay_diags.empty()) << all(replay_diags);
    EXPECT_EQ(chain.tables.size(), 3u);

    std::ifstream pyproject(root / "pyproject.toml", std::ios::binary);
    std::stringstream pins;
    pins << pyproject.rdbuf();
    models::ExtractOptions options;
    options.versions = models::detect_library_versions({{"pyproject.toml", pins.str()}});
    EXPECT_EQ(options.versions.sqlmodel.str(), "0.0.8");
    models::ExtractResult models = models::extract_models(read_tree(root, "app"), options);
    EXPECT_TRUE(models.diagnostics.empty()) << all(models.diagnostics);
    ASSERT_EQ(models.schema.tables.size(), 3u);

    schema::Ops difference = schema::diff(chain, models.schema);
    std::string listing;
    for (const auto& op : difference) listing += std::string(schema::op_name(op)) + "\n";
    EXPECT_TRUE(difference.empty()) << "the example app's revisions differ from its models:\n" << listing;
    EXPECT_TRUE(schema::diff(models.schema, chain).empty());
}

}  // namespace
}  // namespace mig_guard::alembic
