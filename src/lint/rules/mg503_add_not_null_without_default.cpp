#include "../internal.hpp"
#include "rules.hpp"

namespace mig_guard::lint::rules {

namespace {
void check(const RevisionContext& ctx, Reporter& r) {
    const auto& ops = ctx.revision.upgrade;
    for (size_t i = 0; i < ops.size(); ++i) {
        const auto* a = ops[i].as<schema::AddColumn>();
        if (!a || a->column.nullable || a->column.server_default || a->column.identity || a->column.computed) continue;
        if (ctx.table_created_before(a->schema, a->table, i)) continue;
        r.report(ops[i].location,
                 "NOT NULL column '" + a->column.name + "' is added to existing table '" +
                     detail::qualified(a->schema, a->table) + "' without a server default",
                 "add it with nullable=True, backfill, then set NOT NULL; or give it a server_default");
    }
}
}  // namespace

const Rule& mg503_add_not_null_without_default() {
    static const Rule rule{
        "MG503", "add-not-null-without-default", Level::error,
        "NOT NULL column added to an existing table without a server default",
        {"Flags `op.add_column(...)` of a column with `nullable=False` and no `server_default` (nor identity or "
         "computed value) on a table that existed before the revision.",
         "PostgreSQL fills the new column with NULL for every existing row, so the statement fails on any "
         "table that has rows: the migration works on an empty development database and breaks in production.",
         "def upgrade() -> None:\n    op.add_column('task', sa.Column('priority', sa.Integer(), nullable=False))",
         "def upgrade() -> None:\n    op.add_column('task', sa.Column('priority', sa.Integer(), nullable=False, "
         "server_default='0'))"},
        Scope::revision, &check};
    return rule;
}

}  // namespace mig_guard::lint::rules
