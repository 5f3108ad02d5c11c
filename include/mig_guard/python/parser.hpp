// Python tokenizer and parser, for the grammar of Python 3.14. Never executes anything;
// never crashes, hangs or reads out of bounds, whatever the input (fuzzed:
// tests/fuzz/fuzz_python.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mig_guard/python/ast.hpp"

namespace mig_guard::python {

enum class TokenKind : uint8_t {
    Name, Number, String, FStringStart, FStringMiddle, FStringEnd, Op, Newline, NonLogicalNewline,
    Indent, Dedent, Comment, EndMarker, Error,
    TStringStart, TStringMiddle, TStringEnd,  // PEP 750 t-strings, shaped as f-strings are
};

struct Token {
    TokenKind kind;
    Span span;
    std::string_view text;  // points into the source given to tokenize
};

struct TokenizeResult {
    std::vector<Token> tokens;
    Diagnostics diagnostics;
};

// Tokens as CPython's tokenize module yields them (comments and non-logical newlines
// included), ending with EndMarker. `file` is only used in diagnostics.
TokenizeResult tokenize(std::string_view source, const std::string& file);

// Parses a whole module. A syntax error yields a Diagnostic (file:line:column, what was
// expected) in Module::diagnostics; the body holds whatever parsed before it.
Module parse(std::string source, std::string file);

}  // namespace mig_guard::python
