#include "../internal.hpp"
#include "rules.hpp"

namespace mig_guard::lint::rules {

namespace {
void check(const RevisionContext& ctx, Reporter& r) {
    const auto& ops = ctx.revision.upgrade;
    for (size_t i = 0; i < ops.size(); ++i) {
        const auto* a = ops[i].as<schema::AlterColumn>();
        if (!a || !a->new_name || ctx.column_created_before(a->schema, a->table, a->column, i)) continue;
        r.report(ops[i].location,
                 "column '" + a->column + "' of table '" + detail::qualified(a->schema, a->table) + "' is renamed to '" +
                     *a->new_name + "'",
                 "add the new column, write both in the code, backfill, and drop the old column in a later release");
    }
}
}  // namespace

const Rule& mg502_rename_column() {
    static const Rule rule{
        "MG502", "rename-column", Level::warning, "backward-incompatible for running code",
        {"Flags `op.alter_column(..., new_column_name=...)` on a column that existed before the revision.",
         "Application code still running during the deployment selects and inserts the old column name and "
         "fails as soon as the migration commits.",
         "def upgrade() -> None:\n    op.alter_column('user', 'name', new_column_name='full_name')",
         "Add the new column, write both from the code, backfill, switch reads, and drop the old column in a "
         "later release."},
        Scope::revision, &check};
    return rule;
}

}  // namespace mig_guard::lint::rules
