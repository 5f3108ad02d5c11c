// Where findings point: line and column (1-based, as shown to the user) of the op, or of the SQL
// statement inside a multi-line op.execute. revision_text() puts the first body line of
// upgrade() on line 15.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "lint_test_helpers.hpp"

using namespace mig_guard;
using namespace mig_guard::lint::test;

namespace {

// (line, column) of every finding with `code`, in order.
std::vector<std::pair<uint32_t, uint32_t>> positions(const Linted& l, const std::string& code) {
    std::vector<std::pair<uint32_t, uint32_t>> out;
    for (const auto& f : l.findings)
        if (f.code == code) out.emplace_back(f.location.line, f.location.column);
    return out;
}

using Positions = std::vector<std::pair<uint32_t, uint32_t>>;

std::string crlf(std::string text) {
    for (size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 2)) text.replace(at, 1, "\r\n");
    return text;
}

}  // namespace

TEST(Positions, OpFindingsPointAtTheOpCall) {
    auto l = lint_body("    op.add_column('task', sa.Column('a', sa.Integer(), nullable=True))\n"
                       "    op.drop_table('user')\n"
                       "\n"
                       "    op.drop_column(\n"
                       "        'task', 'title')",
                       "    pass");
    expect_findings(l, "MG401");
    EXPECT_EQ(positions(l, "MG401"), (Positions{{16, 5}}));
    EXPECT_EQ(positions(l, "MG402"), (Positions{{18, 5}}));
}

TEST(Positions, ManualSqlPointsAtOpExecute) {
    auto l = lint_body("    op.add_column('task', sa.Column('a', sa.Integer(), nullable=True))\n"
                       "    op.execute(\"\"\"\n"
                       "        UPDATE task SET title = 'x' WHERE id = 1;\n"
                       "    \"\"\")",
                       "    op.drop_column('task', 'a')");
    EXPECT_EQ(positions(l, "MG301"), (Positions{{16, 5}}));
}

TEST(Positions, SqlStartingOnTheQuoteLineCountsColumnsFromTheLine) {
    auto l = lint_body("    op.execute(\"\"\"UPDATE task SET title = 'x' WHERE id = 1;\n"
                       "  DELETE FROM task;\"\"\")");
    EXPECT_EQ(positions(l, "MG301"), (Positions{{15, 5}}));
    EXPECT_EQ(positions(l, "MG302"), (Positions{{16, 3}}));
}

TEST(Positions, SqlAfterACommentLine) {
    auto l = lint_body("    op.execute(\"\"\"\n"
                       "        -- the old rows go\n"
                       "        UPDATE task SET title = 'x' WHERE id = 1;\n"
                       "\n"
                       "        TRUNCATE task;\n"
                       "    \"\"\")");
    EXPECT_EQ(positions(l, "MG302"), (Positions{{19, 9}}));
}

TEST(Positions, AStatementOverSeveralLinesPointsAtItsStart) {
    auto l = lint_body("    op.execute(\"\"\"\n"
                       "        UPDATE task SET title = 'x' WHERE id = 1; DELETE\n"
                       "            FROM task;\n"
                       "    \"\"\")");
    EXPECT_EQ(positions(l, "MG302"), (Positions{{16, 51}}));
}

TEST(Positions, ImplicitlyConcatenatedSqlTextPointsIntoItsOwnLiteral) {
    auto l = lint_body("    op.execute(sa.text(\n"
                       "        \"UPDATE task SET title = 'x' WHERE id = 1; \"\n"
                       "        \"DROP TABLE task\"\n"
                       "    ))");
    EXPECT_EQ(positions(l, "MG302"), (Positions{{17, 10}}));
}

TEST(Positions, CrlfLineEndsCountAsOneLineEach) {
    auto l = lint_text(crlf(revision_text("    op.execute(\"\"\"\n"
                                          "        UPDATE task SET title = 'x' WHERE id = 1;\n"
                                          "        TRUNCATE task;\n"
                                          "    \"\"\")",
                                          "    pass")));
    EXPECT_EQ(positions(l, "MG302"), (Positions{{17, 9}}));
}

TEST(Positions, TwoStatementsInOneExecuteAreTwoFindings) {
    auto l = lint_body("    op.execute(\"\"\"\n"
                       "        DELETE FROM task;\n"
                       "        DROP TABLE \"user\";\n"
                       "    \"\"\")");
    EXPECT_EQ(positions(l, "MG302"), (Positions{{16, 9}, {17, 9}}));
}
