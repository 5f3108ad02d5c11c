// Syntax errors: exactly one diagnostic, at CPython's line:column, with CPython's message;
// and stress inputs that must neither crash nor hang.
#include <gtest/gtest.h>

#include <random>

#include "mig_guard/python/parser.hpp"

using namespace mig_guard::python;

namespace {

struct ErrorCase {
    const char* src;
    uint32_t line, column;
    const char* message;
};

// Locations and messages checked against CPython (3.11/3.12) on the same inputs.
const ErrorCase k_cases[] = {
    {"if x\n    pass\n", 1, 5, "expected ':'"},
    {"class A\n    pass\n", 1, 8, "expected ':'"},
    {"for x in y\n    pass\n", 1, 11, "expected ':'"},
    {"def f(:\n    pass\n", 1, 7, "invalid syntax"},
    {"x = (1,\ny = 2\n", 1, 5, "'(' was never closed"},
    {"x = [1, 2\n", 1, 5, "'[' was never closed"},
    {"foo(a b)\n", 1, 5, "invalid syntax. Perhaps you forgot a comma?"},
    {"x = [1 2]\n", 1, 6, "invalid syntax. Perhaps you forgot a comma?"},
    {"if x:\npass\n", 2, 1, "expected an indented block after 'if' statement on line 1"},
    {"def f():\nreturn 1\n", 2, 1, "expected an indented block after function definition on line 1"},
    {"while x:\n", 1, 9, "expected an indented block after 'while' statement on line 1"},
    {"  x = 1\n", 1, 2, "unexpected indent"},
    {"x = 1\n    y = 2\n", 2, 4, "unexpected indent"},
    {"if a:\n    x\n  y\n", 3, 3, "unindent does not match any outer indentation level"},
    {"f() = 1\n", 1, 1, "cannot assign to function call here. Maybe you meant '==' instead of '='?"},
    {"1 = x\n", 1, 1, "cannot assign to literal here. Maybe you meant '==' instead of '='?"},
    {"x + 1 += 2\n", 1, 1, "'expression' is an illegal expression for augmented assignment"},
    {"a, b: int\n", 1, 1, "only single target (not tuple) can be annotated"},
    {"del f()\n", 1, 5, "cannot delete function call"},
    {"with a as f():\n    pass\n", 1, 11, "cannot assign to function call"},
    {"x = 'abc\n", 1, 5, "unterminated string literal (detected at line 1)"},
    {"s = \"\"\"abc\n\nxyz\n", 1, 5, "unterminated triple-quoted string literal (detected at line 3)"},
    {"def f(a=1, b):\n    pass\n", 1, 12, "parameter without a default follows parameter with a default"},
    {"f(a=1, b)\n", 1, 8, "positional argument follows keyword argument"},
    {"try:\n    pass\nx = 1\n", 3, 1, "expected 'except' or 'finally' block"},
    {"x = 1 if y\n", 1, 5, "expected 'else' after 'if' expression"},
    {"import\n", 1, 7, "invalid syntax"},
    {"x = )\n", 1, 5, "unmatched ')'"},
    {"print \"hello\"\n", 1, 1, "Missing parentheses in call to 'print'. Did you mean print(...)?"},
    {"a b\n", 1, 3, "invalid syntax"},
    {"else:\n    pass\n", 1, 1, "invalid syntax"},
    {"x = f(a for a in b, c)\n", 1, 7, "Generator expression must be parenthesized"},
    {"x = 'a' b'b' 'c'\n", 1, 17, "cannot mix bytes and nonbytes literals"},
    {"x = ('a'\n b'b'\n 'c')\n", 3, 5, "cannot mix bytes and nonbytes literals"},
    {"@dec\nx = 1\n", 2, 1, "invalid syntax"},
    {"x = 1 +\n", 1, 8, "invalid syntax"},
    {"x = 1 \\ 2\n", 1, 8, "unexpected character after line continuation character"},
    {"x = 1abc\n", 1, 5, "invalid decimal literal"},
    {"x = b'\xC3\xA9'\n", 1, 5, "bytes can only contain ASCII literal characters"},
    {"x = 'a' b'b'\n", 1, 13, "cannot mix bytes and nonbytes literals"},
    {"x = f'{}'\n", 1, 8, "f-string: valid expression required before '}'"},
    {"x = f'{a!x}'\n", 1, 10, "f-string: invalid conversion character 'x': expected 's', 'r', or 'a'"},
    {"x = f'{a'\n", 1, 9, "unterminated string literal (detected at line 1)"},
    {"try:\n    pass\nexcept A:\n    pass\nexcept* B:\n    pass\n", 5, 1,
     "cannot have both 'except' and 'except*' on the same 'try'"},
    {"match x:\n    y = 1\n", 2, 5, "invalid syntax"},
    {"x = \"\\xZZ\"\n", 1, 5, "(unicode error) truncated \\xXX escape"},
};

}  // namespace

TEST(Errors, EachPathHasOneDiagnosticAtCPythonsLocation) {
    for (const auto& c : k_cases) {
        Module m = parse(c.src, "pkg/mod.py");
        ASSERT_EQ(m.diagnostics.size(), 1u) << c.src;
        const auto& d = m.diagnostics[0];
        EXPECT_EQ(d.message, c.message) << c.src;
        EXPECT_EQ(d.location.line, c.line) << c.src;
        EXPECT_EQ(d.location.column, c.column) << c.src;
        EXPECT_EQ(d.location.file, "pkg/mod.py");
        EXPECT_EQ(d.stage, "python");
        EXPECT_EQ(d.severity, mig_guard::Severity::error);
        EXPECT_FALSE(d.help.empty());
        EXPECT_FALSE(m.ok());
    }
}

TEST(Errors, NullByteInsideSource) {
    std::string src("x = 1\0\n", 7);
    Module m = parse(src, "t.py");
    ASSERT_EQ(m.diagnostics.size(), 1u);
    EXPECT_EQ(m.diagnostics[0].message, "source code cannot contain null bytes");
    EXPECT_EQ(m.diagnostics[0].location.column, 6u);
}

TEST(Errors, StatementsBeforeTheErrorAreKept) {
    Module m = parse("import os\nx = 1\ny = (\n", "t.py");
    ASSERT_FALSE(m.ok());
    ASSERT_EQ(m.body.size(), 2u);
    EXPECT_EQ(m.body[0]->kind, StmtKind::Import);
    EXPECT_EQ(m.diagnostics[0].str(),
              "t.py:3:5: error: '(' was never closed\n  help: fix the syntax error; mig-guard reads this file without running it");
}

TEST(Errors, DiagnosticMentionsTheFile) {
    Module m = parse("def f(\n", "app/models/user.py");
    ASSERT_EQ(m.diagnostics.size(), 1u);
    EXPECT_EQ(m.diagnostics[0].location.str(), "app/models/user.py:1:6");
}

// ---- stress: never crash, never hang, always one diagnostic on bad input ------------------

TEST(Stress, DeepParenthesesAreAnErrorNotAStackOverflow) {
    for (char open : {'(', '[', '{'}) {
        std::string src = "x = " + std::string(10000, open) + "\n";
        Module m = parse(src, "t.py");
        ASSERT_EQ(m.diagnostics.size(), 1u);
        EXPECT_EQ(m.diagnostics[0].message, "too many nested parentheses");
    }
}

TEST(Stress, NestingUpToTheLimitParses) {
    std::string src = "x = " + std::string(150, '(') + "1" + std::string(150, ')') + "\n";
    Module m = parse(src, "t.py");
    EXPECT_TRUE(m.ok());
    EXPECT_EQ(m.body[0]->value->value, "1");
}

TEST(Stress, DeepUnaryAndNotChains) {
    for (std::string unit : {"-", "not ", "~", "await ", "lambda: ", "*"}) {
        std::string src = "x = ";
        for (int i = 0; i < 100000; ++i) src += unit;
        src += "1\n";
        Module m = parse(src, "t.py");
        ASSERT_EQ(m.diagnostics.size(), 1u) << unit;
    }
}

TEST(Stress, LongLeftAssociativeChainsAreBounded) {
    // 1 MB on one line: a + a + a ...; the tree would be too deep to destroy recursively.
    std::string src = "x = a";
    while (src.size() < (1u << 20)) src += " + a";
    Module m = parse(src + "\n", "t.py");
    ASSERT_EQ(m.diagnostics.size(), 1u);
    EXPECT_EQ(m.diagnostics[0].message, "expression is too deeply nested");
    std::string attrs = "x = a";
    while (attrs.size() < (1u << 20)) attrs += ".b";
    Module m2 = parse(attrs + "\n", "t.py");
    ASSERT_EQ(m2.diagnostics.size(), 1u);
}

TEST(Stress, WideFlatStatementsAreFine) {
    // A one-line 1 MB list literal is flat, hence valid.
    std::string src = "x = [";
    while (src.size() < (1u << 20)) src += "a.b + 1, ";
    src += "]\n";
    Module m = parse(src, "t.py");
    EXPECT_TRUE(m.ok());
    EXPECT_GT(m.body[0]->value->children.size(), 50000u);
}

TEST(Stress, LongElifChainIsBounded) {
    std::string src = "if a: pass\n";
    for (int i = 0; i < 5000; ++i) src += "elif a: pass\n";
    Module m = parse(src, "t.py");
    ASSERT_EQ(m.diagnostics.size(), 1u);
    std::string ok_src = "if a: pass\n";
    for (int i = 0; i < 500; ++i) ok_src += "elif a: pass\n";
    EXPECT_TRUE(parse(ok_src, "t.py").ok());
}

TEST(Stress, DeepIndentationIsAnError) {
    std::string src;
    for (int i = 0; i < 150; ++i) src += std::string(static_cast<size_t>(i), ' ') + "if x:\n";
    src += std::string(150, ' ') + "pass\n";
    Module m = parse(src, "t.py");
    ASSERT_EQ(m.diagnostics.size(), 1u);
    EXPECT_EQ(m.diagnostics[0].message, "too many levels of indentation");
}

TEST(Stress, DeepPatternsAndTStringsAreBounded) {
    for (const char* open_close : {"()", "[]"}) {
        std::string deep = "match x:\n    case " + std::string(5000, open_close[0]) + "a" + std::string(5000, open_close[1]) +
                           ":\n        pass\n";
        Module m = parse(deep, "t.py");
        ASSERT_EQ(m.diagnostics.size(), 1u);
        EXPECT_EQ(m.diagnostics[0].message, "too many nested parentheses");
    }
    std::string alts = "match x:\n    case 0";
    for (int i = 0; i < 5000; ++i) alts += " | 0";
    alts += ":\n        pass\n";
    Module m = parse(alts, "t.py");
    ASSERT_EQ(m.diagnostics.size(), 1u);
    EXPECT_EQ(m.diagnostics[0].message, "expression is too deeply nested");
    std::string dotted = "match x:\n    case a";
    for (int i = 0; i < 5000; ++i) dotted += ".b";
    dotted += ":\n        pass\n";
    EXPECT_EQ(parse(dotted, "t.py").diagnostics.size(), 1u);
    std::string fields = "x = t'";
    for (int i = 0; i < 3000; ++i) fields += "{t'";
    EXPECT_EQ(parse(fields, "t.py").diagnostics.size(), 1u);
}

TEST(Stress, RandomBytesNeverCrash) {
    std::mt19937 rng(12345);
    const std::string alphabet = "abcdefxyz0123456789_ ()[]{}:,.;=+-*/%@&|^~<>!'\"\\#\n\t\r\x80\xC3\xA9" "frbu";
    size_t errors = 0;
    for (int round = 0; round < 3000; ++round) {
        std::string src;
        size_t len = rng() % 200;
        for (size_t i = 0; i < len; ++i) {
            src += (rng() % 8 == 0) ? static_cast<char>(rng() % 256) : alphabet[rng() % alphabet.size()];
        }
        Module m = parse(src, "t.py");
        EXPECT_LE(m.diagnostics.size(), 1u);
        if (!m.ok()) {
            ++errors;
            EXPECT_GE(m.diagnostics[0].location.line, 1u);
        }
        auto t = tokenize(src, "t.py");
        EXPECT_LE(t.diagnostics.size(), 1u);
        EXPECT_EQ(t.tokens.empty(), false);
    }
    EXPECT_GT(errors, 2000u);  // random bytes are nearly never Python
}

TEST(Stress, UnterminatedConstructsAtEndOfFile) {
    for (const char* src : {"'", "'''", "f'", "f'{", "f'{x", "f'{x:", "(", "x = \\", "def", "class A(", "@", "if x:",
                            "\"\"\"abc\\", "f'''{", "lambda", "x[", "{**"}) {
        Module m = parse(src, "t.py");
        EXPECT_EQ(m.diagnostics.size(), 1u) << src;
    }
}

TEST(Stress, ManyStatementsInOneFunctionAreIndependent) {
    // The chain bound is per statement: a long upgrade() full of op calls is fine.
    std::string src = "def upgrade():\n";
    for (int i = 0; i < 5000; ++i) src += "    op.batch.alter_column(sa.orm.x.y, a.b.c + d.e.f)\n";
    Module m = parse(src, "t.py");
    EXPECT_TRUE(m.ok());
    EXPECT_EQ(m.body.at(0)->body.size(), 5000u);
}

TEST(Errors, InvalidUtf8IsRejectedUnlessAnotherEncodingIsDeclared) {
    Module bad = parse("x = 1\ny = 'caf\xE9'\n", "t.py");
    ASSERT_EQ(bad.diagnostics.size(), 1u);
    EXPECT_EQ(bad.diagnostics[0].message, "(unicode error) 'utf-8' codec can't decode byte 0xe9");
    EXPECT_EQ(bad.diagnostics[0].location.line, 2u);
    EXPECT_EQ(bad.diagnostics[0].location.column, 9u);
    Module surrogate = parse("x = '\xED\xA0\x80'\n", "t.py");
    EXPECT_FALSE(surrogate.ok());
    Module latin1 = parse("# -*- coding: latin-1 -*-\ny = 'caf\xE9'\n", "t.py");
    EXPECT_TRUE(latin1.ok());
    Module utf8 = parse("# coding: utf-8\ny = 'caf\xC3\xA9'\n", "t.py");
    EXPECT_TRUE(utf8.ok());
    EXPECT_EQ(utf8.body[0]->value->value, "caf\xC3\xA9");
}

TEST(Errors, InvalidUtf8InCommentsIsAcceptedElsewhereLocated) {
    // CPython does not decode comments, neither do we.
    EXPECT_TRUE(parse("x = 1  # caf\xE9\n", "t.py").ok());
    Module triple = parse("x = '''a\nb\xFF'''\n", "t.py");
    ASSERT_EQ(triple.diagnostics.size(), 1u);
    EXPECT_EQ(triple.diagnostics[0].location.line, 2u);
    EXPECT_EQ(triple.diagnostics[0].location.column, 2u);
}
