#include "../internal.hpp"
#include "rules.hpp"

namespace mig_guard::lint::rules {

namespace {
void check(const RevisionContext& ctx, Reporter& r) {
    const auto& ops = ctx.revision.upgrade;
    for (size_t i = 0; i < ops.size(); ++i) {
        std::string sch, table;
        std::vector<std::string> columns;
        if (const auto* u = ops[i].as<schema::CreateUniqueConstraint>()) {
            sch = u->schema, table = u->table, columns = u->constraint.columns;
        } else if (const auto* ix = ops[i].as<schema::CreateIndex>(); ix && ix->index.unique) {
            sch = ix->schema, table = ix->table;
            for (const auto& e : ix->index.elements) columns.push_back(e.expression ? std::string() : e.text);
        } else {
            continue;
        }
        // Only a table created in this revision is exempt: on an existing table the unique index
        // is built under a lock with a scan of every row, even for a column added just before.
        if (ctx.table_created_before(sch, table, i)) continue;
        std::string list;
        for (const auto& c : columns) list += (list.empty() ? "" : ", ") + c;
        r.report(ops[i].location,
                 "unique constraint on (" + list + ") is added to existing table '" + detail::qualified(sch, table) + "'",
                 "check for duplicates first, and build a unique index CONCURRENTLY, then add the constraint USING INDEX");
    }
}
}  // namespace

const Rule& mg505_add_unique_to_existing() {
    static const Rule rule{
        "MG505", "add-unique-to-existing", Level::warning, "can fail on existing data; takes a lock",
        {"Flags `op.create_unique_constraint(...)` and unique `op.create_index(...)` on a table that existed "
         "before the revision, unless every column of the constraint was added in the same revision.",
         "Existing duplicate rows make the migration fail; building the index blocks writes to the table "
         "until it is done.",
         "def upgrade() -> None:\n    op.create_unique_constraint('uq_user_email', 'user', ['email'])",
         "Remove duplicates first; then `CREATE UNIQUE INDEX CONCURRENTLY` and `ALTER TABLE ... ADD CONSTRAINT "
         "... UNIQUE USING INDEX ...`."},
        Scope::revision, &check};
    return rule;
}

}  // namespace mig_guard::lint::rules
