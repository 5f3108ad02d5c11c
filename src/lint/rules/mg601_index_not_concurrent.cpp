#include "../internal.hpp"
#include "rules.hpp"

namespace mig_guard::lint::rules {

namespace {
void check(const RevisionContext& ctx, Reporter& r) {
    const auto& ops = ctx.revision.upgrade;
    for (size_t i = 0; i < ops.size(); ++i) {
        const schema::Index* ix = nullptr;
        std::string sch, table, verb;
        if (const auto* c = ops[i].as<schema::CreateIndex>()) ix = &c->index, sch = c->schema, table = c->table, verb = "created";
        else if (const auto* d = ops[i].as<schema::DropIndex>()) ix = &d->index, sch = d->schema, table = d->table, verb = "dropped";
        if (!ix || ix->concurrently) continue;
        if (!table.empty() && ctx.table_created_before(sch, table, i)) continue;
        // Dropping an index created earlier in the same revision.
        if (verb == "dropped" && !ix->name.empty()) {
            bool fresh = false;
            for (size_t j = 0; j < i; ++j)
                if (const auto* c = ops[j].as<schema::CreateIndex>(); c && c->index.name.value == ix->name.value) fresh = true;
            if (fresh) continue;
        }
        std::string on = table.empty() ? std::string() : " on table '" + detail::qualified(sch, table) + "'";
        r.report(ops[i].location,
                 "index '" + ix->name.value + "'" + on + " is " + verb + " without CONCURRENTLY, blocking writes",
                 "pass postgresql_concurrently=True inside `with op.get_context().autocommit_block():`");
    }
}
}  // namespace

const Rule& mg601_index_not_concurrent() {
    static const Rule rule{
        "MG601", "index-not-concurrent", Level::warning, "CREATE/DROP INDEX on an existing table without CONCURRENTLY",
        {"Flags `op.create_index(...)` and `op.drop_index(...)` without `postgresql_concurrently=True` on a "
         "table that existed before the revision.",
         "`CREATE INDEX` holds a SHARE lock that blocks every write to the table while the index is built, "
         "which takes minutes on a large table; `DROP INDEX` takes an ACCESS EXCLUSIVE lock.",
         "def upgrade() -> None:\n    op.create_index('ix_task_owner_id', 'task', ['owner_id'])",
         "def upgrade() -> None:\n    with op.get_context().autocommit_block():\n"
         "        op.create_index('ix_task_owner_id', 'task', ['owner_id'], postgresql_concurrently=True)"},
        Scope::revision, &check};
    return rule;
}

}  // namespace mig_guard::lint::rules
