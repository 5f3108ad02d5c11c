#include "rules.hpp"

namespace mig_guard::lint::rules {

namespace {
void check(const RevisionContext& ctx, Reporter& r) {
    for (const auto* ops : {&ctx.revision.upgrade, &ctx.revision.downgrade})
        for (const auto& op : *ops) {
            if (op.is<schema::Execute>()) {
                r.report(op.location, "hand-written SQL in op.execute",
                         "express the change as Alembic operations, or acknowledge MG301 in review");
            } else if (const auto* o = op.as<schema::Opaque>()) {
                // op.execute(f"...") and conn = op.get_bind(); conn.execute(...) are opaque, but still SQL.
                if (o->source.find(".execute(") != std::string::npos || o->source.find("op.execute") != std::string::npos)
                    r.report(op.location, "hand-written SQL executed through the connection",
                             "express the change as Alembic operations, or acknowledge MG301 in review");
            }
        }
}
}  // namespace

const Rule& mg301_manual_sql() {
    static const Rule rule{
        "MG301", "manual-sql", Level::error, "`op.execute`, `sa.text`, `op.get_bind().execute`: hand-written SQL needs approval",
        {"Flags raw SQL in a revision: `op.execute(\"...\")`, `op.execute(sa.text(\"...\"))` and "
         "`op.get_bind().execute(...)`.",
         "Hand-written SQL bypasses the models: it is not checked against them, cannot be reversed "
         "automatically and may lock or rewrite tables. It needs a reviewer's explicit approval.",
         "def upgrade() -> None:\n    op.execute(\"UPDATE task SET priority = 0 WHERE priority IS NULL\")",
         "Use Alembic operations where one exists (`op.alter_column(..., server_default=...)`); where data "
         "must change, keep the SQL and acknowledge MG301 in `mig-guard review --ack MG301`."},
        Scope::revision, &check};
    return rule;
}

}  // namespace mig_guard::lint::rules
