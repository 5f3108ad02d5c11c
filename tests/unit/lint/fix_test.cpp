// lint --fix: the missing import is inserted after the last import, and the fixed file is
// clean of MG201.
#include "lint_test_helpers.hpp"

using namespace mig_guard;
using namespace mig_guard::lint;
using namespace mig_guard::lint::test;

TEST(Fix, MissingImportsRoundTrip) {
    std::string text = revision_text(
        "    op.add_column('task', sa.Column('n', sqlmodel.sql.sqltypes.AutoString(), nullable=True))\n"
        "    op.add_column('task', sa.Column('j', postgresql.JSONB(), nullable=True))",
        "    op.drop_column('task', 'j')\n    op.drop_column('task', 'n')", "b2", "'a1'", "from alembic import op\n");
    auto before = lint_text(text);
    ASSERT_EQ(count(before.findings, "MG201"), 3u);  // sa, sqlmodel, postgresql
    std::string fixed = apply_fixes(text, before.findings, "versions/b2_change.py");
    EXPECT_NE(fixed.find("from alembic import op\nimport sqlalchemy as sa\nimport sqlmodel\n"
                         "from sqlalchemy.dialects import postgresql\n"),
              std::string::npos)
        << fixed;
    auto after = lint_text(fixed);
    EXPECT_EQ(count(after.findings, "MG201"), 0u);
    ASSERT_TRUE(after.revision.diagnostics.empty() || !has_errors(after.revision.diagnostics));
    // Fixes of another file are not applied.
    EXPECT_EQ(apply_fixes(text, before.findings, "versions/other.py"), text);
}

TEST(Fix, NoImportsAtAllInsertsAfterTheDocstring) {
    std::string text = revision_text("    op.drop_column('task', 'title')", "    pass", "b2", "'a1'", "");
    auto before = lint_text(text);
    ASSERT_EQ(count(before.findings, "MG201"), 1u);  // op
    std::string fixed = apply_fixes(text, before.findings, "versions/b2_change.py");
    EXPECT_NE(fixed.find("\"\"\"\nfrom alembic import op\n"), std::string::npos) << fixed;
    EXPECT_EQ(count(lint_text(fixed).findings, "MG201"), 0u);
}
