// AST shape and spans for each statement and expression kind; string decoding.
#include <gtest/gtest.h>

#include "mig_guard/python/parser.hpp"

using namespace mig_guard::python;

namespace {

Module ok(std::string src) {
    Module m = parse(std::move(src), "t.py");
    EXPECT_TRUE(m.ok()) << (m.diagnostics.empty() ? "" : m.diagnostics[0].str());
    return m;
}

// The single expression of a one-line module `src`.
const Expr& expr_of(const Module& m) {
    EXPECT_EQ(m.body.size(), 1u);
    EXPECT_EQ(m.body.at(0)->kind, StmtKind::Expr);
    return *m.body.at(0)->value;
}

void expect_span(const Span& s, uint32_t line, uint32_t col, uint32_t end_line, uint32_t end_col) {
    EXPECT_EQ(s.line, line);
    EXPECT_EQ(s.column, col);
    EXPECT_EQ(s.end_line, end_line);
    EXPECT_EQ(s.end_column, end_col);
}

std::string str_value(const std::string& literal) {
    Module m = ok("x = " + literal + "\n");
    const Expr& v = *m.body.at(0)->value;
    EXPECT_EQ(v.kind, ExprKind::Constant);
    return v.value;
}

}  // namespace

TEST(Parser, AssignmentTargetsAndValue) {
    Module m = ok("a = b = f(1)\n");
    const Stmt& s = *m.body[0];
    EXPECT_EQ(s.kind, StmtKind::Assign);
    ASSERT_EQ(s.targets.size(), 2u);
    EXPECT_TRUE(s.targets[0]->is_name("a"));
    EXPECT_TRUE(s.targets[1]->is_name("b"));
    EXPECT_EQ(s.value->kind, ExprKind::Call);
    expect_span(s.span, 1, 1, 1, 13);
    EXPECT_EQ(s.span.begin, 0u);
    EXPECT_EQ(s.span.end, 12u);
    expect_span(s.value->span, 1, 9, 1, 13);
    EXPECT_EQ(m.text(s.value->span), "f(1)");
}

TEST(Parser, TupleUnpackingAndStarredTarget) {
    Module m = ok("a, *rest = x\n");
    const Expr& t = *m.body[0]->targets[0];
    EXPECT_EQ(t.kind, ExprKind::Tuple);
    ASSERT_EQ(t.children.size(), 2u);
    EXPECT_EQ(t.children[1]->kind, ExprKind::Starred);
    EXPECT_TRUE(t.children[1]->child(0)->is_name("rest"));
}

TEST(Parser, AnnotatedAssignment) {
    Module m = ok("class A:\n    id: Optional[int] = Field(default=None, primary_key=True)\n    name: str\n");
    const Stmt& c = *m.body[0];
    ASSERT_EQ(c.kind, StmtKind::ClassDef);
    ASSERT_EQ(c.body.size(), 2u);
    const Stmt& a = *c.body[0];
    EXPECT_EQ(a.kind, StmtKind::AnnAssign);
    EXPECT_TRUE(a.targets[0]->is_name("id"));
    EXPECT_EQ(a.annotation->kind, ExprKind::Subscript);
    EXPECT_EQ(dotted_name(*a.annotation->child(0)), "Optional");
    ASSERT_EQ(a.value->kind, ExprKind::Call);
    ASSERT_EQ(a.value->keywords.size(), 2u);
    EXPECT_EQ(*a.value->keywords[0].arg, "default");
    EXPECT_EQ(a.value->keywords[0].value->const_kind, ConstKind::None);
    EXPECT_EQ(*a.value->keywords[1].arg, "primary_key");
    EXPECT_EQ(a.value->keywords[1].value->const_kind, ConstKind::True);
    expect_span(a.value->keywords[1].span, 2, 45, 2, 61);
    expect_span(a.span, 2, 5, 2, 62);
    EXPECT_EQ(c.body[1]->value, nullptr);
    expect_span(c.span, 1, 1, 3, 14);
}

TEST(Parser, AugmentedAssignment) {
    Module m = ok("x //= 2\n");
    EXPECT_EQ(m.body[0]->kind, StmtKind::AugAssign);
    EXPECT_EQ(m.body[0]->name, "//=");
}

TEST(Parser, Imports) {
    Module m = ok("import os.path as p, sys\nfrom ..pkg.mod import (a as b,\n    c,)\nfrom . import x\nfrom m import *\n");
    const Stmt& i = *m.body[0];
    EXPECT_EQ(i.kind, StmtKind::Import);
    ASSERT_EQ(i.names.size(), 2u);
    EXPECT_EQ(i.names[0].name, "os.path");
    EXPECT_EQ(*i.names[0].asname, "p");
    EXPECT_EQ(i.names[1].name, "sys");
    EXPECT_FALSE(i.names[1].asname);
    expect_span(i.names[1].span, 1, 22, 1, 25);
    const Stmt& f = *m.body[1];
    EXPECT_EQ(f.kind, StmtKind::ImportFrom);
    EXPECT_EQ(f.name, "pkg.mod");
    EXPECT_EQ(f.level, 2);
    ASSERT_EQ(f.names.size(), 2u);
    EXPECT_EQ(f.names[0].name, "a");
    EXPECT_EQ(*f.names[0].asname, "b");
    expect_span(f.span, 2, 1, 3, 8);
    EXPECT_EQ(m.body[2]->name, "");
    EXPECT_EQ(m.body[2]->level, 1);
    EXPECT_EQ(m.body[3]->names[0].name, "*");
}

TEST(Parser, FunctionDefWithFullParameters) {
    Module m = ok("@dec\n@mod.deco(1)\nasync def f(a, b: int = 1, /, c=2, *args: str, d, e=3, **kw) -> R:\n    pass\n");
    const Stmt& f = *m.body[0];
    EXPECT_EQ(f.kind, StmtKind::FunctionDef);
    EXPECT_TRUE(f.is_async);
    EXPECT_EQ(f.name, "f");
    ASSERT_EQ(f.decorators.size(), 2u);
    EXPECT_EQ(dotted_name(*f.decorators[1]->child(0)), "mod.deco");
    ASSERT_EQ(f.params.size(), 7u);
    using K = Param::Kind;
    EXPECT_EQ(f.params[0].kind, K::positional_only);
    EXPECT_EQ(f.params[1].kind, K::positional_only);
    EXPECT_TRUE(f.params[1].annotation->is_name("int"));
    EXPECT_EQ(f.params[1].default_value->value, "1");
    EXPECT_EQ(f.params[2].kind, K::normal);
    EXPECT_EQ(f.params[3].kind, K::var_positional);
    EXPECT_EQ(f.params[3].name, "args");
    EXPECT_EQ(f.params[4].kind, K::keyword_only);
    EXPECT_EQ(f.params[4].default_value, nullptr);
    EXPECT_EQ(f.params[5].kind, K::keyword_only);
    EXPECT_EQ(f.params[6].kind, K::var_keyword);
    EXPECT_TRUE(f.annotation->is_name("R"));
    // CPython: the def starts at `async`, not at the decorators.
    expect_span(f.span, 3, 1, 4, 9);
    expect_span(f.params[1].span, 3, 16, 3, 22);
}

TEST(Parser, BareStarKeywordOnly) {
    Module m = ok("def f(*, key): pass\n");
    ASSERT_EQ(m.body[0]->params.size(), 1u);
    EXPECT_EQ(m.body[0]->params[0].kind, Param::Kind::keyword_only);
}

TEST(Parser, ClassDefBasesKeywordsDocstring) {
    Module m = ok("class Hero(SQLModel, Base, table=True, **extra):\n    \"\"\"A hero.\"\"\"\n    x = 1\n");
    const Stmt& c = *m.body[0];
    ASSERT_EQ(c.bases.size(), 2u);
    EXPECT_TRUE(c.bases[0]->is_name("SQLModel"));
    ASSERT_EQ(c.keywords.size(), 2u);
    EXPECT_EQ(*c.keywords[0].arg, "table");
    EXPECT_FALSE(c.keywords[1].arg);
    const Expr* doc = docstring(c.body);
    ASSERT_NE(doc, nullptr);
    EXPECT_EQ(doc->value, "A hero.");
    EXPECT_EQ(docstring(m.body), nullptr);
}

TEST(Parser, CallArguments) {
    Module m = ok("f(a, *b, c=1, **d)\n");
    const Expr& call = expr_of(m);
    ASSERT_EQ(call.children.size(), 3u);
    EXPECT_TRUE(call.children[0]->is_name("f"));
    EXPECT_EQ(call.children[2]->kind, ExprKind::Starred);
    ASSERT_EQ(call.keywords.size(), 2u);
    EXPECT_FALSE(call.keywords[1].arg);
    EXPECT_TRUE(call.keywords[1].value->is_name("d"));
}

TEST(Parser, GeneratorArgumentBorrowsCallParentheses) {
    Module m = ok("f(x for x in y)\n");
    const Expr& g = *expr_of(m).children[1];
    EXPECT_EQ(g.kind, ExprKind::GeneratorExp);
    expect_span(g.span, 1, 2, 1, 16);
    ASSERT_EQ(g.generators.size(), 1u);
    EXPECT_TRUE(g.generators[0].iter->is_name("y"));
}

TEST(Parser, AttributeChainsAndDottedName) {
    Module m = ok("sa.orm.Mapped\n");
    const Expr& e = expr_of(m);
    EXPECT_EQ(e.kind, ExprKind::Attribute);
    EXPECT_EQ(e.name, "Mapped");
    EXPECT_EQ(dotted_name(e), "sa.orm.Mapped");
    Module m2 = ok("f().x\n");
    EXPECT_EQ(dotted_name(expr_of(m2)), "");
}

TEST(Parser, ParenthesizedOperandWidensParentSpan) {
    // CPython: `(a).b` starts at the parenthesis, but `(a)` alone keeps the name's span.
    Module m = ok("(a).b\n");
    expect_span(expr_of(m).span, 1, 1, 1, 6);
    expect_span(expr_of(m).child(0)->span, 1, 2, 1, 3);
}

TEST(Parser, OperatorsAndPrecedence) {
    Module m = ok("a + b * c ** -d\n");
    const Expr& e = expr_of(m);
    EXPECT_EQ(e.kind, ExprKind::BinOp);
    EXPECT_EQ(e.name, "+");
    EXPECT_EQ(e.child(1)->name, "*");
    EXPECT_EQ(e.child(1)->child(1)->name, "**");
    EXPECT_EQ(e.child(1)->child(1)->child(1)->kind, ExprKind::UnaryOp);
    Module m2 = ok("a - b - c\n");
    EXPECT_EQ(expr_of(m2).child(0)->name, "-");  // left associative
    Module m3 = ok("a ** b ** c\n");
    EXPECT_EQ(expr_of(m3).child(1)->name, "**");  // right associative
    Module m4 = ok("x | y & z\n");
    EXPECT_EQ(expr_of(m4).name, "|");
}

TEST(Parser, ChainedComparisonWithNotInIsNot) {
    Module m = ok("a < b not in c is not d\n");
    const Expr& e = expr_of(m);
    EXPECT_EQ(e.kind, ExprKind::Compare);
    ASSERT_EQ(e.ops.size(), 3u);
    EXPECT_EQ(e.ops[0], "<");
    EXPECT_EQ(e.ops[1], "not in");
    EXPECT_EQ(e.ops[2], "is not");
    EXPECT_EQ(e.children.size(), 4u);
}

TEST(Parser, BoolOpsAndNot) {
    Module m = ok("not a and b or c and d or e\n");
    const Expr& e = expr_of(m);
    EXPECT_EQ(e.kind, ExprKind::BoolOp);
    EXPECT_EQ(e.name, "or");
    ASSERT_EQ(e.children.size(), 3u);
    EXPECT_EQ(e.child(0)->name, "and");
    EXPECT_EQ(e.child(0)->child(0)->name, "not");
}

TEST(Parser, ConditionalLambdaWalrus) {
    Module m = ok("x = a if b else c\ny = lambda p, q=1, *r, **s: p\nif (n := 10) > 5: pass\n");
    const Expr& ifexp = *m.body[0]->value;
    EXPECT_EQ(ifexp.kind, ExprKind::IfExp);
    EXPECT_TRUE(ifexp.child(0)->is_name("a"));
    EXPECT_TRUE(ifexp.child(1)->is_name("b"));
    EXPECT_TRUE(ifexp.child(2)->is_name("c"));
    const Expr& lam = *m.body[1]->value;
    EXPECT_EQ(lam.kind, ExprKind::Lambda);
    ASSERT_EQ(lam.params.size(), 4u);
    EXPECT_EQ(lam.params[2].kind, Param::Kind::var_positional);
    const Expr& walrus = *m.body[2]->value->child(0);
    EXPECT_EQ(walrus.kind, ExprKind::NamedExpr);
    EXPECT_TRUE(walrus.child(0)->is_name("n"));
}

TEST(Parser, Comprehensions) {
    Module m = ok("[x for x in y if x if z]\n{k: v for k, v in d}\n{s for s in t}\n(g async for g in h)\n");
    const Expr& l = *m.body[0]->value;
    EXPECT_EQ(l.kind, ExprKind::ListComp);
    ASSERT_EQ(l.generators.size(), 1u);
    EXPECT_EQ(l.generators[0].ifs.size(), 2u);
    const Expr& d = *m.body[1]->value;
    EXPECT_EQ(d.kind, ExprKind::DictComp);
    EXPECT_EQ(d.generators[0].target->kind, ExprKind::Tuple);
    EXPECT_EQ(m.body[2]->value->kind, ExprKind::SetComp);
    const Expr& g = *m.body[3]->value;
    EXPECT_EQ(g.kind, ExprKind::GeneratorExp);
    EXPECT_TRUE(g.generators[0].is_async);
}

TEST(Parser, Displays) {
    Module m = ok("{'a': 1, **b}\n{1, *c}\n[1, *d]\n()\n(1,)\n{}\n");
    const Expr& d = *m.body[0]->value;
    EXPECT_EQ(d.kind, ExprKind::Dict);
    ASSERT_EQ(d.children.size(), 4u);
    EXPECT_EQ(d.children[2], nullptr);
    EXPECT_TRUE(d.children[3]->is_name("b"));
    EXPECT_EQ(m.body[1]->value->kind, ExprKind::Set);
    EXPECT_EQ(m.body[2]->value->child(1)->kind, ExprKind::Starred);
    EXPECT_EQ(m.body[3]->value->kind, ExprKind::Tuple);
    EXPECT_EQ(m.body[3]->value->children.size(), 0u);
    EXPECT_EQ(m.body[4]->value->children.size(), 1u);
    EXPECT_EQ(m.body[5]->value->kind, ExprKind::Dict);
}

TEST(Parser, SubscriptsAndSlices) {
    Module m = ok("a[1:2, ::3, i]\n");
    const Expr& s = expr_of(m);
    EXPECT_EQ(s.kind, ExprKind::Subscript);
    const Expr& t = *s.child(1);
    EXPECT_EQ(t.kind, ExprKind::Tuple);
    ASSERT_EQ(t.children.size(), 3u);
    EXPECT_EQ(t.child(0)->kind, ExprKind::Slice);
    EXPECT_EQ(t.child(0)->child(0)->value, "1");
    EXPECT_EQ(t.child(1)->child(0), nullptr);
    EXPECT_EQ(t.child(1)->child(1), nullptr);
    EXPECT_EQ(t.child(1)->child(2)->value, "3");
    EXPECT_TRUE(t.child(2)->is_name("i"));
    // A lone starred slice is a one-element tuple, as CPython has it (PEP 646 `tuple[*Ts]`).
    Module m2 = ok("a[*b]\n");
    const Expr& lone = *expr_of(m2).child(1);
    EXPECT_EQ(lone.kind, ExprKind::Tuple);
    ASSERT_EQ(lone.children.size(), 1u);
    EXPECT_EQ(lone.child(0)->kind, ExprKind::Starred);
    expect_span(lone.span, 1, 3, 1, 5);
}

TEST(Parser, Constants) {
    Module m = ok("x = (None, True, False, ..., 1_000, 0x1F, 1.5e3, 2j)\n");
    const Expr& t = *m.body[0]->value;
    ASSERT_EQ(t.children.size(), 8u);
    EXPECT_EQ(t.child(0)->const_kind, ConstKind::None);
    EXPECT_EQ(t.child(1)->const_kind, ConstKind::True);
    EXPECT_EQ(t.child(2)->const_kind, ConstKind::False);
    EXPECT_EQ(t.child(3)->const_kind, ConstKind::Ellipsis);
    EXPECT_EQ(t.child(4)->const_kind, ConstKind::Int);
    EXPECT_EQ(t.child(4)->value, "1_000");
    EXPECT_EQ(t.child(5)->const_kind, ConstKind::Int);
    EXPECT_EQ(t.child(6)->const_kind, ConstKind::Float);
    EXPECT_EQ(t.child(7)->const_kind, ConstKind::Imaginary);
}

TEST(Parser, StringDecoding) {
    EXPECT_EQ(str_value(R"("a\nb\tc\\d\'e\"f")"), "a\nb\tc\\d'e\"f");
    EXPECT_EQ(str_value(R"("\x41\101\u00e9\U0001F600")"), "AA\xC3\xA9\xF0\x9F\x98\x80");
    EXPECT_EQ(str_value(R"("\N{EM DASH}")"), "\\N{EM DASH}");
    EXPECT_EQ(str_value(R"("\d")"), "\\d");  // unknown escapes stay
    EXPECT_EQ(str_value(R"(r"\n\d")"), "\\n\\d");
    EXPECT_EQ(str_value("'''a\r\nb'''"), "a\nb");  // line endings normalized as Python does
    EXPECT_EQ(str_value("'a\\\nb'"), "ab");        // backslash-newline joins
}

TEST(Parser, BytesDecoding) {
    Module m = ok(R"(x = b"\x00\xff\n" rb"\x")" "\n");
    const Expr& v = *m.body[0]->value;
    EXPECT_EQ(v.const_kind, ConstKind::Bytes);
    EXPECT_EQ(v.value, std::string("\x00\xff\n\\x", 5));
}

TEST(Parser, ImplicitConcatenationJoinsIntoOneConstant) {
    Module m = ok("x = ('a' \"b\"\n     r'\\c')\n");
    const Expr& v = *m.body[0]->value;
    EXPECT_EQ(v.kind, ExprKind::Constant);
    EXPECT_EQ(v.value, "ab\\c");
    expect_span(v.span, 1, 6, 2, 11);
}

TEST(Parser, FStrings) {
    Module m = ok("x = f'a{b!r:>{w}}c' 'd' f\"{e=}\"\n");
    const Expr& j = *m.body[0]->value;
    EXPECT_EQ(j.kind, ExprKind::JoinedStr);
    ASSERT_EQ(j.children.size(), 4u);
    EXPECT_EQ(j.child(0)->value, "a");
    const Expr& fv = *j.child(1);
    EXPECT_EQ(fv.kind, ExprKind::FormattedValue);
    EXPECT_TRUE(fv.child(0)->is_name("b"));
    EXPECT_EQ(fv.name, "r");
    ASSERT_NE(fv.child(1), nullptr);
    EXPECT_EQ(fv.child(1)->kind, ExprKind::JoinedStr);
    ASSERT_EQ(fv.child(1)->children.size(), 2u);
    EXPECT_EQ(fv.child(1)->child(0)->value, ">");
    EXPECT_EQ(fv.child(1)->child(1)->kind, ExprKind::FormattedValue);
    EXPECT_EQ(j.child(2)->value, "cde=");  // literal parts merge, debug text included
    EXPECT_EQ(j.child(3)->name, "r");       // `=` implies !r
    Module m2 = ok("x = f'{{a}}{f\"{1}\"}'\n");
    const Expr& j2 = *m2.body[0]->value;
    EXPECT_EQ(j2.child(0)->value, "{a}");
    EXPECT_EQ(j2.child(1)->child(0)->kind, ExprKind::JoinedStr);
}

TEST(Parser, ControlFlowStatements) {
    Module m = ok(
        "if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\n"
        "while x:\n    break\nelse:\n    continue\n"
        "for i, j in k:\n    pass\n");
    const Stmt& i = *m.body[0];
    EXPECT_EQ(i.kind, StmtKind::If);
    ASSERT_EQ(i.orelse.size(), 1u);
    EXPECT_EQ(i.orelse[0]->kind, StmtKind::If);
    expect_span(i.orelse[0]->span, 3, 1, 6, 9);
    expect_span(i.span, 1, 1, 6, 9);
    EXPECT_EQ(m.body[1]->kind, StmtKind::While);
    EXPECT_EQ(m.body[1]->orelse[0]->kind, StmtKind::Continue);
    const Stmt& f = *m.body[2];
    EXPECT_EQ(f.kind, StmtKind::For);
    EXPECT_EQ(f.targets[0]->kind, ExprKind::Tuple);
    EXPECT_TRUE(f.value->is_name("k"));
}

TEST(Parser, WithStatements) {
    Module m = ok("with op.batch_alter_table('t') as b, x:\n    b.f()\nwith (a as b, c as d,):\n    pass\nwith (a, b) as c:\n    pass\n");
    const Stmt& w = *m.body[0];
    EXPECT_EQ(w.kind, StmtKind::With);
    ASSERT_EQ(w.items.size(), 2u);
    EXPECT_EQ(dotted_name(*w.items[0].context->child(0)), "op.batch_alter_table");
    EXPECT_TRUE(w.items[0].target->is_name("b"));
    EXPECT_EQ(w.items[1].target, nullptr);
    ASSERT_EQ(w.body.size(), 1u);
    ASSERT_EQ(m.body[1]->items.size(), 2u);
    EXPECT_TRUE(m.body[1]->items[1].target->is_name("d"));
    ASSERT_EQ(m.body[2]->items.size(), 1u);
    EXPECT_EQ(m.body[2]->items[0].context->kind, ExprKind::Tuple);
}

TEST(Parser, TryExceptStarElseFinally) {
    Module m = ok("try:\n    a()\nexcept (E, F) as e:\n    pass\nexcept:\n    pass\nelse:\n    pass\nfinally:\n    pass\n"
                  "try:\n    pass\nexcept* G:\n    pass\n");
    const Stmt& t = *m.body[0];
    EXPECT_EQ(t.kind, StmtKind::Try);
    ASSERT_EQ(t.handlers.size(), 2u);
    EXPECT_EQ(t.handlers[0].type->kind, ExprKind::Tuple);
    EXPECT_EQ(*t.handlers[0].name, "e");
    EXPECT_EQ(t.handlers[1].type, nullptr);
    EXPECT_EQ(t.orelse.size(), 1u);
    EXPECT_EQ(t.finalbody.size(), 1u);
    EXPECT_FALSE(t.is_star);
    expect_span(t.span, 1, 1, 10, 9);
    EXPECT_TRUE(m.body[1]->is_star);
}

TEST(Parser, SimpleStatements) {
    Module m = ok("def f():\n    global g\n    nonlocal n\n    del a[0], b.c\n    assert x, 'm'\n    raise E from c\n"
                  "    return *a, b\n    yield\n");
    const auto& b = m.body[0]->body;
    ASSERT_EQ(b.size(), 7u);
    EXPECT_EQ(b[0]->kind, StmtKind::Global);
    EXPECT_EQ(b[0]->names[0].name, "g");
    EXPECT_EQ(b[1]->kind, StmtKind::Nonlocal);
    EXPECT_EQ(b[2]->kind, StmtKind::Delete);
    EXPECT_EQ(b[2]->targets.size(), 2u);
    EXPECT_EQ(b[3]->kind, StmtKind::Assert);
    EXPECT_EQ(b[3]->extra.size(), 1u);
    EXPECT_EQ(b[4]->kind, StmtKind::Raise);
    EXPECT_TRUE(b[4]->value->is_name("E"));
    EXPECT_TRUE(b[4]->extra[0]->is_name("c"));
    EXPECT_EQ(b[5]->kind, StmtKind::Return);
    EXPECT_EQ(b[5]->value->kind, ExprKind::Tuple);
    EXPECT_EQ(b[6]->value->kind, ExprKind::Yield);
}

TEST(Parser, SemicolonSeparatedStatements) {
    Module m = ok("a = 1; b = 2;\n");
    ASSERT_EQ(m.body.size(), 2u);
    expect_span(m.body[1]->span, 1, 8, 1, 13);
}

TEST(Parser, MatchStatementSpanEndsWithItsLastCase) {
    Module m = ok("match command.split():\n    case [a]:\n        pass\n    case {'k': v} | Point(x=0):\n        if v:\n            pass\n"
                  "x = 1\n");
    ASSERT_EQ(m.body.size(), 2u);
    const Stmt& s = *m.body[0];
    EXPECT_EQ(s.kind, StmtKind::Match);
    EXPECT_EQ(s.value->kind, ExprKind::Call);
    expect_span(s.span, 1, 1, 6, 17);
    EXPECT_EQ(m.body[1]->kind, StmtKind::Assign);
}

TEST(Parser, MatchCasesPatternsGuardsAndBodies) {
    Module m = ok("match event:\n"
                  "    case Click(position=(x, y), button=Button.LEFT) if x > 0:\n        handle(x, y)\n"
                  "    case {\"text\": str(msg), **rest}:\n        pass\n"
                  "    case [first, *others] | (first, *others) as seq:\n        pass\n"
                  "    case -1 | 1.5 + 2j | None | \"s\" | Color.RED | _:\n        pass\n");
    const Stmt& s = *m.body.at(0);
    ASSERT_EQ(s.kind, StmtKind::Match);
    ASSERT_EQ(s.cases.size(), 4u);
    expect_span(s.span, 1, 1, 9, 13);

    const MatchCase& c0 = s.cases[0];
    const Expr& cls = *c0.pattern;
    ASSERT_EQ(cls.kind, ExprKind::MatchClass);
    EXPECT_TRUE(cls.child(0)->is_name("Click"));
    EXPECT_EQ(cls.children.size(), 1u);  // no positional patterns
    ASSERT_EQ(cls.keywords.size(), 2u);
    EXPECT_EQ(*cls.keywords[0].arg, "position");
    EXPECT_EQ(cls.keywords[0].value->kind, ExprKind::MatchSequence);
    EXPECT_EQ(cls.keywords[0].value->child(0)->kind, ExprKind::MatchAs);
    EXPECT_EQ(cls.keywords[0].value->child(0)->name, "x");
    EXPECT_EQ(cls.keywords[1].value->kind, ExprKind::MatchValue);
    EXPECT_EQ(dotted_name(*cls.keywords[1].value->child(0)), "Button.LEFT");
    ASSERT_NE(c0.guard, nullptr);
    EXPECT_EQ(c0.guard->kind, ExprKind::Compare);
    ASSERT_EQ(c0.body.size(), 1u);
    EXPECT_EQ(c0.body[0]->value->kind, ExprKind::Call);
    expect_span(c0.span, 2, 5, 3, 21);
    expect_span(cls.span, 2, 10, 2, 52);

    const Expr& map = *s.cases[1].pattern;
    ASSERT_EQ(map.kind, ExprKind::MatchMapping);
    ASSERT_EQ(map.children.size(), 2u);
    EXPECT_EQ(map.child(0)->value, "text");
    EXPECT_EQ(map.child(1)->kind, ExprKind::MatchClass);
    EXPECT_EQ(map.name, "rest");

    const Expr& as = *s.cases[2].pattern;
    ASSERT_EQ(as.kind, ExprKind::MatchAs);
    EXPECT_EQ(as.name, "seq");
    const Expr& alt = *as.child(0);
    ASSERT_EQ(alt.kind, ExprKind::MatchOr);
    ASSERT_EQ(alt.children.size(), 2u);
    EXPECT_EQ(alt.child(0)->child(1)->kind, ExprKind::MatchStar);
    EXPECT_EQ(alt.child(0)->child(1)->name, "others");
    expect_span(alt.child(1)->span, 6, 29, 6, 45);  // a parenthesized sequence keeps its parentheses

    const Expr& lits = *s.cases[3].pattern;
    ASSERT_EQ(lits.kind, ExprKind::MatchOr);
    ASSERT_EQ(lits.children.size(), 6u);
    EXPECT_EQ(lits.child(0)->child(0)->kind, ExprKind::UnaryOp);
    EXPECT_EQ(lits.child(1)->child(0)->kind, ExprKind::BinOp);
    EXPECT_EQ(lits.child(2)->kind, ExprKind::MatchSingleton);
    EXPECT_EQ(lits.child(3)->child(0)->value, "s");
    EXPECT_EQ(lits.child(4)->kind, ExprKind::MatchValue);
    EXPECT_EQ(lits.child(5)->kind, ExprKind::MatchAs);
    EXPECT_TRUE(lits.child(5)->name.empty());
    EXPECT_EQ(lits.child(5)->child(0), nullptr);
}

TEST(Parser, SoftKeywordsAsNames) {
    Module m = ok("match = 1\nmatch.group(1)\nmatch(x)\ntype = 2\ntype(x)\n_ = match[0]\n");
    ASSERT_EQ(m.body.size(), 6u);
    EXPECT_EQ(m.body[0]->kind, StmtKind::Assign);
    EXPECT_EQ(m.body[2]->value->kind, ExprKind::Call);
    EXPECT_EQ(m.body[4]->value->kind, ExprKind::Call);
}

TEST(Parser, TypeAliasAndTypeParameters) {
    Module m = ok("type Vec[T] = list[T]\ndef f[T: int, *Ts, **P](x: T) -> T: return x\nclass C[T](Base): pass\n");
    ASSERT_EQ(m.body.size(), 3u);
    EXPECT_EQ(m.body[0]->kind, StmtKind::TypeAlias);
    EXPECT_EQ(m.body[0]->name, "Vec");
    EXPECT_EQ(m.body[0]->value->kind, ExprKind::Subscript);
    EXPECT_EQ(m.body[1]->params.size(), 1u);
    EXPECT_EQ(m.body[2]->bases.size(), 1u);
}

TEST(Parser, AsyncAndAwait) {
    Module m = ok("async def f():\n    async with a as b:\n        pass\n    async for x in y:\n        await z\n");
    const Stmt& f = *m.body[0];
    EXPECT_TRUE(f.body[0]->is_async);
    EXPECT_EQ(f.body[0]->kind, StmtKind::With);
    EXPECT_TRUE(f.body[1]->is_async);
    EXPECT_EQ(f.body[1]->body[0]->value->kind, ExprKind::Await);
}

TEST(Parser, DecoratorsWithArbitraryExpressions) {
    Module m = ok("@buttons[0].clicked.connect\n@(lambda f: f)\nclass A: pass\n");
    ASSERT_EQ(m.body[0]->decorators.size(), 2u);
    EXPECT_EQ(m.body[0]->decorators[0]->kind, ExprKind::Attribute);
    EXPECT_EQ(m.body[0]->decorators[1]->kind, ExprKind::Lambda);
}

TEST(Parser, BomAndCrlfSource) {
    Module m = ok("\xEF\xBB\xBFx = 1\r\nif x:\r\n    y = 'a'\r\n");
    ASSERT_EQ(m.body.size(), 2u);
    EXPECT_EQ(m.source.substr(0, 1), "x");  // BOM stripped from the kept source
    expect_span(m.body[1]->body[0]->span, 3, 5, 3, 12);
    EXPECT_EQ(m.text(m.body[1]->body[0]->span), "y = 'a'");
}

TEST(Parser, ModuleDocstring) {
    Module m = ok("\"\"\"Doc \"\"\" 'string'\nx = 1\n");
    const Expr* d = docstring(m.body);
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->value, "Doc string");
}

TEST(Parser, FStringDebugKeepsWhitespaceAndExplicitConversion) {
    Module m = ok("x = f'{a = }{b=!s:>4}'\n");
    const Expr& j = *m.body[0]->value;
    ASSERT_EQ(j.children.size(), 4u);
    EXPECT_EQ(j.child(0)->value, "a = ");
    EXPECT_EQ(j.child(1)->name, "r");
    EXPECT_EQ(j.child(2)->value, "b=");
    EXPECT_EQ(j.child(3)->name, "s");
    EXPECT_EQ(j.child(3)->child(1)->child(0)->value, ">4");
}

TEST(Parser, EmptyAndPlainFStrings) {
    Module m = ok("x = f''\ny = f'plain' 'tail'\n");
    EXPECT_EQ(m.body[0]->value->kind, ExprKind::JoinedStr);
    EXPECT_TRUE(m.body[0]->value->children.empty());
    const Expr& y = *m.body[1]->value;
    ASSERT_EQ(y.children.size(), 1u);
    EXPECT_EQ(y.child(0)->value, "plaintail");
}
