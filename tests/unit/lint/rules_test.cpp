// One flagged case and one near miss per rule.
#include "lint_test_helpers.hpp"
#include "mig_guard/alembic/graph.hpp"

using namespace mig_guard;
using namespace mig_guard::lint;
using namespace mig_guard::lint::test;

TEST(Rules, MG106EmptyRevision) {
    auto flagged = lint_body("    pass");
    expect_findings(flagged, "MG106");
    expect_no_findings(lint_body("    op.add_column('task', sa.Column('a', sa.Integer(), nullable=True))",
                                 "    op.drop_column('task', 'a')"),
                       "MG106");
}

TEST(Rules, MG106MergeRevisionIsExempt) {
    auto merge = lint_text(revision_text("    pass", "    pass", "d4", "('b2', 'c3')"));
    EXPECT_EQ(count(merge.findings, "MG106"), 0u);
    ASSERT_EQ(merge.revision.down_revisions.size(), 2u);
}

TEST(Rules, MG107IrreversibleDowngrade) {
    auto flagged = lint_body("    op.add_column('task', sa.Column('done', sa.Boolean(), nullable=True))");
    expect_findings(flagged, "MG107");
    expect_no_findings(lint_body("    op.add_column('task', sa.Column('done', sa.Boolean(), nullable=True))",
                                 "    op.drop_column('task', 'done')"),
                       "MG107");
    // Downgrade that reverses the wrong column.
    expect_findings(lint_body("    op.add_column('task', sa.Column('done', sa.Boolean(), nullable=True))",
                              "    op.drop_column('task', 'title')"),
                    "MG107");
}

TEST(Rules, MG201MissingImport) {
    auto flagged = lint_body("    op.add_column('task', sa.Column('n', sqlmodel.sql.sqltypes.AutoString(), nullable=True))",
                             "    op.drop_column('task', 'n')");
    expect_findings(flagged, "MG201");
    ASSERT_EQ(count(flagged.findings, "MG201"), 1u);
    const Finding* f = nullptr;
    for (const auto& x : flagged.findings)
        if (x.code == "MG201") f = &x;
    ASSERT_TRUE(f->fix);
    EXPECT_EQ(f->location.line, 15u);  // the first body line of upgrade()
    EXPECT_EQ(f->location.column, 42u);
    EXPECT_EQ(f->fix->edits.at(0).replacement, "\nimport sqlmodel");
    auto ok = lint_text(revision_text("    op.add_column('task', sa.Column('n', sqlmodel.sql.sqltypes.AutoString(), nullable=True))",
                                      "    op.drop_column('task', 'n')", "b2", "'a1'",
                                      "from alembic import op\nimport sqlalchemy as sa\nimport sqlmodel\n"));
    expect_no_findings(ok, "MG201");
}

TEST(Rules, MG201LocalNamesAndBuiltinsAreBound) {
    auto ok = lint_body("    kinds = ['a', 'b']\n    for k in kinds:\n        print(len(k))\n    op.drop_column('task', 'title')");
    expect_no_findings(ok, "MG201");
    auto custom = lint_body("    op.add_column('task', sa.Column('v', pgvector.sqlalchemy.Vector(3), nullable=True))");
    expect_findings(custom, "MG201");
    for (const auto& f : custom.findings)
        if (f.code == "MG201") {
            EXPECT_EQ(f.fix->edits.at(0).replacement, "\nimport pgvector.sqlalchemy");
        }
}

TEST(Rules, MG202OpaqueCode) {
    expect_findings(lint_body("    for t in ('task', 'user'):\n        op.add_column(t, sa.Column('x', sa.Integer()))"), "MG202");
    expect_no_findings(lint_body("    op.add_column('task', sa.Column('x', sa.Integer()))", "    op.drop_column('task', 'x')"), "MG202");
}

TEST(Rules, MG203SyntaxErrorStopsOtherRules) {
    auto flagged = lint_body("    op.drop_column('task', 'title'");
    expect_findings(flagged, "MG203");
    EXPECT_EQ(flagged.findings.size(), 1u);
    expect_no_findings(lint_body("    op.drop_column('task', 'title')"), "MG203");
}

TEST(Rules, MG301ManualSql) {
    expect_findings(lint_body("    op.execute(sa.text(\"UPDATE task SET title = 'x' WHERE id = 1\"))"), "MG301");
    expect_findings(lint_body("    conn = op.get_bind()\n    conn.execute(sa.text('UPDATE task SET title = 1'))"), "MG301");
    expect_no_findings(lint_body("    op.alter_column('task', 'title', server_default='x')"), "MG301");
}

TEST(Rules, MG302DestructiveSqlAtItsLine) {
    auto flagged = lint_body("    op.execute(\"\"\"\n        UPDATE task SET title = 'x' WHERE id = 1;\n        TRUNCATE task;\n    \"\"\")");
    expect_findings(flagged, "MG302");
    for (const auto& f : flagged.findings)
        if (f.code == "MG302") {
            EXPECT_EQ(f.location.line, 17u);  // TRUNCATE, two lines into the string
            EXPECT_EQ(f.location.column, 9u);
        }
    expect_findings(lint_body("    op.execute('DROP TABLE task')"), "MG302");
    expect_no_findings(lint_body("    op.execute('DELETE FROM task WHERE id = 1')"), "MG302");
}

TEST(Rules, MG401DropTable) {
    expect_findings(lint_body("    op.drop_table('user')"), "MG401");
    expect_no_findings(lint_body("    op.create_table('s', sa.Column('id', sa.Integer()))\n    op.drop_table('s')"), "MG401");
}

TEST(Rules, MG402DropColumn) {
    auto flagged = lint_body("    op.drop_column('task', 'title')");
    expect_findings(flagged, "MG402");
    for (const auto& f : flagged.findings)
        if (f.code == "MG402") {
            EXPECT_EQ(f.location.line, 15u);
            EXPECT_EQ(f.location.column, 5u);
        }
    expect_no_findings(lint_body("    op.add_column('task', sa.Column('t', sa.Integer()))\n    op.drop_column('task', 't')"), "MG402");
}

TEST(Rules, MG403NarrowingTypeChange) {
    expect_findings(lint_body("    op.alter_column('task', 'title', existing_type=sa.String(200), type_=sa.String(50))"), "MG403");
    // existing_type missing: the schema of the ancestors says VARCHAR(200).
    expect_findings(lint_body("    op.alter_column('task', 'title', type_=sa.String(50))"), "MG403");
    expect_findings(lint_body("    op.alter_column('task', 'owner_id', existing_type=sa.BigInteger(), type_=sa.Integer())"), "MG403");
    expect_findings(lint_body("    op.alter_column('task', 'title', existing_type=sa.Text(), type_=sa.String(10))"), "MG403");
    expect_findings(lint_body("    op.alter_column('task', 'd', existing_type=sa.DateTime(timezone=True), type_=sa.DateTime())"), "MG403");
    expect_findings(lint_body("    op.alter_column('task', 'p', existing_type=sa.Numeric(10, 2), type_=sa.Numeric(10, 1))"), "MG403");
    expect_no_findings(lint_body("    op.alter_column('task', 'title', existing_type=sa.String(200), type_=sa.String(500))"), "MG403");
    expect_no_findings(lint_body("    op.alter_column('task', 'owner_id', existing_type=sa.Integer(), type_=sa.BigInteger())"), "MG403");
}

TEST(Rules, MG404EnumValueRemoved) {
    expect_findings(lint_body("    op.execute(\"CREATE TYPE status AS ENUM ('open', 'done')\")"), "MG404");
    expect_no_findings(lint_body("    op.execute(\"CREATE TYPE status AS ENUM ('open', 'done', 'archived', 'new')\")"), "MG404");
    expect_no_findings(lint_body("    op.execute(\"CREATE TYPE other AS ENUM ('x')\")"), "MG404");
}

TEST(Rules, MG501RenameTable) {
    expect_findings(lint_body("    op.rename_table('task', 'todo')"), "MG501");
    expect_no_findings(lint_body("    op.create_table('s', sa.Column('id', sa.Integer()))\n    op.rename_table('s', 's2')"), "MG501");
}

TEST(Rules, MG502RenameColumn) {
    expect_findings(lint_body("    op.alter_column('task', 'title', new_column_name='name')"), "MG502");
    expect_no_findings(lint_body("    op.alter_column('task', 'title', comment='x')"), "MG502");
}

TEST(Rules, MG503AddNotNullWithoutDefault) {
    expect_findings(lint_body("    op.add_column('task', sa.Column('p', sa.Integer(), nullable=False))"), "MG503");
    expect_no_findings(lint_body("    op.add_column('task', sa.Column('p', sa.Integer(), nullable=False, server_default='0'))"), "MG503");
    expect_no_findings(lint_body("    op.create_table('s', sa.Column('id', sa.Integer()))\n"
                                 "    op.add_column('s', sa.Column('p', sa.Integer(), nullable=False))"),
                       "MG503");
}

TEST(Rules, MG504SetNotNull) {
    expect_findings(lint_body("    op.alter_column('task', 'owner_id', existing_type=sa.Integer(), nullable=False)"), "MG504");
    expect_no_findings(lint_body("    op.alter_column('task', 'owner_id', existing_type=sa.Integer(), nullable=True)"), "MG504");
}

TEST(Rules, MG505AddUniqueToExisting) {
    expect_findings(lint_body("    op.create_unique_constraint('uq', 'task', ['title'])"), "MG505");
    expect_findings(lint_body("    op.create_index('ix', 'task', ['title'], unique=True)"), "MG505");
    // A column added just before still has the existing table scanned and locked.
    expect_findings(lint_body("    op.add_column('task', sa.Column('c', sa.String(5)))\n"
                              "    op.create_unique_constraint('uq', 'task', ['c'])"),
                    "MG505");
    expect_no_findings(lint_body("    op.create_table('s', sa.Column('id', sa.Integer()), sa.Column('c', sa.String(5)))\n"
                                 "    op.create_unique_constraint('uq', 's', ['c'])"),
                       "MG505");
}

TEST(Rules, MG601IndexNotConcurrent) {
    expect_findings(lint_body("    op.create_index('ix_t', 'task', ['title'])"), "MG601");
    expect_findings(lint_body("    op.drop_index('ix_t', table_name='task')"), "MG601");
    expect_no_findings(lint_body("    op.create_index('ix_t', 'task', ['title'], postgresql_concurrently=True)"), "MG601");
    expect_no_findings(lint_body("    op.create_table('s', sa.Column('id', sa.Integer()))\n    op.create_index('ix_s', 's', ['id'])"), "MG601");
}

TEST(Rules, MG602ForeignKeyNotValid) {
    expect_findings(lint_body("    op.create_foreign_key('fk', 'task', 'user', ['owner_id'], ['id'])"), "MG602");
    expect_findings(lint_body("    op.execute('ALTER TABLE task ADD CONSTRAINT fk FOREIGN KEY (owner_id) REFERENCES \"user\" (id)')"), "MG602");
    expect_no_findings(
        lint_body("    op.execute('ALTER TABLE task ADD CONSTRAINT fk FOREIGN KEY (owner_id) REFERENCES \"user\" (id) NOT VALID')"),
        "MG602");
    expect_findings(lint_body("    op.add_column('task', sa.Column('u', sa.Integer(), sa.ForeignKey('user.id')))"), "MG602");
    expect_no_findings(
        lint_body("    op.create_foreign_key('fk', 'task', 'user', ['owner_id'], ['id'], postgresql_not_valid=True)"), "MG602");
    expect_no_findings(lint_body("    op.create_table('s', sa.Column('id', sa.Integer()), sa.Column('u', sa.Integer()))\n"
                                 "    op.create_foreign_key('fk', 's', 'user', ['u'], ['id'])"),
                       "MG602");
}

TEST(Rules, MG603ColumnTypeRewrite) {
    expect_findings(lint_body("    op.alter_column('task', 'owner_id', existing_type=sa.Integer(), type_=sa.BigInteger())"), "MG603");
    expect_findings(lint_body("    op.alter_column('task', 'title', existing_type=sa.String(200), type_=sa.Integer())"), "MG603");
    expect_no_findings(lint_body("    op.alter_column('task', 'title', existing_type=sa.String(200), type_=sa.Text())"), "MG603");
    expect_no_findings(lint_body("    op.alter_column('task', 'title', existing_type=sa.String(200), type_=sa.String(300))"), "MG603");
    expect_no_findings(lint_body("    op.alter_column('task', 'p', existing_type=sa.Numeric(10, 2), type_=sa.Numeric(12, 2))"), "MG603");
}

TEST(Rules, MG701EnumTypeNotCreated) {
    expect_findings(lint_body("    op.add_column('task', sa.Column('p', sa.Enum('a', 'b', name='prio')))"), "MG701");
    expect_no_findings(lint_body("    sa.Enum('a', 'b', name='prio').create(op.get_bind())\n"
                                 "    op.add_column('task', sa.Column('p', sa.Enum('a', 'b', name='prio')))"),
                       "MG701");
    // The type exists already (created by an ancestor).
    expect_no_findings(lint_body("    op.add_column('task', sa.Column('s', sa.Enum('open', 'done', 'archived', name='status')))"), "MG701");
    expect_findings(lint_body("    op.create_table('s', sa.Column('k', postgresql.ENUM('a', name='kind', create_type=False)))"), "MG701");
}

TEST(Rules, MG702EnumTypeLeftBehind) {
    std::string up = "    op.create_table('s', sa.Column('id', sa.Integer()), sa.Column('k', sa.Enum('a', name='kind')))";
    expect_findings(lint_body(up, "    op.drop_table('s')"), "MG702");
    expect_no_findings(lint_body(up, "    op.drop_table('s')\n    sa.Enum(name='kind').drop(op.get_bind())"), "MG702");
}

TEST(Rules, MG703UnnamedConstraintDrop) {
    expect_findings(lint_body("    op.drop_constraint(None, 'task', type_='foreignkey')"), "MG703");
    expect_no_findings(lint_body("    op.drop_constraint('fk', 'task', type_='foreignkey')"), "MG703");
}

TEST(Rules, LevelsFromConfigurationAndOff) {
    LintOptions options;
    options.levels["MG402"] = Level::warning;
    auto warned = lint_text(revision_text("    op.drop_column('task', 'title')", "    pass"), options);
    ASSERT_EQ(count(warned.findings, "MG402"), 1u);
    for (const auto& f : warned.findings)
        if (f.code == "MG402") {
            EXPECT_EQ(f.level, Level::warning);
        }
    options.levels["MG402"] = Level::off;
    auto off = lint_text(revision_text("    op.drop_column('task', 'title')", "    pass"), options);
    EXPECT_EQ(count(off.findings, "MG402"), 0u);
    EXPECT_GE(count(off.findings, "MG107"), 1u);  // other rules still run
}

namespace {
alembic::Graph graph_of(std::vector<std::pair<std::string, std::string>> revs) {
    SourceFiles files;
    for (auto& [id, down] : revs)
        files.push_back({"versions/" + id + "_x.py", revision_text("    op.add_column('t" + id + "', sa.Column('a', sa.Integer()))",
                                                                   "    op.drop_column('t" + id + "', 'a')", id, down)});
    return alembic::build_graph(files, {"%(rev)s_%(slug)s"});
}
}  // namespace

TEST(Rules, MG104MultipleHeads) {
    Findings two = lint_graph(graph_of({{"a1", "None"}, {"b2", "'a1'"}, {"c3", "'a1'"}}), {});
    EXPECT_EQ(count(two, "MG104"), 2u);
    Findings one = lint_graph(graph_of({{"a1", "None"}, {"b2", "'a1'"}, {"c3", "'b2'"}}), {});
    EXPECT_EQ(count(one, "MG104"), 0u);
    EXPECT_TRUE(one.empty());
}

TEST(Rules, MG105BrokenRevisionGraph) {
    Findings broken = lint_graph(graph_of({{"a1", "None"}, {"b2", "'nope'"}}), {});
    EXPECT_GE(count(broken, "MG105"), 1u);
    Findings fine = lint_graph(graph_of({{"a1", "None"}, {"b2", "'a1'"}}), {});
    EXPECT_EQ(count(fine, "MG105"), 0u);
}
