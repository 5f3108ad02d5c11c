// Internal: the tokenizer shared by tokenize() and parse(). It produces tokens carrying a
// small operator/keyword code so that the parser never compares strings in its hot loop.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mig_guard/python/parser.hpp"

namespace mig_guard::python::detail {

// Operator and keyword codes. `none` for names that are not keywords and for literals.
enum class Code : uint8_t {
    none,
    // operators
    lpar, rpar, lsqb, rsqb, lbrace, rbrace, colon, comma, semi, plus, minus, star, slash,
    vbar, amper, less, greater, equal, dot, percent, eqequal, notequal, lessequal,
    greaterequal, tilde, circumflex, leftshift, rightshift, doublestar, plusequal, minequal,
    starequal, slashequal, percentequal, amperequal, vbarequal, circumflexequal,
    leftshiftequal, rightshiftequal, doublestarequal, doubleslash, doubleslashequal, at,
    atequal, rarrow, ellipsis, colonequal, exclamation,
    // hard keywords
    kw_False, kw_None, kw_True, kw_and, kw_as, kw_assert, kw_async, kw_await, kw_break,
    kw_class, kw_continue, kw_def, kw_del, kw_elif, kw_else, kw_except, kw_finally, kw_for,
    kw_from, kw_global, kw_if, kw_import, kw_in, kw_is, kw_lambda, kw_nonlocal, kw_not,
    kw_or, kw_pass, kw_raise, kw_return, kw_try, kw_while, kw_with, kw_yield,
};

struct Tok {
    TokenKind kind = TokenKind::EndMarker;
    Code code = Code::none;
    Span span;
    // The token's text; not stored, to keep tokens small (the parser holds a million of them).
    std::string_view text(std::string_view src) const { return src.substr(span.begin, span.end - span.begin); }
};

struct LexError {
    bool set = false;
    std::string message;
    uint32_t line = 0;
    uint32_t column = 0;
    bool indentation = false;  // IndentationError rather than SyntaxError
    // Brackets still open at end of file: CPython reports this only when the parser runs
    // into the end, or fails on a later line than the bracket.
    bool unclosed = false;
};

// Tokenizes `src` into `out`. With `keep_trivia` false, comments and non-logical newlines
// are dropped (what the parser wants). On the first error, records it in `err`, appends one
// Error token at the error position and stops (no EndMarker).
void lex(std::string_view src, bool keep_trivia, std::vector<Tok>& out, LexError& err);

// Maximum bracket nesting, as CPython's tokenizer (MAXLEVEL).
constexpr size_t k_max_paren_depth = 200;
// Maximum indentation nesting, as CPython's tokenizer (MAXINDENT).
constexpr size_t k_max_indent_depth = 100;

}  // namespace mig_guard::python::detail
