// Test helper: the normalized dump that ast_dump.py produces from CPython's AST, built from
// ours (statements in source order with spans, then all expressions sorted).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "mig_guard/python/ast.hpp"

namespace mig_guard::python::test {

inline const char* stmt_kind_name(StmtKind k) {
    static const char* names[] = {"Expr", "Assign", "AnnAssign", "AugAssign", "Import", "ImportFrom", "ClassDef",
                                  "FunctionDef", "Return", "Delete", "Pass", "Break", "Continue", "Raise", "Global",
                                  "Nonlocal", "Assert", "If", "While", "For", "With", "Try", "Match", "TypeAlias"};
    return names[static_cast<int>(k)];
}

inline const char* expr_kind_name(ExprKind k) {
    static const char* names[] = {"Name", "Constant", "JoinedStr", "FormattedValue", "Attribute", "Subscript", "Slice",
                                  "Call", "Tuple", "List", "Set", "Dict", "BinOp", "UnaryOp", "BoolOp", "Compare",
                                  "IfExp", "Lambda", "ListComp", "SetComp", "DictComp", "GeneratorExp", "Starred",
                                  "NamedExpr", "Await", "Yield", "YieldFrom", "TemplateStr",
                                  "Interpolation", "MatchValue", "MatchSingleton", "MatchSequence", "MatchMapping",
                                  "MatchClass", "MatchStar", "MatchAs", "MatchOr"};
    return names[static_cast<int>(k)];
}

// CPython's positions: 0-based columns, exclusive end.
inline std::string pos(const Span& s) {
    return std::to_string(s.line) + ":" + std::to_string(s.column - 1) + "-" + std::to_string(s.end_line) + ":" +
           std::to_string(s.end_column - 1);
}

struct Dumper {
    std::vector<std::string> stmts, exprs;

    void expr(const Expr* e) {
        if (!e) return;
        exprs.push_back(std::string(expr_kind_name(e->kind)) + " " + pos(e->span));
        if (e->kind == ExprKind::JoinedStr || e->kind == ExprKind::TemplateStr) return;
        for (const auto& c : e->children) expr(c.get());
        for (const auto& k : e->keywords) expr(k.value.get());
        for (const auto& p : e->params) {
            expr(p.annotation.get());
            expr(p.default_value.get());
        }
        for (const auto& g : e->generators) {
            expr(g.target.get());
            expr(g.iter.get());
            for (const auto& i : g.ifs) expr(i.get());
        }
    }
    void type_params(const std::vector<TypeParam>& tps) {
        static const char* names[] = {"TypeVar", "TypeVarTuple", "ParamSpec"};
        for (const auto& tp : tps) {
            exprs.push_back(std::string(names[static_cast<int>(tp.kind)]) + " " + tp.name + " " + pos(tp.span));
            expr(tp.bound.get());
            expr(tp.default_value.get());
        }
    }
    void stmt(const Stmt& s) {
        stmts.push_back(std::string(stmt_kind_name(s.kind)) + " " + pos(s.span));
        type_params(s.type_params);
        for (const auto& t : s.targets) expr(t.get());
        expr(s.value.get());
        expr(s.annotation.get());
        for (const auto& x : s.extra) expr(x.get());
        for (const auto& b : s.bases) expr(b.get());
        for (const auto& k : s.keywords) expr(k.value.get());
        for (const auto& d : s.decorators) expr(d.get());
        for (const auto& p : s.params) {
            expr(p.annotation.get());
            expr(p.default_value.get());
        }
        for (const auto& i : s.items) {
            expr(i.context.get());
            expr(i.target.get());
        }
        for (const auto& b : s.body) stmt(*b);
        for (const auto& h : s.handlers) {
            expr(h.type.get());
            for (const auto& b : h.body) stmt(*b);
        }
        for (const auto& c : s.cases) {
            expr(c.pattern.get());
            expr(c.guard.get());
            for (const auto& b : c.body) stmt(*b);
        }
        for (const auto& b : s.orelse) stmt(*b);
        for (const auto& b : s.finalbody) stmt(*b);
    }
    std::string result() {
        std::sort(exprs.begin(), exprs.end());
        std::string out;
        for (const auto& s : stmts) out += s + "\n";
        out += "--\n";
        for (const auto& e : exprs) out += e + "\n";
        return out;
    }
};

inline std::string dump(const Module& m) {
    Dumper d;
    for (const auto& s : m.body) d.stmt(*s);
    return d.result();
}

}  // namespace mig_guard::python::test
