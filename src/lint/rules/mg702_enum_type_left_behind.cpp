#include <set>

#include "../internal.hpp"
#include "mig_guard/schema/diff.hpp"
#include "rules.hpp"

namespace mig_guard::lint::rules {

namespace {

bool existed_before(const schema::Schema& before, const std::string& name) {
    if (before.find_enum(name)) return true;
    for (const auto& t : before.tables)
        for (const auto& c : t.columns)
            if (c.type.enum_name == name) return true;
    return false;
}

bool dropped_in(const schema::Ops& ops, const std::string& name) {
    for (const auto& op : ops) {
        if (const auto* d = op.as<schema::DropEnum>(); d && d->type.name == name) return true;
        if (const auto* ex = op.as<schema::Execute>()) {
            std::string u = detail::upper(ex->sql);
            if (detail::contains_word(u, "DROP") && detail::contains_word(u, "TYPE") && detail::contains_word(u, detail::upper(name)))
                return true;
        }
    }
    return false;
}

void check(const RevisionContext& ctx, Reporter& r) {
    Diagnostics ignored;
    schema::Schema after = schema::replay(detail::slice_for(ctx.before, ctx.revision.upgrade, ctx.revision.downgrade),
                                          ctx.revision.upgrade, ignored);
    std::set<std::string> reported;
    for (const auto& op : ctx.revision.downgrade) {
        const auto* d = op.as<schema::DropTable>();
        if (!d) continue;
        const schema::Table* t = after.find_table(d->table.name, d->table.schema);
        if (!t) continue;
        for (const auto& c : t->columns) {
            const std::string& type = c.type.enum_name;
            if (type.empty() || existed_before(ctx.before, type) || dropped_in(ctx.revision.downgrade, type)) continue;
            if (!reported.insert(type).second) continue;
            r.report(op.location,
                     "downgrade drops table '" + t->qualified_name() + "' but leaves its enum type '" + type + "' behind",
                     "drop the type after the table: sa.Enum(name='" + type + "').drop(op.get_bind(), checkfirst=True)");
        }
    }
}
}  // namespace

const Rule& mg702_enum_type_left_behind() {
    static const Rule rule{
        "MG702", "enum-type-left-behind", Level::warning, "downgrade drops the table but leaves its enum type",
        {"Flags `op.drop_table(...)` in `downgrade()` of a table whose native enum type was created by this "
         "revision's upgrade and is not dropped by the downgrade.",
         "`op.drop_table` does not drop the enum types that `op.create_table` created. The type stays behind, "
         "and the next upgrade fails with `type \"status\" already exists`.",
         "def downgrade() -> None:\n    op.drop_table('task')",
         "def downgrade() -> None:\n    op.drop_table('task')\n    sa.Enum(name='status').drop(op.get_bind(), checkfirst=True)"},
        Scope::revision, &check};
    return rule;
}

}  // namespace mig_guard::lint::rules
