#include "../internal.hpp"
#include "mig_guard/sql/parse.hpp"
#include "rules.hpp"

namespace mig_guard::lint::rules {

namespace {
const char* k_help = "add the constraint NOT VALID, then VALIDATE CONSTRAINT in a separate transaction";

void check(const RevisionContext& ctx, Reporter& r) {
    const auto& ops = ctx.revision.upgrade;
    for (size_t i = 0; i < ops.size(); ++i) {
        if (const auto* fk = ops[i].as<schema::CreateForeignKey>()) {
            // Only a table created in this revision is exempt: a column added to an existing table
            // still has the whole table scanned under the lock while the key is validated.
            if (fk->constraint.not_valid || ctx.table_created_before(fk->schema, fk->table, i)) continue;
            std::string name = fk->constraint.name.empty() ? std::string() : " '" + fk->constraint.name.value + "'";
            r.report(ops[i].location,
                     "foreign key" + name + " is added to existing table '" + detail::qualified(fk->schema, fk->table) +
                         "' and validated under a lock on both tables",
                     k_help);
        } else if (const auto* ex = ops[i].as<schema::Execute>()) {
            // PostgreSQL's own grammar (libpg_query), as MG302; SQL it refuses is scanned by keywords.
            const sql::ParsedSql& parsed = detail::parsed_sql(ex->sql);
            if (!parsed.error) {
                for (const auto& st : parsed.statements) {
                    if (!st.adds_foreign_key || st.not_valid) continue;
                    if (!st.tables.empty() && ctx.table_created_before({}, st.tables.front(), i)) continue;
                    r.report(detail::sql_location(ctx, ops[i], st.begin),
                             "foreign key is added in raw SQL without NOT VALID, validated under a lock on both tables",
                             k_help);
                }
                continue;
            }
            for (const auto& piece : detail::split_sql(ex->sql)) {
                std::string u = detail::upper(piece.text);
                bool alter = u.starts_with("ALTER") && detail::contains_word(u, "TABLE");
                bool adds_fk = detail::contains_word(u, "FOREIGN") || detail::contains_word(u, "REFERENCES");
                if (!alter || !adds_fk || !detail::contains_word(u, "ADD") || u.find("NOT VALID") != std::string::npos) continue;
                r.report(detail::sql_location(ctx, ops[i], piece.offset),
                         "foreign key is added in raw SQL without NOT VALID, validated under a lock on both tables", k_help);
            }
        }
    }
}
}  // namespace

const Rule& mg602_foreign_key_not_valid() {
    static const Rule rule{
        "MG602", "foreign-key-not-valid", Level::warning, "FK added to an existing table without NOT VALID",
        {"Flags `op.create_foreign_key(...)` on a table that existed before the revision (unless its columns "
         "are new in the same revision), and `ALTER TABLE ... ADD ... FOREIGN KEY` in raw SQL without "
         "`NOT VALID`.",
         "Adding a validated foreign key scans the whole table while holding a SHARE ROW EXCLUSIVE lock on it "
         "and on the referenced table: writes to both stop until the scan is done.",
         "def upgrade() -> None:\n    op.create_foreign_key('fk_task_owner', 'task', 'user', ['owner_id'], ['id'])",
         "def upgrade() -> None:\n    op.execute('ALTER TABLE task ADD CONSTRAINT fk_task_owner FOREIGN KEY (owner_id) "
         "REFERENCES \"user\" (id) NOT VALID')\n    op.execute('ALTER TABLE task VALIDATE CONSTRAINT fk_task_owner')"},
        Scope::revision, &check};
    return rule;
}

}  // namespace mig_guard::lint::rules
