// The revision reader: header assignments, imports, and upgrade()/downgrade() bodies -> ops.
// Arguments are bound the way Alembic's signatures (alembic/operations/ops.py) bind them,
// positional or keyword; whatever cannot be read statically becomes an Opaque op with the
// reason, plus a diagnostic when it was an Alembic op whose argument could not be read.
#include "mig_guard/alembic/reader.hpp"

#include <algorithm>
#include <map>

#include "mig_guard/alembic/writer.hpp"
#include "mig_guard/python/parser.hpp"
#include "reader_internal.hpp"

namespace mig_guard::alembic {

using namespace reader_detail;
using python::ConstKind;
using python::Expr;
using python::ExprKind;
using python::Stmt;
using python::StmtKind;
using namespace schema;

// --- ImportScope ---------------------------------------------------------------------------

std::string ImportScope::qualify(const Expr& e) const {
    std::string dotted = python::dotted_name(e);
    if (dotted.empty()) return {};
    std::string head = dotted.substr(0, dotted.find('.'));
    std::string tail = dotted.size() > head.size() ? dotted.substr(head.size()) : std::string();
    for (auto it = bindings.rbegin(); it != bindings.rend(); ++it)
        if (it->first == head) return it->second + tail;
    return dotted;
}

std::string ImportScope::import_for(const std::string& dotted) const {
    std::string head = dotted.substr(0, dotted.find('.'));
    for (auto it = statements.rbegin(); it != statements.rend(); ++it)
        if (it->first == head) return it->second;
    return {};
}

namespace {

// The reason an argument could not be read; becomes the Opaque reason and a diagnostic.
struct Unreadable {
    std::string message;
    const Expr* where = nullptr;
};

// Arguments bound to an Alembic signature.
struct Bound {
    std::map<std::string, const Expr*> args;
    std::vector<const Expr*> varargs;  // *columns of create_table

    const Expr* get(const std::string& n) const {
        auto it = args.find(n);
        return it == args.end() ? nullptr : it->second;
    }
    bool has(const std::string& n) const { return args.count(n) != 0; }
};

// Binds `call`'s arguments to `params`; with `varargs`, positional arguments beyond them are
// the signature's *args. Unknown keywords are kept (dialect kwargs).
Bound bind(const Expr& call, const std::vector<std::string>& params, bool varargs, const std::string& what) {
    Bound b;
    size_t pos = 0;
    for (size_t i = 1; i < call.children.size(); ++i) {
        const Expr* a = call.child(i);
        if (a->kind == ExprKind::Starred) throw Unreadable{what + " is called with *args", a};
        if (pos < params.size()) b.args[params[pos++]] = a;
        else if (varargs) b.varargs.push_back(a);
        else throw Unreadable{what + " is called with too many positional arguments", a};
    }
    for (const auto& kw : call.keywords) {
        if (!kw.arg) throw Unreadable{what + " is called with **kwargs", kw.value.get()};
        b.args[*kw.arg] = kw.value.get();
    }
    return b;
}

class BodyReader {
public:
    BodyReader(const python::Module& module, const ImportScope& scope, Diagnostics& diags)
        : m_module(module), m_scope(scope), m_diags(diags) {}

    Ops read(const std::vector<python::StmtPtr>& body) {
        Ops out;
        out.reserve(body.size());  // about one op per statement; an Op is large to move
        for (const auto& s : body) statement(*s, out);
        return out;
    }

private:
    const python::Module& m_module;
    const ImportScope& m_scope;
    Diagnostics& m_diags;
    // Inside `with op.batch_alter_table(...) as <m_batch_name>:`.
    std::string m_batch_name;
    std::string m_batch_table;
    std::string m_batch_schema;

    Op make(const Stmt& s, OpValue v) const {
        Op op;
        op.value = std::move(v);
        op.location = m_module.location(s.span);
        op.source_begin = s.span.begin;
        op.source_end = s.span.end;
        return op;
    }

    void opaque(const Stmt& s, std::string reason, Ops& out) const {
        out.push_back(make(s, Opaque{std::string(m_module.text(s.span)), std::move(reason)}));
    }

    void statement(const Stmt& s, Ops& out) {
        switch (s.kind) {
            case StmtKind::Pass: return;
            case StmtKind::Expr:
                if (s.value && s.value->kind == ExprKind::Constant &&
                    (s.value->const_kind == ConstKind::Str || s.value->const_kind == ConstKind::Ellipsis))
                    return;  // a docstring or a bare string: nothing runs
                if (s.value && s.value->kind == ExprKind::Call) return call_statement(s, *s.value, out);
                return opaque(s, "expression statement is not an Alembic operation", out);
            case StmtKind::With: return with_statement(s, out);
            case StmtKind::For: return opaque(s, "for loop: the ops it runs cannot be read statically", out);
            case StmtKind::While: return opaque(s, "while loop: the ops it runs cannot be read statically", out);
            case StmtKind::If: return opaque(s, "if statement: which branch runs cannot be known statically", out);
            case StmtKind::Try: return opaque(s, "try statement: the ops it runs cannot be read statically", out);
            case StmtKind::Assign:
            case StmtKind::AnnAssign:
                // `tax_rates = op.create_table(...)`, kept for op.bulk_insert(tax_rates, ...):
                // Alembic documents the idiom; the op runs as if it stood alone.
                if (s.value && s.value->kind == ExprKind::Call && s.value->child(0)) {
                    Member m = classify(m_scope.qualify(*s.value->child(0)));
                    if (m.ns == Namespace::op && m.name == "create_table") return call_statement(s, *s.value, out);
                }
                return opaque(s, "assignment: values computed at migration time cannot be read statically", out);
            case StmtKind::AugAssign:
                return opaque(s, "assignment: values computed at migration time cannot be read statically", out);
            case StmtKind::Import:
            case StmtKind::ImportFrom: return opaque(s, "import inside a migration function", out);
            case StmtKind::FunctionDef:
            case StmtKind::ClassDef: return opaque(s, "definition inside a migration function", out);
            case StmtKind::Return: return opaque(s, "return statement: later statements may not run", out);
            case StmtKind::Raise: return opaque(s, "raise statement: the migration stops here", out);
            default: return opaque(s, "statement is not an Alembic operation", out);
        }
    }

    void with_statement(const Stmt& s, Ops& out) {
        if (s.items.size() == 1 && s.items[0].context && s.items[0].context->kind == ExprKind::Call &&
            s.items[0].context->child(0) && m_batch_name.empty()) {
            const Expr& ctx = *s.items[0].context;
            Member m = classify(m_scope.qualify(*ctx.child(0)));
            if (m.ns == Namespace::op && m.name == "batch_alter_table") {
                try {
                    Bound b = bind(ctx, {"table_name", "schema"}, false, "op.batch_alter_table");
                    auto table = str_const(b.get("table_name"));
                    if (!table) throw Unreadable{"op.batch_alter_table's table name is not a string literal", ctx.child(0)};
                    const Expr* target = s.items[0].target.get();
                    if (!target || target->kind != ExprKind::Name)
                        throw Unreadable{"op.batch_alter_table is not bound to a name with `as`", &ctx};
                    m_batch_name = target->name;
                    m_batch_table = *table;
                    m_batch_schema = optional_str(b.get("schema"), "schema");
                } catch (const Unreadable& u) {
                    report(u);
                    return opaque(s, u.message, out);
                }
                for (const auto& inner : s.body) statement(*inner, out);
                m_batch_name.clear();
                return;
            }
            // Statements inside `with op.get_context().autocommit_block():` are ordinary ops that
            // run outside the migration's transaction.
            if (ctx.child(0)->kind == ExprKind::Attribute && ctx.child(0)->name == "autocommit_block") {
                for (const auto& inner : s.body) statement(*inner, out);
                return;
            }
        }
        opaque(s, "with statement: the ops it runs cannot be read statically", out);
    }

    void report(const Unreadable& u) const {
        Diagnostic d;
        d.severity = Severity::warning;
        d.location = u.where ? m_module.location(u.where->span) : SourceLocation{m_module.file, 0, 0};
        d.stage = "alembic";
        d.message = u.message;
        d.help = "write the argument as a literal, or review this statement by hand";
        m_diags.push_back(std::move(d));
    }

    void call_statement(const Stmt& s, const Expr& call, Ops& out) {
        const Expr* func = call.child(0);
        std::string what = func ? python::dotted_name(*func) : std::string();
        try {
            if (func && func->kind == ExprKind::Attribute) {
                const Expr* obj = func->child(0);
                if (!obj) return opaque(s, "expression statement is not an Alembic operation", out);
                if (!m_batch_name.empty() && obj->is_name(m_batch_name)) return op_call(s, call, func->name, true, out);
                Member m = classify(m_scope.qualify(*func));
                if (m.ns == Namespace::op) {
                    if (m.name.find('.') != std::string::npos)
                        return opaque(s, "call to '" + what + "' is not an Alembic operation", out);
                    return op_call(s, call, m.name, false, out);
                }
                if ((func->name == "create" || func->name == "drop") && obj->kind == ExprKind::Call && obj->child(0)) {
                    Member t = classify(m_scope.qualify(*obj->child(0)));
                    if (is_enum_type(t)) return enum_call(s, *obj, func->name == "create", out);
                }
            }
        } catch (const Unreadable& u) {
            report(u);
            return opaque(s, u.message, out);
        }
        if (what.empty()) what = std::string(m_module.text(func ? func->span : call.span));
        opaque(s, "call to '" + what + "' is not an Alembic operation", out);
    }

    // --- argument readers -----------------------------------------------------------------

    std::string str_arg(const Bound& b, const std::string& n, const std::string& op) const {
        const Expr* e = b.get(n);
        if (!e) throw Unreadable{op + " is missing its '" + n + "' argument", nullptr};
        auto v = str_const(e);
        if (!v) throw Unreadable{op + "'s '" + n + "' argument is not a string literal", e};
        return *v;
    }

    // None or absent -> "".
    std::string optional_str(const Expr* e, const std::string& what) const {
        if (!e || (e->kind == ExprKind::Constant && e->const_kind == ConstKind::None)) return {};
        auto v = str_const(e);
        if (!v) throw Unreadable{"'" + what + "' is not a string literal", e};
        return *v;
    }

    std::optional<std::string> optional_comment(const Expr* e, const std::string& what) const {
        if (!e || (e->kind == ExprKind::Constant && e->const_kind == ConstKind::None)) return std::nullopt;
        auto v = str_const(e);
        if (!v) throw Unreadable{"'" + what + "' is not a string literal", e};
        return v;
    }

    static bool is_none(const Expr* e) { return e && e->kind == ExprKind::Constant && e->const_kind == ConstKind::None; }
    static bool is_false(const Expr* e) { return e && e->kind == ExprKind::Constant && e->const_kind == ConstKind::False; }

    std::optional<bool> bool_arg(const Expr* e, const std::string& what) const {
        if (!e || is_none(e)) return std::nullopt;
        if (e->kind == ExprKind::Constant && e->const_kind == ConstKind::True) return true;
        if (is_false(e)) return false;
        throw Unreadable{"'" + what + "' is not True, False or None", e};
    }

    Member member_of_call(const Expr& e) const {
        if (e.kind != ExprKind::Call || !e.child(0)) return {};
        return classify(m_scope.qualify(*e.child(0)));
    }

    // A callee that is op.f / conv / sa.text etc., by its last name, under any import alias.
    bool callee_is(const Expr& e, std::initializer_list<const char*> names) const {
        if (e.kind != ExprKind::Call || !e.child(0)) return false;
        std::string q = m_scope.qualify(*e.child(0));
        std::string last = q.substr(q.rfind('.') + 1);
        Member m = classify(q);
        bool library = m.ns != Namespace::none || q.find('.') == std::string::npos;
        if (!library) return false;
        return std::any_of(names.begin(), names.end(), [&](const char* n) { return last == n; });
    }

    Name name_arg(const Expr* e, const std::string& what) const {
        if (!e || is_none(e)) return {};
        if (auto v = str_const(e)) return Name{*v, false};
        bool is_f = callee_is(*e, {"f", "conv"}) ||
                    (e->kind == ExprKind::Call && e->child(0)->kind == ExprKind::Attribute && e->child(0)->name == "f" &&
                     !m_batch_name.empty() && e->child(0)->child(0)->is_name(m_batch_name));
        if (is_f && e->children.size() == 2)
            if (auto v = str_const(e->child(1))) return Name{*v, true};
        throw Unreadable{"'" + what + "' is not a string literal, op.f() or None", e};
    }

    std::vector<std::string> str_list(const Expr* e, const std::string& what) const {
        std::vector<std::string> out;
        if (!e) return out;
        if (auto v = str_const(e)) return {*v};
        if (e->kind != ExprKind::List && e->kind != ExprKind::Tuple)
            throw Unreadable{"'" + what + "' is not a list of string literals", e};
        for (const auto& c : e->children) {
            auto v = str_const(c.get());
            if (!v) throw Unreadable{"'" + what + "' is not a list of string literals", c.get()};
            out.push_back(*v);
        }
        return out;
    }

    // sa.text('...') / text('...') / sa.literal_column('...') / a plain string: the SQL text.
    std::optional<std::string> sql_text(const Expr* e) const {
        if (!e) return std::nullopt;
        if (auto v = str_const(e)) return v;
        if (callee_is(*e, {"text", "literal_column"}) && e->children.size() == 2) return str_const(e->child(1));
        return std::nullopt;
    }

    std::optional<ServerDefault> server_default_arg(const Expr* e, const std::string& what) const {
        if (!e || is_none(e)) return std::nullopt;
        if (auto v = str_const(e)) return ServerDefault{ServerDefault::Kind::literal, *v};
        if (e->kind == ExprKind::Constant && (e->const_kind == ConstKind::Int || e->const_kind == ConstKind::Float))
            return ServerDefault{ServerDefault::Kind::sql, e->value};
        if (callee_is(*e, {"text", "literal_column"}) && e->children.size() == 2)
            if (auto v = str_const(e->child(1))) return ServerDefault{ServerDefault::Kind::sql, *v};
        // sa.func.now() and friends without arguments.
        if (e->kind == ExprKind::Call && e->children.size() == 1 && e->keywords.empty()) {
            std::string q = m_scope.qualify(*e->child(0));
            auto pos = q.find(".func.");
            if (pos != std::string::npos && classify(q).ns == Namespace::sa)
                return ServerDefault{ServerDefault::Kind::sql, q.substr(pos + 6) + "()"};
            if (callee_is(*e, {"true", "false"})) return ServerDefault{ServerDefault::Kind::sql, q.substr(q.rfind('.') + 1)};
        }
        throw Unreadable{"'" + what + "' is not a string, sa.text() or a number", e};
    }

    std::string column_name(const Expr* e) const {
        auto v = str_const(e);
        if (!v) throw Unreadable{"constraint column is not a string literal", e};
        return *v;
    }

    SqlType type_arg(const Expr* e) const {
        SqlType t = read_type(m_module, *e, m_scope);
        // A custom type (pgvector's Vector, a TypeDecorator) legitimately has no known SQL; a
        // SQLAlchemy type that could not be read (sa.Enum(MyEnum), sa.String(LENGTH)) is a gap.
        const Expr* callee = e->kind == ExprKind::Call ? e->child(0) : e;
        if (t.sql.empty() && callee && classify(m_scope.qualify(*callee)).ns != Namespace::none) {
            Diagnostic d;
            d.severity = Severity::warning;
            d.location = m_module.location(e->span);
            d.stage = "alembic";
            d.message = "cannot read the type '" + t.python + "' statically";
            d.help = "write the type's arguments as literals";
            m_diags.push_back(std::move(d));
        }
        return t;
    }

    // --- columns and constraints ------------------------------------------------------------

    // A column with what SQLAlchemy attaches to its table.
    struct ColumnInfo {
        Column column;
        bool primary_key = false;
        bool nullable_given = false;
        bool unique = false;
        bool index = false;
        std::vector<ForeignKey> foreign_keys;
    };

    static void split_colspec(const std::string& spec, ForeignKey& fk) {
        auto dot = spec.rfind('.');
        std::string table = dot == std::string::npos ? std::string() : spec.substr(0, dot);
        fk.ref_columns.push_back(dot == std::string::npos ? spec : spec.substr(dot + 1));
        auto sdot = table.rfind('.');
        if (sdot != std::string::npos) {
            fk.ref_schema = table.substr(0, sdot);
            table = table.substr(sdot + 1);
        }
        fk.ref_table = table;
    }

    static std::string upper(std::string s) {
        for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return s;
    }

    void fk_options(const Bound& b, ForeignKey& fk) const {
        fk.ondelete = upper(optional_str(b.get("ondelete"), "ondelete"));
        fk.onupdate = upper(optional_str(b.get("onupdate"), "onupdate"));
        fk.initially = optional_str(b.get("initially"), "initially");
        fk.match = optional_str(b.get("match"), "match");
        fk.deferrable = bool_arg(b.get("deferrable"), "deferrable");
        fk.use_alter = bool_arg(b.get("use_alter"), "use_alter").value_or(false);
        fk.not_valid = bool_arg(b.get("postgresql_not_valid"), "postgresql_not_valid").value_or(false);
    }

    // A dict of string keys and constant values, each value as repr() writes it.
    std::vector<std::pair<std::string, std::string>> literal_dict(const Expr* e, const std::string& what) const {
        std::vector<std::pair<std::string, std::string>> out;
        if (!e || is_none(e)) return out;
        if (e->kind != ExprKind::Dict) throw Unreadable{"'" + what + "' is not a dict literal", e};
        for (size_t i = 0; i + 1 < e->children.size(); i += 2) {
            auto key = str_const(e->child(i));
            const Expr* v = e->child(i + 1);
            if (!key || !v || v->kind != ExprKind::Constant) throw Unreadable{"'" + what + "' holds a value that is no constant", v};
            std::string value;
            switch (v->const_kind) {
                case ConstKind::Str: value = py_repr(v->value); break;
                case ConstKind::True: value = "True"; break;
                case ConstKind::False: value = "False"; break;
                case ConstKind::Int:
                case ConstKind::Float: value = v->value; break;
                default: throw Unreadable{"'" + what + "' holds a value that is no string, number or bool", v};
            }
            out.emplace_back(*key, value);
        }
        return out;
    }

    ColumnInfo column(const Expr& e) const {
        if (e.kind != ExprKind::Call || member_of_call(e).name != "Column" || member_of_call(e).ns != Namespace::sa)
            throw Unreadable{"argument is not an sa.Column(...)", &e};
        ColumnInfo info;
        Column& c = info.column;
        c.location = m_module.location(e.span);
        size_t i = 1;
        if (auto n = str_const(e.child(i))) {
            c.name = *n;
            ++i;
        } else {
            throw Unreadable{"sa.Column's name is not a string literal", &e};
        }
        bool have_type = false;
        for (; i < e.children.size(); ++i) {
            const Expr* a = e.child(i);
            Member m = member_of_call(*a);
            if (m.ns == Namespace::sa && m.name == "ForeignKey") {
                Bound b = bind(*a, {"column"}, false, "sa.ForeignKey");
                ForeignKey fk;
                fk.columns = {c.name};
                split_colspec(str_arg(b, "column", "sa.ForeignKey"), fk);
                fk.name = name_arg(b.get("name"), "name");
                fk_options(b, fk);
                info.foreign_keys.push_back(std::move(fk));
            } else if (m.ns == Namespace::sa && m.name == "Identity") {
                Bound b = bind(*a, {"always", "on_null", "start", "increment"}, false, "sa.Identity");
                Identity id;
                id.always = bool_arg(b.get("always"), "always").value_or(false);
                id.start = int_arg(b.get("start"), "start");
                id.increment = int_arg(b.get("increment"), "increment");
                c.identity = id;
            } else if (m.ns == Namespace::sa && m.name == "Computed") {
                Bound b = bind(*a, {"sqltext", "persisted"}, false, "sa.Computed");
                auto text = sql_text(b.get("sqltext"));
                if (!text) throw Unreadable{"sa.Computed's expression is not a string literal", a};
                c.computed = *text;
                c.computed_persisted = bool_arg(b.get("persisted"), "persisted").value_or(true);
            } else if (m.ns == Namespace::sa && m.name == "Sequence") {
                // CREATE SEQUENCE runs beside CREATE TABLE; the column's DDL does not change.
                Diagnostic d;
                d.severity = Severity::warning;
                d.location = m_module.location(a->span);
                d.stage = "alembic";
                d.message = "sa.Sequence on column '" + c.name + "' is not represented in the schema";
                d.help = "use sa.Identity() or server_default=sa.text(\"nextval('...')\") instead";
                m_diags.push_back(std::move(d));
            } else if (!have_type) {
                c.type = type_arg(a);
                have_type = true;
            } else {
                throw Unreadable{"sa.Column argument cannot be read statically", a};
            }
        }
        for (const auto& kw : e.keywords) {
            if (!kw.arg) throw Unreadable{"sa.Column is called with **kwargs", kw.value.get()};
            const std::string& k = *kw.arg;
            const Expr* v = kw.value.get();
            if (k == "type_") {
                c.type = type_arg(v);
                have_type = true;
            } else if (k == "primary_key") info.primary_key = bool_arg(v, k).value_or(false);
            else if (k == "nullable") {
                c.nullable = bool_arg(v, k).value_or(true);
                info.nullable_given = true;
            } else if (k == "server_default") c.server_default = server_default_arg(v, k);
            else if (k == "autoincrement") {
                if (auto s = str_const(v); s && *s == "auto") c.autoincrement = Autoincrement::auto_;
                else if (auto bv = bool_arg(v, k)) c.autoincrement = *bv ? Autoincrement::yes : Autoincrement::no;
            } else if (k == "comment") c.comment = optional_comment(v, k);
            else if (k == "unique") info.unique = bool_arg(v, k).value_or(false);
            else if (k == "index") info.index = bool_arg(v, k).value_or(false);
            else if (k == "name" && str_const(v)) c.name = *str_const(v);
            // default/onupdate/info/doc/key/quote/server_onupdate: no DDL of their own.
        }
        if (!have_type) throw Unreadable{"sa.Column '" + c.name + "' has no type", &e};
        if (!info.nullable_given) c.nullable = !info.primary_key;
        return info;
    }

    std::optional<long long> int_arg(const Expr* e, const std::string& what) const {
        if (!e || is_none(e)) return std::nullopt;
        bool neg = false;
        if (e->kind == ExprKind::UnaryOp && e->name == "-") {
            neg = true;
            e = e->child(0);
        }
        if (e && e->kind == ExprKind::Constant && e->const_kind == ConstKind::Int) {
            std::string digits;
            for (char ch : e->value)
                if (ch != '_') digits += ch;
            try {
                long long v = std::stoll(digits, nullptr, 0);
                return neg ? -v : v;
            } catch (...) {
            }
        }
        throw Unreadable{"'" + what + "' is not an integer literal", e};
    }

    Index index_from(const std::string& table, const std::string& column, const SourceLocation& loc) const {
        Index ix;
        // SQLAlchemy's default naming convention "ix_%(column_0_label)s".
        ix.name = Name{"ix_" + table + "_" + column, true};
        ix.elements.push_back({column, false});
        ix.location = loc;
        return ix;
    }

    Table create_table(const Bound& b) const {
        Table t;
        t.name = str_arg(b, "table_name", "op.create_table");
        t.schema = optional_str(b.get("schema"), "schema");
        t.comment = optional_comment(b.get("comment"), "comment");
        std::vector<ColumnInfo> cols;
        cols.reserve(b.varargs.size());
        t.columns.reserve(b.varargs.size());
        for (const Expr* a : b.varargs) {
            Member m = member_of_call(*a);
            if (m.ns == Namespace::sa && m.name == "Column") {
                cols.push_back(column(*a));
                t.columns.push_back(cols.back().column);
            } else if (m.ns == Namespace::sa && m.name == "PrimaryKeyConstraint") {
                Bound cb = bind(*a, {}, true, "sa.PrimaryKeyConstraint");
                PrimaryKey pk;
                pk.name = name_arg(cb.get("name"), "name");
                for (const Expr* c : cb.varargs) pk.columns.push_back(column_name(c));
                pk.location = m_module.location(a->span);
                t.primary_key = pk;
            } else if (m.ns == Namespace::sa && m.name == "UniqueConstraint") {
                Bound cb = bind(*a, {}, true, "sa.UniqueConstraint");
                UniqueConstraint uq;
                uq.name = name_arg(cb.get("name"), "name");
                for (const Expr* c : cb.varargs) uq.columns.push_back(column_name(c));
                uq.location = m_module.location(a->span);
                t.unique_constraints.push_back(uq);
            } else if (m.ns == Namespace::sa && m.name == "ForeignKeyConstraint") {
                Bound cb = bind(*a, {"columns", "refcolumns"}, false, "sa.ForeignKeyConstraint");
                ForeignKey fk;
                fk.columns = str_list(cb.get("columns"), "columns");
                for (const auto& spec : str_list(cb.get("refcolumns"), "refcolumns")) {
                    ForeignKey one;
                    split_colspec(spec, one);
                    fk.ref_schema = one.ref_schema;
                    fk.ref_table = one.ref_table;
                    fk.ref_columns.push_back(one.ref_columns[0]);
                }
                fk.name = name_arg(cb.get("name"), "name");
                fk_options(cb, fk);
                fk.location = m_module.location(a->span);
                t.foreign_keys.push_back(fk);
            } else if (m.ns == Namespace::sa && m.name == "CheckConstraint") {
                Bound cb = bind(*a, {"sqltext"}, false, "sa.CheckConstraint");
                CheckConstraint ck;
                auto text = sql_text(cb.get("sqltext"));
                if (!text) throw Unreadable{"sa.CheckConstraint's condition is not a string literal", a};
                ck.sqltext = *text;
                ck.name = name_arg(cb.get("name"), "name");
                ck.location = m_module.location(a->span);
                t.check_constraints.push_back(ck);
            } else {
                throw Unreadable{"op.create_table argument is not a column or a constraint", a};
            }
        }
        // Column-level options become the table's constraints, as Table() attaches them.
        std::vector<std::string> pk_cols;
        for (const auto& ci : cols)
            if (ci.primary_key) pk_cols.push_back(ci.column.name);
        if (!t.primary_key && !pk_cols.empty()) t.primary_key = PrimaryKey{{}, pk_cols, {}};
        if (t.primary_key)
            for (const auto& pc : t.primary_key->columns)
                for (size_t i = 0; i < cols.size(); ++i)
                    if (cols[i].column.name == pc && !cols[i].nullable_given) t.columns[i].nullable = false;
        for (const auto& ci : cols) {
            if (ci.unique) t.unique_constraints.push_back(UniqueConstraint{{}, {ci.column.name}, ci.column.location});
            for (auto fk : ci.foreign_keys) {
                fk.location = ci.column.location;
                t.foreign_keys.push_back(fk);
            }
            if (ci.index) t.indexes.push_back(index_from(t.name, ci.column.name, ci.column.location));
        }
        return t;
    }

    Index index_args(const Bound& b, Index ix, bool with_columns) const {
        if (with_columns) {
            const Expr* cols = b.get("columns");
            if (!cols) throw Unreadable{"op.create_index is missing its columns", nullptr};
            std::vector<const Expr*> items;
            if (cols->kind == ExprKind::List || cols->kind == ExprKind::Tuple)
                for (const auto& c : cols->children) items.push_back(c.get());
            else items.push_back(cols);
            for (const Expr* c : items) {
                if (auto v = str_const(c)) ix.elements.push_back({*v, false});
                else if (auto t = sql_text(c)) ix.elements.push_back({*t, true});
                else throw Unreadable{"index element is not a column name or sa.text()", c};
            }
        }
        ix.unique = bool_arg(b.get("unique"), "unique").value_or(false);
        if (const Expr* w = b.get("postgresql_where")) {
            auto t = sql_text(w);
            if (!t) throw Unreadable{"'postgresql_where' is not a string or sa.text()", w};
            ix.where = *t;
        }
        ix.using_method = optional_str(b.get("postgresql_using"), "postgresql_using");
        ix.include = str_list(b.get("postgresql_include"), "postgresql_include");
        ix.concurrently = bool_arg(b.get("postgresql_concurrently"), "postgresql_concurrently").value_or(false);
        ix.with = literal_dict(b.get("postgresql_with"), "postgresql_with");
        if (const Expr* ops = b.get("postgresql_ops"); ops && !is_none(ops)) {
            if (ops->kind != ExprKind::Dict) throw Unreadable{"'postgresql_ops' is not a dict literal", ops};
            for (size_t i = 0; i + 1 < ops->children.size(); i += 2) {
                auto key = str_const(ops->child(i));
                auto opclass = str_const(ops->child(i + 1));
                if (!key || !opclass) throw Unreadable{"'postgresql_ops' holds a key or value that is no string", ops};
                auto el = std::find_if(ix.elements.begin(), ix.elements.end(),
                                       [&](const IndexElement& x) { return !x.expression && x.text == *key; });
                if (el == ix.elements.end()) {
                    // op.drop_index lists no columns: its options only say what is dropped.
                    if (!with_columns) continue;
                    throw Unreadable{"'postgresql_ops' names `" + *key + "`, which the index does not list", ops};
                }
                el->opclass = *opclass;
            }
        }
        return ix;
    }

    // sa.Enum('a', 'b', name='x', native_enum=False, create_constraint=True) in op.create_table
    // creates CHECK (col IN ('a', 'b')) named after the type, as SQLAlchemy's SchemaType does;
    // the writer leaves such constraints out of create_table for that reason (Alembic too).
    static void add_type_bound_checks(Table& table) {
        for (const auto& c : table.columns) {
            const std::string& py = c.type.python;
            if (py.find("create_constraint=True") == std::string::npos || py.find("native_enum=False") == std::string::npos)
                continue;
            size_t open = py.find('(');
            if (open == std::string::npos || py.substr(0, open).find("Enum") == std::string::npos) continue;
            std::vector<std::string> values;
            size_t i = open + 1;
            while (i < py.size() && (py[i] == '\'' || py[i] == '"')) {
                char q = py[i++];
                std::string v;
                while (i < py.size() && py[i] != q) {
                    if (py[i] == '\\' && i + 1 < py.size()) ++i;
                    v += py[i++];
                }
                ++i;
                values.push_back(v);
                while (i < py.size() && (py[i] == ',' || py[i] == ' ')) ++i;
            }
            size_t at = py.find("name=");
            if (values.empty() || at == std::string::npos) continue;
            char q = py[at + 5];
            size_t end = py.find(q, at + 6);
            if (end == std::string::npos) continue;
            std::string name = py.substr(at + 6, end - at - 6);
            bool exists = std::any_of(table.check_constraints.begin(), table.check_constraints.end(),
                                      [&](const CheckConstraint& ck) { return ck.name.value == name; });
            if (exists) continue;
            std::string text = c.name + " IN (";
            for (size_t k = 0; k < values.size(); ++k) {
                std::string v;
                for (char ch : values[k]) v += ch == '\'' ? std::string("''") : std::string(1, ch);
                text += (k ? ", '" : "'") + v + "'";
            }
            CheckConstraint ck;
            ck.name = Name{name, false};
            ck.sqltext = text + ")";
            ck.location = c.location;
            table.check_constraints.push_back(std::move(ck));
        }
    }

    // --- ops --------------------------------------------------------------------------------

    void op_call(const Stmt& s, const Expr& call, const std::string& name, bool batch, Ops& out) {
        const std::string what = (batch ? m_batch_name + "." : std::string("op.")) + name;
        auto params = [&](std::vector<std::string> normal, std::vector<std::string> in_batch) {
            return batch ? in_batch : normal;
        };
        auto table_of = [&](const Bound& b, const char* param) {
            return batch ? m_batch_table : str_arg(b, param, what);
        };
        auto schema_of = [&](const Bound& b, const char* param = "schema") {
            return batch ? m_batch_schema : optional_str(b.get(param), param);
        };
        auto emit = [&](OpValue v) { out.push_back(make(s, std::move(v))); };

        if (name == "create_table" && !batch) {
            Bound b = bind(call, {"table_name"}, true, what);
            Table table = create_table(b);
            add_type_bound_checks(table);
            implied_enum_creates(s, b, out);
            emit(CreateTable{std::move(table)});
        } else if (name == "drop_table" && !batch) {
            Bound b = bind(call, {"table_name", "schema"}, false, what);
            Table t;
            t.name = str_arg(b, "table_name", what);
            t.schema = optional_str(b.get("schema"), "schema");
            emit(DropTable{std::move(t)});
        } else if (name == "rename_table" && !batch) {
            Bound b = bind(call, {"old_table_name", "new_table_name", "schema"}, false, what);
            emit(RenameTable{optional_str(b.get("schema"), "schema"), str_arg(b, "old_table_name", what),
                             str_arg(b, "new_table_name", what)});
        } else if (name == "add_column") {
            Bound b = bind(call, params({"table_name", "column", "schema"}, {"column", "insert_before", "insert_after"}), false, what);
            if (!b.get("column")) throw Unreadable{what + " is missing its column", nullptr};
            ColumnInfo ci = column(*b.get("column"));
            std::string table = table_of(b, "table_name"), sch = schema_of(b);
            emit(AddColumn{sch, table, ci.column});
            // op.add_column also adds the column's constraints and index (alembic toimpl.add_column).
            for (auto fk : ci.foreign_keys) {
                fk.location = ci.column.location;
                emit(CreateForeignKey{sch, table, fk});
            }
            if (ci.unique) emit(CreateUniqueConstraint{sch, table, UniqueConstraint{{}, {ci.column.name}, ci.column.location}});
            if (ci.index) emit(CreateIndex{sch, table, index_from(table, ci.column.name, ci.column.location)});
        } else if (name == "drop_column") {
            Bound b = bind(call, params({"table_name", "column_name", "schema"}, {"column_name"}), false, what);
            Column c;
            c.name = str_arg(b, "column_name", what);
            emit(DropColumn{schema_of(b), table_of(b, "table_name"), c});
        } else if (name == "alter_column") {
            std::vector<std::string> common{"nullable", "comment", "server_default", "new_column_name", "type_",
                                            "existing_type", "existing_server_default", "existing_nullable", "existing_comment"};
            std::vector<std::string> normal{"table_name", "column_name"};
            normal.insert(normal.end(), common.begin(), common.end());
            normal.push_back("schema");
            std::vector<std::string> in_batch{"column_name"};
            in_batch.insert(in_batch.end(), common.begin(), common.end());
            Bound b = bind(call, params(normal, in_batch), false, what);
            AlterColumn a;
            a.table = table_of(b, "table_name");
            a.schema = schema_of(b);
            a.column = str_arg(b, "column_name", what);
            if (const Expr* e = b.get("existing_type"); e && !is_none(e)) a.existing_type = type_arg(e);
            // Alembic writes existing_nullable only when nullability is not changing: a change
            // to `nullable=X` implies the column was `not X` before.
            auto new_nullable = bool_arg(b.get("nullable"), "nullable");
            a.existing_nullable = bool_arg(b.get("existing_nullable"), "existing_nullable")
                                      .value_or(new_nullable ? !*new_nullable : true);
            if (const Expr* e = b.get("existing_server_default"); e && !is_false(e))
                a.existing_server_default = server_default_arg(e, "existing_server_default");
            a.existing_comment = optional_comment(b.get("existing_comment"), "existing_comment");
            if (const Expr* e = b.get("type_"); e && !is_none(e)) a.type = type_arg(e);
            a.nullable = new_nullable;
            if (const Expr* e = b.get("server_default"); e && !is_false(e))
                a.server_default = server_default_arg(e, "server_default");
            if (const Expr* e = b.get("comment"); e && !is_false(e)) a.comment = optional_comment(e, "comment");
            if (const Expr* e = b.get("new_column_name"); e && !is_none(e)) a.new_name = optional_str(e, "new_column_name");
            a.postgresql_using = optional_str(b.get("postgresql_using"), "postgresql_using");
            emit(std::move(a));
        } else if (name == "create_index") {
            Bound b = bind(call, params({"index_name", "table_name", "columns", "schema", "unique"}, {"index_name", "columns"}), false, what);
            Index ix;
            ix.name = name_arg(b.get("index_name"), "index_name");
            ix.location = m_module.location(s.span);
            emit(CreateIndex{schema_of(b), table_of(b, "table_name"), index_args(b, ix, true)});
        } else if (name == "drop_index") {
            Bound b = bind(call, params({"index_name", "table_name", "schema"}, {"index_name"}), false, what);
            Index ix;
            ix.name = name_arg(b.get("index_name"), "index_name");
            ix.location = m_module.location(s.span);
            std::string table = batch ? m_batch_table : optional_str(b.get("table_name"), "table_name");
            emit(DropIndex{schema_of(b), table, index_args(b, ix, false)});
        } else if (name == "create_unique_constraint") {
            Bound b = bind(call, params({"constraint_name", "table_name", "columns", "schema"}, {"constraint_name", "columns"}), false, what);
            UniqueConstraint uq;
            uq.name = name_arg(b.get("constraint_name"), "constraint_name");
            uq.columns = str_list(b.get("columns"), "columns");
            uq.location = m_module.location(s.span);
            emit(CreateUniqueConstraint{schema_of(b), table_of(b, "table_name"), uq});
        } else if (name == "create_foreign_key") {
            Bound b = bind(call,
                           params({"constraint_name", "source_table", "referent_table", "local_cols", "remote_cols", "onupdate",
                                   "ondelete", "deferrable", "initially", "match", "source_schema", "referent_schema"},
                                  {"constraint_name", "referent_table", "local_cols", "remote_cols", "referent_schema", "onupdate",
                                   "ondelete", "deferrable", "initially", "match"}),
                           false, what);
            ForeignKey fk;
            fk.name = name_arg(b.get("constraint_name"), "constraint_name");
            fk.ref_table = str_arg(b, "referent_table", what);
            fk.ref_schema = optional_str(b.get("referent_schema"), "referent_schema");
            fk.columns = str_list(b.get("local_cols"), "local_cols");
            fk.ref_columns = str_list(b.get("remote_cols"), "remote_cols");
            fk_options(b, fk);
            fk.location = m_module.location(s.span);
            emit(CreateForeignKey{schema_of(b, "source_schema"), table_of(b, "source_table"), fk});
        } else if (name == "create_check_constraint") {
            Bound b = bind(call, params({"constraint_name", "table_name", "condition", "schema"}, {"constraint_name", "condition"}), false, what);
            CheckConstraint ck;
            ck.name = name_arg(b.get("constraint_name"), "constraint_name");
            auto text = sql_text(b.get("condition"));
            if (!text) throw Unreadable{what + "'s condition is not a string literal or sa.text()", b.get("condition")};
            ck.sqltext = *text;
            ck.location = m_module.location(s.span);
            emit(CreateCheckConstraint{schema_of(b), table_of(b, "table_name"), ck});
        } else if (name == "create_primary_key") {
            Bound b = bind(call, params({"constraint_name", "table_name", "columns", "schema"}, {"constraint_name", "columns"}), false, what);
            PrimaryKey pk;
            pk.name = name_arg(b.get("constraint_name"), "constraint_name");
            pk.columns = str_list(b.get("columns"), "columns");
            pk.location = m_module.location(s.span);
            emit(CreatePrimaryKey{schema_of(b), table_of(b, "table_name"), pk});
        } else if (name == "drop_constraint") {
            Bound b = bind(call, params({"constraint_name", "table_name", "type_", "schema"}, {"constraint_name", "type_"}), false, what);
            DropConstraint d;
            d.name = name_arg(b.get("constraint_name"), "constraint_name");
            d.table = table_of(b, "table_name");
            d.schema = schema_of(b);
            std::string type = optional_str(b.get("type_"), "type_");
            if (type == "foreignkey") d.kind = ConstraintKind::foreign_key;
            else if (type == "check") d.kind = ConstraintKind::check;
            else if (type == "primary") d.kind = ConstraintKind::primary_key;
            else if (type == "unique" || type.empty()) d.kind = ConstraintKind::unique;
            else throw Unreadable{what + "'s type_ is not 'unique', 'foreignkey', 'check' or 'primary'", b.get("type_")};
            emit(std::move(d));
        } else if (name == "create_table_comment") {
            Bound b = bind(call, params({"table_name", "comment", "existing_comment", "schema"}, {"comment", "existing_comment"}), false, what);
            emit(CreateTableComment{schema_of(b), table_of(b, "table_name"), str_arg(b, "comment", what),
                                    optional_comment(b.get("existing_comment"), "existing_comment")});
        } else if (name == "drop_table_comment") {
            Bound b = bind(call, params({"table_name", "existing_comment", "schema"}, {"existing_comment"}), false, what);
            emit(DropTableComment{schema_of(b), table_of(b, "table_name"), optional_comment(b.get("existing_comment"), "existing_comment")});
        } else if (name == "execute") {
            Bound b = bind(call, {"sqltext", "execution_options"}, false, what);
            const Expr* e = b.get("sqltext");
            if (!e) throw Unreadable{what + " is missing its SQL", nullptr};
            if (e->kind == ExprKind::JoinedStr)
                return opaque(s, what + " with an f-string: the SQL is only known at migration time", out);
            auto sql = str_const(e);
            if (!sql && callee_is(*e, {"text"}) && e->children.size() == 2) {
                if (e->child(1)->kind == ExprKind::JoinedStr)
                    return opaque(s, what + " with an f-string: the SQL is only known at migration time", out);
                sql = str_const(e->child(1));
            }
            if (!sql) return opaque(s, what + " with SQL that is not a string literal", out);
            emit(Execute{*sql});
        } else if (name == "bulk_insert") {
            opaque(s, "op.bulk_insert: data rows, no schema change", out);
        } else {
            opaque(s, what + " is not an operation mig-guard reads", out);
        }
    }

    // op.create_table runs SQLAlchemy's before_create event, which emits CREATE TYPE
    // (checkfirst=False) for every native enum column type not marked create_type=False.
    // Alembic writes no op for it; the reader makes it visible as the CreateEnum it is.
    void implied_enum_creates(const Stmt& s, const Bound& b, Ops& out) {
        for (const Expr* col : b.varargs) {
            Member m = member_of_call(*col);
            if (!(m.ns == Namespace::sa && m.name == "Column") || col->children.size() < 3) continue;
            const Expr* type = col->child(2);
            if (type->kind != ExprKind::Call) continue;
            Member tm = member_of_call(*type);
            bool is_enum = (tm.ns == Namespace::sa && tm.name == "Enum") ||
                           (tm.ns == Namespace::postgresql && tm.name == "ENUM");
            if (!is_enum) continue;
            bool creates = true;
            for (const auto& kw : type->keywords)
                if (kw.arg && (*kw.arg == "create_type" || *kw.arg == "native_enum") && is_false(kw.value.get()))
                    creates = false;
            if (!creates) continue;
            EnumType e;
            try {
                e = enum_type(*type);
            } catch (const Unreadable&) {
                continue;  // values not literal: the column's own type reading reports it
            }
            bool seen = std::any_of(out.begin(), out.end(), [&](const Op& op) {
                const auto* c = op.as<CreateEnum>();
                return c && c->type.name == e.name && c->type.schema == e.schema;
            });
            if (!seen) out.push_back(make(s, CreateEnum{e}));
        }
    }

    EnumType enum_type(const Expr& ctor) const {
        EnumType e;
        for (size_t i = 1; i < ctor.children.size(); ++i) {
            auto v = str_const(ctor.child(i));
            if (!v) throw Unreadable{"enum value is not a string literal", ctor.child(i)};
            e.values.push_back(*v);
        }
        for (const auto& kw : ctor.keywords) {
            if (!kw.arg) throw Unreadable{"enum type is built with **kwargs", kw.value.get()};
            if (*kw.arg == "name") e.name = optional_str(kw.value.get(), "name");
            else if (*kw.arg == "schema") e.schema = optional_str(kw.value.get(), "schema");
        }
        if (e.name.empty()) throw Unreadable{"enum type has no name=", &ctor};
        e.location = m_module.location(ctor.span);
        return e;
    }

    void enum_call(const Stmt& s, const Expr& ctor, bool create, Ops& out) {
        EnumType e = enum_type(ctor);
        Op op = make(s, create ? OpValue{CreateEnum{e}} : OpValue{DropEnum{e}});
        out.push_back(std::move(op));
    }
};

// --- header ----------------------------------------------------------------------------------

std::string alias_text(const python::Alias& a) { return a.name + (a.asname ? " as " + *a.asname : ""); }

void read_imports(const std::vector<python::StmtPtr>& body, ImportScope& scope, std::vector<std::string>& out) {
    for (const auto& sp : body) {
        const Stmt& s = *sp;
        if (s.kind == StmtKind::Import) {
            for (const auto& a : s.names) {
                std::string stmt = "import " + alias_text(a);
                out.push_back(stmt);
                std::string local = a.asname ? *a.asname : a.name.substr(0, a.name.find('.'));
                std::string target = a.asname ? a.name : local;
                scope.bindings.emplace_back(local, target);
                scope.statements.emplace_back(local, stmt);
            }
        } else if (s.kind == StmtKind::ImportFrom) {
            std::string module = std::string(static_cast<size_t>(s.level), '.') + s.name;
            for (const auto& a : s.names) {
                std::string stmt = "from " + module + " import " + alias_text(a);
                out.push_back(stmt);
                if (a.name == "*") continue;
                std::string local = a.asname ? *a.asname : a.name;
                scope.bindings.emplace_back(local, module + "." + a.name);
                scope.statements.emplace_back(local, stmt);
            }
        }
    }
}

// A header value: None, 'a', ('a', 'b'), ['a', 'b'].
std::optional<std::vector<std::string>> id_list(const Expr* e) {
    if (!e) return std::nullopt;
    if (e->kind == ExprKind::Constant && e->const_kind == ConstKind::None) return std::vector<std::string>{};
    if (auto v = str_const(e)) return std::vector<std::string>{*v};
    if (e->kind == ExprKind::Tuple || e->kind == ExprKind::List || e->kind == ExprKind::Set) {
        std::vector<std::string> out;
        for (const auto& c : e->children) {
            auto v = str_const(c.get());
            if (!v) return std::nullopt;
            out.push_back(*v);
        }
        return out;
    }
    return std::nullopt;
}

}  // namespace

Revision read_revision(const SourceFile& file) {
    Revision rev;
    rev.path = file.path;
    auto parsed = std::make_shared<python::Module>(python::parse(file.content, file.path));
    rev.module = parsed;
    const python::Module& module = *parsed;
    rev.diagnostics = module.diagnostics;

    ImportScope scope;
    // Alembic's templates always use these names; a file that lost an import still reads.
    scope.bindings = {{"sa", "sqlalchemy"}, {"op", "alembic.op"}, {"postgresql", "sqlalchemy.dialects.postgresql"},
                      {"sqlmodel", "sqlmodel"}, {"sqlalchemy", "sqlalchemy"}};
    read_imports(module.body, scope, rev.imports);

    if (const Expr* doc = python::docstring(module.body)) {
        std::string text = doc->value;
        size_t b = text.find_first_not_of(" \t\r\n");
        text = b == std::string::npos ? std::string() : text.substr(b);
        rev.message = text.substr(0, text.find('\n'));
        // An empty message leaves the template's first line empty.
        if (rev.message.starts_with("Revision ID:")) rev.message.clear();
        while (!rev.message.empty() && (rev.message.back() == '\r' || rev.message.back() == ' ')) rev.message.pop_back();
    }

    auto header_diag = [&](const Expr& e, const std::string& var) {
        Diagnostic d;
        d.severity = Severity::error;
        d.location = module.location(e.span);
        d.stage = "alembic";
        d.message = "'" + var + "' is not a string literal, None, or a tuple or list of them";
        d.help = "write the revision identifiers as literals, as Alembic generates them";
        rev.diagnostics.push_back(std::move(d));
    };

    for (const auto& sp : module.body) {
        const Stmt& s = *sp;
        if ((s.kind == StmtKind::Assign || s.kind == StmtKind::AnnAssign) && s.value) {
            for (const auto& t : s.targets) {
                if (!t || t->kind != ExprKind::Name) continue;
                const std::string& var = t->name;
                std::vector<std::string>* into = nullptr;
                if (var == "down_revision") into = &rev.down_revisions;
                else if (var == "branch_labels") into = &rev.branch_labels;
                else if (var == "depends_on") into = &rev.depends_on;
                if (var == "revision") {
                    auto v = str_const(s.value.get());
                    if (v) rev.revision = *v;
                    else header_diag(*s.value, var);
                    rev.revision_location = module.location(s.span);
                } else if (into) {
                    auto v = id_list(s.value.get());
                    if (v) *into = *v;
                    else header_diag(*s.value, var);
                }
            }
        } else if (s.kind == StmtKind::FunctionDef && (s.name == "upgrade" || s.name == "downgrade")) {
            BodyReader reader(module, scope, rev.diagnostics);
            Ops ops = reader.read(s.body);
            if (s.name == "upgrade") {
                rev.upgrade = std::move(ops);
                rev.has_upgrade = true;
            } else {
                rev.downgrade = std::move(ops);
                rev.has_downgrade = true;
            }
        }
    }
    return rev;
}

}  // namespace mig_guard::alembic
