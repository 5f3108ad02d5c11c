// diff, replay and reverse agree with each other on a few hundred random schema pairs:
//   diff(a, replay(a, diff(a, b))) is empty      (replay applies what diff says)
//   diff(replay(b, reverse(diff(a, b))), a) is empty   (reverse undoes it)
// The generator is seeded and deterministic; a failure prints the seed and the ops.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "builders.hpp"
#include "mig_guard/schema/diff.hpp"
#include "mig_guard/schema/json.hpp"

namespace mig_guard::schema {
namespace {

using namespace test;

class Generator {
public:
    explicit Generator(unsigned seed) : m_rng(seed) {}

    Schema schema() {
        Schema s;
        int n_enums = pick(0, 2);
        for (int i = 0; i < n_enums; ++i) s.enums.push_back(new_enum());
        int n = pick(0, 5);
        for (int i = 0; i < n; ++i) s.tables.push_back(new_table(s));
        prune_enums(s);
        return s;
    }

    // `from` changed in a few random ways, still valid.
    Schema mutate(const Schema& from) {
        Schema s = from;
        int n = pick(1, 6);
        for (int i = 0; i < n; ++i) mutate_once(s);
        prune_enums(s);
        return s;
    }

private:
    int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(m_rng); }
    bool chance(int percent) { return pick(1, 100) <= percent; }
    std::string fresh(const std::string& prefix) { return prefix + std::to_string(m_counter++); }

    EnumType new_enum() {
        EnumType e = enum_type(fresh("en"), {});
        int n = pick(1, 4);
        for (int i = 0; i < n; ++i) e.values.push_back(fresh("v"));
        return e;
    }

    SqlType random_type(const Schema& s) {
        int k = pick(0, s.enums.empty() ? 4 : 6);
        switch (k) {
        case 0: return integer();
        case 1: return bigint();
        case 2: return text();
        case 3: return varchar(pick(1, 3) * 50);
        case 4: return boolean();
        default: {
            const EnumType& e = s.enums[static_cast<size_t>(pick(0, static_cast<int>(s.enums.size()) - 1))];
            return enum_of(e.name, e.values);
        }
        }
    }

    Column new_column(const Schema& s) {
        Column c = column(fresh("c"), random_type(s), chance(60));
        if (chance(25)) c.server_default = chance(50) ? literal_default(fresh("d")) : sql_default("(" + std::to_string(pick(0, 9)) + ")");
        if (chance(15)) c.comment = fresh("comment ");
        return c;
    }

    Table new_table(const Schema& s) {
        Table t = table(fresh("t"));
        int n = pick(0, 4);
        for (int i = 0; i < n; ++i) t.columns.push_back(new_column(s));
        if (chance(20)) t.comment = fresh("table comment ");
        // A composite key whose second column the model leaves nullable (PostgreSQL does not).
        if (n > 0 && chance(25)) t.primary_key->columns.push_back(t.columns.back().name);
        if (n > 0) {
            if (chance(50)) add_index(t);
            if (chance(30)) add_unique(t);
            if (chance(20)) t.check_constraints.push_back({Name{chance(50) ? fresh("ck") : "", false},
                                                            t.columns.back().name + " IS NOT NULL", {}});
            if (chance(40)) add_fk(t, s);
        }
        return t;
    }

    const Column& random_column(const Table& t) {
        return t.columns[static_cast<size_t>(pick(0, static_cast<int>(t.columns.size()) - 1))];
    }

    void add_index(Table& t) {
        std::vector<std::string> cols{random_column(t).name};
        if (chance(30)) cols.push_back(random_column(t).name);
        if (cols.size() == 2 && cols[0] == cols[1]) cols.pop_back();
        t.indexes.push_back(index(fresh("ix"), cols, chance(30)));
    }

    void add_unique(Table& t) {
        std::string col = random_column(t).name;
        for (const auto& u : t.unique_constraints)
            if (u.columns == std::vector<std::string>{col}) return;  // PostgreSQL would name both alike
        t.unique_constraints.push_back({Name{chance(50) ? fresh("uq") : "", false}, {col}, {}});
    }

    void add_fk(Table& t, const Schema& s) {
        if (s.tables.empty()) return;
        const Table& ref = s.tables[static_cast<size_t>(pick(0, static_cast<int>(s.tables.size()) - 1))];
        if (!ref.primary_key || ref.primary_key->columns.size() != 1 || &ref == &t) return;
        std::string col = random_column(t).name;
        for (const auto& fk : t.foreign_keys)
            if (fk.columns == std::vector<std::string>{col}) return;
        ForeignKey fk = foreign_key(chance(50) ? fresh("fk") : "", {col}, ref.name, ref.primary_key->columns);
        if (chance(30)) fk.ondelete = "CASCADE";
        t.foreign_keys.push_back(fk);
    }

    Table& random_table(Schema& s) {
        return s.tables[static_cast<size_t>(pick(0, static_cast<int>(s.tables.size()) - 1))];
    }

    static void forget_column(Table& t, const std::string& name) {
        auto has = [&](const std::vector<std::string>& v) { return std::find(v.begin(), v.end(), name) != v.end(); };
        std::erase_if(t.columns, [&](const Column& c) { return c.name == name; });
        std::erase_if(t.indexes, [&](const Index& ix) {
            return std::any_of(ix.elements.begin(), ix.elements.end(), [&](const IndexElement& e) { return e.text == name; });
        });
        std::erase_if(t.unique_constraints, [&](const UniqueConstraint& u) { return has(u.columns); });
        std::erase_if(t.foreign_keys, [&](const ForeignKey& fk) { return has(fk.columns); });
        std::erase_if(t.check_constraints, [&](const CheckConstraint& c) { return c.sqltext.find(name + " ") == 0; });
        if (t.primary_key && has(t.primary_key->columns)) {
            std::erase(t.primary_key->columns, name);
            if (t.primary_key->columns.empty()) t.primary_key.reset();
        }
    }

    void mutate_once(Schema& s) {
        int k = pick(0, 15);
        if (s.tables.empty()) k = 0;
        switch (k) {
        case 0: s.tables.push_back(new_table(s)); break;
        case 1: {  // drop a table and every foreign key that pointed at it
            std::string name = random_table(s).name;
            std::erase_if(s.tables, [&](const Table& t) { return t.name == name; });
            for (auto& t : s.tables) std::erase_if(t.foreign_keys, [&](const ForeignKey& fk) { return fk.ref_table == name; });
            break;
        }
        case 2: random_table(s).columns.push_back(new_column(s)); break;
        case 3: {  // drop a non-key column nobody references
            Table& t = random_table(s);
            if (t.columns.size() < 2) break;
            std::string name = random_column(t).name;
            if (name == "id") break;
            forget_column(t, name);
            break;
        }
        case 4: {
            Table& t = random_table(s);
            Column& c = const_cast<Column&>(random_column(t));
            if (c.name != "id") c.type = random_type(s);
            break;
        }
        case 5: {
            Table& t = random_table(s);
            Column& c = const_cast<Column&>(random_column(t));
            c.nullable = !c.nullable;
            break;
        }
        case 6: {
            Table& t = random_table(s);
            Column& c = const_cast<Column&>(random_column(t));
            if (c.server_default)
                c.server_default.reset();
            else
                c.server_default = literal_default(fresh("d"));
            break;
        }
        case 7: {
            Table& t = random_table(s);
            Column& c = const_cast<Column&>(random_column(t));
            c.comment = chance(50) ? std::optional<std::string>() : std::optional<std::string>(fresh("comment "));
            break;
        }
        case 8: {
            Table& t = random_table(s);
            if (!t.indexes.empty() && chance(50))
                t.indexes.erase(t.indexes.begin());
            else if (!t.indexes.empty())
                t.indexes[0].unique = !t.indexes[0].unique;
            else
                add_index(t);
            break;
        }
        case 9: {
            Table& t = random_table(s);
            if (!t.unique_constraints.empty() && chance(50))
                t.unique_constraints.pop_back();
            else
                add_unique(t);
            break;
        }
        case 10: {
            Table& t = random_table(s);
            if (!t.foreign_keys.empty() && chance(50))
                t.foreign_keys.pop_back();
            else if (!t.foreign_keys.empty())
                t.foreign_keys.back().ondelete = t.foreign_keys.back().ondelete.empty() ? "SET NULL" : "";
            else
                add_fk(t, s);
            break;
        }
        case 11: {  // enum values change; the columns' types follow
            if (s.enums.empty()) {
                s.enums.push_back(new_enum());
                break;
            }
            EnumType& e = s.enums[static_cast<size_t>(pick(0, static_cast<int>(s.enums.size()) - 1))];
            if (chance(50) || e.values.size() < 2)
                e.values.push_back(fresh("v"));
            else
                e.values.erase(e.values.begin());
            for (auto& t : s.tables)
                for (auto& c : t.columns)
                    if (c.type.enum_name == e.name) c.type = enum_of(e.name, e.values);
            break;
        }
        case 12: {  // a new enum, used by a new column
            s.enums.push_back(new_enum());
            Column c = new_column(s);
            c.type = enum_of(s.enums.back().name, s.enums.back().values);
            random_table(s).columns.push_back(c);
            break;
        }
        case 13: {  // the primary key gains or loses a column
            Table& t = random_table(s);
            if (!t.primary_key) break;
            if (t.primary_key->columns.size() > 1) {
                std::string left = t.primary_key->columns.back();
                t.primary_key->columns.pop_back();
                if (chance(60)) t.find_column(left)->nullable = true;  // must wait for the key change
            } else if (t.columns.size() > 1) {
                const Column& c = t.columns.back();
                bool referenced = false;
                for (const auto& other : s.tables)
                    for (const auto& fk : other.foreign_keys) referenced |= fk.ref_table == t.name;
                if (!referenced) t.primary_key->columns.push_back(c.name);
            }
            break;
        }
        case 14: {
            Table& t = random_table(s);
            t.comment = t.comment ? std::optional<std::string>() : std::optional<std::string>(fresh("table comment "));
            break;
        }
        default: {
            Table& t = random_table(s);
            if (!t.check_constraints.empty())
                t.check_constraints.pop_back();
            else if (t.columns.size() > 1)
                t.check_constraints.push_back({Name{chance(50) ? fresh("ck") : "", false},
                                               t.columns.back().name + " IS NOT NULL", {}});
            break;
        }
        }
    }

    // Only enums some column uses remain (as SQLAlchemy's MetaData would hold them), plus the
    // occasional unused one to exercise create_enum/drop_enum without users.
    void prune_enums(Schema& s) {
        std::erase_if(s.enums, [&](const EnumType& e) {
            for (const auto& t : s.tables)
                for (const auto& c : t.columns)
                    if (c.type.enum_name == e.name) return false;
            return e.values.size() != 1;
        });
    }

    std::mt19937 m_rng;
    int m_counter = 0;
};

std::string dump(const Ops& ops) {
    std::string out;
    for (const auto& op : ops) out += "  " + describe(op) + "\n";
    return out;
}

std::string dump(const Diagnostics& diags) {
    std::string out;
    for (const auto& d : diags) out += "  " + d.str() + "\n";
    return out;
}

TEST(DiffProperty, ReplayAppliesAndReverseUndoes) {
    int non_trivial = 0;
    size_t op_count = 0;
    for (unsigned seed = 1; seed <= 400; ++seed) {
        Generator gen(seed);
        Schema a = gen.schema();
        Schema b = gen.mutate(a);
        Ops up = diff(a, b);
        if (!up.empty()) ++non_trivial;
        op_count += up.size();

        Diagnostics diags;
        Schema upgraded = replay(a, up, diags);
        ASSERT_TRUE(diags.empty()) << "seed " << seed << "\nupgrade:\n" << dump(up) << "diagnostics:\n" << dump(diags);
        Ops rest = diff(upgraded, b);
        ASSERT_TRUE(rest.empty()) << "seed " << seed << "\nupgrade:\n" << dump(up) << "left over:\n" << dump(rest);
        ASSERT_TRUE(diff(b, upgraded).empty()) << "seed " << seed;

        Ops down = reverse(up);
        ASSERT_EQ(down.size(), up.size());
        Schema downgraded = replay(b, down, diags);
        ASSERT_TRUE(diags.empty()) << "seed " << seed << "\ndowngrade:\n" << dump(down) << "diagnostics:\n" << dump(diags);
        rest = diff(downgraded, a);
        ASSERT_TRUE(rest.empty()) << "seed " << seed << "\ndowngrade:\n" << dump(down) << "left over:\n" << dump(rest);

        // Reversing twice gives the upgrade back.
        Ops again = reverse(down);
        ASSERT_EQ(again.size(), up.size());
        for (size_t i = 0; i < up.size(); ++i)
            ASSERT_EQ(to_json(again[i]).dump(), to_json(up[i]).dump()) << "seed " << seed << " op " << i;
    }
    // The generator must actually produce changes, or the properties hold vacuously.
    EXPECT_GT(non_trivial, 350);
    EXPECT_GT(op_count, 1000u);
}

TEST(DiffProperty, EveryOpKindTheDifferEmitsIsExercised) {
    std::set<std::string> kinds;
    for (unsigned seed = 1; seed <= 400; ++seed) {
        Generator gen(seed);
        Schema a = gen.schema();
        Schema b = gen.mutate(a);
        for (const auto& op : diff(a, b)) kinds.insert(op_name(op));
    }
    for (const char* k : {"create_table", "drop_table", "add_column", "drop_column", "alter_column", "create_index",
                          "drop_index", "create_unique_constraint", "create_foreign_key", "create_check_constraint",
                          "create_primary_key", "drop_constraint", "create_enum", "drop_enum", "alter_enum",
                          "create_table_comment", "drop_table_comment"})
        EXPECT_TRUE(kinds.count(k)) << k;
}

}  // namespace
}  // namespace mig_guard::schema
