// Token streams for the tricky parts of Python's lexical grammar, compared with what
// CPython 3.12's tokenize module yields.
#include <gtest/gtest.h>

#include "mig_guard/python/parser.hpp"

using namespace mig_guard::python;

namespace {

const char* kind_name(TokenKind k) {
    switch (k) {
    case TokenKind::Name: return "NAME";
    case TokenKind::Number: return "NUMBER";
    case TokenKind::String: return "STRING";
    case TokenKind::FStringStart: return "FSTART";
    case TokenKind::FStringMiddle: return "FMID";
    case TokenKind::FStringEnd: return "FEND";
    case TokenKind::Op: return "OP";
    case TokenKind::Newline: return "NEWLINE";
    case TokenKind::NonLogicalNewline: return "NL";
    case TokenKind::Indent: return "INDENT";
    case TokenKind::Dedent: return "DEDENT";
    case TokenKind::Comment: return "COMMENT";
    case TokenKind::EndMarker: return "END";
    case TokenKind::Error: return "ERROR";
    case TokenKind::TStringStart: return "TSTART";
    case TokenKind::TStringMiddle: return "TMID";
    case TokenKind::TStringEnd: return "TEND";
    }
    return "?";
}

// "KIND:text" for tokens with text, "KIND" for the structural ones, space separated.
std::string stream(std::string_view src) {
    auto r = tokenize(src, "t.py");
    EXPECT_TRUE(r.diagnostics.empty()) << r.diagnostics.front().str();
    std::string out;
    for (const auto& t : r.tokens) {
        if (!out.empty()) out += ' ';
        out += kind_name(t.kind);
        bool structural = t.kind == TokenKind::Newline || t.kind == TokenKind::NonLogicalNewline ||
                          t.kind == TokenKind::Indent || t.kind == TokenKind::Dedent || t.kind == TokenKind::EndMarker;
        if (!structural) {
            out += ':';
            out += t.text;
        }
    }
    return out;
}

const Token& nth(const TokenizeResult& r, size_t i) { return r.tokens.at(i); }

}  // namespace

TEST(Tokenizer, SimpleStatement) {
    EXPECT_EQ(stream("x = 1\n"), "NAME:x OP:= NUMBER:1 NEWLINE END");
}

TEST(Tokenizer, MissingFinalNewlineStillEndsTheLogicalLine) {
    auto r = tokenize("x", "t.py");
    ASSERT_EQ(r.tokens.size(), 3u);
    EXPECT_EQ(r.tokens[1].kind, TokenKind::Newline);
    EXPECT_EQ(r.tokens[1].text, "");
    EXPECT_EQ(r.tokens[2].kind, TokenKind::EndMarker);
}

TEST(Tokenizer, IndentDedentToMultipleLevels) {
    EXPECT_EQ(stream("if a:\n    if b:\n        x\ny\n"),
              "NAME:if NAME:a OP:: NEWLINE INDENT NAME:if NAME:b OP:: NEWLINE INDENT NAME:x NEWLINE DEDENT DEDENT "
              "NAME:y NEWLINE END");
    // At end of file every open level is closed.
    EXPECT_EQ(stream("if a:\n  if b:\n    x\n"),
              "NAME:if NAME:a OP:: NEWLINE INDENT NAME:if NAME:b OP:: NEWLINE INDENT NAME:x NEWLINE DEDENT DEDENT END");
}

TEST(Tokenizer, BlankAndCommentLinesDoNotChangeIndentation) {
    EXPECT_EQ(stream("if a:\n\n  # note\n    \n  x\n"),
              "NAME:if NAME:a OP:: NEWLINE NL COMMENT:# note NL NL INDENT NAME:x NEWLINE DEDENT END");
}

TEST(Tokenizer, TabsCountToMultiplesOfEight) {
    // A tab then 8 spaces: both are column 8 under CPython's rule only if consistent.
    EXPECT_EQ(stream("if a:\n\tx\n\ty\n"),
              "NAME:if NAME:a OP:: NEWLINE INDENT NAME:x NEWLINE NAME:y NEWLINE DEDENT END");
    auto r = tokenize("if a:\n\tx\n        y\n", "t.py");
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].message, "inconsistent use of tabs and spaces in indentation");
    EXPECT_EQ(r.diagnostics[0].location.line, 3u);
}

TEST(Tokenizer, ImplicitLineJoiningInsideBrackets) {
    EXPECT_EQ(stream("f(a,\n  b)\n"), "NAME:f OP:( NAME:a OP:, NL NAME:b OP:) NEWLINE END");
    EXPECT_EQ(stream("x = [\n    1,  # one\n]\n"), "NAME:x OP:= OP:[ NL NUMBER:1 OP:, COMMENT:# one NL OP:] NEWLINE END");
}

TEST(Tokenizer, BackslashContinuation) {
    EXPECT_EQ(stream("x = 1 + \\\n    2\n"), "NAME:x OP:= NUMBER:1 OP:+ NUMBER:2 NEWLINE END");
    auto r = tokenize("x = 1 + \\\n    2\n", "t.py");
    EXPECT_EQ(nth(r, 4).span.line, 2u);
    EXPECT_EQ(nth(r, 4).span.column, 5u);
}

TEST(Tokenizer, CrlfAndCrLineEndings) {
    EXPECT_EQ(stream("if a:\r\n    x = 1\r\ny\r\n"),
              "NAME:if NAME:a OP:: NEWLINE INDENT NAME:x OP:= NUMBER:1 NEWLINE DEDENT NAME:y NEWLINE END");
    auto r = tokenize("a\rb\r", "t.py");
    ASSERT_TRUE(r.diagnostics.empty());
    EXPECT_EQ(nth(r, 2).text, "b");
    EXPECT_EQ(nth(r, 2).span.line, 2u);
    EXPECT_EQ(nth(r, 2).span.column, 1u);
}

TEST(Tokenizer, BomIsSkipped) {
    auto r = tokenize("\xEF\xBB\xBFx = 1\n", "t.py");
    ASSERT_TRUE(r.diagnostics.empty());
    EXPECT_EQ(nth(r, 0).text, "x");
    EXPECT_EQ(nth(r, 0).span.column, 1u);
    EXPECT_EQ(nth(r, 0).span.begin, 3u);
}

TEST(Tokenizer, Numbers) {
    EXPECT_EQ(stream("0x1F 0o17 0b1010 1_000_000 3.14 1e10 1.5E-3 .5 5. 2j 1.5J 0_0 0XDEAD_beef 1_0.2_5e+1_0\n"),
              "NUMBER:0x1F NUMBER:0o17 NUMBER:0b1010 NUMBER:1_000_000 NUMBER:3.14 NUMBER:1e10 NUMBER:1.5E-3 "
              "NUMBER:.5 NUMBER:5. NUMBER:2j NUMBER:1.5J NUMBER:0_0 NUMBER:0XDEAD_beef NUMBER:1_0.2_5e+1_0 NEWLINE END");
    // Attribute access on an int literal needs a space; `1 .real` is NUMBER OP NAME.
    EXPECT_EQ(stream("1 .real\n"), "NUMBER:1 OP:. NAME:real NEWLINE END");
}

TEST(Tokenizer, StringPrefixesAnyCase) {
    EXPECT_EQ(stream("r'a' b'b' rb'c' BR'd' Rb'e' u'f' U'g' R'h'\n"),
              "STRING:r'a' STRING:b'b' STRING:rb'c' STRING:BR'd' STRING:Rb'e' STRING:u'f' STRING:U'g' STRING:R'h' "
              "NEWLINE END");
    // Not a prefix: a name followed by a string.
    EXPECT_EQ(stream("ur'x'\n"), "NAME:ur STRING:'x' NEWLINE END");
}

TEST(Tokenizer, TripleQuotedStringsSpanLines) {
    auto r = tokenize("x = '''a\n'b'\n\"\"\"c'''\ny\n", "t.py");
    ASSERT_TRUE(r.diagnostics.empty());
    const Token& s = nth(r, 2);
    EXPECT_EQ(s.kind, TokenKind::String);
    EXPECT_EQ(s.text, "'''a\n'b'\n\"\"\"c'''");
    EXPECT_EQ(s.span.line, 1u);
    EXPECT_EQ(s.span.end_line, 3u);
    EXPECT_EQ(s.span.end_column, 8u);
    EXPECT_EQ(nth(r, 4).text, "y");
    EXPECT_EQ(nth(r, 4).span.line, 4u);
}

TEST(Tokenizer, EscapedQuotesAndRawBackslashes) {
    EXPECT_EQ(stream("'it\\'s' r'\\'' \"a\\\\\"\n"), "STRING:'it\\'s' STRING:r'\\'' STRING:\"a\\\\\" NEWLINE END");
}

TEST(Tokenizer, FStringSimple) {
    EXPECT_EQ(stream("f'a{x}b'\n"), "FSTART:f' FMID:a OP:{ NAME:x OP:} FMID:b FEND:' NEWLINE END");
}

TEST(Tokenizer, FStringConversionSpecAndDebug) {
    EXPECT_EQ(stream("f'{x!r:>{w}.3} {y=}'\n"),
              "FSTART:f' OP:{ NAME:x OP:! NAME:r OP:: FMID:> OP:{ NAME:w OP:} FMID:.3 OP:} FMID:  OP:{ NAME:y OP:= OP:} "
              "FEND:' NEWLINE END");
}

TEST(Tokenizer, FStringNestedSameQuotes) {
    // PEP 701: the same quote may be reused inside a replacement field.
    EXPECT_EQ(stream("f\"{f\"{x}\"}\"\n"),
              "FSTART:f\" OP:{ FSTART:f\" OP:{ NAME:x OP:} FEND:\" OP:} FEND:\" NEWLINE END");
    EXPECT_EQ(stream("f'{\", \".join(a)}'\n"),
              "FSTART:f' OP:{ STRING:\", \" OP:. NAME:join OP:( NAME:a OP:) OP:} FEND:' NEWLINE END");
}

TEST(Tokenizer, FStringDoubledBracesAreLiteral) {
    EXPECT_EQ(stream("f'{{a}} {b}'\n"), "FSTART:f' FMID:{{a}}  OP:{ NAME:b OP:} FEND:' NEWLINE END");
}

TEST(Tokenizer, FStringColonInsideBracketsIsNotASpec) {
    EXPECT_EQ(stream("f'{d[1:2]} {(lambda: 1)()}'\n"),
              "FSTART:f' OP:{ NAME:d OP:[ NUMBER:1 OP:: NUMBER:2 OP:] OP:} FMID:  OP:{ OP:( NAME:lambda OP:: NUMBER:1 "
              "OP:) OP:( OP:) OP:} FEND:' NEWLINE END");
}

TEST(Tokenizer, FStringTripleQuotedMultiline) {
    EXPECT_EQ(stream("f'''a\n{x\n}b'''\n"), "FSTART:f''' FMID:a\n OP:{ NAME:x NL OP:} FMID:b FEND:''' NEWLINE END");
}

TEST(Tokenizer, Operators) {
    EXPECT_EQ(stream("a := b -> c ** d **= e // f //= g @ h @= i ... j != k == l <= m >= n << o >>= p\n"),
              "NAME:a OP::= NAME:b OP:-> NAME:c OP:** NAME:d OP:**= NAME:e OP:// NAME:f OP://= NAME:g OP:@ NAME:h "
              "OP:@= NAME:i OP:... NAME:j OP:!= NAME:k OP:== NAME:l OP:<= NAME:m OP:>= NAME:n OP:<< NAME:o OP:>>= "
              "NAME:p NEWLINE END");
}

TEST(Tokenizer, UnicodeIdentifiers) {
    EXPECT_EQ(stream("caf\xC3\xA9 = \xE5\x90\x8D\n"), "NAME:caf\xC3\xA9 OP:= NAME:\xE5\x90\x8D NEWLINE END");
}

TEST(Tokenizer, CommentAtEndOfFileWithoutNewline) {
    EXPECT_EQ(stream("x\n# end"), "NAME:x NEWLINE COMMENT:# end NL END");
}

TEST(Tokenizer, SpansAreByteAccurate) {
    auto r = tokenize("def f(x):\n    return x\n", "t.py");
    ASSERT_TRUE(r.diagnostics.empty());
    const Token& ret = nth(r, 8);
    EXPECT_EQ(ret.text, "return");
    EXPECT_EQ(ret.span.line, 2u);
    EXPECT_EQ(ret.span.column, 5u);
    EXPECT_EQ(ret.span.end_column, 11u);
    EXPECT_EQ(ret.span.begin, 14u);
    EXPECT_EQ(ret.span.end, 20u);
}

TEST(Tokenizer, ErrorsAreReportedOnce) {
    struct Case {
        const char* src;
        const char* message;
        uint32_t line, column;
    };
    const Case cases[] = {
        {"x = 'abc\n", "unterminated string literal (detected at line 1)", 1, 5},
        {"x = '''abc\n\n", "unterminated triple-quoted string literal (detected at line 2)", 1, 5},
        {"f(\n", "'(' was never closed", 1, 2},
        {"x)\n", "unmatched ')'", 1, 2},
        {"(]\n", "closing parenthesis ']' does not match opening parenthesis '('", 1, 2},
        {"if a:\n    x\n  y\n", "unindent does not match any outer indentation level", 3, 3},
        {"x = 1abc\n", "invalid decimal literal", 1, 5},
        {"x = 0x\n", "invalid hexadecimal literal", 1, 5},
        {"x = 012\n", "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 1, 5},
        {"x = 1 \\ 2\n", "unexpected character after line continuation character", 1, 8},
        {"x = $\n", "invalid character '$' (U+0024)", 1, 5},
        {"x = f'abc\n", "unterminated f-string literal (detected at line 1)", 1, 5},
        {"f'{x'\n", "unterminated string literal (detected at line 1)", 1, 5},
        {"f'a}'\n", "f-string: single '}' is not allowed", 1, 4},
    };
    for (const auto& c : cases) {
        auto r = tokenize(c.src, "t.py");
        ASSERT_EQ(r.diagnostics.size(), 1u) << c.src;
        EXPECT_EQ(r.diagnostics[0].message, c.message) << c.src;
        EXPECT_EQ(r.diagnostics[0].location.line, c.line) << c.src;
        EXPECT_EQ(r.diagnostics[0].location.column, c.column) << c.src;
        EXPECT_EQ(r.diagnostics[0].stage, "python");
        EXPECT_EQ(r.tokens.back().kind, TokenKind::Error);
    }
}

TEST(Tokenizer, TooManyNestedParentheses) {
    std::string src(250, '(');
    auto r = tokenize(src, "t.py");
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].message, "too many nested parentheses");
    EXPECT_EQ(r.diagnostics[0].location.column, 201u);
}
