#include "../internal.hpp"
#include "rules.hpp"

namespace mig_guard::lint::rules {

namespace {
void check(const RevisionContext& ctx, Reporter& r) {
    const auto& ops = ctx.revision.upgrade;
    for (size_t i = 0; i < ops.size(); ++i) {
        const auto* rt = ops[i].as<schema::RenameTable>();
        if (!rt || ctx.table_created_before(rt->schema, rt->old_name, i)) continue;
        r.report(ops[i].location, "table '" + detail::qualified(rt->schema, rt->old_name) + "' is renamed to '" + rt->new_name + "'",
                 "create the new table or a view under the new name first, and drop the old name in a later release");
    }
}
}  // namespace

const Rule& mg501_rename_table() {
    static const Rule rule{
        "MG501", "rename-table", Level::warning, "backward-incompatible for running code",
        {"Flags `op.rename_table(...)` on a table that existed before the revision.",
         "Application code still running during the deployment queries the old name and fails as soon as "
         "the migration commits.",
         "def upgrade() -> None:\n    op.rename_table('task', 'todo')",
         "Rename in steps: add a view or the new table, move the code to the new name, and drop the old name "
         "in a later release."},
        Scope::revision, &check};
    return rule;
}

}  // namespace mig_guard::lint::rules
