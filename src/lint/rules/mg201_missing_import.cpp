#include <map>
#include <set>

#include "../internal.hpp"
#include "rules.hpp"

namespace mig_guard::lint::rules {

namespace {

using python::Expr;
using python::ExprKind;
using python::Stmt;
using python::StmtKind;

const std::set<std::string>& builtins() {
    static const std::set<std::string> names{
        "abs", "all", "any", "ascii", "bin", "bool", "breakpoint", "bytearray", "bytes", "callable", "chr",
        "classmethod", "compile", "complex", "delattr", "dict", "dir", "divmod", "enumerate", "eval", "exec",
        "filter", "float", "format", "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex", "id",
        "input", "int", "isinstance", "issubclass", "iter", "len", "list", "locals", "map", "max", "memoryview",
        "min", "next", "object", "oct", "open", "ord", "pow", "print", "property", "range", "repr", "reversed",
        "round", "set", "setattr", "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple", "type",
        "vars", "zip", "__name__", "__file__", "__doc__", "None", "True", "False", "Exception", "ValueError",
        "TypeError", "KeyError", "RuntimeError", "NotImplementedError", "NotImplemented", "Ellipsis",
        "AttributeError", "IndexError", "StopIteration", "AssertionError", "OSError", "ImportError"};
    return names;
}

// The import statements that bind the conventional names of Alembic revisions.
const std::map<std::string, std::string>& known_imports() {
    static const std::map<std::string, std::string> m{
        {"sa", "import sqlalchemy as sa"},
        {"sqlalchemy", "import sqlalchemy"},
        {"op", "from alembic import op"},
        {"sqlmodel", "import sqlmodel"},
        {"postgresql", "from sqlalchemy.dialects import postgresql"},
        {"mysql", "from sqlalchemy.dialects import mysql"},
        {"sqlite", "from sqlalchemy.dialects import sqlite"},
        {"context", "from alembic import context"},
    };
    return m;
}

void bind_target(const Expr* e, std::set<std::string>& bound) {
    if (!e) return;
    if (e->kind == ExprKind::Name) bound.insert(e->name);
    else if (e->kind == ExprKind::Tuple || e->kind == ExprKind::List)
        for (const auto& c : e->children) bind_target(c.get(), bound);
    else if (e->kind == ExprKind::Starred) bind_target(e->child(0), bound);
}

void bind_expr(const Expr* e, std::set<std::string>& bound) {
    if (!e) return;
    if (e->kind == ExprKind::NamedExpr) bind_target(e->child(0), bound);
    for (const auto& p : e->params) bound.insert(p.name);
    for (const auto& g : e->generators) {
        bind_target(g.target.get(), bound);
        bind_expr(g.iter.get(), bound);
    }
    for (const auto& c : e->children) bind_expr(c.get(), bound);
    for (const auto& k : e->keywords) bind_expr(k.value.get(), bound);
}

// Every name the module binds anywhere: a name bound in some scope is not a missing import,
// even where Python's scoping would disagree (that is a NameError of another kind).
void bind_stmts(const std::vector<python::StmtPtr>& body, std::set<std::string>& bound) {
    for (const auto& sp : body) {
        const Stmt& s = *sp;
        switch (s.kind) {
            case StmtKind::Import:
                for (const auto& a : s.names) bound.insert(a.asname ? *a.asname : a.name.substr(0, a.name.find('.')));
                break;
            case StmtKind::ImportFrom:
                for (const auto& a : s.names) bound.insert(a.asname ? *a.asname : a.name);
                break;
            case StmtKind::FunctionDef:
            case StmtKind::ClassDef:
                bound.insert(s.name);
                break;
            case StmtKind::Global:
            case StmtKind::Nonlocal:
                for (const auto& a : s.names) bound.insert(a.name);
                break;
            default:
                break;
        }
        for (const auto& t : s.targets) bind_target(t.get(), bound);
        for (const auto& p : s.params) bound.insert(p.name);
        for (const auto& it : s.items) bind_target(it.target.get(), bound);
        for (const auto& h : s.handlers) {
            if (h.name) bound.insert(*h.name);
            bind_stmts(h.body, bound);
        }
        bind_expr(s.value.get(), bound);
        if (s.kind == StmtKind::TypeAlias) bound.insert(s.name);
        bind_stmts(s.body, bound);
        bind_stmts(s.orelse, bound);
        bind_stmts(s.finalbody, bound);
    }
}

struct Use {
    const Expr* name;     // the Name node
    std::string dotted;   // the longest Name/Attribute chain it roots ("pgvector.sqlalchemy.Vector")
};

void uses_in_expr(const Expr* e, std::vector<Use>& out) {
    if (!e) return;
    if (e->kind == ExprKind::Name) {
        out.push_back({e, e->name});
        return;
    }
    if (e->kind == ExprKind::Attribute) {
        std::string dotted = python::dotted_name(*e);
        if (!dotted.empty()) {
            const Expr* root = e;
            while (root->kind == ExprKind::Attribute) root = root->child(0);
            out.push_back({root, dotted});
            return;
        }
    }
    for (const auto& c : e->children) uses_in_expr(c.get(), out);
    for (const auto& k : e->keywords) uses_in_expr(k.value.get(), out);
    for (const auto& p : e->params) uses_in_expr(p.default_value.get(), out);
    for (const auto& g : e->generators) {
        uses_in_expr(g.iter.get(), out);
        for (const auto& i : g.ifs) uses_in_expr(i.get(), out);
    }
}

void uses_in_stmts(const std::vector<python::StmtPtr>& body, std::vector<Use>& out) {
    for (const auto& sp : body) {
        const Stmt& s = *sp;
        if (s.kind == StmtKind::Import || s.kind == StmtKind::ImportFrom || s.kind == StmtKind::Global) continue;
        uses_in_expr(s.value.get(), out);
        uses_in_expr(s.annotation.get(), out);
        for (const auto& t : s.targets)
            if (t && t->kind != ExprKind::Name) uses_in_expr(t.get(), out);
        for (const auto& e : s.extra) uses_in_expr(e.get(), out);
        for (const auto& e : s.bases) uses_in_expr(e.get(), out);
        for (const auto& e : s.decorators) uses_in_expr(e.get(), out);
        for (const auto& k : s.keywords) uses_in_expr(k.value.get(), out);
        for (const auto& it : s.items) uses_in_expr(it.context.get(), out);
        for (const auto& h : s.handlers) {
            uses_in_expr(h.type.get(), out);
            uses_in_stmts(h.body, out);
        }
        uses_in_stmts(s.body, out);
        uses_in_stmts(s.orelse, out);
        uses_in_stmts(s.finalbody, out);
    }
}

// The statement to add for a name that is used but never bound.
std::string import_for(const Use& use) {
    auto it = known_imports().find(use.name->name);
    if (it != known_imports().end()) return it->second;
    // `pgvector.sqlalchemy.Vector(...)`: the module is the chain without its last segment.
    auto dot = use.dotted.rfind('.');
    if (dot == std::string::npos) return {};
    return "import " + use.dotted.substr(0, dot);
}

void check(const RevisionContext& ctx, Reporter& r) {
    std::set<std::string> bound;
    bind_stmts(ctx.module.body, bound);
    std::vector<Use> uses;
    for (const char* fn : {"upgrade", "downgrade"})
        if (const python::Stmt* def = detail::function_def(ctx.module, fn)) uses_in_stmts(def->body, uses);

    // Where a fix inserts: after the last top-level import, else after the module docstring.
    uint32_t insert_at = 0;
    bool after_statement = false;
    for (const auto& s : ctx.module.body) {
        if (s->kind == StmtKind::Import || s->kind == StmtKind::ImportFrom) {
            insert_at = s->span.end;
            after_statement = true;
        }
    }
    if (!after_statement)
        if (const Expr* doc = python::docstring(ctx.module.body)) {
            insert_at = doc->span.end;
            after_statement = true;
        }

    std::set<std::string> reported;
    for (const auto& use : uses) {
        const std::string& name = use.name->name;
        if (bound.count(name) || builtins().count(name) || !reported.insert(name).second) continue;
        std::string stmt = import_for(use);
        Finding& f = r.report(ctx.module.location(use.name->span), "'" + name + "' is used but never imported",
                              stmt.empty() ? "import '" + name + "' at the top of the file" : "add `" + stmt + "`");
        f.end_line = use.name->span.end_line;
        f.end_column = use.name->span.end_column;
        if (!stmt.empty()) {
            std::string text = after_statement ? "\n" + stmt : stmt + "\n";
            f.fix = Fix{"add `" + stmt + "`", {Edit{insert_at, insert_at, text}}};
        }
    }
}
}  // namespace

const Rule& mg201_missing_import() {
    static const Rule rule{
        "MG201", "missing-import", Level::error,
        "a name the revision uses is never imported (`sqlmodel`, `postgresql`, a custom type's module)",
        {"Flags a name used in `upgrade()` or `downgrade()` that the file never binds: a module such as "
         "`sqlmodel`, `postgresql` or a custom type's package that `alembic revision --autogenerate` rendered "
         "without importing it. `mig-guard lint --fix` adds the import.",
         "The revision fails with `NameError` the moment it runs, usually in the deployment pipeline, after "
         "the earlier revisions of the same upgrade were already applied.",
         "import sqlalchemy as sa\nfrom alembic import op\n\ndef upgrade() -> None:\n"
         "    op.add_column('user', sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=True))",
         "import sqlalchemy as sa\nimport sqlmodel\nfrom alembic import op"},
        Scope::revision, &check};
    return rule;
}

}  // namespace mig_guard::lint::rules
