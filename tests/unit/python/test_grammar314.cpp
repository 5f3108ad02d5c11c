// Grammar newer than the Python on the build machine can check (PEP 758 `except A, B:`, PEP
// 750 t-strings) and the details of PEP 695/696/701 that the differential dump leaves out:
// AST shapes, spans (CPython's), and the exact message and location of each syntax error.
// Cases come from the PEPs' own examples.
#include <gtest/gtest.h>

#include "mig_guard/python/parser.hpp"

using namespace mig_guard::python;

namespace {

Module ok(std::string src) {
    Module m = parse(std::move(src), "t.py");
    EXPECT_TRUE(m.ok()) << (m.diagnostics.empty() ? "" : m.diagnostics[0].str());
    return m;
}

void expect_span(const Span& s, uint32_t line, uint32_t col, uint32_t end_line, uint32_t end_col) {
    EXPECT_EQ(s.line, line);
    EXPECT_EQ(s.column, col);
    EXPECT_EQ(s.end_line, end_line);
    EXPECT_EQ(s.end_column, end_col);
}

// "line:column message" of the single diagnostic.
std::string error_of(std::string src) {
    Module m = parse(std::move(src), "t.py");
    if (m.diagnostics.size() != 1) return "expected one diagnostic, got " + std::to_string(m.diagnostics.size());
    const auto& d = m.diagnostics[0];
    return std::to_string(d.location.line) + ":" + std::to_string(d.location.column) + " " + d.message;
}

std::string kinds(std::string_view src) {
    auto r = tokenize(src, "t.py");
    std::string out;
    for (const auto& t : r.tokens) {
        if (!out.empty()) out += ' ';
        switch (t.kind) {
        case TokenKind::TStringStart: out += "TSTART:"; break;
        case TokenKind::TStringMiddle: out += "TMID:"; break;
        case TokenKind::TStringEnd: out += "TEND:"; break;
        case TokenKind::FStringStart: out += "FSTART:"; break;
        case TokenKind::FStringMiddle: out += "FMID:"; break;
        case TokenKind::FStringEnd: out += "FEND:"; break;
        case TokenKind::String: out += "STRING:"; break;
        case TokenKind::Name: out += "NAME:"; break;
        case TokenKind::Op: out += "OP:"; break;
        default: out += "_"; continue;
        }
        out += t.text;
    }
    return out;
}

}  // namespace

// ---- PEP 758: except without parentheses --------------------------------------------------

TEST(Pep758, ExceptWithoutParenthesesIsATuple) {
    // fastapi/full-stack-fastapi-template, backend/app/api/deps.py
    Module m = ok("try:\n    payload = jwt.decode(token)\nexcept InvalidTokenError, ValidationError:\n"
                  "    raise HTTPException(status_code=403)\n");
    const Stmt& t = *m.body.at(0);
    ASSERT_EQ(t.kind, StmtKind::Try);
    ASSERT_EQ(t.handlers.size(), 1u);
    const ExceptHandler& h = t.handlers[0];
    ASSERT_NE(h.type, nullptr);
    EXPECT_EQ(h.type->kind, ExprKind::Tuple);
    ASSERT_EQ(h.type->children.size(), 2u);
    EXPECT_TRUE(h.type->child(0)->is_name("InvalidTokenError"));
    EXPECT_TRUE(h.type->child(1)->is_name("ValidationError"));
    EXPECT_FALSE(h.name.has_value());
    // A tuple without parentheses spans its elements (and a trailing comma), as in CPython.
    expect_span(h.type->span, 3, 8, 3, 42);
    expect_span(h.span, 3, 1, 4, 41);
    EXPECT_FALSE(t.is_star);
}

TEST(Pep758, ExceptStarAndTrailingCommaAndThreeTypes) {
    Module m = ok("try:\n    pass\nexcept* ValueError, TypeError:\n    pass\n"
                  "try:\n    pass\nexcept A, B, C,:\n    pass\nexcept (D, E), F:\n    pass\n");
    const Stmt& star = *m.body.at(0);
    EXPECT_TRUE(star.is_star);
    ASSERT_EQ(star.handlers.at(0).type->kind, ExprKind::Tuple);
    EXPECT_EQ(star.handlers[0].type->children.size(), 2u);
    expect_span(star.handlers[0].type->span, 3, 9, 3, 30);
    const Stmt& plain = *m.body.at(1);
    ASSERT_EQ(plain.handlers.size(), 2u);
    EXPECT_EQ(plain.handlers[0].type->children.size(), 3u);
    expect_span(plain.handlers[0].type->span, 7, 8, 7, 16);  // `A, B, C,` with its trailing comma
    const Expr& nested = *plain.handlers[1].type;
    ASSERT_EQ(nested.children.size(), 2u);
    EXPECT_EQ(nested.child(0)->kind, ExprKind::Tuple);
    EXPECT_TRUE(nested.child(1)->is_name("F"));
}

TEST(Pep758, AsStillNeedsParentheses) {
    // "multiple exception types must be parenthesized when using 'as'", from the first type.
    EXPECT_EQ(error_of("try:\n    pass\nexcept A, B as e:\n    pass\n"),
              "3:8 multiple exception types must be parenthesized when using 'as'");
    EXPECT_EQ(error_of("try:\n    pass\nexcept* A, B as e:\n    pass\n"),
              "3:9 multiple exception types must be parenthesized when using 'as'");
    EXPECT_EQ(error_of("try:\n    pass\nexcept  ValueError , TypeError , as e:\n    pass\n"),
              "3:9 multiple exception types must be parenthesized when using 'as'");
    // Parenthesized, `as` is fine.
    Module m = ok("try:\n    pass\nexcept (A, B) as e:\n    pass\n");
    EXPECT_EQ(*m.body[0]->handlers[0].name, "e");
}

// ---- PEP 750: template strings ----------------------------------------------------------------

TEST(Pep750, TokensAreTStringKinds) {
    EXPECT_EQ(kinds("t'a{b!r:>{w}}c'\n"),
              "TSTART:t' TMID:a OP:{ NAME:b OP:! NAME:r OP:: TMID:> OP:{ NAME:w OP:} OP:} TMID:c TEND:' _ _");
    // Every prefix spelling; the f-string tokens stay f-string tokens.
    for (const char* prefix : {"t", "T", "tr", "tR", "Tr", "TR", "rt", "rT", "Rt", "RT"}) {
        std::string src = std::string(prefix) + "\"x\"\n";
        EXPECT_EQ(kinds(src), "TSTART:" + std::string(prefix) + "\" TMID:x TEND:\" _ _") << prefix;
    }
    EXPECT_EQ(kinds("f'{x}'\n"), "FSTART:f' OP:{ NAME:x OP:} FEND:' _ _");
    // Not t-string prefixes: a name followed by a string.
    EXPECT_EQ(kinds("tf'x'\n"), "NAME:tf STRING:'x' _ _");
    EXPECT_EQ(kinds("bt'x'\n"), "NAME:bt STRING:'x' _ _");
    EXPECT_EQ(kinds("ut'x'\n"), "NAME:ut STRING:'x' _ _");
}

TEST(Pep750, TemplateStrWithInterpolations) {
    // The PEP's first example.
    Module m = ok("template: Template = t\"Hello {name}\"\n");
    const Expr& t = *m.body.at(0)->value;
    ASSERT_EQ(t.kind, ExprKind::TemplateStr);
    expect_span(t.span, 1, 22, 1, 37);
    ASSERT_EQ(t.children.size(), 2u);
    EXPECT_TRUE(t.child(0)->is_str());
    EXPECT_EQ(t.child(0)->value, "Hello ");
    const Expr& i = *t.child(1);
    EXPECT_EQ(i.kind, ExprKind::Interpolation);
    EXPECT_TRUE(i.child(0)->is_name("name"));
    EXPECT_EQ(i.value, "name");
    EXPECT_EQ(i.name, "");
    EXPECT_EQ(i.child(1), nullptr);
    expect_span(i.span, 1, 30, 1, 36);
    expect_span(i.child(0)->span, 1, 31, 1, 35);
}

TEST(Pep750, ConversionFormatSpecAndDebug) {
    // From the PEP: t"Value: {value:.2f}", t"{value!r}", t"{value=}".
    Module m = ok("a = t\"Value: {value:.{precision}f}\"\nb = t\"{value!r}\"\nc = t\"{value = }\"\n"
                  "d = t'''{ (x\n  + 1) }'''\n");
    const Expr& a = *m.body.at(0)->value;
    ASSERT_EQ(a.children.size(), 2u);
    const Expr& ia = *a.child(1);
    EXPECT_EQ(ia.kind, ExprKind::Interpolation);
    ASSERT_NE(ia.child(1), nullptr);
    const Expr& spec = *ia.child(1);
    EXPECT_EQ(spec.kind, ExprKind::JoinedStr);
    ASSERT_EQ(spec.children.size(), 3u);
    EXPECT_EQ(spec.child(0)->value, ".");
    EXPECT_EQ(spec.child(1)->kind, ExprKind::FormattedValue);  // inside a spec, as CPython has it
    EXPECT_TRUE(spec.child(1)->child(0)->is_name("precision"));
    EXPECT_EQ(spec.child(2)->value, "f");

    const Expr& ib = *m.body.at(1)->value->child(0);
    EXPECT_EQ(ib.kind, ExprKind::Interpolation);
    EXPECT_EQ(ib.name, "r");
    EXPECT_EQ(ib.value, "value");

    // `=` adds the literal text and implies !r; the expression text drops the trailing space.
    const Expr& c = *m.body.at(2)->value;
    ASSERT_EQ(c.children.size(), 2u);
    EXPECT_EQ(c.child(0)->value, "value = ");
    EXPECT_EQ(c.child(1)->name, "r");
    EXPECT_EQ(c.child(1)->value, "value");

    // Leading whitespace and the parentheses are part of the expression text.
    const Expr& d = *m.body.at(3)->value->child(0);
    EXPECT_EQ(d.value, " (x\n  + 1)");
    EXPECT_EQ(d.child(0)->kind, ExprKind::BinOp);
}

TEST(Pep750, ConcatenationAndNesting) {
    Module m = ok("x = t\"a{b}\" t\"c\" rt'\\d{e}'\ny = t\"{t\"{inner}\"}\"\nz = f\"{t'{x}'}\"\n");
    const Expr& x = *m.body.at(0)->value;
    ASSERT_EQ(x.kind, ExprKind::TemplateStr);
    ASSERT_EQ(x.children.size(), 4u);
    EXPECT_EQ(x.child(0)->value, "a");
    EXPECT_EQ(x.child(1)->kind, ExprKind::Interpolation);
    EXPECT_EQ(x.child(2)->value, "c\\d");  // literal parts merge across t-strings; rt keeps the backslash
    EXPECT_EQ(x.child(3)->kind, ExprKind::Interpolation);
    expect_span(x.span, 1, 5, 1, 27);
    const Expr& y = *m.body.at(1)->value;
    EXPECT_EQ(y.child(0)->child(0)->kind, ExprKind::TemplateStr);
    const Expr& z = *m.body.at(2)->value;
    EXPECT_EQ(z.kind, ExprKind::JoinedStr);
    EXPECT_EQ(z.child(0)->kind, ExprKind::FormattedValue);
    EXPECT_EQ(z.child(0)->child(0)->kind, ExprKind::TemplateStr);
}

TEST(Pep750, Errors) {
    // Mixing points at the last literal before the switch (CPython's invalid_string_tstring_concat).
    EXPECT_EQ(error_of("x = t'a' 'b'\n"), "1:5 cannot mix t-string literals with string or bytes literals");
    EXPECT_EQ(error_of("x = 'a' f'b' t'c'\n"), "1:9 cannot mix t-string literals with string or bytes literals");
    EXPECT_EQ(error_of("x = t'a' t'b' b'c'\n"), "1:10 cannot mix t-string literals with string or bytes literals");
    EXPECT_EQ(error_of("x = t'{}'\n"), "1:8 t-string: valid expression required before '}'");
    EXPECT_EQ(error_of("x = t'}'\n"), "1:7 t-string: single '}' is not allowed");
    EXPECT_EQ(error_of("x = t'abc\n"), "1:5 unterminated t-string literal (detected at line 1)");
    EXPECT_EQ(error_of("x = t'''abc\n\n"), "1:5 unterminated triple-quoted t-string literal (detected at line 2)");
    EXPECT_EQ(error_of("x = t'{lambda x: x}'\n"), "1:8 t-string: lambda expressions are not allowed without parentheses");
    EXPECT_EQ(error_of("x = t'{a!}'\n"), "1:10 t-string: missing conversion character");
    EXPECT_EQ(error_of("x = t'{x:{y:{z:{w}}}}'\n"), "1:15 t-string: expressions nested too deeply");
    EXPECT_EQ(error_of("t'{x}' = 1\n"),
              "1:1 cannot assign to t-string expression here. Maybe you meant '==' instead of '='?");
}

// ---- PEP 695 / 696: type parameters ---------------------------------------------------------

TEST(Pep695, TypeParametersAreKept) {
    Module m = ok("class ClassA[T: str, *Ts, **P]:\n    pass\n"
                  "def func[T: (int, str) = int, *Ts = *tuple[int], **P = [int]](a: T) -> T: ...\n");
    const Stmt& c = *m.body.at(0);
    ASSERT_EQ(c.type_params.size(), 3u);
    EXPECT_EQ(c.type_params[0].kind, TypeParam::Kind::type_var);
    EXPECT_EQ(c.type_params[0].name, "T");
    ASSERT_NE(c.type_params[0].bound, nullptr);
    EXPECT_TRUE(c.type_params[0].bound->is_name("str"));
    expect_span(c.type_params[0].span, 1, 14, 1, 20);
    EXPECT_EQ(c.type_params[1].kind, TypeParam::Kind::type_var_tuple);
    EXPECT_EQ(c.type_params[1].name, "Ts");
    expect_span(c.type_params[1].span, 1, 22, 1, 25);
    EXPECT_EQ(c.type_params[2].kind, TypeParam::Kind::param_spec);
    EXPECT_EQ(c.type_params[2].name, "P");
    expect_span(c.type_params[2].span, 1, 27, 1, 30);
    EXPECT_TRUE(c.bases.empty());

    const Stmt& f = *m.body.at(1);
    ASSERT_EQ(f.kind, StmtKind::FunctionDef);
    ASSERT_EQ(f.type_params.size(), 3u);
    EXPECT_EQ(f.type_params[0].bound->kind, ExprKind::Tuple);  // constraints
    EXPECT_TRUE(f.type_params[0].default_value->is_name("int"));
    expect_span(f.type_params[0].span, 3, 10, 3, 29);
    EXPECT_EQ(f.type_params[1].default_value->kind, ExprKind::Starred);
    EXPECT_EQ(f.type_params[2].default_value->kind, ExprKind::List);
    ASSERT_EQ(f.params.size(), 1u);
    EXPECT_TRUE(f.params[0].annotation->is_name("T"));
}

TEST(Pep695, TypeAliasStatement) {
    Module m = ok("type ListOrSet[T] = list[T] | set[T]\ntype Point = tuple[float, float]\n");
    const Stmt& a = *m.body.at(0);
    ASSERT_EQ(a.kind, StmtKind::TypeAlias);
    EXPECT_EQ(a.name, "ListOrSet");
    ASSERT_EQ(a.targets.size(), 1u);
    EXPECT_TRUE(a.targets[0]->is_name("ListOrSet"));
    expect_span(a.targets[0]->span, 1, 6, 1, 15);
    ASSERT_EQ(a.type_params.size(), 1u);
    EXPECT_EQ(a.type_params[0].name, "T");
    expect_span(a.type_params[0].span, 1, 16, 1, 17);
    EXPECT_EQ(a.value->kind, ExprKind::BinOp);
    expect_span(a.span, 1, 1, 1, 37);
    const Stmt& b = *m.body.at(1);
    EXPECT_EQ(b.kind, StmtKind::TypeAlias);
    EXPECT_TRUE(b.type_params.empty());
}

TEST(Pep695, TypeIsStillAName) {
    Module m = ok("type = 1\ntype(x)\nobj.type\ntype[int]\ntype: int\ntype.x = 2\nprint(type)\n"
                  "match type:\n    case _:\n        pass\ntype, x = 1, 2\n");
    ASSERT_EQ(m.body.size(), 9u);
    EXPECT_EQ(m.body[0]->kind, StmtKind::Assign);
    EXPECT_TRUE(m.body[0]->targets[0]->is_name("type"));
    EXPECT_EQ(m.body[1]->value->kind, ExprKind::Call);
    EXPECT_EQ(m.body[2]->value->name, "type");
    EXPECT_EQ(m.body[3]->value->kind, ExprKind::Subscript);
    EXPECT_EQ(m.body[4]->kind, StmtKind::AnnAssign);
    EXPECT_EQ(m.body[5]->kind, StmtKind::Assign);
    EXPECT_EQ(m.body[7]->kind, StmtKind::Match);
    EXPECT_TRUE(m.body[7]->value->is_name("type"));
    EXPECT_EQ(m.body[8]->kind, StmtKind::Assign);
}

TEST(Pep695, Errors) {
    EXPECT_EQ(error_of("def f[]():\n    pass\n"), "1:7 Type parameter list cannot be empty");
    EXPECT_EQ(error_of("type X[] = int\n"), "1:8 Type parameter list cannot be empty");
    EXPECT_EQ(error_of("class C[*Ts: int]: pass\n"), "1:12 cannot use bound with TypeVarTuple");
    EXPECT_EQ(error_of("def f[**P: (int, str)](): pass\n"), "1:10 cannot use constraints with ParamSpec");
}

// ---- PEP 701: f-strings -------------------------------------------------------------------------

TEST(Pep701, NestedSameQuotesBackslashesAndComments) {
    Module m = ok("a = f\"{x[\"a\"][\"b\"]}\"\n"
                  "b = f\"{\"\\n\".join(songs)}\"\n"
                  "c = f\"{\", \".join([\n    'a',  # comment }\n    'b',\n])}\"\n"
                  "d = f\"{f\"{f\"{f\"{f\"{f\"{1+1}\"}\"}\"}\"}\"}\"\n");
    const Expr& a = *m.body.at(0)->value->child(0);
    ASSERT_EQ(a.kind, ExprKind::FormattedValue);
    const Expr& sub = *a.child(0);
    EXPECT_EQ(sub.kind, ExprKind::Subscript);
    EXPECT_EQ(sub.child(1)->value, "b");
    EXPECT_EQ(sub.child(0)->child(1)->value, "a");
    const Expr& join = *m.body.at(1)->value->child(0)->child(0);
    EXPECT_EQ(join.kind, ExprKind::Call);
    EXPECT_EQ(join.child(0)->child(0)->value, "\n");  // the backslash escape is decoded
    const Expr& c = *m.body.at(2)->value;
    expect_span(c.span, 3, 5, 6, 5);
    EXPECT_EQ(c.child(0)->child(0)->child(1)->kind, ExprKind::List);
    EXPECT_EQ(c.child(0)->child(0)->child(1)->children.size(), 2u);
    // Six levels of the same quote.
    const Expr* e = m.body.at(3)->value.get();
    int depth = 0;
    while (e->kind == ExprKind::JoinedStr) {
        ++depth;
        e = e->child(0)->child(0);
    }
    EXPECT_EQ(depth, 6);
    EXPECT_EQ(e->kind, ExprKind::BinOp);
}

TEST(Pep701, MultiLineExpressionInSingleQuotedFString) {
    Module m = ok("x = f'{a +\n    b:>{width}}'\ny = 1\n");
    ASSERT_EQ(m.body.size(), 2u);
    const Expr& fv = *m.body[0]->value->child(0);
    EXPECT_EQ(fv.child(0)->kind, ExprKind::BinOp);
    expect_span(fv.child(0)->span, 1, 8, 2, 6);
    expect_span(m.body[1]->span, 3, 1, 3, 6);
}
