#include "rules.hpp"

namespace mig_guard::lint::rules {

namespace {
void check(const RevisionContext& ctx, Reporter& r) {
    for (const auto& d : ctx.module.diagnostics) {
        if (d.severity != Severity::error) continue;
        r.report(d.location, d.message, d.help.empty() ? "fix the syntax error; the revision cannot be imported" : d.help);
        return;  // the first error; later ones are usually its consequences
    }
}
}  // namespace

const Rule& mg203_python_syntax_error() {
    static const Rule rule{
        "MG203", "python-syntax-error", Level::error, "the file does not parse",
        {"Flags a revision file that is not valid Python (3.12 grammar), at the first syntax error.",
         "Alembic imports every file of the versions directory: one file that does not parse breaks every "
         "`alembic` command, not only this revision.",
         "def upgrade() -> None:\n    op.add_column('task', sa.Column('done', sa.Boolean()\n",
         "def upgrade() -> None:\n    op.add_column('task', sa.Column('done', sa.Boolean()))"},
        Scope::revision, &check};
    return rule;
}

}  // namespace mig_guard::lint::rules
