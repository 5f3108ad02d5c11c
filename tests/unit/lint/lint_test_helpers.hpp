// Test helpers that refuse vacuous tests: a revision that does not parse or has no ops cannot
// "pass" expect_no_findings, and expect_findings needs at least one finding of the code.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "mig_guard/alembic/reader.hpp"
#include "mig_guard/lint/lint.hpp"
#include "mig_guard/python/parser.hpp"
#include "mig_guard/schema/diff.hpp"

namespace mig_guard::lint::test {

struct Linted {
    alembic::Revision revision;
    Findings findings;
};

inline std::string revision_text(const std::string& upgrade, const std::string& downgrade, const std::string& rev = "b2",
                                 const std::string& down = "'a1'",
                                 const std::string& imports = "from alembic import op\nimport sqlalchemy as sa\n") {
    return "\"\"\"change\n\nRevision ID: " + rev + "\n\"\"\"\n" + imports + "\nrevision = '" + rev +
           "'\ndown_revision = " + down + "\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade() -> None:\n" + upgrade +
           "\n\n\ndef downgrade() -> None:\n" + downgrade + "\n";
}

// The schema of the golden fixtures' base revision: enum status, tables user and task.
inline schema::Schema base_schema() {
    std::string up =
        "    sa.Enum('open', 'done', 'archived', name='status').create(op.get_bind())\n"
        "    op.create_table('user', sa.Column('id', sa.Integer(), nullable=False), sa.PrimaryKeyConstraint('id'))\n"
        "    op.create_table('task', sa.Column('id', sa.Integer(), nullable=False),\n"
        "        sa.Column('title', sa.String(length=200), nullable=True),\n"
        "        sa.Column('owner_id', sa.Integer(), nullable=True), sa.PrimaryKeyConstraint('id'))\n";
    alembic::Revision base = alembic::read_revision({"versions/a1.py", revision_text(up, "    pass", "a1", "None")});
    Diagnostics diags;
    return schema::replay(schema::Schema{}, base.upgrade, diags);
}

inline Linted lint_text(const std::string& text, const LintOptions& options = {}) {
    SourceFile file{"versions/b2_change.py", text};
    Linted out;
    out.revision = alembic::read_revision(file);
    out.findings = lint_revision(file, out.revision, base_schema(), options);
    return out;
}

inline Linted lint_body(const std::string& upgrade, const std::string& downgrade = "    pass") {
    return lint_text(revision_text(upgrade, downgrade));
}

inline size_t count(const Findings& findings, const std::string& code) {
    size_t n = 0;
    for (const auto& f : findings) n += f.code == code;
    return n;
}

#define expect_findings(linted, code)                                                         \
    do {                                                                                      \
        const auto& l_ = (linted);                                                            \
        EXPECT_GE(::mig_guard::lint::test::count(l_.findings, code), 1u) << "no " << code;    \
    } while (0)

#define expect_no_findings(linted, code)                                                       \
    do {                                                                                       \
        const auto& l_ = (linted);                                                             \
        ASSERT_FALSE(has_errors(l_.revision.diagnostics)) << "the revision does not read";     \
        ASSERT_FALSE(l_.revision.upgrade.empty() && l_.revision.downgrade.empty())             \
            << "a revision without ops proves nothing";                                        \
        EXPECT_EQ(::mig_guard::lint::test::count(l_.findings, code), 0u) << code << " reported"; \
    } while (0)

}  // namespace mig_guard::lint::test
