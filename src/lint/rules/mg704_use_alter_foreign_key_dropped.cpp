#include "../internal.hpp"
#include "rules.hpp"

namespace mig_guard::lint::rules {

namespace {
std::string describe(const schema::ForeignKey& fk) {
    std::string cols;
    for (const auto& c : fk.columns) cols += (cols.empty() ? "" : ", ") + c;
    std::string what = fk.name.value.empty() ? "the foreign key" : "foreign key '" + fk.name.value + "'";
    return what + " (" + cols + ") -> " + detail::qualified(fk.ref_schema, fk.ref_table);
}

void check(const RevisionContext& ctx, Reporter& r) {
    for (const auto* ops : {&ctx.revision.upgrade, &ctx.revision.downgrade})
        for (const auto& op : *ops) {
            const auto* c = op.as<schema::CreateTable>();
            if (!c) continue;
            for (const auto& fk : c->table.foreign_keys)
                if (fk.use_alter)
                    r.report(op.location,
                             describe(fk) + " has use_alter=True inside op.create_table('" + c->table.name +
                                 "'): PostgreSQL's CREATE TABLE leaves it out and nothing adds it",
                             "drop use_alter=True here and add the key with op.create_foreign_key(...) after the "
                             "tables it joins are created");
        }
}
}  // namespace

const Rule& mg704_use_alter_foreign_key_dropped() {
    static const Rule rule{
        "MG704", "use-alter-foreign-key-dropped", Level::error,
        "a foreign key with `use_alter=True` inside `op.create_table` is never created",
        {"Flags `sa.ForeignKeyConstraint(..., use_alter=True)` and `sa.ForeignKey(..., use_alter=True)` inside "
         "`op.create_table`. Autogenerate writes them this way for tables that reference each other.",
         "On PostgreSQL, SQLAlchemy's CREATE TABLE leaves `use_alter` keys out, expecting `metadata.create_all` "
         "to add them with ALTER TABLE once every table exists. `op.create_table` never does: the migration "
         "succeeds and the database silently lacks the constraint the models declare.",
         "op.create_table('team',\n    sa.Column('id', sa.Integer(), nullable=False),\n"
         "    sa.Column('lead_id', sa.Integer(), nullable=True),\n"
         "    sa.ForeignKeyConstraint(['lead_id'], ['user.id'], name='fk_team_lead', use_alter=True),\n"
         "    sa.PrimaryKeyConstraint('id'),\n)",
         "op.create_table('team',\n    sa.Column('id', sa.Integer(), nullable=False),\n"
         "    sa.Column('lead_id', sa.Integer(), nullable=True),\n    sa.PrimaryKeyConstraint('id'),\n)\n"
         "# ... after op.create_table('user', ...):\n"
         "op.create_foreign_key('fk_team_lead', 'team', 'user', ['lead_id'], ['id'])"},
        Scope::revision, &check};
    return rule;
}

}  // namespace mig_guard::lint::rules
