// Ops and schemas to PostgreSQL DDL, following SQLAlchemy's PGDDLCompiler and Alembic's
// PostgresqlImpl statement for statement (see render.hpp).
#include "mig_guard/sql/render.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace mig_guard::sql {

namespace {

using namespace mig_guard::schema;

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i) out += sep;
        out += parts[i];
    }
    return out;
}

std::string quoted_list(const std::vector<std::string>& names) {
    std::vector<std::string> q;
    for (const auto& n : names) q.push_back(quote_ident(n));
    return join(q, ", ");
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

enum class TypeFamily : uint8_t { integer, big_integer, small_integer, numeric, other };

struct TypeInfo {
    TypeFamily family = TypeFamily::other;
    bool zero_scale = false;  // NUMERIC(p, 0)
};

// Classifies the compiled SQL type the way SQLAlchemy's _type_affinity would see its origin.
TypeInfo classify(const SqlType& type) {
    std::string s = upper(type.sql);
    TypeInfo info;
    if (s == "INTEGER" || s == "INT") info.family = TypeFamily::integer;
    else if (s == "BIGINT") info.family = TypeFamily::big_integer;
    else if (s == "SMALLINT") info.family = TypeFamily::small_integer;
    else if (s.rfind("NUMERIC", 0) == 0 || s.rfind("DECIMAL", 0) == 0 || s.rfind("FLOAT", 0) == 0 ||
             s == "REAL" || s == "DOUBLE PRECISION" || s == "DOUBLE") {
        info.family = TypeFamily::numeric;
        auto comma = s.find(',');
        if (comma != std::string::npos) {
            std::string scale = s.substr(comma + 1);
            scale.erase(std::remove(scale.begin(), scale.end(), ' '), scale.end());
            info.zero_scale = scale == "0)";
        }
    }
    return info;
}

bool is_integer(TypeFamily f) {
    return f == TypeFamily::integer || f == TypeFamily::big_integer || f == TypeFamily::small_integer;
}

// Column._validate_autoinc(col, autoinc_true=False).
bool valid_auto_autoinc(const Table& t, const Column& c, const RenderOptions& options) {
    TypeInfo info = classify(c.type);
    if (info.family == TypeFamily::numeric) {
        // 2.0 accepts a zero-scale NUMERIC outright; 1.4 treats NUMERIC like INTEGER.
        if (options.sqlalchemy == SqlAlchemyVersion::v2_0) return info.zero_scale;
    } else if (!is_integer(info.family)) {
        return false;
    }
    if (c.server_default) return false;
    for (const auto& fk : t.foreign_keys)
        if (std::find(fk.columns.begin(), fk.columns.end(), c.name) != fk.columns.end()) return false;
    return true;
}

std::string server_default_sql(const ServerDefault& d, const RenderOptions& options) {
    if (d.kind == ServerDefault::Kind::literal) return string_literal(d.text, options);
    return d.to_sql();
}

std::string identity_sql(const Identity& id) {
    std::string text = std::string("GENERATED ") + (id.always ? "ALWAYS" : "BY DEFAULT") + " AS IDENTITY";
    std::vector<std::string> opts;
    if (id.increment) opts.push_back("INCREMENT BY " + std::to_string(*id.increment));
    if (id.start) opts.push_back("START WITH " + std::to_string(*id.start));
    if (!opts.empty()) text += " (" + join(opts, " ") + ")";
    return text;
}

// PGDDLCompiler.get_column_specification. `serial` is set for the table's autoincrement column.
std::string column_spec(const Column& c, bool serial, const RenderOptions& options) {
    std::string spec = quote_ident(c.name);
    bool has_identity = c.identity.has_value();
    if (serial && !has_identity) {
        TypeFamily f = classify(c.type).family;
        spec += f == TypeFamily::big_integer ? " BIGSERIAL" : f == TypeFamily::small_integer ? " SMALLSERIAL" : " SERIAL";
    } else {
        spec += " " + c.type.sql;
        if (c.server_default) spec += " DEFAULT " + server_default_sql(*c.server_default, options);
    }
    if (c.computed) spec += " GENERATED ALWAYS AS (" + *c.computed + ") STORED";
    if (has_identity) spec += " " + identity_sql(*c.identity);
    if (!c.nullable && !has_identity)
        spec += " NOT NULL";
    else if (c.nullable && has_identity)
        spec += " NULL";
    return spec;
}

std::string constraint_prefix(const Name& name) {
    return name.empty() ? std::string() : "CONSTRAINT " + format_name(name) + " ";
}

std::string primary_key_sql(const PrimaryKey& pk) {
    return constraint_prefix(pk.name) + "PRIMARY KEY (" + quoted_list(pk.columns) + ")";
}

std::string foreign_key_sql(const ForeignKey& fk) {
    std::string text = constraint_prefix(fk.name) + "FOREIGN KEY(" + quoted_list(fk.columns) + ") REFERENCES " +
                       quote_table(fk.ref_schema, fk.ref_table) + " (" + quoted_list(fk.ref_columns) + ")";
    if (!fk.match.empty()) text += " MATCH " + fk.match;
    if (!fk.ondelete.empty()) text += " ON DELETE " + fk.ondelete;
    if (!fk.onupdate.empty()) text += " ON UPDATE " + fk.onupdate;
    if (fk.deferrable) text += *fk.deferrable ? " DEFERRABLE" : " NOT DEFERRABLE";
    if (!fk.initially.empty()) text += " INITIALLY " + fk.initially;
    return text;
}

std::string unique_sql(const UniqueConstraint& uq) {
    return constraint_prefix(uq.name) + "UNIQUE (" + quoted_list(uq.columns) + ")";
}

std::string check_sql(const CheckConstraint& ck) { return constraint_prefix(ck.name) + "CHECK (" + ck.sqltext + ")"; }

std::string alter_table(std::string_view schema, std::string_view table) {
    return "ALTER TABLE " + quote_table(schema, table);
}

std::string create_index_sql(std::string_view schema, std::string_view table, const Index& ix) {
    std::string text = ix.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
    // postgresql_concurrently=True, as PGDDLCompiler.visit_create_index renders it.
    if (ix.concurrently) text += "CONCURRENTLY ";
    if (!ix.name.empty()) text += format_name(ix.name) + " ";
    text += "ON " + quote_table(schema, table) + " ";
    if (!ix.using_method.empty()) {
        std::string m = ix.using_method;
        for (char& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        text += "USING " + m + " ";
    }
    std::vector<std::string> elements;
    for (const auto& e : ix.elements) {
        // An expression element is self_group()ed by the compiler; its text holds that already.
        std::string el = e.expression ? e.text : quote_ident(e.text);
        if (!e.opclass.empty()) el += " " + e.opclass;
        elements.push_back(std::move(el));
    }
    text += "(" + join(elements, ", ") + ")";
    if (!ix.include.empty()) text += " INCLUDE (" + quoted_list(ix.include) + ")";
    if (!ix.with.empty()) {
        // PGDDLCompiler formats each pair with "%s = %s": str() of the value, so a string
        // parameter loses its quotes.
        std::vector<std::string> params;
        for (const auto& [k, v] : ix.with) {
            std::string value = v;
            if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"') && value.back() == value.front())
                value = value.substr(1, value.size() - 2);
            params.push_back(k + " = " + value);
        }
        text += " WITH (" + join(params, ", ") + ")";
    }
    if (!ix.where.empty()) text += " WHERE " + ix.where;
    return text;
}

std::string drop_index_sql(std::string_view schema, const Index& ix) {
    std::string name = format_name(ix.name);
    return std::string(ix.concurrently ? "DROP INDEX CONCURRENTLY " : "DROP INDEX ") +
           (schema.empty() ? name : quote_ident(schema) + "." + name);
}

std::string column_comment_sql(std::string_view schema, std::string_view table, std::string_view column,
                               const std::optional<std::string>& comment, const RenderOptions& options) {
    return "COMMENT ON COLUMN " + quote_table(schema, table) + "." + quote_ident(column) + " IS " +
           (comment ? string_literal(*comment, options) : std::string("NULL"));
}

std::string table_comment_sql(std::string_view schema, std::string_view table,
                              const std::optional<std::string>& comment, const RenderOptions& options) {
    return "COMMENT ON TABLE " + quote_table(schema, table) + " IS " +
           (comment ? string_literal(*comment, options) : std::string("NULL"));
}

std::string enum_type_name(const EnumType& e) { return quote_table(e.schema, e.name); }

std::string create_enum_sql(const EnumType& e, const RenderOptions& options) {
    std::vector<std::string> values;
    for (const auto& v : e.values) values.push_back(string_literal(v, options));
    return "CREATE TYPE " + enum_type_name(e) + " AS ENUM (" + join(values, ", ") + ")";
}

// Which comments follow a CREATE TABLE: create_all emits any comment that is set, Alembic's
// create_table only non-empty ones.
enum class EmptyComments : uint8_t { emit, skip };

enum class ForeignKeys : uint8_t { inline_all, omit };

std::string create_table_impl(const Table& t, ForeignKeys fks, const RenderOptions& options) {
    const Column* autoinc = autoincrement_column(t, options);
    std::string text = "CREATE TABLE " + quote_table(t.schema, t.name) + " (";
    std::string separator = "\n";
    for (const auto& c : t.columns) {
        bool in_pk = t.primary_key && std::find(t.primary_key->columns.begin(), t.primary_key->columns.end(),
                                                c.name) != t.primary_key->columns.end();
        text += separator + "\t" + column_spec(c, in_pk && &c == autoinc, options);
        separator = ", \n";
    }

    std::vector<std::string> constraints;
    if (t.primary_key && !t.primary_key->columns.empty()) {
        PrimaryKey pk = *t.primary_key;
        // columns_autoinc_first: an explicitly autoincrementing column of a composite key
        // leads when the key comes from primary_key=True columns (unnamed here).
        if (autoinc && pk.name.empty()) {
            auto it = std::find(pk.columns.begin(), pk.columns.end(), autoinc->name);
            if (it != pk.columns.end()) std::rotate(pk.columns.begin(), it, it + 1);
        }
        constraints.push_back(primary_key_sql(pk));
    }
    struct Item {
        uint32_t order;
        int kind_rank;
        size_t index;
        std::string sql;
    };
    std::vector<Item> items;
    for (size_t i = 0; i < t.check_constraints.size(); ++i)
        items.push_back({t.check_constraints[i].creation_order, 0, i, check_sql(t.check_constraints[i])});
    // use_alter FKs never appear inline on PostgreSQL (compiler.create_table_constraints skips
    // them when the dialect supports ALTER), not even for a table created alone.
    if (fks == ForeignKeys::inline_all)
        for (size_t i = 0; i < t.foreign_keys.size(); ++i)
            if (!t.foreign_keys[i].use_alter)
                items.push_back({t.foreign_keys[i].creation_order, 1, i, foreign_key_sql(t.foreign_keys[i])});
    for (size_t i = 0; i < t.unique_constraints.size(); ++i)
        if (!t.unique_constraints[i].columns.empty())
            items.push_back({t.unique_constraints[i].creation_order, 2, i, unique_sql(t.unique_constraints[i])});
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
        if (a.order != b.order) return a.order < b.order;
        if (a.kind_rank != b.kind_rank) return a.kind_rank < b.kind_rank;
        return a.index < b.index;
    });
    for (auto& item : items) constraints.push_back(std::move(item.sql));
    if (!constraints.empty()) text += separator + "\t" + join(constraints, ", \n\t");
    text += "\n)";
    return text;
}

void table_followers(const Table& t, EmptyComments empty, const RenderOptions& options, std::vector<std::string>& out) {
    for (const auto& ix : t.indexes) out.push_back(create_index_sql(t.schema, t.name, ix));
    auto wanted = [&](const std::optional<std::string>& c) {
        return c && (empty == EmptyComments::emit || !c->empty());
    };
    if (wanted(t.comment)) out.push_back(table_comment_sql(t.schema, t.name, t.comment, options));
    for (const auto& c : t.columns)
        if (wanted(c.comment)) out.push_back(column_comment_sql(t.schema, t.name, c.name, c.comment, options));
}

// Columns a CHECK expression references, read lexically: identifiers that are not keywords,
// function names, or type names after '::'. Enough to name `CHECK (price > 0)` as PostgreSQL does.
std::vector<std::string> check_columns(std::string_view sql) {
    static const std::set<std::string, std::less<>> k_keywords = {
        "and", "or", "not", "null", "is", "in", "like", "ilike", "between", "true", "false", "case", "when",
        "then", "else", "end", "any", "all", "some", "similar", "to", "escape", "distinct", "from", "array",
        "cast", "as", "collate", "isnull", "notnull", "current_date", "current_timestamp", "localtimestamp",
        "current_time", "localtime", "current_user", "session_user", "unknown", "interval"};
    std::vector<std::string> out;
    size_t i = 0;
    bool after_cast = false;
    while (i < sql.size()) {
        char c = sql[i];
        if (c == '\'') {
            for (++i; i < sql.size(); ++i)
                if (sql[i] == '\'') {
                    if (i + 1 < sql.size() && sql[i + 1] == '\'') ++i;
                    else break;
                }
            ++i;
            after_cast = false;
            continue;
        }
        std::string ident;
        bool quoted = false;
        if (c == '"') {
            quoted = true;
            for (++i; i < sql.size(); ++i) {
                if (sql[i] == '"') {
                    if (i + 1 < sql.size() && sql[i + 1] == '"') { ident += '"'; ++i; }
                    else break;
                } else ident += sql[i];
            }
            ++i;
        } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80) {
            while (i < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_' ||
                                      sql[i] == '$' || static_cast<unsigned char>(sql[i]) >= 0x80))
                ident += static_cast<char>(std::tolower(static_cast<unsigned char>(sql[i++])));
        } else {
            if (c == ':' && i + 1 < sql.size() && sql[i + 1] == ':') { after_cast = true; i += 2; continue; }
            if (!std::isspace(static_cast<unsigned char>(c))) after_cast = false;
            ++i;
            continue;
        }
        size_t j = i;
        while (j < sql.size() && std::isspace(static_cast<unsigned char>(sql[j]))) ++j;
        bool call = j < sql.size() && sql[j] == '(';
        bool type_name = after_cast;
        after_cast = false;
        if (call || type_name || (!quoted && k_keywords.count(ident))) continue;
        if (std::find(out.begin(), out.end(), ident) == out.end()) out.push_back(ident);
    }
    return out;
}

std::string drop_constraint_name(const DropConstraint& d) {
    if (!d.name.empty()) return format_name(d.name);
    // An unnamed constraint carries PostgreSQL's own name in the database.
    struct Visitor {
        const std::string& table;
        std::string operator()(const std::monostate&) const { return {}; }
        std::string operator()(const UniqueConstraint& u) const {
            return quote_ident(default_constraint_name(table, ConstraintKind::unique, u.columns));
        }
        std::string operator()(const ForeignKey& f) const {
            return quote_ident(default_constraint_name(table, ConstraintKind::foreign_key, f.columns));
        }
        std::string operator()(const CheckConstraint& c) const {
            return quote_ident(default_constraint_name(table, ConstraintKind::check, check_columns(c.sqltext)));
        }
        std::string operator()(const PrimaryKey&) const {
            return quote_ident(default_constraint_name(table, ConstraintKind::primary_key));
        }
    };
    return std::visit(Visitor{d.table}, d.definition);
}

struct OpRenderer {
    const RenderOptions& options;
    std::vector<std::string>& out;

    void operator()(const CreateTable& op) const {
        out.push_back(create_table_impl(op.table, ForeignKeys::inline_all, options));
        table_followers(op.table, EmptyComments::skip, options, out);
    }
    void operator()(const DropTable& op) const { out.push_back("DROP TABLE " + quote_table(op.table.schema, op.table.name)); }
    void operator()(const RenameTable& op) const {
        // Alembic's PostgreSQL impl leaves the new name unqualified (RENAME TO cannot move schemas).
        out.push_back(alter_table(op.schema, op.old_name) + " RENAME TO " + quote_ident(op.new_name));
    }
    void operator()(const AddColumn& op) const {
        out.push_back(alter_table(op.schema, op.table) + " ADD COLUMN " + column_spec(op.column, false, options));
        if (op.column.comment && !op.column.comment->empty())
            out.push_back(column_comment_sql(op.schema, op.table, op.column.name, op.column.comment, options));
    }
    void operator()(const DropColumn& op) const {
        out.push_back(alter_table(op.schema, op.table) + " DROP COLUMN " + quote_ident(op.column.name));
    }
    void operator()(const AlterColumn& op) const {
        // PostgresqlImpl.alter_column: TYPE first, then DefaultImpl's nullable, default,
        // comment, and the rename last.
        std::string prefix = alter_table(op.schema, op.table) + " ALTER COLUMN " + quote_ident(op.column) + " ";
        if (op.type) {
            std::string text = prefix + "TYPE " + op.type->sql + " ";
            if (!op.postgresql_using.empty()) text += "USING " + op.postgresql_using;
            // Alembic's "%s %s %s %s" leaves a trailing blank without USING; the statement
            // ends there, so it is dropped like Alembic's own .strip() does.
            while (!text.empty() && text.back() == ' ') text.pop_back();
            out.push_back(text);
        }
        if (op.nullable) out.push_back(prefix + (*op.nullable ? "DROP NOT NULL" : "SET NOT NULL"));
        if (op.server_default) {
            out.push_back(prefix + (*op.server_default ? "SET DEFAULT " + server_default_sql(**op.server_default, options)
                                                        : std::string("DROP DEFAULT")));
        }
        if (op.comment) out.push_back(column_comment_sql(op.schema, op.table, op.column, *op.comment, options));
        if (op.new_name)
            out.push_back(alter_table(op.schema, op.table) + " RENAME " + quote_ident(op.column) + " TO " +
                          quote_ident(*op.new_name));
    }
    void operator()(const CreateIndex& op) const { out.push_back(create_index_sql(op.schema, op.table, op.index)); }
    void operator()(const DropIndex& op) const { out.push_back(drop_index_sql(op.schema, op.index)); }
    void operator()(const CreateUniqueConstraint& op) const {
        out.push_back(alter_table(op.schema, op.table) + " ADD " + unique_sql(op.constraint));
    }
    void operator()(const CreateForeignKey& op) const {
        out.push_back(alter_table(op.schema, op.table) + " ADD " + foreign_key_sql(op.constraint) +
                      (op.constraint.not_valid ? " NOT VALID" : ""));
    }
    void operator()(const CreateCheckConstraint& op) const {
        out.push_back(alter_table(op.schema, op.table) + " ADD " + check_sql(op.constraint));
    }
    void operator()(const CreatePrimaryKey& op) const {
        out.push_back(alter_table(op.schema, op.table) + " ADD " + primary_key_sql(op.constraint));
    }
    void operator()(const DropConstraint& op) const {
        std::string name = drop_constraint_name(op);
        if (name.empty()) return;  // nothing names it: the caller reports MG703
        out.push_back(alter_table(op.schema, op.table) + " DROP CONSTRAINT " + name);
    }
    void operator()(const CreateEnum& op) const { out.push_back(create_enum_sql(op.type, options)); }
    void operator()(const DropEnum& op) const { out.push_back("DROP TYPE " + enum_type_name(op.type)); }
    void operator()(const AlterEnum& op) const {
        const auto& from = op.from.values;
        const auto& to = op.to.values;
        if (from == to) return;
        std::string type = enum_type_name(op.to);
        if (to.size() > from.size() && std::equal(from.begin(), from.end(), to.begin())) {
            for (size_t i = from.size(); i < to.size(); ++i)
                out.push_back("ALTER TYPE " + type + " ADD VALUE " + string_literal(to[i], options));
            return;
        }
        std::string old_name = op.from.name + "_old";
        out.push_back("ALTER TYPE " + enum_type_name(op.from) + " RENAME TO " + quote_ident(old_name));
        out.push_back(create_enum_sql(op.to, options));
        for (const auto& c : op.columns)
            out.push_back(alter_table(c.schema, c.table) + " ALTER COLUMN " + quote_ident(c.column) + " TYPE " + type +
                          " USING " + quote_ident(c.column) + "::text::" + type);
        out.push_back("DROP TYPE " + quote_table(op.from.schema, old_name));
    }
    void operator()(const CreateTableComment& op) const {
        out.push_back(table_comment_sql(op.schema, op.table, op.comment, options));
    }
    void operator()(const DropTableComment& op) const {
        out.push_back(table_comment_sql(op.schema, op.table, std::nullopt, options));
    }
    void operator()(const Execute& op) const { out.push_back(op.sql); }
    void operator()(const Opaque&) const {}
};

}  // namespace

const Column* autoincrement_column(const Table& t, const RenderOptions& options) {
    if (!t.primary_key) return nullptr;
    const auto& cols = t.primary_key->columns;
    if (cols.size() == 1) {
        const Column* c = t.find_column(cols.front());
        if (!c) return nullptr;
        if (c->autoincrement == Autoincrement::yes) return c;
        if (c->autoincrement == Autoincrement::auto_ && valid_auto_autoinc(t, *c, options)) return c;
        return nullptr;
    }
    for (const auto& name : cols) {
        const Column* c = t.find_column(name);
        if (c && c->autoincrement == Autoincrement::yes) return c;
    }
    return nullptr;
}

std::string create_table(const Table& t, const RenderOptions& options) {
    return create_table_impl(t, ForeignKeys::inline_all, options);
}

std::vector<std::string> render(const Op& op, const RenderOptions& options) {
    std::vector<std::string> out;
    std::visit(OpRenderer{options, out}, op.value);
    return out;
}

std::vector<std::string> render(const Ops& ops, const RenderOptions& options) {
    std::vector<std::string> out;
    for (const auto& op : ops) {
        auto part = render(op, options);
        out.insert(out.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
    }
    return out;
}

// metadata.create_all: sort_tables_and_constraints over the tables in declaration order.
std::vector<std::string> create_all(const Schema& s, const RenderOptions& options) {
    std::vector<std::string> out;
    for (const auto& e : s.enums) out.push_back(create_enum_sql(e, options));

    const size_t n = s.tables.size();
    auto index_of = [&](const ForeignKey& fk) -> std::optional<size_t> {
        const Table* ref = s.find_table(fk.ref_table, fk.ref_schema);
        if (!ref) return std::nullopt;
        return static_cast<size_t>(ref - s.tables.data());
    };
    // use_alter FKs are no dependency: they always go to ALTER TABLE at the end.
    std::vector<std::set<size_t>> deps(n);  // deps[i]: tables i must follow
    for (size_t i = 0; i < n; ++i)
        for (const auto& fk : s.tables[i].foreign_keys)
            if (auto r = index_of(fk); !fk.use_alter && r && *r != i) deps[i].insert(*r);

    // Tables still on a dependency cycle lose all their foreign keys to ALTER TABLE at the end.
    std::vector<bool> on_cycle(n, false);
    for (size_t start = 0; start < n; ++start) {
        std::vector<size_t> stack(deps[start].begin(), deps[start].end());
        std::vector<bool> seen(n, false);
        while (!stack.empty()) {
            size_t v = stack.back();
            stack.pop_back();
            if (v == start) { on_cycle[start] = true; break; }
            if (seen[v]) continue;
            seen[v] = true;
            stack.insert(stack.end(), deps[v].begin(), deps[v].end());
        }
    }
    for (size_t i = 0; i < n; ++i)
        if (on_cycle[i]) deps[i].clear();

    std::vector<size_t> order;
    std::vector<bool> done(n, false);
    while (order.size() < n) {
        std::vector<size_t> level;
        for (size_t i = 0; i < n; ++i) {
            if (done[i]) continue;
            if (std::all_of(deps[i].begin(), deps[i].end(), [&](size_t d) { return done[d]; })) level.push_back(i);
        }
        for (size_t i : level) {
            done[i] = true;
            order.push_back(i);
        }
    }

    for (size_t i : order) {
        const Table& t = s.tables[i];
        out.push_back(create_table_impl(t, on_cycle[i] ? ForeignKeys::omit : ForeignKeys::inline_all, options));
        table_followers(t, EmptyComments::emit, options, out);
    }
    for (size_t i : order) {
        const Table& t = s.tables[i];
        for (const auto& fk : t.foreign_keys)
            if (on_cycle[i] || fk.use_alter) out.push_back(alter_table(t.schema, t.name) + " ADD " + foreign_key_sql(fk));
    }
    return out;
}

}  // namespace mig_guard::sql
