#include "../internal.hpp"
#include "rules.hpp"

namespace mig_guard::lint::rules {

namespace {
void check(const RevisionContext& ctx, Reporter& r) {
    const auto& ops = ctx.revision.upgrade;
    for (size_t i = 0; i < ops.size(); ++i) {
        const auto* a = ops[i].as<schema::AlterColumn>();
        if (!a || !a->nullable || *a->nullable || !a->existing_nullable) continue;
        if (ctx.column_created_before(a->schema, a->table, a->column, i)) continue;
        r.report(ops[i].location,
                 "setting NOT NULL on column '" + a->column + "' of table '" + detail::qualified(a->schema, a->table) +
                     "' scans the whole table under an ACCESS EXCLUSIVE lock",
                 "add a CHECK (column IS NOT NULL) NOT VALID constraint, validate it, then set NOT NULL");
    }
}
}  // namespace

const Rule& mg504_set_not_null() {
    static const Rule rule{
        "MG504", "set-not-null", Level::warning, "full scan under an exclusive lock",
        {"Flags `op.alter_column(..., nullable=False)` on a nullable column that existed before the revision.",
         "`ALTER COLUMN ... SET NOT NULL` reads every row while holding an ACCESS EXCLUSIVE lock: reads and "
         "writes of the table stop for the duration, and it fails if any row is NULL.",
         "def upgrade() -> None:\n    op.alter_column('task', 'owner_id', existing_type=sa.Integer(), nullable=False)",
         "Add `CHECK (owner_id IS NOT NULL) NOT VALID`, run `VALIDATE CONSTRAINT` (no exclusive lock), then "
         "`SET NOT NULL` (PostgreSQL 12+ uses the constraint and skips the scan), and drop the check."},
        Scope::revision, &check};
    return rule;
}

}  // namespace mig_guard::lint::rules
