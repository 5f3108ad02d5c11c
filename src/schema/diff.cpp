#include "mig_guard/schema/diff.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "internal.hpp"

namespace mig_guard::schema {

namespace {

using detail::effective_nullable;
using detail::in_primary_key;
using detail::join;

// Python repr of a list of strings, as Alembic writes constraint arguments: ['a', 'b'].
std::string repr_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", '" : "'") + items[i] + "'";
    return out + "]";
}

// The copy a create/drop op carries: primary-key columns NOT NULL as PostgreSQL makes them,
// indexes left to their own create_index/drop_index ops (as Alembic does), and constraints
// in the order the revision file lists them. Alembic's render.py sorts the rendered
// constraint strings (sa.CheckConstraint < sa.ForeignKeyConstraint < sa.UniqueConstraint, then
// by their arguments), and op.create_table emits them in that order, so the op's SQL follows
// the file, not the model's creation order.
Table table_for_op(const Table& t) {
    Table out = t;
    out.indexes.clear();
    for (auto& c : out.columns) c.nullable = effective_nullable(t, c);
    auto fk_key = [](const ForeignKey& fk) {
        std::vector<std::string> refs;
        for (const auto& c : fk.ref_columns)
            refs.push_back((fk.ref_schema.empty() ? "" : fk.ref_schema + ".") + fk.ref_table + "." + c);
        return repr_list(fk.columns) + ", " + repr_list(refs) + ", " + fk.name.value;
    };
    auto uq_key = [](const UniqueConstraint& uq) { return repr_list(uq.columns) + uq.name.value; };
    std::stable_sort(out.foreign_keys.begin(), out.foreign_keys.end(),
                     [&](const ForeignKey& a, const ForeignKey& b) { return fk_key(a) < fk_key(b); });
    std::stable_sort(out.unique_constraints.begin(), out.unique_constraints.end(),
                     [&](const UniqueConstraint& a, const UniqueConstraint& b) { return uq_key(a) < uq_key(b); });
    std::stable_sort(out.check_constraints.begin(), out.check_constraints.end(),
                     [](const CheckConstraint& a, const CheckConstraint& b) { return a.sqltext < b.sqltext; });
    for (auto& fk : out.foreign_keys) fk.creation_order = 0;
    for (auto& uq : out.unique_constraints) uq.creation_order = 0;
    for (auto& ck : out.check_constraints) ck.creation_order = 0;
    return out;
}

Column column_for_op(const Table& t, const Column& c) {
    Column out = c;
    out.nullable = effective_nullable(t, c);
    return out;
}

// One side of a constraint comparison: `name` empty when unnamed; `key` is the name
// PostgreSQL knows it by (for ordering); `sig` identifies it when a side is unnamed; `kind`
// keeps indexes and unique constraints apart within one family.
struct Item {
    std::string name;
    std::string key;
    std::string sig;
    int kind = 0;
    size_t index = 0;  // into the source vector of that kind
};

struct Matching {
    std::vector<std::pair<const Item*, const Item*>> pairs;  // (from, to), by key of `to`
    std::vector<const Item*> removed;
    std::vector<const Item*> added;
};

bool by_key(const Item* a, const Item* b) {
    return std::tie(a->key, a->sig, a->kind) < std::tie(b->key, b->sig, b->kind);
}

bool named_first(const Item* a, const Item* b) {
    bool ua = a->name.empty();
    bool ub = b->name.empty();
    if (ua != ub) return !ua;
    return by_key(a, b);
}

// Named on both sides: by name. Otherwise by signature and kind.
Matching match_items(const std::vector<Item>& from, const std::vector<Item>& to) {
    Matching m;
    std::vector<bool> used_from(from.size(), false);
    std::vector<const Item*> match_of(to.size(), nullptr);
    for (size_t t = 0; t < to.size(); ++t) {
        if (to[t].name.empty()) continue;
        for (size_t f = 0; f < from.size(); ++f) {
            if (!used_from[f] && from[f].name == to[t].name) {
                used_from[f] = true;
                match_of[t] = &from[f];
                break;
            }
        }
    }
    for (size_t t = 0; t < to.size(); ++t) {
        if (match_of[t]) continue;
        for (size_t f = 0; f < from.size(); ++f) {
            if (used_from[f] || from[f].sig != to[t].sig || from[f].kind != to[t].kind) continue;
            if (!to[t].name.empty() && !from[f].name.empty()) continue;  // both named, names differ
            used_from[f] = true;
            match_of[t] = &from[f];
            break;
        }
    }
    for (size_t t = 0; t < to.size(); ++t) {
        if (match_of[t])
            m.pairs.emplace_back(match_of[t], &to[t]);
        else
            m.added.push_back(&to[t]);
    }
    for (size_t f = 0; f < from.size(); ++f)
        if (!used_from[f]) m.removed.push_back(&from[f]);
    std::sort(m.pairs.begin(), m.pairs.end(),
              [](const auto& a, const auto& b) { return by_key(a.second, b.second); });
    std::sort(m.removed.begin(), m.removed.end(), named_first);
    std::sort(m.added.begin(), m.added.end(), named_first);
    return m;
}

constexpr int k_index = 0;
constexpr int k_unique = 1;
const char k_sep = '\x1f';

std::vector<Item> index_family(const Table& t) {
    std::vector<Item> out;
    for (size_t i = 0; i < t.indexes.size(); ++i) {
        const auto& ix = t.indexes[i];
        std::string sig;
        for (const auto& e : ix.elements) sig += (e.expression ? detail::normalize_sql(e.text) : e.text) + k_sep;
        out.push_back({final_name(ix.name), detail::effective_name(t, ix), sig, k_index, i});
    }
    for (size_t i = 0; i < t.unique_constraints.size(); ++i) {
        const auto& uq = t.unique_constraints[i];
        out.push_back({final_name(uq.name), detail::effective_name(t, uq), join(uq.columns, std::string(1, k_sep)),
                       k_unique, i});
    }
    return out;
}

std::vector<Item> check_items(const Table& t) {
    std::vector<Item> out;
    for (size_t i = 0; i < t.check_constraints.size(); ++i) {
        const auto& ck = t.check_constraints[i];
        out.push_back({final_name(ck.name), detail::effective_name(t, ck), detail::normalize_sql(ck.sqltext), 0, i});
    }
    return out;
}

std::vector<Item> fk_items(const Table& t) {
    std::vector<Item> out;
    for (size_t i = 0; i < t.foreign_keys.size(); ++i) {
        const auto& fk = t.foreign_keys[i];
        std::string sig = join(fk.columns, ",") + k_sep + fk.ref_schema + k_sep + fk.ref_table + k_sep +
                          join(fk.ref_columns, ",");
        out.push_back({final_name(fk.name), detail::effective_name(t, fk), sig, 0, i});
    }
    return out;
}

// drop_constraint always names what it drops: PostgreSQL's own name for an unnamed one, so
// that the statement can run (MG703).
Name drop_name(const Name& name, const std::string& effective) {
    if (!name.empty()) return name;
    return Name{effective, false};
}

class Differ {
public:
    Differ(const Schema& from, const Schema& to) : m_from(from), m_to(to) {}

    Ops run() {
        std::vector<const Table*> to_sorted = sorted_tables(m_to);
        std::vector<const Table*> from_sorted = sorted_tables(m_from);

        // use_alter foreign keys (cycles between new tables): op.create_table, like SQLAlchemy's
        // CreateTable, leaves them out, and Alembic's autogenerate writes them inside
        // create_table, where they are silently never created. They become create_foreign_key
        // ops after every table exists, which is what create_all does with ALTER TABLE.
        std::vector<CreateForeignKey> deferred;
        for (const Table* t : to_sorted) {
            if (m_from.find_table(t->name, t->schema)) continue;
            Table created = table_for_op(*t);
            std::erase_if(created.foreign_keys, [&](const ForeignKey& fk) {
                if (!fk.use_alter) return false;
                ForeignKey added = fk;
                added.use_alter = false;  // a plain ALTER TABLE ... ADD CONSTRAINT now
                deferred.push_back(CreateForeignKey{t->schema, t->name, std::move(added)});
                return true;
            });
            emit(CreateTable{std::move(created)});
            std::vector<const Index*> ixs;
            for (const auto& ix : t->indexes) ixs.push_back(&ix);
            std::sort(ixs.begin(), ixs.end(), [&](const Index* a, const Index* b) {
                return detail::effective_name(*t, *a) < detail::effective_name(*t, *b);
            });
            for (const Index* ix : ixs) emit(CreateIndex{t->schema, t->name, *ix});
        }
        for (auto& fk : deferred) emit(std::move(fk));

        for (auto it = from_sorted.rbegin(); it != from_sorted.rend(); ++it) {
            const Table* t = *it;
            if (m_to.find_table(t->name, t->schema)) continue;
            std::vector<const Index*> ixs;
            for (const auto& ix : t->indexes) ixs.push_back(&ix);
            std::sort(ixs.begin(), ixs.end(), [&](const Index* a, const Index* b) {
                return detail::effective_name(*t, *a) < detail::effective_name(*t, *b);
            });
            for (const Index* ix : ixs) emit(DropIndex{t->schema, t->name, *ix});
            emit(DropTable{table_for_op(*t)});
        }

        std::vector<std::pair<const Table*, const Table*>> existing;
        for (const auto& t : m_to.tables)
            if (const Table* f = m_from.find_table(t.name, t.schema)) existing.emplace_back(f, &t);
        std::sort(existing.begin(), existing.end(), [](const auto& a, const auto& b) {
            return std::tie(a.second->schema, a.second->name) < std::tie(b.second->schema, b.second->name);
        });
        for (const auto& [f, t] : existing) compare_table(*f, *t);

        return splice_enums();
    }

private:
    void emit(OpValue v) { m_ops.push_back(Op{std::move(v), {}, 0, 0}); }

    void compare_table(const Table& from, const Table& to) {
        const std::string& s = to.schema;
        const std::string& n = to.name;

        for (const auto& c : to.columns)
            if (!from.find_column(c.name)) emit(AddColumn{s, n, column_for_op(to, c)});

        // Columns leaving the primary key may only become nullable once the key is gone.
        std::vector<const Column*> deferred_nullable;
        for (const auto& c : to.columns) {
            const Column* old = from.find_column(c.name);
            if (!old) continue;
            AlterColumn op;
            op.schema = s;
            op.table = n;
            op.column = c.name;
            op.existing_type = old->type;
            op.existing_nullable = effective_nullable(from, *old);
            op.existing_server_default = old->server_default;
            op.existing_comment = old->comment;
            bool changed = false;
            if (!old->type.same_as(c.type)) {
                op.type = c.type;
                changed = true;
            }
            bool new_nullable = effective_nullable(to, c);
            if (new_nullable != op.existing_nullable) {
                if (new_nullable && in_primary_key(from, c.name)) {
                    deferred_nullable.push_back(&c);
                } else {
                    op.nullable = new_nullable;
                    changed = true;
                }
            }
            if (!detail::same_default(old->server_default, c.server_default)) {
                op.server_default = c.server_default;
                changed = true;
            }
            if (old->comment != c.comment) {
                op.comment = c.comment;
                changed = true;
            }
            if (changed) emit(std::move(op));
        }

        compare_primary_key(from, to);
        for (const Column* c : deferred_nullable) {
            const Column* old = from.find_column(c->name);
            AlterColumn op;
            op.schema = s;
            op.table = n;
            op.column = c->name;
            op.existing_type = c->type;
            op.existing_nullable = false;
            op.existing_server_default = c->server_default;
            op.existing_comment = c->comment;
            if (old->type.same_as(c->type)) op.existing_type = old->type;
            op.nullable = true;
            emit(std::move(op));
        }

        compare_indexes_and_uniques(from, to);
        compare_checks(from, to);
        compare_foreign_keys(from, to);

        if (from.comment != to.comment) {
            if (!to.comment)
                emit(DropTableComment{s, n, from.comment});
            else
                emit(CreateTableComment{s, n, *to.comment, from.comment});
        }

        for (const auto& c : from.columns)
            if (!to.find_column(c.name)) emit(DropColumn{s, n, column_for_op(from, c)});
    }

    void compare_primary_key(const Table& from, const Table& to) {
        const auto& a = from.primary_key;
        const auto& b = to.primary_key;
        if (!a && !b) return;
        if (a && b) {
            bool same_name = a->name.empty() || b->name.empty() || final_name(a->name) == final_name(b->name);
            if (same_name && a->columns == b->columns) return;
        }
        if (a)
            emit(DropConstraint{from.schema, from.name, drop_name(a->name, detail::effective_name(from, *a)),
                                ConstraintKind::primary_key, *a});
        if (b) emit(CreatePrimaryKey{to.schema, to.name, *b});
    }

    void drop_family_item(const Table& t, const Item& it) {
        if (it.kind == k_index) {
            emit(DropIndex{t.schema, t.name, t.indexes[it.index]});
        } else {
            const auto& uq = t.unique_constraints[it.index];
            emit(DropConstraint{t.schema, t.name, drop_name(uq.name, it.key), ConstraintKind::unique, uq});
        }
    }

    void add_family_item(const Table& t, const Item& it) {
        if (it.kind == k_index)
            emit(CreateIndex{t.schema, t.name, t.indexes[it.index]});
        else
            emit(CreateUniqueConstraint{t.schema, t.name, t.unique_constraints[it.index]});
    }

    void compare_indexes_and_uniques(const Table& from, const Table& to) {
        std::vector<Item> f = index_family(from);
        std::vector<Item> t = index_family(to);
        Matching m = match_items(f, t);
        for (const Item* it : m.removed) drop_family_item(from, *it);
        for (const auto& [a, b] : m.pairs) {
            bool same = a->kind == k_index
                            ? detail::same_index(from.indexes[a->index], to.indexes[b->index])
                            : from.unique_constraints[a->index].columns == to.unique_constraints[b->index].columns;
            if (same) continue;
            drop_family_item(from, *a);
            add_family_item(to, *b);
        }
        for (const Item* it : m.added) add_family_item(to, *it);
    }

    void compare_checks(const Table& from, const Table& to) {
        std::vector<Item> f = check_items(from);
        std::vector<Item> t = check_items(to);
        Matching m = match_items(f, t);
        std::vector<const Item*> drops = m.removed;
        std::vector<const Item*> adds = m.added;
        for (const auto& [a, b] : m.pairs) {
            if (a->sig == b->sig) continue;
            drops.push_back(a);
            adds.push_back(b);
        }
        for (const Item* it : drops) {
            const auto& ck = from.check_constraints[it->index];
            emit(DropConstraint{from.schema, from.name, drop_name(ck.name, it->key), ConstraintKind::check, ck});
        }
        for (const Item* it : adds) emit(CreateCheckConstraint{to.schema, to.name, to.check_constraints[it->index]});
    }

    void compare_foreign_keys(const Table& from, const Table& to) {
        std::vector<Item> f = fk_items(from);
        std::vector<Item> t = fk_items(to);
        Matching m = match_items(f, t);
        std::vector<const Item*> drops = m.removed;
        std::vector<const Item*> adds = m.added;
        for (const auto& [a, b] : m.pairs) {
            if (detail::same_foreign_key(from.foreign_keys[a->index], to.foreign_keys[b->index])) continue;
            drops.push_back(a);
            adds.push_back(b);
        }
        for (const Item* it : drops) {
            const auto& fk = from.foreign_keys[it->index];
            emit(DropConstraint{from.schema, from.name, drop_name(fk.name, it->key), ConstraintKind::foreign_key,
                                fk});
        }
        for (const Item* it : adds) emit(CreateForeignKey{to.schema, to.name, to.foreign_keys[it->index]});
    }

    using EnumKey = std::pair<std::string, std::string>;  // (schema, name)

    static bool is_enum(const SqlType& type, const EnumKey& key) {
        return !type.enum_name.empty() && type.enum_schema == key.first && type.enum_name == key.second;
    }

    static bool starts_using(const Op& op, const EnumKey& key) {
        if (const auto* ct = op.as<CreateTable>()) {
            return std::any_of(ct->table.columns.begin(), ct->table.columns.end(),
                               [&](const Column& c) { return is_enum(c.type, key); });
        }
        if (const auto* ac = op.as<AddColumn>()) return is_enum(ac->column.type, key);
        if (const auto* al = op.as<AlterColumn>()) return al->type && is_enum(*al->type, key);
        return false;
    }

    static bool stops_using(const Op& op, const EnumKey& key) {
        if (const auto* dt = op.as<DropTable>()) {
            return std::any_of(dt->table.columns.begin(), dt->table.columns.end(),
                               [&](const Column& c) { return is_enum(c.type, key); });
        }
        if (const auto* dc = op.as<DropColumn>()) return is_enum(dc->column.type, key);
        if (const auto* al = op.as<AlterColumn>()) return al->type && is_enum(al->existing_type, key);
        return false;
    }

    static std::vector<const EnumType*> sorted_enums(const Schema& s) {
        std::vector<const EnumType*> out;
        for (const auto& e : s.enums) out.push_back(&e);
        std::sort(out.begin(), out.end(), [](const EnumType* a, const EnumType* b) {
            return std::tie(a->schema, a->name) < std::tie(b->schema, b->name);
        });
        return out;
    }

    Ops splice_enums() {
        Ops head;
        std::map<size_t, Ops> before;  // op index -> create_enum ops to put before it
        std::map<size_t, Ops> after;   // op index -> drop_enum ops to put after it
        Ops tail;

        for (const EnumType* e : sorted_enums(m_to)) {
            const EnumType* old = m_from.find_enum(e->name, e->schema);
            if (!old || old->values == e->values) continue;
            AlterEnum alter{*old, *e, {}};
            EnumKey key{e->schema, e->name};
            for (const auto& t : m_from.tables)
                for (const auto& c : t.columns)
                    if (is_enum(c.type, key)) alter.columns.push_back({t.schema, t.name, c.name});
            head.push_back(Op{std::move(alter), {}, 0, 0});
        }
        for (const EnumType* e : sorted_enums(m_to)) {
            if (m_from.find_enum(e->name, e->schema)) continue;
            EnumKey key{e->schema, e->name};
            Op create{CreateEnum{*e}, {}, 0, 0};
            auto first = std::find_if(m_ops.begin(), m_ops.end(), [&](const Op& op) { return starts_using(op, key); });
            if (first == m_ops.end())
                head.push_back(std::move(create));
            else
                before[static_cast<size_t>(first - m_ops.begin())].push_back(std::move(create));
        }
        // Several types first used by one create_table: op.create_table creates them as its
        // columns come (one before_create event per column type), so follow the column order.
        for (auto& [index, group] : before) {
            const auto* ct = m_ops[index].as<CreateTable>();
            if (!ct) continue;
            auto position = [&](const Op& op) {
                const EnumType& t = std::get<CreateEnum>(op.value).type;
                const auto& cols = ct->table.columns;
                auto it = std::find_if(cols.begin(), cols.end(),
                                       [&](const Column& c) { return is_enum(c.type, EnumKey{t.schema, t.name}); });
                return it - cols.begin();
            };
            std::stable_sort(group.begin(), group.end(),
                             [&](const Op& a, const Op& b) { return position(a) < position(b); });
        }
        for (const EnumType* e : sorted_enums(m_from)) {
            if (m_to.find_enum(e->name, e->schema)) continue;
            EnumKey key{e->schema, e->name};
            Op drop{DropEnum{*e}, {}, 0, 0};
            auto last = std::find_if(m_ops.rbegin(), m_ops.rend(), [&](const Op& op) { return stops_using(op, key); });
            if (last == m_ops.rend())
                tail.push_back(std::move(drop));
            else
                after[static_cast<size_t>(m_ops.rend() - last - 1)].push_back(std::move(drop));
        }

        Ops out = std::move(head);
        for (size_t i = 0; i < m_ops.size(); ++i) {
            if (auto it = before.find(i); it != before.end())
                for (auto& op : it->second) out.push_back(std::move(op));
            out.push_back(std::move(m_ops[i]));
            if (auto it = after.find(i); it != after.end())
                for (auto& op : it->second) out.push_back(std::move(op));
        }
        for (auto& op : tail) out.push_back(std::move(op));
        return out;
    }

    const Schema& m_from;
    const Schema& m_to;
    Ops m_ops;
};

}  // namespace

Ops diff(const Schema& from, const Schema& to) { return Differ(from, to).run(); }

bool equivalent(const Schema& a, const Schema& b) { return diff(a, b).empty(); }

std::vector<PossibleRename> possible_renames(const Ops& ops) {
    std::vector<PossibleRename> out;
    std::vector<bool> paired(ops.size(), false);
    for (const auto& op : ops) {
        const auto* drop = op.as<DropColumn>();
        if (!drop) continue;
        for (size_t i = 0; i < ops.size(); ++i) {
            const auto* add = ops[i].as<AddColumn>();
            if (!add || paired[i] || add->schema != drop->schema || add->table != drop->table) continue;
            if (!add->column.type.same_as(drop->column.type)) continue;
            paired[i] = true;
            out.push_back({drop->schema, drop->table, drop->column.name, add->column.name});
            break;
        }
    }
    return out;
}

}  // namespace mig_guard::schema
