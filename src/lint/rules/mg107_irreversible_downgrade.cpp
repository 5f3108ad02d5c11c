#include "../internal.hpp"
#include "mig_guard/schema/diff.hpp"
#include "rules.hpp"

namespace mig_guard::lint::rules {

namespace {
bool verifiable(const schema::Op& op) { return !op.is<schema::Execute>() && !op.is<schema::Opaque>(); }

void check(const RevisionContext& ctx, Reporter& r) {
    const auto& rev = ctx.revision;
    bool changes = false;
    for (const auto& op : rev.upgrade) changes = changes || verifiable(op);
    if (!changes) return;
    // Hand-written SQL and opaque code cannot be replayed; MG202/MG301 flag them instead.
    for (const auto& op : rev.upgrade)
        if (!verifiable(op)) return;
    for (const auto& op : rev.downgrade) {
        if (!verifiable(op)) return;
        // drop_constraint(None, ...) cannot run; MG703 says so.
        if (const auto* d = op.as<schema::DropConstraint>(); d && d->name.empty()) return;
    }
    // Only the tables the revision touches take part: the cost stays flat along a long chain.
    const schema::Schema before = detail::slice_for(ctx.before, rev.upgrade, rev.downgrade);
    Diagnostics up_diags;
    schema::Schema after = schema::replay(before, rev.upgrade, up_diags);
    if (has_errors(up_diags)) return;  // the upgrade does not apply to its ancestors: other findings say why
    Diagnostics down_diags;
    schema::Schema restored = schema::replay(after, rev.downgrade, down_diags);
    bool empty = rev.downgrade.empty();
    if (!has_errors(down_diags) && schema::equivalent(before, restored)) return;
    const python::Stmt* def = detail::function_def(ctx.module, "downgrade");
    SourceLocation where = def ? ctx.module.location(def->span) : rev.revision_location;
    if (!def && !where.known()) where.file = ctx.file.path;
    std::string message;
    if (empty && !has_errors(down_diags)) {
        message = "upgrade() changes the schema but downgrade() does nothing";
    } else if (has_errors(down_diags)) {
        message = "downgrade() does not apply after upgrade(): " + down_diags.front().message;
    } else {
        schema::Ops left = schema::diff(restored, before);
        message = "downgrade() does not undo upgrade(): " + std::to_string(left.size()) +
                  (left.size() == 1 ? " change remains: " : " changes remain, first: ") + schema::op_name(left.front());
    }
    r.report(where, message, "write downgrade() as the exact reverse of upgrade(), in reverse order");
}
}  // namespace

const Rule& mg107_irreversible_downgrade() {
    static const Rule rule{
        "MG107", "irreversible-downgrade", Level::warning, "upgrade() changes the schema but downgrade() does not undo it",
        {"Replays `upgrade()` on the schema the revision's ancestors produce, then `downgrade()`, and flags the "
         "revision when the result differs from where it started (or when `downgrade()` is empty).",
         "A downgrade that does not restore the previous schema makes a failed deployment impossible to roll "
         "back cleanly, and leaves later upgrades running against a schema they were not written for.",
         "def upgrade() -> None:\n    op.add_column('task', sa.Column('priority', sa.Integer(), nullable=True))\n\n"
         "def downgrade() -> None:\n    pass",
         "def downgrade() -> None:\n    op.drop_column('task', 'priority')"},
        Scope::revision, &check};
    return rule;
}

}  // namespace mig_guard::lint::rules
