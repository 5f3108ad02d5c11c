// The Python AST produced by mig_guard::python::parse.
//
// Shaped after CPython's `ast` module so that anyone who knows it can read the extractors,
// but flattened into two node types (Expr, Stmt) with a kind tag and child vectors: the
// consumers only pattern-match a few shapes (calls, attributes, class bodies, assignments).
// Every node carries a span into the source. Statements the consumers do not interpret are
// still parsed and kept with their span, never dropped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mig_guard/common/diagnostic.hpp"

namespace mig_guard::python {

// Lines and columns are 1-based; columns count bytes. `begin`/`end` are byte offsets into
// the source (end exclusive). `end_column` is exclusive too: the column just past the node
// (CPython's end_col_offset + 1, SARIF's endColumn). Spans follow CPython's ast positions.
struct Span {
    uint32_t line = 0;
    uint32_t column = 0;
    uint32_t end_line = 0;
    uint32_t end_column = 0;
    uint32_t begin = 0;
    uint32_t end = 0;
};

enum class ExprKind : uint8_t {
    Name,          // name = identifier
    Constant,      // const_kind + value
    JoinedStr,     // f-string: children = parts (Constant Str pieces and FormattedValue)
    FormattedValue,// children[0] = expression; name = conversion ("r", "s", "a" or ""); children[1] = format spec (JoinedStr) if any
    Attribute,     // children[0] = value; name = attribute
    Subscript,     // children[0] = value; children[1] = slice (a Tuple for `a[x, y]`)
    Slice,         // children = [lower, upper, step], each may be null
    Call,          // children[0] = func; children[1..] = positional args (Starred for *args); keywords
    Tuple,         // children = elements
    List,
    Set,
    Dict,          // children = k0, v0, k1, v1, ...; a null key means `**value`
    BinOp,         // children = [left, right]; name = operator ("+", "|", "@", "**", ...)
    UnaryOp,       // children = [operand]; name = "-", "+", "~", "not"
    BoolOp,        // children = operands (2 or more); name = "and" | "or"
    Compare,       // children = [left, comparator...]; ops = operators ("<", "not in", "is not", ...)
    IfExp,         // children = [body, test, orelse]  (body if test else orelse)
    Lambda,        // params; children[0] = body
    ListComp,      // children[0] = element; generators
    SetComp,
    DictComp,      // children = [key, value]; generators
    GeneratorExp,
    Starred,       // children[0] = value  (*x); name = "**" for a double-star in a call is a keyword with no arg instead
    NamedExpr,     // children = [target, value]   (target := value)
    Await,         // children[0]
    Yield,         // children[0] may be null
    YieldFrom,     // children[0]
    // PEP 750 t-string t"..." (also implicitly concatenated t-strings): children = parts
    // (Constant Str pieces and Interpolation), as JoinedStr for f-strings.
    TemplateStr,
    // One `{...}` of a t-string: children[0] = expression; value = the expression's source
    // text as written (CPython's Interpolation.str); name = conversion ("r", "s", "a" or "");
    // children[1] = format spec (JoinedStr) if any. `{x=}` adds the literal "x=" before it and
    // implies "r", as in f-strings.
    Interpolation,
    // Patterns of a `case` (CPython's pattern nodes), only below MatchCase::pattern:
    MatchValue,     // children[0] = the value (a literal, -1, 1+2j, a string, or a dotted name)
    MatchSingleton, // const_kind = None, True or False
    MatchSequence,  // children = patterns (`[a, *b]`, `(a, b)`, or `case a, b:`)
    MatchMapping,   // children = k0, p0, k1, p1, ...; name = the `**rest` capture or ""
    MatchClass,     // children[0] = class (Name/Attribute); children[1..] = positional patterns; keywords = keyword patterns
    MatchStar,      // name = the capture, "" for `*_`
    MatchAs,        // children[0] = pattern or null; name = the capture, "" for `_`
    MatchOr,        // children = alternatives
};

enum class ConstKind : uint8_t { None, True, False, Ellipsis, Int, Float, Imaginary, Str, Bytes };

struct Expr;
struct Stmt;
using ExprPtr = std::unique_ptr<Expr>;
using StmtPtr = std::unique_ptr<Stmt>;

struct Keyword {
    std::optional<std::string> arg;  // nullopt for `**value`
    ExprPtr value;
    Span span;
};

struct Param {
    enum class Kind : uint8_t { positional_only, normal, var_positional, keyword_only, var_keyword };
    Kind kind = Kind::normal;
    std::string name;
    ExprPtr annotation;  // may be null
    ExprPtr default_value;  // may be null
    Span span;
};

// PEP 695 type parameter of a generic class, function or type alias (`[T: int = str, *Ts, **P]`).
struct TypeParam {
    enum class Kind : uint8_t { type_var, type_var_tuple, param_spec };  // T, *Ts, **P
    Kind kind = Kind::type_var;
    std::string name;
    ExprPtr bound;          // `T: bound` or `T: (c1, c2)` constraints (a Tuple); type_var only; may be null
    ExprPtr default_value;  // PEP 696 `= default`; may be null (a Starred for `*Ts = *tuple[int]`)
    Span span;              // from the name, or the `*`/`**`, to the end of the bound or default
};

struct Comprehension {
    ExprPtr target;
    ExprPtr iter;
    std::vector<ExprPtr> ifs;
    bool is_async = false;
};

struct Expr {
    ExprKind kind = ExprKind::Name;
    Span span;
    std::string name;   // see ExprKind
    ConstKind const_kind = ConstKind::None;
    // Constant: for Str/Bytes the decoded value (escapes processed, implicit concatenation
    // joined); for Int/Float/Imaginary the literal as written (underscores kept).
    std::string value;
    std::vector<ExprPtr> children;
    std::vector<Keyword> keywords;        // Call
    std::vector<std::string> ops;         // Compare
    std::vector<Param> params;            // Lambda
    std::vector<Comprehension> generators;// comprehensions

    const Expr* child(size_t i) const { return i < children.size() ? children[i].get() : nullptr; }
    bool is_name(std::string_view n) const { return kind == ExprKind::Name && name == n; }
    bool is_str() const { return kind == ExprKind::Constant && const_kind == ConstKind::Str; }

    // Nodes come from a pool (src/python/ast.cpp): a parse makes hundreds of thousands of
    // them, and the general-purpose heap spends more time on them than the parser does.
    static void* operator new(std::size_t size);
    static void operator delete(void* p, std::size_t size) noexcept;
};

enum class StmtKind : uint8_t {
    Expr,        // value
    Assign,      // targets (a = b = value: targets = [a, b]); value
    AnnAssign,   // targets[0]; annotation; value may be null
    AugAssign,   // targets[0]; name = operator ("+=", ...); value
    Import,      // names
    ImportFrom,  // module (may be empty for `from . import x`); level; names (name "*" for star)
    ClassDef,    // name; type_params; bases; keywords; decorators; body
    FunctionDef, // name; type_params; params; annotation (returns); decorators; body; is_async
    Return,      // value may be null
    Delete,      // targets
    Pass,
    Break,
    Continue,
    Raise,       // value (exc) may be null; cause in annotation slot? no: children via `extra`
    Global,      // names (alias.name only)
    Nonlocal,
    Assert,      // value = test; extra[0] = msg (may be absent)
    If,          // value = test; body; orelse (an `elif` is a nested If in orelse)
    While,       // value = test; body; orelse
    For,         // targets[0]; value = iter; body; orelse; is_async
    With,        // items: each WithItem; body; is_async
    Try,         // body; handlers; orelse; finalbody; is_star for try/except*. PEP 758 `except A, B:`
                 // gives a handler type that is a Tuple without parentheses, as `except (A, B):` does
    Match,       // value = subject; cases
    TypeAlias,   // `type X[T] = v` (soft keyword): name; targets[0] = the name as a Name expr; type_params; value
};

struct Alias {
    std::string name;   // dotted for Import ("os.path"); plain for ImportFrom
    std::optional<std::string> asname;
    Span span;
};

struct WithItem {
    ExprPtr context;
    ExprPtr target;  // may be null
};

struct MatchCase {
    ExprPtr pattern;  // a Match* expression
    ExprPtr guard;    // `if ...`; may be null
    std::vector<StmtPtr> body;
    Span span;        // from `case` to the end of the body
};

struct ExceptHandler {
    ExprPtr type;  // may be null (bare except)
    std::optional<std::string> name;
    std::vector<StmtPtr> body;
    Span span;
};

struct Stmt {
    StmtKind kind = StmtKind::Pass;
    Span span;
    std::string name;
    int level = 0;
    std::vector<ExprPtr> targets;
    ExprPtr value;
    ExprPtr annotation;
    std::vector<ExprPtr> extra;  // Raise: [exc?, cause?] packed as value/extra[0]; Assert: msg
    std::vector<Alias> names;
    std::vector<ExprPtr> bases;
    std::vector<Keyword> keywords;
    std::vector<ExprPtr> decorators;
    std::vector<Param> params;
    std::vector<TypeParam> type_params;  // ClassDef, FunctionDef, TypeAlias (PEP 695)
    std::vector<WithItem> items;
    std::vector<StmtPtr> body;
    std::vector<StmtPtr> orelse;
    std::vector<StmtPtr> finalbody;
    std::vector<ExceptHandler> handlers;
    std::vector<MatchCase> cases;  // Match
    bool is_async = false;
    bool is_star = false;

    // From a pool, as Expr nodes are.
    static void* operator new(std::size_t size);
    static void operator delete(void* p, std::size_t size) noexcept;
};

struct Module {
    std::string file;            // path used in diagnostics
    std::string source;          // the text the spans point into (BOM stripped, CRLF kept)
    std::vector<StmtPtr> body;
    Diagnostics diagnostics;     // syntax errors; when non-empty with an error, body may be partial

    bool ok() const { return !has_errors(diagnostics); }
    // The source text covered by a span.
    std::string_view text(const Span& s) const {
        if (s.end > source.size() || s.begin > s.end) return {};
        return std::string_view(source).substr(s.begin, s.end - s.begin);
    }
    SourceLocation location(const Span& s) const { return {file, s.line, s.column}; }
};

// Module docstring, class docstring, function docstring: the first statement when it is a
// string constant expression.
const Expr* docstring(const std::vector<StmtPtr>& body);

// Dotted name of a Name/Attribute chain ("sa.orm.Mapped"), or empty when the expression is
// anything else.
std::string dotted_name(const Expr& e);

}  // namespace mig_guard::python
