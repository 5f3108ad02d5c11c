// Type expressions of revision files -> SqlType. Self-contained on purpose: the model
// extractor's type table (src/models) maps annotations and mapped_column() arguments, which
// is a different input; this one maps the type objects Alembic's autogenerate writes (and
// that people write by hand in revisions) to Alembic's canonical rendering and the
// PostgreSQL dialect's DDL, checked against SQLAlchemy 1.4 / Alembic 1.8 on this machine.
#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>

#include "reader_internal.hpp"

namespace mig_guard::alembic {

using python::ConstKind;
using python::Expr;
using python::ExprKind;
using schema::SqlType;

namespace reader_detail {

std::string str_repr(std::string_view s) {
    bool has_single = s.find('\'') != std::string_view::npos;
    bool has_double = s.find('"') != std::string_view::npos;
    char quote = has_single && !has_double ? '"' : '\'';
    std::string out(1, quote);
    for (unsigned char c : s) {
        if (c == '\\') out += "\\\\";
        else if (c == static_cast<unsigned char>(quote)) out += std::string("\\") + quote;
        else if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\t') out += "\\t";
        else if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else out += static_cast<char>(c);
    }
    return out + quote;
}

std::optional<std::string> str_const(const Expr* e) {
    if (e && e->is_str()) return e->value;
    return std::nullopt;
}

Member classify(const std::string& q) {
    auto last = [&] { return q.substr(q.rfind('.') + 1); };
    if (q.starts_with("sqlalchemy.dialects.postgresql.")) return {Namespace::postgresql, last()};
    if (q.starts_with("sqlalchemy.")) return {Namespace::sa, last()};
    if (q.starts_with("sqlmodel.")) return {Namespace::sqlmodel, last()};
    if (q.starts_with("alembic.op.")) return {Namespace::op, q.substr(11)};
    return {};
}

bool is_enum_type(const Member& m) {
    return (m.ns == Namespace::sa && m.name == "Enum") || (m.ns == Namespace::postgresql && m.name == "ENUM");
}

}  // namespace reader_detail

using namespace reader_detail;

namespace {

const char* const k_pg_import = "from sqlalchemy.dialects import postgresql";

struct Param {
    const char* name;
    const char* default_repr;  // nullptr: no default, rendered positionally
};

// Arguments of a type call bound to its parameters, already rendered as Alembic renders them.
struct Args {
    std::map<std::string, std::string> by_name;
    std::map<std::string, const Expr*> exprs;
    std::string get(const std::string& n) const {
        auto it = by_name.find(n);
        return it == by_name.end() ? std::string() : it->second;
    }
};

using SqlFn = std::function<std::string(const Args&, const std::vector<SqlType>& nested)>;

struct TypeSpec {
    Namespace ns;
    const char* name;
    std::vector<Param> params;
    SqlFn sql;
};

std::string with_len(const char* base, const Args& a, const char* param = "length") {
    std::string n = a.get(param);
    return n.empty() ? base : std::string(base) + "(" + n + ")";
}

std::string string_sql(const char* base, const Args& a) {
    std::string s = with_len(base, a);
    auto c = a.exprs.find("collation");
    if (c != a.exprs.end())
        if (auto v = str_const(c->second)) s += " COLLATE \"" + *v + "\"";
    return s;
}

std::string numeric_sql(const char* base, const Args& a) {
    std::string p = a.get("precision"), s = a.get("scale");
    if (p.empty()) return base;
    return std::string(base) + "(" + p + (s.empty() ? "" : ", " + s) + ")";
}

std::string tz_sql(const char* base, const Args& a) {
    std::string p = a.get("precision");
    return std::string(base) + (p.empty() ? "" : "(" + p + ")") +
           (a.get("timezone") == "True" ? " WITH TIME ZONE" : " WITHOUT TIME ZONE");
}

SqlFn fixed(const char* sql) {
    return [sql](const Args&, const std::vector<SqlType>&) { return std::string(sql); };
}

// SQLAlchemy's PG compiler: the item type followed by "[]" once per dimension (one when
// `dimensions` is not given).
SqlFn array_sql() {
    return [](const Args& a, const std::vector<SqlType>& nested) {
        if (nested.empty() || nested[0].sql.empty()) return std::string();
        int dimensions = 1;
        std::string d = a.get("dimensions");
        if (!d.empty() && std::all_of(d.begin(), d.end(), [](unsigned char c) { return std::isdigit(c); }))
            dimensions = std::max(1, std::atoi(d.c_str()));
        std::string out = nested[0].sql;
        for (int i = 0; i < dimensions; ++i) out += "[]";
        return out;
    };
}

const std::vector<TypeSpec>& type_table() {
    static const std::vector<TypeSpec> k_types = [] {
        using N = Namespace;
        auto str = [](const char* base) {
            return [base](const Args& a, const std::vector<SqlType>&) { return string_sql(base, a); };
        };
        auto num = [](const char* base) {
            return [base](const Args& a, const std::vector<SqlType>&) { return numeric_sql(base, a); };
        };
        auto tz = [](const char* base) {
            return [base](const Args& a, const std::vector<SqlType>&) { return tz_sql(base, a); };
        };
        auto flt = [](const char* base) {
            return [base](const Args& a, const std::vector<SqlType>&) { return with_len(base, a, "precision"); };
        };
        const std::vector<Param> string_params{{"length", "None"}, {"collation", "None"}};
        const std::vector<Param> numeric_params{
            {"precision", "None"}, {"scale", "None"}, {"decimal_return_scale", "None"}, {"asdecimal", "True"}};
        const std::vector<Param> float_params{{"precision", "None"}, {"asdecimal", "False"}, {"decimal_return_scale", "None"}};
        const std::vector<Param> pg_tz_params{{"timezone", "False"}, {"precision", "None"}};
        const std::vector<Param> array_params{
            {"item_type", nullptr}, {"as_tuple", "False"}, {"dimensions", "None"}, {"zero_indexes", "False"}};
        std::vector<TypeSpec> t{
            {N::sa, "String", string_params, str("VARCHAR")},
            {N::sa, "Unicode", string_params, str("VARCHAR")},
            {N::sa, "VARCHAR", string_params, str("VARCHAR")},
            {N::sa, "CHAR", string_params, str("CHAR")},
            {N::sa, "Text", string_params, fixed("TEXT")},
            {N::sa, "UnicodeText", string_params, fixed("TEXT")},
            {N::sa, "TEXT", string_params, fixed("TEXT")},
            {N::sa, "Integer", {}, fixed("INTEGER")},
            {N::sa, "INTEGER", {}, fixed("INTEGER")},
            {N::sa, "INT", {}, fixed("INTEGER")},
            {N::sa, "BigInteger", {}, fixed("BIGINT")},
            {N::sa, "BIGINT", {}, fixed("BIGINT")},
            {N::sa, "SmallInteger", {}, fixed("SMALLINT")},
            {N::sa, "SMALLINT", {}, fixed("SMALLINT")},
            {N::sa, "Boolean", {{"create_constraint", "False"}, {"name", "None"}}, fixed("BOOLEAN")},
            {N::sa, "BOOLEAN", {{"create_constraint", "False"}, {"name", "None"}}, fixed("BOOLEAN")},
            {N::sa, "Float", float_params, flt("FLOAT")},
            {N::sa, "FLOAT", float_params, flt("FLOAT")},
            {N::sa, "REAL", float_params, fixed("REAL")},
            {N::sa, "Double", float_params, fixed("DOUBLE PRECISION")},
            {N::sa, "DOUBLE_PRECISION", float_params, fixed("DOUBLE PRECISION")},
            {N::sa, "Numeric", numeric_params, num("NUMERIC")},
            {N::sa, "NUMERIC", numeric_params, num("NUMERIC")},
            {N::sa, "DECIMAL", numeric_params, num("DECIMAL")},
            {N::sa, "DateTime", {{"timezone", "False"}}, tz("TIMESTAMP")},
            {N::sa, "TIMESTAMP", {{"timezone", "False"}}, tz("TIMESTAMP")},
            {N::sa, "Date", {}, fixed("DATE")},
            {N::sa, "DATE", {}, fixed("DATE")},
            {N::sa, "Time", {{"timezone", "False"}}, tz("TIME")},
            {N::sa, "TIME", {{"timezone", "False"}}, tz("TIME")},
            {N::sa, "Interval", {{"native", "True"}, {"second_precision", "None"}, {"day_precision", "None"}}, fixed("INTERVAL")},
            {N::sa, "LargeBinary", {{"length", "None"}}, fixed("BYTEA")},
            {N::sa, "JSON", {{"none_as_null", "False"}}, fixed("JSON")},
            {N::sa, "ARRAY", array_params, array_sql()},
            {N::sa, "Uuid", {{"as_uuid", "True"}, {"native_uuid", "True"}}, fixed("UUID")},
            {N::sa, "UUID", {{"as_uuid", "True"}}, fixed("UUID")},
            {N::postgresql, "JSONB", {{"none_as_null", "False"}, {"astext_type", "None"}}, fixed("JSONB")},
            {N::postgresql, "JSON", {{"none_as_null", "False"}, {"astext_type", "None"}}, fixed("JSON")},
            // as_uuid's default changed between SQLAlchemy 1.4 (False) and 2.0 (True): keep it as written.
            {N::postgresql, "UUID", {{"as_uuid", ""}}, fixed("UUID")},
            {N::postgresql, "ARRAY", array_params, array_sql()},
            {N::postgresql, "TIMESTAMP", pg_tz_params, tz("TIMESTAMP")},
            {N::postgresql, "TIME", pg_tz_params, tz("TIME")},
            {N::postgresql, "INTERVAL", {{"precision", "None"}, {"fields", "None"}},
             [](const Args& a, const std::vector<SqlType>&) {
                 std::string s = "INTERVAL";
                 auto f = a.exprs.find("fields");
                 if (f != a.exprs.end())
                     if (auto v = str_const(f->second)) s += " " + *v;
                 std::string p = a.get("precision");
                 return p.empty() ? s : s + " (" + p + ")";
             }},
            {N::postgresql, "BYTEA", {{"length", "None"}}, fixed("BYTEA")},
            {N::postgresql, "INET", {}, fixed("INET")},
            {N::postgresql, "CIDR", {}, fixed("CIDR")},
            {N::postgresql, "MACADDR", {}, fixed("MACADDR")},
            {N::postgresql, "MONEY", {}, fixed("MONEY")},
            {N::postgresql, "OID", {}, fixed("OID")},
            {N::postgresql, "TSVECTOR", {}, fixed("TSVECTOR")},
            {N::postgresql, "CITEXT", {}, fixed("CITEXT")},
            {N::postgresql, "HSTORE", {{"text_type", "None"}}, fixed("HSTORE")},
            {N::postgresql, "DOUBLE_PRECISION", float_params, fixed("DOUBLE PRECISION")},
            {N::postgresql, "REAL", float_params, fixed("REAL")},
            {N::postgresql, "BIT", {{"length", "None"}, {"varying", "False"}},
             [](const Args& a, const std::vector<SqlType>&) {
                 std::string n = a.get("length");
                 std::string base = a.get("varying") == "True" ? "BIT VARYING" : "BIT";
                 if (n.empty()) n = a.get("varying") == "True" ? "" : "1";
                 return n.empty() ? base : base + "(" + n + ")";
             }},
            {N::sqlmodel, "AutoString", string_params, str("VARCHAR")},
            {N::sqlmodel, "GUID", {}, fixed("UUID")},
        };
        // postgresql re-exports the generic upper-case types.
        for (const char* n : {"INTEGER", "BIGINT", "SMALLINT", "BOOLEAN", "TEXT", "VARCHAR", "CHAR", "NUMERIC", "DATE", "FLOAT"})
            for (const auto& s : std::vector<TypeSpec>(t))
                if (s.ns == N::sa && std::string_view(s.name) == n) t.push_back({N::postgresql, s.name, s.params, s.sql});
        return t;
    }();
    return k_types;
}

const TypeSpec* find_spec(const Member& m) {
    for (const auto& s : type_table())
        if (s.ns == m.ns && m.name == s.name) return &s;
    return nullptr;
}

const char* prefix(Namespace ns) {
    switch (ns) {
        case Namespace::postgresql: return "postgresql.";
        case Namespace::sqlmodel: return "sqlmodel.sql.sqltypes.";
        default: return "sa.";
    }
}

void add_imports(SqlType& t, Namespace ns) {
    const char* imp = ns == Namespace::postgresql ? k_pg_import : ns == Namespace::sqlmodel ? "import sqlmodel" : nullptr;
    if (imp && std::find(t.imports.begin(), t.imports.end(), imp) == t.imports.end()) t.imports.push_back(imp);
}

void merge_imports(SqlType& into, const SqlType& from) {
    for (const auto& i : from.imports)
        if (std::find(into.imports.begin(), into.imports.end(), i) == into.imports.end()) into.imports.push_back(i);
}

class TypeReader {
public:
    TypeReader(const python::Module& module, const ImportScope& scope) : m_module(module), m_scope(scope) {}

    SqlType read(const Expr& e) {
        const Expr* callee = e.kind == ExprKind::Call ? e.child(0) : &e;
        Member m = callee ? classify(m_scope.qualify(*callee)) : Member{};
        if (is_enum_type(m) && e.kind == ExprKind::Call) {
            if (auto t = read_enum(e, m)) return *t;
            return unknown(e);
        }
        const TypeSpec* spec = find_spec(m);
        if (!spec) return unknown(e);
        if (e.kind == ExprKind::Call) {
            if (auto t = read_known(e, *spec)) return *t;
            return unknown(e);
        }
        if (e.kind != ExprKind::Name && e.kind != ExprKind::Attribute) return unknown(e);
        // A bare type class: SQLAlchemy instantiates it with no arguments.
        Expr none;
        none.kind = ExprKind::Call;
        return read_known(none, *spec).value_or(unknown(e));
    }

private:
    const python::Module& m_module;
    const ImportScope& m_scope;

    SqlType unknown(const Expr& e) {
        SqlType t;
        t.python = std::string(m_module.text(e.span));
        std::string dotted = python::dotted_name(e.kind == ExprKind::Call && e.child(0) ? *e.child(0) : e);
        std::string imp = m_scope.import_for(dotted);
        if (!imp.empty() && imp != "import sqlalchemy as sa") t.imports.push_back(imp);
        return t;
    }

    // An argument as Alembic's generic repr renders it; nullopt when it cannot be read.
    std::optional<std::string> value(const Expr* e, std::vector<SqlType>& nested) {
        if (!e) return std::nullopt;
        if (e->kind == ExprKind::Constant) {
            switch (e->const_kind) {
                case ConstKind::Str: return str_repr(e->value);
                case ConstKind::Int:
                case ConstKind::Float: return e->value;
                case ConstKind::True: return "True";
                case ConstKind::False: return "False";
                case ConstKind::None: return "None";
                default: return std::nullopt;
            }
        }
        if (e->kind == ExprKind::UnaryOp && e->name == "-" && e->child(0) && e->child(0)->kind == ExprKind::Constant)
            return "-" + e->child(0)->value;
        const Expr* callee = e->kind == ExprKind::Call ? e->child(0) : e;
        if (callee && (callee->kind == ExprKind::Name || callee->kind == ExprKind::Attribute)) {
            Member m = classify(m_scope.qualify(*callee));
            if (find_spec(m) || is_enum_type(m)) {
                SqlType t = read(*e);
                nested.push_back(t);
                return t.python;
            }
        }
        return std::nullopt;
    }

    std::optional<SqlType> read_known(const Expr& call, const TypeSpec& spec) {
        Args args;
        std::vector<SqlType> nested;
        size_t positional = 0;
        for (size_t i = 1; i < call.children.size(); ++i, ++positional) {
            const Expr* a = call.child(i);
            if (a->kind == ExprKind::Starred || positional >= spec.params.size()) return std::nullopt;
            auto v = value(a, nested);
            if (!v) return std::nullopt;
            args.by_name[spec.params[positional].name] = *v;
            args.exprs[spec.params[positional].name] = a;
        }
        std::vector<std::pair<std::string, std::string>> extra;
        for (const auto& kw : call.keywords) {
            if (!kw.arg) return std::nullopt;
            auto v = value(kw.value.get(), nested);
            if (!v) return std::nullopt;
            bool known = std::any_of(spec.params.begin(), spec.params.end(), [&](const Param& p) { return *kw.arg == p.name; });
            if (known) {
                args.by_name[*kw.arg] = *v;
                args.exprs[*kw.arg] = kw.value.get();
            } else {
                extra.emplace_back(*kw.arg, *v);
            }
        }
        // JSON / JSONB always carry astext_type=Text() once constructed; Alembic renders it.
        if (spec.ns == Namespace::postgresql && (std::string_view(spec.name) == "JSONB" || std::string_view(spec.name) == "JSON") &&
            args.get("astext_type").empty())
            args.by_name["astext_type"] = "sa.Text()";
        if (spec.ns == Namespace::postgresql && std::string_view(spec.name) == "HSTORE" && args.get("text_type").empty())
            args.by_name["text_type"] = "sa.Text()";

        SqlType t;
        std::string py = std::string(prefix(spec.ns)) + spec.name + "(";
        bool first = true;
        auto put = [&](const std::string& s) {
            py += (first ? "" : ", ") + s;
            first = false;
        };
        for (const auto& p : spec.params) {
            auto it = args.by_name.find(p.name);
            if (it == args.by_name.end()) continue;
            if (!p.default_repr) put(it->second);
            else if (it->second != p.default_repr) put(std::string(p.name) + "=" + it->second);
        }
        for (const auto& [k, v] : extra) put(k + "=" + v);
        t.python = py + ")";
        t.sql = spec.sql(args, nested);
        add_imports(t, spec.ns);
        for (const auto& n : nested) merge_imports(t, n);
        return t;
    }

    std::optional<SqlType> read_enum(const Expr& call, const Member& m) {
        SqlType t;
        std::vector<std::string> values;
        std::vector<SqlType> nested;
        for (size_t i = 1; i < call.children.size(); ++i) {
            auto v = str_const(call.child(i));
            if (!v) return std::nullopt;  // values from a Python enum class or a starred list
            values.push_back(*v);
        }
        std::string py = std::string(prefix(m.ns)) + m.name + "(";
        for (const auto& v : values) py += str_repr(v) + ", ";
        bool native = true;
        size_t length = 0;  // non-native: VARCHAR(max(length=, longest value)), as sqltypes.Enum does
        std::vector<std::string> rest;
        for (const auto& kw : call.keywords) {
            if (!kw.arg) return std::nullopt;
            auto v = value(kw.value.get(), nested);
            if (!v) return std::nullopt;
            if (*kw.arg == "name") t.enum_name = str_const(kw.value.get()).value_or("");
            else if (*kw.arg == "schema") t.enum_schema = str_const(kw.value.get()).value_or("");
            else if (*kw.arg == "native_enum") native = *v != "False";
            else if (*kw.arg == "length" && !v->empty() &&
                     std::all_of(v->begin(), v->end(), [](unsigned char c) { return std::isdigit(c); }))
                length = static_cast<size_t>(std::stoul(*v));
            // create_type is no part of Alembic's rendering, but it decides whether
            // op.create_table emits CREATE TYPE, so it is kept.
            rest.push_back(*kw.arg + "=" + *v);
        }
        // name first, as Alembic renders it.
        std::stable_sort(rest.begin(), rest.end(), [](const std::string& a, const std::string& b) {
            auto rank = [](const std::string& s) { return s.starts_with("name=") ? 0 : s.starts_with("schema=") ? 1 : 2; };
            return rank(a) < rank(b);
        });
        for (const auto& r : rest) py += r + ", ";
        if (py.ends_with(", ")) py.resize(py.size() - 2);
        t.python = py + ")";
        if (!native) {
            size_t len = length;
            for (const auto& v : values) len = std::max(len, v.size());
            t.sql = "VARCHAR(" + std::to_string(len) + ")";
            t.enum_name.clear();
            t.enum_schema.clear();
        } else if (!t.enum_name.empty()) {
            t.sql = t.enum_schema.empty() ? t.enum_name : t.enum_schema + "." + t.enum_name;
        }
        add_imports(t, m.ns);
        return t;
    }
};

}  // namespace

SqlType read_type(const python::Module& module, const Expr& e, const ImportScope& scope) {
    return TypeReader(module, scope).read(e);
}

}  // namespace mig_guard::alembic
