#include "../internal.hpp"
#include "rules.hpp"

namespace mig_guard::lint::rules {

namespace {
void check(const RevisionContext& ctx, Reporter& r) {
    const auto& ops = ctx.revision.upgrade;
    for (size_t i = 0; i < ops.size(); ++i) {
        const auto* d = ops[i].as<schema::DropColumn>();
        if (!d || ctx.column_created_before(d->schema, d->table, d->column.name, i)) continue;
        r.report(ops[i].location,
                 "column '" + d->column.name + "' of table '" + detail::qualified(d->schema, d->table) +
                     "' is dropped with its data",
                 "remove the column from the code first and drop it in a later release, then acknowledge MG402");
    }
}
}  // namespace

const Rule& mg402_drop_column() {
    static const Rule rule{
        "MG402", "drop-column", Level::error, "`op.drop_column`",
        {"Flags `op.drop_column(...)` in `upgrade()` on a column that existed before the revision.",
         "The column's values are deleted irreversibly, and application code still deployed that selects or "
         "inserts the column fails until the new release is out.",
         "def upgrade() -> None:\n    op.drop_column('user', 'legacy_id')",
         "Stop reading and writing the column in one release, drop it in the next, and acknowledge MG402 in "
         "`mig-guard review --ack MG402`."},
        Scope::revision, &check};
    return rule;
}

}  // namespace mig_guard::lint::rules
