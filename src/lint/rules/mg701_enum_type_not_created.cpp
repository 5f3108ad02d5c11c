#include <set>

#include "../internal.hpp"
#include "rules.hpp"

namespace mig_guard::lint::rules {

namespace {

// Enum types that exist before op `index`: from the ancestors, or created earlier in this
// revision (explicitly, by raw SQL, or by op.create_table, which creates the types of its
// columns unless create_type=False).
std::set<std::string> known_enums(const RevisionContext& ctx, size_t index) {
    std::set<std::string> out;
    for (const auto& e : ctx.before.enums) out.insert(e.name);
    for (const auto& t : ctx.before.tables)
        for (const auto& c : t.columns)
            if (!c.type.enum_name.empty()) out.insert(c.type.enum_name);
    const auto& ops = ctx.revision.upgrade;
    for (size_t j = 0; j < index && j < ops.size(); ++j) {
        if (const auto* ce = ops[j].as<schema::CreateEnum>()) out.insert(ce->type.name);
        else if (const auto* ct = ops[j].as<schema::CreateTable>()) {
            for (const auto& c : ct->table.columns)
                if (!c.type.enum_name.empty() && c.type.python.find("create_type=False") == std::string::npos)
                    out.insert(c.type.enum_name);
        } else if (const auto* ex = ops[j].as<schema::Execute>()) {
            for (const auto& piece : detail::split_sql(ex->sql)) {
                std::string u = detail::upper(piece.text);
                if (!u.starts_with("CREATE") || !detail::contains_word(u, "TYPE")) continue;
                size_t t = u.find("TYPE") + 4;
                size_t b = u.find_first_not_of(" \t\r\n\"", t);
                size_t e = b == std::string::npos ? b : u.find_first_of(" \t\r\n\"(", b);
                if (b != std::string::npos) {
                    std::string name = piece.text.substr(b, e == std::string::npos ? std::string::npos : e - b);
                    if (auto dot = name.rfind('.'); dot != std::string::npos) name = name.substr(dot + 1);
                    out.insert(name);
                }
            }
        }
    }
    return out;
}

void check(const RevisionContext& ctx, Reporter& r) {
    const auto& ops = ctx.revision.upgrade;
    for (size_t i = 0; i < ops.size(); ++i) {
        std::vector<std::pair<std::string, std::string>> uses;  // column, enum type
        if (const auto* a = ops[i].as<schema::AddColumn>()) {
            if (!a->column.type.enum_name.empty()) uses.emplace_back(a->column.name, a->column.type.enum_name);
        } else if (const auto* al = ops[i].as<schema::AlterColumn>()) {
            if (al->type && !al->type->enum_name.empty()) uses.emplace_back(al->column, al->type->enum_name);
        } else if (const auto* ct = ops[i].as<schema::CreateTable>()) {
            for (const auto& c : ct->table.columns)
                if (!c.type.enum_name.empty() && c.type.python.find("create_type=False") != std::string::npos)
                    uses.emplace_back(c.name, c.type.enum_name);
        }
        if (uses.empty()) continue;
        std::set<std::string> known = known_enums(ctx, i);
        for (const auto& [column, type] : uses) {
            if (known.count(type)) continue;
            r.report(ops[i].location, "column '" + column + "' uses enum type '" + type + "', which is never created",
                     "create the type first: sa.Enum(..., name='" + type + "').create(op.get_bind(), checkfirst=True)");
        }
    }
}
}  // namespace

const Rule& mg701_enum_type_not_created() {
    static const Rule rule{
        "MG701", "enum-type-not-created", Level::error, "a column of a new enum type added without creating the type",
        {"Flags `op.add_column(...)` or `op.alter_column(..., type_=...)` with a native PostgreSQL enum type that "
         "neither an earlier revision nor an earlier statement of this one creates (`op.create_table` creates "
         "its columns' enum types unless `create_type=False`; `op.add_column` never does).",
         "The migration fails with `type \"status\" does not exist`: autogenerate renders the column but not "
         "the `CREATE TYPE` it needs.",
         "def upgrade() -> None:\n    op.add_column('task', sa.Column('status', sa.Enum('open', 'done', name='status'), nullable=True))",
         "def upgrade() -> None:\n    sa.Enum('open', 'done', name='status').create(op.get_bind())\n"
         "    op.add_column('task', sa.Column('status', sa.Enum('open', 'done', name='status'), nullable=True))"},
        Scope::revision, &check};
    return rule;
}

}  // namespace mig_guard::lint::rules
