// Recursive-descent parser for Python 3.14, over the tokens of lexer.hpp.
//
// One function per grammar rule of CPython's Grammar/python.gram where it matters, with the
// few places that need PEG backtracking (match/type soft keywords, parenthesized with-items)
// decided by a bounded look-ahead over the token vector instead. A syntax error throws
// internally after recording one Diagnostic; statements parsed before it are kept.
#include <algorithm>
#include <cstring>

#include "lexer.hpp"
#include "mig_guard/python/parser.hpp"
#include "strings.hpp"

namespace mig_guard::python {
namespace {

using detail::Code;
using detail::Tok;

// Recursion budget (parentheses, unary operators, lambdas, conditional expressions...):
// keeps the C stack bounded whatever the input.
constexpr int k_max_depth = 400;
// Bound on the depth of left-associative chains (a.b.c..., a + b + c ...) inside one
// expression: destroying or walking a deeper tree recursively would overflow the stack.
constexpr size_t k_max_chain = 3000;
// Bound on elif chains, which nest as If statements in orelse.
constexpr size_t k_max_elif = 2000;

const char* k_help = "fix the syntax error; mig-guard reads this file without running it";

struct SyntaxErrorThrown {};

Span join(const Span& a, const Span& b) { return {a.line, a.column, b.end_line, b.end_column, a.begin, b.end}; }

bool is_string_start(TokenKind k) {
    return k == TokenKind::String || k == TokenKind::FStringStart || k == TokenKind::TStringStart;
}
// Defined further down, in the file's nested unnamed namespace.
namespace {
bool starts_expression(const Tok& t);
const char* describe(const Expr& e);
}  // namespace

class Parser {
public:
    Parser(Module& mod, std::vector<Tok>& tokens) : m_mod(mod), m_toks(tokens) {}

    void run();

private:
    Module& m_mod;
    std::vector<Tok>& m_toks;
    std::string_view m_src;
    detail::LexError m_lex_err;
    size_t m_p = 0;
    int m_depth = 0;
    size_t m_chain = 0;

    // ---- token access -------------------------------------------------------------------
    const Tok& peek(size_t k = 0) const { return m_toks[std::min(m_p + k, m_toks.size() - 1)]; }
    bool at(Code c) const { return peek().code == c; }
    bool at_kind(TokenKind k) const { return peek().kind == k; }
    const Tok& prev() const { return m_toks[m_p ? m_p - 1 : 0]; }
    const Tok& advance() {
        const Tok& t = m_toks[m_p];
        if (m_p + 1 < m_toks.size()) ++m_p;
        return t;
    }
    bool accept(Code c) {
        if (!at(c)) return false;
        advance();
        return true;
    }
    bool at_name() const { return peek().kind == TokenKind::Name && peek().code == Code::none; }
    bool at_soft(std::string_view s) const { return at_name() && peek().text(m_src) == s; }

    // ---- errors -------------------------------------------------------------------------
    [[noreturn]] void fail_at(const Tok& t, std::string message, bool generic = false) {
        Diagnostic d;
        d.stage = "python";
        d.help = k_help;
        bool lex_wins = t.kind == TokenKind::Error ||
                        (m_lex_err.set && !m_lex_err.unclosed && generic) ||
                        (m_lex_err.set && m_lex_err.unclosed && t.span.line > m_lex_err.line);
        if (lex_wins) {
            // The tokenizer's error explains the failure better (CPython re-tokenizes the rest
            // of the file after a generic syntax error for the same reason).
            d.location = {m_mod.file, m_lex_err.line, m_lex_err.column};
            d.message = m_lex_err.message;
        } else if (t.kind == TokenKind::Indent) {
            // CPython points at the last character of the indentation.
            d.location = {m_mod.file, t.span.line, t.span.end_column > 1 ? t.span.end_column - 1 : 1};
            d.message = "unexpected indent";
        } else {
            d.location = {m_mod.file, t.span.line, t.span.column};
            d.message = std::move(message);
        }
        m_mod.diagnostics.push_back(std::move(d));
        throw SyntaxErrorThrown{};
    }
    [[noreturn]] void fail_span(const Span& s, std::string message) {
        if (m_lex_err.set && m_lex_err.unclosed && s.line > m_lex_err.line) fail_at(peek(), "", true);
        Diagnostic d;
        d.stage = "python";
        d.help = k_help;
        d.location = {m_mod.file, s.line, s.column};
        d.message = std::move(message);
        m_mod.diagnostics.push_back(std::move(d));
        throw SyntaxErrorThrown{};
    }
    [[noreturn]] void invalid() { fail_at(peek(), "invalid syntax", true); }
    // Two expressions side by side in a display or call: CPython points at the first one.
    [[noreturn]] void forgot_comma() {
        Tok t = peek();
        bool lex_first = t.kind == TokenKind::Error ||
                         (m_lex_err.set && (!m_lex_err.unclosed || t.span.line > m_lex_err.line));
        if (!lex_first) {
            // Back to the start of the element before the offending token.
            size_t i = m_p, depth = 0;
            while (i > 0) {
                const Tok& b = m_toks[i - 1];
                if (b.code == Code::rpar || b.code == Code::rsqb || b.code == Code::rbrace) {
                    ++depth;
                } else if (b.code == Code::lpar || b.code == Code::lsqb || b.code == Code::lbrace) {
                    if (depth == 0) break;
                    --depth;
                } else if (depth == 0 && b.code == Code::comma) {
                    break;
                }
                --i;
            }
            if (i < m_p) t.span = m_toks[i].span;
        }
        fail_at(t, "invalid syntax. Perhaps you forgot a comma?", true);
    }
    void expect(Code c, const char* what) {
        if (!accept(c)) fail_at(peek(), std::string("expected '") + what + "'");
    }
    std::string expect_name(const char* what = "a name") {
        if (!at_name()) {
            (void)what;
            fail_at(peek(), "invalid syntax", true);
        }
        return std::string(advance().text(m_src));
    }

    struct DepthGuard {
        Parser& p;
        explicit DepthGuard(Parser& parser) : p(parser) {
            if (++p.m_depth > k_max_depth) p.fail_at(p.peek(), "too many nested parentheses");
        }
        ~DepthGuard() { --p.m_depth; }
    };
    void chain_step() {
        if (++m_chain > k_max_chain) fail_at(peek(), "expression is too deeply nested");
    }
    // Sibling elements of a display or argument list do not add up: each starts from the
    // chain depth of the list itself.
    struct ChainScope {
        Parser& p;
        size_t base, max;
        explicit ChainScope(Parser& parser) : p(parser), base(parser.m_chain), max(parser.m_chain) {}
        void next() {
            max = std::max(max, p.m_chain);
            p.m_chain = base;
        }
        ~ChainScope() { p.m_chain = std::max(max, p.m_chain); }
    };

    // ---- node construction ----------------------------------------------------------------
    static ExprPtr make(ExprKind k, const Span& s) {
        auto e = std::make_unique<Expr>();
        e->kind = k;
        e->span = s;
        return e;
    }
    Span from(const Span& start) const { return join(start, prev().span); }
    static StmtPtr make_stmt(StmtKind k, const Span& s) {
        auto st = std::make_unique<Stmt>();
        st->kind = k;
        st->span = s;
        return st;
    }

    // ---- statements -----------------------------------------------------------------------
    void statement(std::vector<StmtPtr>& out);
    void simple_statements(std::vector<StmtPtr>& out);
    StmtPtr simple_statement();
    std::vector<StmtPtr> block(const char* what, uint32_t line);
    StmtPtr if_statement();
    StmtPtr while_statement();
    StmtPtr for_statement(const Tok* async_tok);
    StmtPtr with_statement(const Tok* async_tok);
    StmtPtr try_statement();
    StmtPtr function_def(const Tok* async_tok, std::vector<ExprPtr> decorators);
    StmtPtr class_def(std::vector<ExprPtr> decorators);
    StmtPtr decorated();
    StmtPtr match_statement();
    ExprPtr patterns();
    ExprPtr maybe_star_pattern();
    ExprPtr pattern();
    ExprPtr closed_pattern();
    ExprPtr literal_value();
    ExprPtr number_pattern(bool imaginary);
    ExprPtr name_or_attr();
    ExprPtr mapping_pattern();
    ExprPtr class_pattern(ExprPtr cls);
    StmtPtr type_alias();
    StmtPtr import_statement();
    StmtPtr from_import();
    StmtPtr expression_statement();
    void type_params(std::vector<TypeParam>& out);
    void parameters(std::vector<Param>& out, Code close, bool annotations);
    bool looks_like_match() const;
    bool looks_like_type_alias() const;
    void check_target(const Expr& e, const char* context);

    // ---- expressions ----------------------------------------------------------------------
    ExprPtr star_expressions();
    ExprPtr star_expressions_or_yield();
    ExprPtr star_expression();
    ExprPtr star_named_expression();
    ExprPtr named_expression();
    ExprPtr expression();
    ExprPtr disjunction();
    ExprPtr conjunction();
    ExprPtr inversion();
    ExprPtr comparison();
    ExprPtr binary(int min_prec);
    ExprPtr factor();
    ExprPtr power();
    ExprPtr primary();
    ExprPtr atom();
    ExprPtr lambda();
    ExprPtr yield_expr();
    ExprPtr star_targets();
    ExprPtr star_target();
    ExprPtr paren_atom();
    ExprPtr list_atom();
    ExprPtr brace_atom();
    ExprPtr strings();
    void fstring(std::vector<ExprPtr>& parts);
    ExprPtr fstring_field(bool is_t, bool in_spec);
    void call_args(Expr& call, const Span* open = nullptr);
    ExprPtr slices();
    ExprPtr slice_item();
    void comprehension_clauses(std::vector<Comprehension>& out);
    bool at_comprehension() const { return at(Code::kw_for) || (at(Code::kw_async) && peek(1).code == Code::kw_for); }
};

// =========================================================================================
// statements

void Parser::run() {
    // Python reads source as UTF-8 with a BOM stripped; spans point into that text.
    if (m_mod.source.size() >= 3 && static_cast<unsigned char>(m_mod.source[0]) == 0xEF &&
        static_cast<unsigned char>(m_mod.source[1]) == 0xBB && static_cast<unsigned char>(m_mod.source[2]) == 0xBF)
        m_mod.source.erase(0, 3);
    m_src = m_mod.source;
    detail::lex(m_src, false, m_toks, m_lex_err);
    try {
        while (!at_kind(TokenKind::EndMarker)) {
            m_chain = 0;
            statement(m_mod.body);
        }
    } catch (const SyntaxErrorThrown&) {
    }
}

void Parser::statement(std::vector<StmtPtr>& out) {
    m_chain = 0;  // expression trees of different statements never nest in each other
    const Tok& t = peek();
    switch (t.code) {
    case Code::kw_if: out.push_back(if_statement()); return;
    case Code::kw_while: out.push_back(while_statement()); return;
    case Code::kw_for: out.push_back(for_statement(nullptr)); return;
    case Code::kw_with: out.push_back(with_statement(nullptr)); return;
    case Code::kw_try: out.push_back(try_statement()); return;
    case Code::kw_def: out.push_back(function_def(nullptr, {})); return;
    case Code::kw_class: out.push_back(class_def({})); return;
    case Code::at: out.push_back(decorated()); return;
    case Code::kw_async: {
        const Tok* a = &advance();
        if (at(Code::kw_def)) out.push_back(function_def(a, {}));
        else if (at(Code::kw_for)) out.push_back(for_statement(a));
        else if (at(Code::kw_with)) out.push_back(with_statement(a));
        else invalid();
        return;
    }
    default: break;
    }
    if (t.kind == TokenKind::Indent) fail_at(t, "unexpected indent");
    if (t.kind == TokenKind::Error) fail_at(t, "");
    if (t.kind == TokenKind::Name && t.code == Code::none) {
        if (t.text(m_src) == "match" && looks_like_match()) {
            out.push_back(match_statement());
            return;
        }
    }
    simple_statements(out);
}

void Parser::simple_statements(std::vector<StmtPtr>& out) {
    for (;;) {
        m_chain = 0;
        out.push_back(simple_statement());
        if (accept(Code::semi)) {
            if (at_kind(TokenKind::Newline)) break;
            continue;
        }
        break;
    }
    if (!at_kind(TokenKind::Newline)) invalid();
    advance();
}

std::vector<StmtPtr> Parser::block(const char* what, uint32_t line) {
    expect(Code::colon, ":");
    std::vector<StmtPtr> body;
    if (at_kind(TokenKind::Newline)) {
        advance();
        if (!at_kind(TokenKind::Indent)) {
            if (at_kind(TokenKind::Error)) fail_at(peek(), "");
            // At end of file CPython reports on the line that opened the block.
            const Tok& where = at_kind(TokenKind::EndMarker) ? prev() : peek();
            fail_at(where, std::string("expected an indented block after ") + what + " on line " + std::to_string(line));
        }
        advance();
        while (!at_kind(TokenKind::Dedent)) {
            if (at_kind(TokenKind::EndMarker)) invalid();
            statement(body);
        }
        advance();
    } else {
        simple_statements(body);
    }
    return body;
}

StmtPtr Parser::if_statement() {
    // An elif chain nests in orelse; parse it iteratively to keep the C stack flat.
    const Tok& kw = advance();
    auto root = make_stmt(StmtKind::If, kw.span);
    root->value = named_expression();
    root->body = block("'if' statement", kw.span.line);
    root->span = join(kw.span, root->body.back()->span);
    std::vector<Stmt*> chain{root.get()};
    size_t count = 0;
    while (at(Code::kw_elif)) {
        if (++count > k_max_elif) fail_at(peek(), "too many 'elif' branches");
        const Tok& e = advance();
        auto s = make_stmt(StmtKind::If, e.span);
        s->value = named_expression();
        s->body = block("'elif' statement", e.span.line);
        s->span = join(e.span, s->body.back()->span);
        Stmt* raw = s.get();
        chain.back()->orelse.push_back(std::move(s));
        chain.push_back(raw);
    }
    if (at(Code::kw_else)) {
        const Tok& e = advance();
        chain.back()->orelse = block("'else' statement", e.span.line);
    }
    // Each If ends where its last branch ends.
    for (size_t i = chain.size(); i-- > 0;) {
        Stmt* s = chain[i];
        const auto& last = s->orelse.empty() ? s->body.back() : s->orelse.back();
        s->span = join(s->span, last->span);
    }
    return root;
}

StmtPtr Parser::while_statement() {
    const Tok& kw = advance();
    auto s = make_stmt(StmtKind::While, kw.span);
    s->value = named_expression();
    s->body = block("'while' statement", kw.span.line);
    if (at(Code::kw_else)) {
        const Tok& e = advance();
        s->orelse = block("'else' statement", e.span.line);
    }
    s->span = join(kw.span, (s->orelse.empty() ? s->body : s->orelse).back()->span);
    return s;
}

StmtPtr Parser::for_statement(const Tok* async_tok) {
    const Tok& kw = advance();
    const Span start = async_tok ? async_tok->span : kw.span;
    auto s = make_stmt(StmtKind::For, start);
    s->is_async = async_tok != nullptr;
    s->targets.push_back(star_targets());
    expect(Code::kw_in, "in");
    s->value = star_expressions();
    s->body = block("'for' statement", kw.span.line);
    if (at(Code::kw_else)) {
        const Tok& e = advance();
        s->orelse = block("'else' statement", e.span.line);
    }
    s->span = join(start, (s->orelse.empty() ? s->body : s->orelse).back()->span);
    return s;
}

StmtPtr Parser::with_statement(const Tok* async_tok) {
    const Tok& kw = advance();
    const Span start = async_tok ? async_tok->span : kw.span;
    auto s = make_stmt(StmtKind::With, start);
    s->is_async = async_tok != nullptr;
    auto item = [&] {
        WithItem it;
        it.context = expression();
        if (accept(Code::kw_as)) {
            it.target = star_target();
            check_target(*it.target, "with");
        }
        s->items.push_back(std::move(it));
    };
    bool parenthesized = false;
    if (at(Code::lpar)) {
        // `with (a as b, c):` is a parenthesized item list when the matching ')' is followed
        // by ':'; otherwise the parenthesis belongs to the first expression.
        size_t depth = 0, i = m_p;
        for (; i < m_toks.size(); ++i) {
            Code c = m_toks[i].code;
            if (c == Code::lpar || c == Code::lsqb || c == Code::lbrace) ++depth;
            else if (c == Code::rpar || c == Code::rsqb || c == Code::rbrace) {
                if (--depth == 0) break;
            } else if (m_toks[i].kind == TokenKind::Newline || m_toks[i].kind == TokenKind::EndMarker ||
                       m_toks[i].kind == TokenKind::Error)
                break;
        }
        parenthesized = i + 1 < m_toks.size() && m_toks[i].code == Code::rpar && m_toks[i + 1].code == Code::colon;
    }
    if (parenthesized) {
        advance();
        ChainScope scope(*this);
        for (;;) {
            item();
            scope.next();
            if (!accept(Code::comma)) break;
            if (at(Code::rpar)) break;
        }
        expect(Code::rpar, ")");
    } else {
        for (;;) {
            item();
            if (!accept(Code::comma)) break;
        }
    }
    s->body = block("'with' statement", kw.span.line);
    s->span = join(start, s->body.back()->span);
    return s;
}

StmtPtr Parser::try_statement() {
    const Tok& kw = advance();
    auto s = make_stmt(StmtKind::Try, kw.span);
    s->body = block("'try' statement", kw.span.line);
    bool plain = false, star = false;
    while (at(Code::kw_except)) {
        const Tok& ex = advance();
        ExceptHandler h;
        h.span = ex.span;
        bool is_star = accept(Code::star);
        if (is_star) star = true;
        else plain = true;
        if (plain && star) fail_span(ex.span, "cannot have both 'except' and 'except*' on the same 'try'");
        if (!at(Code::colon)) {
            h.type = expression();
            if (at(Code::comma)) {
                // PEP 758 (3.14): `except A, B:` is the tuple (A, B), but only without `as`.
                auto t = make(ExprKind::Tuple, h.type->span);
                ChainScope scope(*this);
                t->children.push_back(std::move(h.type));
                scope.next();
                while (accept(Code::comma)) {
                    if (at(Code::colon) || at(Code::kw_as)) break;
                    t->children.push_back(expression());
                    scope.next();
                }
                t->span = from(t->span);
                if (at(Code::kw_as)) {
                    if (t->children.size() == 1) invalid();  // `except A, as e:`
                    fail_span(t->span, "multiple exception types must be parenthesized when using 'as'");
                }
                h.type = std::move(t);
            } else if (accept(Code::kw_as)) {
                h.name = expect_name();
            }
        } else if (is_star) {
            fail_at(peek(), "expected one or more exception types");
        }
        h.body = block(is_star ? "'except*' statement" : "'except' statement", ex.span.line);
        h.span = join(ex.span, h.body.back()->span);
        s->handlers.push_back(std::move(h));
    }
    s->is_star = star;
    if (at(Code::kw_else)) {
        if (s->handlers.empty()) fail_at(peek(), "expected 'except' or 'finally' block");
        const Tok& e = advance();
        s->orelse = block("'else' statement", e.span.line);
    }
    if (at(Code::kw_finally)) {
        const Tok& f = advance();
        s->finalbody = block("'finally' statement", f.span.line);
    }
    if (s->handlers.empty() && s->finalbody.empty()) fail_at(peek(), "expected 'except' or 'finally' block");
    const auto& last = !s->finalbody.empty() ? s->finalbody.back()
                       : !s->orelse.empty()  ? s->orelse.back()
                                             : s->handlers.back().body.back();
    s->span = join(kw.span, last->span);
    return s;
}

StmtPtr Parser::decorated() {
    std::vector<ExprPtr> decorators;
    while (accept(Code::at)) {
        decorators.push_back(named_expression());
        if (!at_kind(TokenKind::Newline)) invalid();
        advance();
    }
    if (at(Code::kw_def)) return function_def(nullptr, std::move(decorators));
    if (at(Code::kw_class)) return class_def(std::move(decorators));
    if (at(Code::kw_async) && peek(1).code == Code::kw_def) {
        const Tok* a = &advance();
        return function_def(a, std::move(decorators));
    }
    invalid();
}

// PEP 695 type parameters with PEP 696 defaults: `[T, T: bound = default, *Ts = *d, **P = d]`.
void Parser::type_params(std::vector<TypeParam>& out) {
    expect(Code::lsqb, "[");
    if (at(Code::rsqb)) fail_at(peek(), "Type parameter list cannot be empty");
    ChainScope scope(*this);
    for (;;) {
        if (at(Code::rsqb)) break;
        TypeParam tp;
        tp.span = peek().span;
        if (accept(Code::star)) tp.kind = TypeParam::Kind::type_var_tuple;
        else if (accept(Code::doublestar)) tp.kind = TypeParam::Kind::param_spec;
        tp.name = expect_name();
        if (at(Code::colon)) {
            const Tok& colon = advance();
            tp.bound = expression();
            if (tp.kind != TypeParam::Kind::type_var) {
                const char* what = tp.kind == TypeParam::Kind::param_spec ? "ParamSpec" : "TypeVarTuple";
                fail_span(colon.span, std::string(tp.bound->kind == ExprKind::Tuple ? "cannot use constraints with "
                                                                                     : "cannot use bound with ") +
                                          what);
            }
        }
        if (accept(Code::equal))
            tp.default_value = tp.kind == TypeParam::Kind::type_var_tuple ? star_expression() : expression();
        tp.span = from(tp.span);
        out.push_back(std::move(tp));
        scope.next();
        if (!accept(Code::comma)) break;
    }
    expect(Code::rsqb, "]");
}

void Parser::parameters(std::vector<Param>& out, Code close, bool annotations) {
    bool seen_star = false, seen_default = false, seen_slash = false, seen_kwargs = false;
    ChainScope scope(*this);
    while (!at(close)) {
        if (seen_kwargs) fail_at(peek(), "arguments cannot follow var-keyword argument");
        const Tok& t = peek();
        if (accept(Code::slash)) {
            if (seen_slash) fail_span(t.span, "/ may appear only once");
            if (seen_star) fail_span(t.span, "/ must be ahead of *");
            if (out.empty()) fail_span(t.span, "at least one argument must precede /");
            for (auto& p : out) p.kind = Param::Kind::positional_only;
            seen_slash = true;
        } else if (accept(Code::star)) {
            if (seen_star) fail_span(t.span, "* argument may appear only once");
            seen_star = true;
            if (at(Code::comma) || at(close)) {
                if (at(close) || (peek(1).code == close))
                    fail_span(t.span, "named arguments must follow bare *");
            } else {
                Param p;
                p.kind = Param::Kind::var_positional;
                p.span = peek().span;
                p.name = expect_name("argument name");
                if (annotations && accept(Code::colon)) p.annotation = star_expression();
                p.span = from(p.span);
                if (at(Code::equal)) fail_at(peek(), "var-positional argument cannot have default value");
                out.push_back(std::move(p));
            }
        } else if (accept(Code::doublestar)) {
            Param p;
            p.kind = Param::Kind::var_keyword;
            p.span = peek().span;
            p.name = expect_name("argument name");
            if (annotations && accept(Code::colon)) p.annotation = expression();
            p.span = from(p.span);
            if (at(Code::equal)) fail_at(peek(), "var-keyword argument cannot have default value");
            out.push_back(std::move(p));
            seen_kwargs = true;
        } else {
            Param p;
            p.kind = seen_star ? Param::Kind::keyword_only : Param::Kind::normal;
            p.span = peek().span;
            p.name = expect_name("argument name");
            if (annotations && accept(Code::colon)) p.annotation = expression();
            p.span = from(p.span);
            if (accept(Code::equal)) {
                p.default_value = expression();
                if (!seen_star) seen_default = true;
            } else if (seen_default && !seen_star) {
                fail_span(p.span, "parameter without a default follows parameter with a default");
            }
            out.push_back(std::move(p));
        }
        scope.next();
        if (!accept(Code::comma)) break;
    }
}

StmtPtr Parser::function_def(const Tok* async_tok, std::vector<ExprPtr> decorators) {
    const Tok& kw = advance();
    const Span start = async_tok ? async_tok->span : kw.span;
    auto s = make_stmt(StmtKind::FunctionDef, start);
    s->is_async = async_tok != nullptr;
    s->decorators = std::move(decorators);
    s->name = expect_name();
    if (at(Code::lsqb)) type_params(s->type_params);
    expect(Code::lpar, "(");
    parameters(s->params, Code::rpar, true);
    expect(Code::rpar, ")");
    if (accept(Code::rarrow)) s->annotation = expression();
    s->body = block("function definition", kw.span.line);
    s->span = join(start, s->body.back()->span);
    return s;
}

StmtPtr Parser::class_def(std::vector<ExprPtr> decorators) {
    const Tok& kw = advance();
    auto s = make_stmt(StmtKind::ClassDef, kw.span);
    s->decorators = std::move(decorators);
    s->name = expect_name();
    if (at(Code::lsqb)) type_params(s->type_params);
    if (at(Code::lpar)) {
        Expr call;
        advance();
        call_args(call);
        for (size_t i = 0; i < call.children.size(); ++i) s->bases.push_back(std::move(call.children[i]));
        s->keywords = std::move(call.keywords);
    }
    s->body = block("class definition", kw.span.line);
    s->span = join(kw.span, s->body.back()->span);
    return s;
}

bool Parser::looks_like_match() const {
    // `match` is a statement when `match <subject>:` ends its logical line; anything else
    // (`match = 1`, `match(x)`, `match.group()`) is an ordinary use of the name.
    size_t i = m_p + 1;
    if (i >= m_toks.size()) return false;
    Code first = m_toks[i].code;
    if (first == Code::colon || first == Code::equal || first == Code::dot || m_toks[i].kind == TokenKind::Newline)
        return false;
    int depth = 0;
    for (; i < m_toks.size(); ++i) {
        const Tok& t = m_toks[i];
        if (t.kind == TokenKind::Newline || t.kind == TokenKind::EndMarker || t.kind == TokenKind::Error) break;
        if (t.code == Code::lpar || t.code == Code::lsqb || t.code == Code::lbrace) ++depth;
        if (t.code == Code::rpar || t.code == Code::rsqb || t.code == Code::rbrace) --depth;
        if (depth == 0 && t.code == Code::semi) return false;
    }
    return i < m_toks.size() && m_toks[i].kind == TokenKind::Newline && m_toks[i - 1].code == Code::colon;
}

StmtPtr Parser::match_statement() {
    const Tok& kw = advance();
    auto s = make_stmt(StmtKind::Match, kw.span);
    // subject_expr: star_named_expression ',' star_named_expressions? | named_expression
    {
        ExprPtr first = star_named_expression();
        if (at(Code::comma)) {
            auto t = make(ExprKind::Tuple, first->span);
            t->children.push_back(std::move(first));
            while (accept(Code::comma)) {
                if (at(Code::colon)) break;
                t->children.push_back(star_named_expression());
            }
            t->span = from(t->span);
            s->value = std::move(t);
        } else {
            s->value = std::move(first);
        }
    }
    expect(Code::colon, ":");
    if (!at_kind(TokenKind::Newline)) invalid();
    advance();
    if (!at_kind(TokenKind::Indent))
        fail_at(peek(), "expected an indented block after 'match' statement on line " + std::to_string(kw.span.line));
    advance();
    while (!at_kind(TokenKind::Dedent)) {
        const Tok& t = peek();
        if (t.kind == TokenKind::Error) fail_at(t, "");
        if (t.kind == TokenKind::EndMarker) invalid();
        if (!at_soft("case")) invalid();
        const Tok& case_kw = advance();
        m_chain = 0;
        MatchCase c;
        c.pattern = patterns();
        if (accept(Code::kw_if)) c.guard = named_expression();
        if (!at(Code::colon) && !at_kind(TokenKind::Newline)) invalid();
        c.body = block("'case' statement", case_kw.span.line);
        c.span = join(case_kw.span, c.body.back()->span);
        s->cases.push_back(std::move(c));
    }
    advance();  // the Dedent
    s->span = join(kw.span, s->cases.back().span);
    return s;
}

// ---- match patterns (CPython's grammar: patterns, as_pattern, or_pattern, closed_pattern) --

// `case a, *b:` (an open sequence) or a single pattern.
ExprPtr Parser::patterns() {
    const Span start = peek().span;
    ExprPtr first = maybe_star_pattern();
    if (!at(Code::comma)) {
        if (first->kind == ExprKind::MatchStar) invalid();
        return first;
    }
    auto seq = make(ExprKind::MatchSequence, start);
    ChainScope scope(*this);
    seq->children.push_back(std::move(first));
    scope.next();
    while (accept(Code::comma)) {
        if (at(Code::colon) || at(Code::kw_if)) break;
        seq->children.push_back(maybe_star_pattern());
        scope.next();
    }
    seq->span = from(start);
    return seq;
}

ExprPtr Parser::maybe_star_pattern() {
    if (!at(Code::star)) return pattern();
    const Tok& star = advance();
    auto e = make(ExprKind::MatchStar, star.span);
    if (!at_name()) invalid();
    const Tok& name = advance();
    if (name.text(m_src) != "_") e->name = std::string(name.text(m_src));
    e->span = from(star.span);
    return e;
}

// as_pattern | or_pattern
ExprPtr Parser::pattern() {
    DepthGuard guard(*this);
    const Span start = peek().span;
    ExprPtr alt = closed_pattern();
    if (at(Code::vbar)) {
        auto o = make(ExprKind::MatchOr, start);
        o->children.push_back(std::move(alt));
        while (accept(Code::vbar)) {
            chain_step();
            o->children.push_back(closed_pattern());
        }
        o->span = from(start);
        alt = std::move(o);
    }
    if (!at(Code::kw_as)) return alt;
    advance();
    if (at_soft("_")) fail_at(peek(), "cannot use '_' as a target");
    if (!at_name()) invalid();
    Code after = peek(1).code;
    if (after == Code::dot || after == Code::lpar || after == Code::equal) fail_at(peek(1), "invalid syntax", true);
    auto as = make(ExprKind::MatchAs, start);
    as->name = std::string(advance().text(m_src));
    as->children.push_back(std::move(alt));
    as->span = from(start);
    return as;
}

// A NUMBER, or an imaginary one for the right side of a complex literal.
ExprPtr Parser::number_pattern(bool imaginary) {
    const Tok& t = peek();
    if (!at_kind(TokenKind::Number)) invalid();
    // Not through atom(): a second caller would keep it from being inlined into primary().
    advance();
    auto n = make(ExprKind::Constant, t.span);
    n->value = std::string(t.text(m_src));
    char last = n->value.back();
    bool is_imag = last == 'j' || last == 'J';
    bool hex = n->value.size() > 1 && n->value[0] == '0' && (n->value[1] | 0x20) == 'x';
    n->const_kind = is_imag ? ConstKind::Imaginary
                    : !hex && n->value.find_first_of(".eE") != std::string::npos ? ConstKind::Float
                                                                                  : ConstKind::Int;
    if (imaginary && !is_imag) fail_span(t.span, "imaginary number required in complex literal");
    return n;
}

// Literal values of patterns and mapping keys: signed numbers, complex literals, strings.
ExprPtr Parser::literal_value() {
    const Span start = peek().span;
    if (is_string_start(peek().kind)) return strings();
    ExprPtr value;
    if (at(Code::minus)) {
        const Tok& minus = advance();
        auto neg = make(ExprKind::UnaryOp, minus.span);
        neg->name = "-";
        neg->children.push_back(number_pattern(false));
        neg->span = from(minus.span);
        value = std::move(neg);
    } else {
        value = number_pattern(false);
    }
    if (at(Code::plus) || at(Code::minus)) {
        const ExprPtr& real = value->kind == ExprKind::UnaryOp ? value->children[0] : value;
        if (real->const_kind == ConstKind::Imaginary) fail_span(real->span, "real number required in complex literal");
        auto bin = make(ExprKind::BinOp, start);
        bin->name = at(Code::plus) ? "+" : "-";
        advance();
        bin->children.push_back(std::move(value));
        bin->children.push_back(number_pattern(true));
        bin->span = from(start);
        value = std::move(bin);
    }
    return value;
}

// NAME ('.' NAME)*: a Name or an Attribute chain.
ExprPtr Parser::name_or_attr() {
    const Tok& first = advance();
    auto e = make(ExprKind::Name, first.span);
    e->name = std::string(first.text(m_src));
    while (at(Code::dot)) {
        advance();
        chain_step();
        auto a = make(ExprKind::Attribute, first.span);
        a->name = expect_name();
        a->children.push_back(std::move(e));
        a->span = from(first.span);
        e = std::move(a);
    }
    return e;
}

ExprPtr Parser::closed_pattern() {
    DepthGuard guard(*this);
    const Tok& t = peek();
    if (t.code == Code::kw_None || t.code == Code::kw_True || t.code == Code::kw_False) {
        advance();
        auto e = make(ExprKind::MatchSingleton, t.span);
        e->const_kind = t.code == Code::kw_None ? ConstKind::None : t.code == Code::kw_True ? ConstKind::True : ConstKind::False;
        return e;
    }
    if (t.kind == TokenKind::Number || t.code == Code::minus || is_string_start(t.kind)) {
        auto e = make(ExprKind::MatchValue, t.span);
        e->children.push_back(literal_value());
        e->span = from(t.span);
        return e;
    }
    if (at_name()) {
        if (t.text(m_src) == "_" && peek(1).code != Code::dot && peek(1).code != Code::lpar) {
            advance();
            return make(ExprKind::MatchAs, t.span);
        }
        ExprPtr target = name_or_attr();
        if (at(Code::lpar)) return class_pattern(std::move(target));
        if (target->kind == ExprKind::Attribute) {
            auto e = make(ExprKind::MatchValue, t.span);
            e->children.push_back(std::move(target));
            e->span = from(t.span);
            return e;
        }
        auto e = make(ExprKind::MatchAs, t.span);
        e->name = std::move(target->name);
        return e;
    }
    if (t.code == Code::lpar || t.code == Code::lsqb) {
        const Tok& open = advance();
        const Code close = t.code == Code::lpar ? Code::rpar : Code::rsqb;
        auto seq = make(ExprKind::MatchSequence, open.span);
        if (accept(close)) {
            seq->span = from(open.span);
            return seq;
        }
        ExprPtr first = maybe_star_pattern();
        // `(p)` is a group: the pattern itself.
        if (close == Code::rpar && first->kind != ExprKind::MatchStar && accept(Code::rpar)) return first;
        ChainScope scope(*this);
        seq->children.push_back(std::move(first));
        scope.next();
        while (accept(Code::comma)) {
            if (at(close)) break;
            seq->children.push_back(maybe_star_pattern());
            scope.next();
        }
        if (!at(close)) invalid();
        advance();
        seq->span = from(open.span);
        return seq;
    }
    if (t.code == Code::lbrace) return mapping_pattern();
    invalid();
}

ExprPtr Parser::mapping_pattern() {
    const Tok& open = advance();
    auto m = make(ExprKind::MatchMapping, open.span);
    ChainScope scope(*this);
    bool rest = false;
    while (!at(Code::rbrace)) {
        if (at(Code::doublestar)) {
            if (rest) invalid();
            advance();
            rest = true;
            if (!at_name() || peek().text(m_src) == "_") invalid();
            m->name = std::string(advance().text(m_src));
        } else {
            if (rest) invalid();  // `**rest` must come last
            const Tok& k = peek();
            ExprPtr key;
            if (k.code == Code::kw_None || k.code == Code::kw_True || k.code == Code::kw_False) {
                advance();
                key = make(ExprKind::Constant, k.span);
                key->const_kind = k.code == Code::kw_None   ? ConstKind::None
                                  : k.code == Code::kw_True ? ConstKind::True
                                                            : ConstKind::False;
            } else if (at_name()) {
                key = name_or_attr();
                if (key->kind != ExprKind::Attribute) invalid();
            } else if (k.kind == TokenKind::Number || k.code == Code::minus || is_string_start(k.kind)) {
                key = literal_value();
            } else {
                invalid();
            }
            expect(Code::colon, ":");
            m->children.push_back(std::move(key));
            m->children.push_back(pattern());
        }
        scope.next();
        if (!accept(Code::comma)) break;
    }
    expect(Code::rbrace, "}");
    m->span = from(open.span);
    return m;
}

// After the class name: '(' positional patterns, then NAME '=' pattern keywords ')'.
ExprPtr Parser::class_pattern(ExprPtr cls) {
    const Span start = cls->span;
    advance();  // (
    auto c = make(ExprKind::MatchClass, start);
    c->children.push_back(std::move(cls));
    ChainScope scope(*this);
    bool seen_keyword = false;
    while (!at(Code::rpar)) {
        if (at_name() && peek(1).code == Code::equal) {
            const Tok& name = advance();
            advance();
            Keyword k;
            k.arg = std::string(name.text(m_src));
            k.value = pattern();
            k.span = from(name.span);
            c->keywords.push_back(std::move(k));
            seen_keyword = true;
        } else {
            ExprPtr p = pattern();
            if (seen_keyword) fail_span(p->span, "positional patterns follow keyword patterns");
            c->children.push_back(std::move(p));
        }
        scope.next();
        if (!accept(Code::comma)) break;
    }
    expect(Code::rpar, ")");
    c->span = from(start);
    return c;
}

bool Parser::looks_like_type_alias() const {
    return peek(1).kind == TokenKind::Name && peek(1).code == Code::none &&
           (peek(2).code == Code::equal || peek(2).code == Code::lsqb);
}

StmtPtr Parser::type_alias() {
    const Tok& kw = advance();
    auto s = make_stmt(StmtKind::TypeAlias, kw.span);
    const Tok& name = peek();
    s->name = expect_name();
    auto target = make(ExprKind::Name, name.span);
    target->name = s->name;
    s->targets.push_back(std::move(target));
    if (at(Code::lsqb)) type_params(s->type_params);
    expect(Code::equal, "=");
    s->value = expression();
    s->span = from(kw.span);
    return s;
}

StmtPtr Parser::import_statement() {
    const Tok& kw = advance();
    auto s = make_stmt(StmtKind::Import, kw.span);
    for (;;) {
        Alias a;
        a.span = peek().span;
        a.name = expect_name();
        while (accept(Code::dot)) {
            a.name += '.';
            a.name += expect_name();
        }
        if (accept(Code::kw_as)) a.asname = expect_name();
        a.span = from(a.span);
        s->names.push_back(std::move(a));
        if (!accept(Code::comma)) break;
    }
    s->span = from(kw.span);
    return s;
}

StmtPtr Parser::from_import() {
    const Tok& kw = advance();
    auto s = make_stmt(StmtKind::ImportFrom, kw.span);
    for (;;) {
        if (accept(Code::dot)) ++s->level;
        else if (accept(Code::ellipsis)) s->level += 3;
        else break;
    }
    if (!at(Code::kw_import)) {
        s->name = expect_name("a module name");
        while (accept(Code::dot)) {
            s->name += '.';
            s->name += expect_name();
        }
    } else if (s->level == 0) {
        invalid();
    }
    expect(Code::kw_import, "import");
    if (at(Code::star)) {
        const Tok& st = advance();
        s->names.push_back(Alias{"*", std::nullopt, st.span});
    } else {
        bool paren = accept(Code::lpar);
        for (;;) {
            Alias a;
            a.span = peek().span;
            a.name = expect_name();
            if (accept(Code::kw_as)) a.asname = expect_name();
            a.span = from(a.span);
            s->names.push_back(std::move(a));
            if (!accept(Code::comma)) break;
            if (paren && at(Code::rpar)) break;
            if (!paren && at_kind(TokenKind::Newline))
                fail_at(peek(), "trailing comma not allowed without surrounding parentheses");
        }
        if (paren) expect(Code::rpar, ")");
    }
    s->span = from(kw.span);
    return s;
}

StmtPtr Parser::simple_statement() {
    const Tok& t = peek();
    switch (t.code) {
    case Code::kw_pass: advance(); return make_stmt(StmtKind::Pass, t.span);
    case Code::kw_break: advance(); return make_stmt(StmtKind::Break, t.span);
    case Code::kw_continue: advance(); return make_stmt(StmtKind::Continue, t.span);
    case Code::kw_return: {
        advance();
        auto s = make_stmt(StmtKind::Return, t.span);
        if (!at(Code::semi) && !at_kind(TokenKind::Newline)) s->value = star_expressions();
        s->span = from(t.span);
        return s;
    }
    case Code::kw_raise: {
        advance();
        auto s = make_stmt(StmtKind::Raise, t.span);
        if (!at(Code::semi) && !at_kind(TokenKind::Newline)) {
            s->value = expression();
            if (accept(Code::kw_from)) s->extra.push_back(expression());
        }
        s->span = from(t.span);
        return s;
    }
    case Code::kw_global:
    case Code::kw_nonlocal: {
        advance();
        auto s = make_stmt(t.code == Code::kw_global ? StmtKind::Global : StmtKind::Nonlocal, t.span);
        for (;;) {
            Alias a;
            a.span = peek().span;
            a.name = expect_name();
            s->names.push_back(std::move(a));
            if (!accept(Code::comma)) break;
        }
        s->span = from(t.span);
        return s;
    }
    case Code::kw_del: {
        advance();
        auto s = make_stmt(StmtKind::Delete, t.span);
        ChainScope scope(*this);
        for (;;) {
            auto e = star_target();
            check_target(*e, "del");
            s->targets.push_back(std::move(e));
            scope.next();
            if (!accept(Code::comma)) break;
            if (at(Code::semi) || at_kind(TokenKind::Newline)) break;
        }
        s->span = from(t.span);
        return s;
    }
    case Code::kw_assert: {
        advance();
        auto s = make_stmt(StmtKind::Assert, t.span);
        s->value = expression();
        if (accept(Code::comma)) s->extra.push_back(expression());
        s->span = from(t.span);
        return s;
    }
    case Code::kw_import: return import_statement();
    case Code::kw_from: return from_import();
    default: break;
    }
    if (t.kind == TokenKind::Name && t.code == Code::none && t.text(m_src) == "type" && looks_like_type_alias())
        return type_alias();
    return expression_statement();
}

namespace {
const char* describe(const Expr& e) {
    switch (e.kind) {
    case ExprKind::Call: return "function call";
    case ExprKind::Constant:
        if (e.const_kind == ConstKind::None) return "None";
        if (e.const_kind == ConstKind::True) return "True";
        if (e.const_kind == ConstKind::False) return "False";
        if (e.const_kind == ConstKind::Ellipsis) return "ellipsis";
        return "literal";
    case ExprKind::JoinedStr: return "f-string expression";
    case ExprKind::TemplateStr: return "t-string expression";
    case ExprKind::Compare: return "comparison";
    case ExprKind::BinOp:
    case ExprKind::UnaryOp:
    case ExprKind::BoolOp: return "expression";
    case ExprKind::IfExp: return "conditional expression";
    case ExprKind::Lambda: return "lambda";
    case ExprKind::ListComp: return "list comprehension";
    case ExprKind::SetComp: return "set comprehension";
    case ExprKind::DictComp: return "dict comprehension";
    case ExprKind::GeneratorExp: return "generator expression";
    case ExprKind::Dict: return "dict literal";
    case ExprKind::Set: return "set display";
    case ExprKind::NamedExpr: return "named expression";
    case ExprKind::Await: return "await expression";
    case ExprKind::Yield:
    case ExprKind::YieldFrom: return "yield expression";
    default: return "expression";
    }
}
}  // namespace

void Parser::check_target(const Expr& e, const char* context) {
    switch (e.kind) {
    case ExprKind::Name:
    case ExprKind::Attribute:
    case ExprKind::Subscript: return;
    case ExprKind::Starred:
        if (std::strcmp(context, "del") != 0 && e.child(0)) {
            check_target(*e.child(0), context);
            return;
        }
        break;
    case ExprKind::Tuple:
    case ExprKind::List:
        for (const auto& c : e.children) check_target(*c, context);
        return;
    default: break;
    }
    if (std::strcmp(context, "del") == 0) fail_span(e.span, std::string("cannot delete ") + describe(e));
    std::string msg = std::string("cannot assign to ") + describe(e);
    if (std::strcmp(context, "=") == 0 && e.kind != ExprKind::Starred) msg += " here. Maybe you meant '==' instead of '='?";
    fail_span(e.span, msg);
}

namespace {
const char* augassign_op(Code c) {
    switch (c) {
    case Code::plusequal: return "+=";
    case Code::minequal: return "-=";
    case Code::starequal: return "*=";
    case Code::slashequal: return "/=";
    case Code::percentequal: return "%=";
    case Code::amperequal: return "&=";
    case Code::vbarequal: return "|=";
    case Code::circumflexequal: return "^=";
    case Code::leftshiftequal: return "<<=";
    case Code::rightshiftequal: return ">>=";
    case Code::doublestarequal: return "**=";
    case Code::doubleslashequal: return "//=";
    case Code::atequal: return "@=";
    default: return nullptr;
    }
}
}  // namespace

StmtPtr Parser::expression_statement() {
    const Span start = peek().span;
    ExprPtr first = star_expressions_or_yield();
    if (at(Code::equal)) {
        auto s = make_stmt(StmtKind::Assign, start);
        ExprPtr cur = std::move(first);
        while (accept(Code::equal)) {
            check_target(*cur, "=");
            s->targets.push_back(std::move(cur));
            m_chain = 0;
            cur = star_expressions_or_yield();
        }
        s->value = std::move(cur);
        s->span = from(start);
        return s;
    }
    if (at(Code::colon)) {
        if (first->kind == ExprKind::Tuple) fail_span(first->span, "only single target (not tuple) can be annotated");
        if (first->kind == ExprKind::List) fail_span(first->span, "only single target (not list) can be annotated");
        if (first->kind != ExprKind::Name && first->kind != ExprKind::Attribute && first->kind != ExprKind::Subscript)
            fail_span(first->span, "illegal target for annotation");
        advance();
        auto s = make_stmt(StmtKind::AnnAssign, start);
        s->targets.push_back(std::move(first));
        s->annotation = expression();
        if (accept(Code::equal)) s->value = star_expressions_or_yield();
        s->span = from(start);
        return s;
    }
    if (const char* op = augassign_op(peek().code)) {
        if (first->kind != ExprKind::Name && first->kind != ExprKind::Attribute && first->kind != ExprKind::Subscript)
            fail_span(first->span, std::string("'") + describe(*first) + "' is an illegal expression for augmented assignment");
        advance();
        auto s = make_stmt(StmtKind::AugAssign, start);
        s->name = op;
        s->targets.push_back(std::move(first));
        s->value = star_expressions_or_yield();
        s->span = from(start);
        return s;
    }
    if (first->kind == ExprKind::Name && (first->name == "print" || first->name == "exec") &&
        (is_string_start(peek().kind) || at_kind(TokenKind::Number) || at_name()))
        fail_span(first->span, "Missing parentheses in call to '" + first->name + "'. Did you mean " + first->name + "(...)?");
    auto s = make_stmt(StmtKind::Expr, from(start));
    s->value = std::move(first);
    return s;
}

// =========================================================================================
// expressions

ExprPtr Parser::star_expressions_or_yield() {
    if (at(Code::kw_yield)) return yield_expr();
    return star_expressions();
}

ExprPtr Parser::yield_expr() {
    DepthGuard guard(*this);
    const Tok& kw = advance();
    if (accept(Code::kw_from)) {
        auto e = make(ExprKind::YieldFrom, kw.span);
        e->children.push_back(expression());
        e->span = from(kw.span);
        return e;
    }
    auto e = make(ExprKind::Yield, kw.span);
    Code c = peek().code;
    bool ends = c == Code::rpar || c == Code::rsqb || c == Code::rbrace || c == Code::semi || c == Code::equal ||
                c == Code::colon || c == Code::comma || peek().kind == TokenKind::Newline ||
                peek().kind == TokenKind::EndMarker;
    if (!ends) e->children.push_back(star_expressions());
    else e->children.push_back(nullptr);
    e->span = from(kw.span);
    return e;
}

namespace {
bool starts_expression(const Tok& t) {
    switch (t.kind) {
    case TokenKind::Name:
        switch (t.code) {
        case Code::none: case Code::kw_None: case Code::kw_True: case Code::kw_False: case Code::kw_not:
        case Code::kw_lambda: case Code::kw_await: case Code::kw_yield:
            return true;
        default: return false;
        }
    case TokenKind::Number:
    case TokenKind::String:
    case TokenKind::FStringStart:
    case TokenKind::TStringStart: return true;
    case TokenKind::Op:
        switch (t.code) {
        case Code::lpar: case Code::lsqb: case Code::lbrace: case Code::minus: case Code::plus: case Code::tilde:
        case Code::star: case Code::ellipsis:
            return true;
        default: return false;
        }
    default: return false;
    }
}
}  // namespace

ExprPtr Parser::star_expressions() {
    const Span start = peek().span;
    ExprPtr first = star_expression();
    if (!at(Code::comma)) return first;
    auto t = make(ExprKind::Tuple, start);
    ChainScope scope(*this);
    t->children.push_back(std::move(first));
    scope.next();
    while (accept(Code::comma)) {
        if (!starts_expression(peek())) break;
        t->children.push_back(star_expression());
        scope.next();
    }
    t->span = from(t->span);
    return t;
}

ExprPtr Parser::star_expression() {
    if (at(Code::star)) {
        DepthGuard guard(*this);
        const Tok& st = advance();
        auto e = make(ExprKind::Starred, st.span);
        e->children.push_back(binary(1));
        e->span = from(st.span);
        return e;
    }
    return expression();
}

ExprPtr Parser::star_named_expression() {
    if (at(Code::star)) return star_expression();
    return named_expression();
}

ExprPtr Parser::named_expression() {
    if (at_name() && peek(1).code == Code::colonequal) {
        DepthGuard guard(*this);
        const Tok& name = advance();
        advance();
        auto target = make(ExprKind::Name, name.span);
        target->name = std::string(name.text(m_src));
        auto e = make(ExprKind::NamedExpr, name.span);
        e->children.push_back(std::move(target));
        e->children.push_back(expression());
        e->span = from(name.span);
        return e;
    }
    ExprPtr e = expression();
    if (at(Code::colonequal)) fail_span(e->span, std::string("cannot use assignment expressions with ") + describe(*e));
    return e;
}

ExprPtr Parser::expression() {
    if (at(Code::kw_lambda)) return lambda();
    const Span start = peek().span;
    ExprPtr body = disjunction();
    if (!at(Code::kw_if)) return body;
    // Comprehension conditions are parsed as disjunctions, so an `if` here is always the
    // start of a conditional expression.
    advance();
    DepthGuard guard(*this);
    ExprPtr test = disjunction();
    if (!accept(Code::kw_else)) {
        if (at_kind(TokenKind::Error)) fail_at(peek(), "");
        fail_span(start, "expected 'else' after 'if' expression");
    }
    auto e = make(ExprKind::IfExp, start);
    e->children.push_back(std::move(body));
    e->children.push_back(std::move(test));
    e->children.push_back(expression());
    e->span = from(e->span);
    return e;
}

ExprPtr Parser::lambda() {
    DepthGuard guard(*this);
    const Tok& kw = advance();
    auto e = make(ExprKind::Lambda, kw.span);
    parameters(e->params, Code::colon, false);
    expect(Code::colon, ":");
    // In a replacement field the ':' started a format spec.
    if (at_kind(TokenKind::FStringMiddle) || at_kind(TokenKind::TStringMiddle))
        fail_span(kw.span, std::string(at_kind(TokenKind::TStringMiddle) ? "t-string" : "f-string") +
                               ": lambda expressions are not allowed without parentheses");
    e->children.push_back(expression());
    e->span = from(kw.span);
    return e;
}

ExprPtr Parser::disjunction() {
    const Span start = peek().span;
    ExprPtr first = conjunction();
    if (!at(Code::kw_or)) return first;
    auto e = make(ExprKind::BoolOp, start);
    e->name = "or";
    e->children.push_back(std::move(first));
    while (accept(Code::kw_or)) e->children.push_back(conjunction());
    e->span = from(e->span);
    return e;
}

ExprPtr Parser::conjunction() {
    const Span start = peek().span;
    ExprPtr first = inversion();
    if (!at(Code::kw_and)) return first;
    auto e = make(ExprKind::BoolOp, start);
    e->name = "and";
    e->children.push_back(std::move(first));
    while (accept(Code::kw_and)) e->children.push_back(inversion());
    e->span = from(e->span);
    return e;
}

ExprPtr Parser::inversion() {
    if (at(Code::kw_not)) {
        DepthGuard guard(*this);
        const Tok& kw = advance();
        auto e = make(ExprKind::UnaryOp, kw.span);
        e->name = "not";
        e->children.push_back(inversion());
        e->span = from(kw.span);
        return e;
    }
    return comparison();
}

ExprPtr Parser::comparison() {
    const Span start = peek().span;
    ExprPtr left = binary(1);
    ExprPtr cmp;
    for (;;) {
        const char* op = nullptr;
        size_t n = 1;
        switch (peek().code) {
        case Code::eqequal: op = "=="; break;
        case Code::notequal: op = "!="; break;
        case Code::less: op = "<"; break;
        case Code::lessequal: op = "<="; break;
        case Code::greater: op = ">"; break;
        case Code::greaterequal: op = ">="; break;
        case Code::kw_in: op = "in"; break;
        case Code::kw_not:
            if (peek(1).code == Code::kw_in) {
                op = "not in";
                n = 2;
            }
            break;
        case Code::kw_is:
            if (peek(1).code == Code::kw_not) {
                op = "is not";
                n = 2;
            } else {
                op = "is";
            }
            break;
        default: break;
        }
        if (!op) break;
        for (size_t i = 0; i < n; ++i) advance();
        if (!cmp) {
            cmp = make(ExprKind::Compare, start);
            cmp->children.push_back(std::move(left));
        }
        cmp->ops.emplace_back(op);
        cmp->children.push_back(binary(1));
    }
    if (!cmp) return left;
    cmp->span = from(cmp->span);
    return cmp;
}

namespace {
// Binary operator precedence (higher binds tighter); 0 when not a binary operator.
int precedence(Code c, const char*& op) {
    switch (c) {
    case Code::vbar: op = "|"; return 1;
    case Code::circumflex: op = "^"; return 2;
    case Code::amper: op = "&"; return 3;
    case Code::leftshift: op = "<<"; return 4;
    case Code::rightshift: op = ">>"; return 4;
    case Code::plus: op = "+"; return 5;
    case Code::minus: op = "-"; return 5;
    case Code::star: op = "*"; return 6;
    case Code::slash: op = "/"; return 6;
    case Code::doubleslash: op = "//"; return 6;
    case Code::percent: op = "%"; return 6;
    case Code::at: op = "@"; return 6;
    default: return 0;
    }
}
}  // namespace

ExprPtr Parser::binary(int min_prec) {
    const Span start = peek().span;
    ExprPtr left = factor();
    for (;;) {
        const char* op = nullptr;
        int prec = precedence(peek().code, op);
        if (prec == 0 || prec < min_prec) break;
        advance();
        chain_step();
        ExprPtr right = prec < 6 ? binary(prec + 1) : factor();
        auto e = make(ExprKind::BinOp, start);
        e->name = op;
        e->children.push_back(std::move(left));
        e->children.push_back(std::move(right));
        e->span = from(e->span);
        left = std::move(e);
    }
    return left;
}

ExprPtr Parser::factor() {
    Code c = peek().code;
    if (c == Code::minus || c == Code::plus || c == Code::tilde) {
        DepthGuard guard(*this);
        const Tok& t = advance();
        auto e = make(ExprKind::UnaryOp, t.span);
        e->name = c == Code::minus ? "-" : c == Code::plus ? "+" : "~";
        e->children.push_back(factor());
        e->span = from(t.span);
        return e;
    }
    return power();
}

ExprPtr Parser::power() {
    const Span start = peek().span;
    ExprPtr base;
    if (at(Code::kw_await)) {
        DepthGuard guard(*this);
        const Tok& kw = advance();
        base = make(ExprKind::Await, kw.span);
        base->children.push_back(primary());
        base->span = from(kw.span);
    } else {
        base = primary();
    }
    if (!at(Code::doublestar)) return base;
    advance();
    DepthGuard guard(*this);
    auto e = make(ExprKind::BinOp, start);
    e->name = "**";
    e->children.push_back(std::move(base));
    e->children.push_back(factor());
    e->span = from(e->span);
    return e;
}

ExprPtr Parser::primary() {
    const Span start = peek().span;
    ExprPtr e = atom();
    for (;;) {
        Code c = peek().code;
        if (c == Code::dot) {
            advance();
            chain_step();
            auto a = make(ExprKind::Attribute, start);
            a->name = expect_name();
            a->children.push_back(std::move(e));
            a->span = from(a->span);
            e = std::move(a);
        } else if (c == Code::lpar) {
            advance();
            chain_step();
            auto call = make(ExprKind::Call, start);
            const Span open = prev().span;
            call->children.push_back(std::move(e));
            call_args(*call, &open);
            call->span = from(call->span);
            e = std::move(call);
        } else if (c == Code::lsqb) {
            advance();
            chain_step();
            auto sub = make(ExprKind::Subscript, start);
            sub->children.push_back(std::move(e));
            sub->children.push_back(slices());
            expect(Code::rsqb, "]");
            sub->span = from(sub->span);
            e = std::move(sub);
        } else {
            return e;
        }
    }
}

// After '(' has been consumed; consumes the ')'.
void Parser::call_args(Expr& call, const Span* open) {
    DepthGuard guard(*this);
    ChainScope scope(*this);
    bool seen_keyword = false, seen_kwargs = false;
    size_t count = 0;
    while (!at(Code::rpar)) {
        const Tok& t = peek();
        if (at(Code::star)) {
            advance();
            auto s = make(ExprKind::Starred, t.span);
            s->children.push_back(expression());
            s->span = from(t.span);
            if (seen_kwargs) fail_span(s->span, "iterable argument unpacking follows keyword argument unpacking");
            call.children.push_back(std::move(s));
        } else if (at(Code::doublestar)) {
            advance();
            Keyword k;
            k.value = expression();
            k.span = from(t.span);
            call.keywords.push_back(std::move(k));
            seen_kwargs = true;
        } else if (at_name() && peek(1).code == Code::equal) {
            advance();
            advance();
            Keyword k;
            k.arg = std::string(t.text(m_src));
            k.value = expression();
            k.span = from(t.span);
            call.keywords.push_back(std::move(k));
            seen_keyword = true;
        } else {
            if (t.kind == TokenKind::Name && t.code != Code::none && peek(1).code == Code::equal &&
                t.code != Code::kw_lambda && t.code != Code::kw_not && t.code != Code::kw_await)
                fail_span(t.span, "cannot assign to " + std::string(t.text(m_src)));
            ExprPtr arg = named_expression();
            if (at_comprehension()) {
                auto g = make(ExprKind::GeneratorExp, arg->span);
                g->children.push_back(std::move(arg));
                comprehension_clauses(g->generators);
                g->span = from(g->span);
                if (count > 0 || !at(Code::rpar)) fail_span(g->span, "Generator expression must be parenthesized");
                // A sole generator argument borrows the call's parentheses, as in CPython.
                if (open) g->span = join(*open, peek().span);
                arg = std::move(g);
            } else if (at(Code::equal)) {
                fail_span(arg->span, "expression cannot contain assignment, perhaps you meant \"==\"?");
            }
            if (seen_kwargs) fail_span(arg->span, "positional argument follows keyword argument unpacking");
            if (seen_keyword) fail_span(arg->span, "positional argument follows keyword argument");
            call.children.push_back(std::move(arg));
        }
        ++count;
        scope.next();
        if (!accept(Code::comma)) break;
    }
    if (!at(Code::rpar)) {
        if (starts_expression(peek()) && peek().kind != TokenKind::Error)
            forgot_comma();
        invalid();
    }
    advance();
}

ExprPtr Parser::slices() {
    const Span start = peek().span;
    ExprPtr first = slice_item();
    if (!at(Code::comma)) {
        if (first->kind != ExprKind::Starred) return first;
        // `tuple[*Ts]`: a starred slice is always a tuple element.
        auto t = make(ExprKind::Tuple, first->span);
        t->children.push_back(std::move(first));
        return t;
    }
    auto t = make(ExprKind::Tuple, start);
    ChainScope scope(*this);
    t->children.push_back(std::move(first));
    scope.next();
    while (accept(Code::comma)) {
        if (at(Code::rsqb)) break;
        t->children.push_back(slice_item());
        scope.next();
    }
    t->span = from(t->span);
    return t;
}

ExprPtr Parser::slice_item() {
    if (at(Code::star)) return star_expression();
    ExprPtr lower;
    const Span start = peek().span;
    if (!at(Code::colon)) {
        lower = named_expression();
        if (!at(Code::colon)) return lower;
    }
    advance();
    auto s = make(ExprKind::Slice, start);
    ExprPtr upper, step;
    auto ends = [&] { return at(Code::colon) || at(Code::comma) || at(Code::rsqb); };
    if (!ends()) upper = expression();
    if (accept(Code::colon)) {
        if (!at(Code::comma) && !at(Code::rsqb)) step = expression();
    }
    s->children.push_back(std::move(lower));
    s->children.push_back(std::move(upper));
    s->children.push_back(std::move(step));
    s->span = from(start);
    return s;
}

void Parser::comprehension_clauses(std::vector<Comprehension>& out) {
    while (at_comprehension()) {
        Comprehension c;
        c.is_async = accept(Code::kw_async);
        advance();  // for
        c.target = star_targets();
        check_target(*c.target, "for");
        expect(Code::kw_in, "in");
        c.iter = disjunction();
        while (accept(Code::kw_if)) c.ifs.push_back(disjunction());
        out.push_back(std::move(c));
    }
}

ExprPtr Parser::star_target() {
    if (at(Code::star)) {
        DepthGuard guard(*this);
        const Tok& st = advance();
        auto e = make(ExprKind::Starred, st.span);
        e->children.push_back(star_target());
        e->span = from(st.span);
        return e;
    }
    return binary(1);
}

ExprPtr Parser::star_targets() {
    const Span start = peek().span;
    ExprPtr first = star_target();
    if (!at(Code::comma)) return first;
    auto t = make(ExprKind::Tuple, start);
    ChainScope scope(*this);
    t->children.push_back(std::move(first));
    scope.next();
    while (accept(Code::comma)) {
        if (at(Code::kw_in) || at(Code::equal)) break;
        t->children.push_back(star_target());
        scope.next();
    }
    t->span = from(t->span);
    return t;
}

ExprPtr Parser::atom() {
    const Tok& t = peek();
    switch (t.kind) {
    case TokenKind::Name: {
        switch (t.code) {
        case Code::none: {
            advance();
            auto e = make(ExprKind::Name, t.span);
            e->name = std::string(t.text(m_src));
            return e;
        }
        case Code::kw_None:
        case Code::kw_True:
        case Code::kw_False: {
            advance();
            auto e = make(ExprKind::Constant, t.span);
            e->const_kind = t.code == Code::kw_None ? ConstKind::None
                            : t.code == Code::kw_True ? ConstKind::True
                                                      : ConstKind::False;
            return e;
        }
        default: invalid();
        }
    }
    case TokenKind::Number: {
        advance();
        auto e = make(ExprKind::Constant, t.span);
        e->value = std::string(t.text(m_src));
        char last = t.text(m_src).back();
        if (last == 'j' || last == 'J') {
            e->const_kind = ConstKind::Imaginary;
        } else {
            bool hex = t.text(m_src).size() > 1 && t.text(m_src)[0] == '0' && (t.text(m_src)[1] | 0x20) == 'x';
            bool is_float = !hex && t.text(m_src).find_first_of(".eE") != std::string_view::npos;
            e->const_kind = is_float ? ConstKind::Float : ConstKind::Int;
        }
        return e;
    }
    case TokenKind::String:
    case TokenKind::FStringStart:
    case TokenKind::TStringStart: return strings();
    case TokenKind::Op:
        switch (t.code) {
        case Code::lpar: return paren_atom();
        case Code::lsqb: return list_atom();
        case Code::lbrace: return brace_atom();
        case Code::ellipsis: {
            advance();
            auto e = make(ExprKind::Constant, t.span);
            e->const_kind = ConstKind::Ellipsis;
            return e;
        }
        default: break;
        }
        break;
    case TokenKind::Error: fail_at(t, "");
    case TokenKind::Indent: fail_at(t, "unexpected indent");
    default: break;
    }
    if (t.kind == TokenKind::Newline && t.text(m_src).empty()) fail_at(t, "unexpected EOF while parsing", true);
    invalid();
}

ExprPtr Parser::paren_atom() {
    DepthGuard guard(*this);
    const Tok& open = advance();
    if (accept(Code::rpar)) return make(ExprKind::Tuple, from(open.span));
    if (at(Code::kw_yield)) {
        ExprPtr y = yield_expr();
        expect(Code::rpar, ")");
        return y;
    }
    ExprPtr first = star_named_expression();
    if (at_comprehension()) {
        auto g = make(ExprKind::GeneratorExp, open.span);
        g->children.push_back(std::move(first));
        comprehension_clauses(g->generators);
        expect(Code::rpar, ")");
        g->span = from(open.span);
        return g;
    }
    if (accept(Code::rpar)) {
        if (first->kind == ExprKind::Starred) fail_span(first->span, "cannot use starred expression here");
        return first;
    }
    if (!at(Code::comma)) {
        if (starts_expression(peek()) && peek().kind != TokenKind::Error)
            forgot_comma();
        invalid();
    }
    auto t = make(ExprKind::Tuple, open.span);
    ChainScope scope(*this);
    t->children.push_back(std::move(first));
    scope.next();
    while (accept(Code::comma)) {
        if (at(Code::rpar)) break;
        t->children.push_back(star_named_expression());
        scope.next();
    }
    if (!at(Code::rpar)) {
        if (starts_expression(peek()) && peek().kind != TokenKind::Error)
            forgot_comma();
        invalid();
    }
    advance();
    t->span = from(open.span);
    return t;
}

ExprPtr Parser::list_atom() {
    DepthGuard guard(*this);
    const Tok& open = advance();
    auto l = make(ExprKind::List, open.span);
    if (accept(Code::rsqb)) {
        l->span = from(open.span);
        return l;
    }
    ExprPtr first = star_named_expression();
    if (at_comprehension()) {
        auto c = make(ExprKind::ListComp, open.span);
        c->children.push_back(std::move(first));
        comprehension_clauses(c->generators);
        expect(Code::rsqb, "]");
        c->span = from(open.span);
        return c;
    }
    ChainScope scope(*this);
    l->children.push_back(std::move(first));
    scope.next();
    while (accept(Code::comma)) {
        if (at(Code::rsqb)) break;
        l->children.push_back(star_named_expression());
        scope.next();
    }
    if (!at(Code::rsqb)) {
        if (starts_expression(peek()) && peek().kind != TokenKind::Error)
            forgot_comma();
        invalid();
    }
    advance();
    l->span = from(open.span);
    return l;
}

ExprPtr Parser::brace_atom() {
    DepthGuard guard(*this);
    const Tok& open = advance();
    if (accept(Code::rbrace)) return make(ExprKind::Dict, from(open.span));
    ChainScope scope(*this);
    auto finish = [&](ExprPtr e, Code close) {
        if (!at(close)) {
            if (starts_expression(peek()) && peek().kind != TokenKind::Error)
                forgot_comma();
            invalid();
        }
        advance();
        e->span = from(open.span);
        return e;
    };
    bool is_dict = at(Code::doublestar);
    ExprPtr first_key, first_value;
    if (is_dict) {
        advance();
        first_value = binary(1);
    } else {
        first_key = star_named_expression();
        if (accept(Code::colon)) {
            is_dict = true;
            first_value = expression();
        }
    }
    if (is_dict) {
        if (first_key && at_comprehension()) {
            auto c = make(ExprKind::DictComp, open.span);
            c->children.push_back(std::move(first_key));
            c->children.push_back(std::move(first_value));
            comprehension_clauses(c->generators);
            return finish(std::move(c), Code::rbrace);
        }
        auto d = make(ExprKind::Dict, open.span);
        d->children.push_back(std::move(first_key));
        d->children.push_back(std::move(first_value));
        scope.next();
        while (accept(Code::comma)) {
            if (at(Code::rbrace)) break;
            if (accept(Code::doublestar)) {
                d->children.push_back(nullptr);
                d->children.push_back(binary(1));
            } else {
                d->children.push_back(expression());
                expect(Code::colon, ":");
                d->children.push_back(expression());
            }
            scope.next();
        }
        return finish(std::move(d), Code::rbrace);
    }
    if (at_comprehension()) {
        auto c = make(ExprKind::SetComp, open.span);
        c->children.push_back(std::move(first_key));
        comprehension_clauses(c->generators);
        return finish(std::move(c), Code::rbrace);
    }
    auto s = make(ExprKind::Set, open.span);
    s->children.push_back(std::move(first_key));
    scope.next();
    while (accept(Code::comma)) {
        if (at(Code::rbrace)) break;
        s->children.push_back(star_named_expression());
        scope.next();
    }
    return finish(std::move(s), Code::rbrace);
}

namespace {
struct Prefix {
    bool raw = false, is_bytes = false, is_f = false;
    size_t len = 0;  // prefix characters
    size_t quote = 1;
};
Prefix prefix_of(std::string_view text) {
    Prefix p;
    while (p.len < text.size() && text[p.len] != '"' && text[p.len] != '\'') {
        char c = static_cast<char>(text[p.len] | 0x20);
        if (c == 'r') p.raw = true;
        else if (c == 'b') p.is_bytes = true;
        else if (c == 'f') p.is_f = true;
        ++p.len;
    }
    if (text.size() >= p.len + 6 && text[p.len + 1] == text[p.len] && text[p.len + 2] == text[p.len]) p.quote = 3;
    return p;
}

void append_constant(std::vector<ExprPtr>& parts, std::string_view value, const Span& span) {
    if (!parts.empty() && parts.back()->kind == ExprKind::Constant) {
        parts.back()->value.append(value);
        parts.back()->span = join(parts.back()->span, span);
        return;
    }
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::Constant;
    e->const_kind = ConstKind::Str;
    e->span = span;
    e->value = std::string(value);
    parts.push_back(std::move(e));
}
}  // namespace

// Implicitly concatenated string, bytes, f-string and t-string literals.
ExprPtr Parser::strings() {
    const Span start = peek().span;
    std::string value;
    std::vector<ExprPtr> parts;  // f-string or t-string parts when any is present
    bool any_f = false, any_bytes = false, any_str = false, any_t = false;
    const Tok* previous = nullptr;  // the literal before the current one
    while (is_string_start(peek().kind)) {
        const Tok& t = peek();
        // PEP 750: t-strings concatenate only with t-strings. CPython points at the last
        // literal before the first switch between the two.
        if (previous && (t.kind == TokenKind::TStringStart) != any_t)
            fail_span(previous->span, "cannot mix t-string literals with string or bytes literals");
        previous = &t;
        if (t.kind == TokenKind::TStringStart) {
            any_t = true;
            fstring(parts);
            continue;
        }
        if (t.kind == TokenKind::FStringStart) {
            if (!any_f) {
                any_f = true;
                if (!value.empty() || any_str) append_constant(parts, value, start);
                value.clear();
            }
            any_str = true;
            fstring(parts);
            continue;
        }
        advance();
        Prefix p = prefix_of(t.text(m_src));
        if (p.is_bytes) any_bytes = true;
        else any_str = true;
        std::string_view body = t.text(m_src).substr(p.len + p.quote, t.text(m_src).size() - p.len - 2 * p.quote);
        std::string err;
        if (any_f) {
            std::string piece;
            err = detail::decode_literal(body, p.raw, false, false, piece);
            if (err.empty()) append_constant(parts, piece, t.span);
        } else {
            err = detail::decode_literal(body, p.raw, p.is_bytes, false, value);
        }
        if (!err.empty()) fail_span(t.span, err);
    }
    // CPython reports the mix on the token after the whole concatenation.
    if (any_bytes && any_str) fail_at(peek(), "cannot mix bytes and nonbytes literals");
    if (any_f || any_t) {
        auto j = make(any_t ? ExprKind::TemplateStr : ExprKind::JoinedStr, from(start));
        // An empty constant only survives when it is the sole part ("f''" has no parts).
        for (auto& part : parts)
            if (!(part->kind == ExprKind::Constant && part->value.empty())) j->children.push_back(std::move(part));
        return j;
    }
    auto e = make(ExprKind::Constant, from(start));
    e->const_kind = any_bytes ? ConstKind::Bytes : ConstKind::Str;
    e->value = std::move(value);
    return e;
}

// One f-string (FStringStart .. FStringEnd) or t-string (TStringStart .. TStringEnd),
// appending its parts.
void Parser::fstring(std::vector<ExprPtr>& parts) {
    const Tok& st = advance();
    const bool is_t = st.kind == TokenKind::TStringStart;
    Prefix p = prefix_of(st.text(m_src));
    for (;;) {
        const Tok& t = peek();
        if (t.kind == TokenKind::FStringEnd || t.kind == TokenKind::TStringEnd) {
            advance();
            return;
        }
        if (t.kind == TokenKind::FStringMiddle || t.kind == TokenKind::TStringMiddle) {
            advance();
            std::string piece;
            std::string err = detail::decode_literal(t.text(m_src), p.raw, false, true, piece);
            if (!err.empty()) fail_span(t.span, err);
            append_constant(parts, piece, t.span);
            continue;
        }
        if (t.code == Code::lbrace) {
            const Tok& open = advance();
            // `=` debug specifier: the expression's text becomes a literal part.
            size_t expr_begin = open.span.end;
            ExprPtr field = fstring_field(is_t, false);
            // fstring_field leaves the end offset of a `=` debug text in value.
            if (!field->value.empty()) {
                std::string_view src = m_mod.source;
                size_t end = std::stoul(field->value);
                append_constant(parts, src.substr(expr_begin, end - expr_begin), open.span);
                field->value.clear();
            }
            if (is_t) {
                // Interpolation.str: from after '{' to the end of the expression (CPython 3.14
                // keeps the leading whitespace and drops the trailing one).
                field->value = std::string(m_mod.source.substr(expr_begin, field->span.end - expr_begin));
            }
            field->span = from(open.span);
            parts.push_back(std::move(field));
            continue;
        }
        if (t.kind == TokenKind::Error) fail_at(t, "");
        fail_at(t, std::string(is_t ? "t-string" : "f-string") + ": expecting '}'");
    }
}

// After '{': expression, optional '=', '!conv', ':spec'; consumes the '}'. A t-string's own
// field is an Interpolation; fields nested in a format spec are FormattedValues, as in
// CPython.
ExprPtr Parser::fstring_field(bool is_t, bool in_spec) {
    DepthGuard guard(*this);
    const char* what = is_t ? "t-string" : "f-string";
    if (at(Code::rbrace)) fail_at(peek(), std::string(what) + ": valid expression required before '}'");
    auto fv = make(is_t && !in_spec ? ExprKind::Interpolation : ExprKind::FormattedValue, peek().span);
    ExprPtr value = at(Code::kw_yield) ? yield_expr() : star_expressions();
    // The end of the expression's last token, parentheses included (t-string text).
    fv->span.end = prev().span.end;
    fv->children.push_back(std::move(value));
    bool debug = false;
    if (at(Code::equal)) {
        const Tok& eq = advance();
        debug = true;
        // Remember where the debug text ends (after '=' and any whitespace before the next token).
        fv->value = std::to_string(peek().span.begin > eq.span.end ? peek().span.begin : eq.span.end);
    }
    if (accept(Code::exclamation)) {
        if (!at_name() || (peek().text(m_src) != "r" && peek().text(m_src) != "s" && peek().text(m_src) != "a")) {
            if (peek().kind == TokenKind::Name)
                fail_at(peek(), std::string(what) + ": invalid conversion character '" +
                                    std::string(peek().text(m_src)) + "': expected 's', 'r', or 'a'");
            fail_at(peek(), std::string(what) + ": missing conversion character");
        }
        fv->name = std::string(advance().text(m_src));
    }
    if (accept(Code::colon)) {
        auto spec = make(ExprKind::JoinedStr, peek().span);
        std::vector<ExprPtr> parts;
        while (!at(Code::rbrace)) {
            const Tok& t = peek();
            if (t.kind == TokenKind::FStringMiddle || t.kind == TokenKind::TStringMiddle) {
                advance();
                std::string piece;
                std::string err = detail::decode_literal(t.text(m_src), false, false, true, piece);
                if (!err.empty()) fail_span(t.span, err);
                append_constant(parts, piece, t.span);
            } else if (t.code == Code::lbrace) {
                const Tok& open = advance();
                ExprPtr inner = fstring_field(is_t, true);
                inner->value.clear();
                inner->span = from(open.span);
                parts.push_back(std::move(inner));
            } else {
                if (t.kind == TokenKind::Error) fail_at(t, "");
                fail_at(t, std::string(what) + ": expecting '}'");
            }
        }
        spec->children = std::move(parts);
        spec->span = from(spec->span);
        fv->children.push_back(std::move(spec));
    } else if (debug && fv->name.empty()) {
        fv->name = "r";
    }
    if (!at(Code::rbrace)) {
        if (at_kind(TokenKind::Error)) fail_at(peek(), "");
        fail_at(peek(), std::string(what) + ": expecting '}'");
    }
    advance();
    return fv;
}

}  // namespace

Module parse(std::string source, std::string file) {
    Module mod;
    mod.file = std::move(file);
    mod.source = std::move(source);
    // The token buffer outlives the parse: a project parses thousands of files, and a fresh
    // buffer for each costs more in the allocator than tokenizing does. A buffer grown by one
    // huge file is not kept.
    thread_local std::vector<Tok> t_tokens;
    std::vector<Tok> tokens;
    tokens.swap(t_tokens);
    tokens.clear();
    Parser parser(mod, tokens);
    parser.run();
    constexpr size_t k_kept_tokens = size_t{1} << 16;
    if (tokens.capacity() <= k_kept_tokens) t_tokens.swap(tokens);
    return mod;
}

}  // namespace mig_guard::python
