#include "../internal.hpp"
#include "rules.hpp"

namespace mig_guard::lint::rules {

namespace {
void check(const RevisionContext& ctx, Reporter& r) {
    const auto& ops = ctx.revision.upgrade;
    for (size_t i = 0; i < ops.size(); ++i) {
        const auto* d = ops[i].as<schema::DropTable>();
        if (!d || ctx.table_created_before(d->table.schema, d->table.name, i)) continue;
        r.report(ops[i].location, "table '" + detail::qualified(d->table.schema, d->table.name) + "' is dropped with its data",
                 "make sure no code reads the table and its data is no longer needed, then acknowledge MG401");
    }
}
}  // namespace

const Rule& mg401_drop_table() {
    static const Rule rule{
        "MG401", "drop-table", Level::error, "`op.drop_table`",
        {"Flags `op.drop_table(...)` in `upgrade()` on a table that existed before the revision.",
         "Dropping a table deletes every row irreversibly; `downgrade()` can recreate the table but not its "
         "data. Code still deployed that reads the table fails at once.",
         "def upgrade() -> None:\n    op.drop_table('audit_log')",
         "Stop using the table in one release, drop it in a later one, back up what must be kept, and "
         "acknowledge MG401 in `mig-guard review --ack MG401`."},
        Scope::revision, &check};
    return rule;
}

}  // namespace mig_guard::lint::rules
