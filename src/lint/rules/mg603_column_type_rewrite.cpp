#include "mig_guard/sql/parse.hpp"
#include "../internal.hpp"
#include "rules.hpp"

namespace mig_guard::lint::rules {

namespace {

using detail::TypeInfo;
using F = TypeInfo::Family;

// Whether PostgreSQL changes the type in the catalog only (binary-coercible, no table rewrite).
bool catalog_only(const schema::SqlType& from_type, const schema::SqlType& to_type) {
    TypeInfo from = detail::type_info(from_type), to = detail::type_info(to_type);
    if (from.family == F::unknown || to.family == F::unknown) return true;  // nothing known: say nothing
    if (detail::upper(from_type.sql) == detail::upper(to_type.sql)) return true;
    if (from.family == F::string && to.family == F::string) {
        if (from.base == "CHAR" || to.base == "CHAR") return false;  // blank-padding changes the values
        return !to.length || (from.length && *to.length >= *from.length);
    }
    if (from.family == F::numeric && to.family == F::numeric)
        return !to.length || (from.length && *to.length >= *from.length && to.scale == from.scale);
    // PostgreSQL 12+: timestamp -> timestamptz without a rewrite only when the session time zone
    // is UTC; that cannot be known here, so it counts as a rewrite.
    return false;
}

void check(const RevisionContext& ctx, Reporter& r) {
    const auto& ops = ctx.revision.upgrade;
    for (size_t i = 0; i < ops.size(); ++i) {
        const auto* a = ops[i].as<schema::AlterColumn>();
        if (!a || !a->type || ctx.column_created_before(a->schema, a->table, a->column, i)) continue;
        auto old = detail::existing_type(*a, ctx.before);
        if (!old || catalog_only(*old, *a->type)) continue;
        r.report(ops[i].location,
                 "changing column '" + a->column + "' of table '" + detail::qualified(a->schema, a->table) + "' from " +
                     old->sql + " to " + a->type->sql + " rewrites the table under an ACCESS EXCLUSIVE lock",
                 "add a new column of the new type, backfill it in batches, and switch over in a later release");
    }
    // The same change written as raw SQL, at the line of the statement inside the string.
    for (size_t i = 0; i < ops.size(); ++i) {
        const auto* ex = ops[i].as<schema::Execute>();
        if (!ex) continue;
        const sql::ParsedSql& parsed = detail::parsed_sql(ex->sql);
        if (parsed.error) continue;  // MG301 already asks a person to read it
        for (const auto& st : parsed.statements) {
            if (!st.alters_column_type) continue;
            if (!st.tables.empty() && ctx.table_created_before({}, st.tables.front(), i)) continue;
            r.report(detail::sql_location(ctx, ops[i], st.begin),
                     "ALTER COLUMN ... TYPE in raw SQL rewrites table '" + (st.tables.empty() ? std::string("?") : st.tables.front()) +
                         "' under an ACCESS EXCLUSIVE lock, unless the change only touches the catalog",
                     "add a new column of the new type, backfill it in batches, and switch over in a later release");
        }
    }
}
}  // namespace

const Rule& mg603_column_type_rewrite() {
    static const Rule rule{
        "MG603", "column-type-rewrite", Level::warning, "type change that rewrites the table",
        {"Flags `op.alter_column(..., type_=...)` whose type change makes PostgreSQL rewrite the table and "
         "its indexes. Changes that only touch the catalog are not flagged: `VARCHAR(n)` to a longer "
         "`VARCHAR`, `VARCHAR` to `TEXT`, `NUMERIC(p, s)` to more precision with the same scale, or to "
         "unbounded `NUMERIC`.",
         "A rewrite holds an ACCESS EXCLUSIVE lock for as long as copying the table takes: no reads or writes "
         "for minutes on a large table.",
         "def upgrade() -> None:\n    op.alter_column('event', 'id', existing_type=sa.Integer(), type_=sa.BigInteger())",
         "Add a new column of the new type, backfill it in batches, switch the code to it, and drop the old "
         "column in a later release."},
        Scope::revision, &check};
    return rule;
}

}  // namespace mig_guard::lint::rules
