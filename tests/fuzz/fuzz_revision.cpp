// libFuzzer entry point for the revision reader and everything `mig-guard lint` does with what it
// reads: arbitrary bytes are a revision file next to a fixed parent revision; the file is read,
// put in a graph, linted against the schema its ancestors produce, reported in every format, and
// fixed. Any crash, hang or sanitizer report is a bug, and so is a broken invariant:
//   - every diagnostic and finding points at a line of the file it names;
//   - ops carry a location inside the file;
//   - every reporter renders whatever was found (invalid UTF-8 included) without throwing;
//   - `lint --fix` never turns a file that parses into one that does not, and a fixed file has
//     no fixable finding left.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mig_guard/alembic/graph.hpp"
#include "mig_guard/alembic/reader.hpp"
#include "mig_guard/lint/lint.hpp"
#include "mig_guard/report/report.hpp"

#include "fuzz_support.hpp"

namespace {

using namespace mig_guard;

using fuzz::check;

const std::string k_parent_path = "migrations/versions/0a1b2c3d4e5f_create_users.py";
const std::string k_path = "migrations/versions/fuzz.py";

// A parent with a table, an index, a foreign key and an enum, so that the fuzzed revision's
// drops, renames and alterations meet objects that exist.
const std::string k_parent = R"py("""create users

Revision ID: 0a1b2c3d4e5f
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "0a1b2c3d4e5f"
down_revision = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("status", sa.Enum("active", "gone", name="status"), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_users_email", "users", ["email"], unique=True)
    op.create_table(
        "posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade():
    op.drop_table("posts")
    op.drop_index("ix_users_email", table_name="users")
    op.drop_table("users")
)py";

void check_location(const SourceLocation& at, std::string_view text) {
    if (!at.known()) return;
    check(at.line <= fuzz::python_line_count(text));
    check(at.column >= 1);
}

uint32_t lines_of(const std::string& file, std::string_view fuzzed) {
    return fuzz::python_line_count(file == k_path ? fuzzed : std::string_view(k_parent));
}

lint::Findings lint_text(const std::string& text, alembic::Graph& graph_out) {
    SourceFiles files{{k_parent_path, k_parent}, {k_path, text}};
    graph_out = alembic::build_graph(files);
    return lint::lint_project(graph_out, files, {}, {});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);

    alembic::Revision revision = alembic::read_revision({k_path, text});
    for (const auto& d : revision.diagnostics) {
        check(!d.message.empty());
        check_location(d.location, text);
    }
    for (const auto* ops : {&revision.upgrade, &revision.downgrade})
        for (const auto& op : *ops) check_location(op.location, text);
    bool parses = revision.module && revision.module->ok();

    alembic::Graph graph;
    lint::Findings findings = lint_text(text, graph);
    for (const auto& d : graph.diagnostics) {
        check(!d.message.empty());
        if (d.location.file == k_path || d.location.file == k_parent_path)
            check(d.location.line <= lines_of(d.location.file, text));
    }
    (void)graph.topological();
    for (const auto& head : graph.heads) (void)graph.ancestors(head);

    report::ReportInput input;
    input.findings = findings;
    input.sources = {{k_parent_path, k_parent}, {k_path, text}};
    input.files_checked = {k_parent_path, k_path};
    input.tool_version = "0.0.0";
    bool fixable = false;
    for (const auto& f : findings) {
        check(!f.code.empty() && !f.message.empty());
        check(f.location.file == k_path || f.location.file == k_parent_path);
        if (f.location.known()) check(f.location.line <= lines_of(f.location.file, text));
        input.rules[f.code] = {f.name, f.message};
        if (f.fix && f.location.file == k_path) fixable = true;
    }
    for (auto format : {report::Format::text, report::Format::json, report::Format::sarif, report::Format::github,
                        report::Format::junit}) {
        (void)report::render(format, input, {.color = true});
    }

    if (fixable) {
        std::string fixed = lint::apply_fixes(text, findings, k_path);
        check(fixed != text);
        alembic::Graph again_graph;
        lint::Findings again = lint_text(fixed, again_graph);
        alembic::Revision reread = alembic::read_revision({k_path, fixed});
        if (parses) check(reread.module && reread.module->ok());
        for (const auto& f : again) check(!(f.fix && f.location.file == k_path));
    }
    return 0;
}
