#include "../internal.hpp"
#include "rules.hpp"

namespace mig_guard::lint::rules {

namespace {

using detail::TypeInfo;
using F = TypeInfo::Family;

// Why changing `from` to `to` can lose data, or empty.
std::string narrowing(const TypeInfo& from, const TypeInfo& to) {
    if (from.family == F::unknown || to.family == F::unknown) return {};
    if (from.family == F::string && to.family == F::string) {
        if (to.length && (!from.length || *to.length < *from.length)) return "strings longer than " + std::to_string(*to.length) + " characters are cut or rejected";
        return {};
    }
    if (from.family == F::integer && to.family == F::integer && to.rank < from.rank) return "values outside the smaller integer range are rejected";
    if (from.family == F::numeric && to.family == F::numeric) {
        if (!to.length) return {};
        if (!from.length) return "unbounded numeric values are rounded or rejected";
        long from_int = *from.length - from.scale.value_or(0), to_int = *to.length - to.scale.value_or(0);
        if (to.scale.value_or(0) < from.scale.value_or(0)) return "decimal places are rounded away";
        if (to_int < from_int) return "values with more integer digits are rejected";
        return {};
    }
    if (from.family == F::floating && to.family == F::floating && to.rank < from.rank) return "precision is lost";
    if ((from.family == F::floating || from.family == F::numeric) && to.family == F::integer) return "fractions are rounded away";
    if (from.family == F::floating && to.family == F::numeric && to.length) return "values are rounded to the numeric's precision";
    if (from.family == F::integer && to.family == F::numeric && to.length && *to.length - to.scale.value_or(0) < (from.rank == 8 ? 19 : from.rank == 4 ? 10 : 5))
        return "large integers do not fit the numeric's precision";
    if (from.family == F::timestamp && to.family == F::timestamp && from.with_time_zone && !to.with_time_zone) return "the time zone offset is lost";
    if (from.family == F::timestamp && to.base == "DATE") return "the time of day is lost";
    return {};
}

void check(const RevisionContext& ctx, Reporter& r) {
    const auto& ops = ctx.revision.upgrade;
    for (size_t i = 0; i < ops.size(); ++i) {
        const auto* a = ops[i].as<schema::AlterColumn>();
        if (!a || !a->type || ctx.column_created_before(a->schema, a->table, a->column, i)) continue;
        auto old = detail::existing_type(*a, ctx.before);
        if (!old) continue;
        std::string why = narrowing(detail::type_info(*old), detail::type_info(*a->type));
        if (why.empty()) continue;
        r.report(ops[i].location,
                 "column '" + a->column + "' of table '" + detail::qualified(a->schema, a->table) + "' changes from " +
                     old->sql + " to " + a->type->sql + ": " + why,
                 "keep the wider type, or add a new column, copy the data you checked, and drop the old one later");
    }
}
}  // namespace

const Rule& mg403_narrowing_type_change() {
    static const Rule rule{
        "MG403", "narrowing-type-change", Level::error,
        "a type change that can lose data (shorter VARCHAR, TEXT to VARCHAR(n), BIGINT to INTEGER, timestamptz to timestamp, ...)",
        {"Flags `op.alter_column(..., type_=...)` that narrows the column: a shorter `VARCHAR`, `TEXT` to "
         "`VARCHAR(n)`, `BIGINT` to `INTEGER` or `SMALLINT`, `INTEGER` to `SMALLINT`, fewer `NUMERIC` digits, "
         "floating point to integer, `TIMESTAMP WITH TIME ZONE` to `TIMESTAMP WITHOUT TIME ZONE`. The old type "
         "is `existing_type`, or the column's type in the schema the earlier revisions produce.",
         "Existing values that do not fit make the migration fail halfway through a deployment, or are "
         "silently rounded or stripped of their time zone.",
         "def upgrade() -> None:\n    op.alter_column('user', 'name', existing_type=sa.String(length=200), "
         "type_=sa.String(length=50))",
         "Keep the wider type; or add a new column, copy and check the data, and drop the old column in a "
         "later release."},
        Scope::revision, &check};
    return rule;
}

}  // namespace mig_guard::lint::rules
