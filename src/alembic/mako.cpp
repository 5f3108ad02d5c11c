#include "mig_guard/alembic/mako.hpp"

#include <cctype>
#include <charconv>
#include <memory>
#include <utility>

namespace mig_guard::alembic::mako {

namespace {

// Internal only: unwinds to render(), which turns it into a Diagnostic value.
struct TemplateError {
    uint32_t line;
    std::string message;
};

std::string seq_repr(const Value& v) {
    std::string out = v.kind == Value::Kind::tuple ? "(" : "[";
    for (size_t i = 0; i < v.items.size(); ++i) {
        if (i) out += ", ";
        out += py_repr(v.items[i]);
    }
    if (v.kind == Value::Kind::tuple && v.items.size() == 1) out += ",";
    out += v.kind == Value::Kind::tuple ? ")" : "]";
    return out;
}

std::string to_str(const Value& v) {
    switch (v.kind) {
        case Value::Kind::none: return "None";
        case Value::Kind::boolean: return v.number ? "True" : "False";
        case Value::Kind::integer: return std::to_string(v.number);
        case Value::Kind::str:
        case Value::Kind::datetime: return v.text;
        case Value::Kind::tuple:
        case Value::Kind::list: return seq_repr(v);
    }
    return {};
}

// --- expressions -------------------------------------------------------------------------

struct Token {
    enum class Kind : uint8_t { name, string, number, op, end } kind = Kind::end;
    std::string text;
};

class Evaluator {
public:
    Evaluator(std::string_view code, const Context& ctx, uint32_t line)
        : m_ctx(ctx), m_line(line) {
        tokenize(code);
    }

    Value evaluate() {
        Value v = ternary();
        if (peek().kind != Token::Kind::end) fail("unexpected '" + peek().text + "'");
        return v;
    }

private:
    [[noreturn]] void fail(const std::string& what) const { throw TemplateError{m_line, what}; }

    void tokenize(std::string_view s) {
        size_t i = 0;
        while (i < s.size()) {
            char c = s[i];
            if (std::isspace(static_cast<unsigned char>(c))) {
                ++i;
            } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
                size_t j = i;
                while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
                std::string word(s.substr(i, j - i));
                // String prefixes: r"..", u"..".
                if ((word == "r" || word == "u" || word == "R" || word == "U") && j < s.size() &&
                    (s[j] == '\'' || s[j] == '"')) {
                    i = j;
                    read_string(s, i, word == "r" || word == "R");
                    continue;
                }
                m_tokens.push_back({Token::Kind::name, std::move(word)});
                i = j;
            } else if (std::isdigit(static_cast<unsigned char>(c))) {
                size_t j = i;
                while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
                m_tokens.push_back({Token::Kind::number, std::string(s.substr(i, j - i))});
                i = j;
            } else if (c == '\'' || c == '"') {
                read_string(s, i, false);
            } else if ((c == '=' || c == '!') && i + 1 < s.size() && s[i + 1] == '=') {
                m_tokens.push_back({Token::Kind::op, std::string(s.substr(i, 2))});
                i += 2;
            } else if (c == '(' || c == ')' || c == ',' || c == '.') {
                m_tokens.push_back({Token::Kind::op, std::string(1, c)});
                ++i;
            } else {
                fail(std::string("unsupported character '") + c + "' in expression");
            }
        }
        m_tokens.push_back({Token::Kind::end, "end of expression"});
    }

    void read_string(std::string_view s, size_t& i, bool raw) {
        char quote = s[i];
        if (s.substr(i, 3) == std::string(3, quote)) fail("triple-quoted strings are not supported");
        std::string out;
        size_t j = i + 1;
        for (;; ++j) {
            if (j >= s.size()) fail("unterminated string literal");
            char c = s[j];
            if (c == quote) break;
            if (c == '\\' && !raw && j + 1 < s.size()) {
                char e = s[++j];
                switch (e) {
                    case 'n': out += '\n'; break;
                    case 't': out += '\t'; break;
                    case 'r': out += '\r'; break;
                    case '\\': out += '\\'; break;
                    case '\'': out += '\''; break;
                    case '"': out += '"'; break;
                    case '\n': break;
                    default: out += '\\'; out += e; break;
                }
                continue;
            }
            out += c;
        }
        m_tokens.push_back({Token::Kind::string, std::move(out)});
        i = j + 1;
    }

    const Token& peek(size_t ahead = 0) const {
        size_t k = std::min(m_pos + ahead, m_tokens.size() - 1);
        return m_tokens[k];
    }
    bool accept_name(std::string_view w) {
        if (peek().kind == Token::Kind::name && peek().text == w) { ++m_pos; return true; }
        return false;
    }
    bool accept_op(std::string_view o) {
        if (peek().kind == Token::Kind::op && peek().text == o) { ++m_pos; return true; }
        return false;
    }
    void expect_op(std::string_view o) {
        if (!accept_op(o)) fail("expected '" + std::string(o) + "' before '" + peek().text + "'");
    }

    Value ternary() {
        Value then = or_test();
        if (!accept_name("if")) return then;
        Value cond = or_test();
        if (!accept_name("else")) fail("expected 'else' in conditional expression");
        Value other = ternary();
        return cond.truthy() ? then : other;
    }

    Value or_test() {
        Value v = and_test();
        while (accept_name("or")) {
            Value rhs = and_test();
            if (!v.truthy()) v = rhs;
        }
        return v;
    }

    Value and_test() {
        Value v = not_test();
        while (accept_name("and")) {
            Value rhs = not_test();
            if (v.truthy()) v = rhs;
        }
        return v;
    }

    Value not_test() {
        if (accept_name("not")) return Value::boolean(!not_test().truthy());
        return comparison();
    }

    static bool equal(const Value& a, const Value& b) {
        if (a.kind != b.kind) return false;
        return a.text == b.text && a.items == b.items && a.number == b.number;
    }

    Value comparison() {
        Value v = primary();
        for (;;) {
            if (accept_op("==")) {
                v = Value::boolean(equal(v, primary()));
            } else if (accept_op("!=")) {
                v = Value::boolean(!equal(v, primary()));
            } else if (peek().kind == Token::Kind::name && peek().text == "is") {
                ++m_pos;
                bool negate = accept_name("not");
                Value rhs = primary();
                if (rhs.kind != Value::Kind::none) fail("'is' is only supported with None");
                bool same = v.kind == Value::Kind::none;
                v = Value::boolean(negate ? !same : same);
            } else {
                return v;
            }
        }
    }

    std::vector<Value> call_args() {
        std::vector<Value> args;
        if (accept_op(")")) return args;
        for (;;) {
            args.push_back(ternary());
            if (accept_op(")")) return args;
            expect_op(",");
        }
    }

    Value call_builtin(const std::string& fn) {
        std::vector<Value> args = call_args();
        if (args.size() != 1) fail(fn + "() takes exactly one argument here");
        const Value& a = args[0];
        if (fn == "repr") {
            switch (a.kind) {
                case Value::Kind::str: return Value::string(py_repr(a.text));
                case Value::Kind::datetime: fail("repr() of create_date is not supported");
                default: return Value::string(to_str(a));
            }
        }
        if (fn == "str") return Value::string(to_str(a));
        if (fn == "comma") return Value::string(comma(a));
        if (fn == "len") {
            if (a.kind == Value::Kind::tuple || a.kind == Value::Kind::list)
                return Value::integer(static_cast<long long>(a.items.size()));
            if (a.kind == Value::Kind::str) {
                long long n = 0;
                for (unsigned char c : a.text) n += (c & 0xC0) != 0x80;
                return Value::integer(n);
            }
            fail("len() of this value is not supported");
        }
        fail("function '" + fn + "' is not supported");
    }

    Value lookup(const std::string& name) const {
        auto it = m_ctx.find(name);
        if (it == m_ctx.end()) fail("name '" + name + "' is not supported in a revision template");
        return it->second;
    }

    Value primary() {
        const Token t = peek();
        ++m_pos;
        switch (t.kind) {
            case Token::Kind::string: {
                std::string s = t.text;
                // Adjacent literals concatenate, as in Python.
                while (peek().kind == Token::Kind::string) s += m_tokens[m_pos++].text;
                return Value::string(std::move(s));
            }
            case Token::Kind::number: {
                // Python's integers have no bound; a literal past 64 bits is refused, not wrapped.
                long long n = 0;
                auto [end, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), n);
                if (ec != std::errc() || end != t.text.data() + t.text.size())
                    fail("integer literal out of range: " + t.text);
                return Value::integer(n);
            }
            case Token::Kind::op:
                if (t.text == "(") {
                    Value v = ternary();
                    expect_op(")");
                    return v;
                }
                fail("unexpected '" + t.text + "'");
            case Token::Kind::end: fail("incomplete expression");
            case Token::Kind::name: break;
        }
        if (t.text == "None") return Value::none();
        if (t.text == "True") return Value::boolean(true);
        if (t.text == "False") return Value::boolean(false);
        if (t.text == "context" && accept_op(".")) {
            if (!accept_name("get") || !accept_op("(")) fail("only context.get(name, default) is supported");
            std::vector<Value> args = call_args();
            if (args.empty() || args.size() > 2 || args[0].kind != Value::Kind::str)
                fail("context.get() takes a name and an optional default");
            auto it = m_ctx.find(args[0].text);
            if (it != m_ctx.end()) return it->second;
            return args.size() == 2 ? args[1] : Value::none();
        }
        if (accept_op("(")) return call_builtin(t.text);
        Value v = lookup(t.text);
        if (peek().kind == Token::Kind::op && peek().text == ".")
            fail("attribute access on '" + t.text + "' is not supported");
        return v;
    }

    const Context& m_ctx;
    uint32_t m_line;
    std::vector<Token> m_tokens;
    size_t m_pos = 0;

public:
    static std::string comma(const Value& v) {
        switch (v.kind) {
            case Value::Kind::none: return "";
            case Value::Kind::tuple:
            case Value::Kind::list: {
                std::string out;
                for (size_t i = 0; i < v.items.size(); ++i) out += (i ? ", " : "") + v.items[i];
                return out;
            }
            default: return to_str(v);
        }
    }
};

// Splits "expr | f1, f2" at the first '|' outside strings and brackets.
std::pair<std::string, std::vector<std::string>> split_filters(std::string_view code) {
    char quote = 0;
    int depth = 0;
    for (size_t i = 0; i < code.size(); ++i) {
        char c = code[i];
        if (quote) {
            if (c == '\\') ++i;
            else if (c == quote) quote = 0;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '(' || c == '[' || c == '{') {
            ++depth;
        } else if (c == ')' || c == ']' || c == '}') {
            --depth;
        } else if (c == '|' && depth == 0) {
            std::vector<std::string> filters;
            std::string cur;
            for (char f : code.substr(i + 1)) {
                if (f == ',') { filters.push_back(cur); cur.clear(); }
                else if (!std::isspace(static_cast<unsigned char>(f))) cur += f;
            }
            filters.push_back(cur);
            return {std::string(code.substr(0, i)), filters};
        }
    }
    return {std::string(code), {}};
}

std::string apply_filters(const Value& v, const std::vector<std::string>& filters, uint32_t line) {
    bool raw = false;
    for (const auto& f : filters) raw = raw || f == "n";
    // Mako applies the default filter (str) first unless `n` disables it.
    Value cur = raw ? v : Value::string(to_str(v));
    for (const auto& f : filters) {
        if (f == "n") continue;
        if (f == "str") cur = Value::string(to_str(cur));
        else if (f == "comma") cur = Value::string(Evaluator::comma(cur));
        else if (f == "trim") {
            std::string s = to_str(cur);
            size_t b = s.find_first_not_of(" \t\r\n");
            size_t e = s.find_last_not_of(" \t\r\n");
            cur = Value::string(b == std::string::npos ? "" : s.substr(b, e - b + 1));
        } else {
            throw TemplateError{line, "filter '" + f + "' is not supported"};
        }
    }
    return to_str(cur);
}

// --- template structure --------------------------------------------------------------------

struct Node;
using Nodes = std::vector<Node>;

struct Branch {
    std::string condition;  // empty: else
    uint32_t line = 0;
    Nodes body;
};

struct Node {
    enum class Kind : uint8_t { text, expr, conditional } kind = Kind::text;
    std::string text;  // text, or expression code
    uint32_t line = 0;
    std::vector<Branch> branches;
};

class Parser {
public:
    explicit Parser(std::string_view t) : m_t(t) {}

    Nodes parse() {
        Nodes root;
        // Open `% if` nodes. Pointers stay valid: a vector only grows while none of its
        // elements is open (a new branch starts only after nested ifs are closed).
        std::vector<Node*> open;
        auto target = [&]() -> Nodes& { return open.empty() ? root : open.back()->branches.back().body; };

        bool at_line_start = true;
        while (m_i < m_t.size()) {
            if (at_line_start) {
                size_t j = m_i;
                while (j < m_t.size() && (m_t[j] == ' ' || m_t[j] == '\t')) ++j;
                if (j < m_t.size() && m_t[j] == '%' && (j + 1 >= m_t.size() || m_t[j + 1] != '%')) {
                    size_t eol = m_t.find('\n', j);
                    std::string_view content = m_t.substr(j + 1, eol == std::string_view::npos ? std::string_view::npos : eol - j - 1);
                    control(trim(content), open, target);
                    m_i = eol == std::string_view::npos ? m_t.size() : eol + 1;
                    ++m_line;
                    continue;
                }
                if (j + 1 < m_t.size() && m_t[j] == '%' && m_t[j + 1] == '%') {
                    append_text(target(), std::string(m_t.substr(m_i, j - m_i)) + "%");
                    m_i = j + 2;
                    at_line_start = false;
                    continue;
                }
                if (m_t.substr(j, 2) == "##") {
                    size_t eol = m_t.find('\n', j);
                    m_i = eol == std::string_view::npos ? m_t.size() : eol + 1;
                    ++m_line;
                    continue;
                }
            }
            at_line_start = false;
            std::string_view rest = m_t.substr(m_i);
            if (rest.starts_with("${")) {
                uint32_t line = m_line;
                std::string code = expression_code();
                target().push_back({Node::Kind::expr, std::move(code), line, {}});
            } else if (rest.starts_with("<%text>")) {
                append_text(target(), std::string(block("<%text>", "</%text>")));
            } else if (rest.starts_with("<%doc>")) {
                block("<%doc>", "</%doc>");
            } else if (rest.starts_with("<%!")) {
                // Module-level code: Alembic's own templates only import here.
                block("<%!", "%>");
            } else if (rest.starts_with("<%") && rest.size() > 2 &&
                       std::isspace(static_cast<unsigned char>(rest[2]))) {
                throw TemplateError{m_line, "python blocks (<% ... %>) are not supported"};
            } else if (rest.starts_with("<%") || rest.starts_with("</%")) {
                size_t e = rest.find_first_of(" >\n");
                throw TemplateError{m_line, "Mako tag '" + std::string(rest.substr(0, e)) + "' is not supported"};
            } else if (rest.starts_with("\\\n")) {
                m_i += 2;
                ++m_line;
                at_line_start = true;
            } else {
                char c = m_t[m_i++];
                append_text(target(), std::string(1, c));
                if (c == '\n') {
                    ++m_line;
                    at_line_start = true;
                }
            }
        }
        if (!open.empty())
            throw TemplateError{open.back()->line, "'% if' without '% endif'"};
        return root;
    }

private:
    static std::string_view trim(std::string_view s) {
        while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
        while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
        return s;
    }

    static void append_text(Nodes& nodes, const std::string& s) {
        if (!nodes.empty() && nodes.back().kind == Node::Kind::text) nodes.back().text += s;
        else nodes.push_back({Node::Kind::text, s, 0, {}});
    }

    template <class Target>
    void control(std::string_view line, std::vector<Node*>& open, Target&& target) {
        auto word_end = line.find_first_of(" \t:(");
        std::string_view kw = line.substr(0, word_end);
        auto condition = [&](std::string_view kwd) {
            std::string_view c = trim(line.substr(kwd.size()));
            if (c.empty() || c.back() != ':')
                throw TemplateError{m_line, "'% " + std::string(kwd) + "' line must end with ':'"};
            c.remove_suffix(1);
            return std::string(trim(c));
        };
        if (kw == "if") {
            Node n{Node::Kind::conditional, {}, m_line, {}};
            n.branches.push_back({condition("if"), m_line, {}});
            Nodes& t = target();
            t.push_back(std::move(n));
            open.push_back(&t.back());
        } else if (kw == "elif" || kw == "else") {
            if (open.empty()) throw TemplateError{m_line, "'% " + std::string(kw) + "' without '% if'"};
            std::string cond = kw == "elif" ? condition("elif") : std::string();
            if (kw == "else" && trim(line.substr(4)) != ":")
                throw TemplateError{m_line, "'% else' line must be '% else:'"};
            open.back()->branches.push_back({cond, m_line, {}});
        } else if (kw == "endif") {
            if (open.empty()) throw TemplateError{m_line, "'% endif' without '% if'"};
            open.pop_back();
        } else {
            throw TemplateError{m_line, "'% " + std::string(kw) + "' control lines are not supported"};
        }
    }

    // The code of ${...}, advancing past the closing brace.
    std::string expression_code() {
        uint32_t start_line = m_line;
        size_t j = m_i + 2;
        int depth = 0;
        char quote = 0;
        for (; j < m_t.size(); ++j) {
            char c = m_t[j];
            if (c == '\n') ++m_line;
            if (quote) {
                if (c == '\\') ++j;
                else if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '{') {
                ++depth;
            } else if (c == '}') {
                if (depth == 0) break;
                --depth;
            }
        }
        if (j >= m_t.size()) throw TemplateError{start_line, "'${' without a closing '}'"};
        std::string code(m_t.substr(m_i + 2, j - m_i - 2));
        m_i = j + 1;
        return code;
    }

    std::string_view block(std::string_view open, std::string_view close) {
        size_t e = m_t.find(close, m_i + open.size());
        if (e == std::string_view::npos)
            throw TemplateError{m_line, "'" + std::string(open) + "' without '" + std::string(close) + "'"};
        std::string_view inner = m_t.substr(m_i + open.size(), e - m_i - open.size());
        for (char c : m_t.substr(m_i, e + close.size() - m_i))
            if (c == '\n') ++m_line;
        m_i = e + close.size();
        return inner;
    }

    std::string_view m_t;
    size_t m_i = 0;
    uint32_t m_line = 1;
};

void emit(const Nodes& nodes, const Context& ctx, std::string& out) {
    for (const Node& n : nodes) {
        switch (n.kind) {
            case Node::Kind::text: out += n.text; break;
            case Node::Kind::expr: {
                auto [code, filters] = split_filters(n.text);
                Value v = Evaluator(code, ctx, n.line).evaluate();
                out += apply_filters(v, filters, n.line);
                break;
            }
            case Node::Kind::conditional:
                for (const Branch& b : n.branches) {
                    if (b.condition.empty() || Evaluator(b.condition, ctx, b.line).evaluate().truthy()) {
                        emit(b.body, ctx, out);
                        break;
                    }
                }
                break;
        }
    }
}

}  // namespace

bool Value::truthy() const {
    switch (kind) {
        case Kind::none: return false;
        case Kind::boolean:
        case Kind::integer: return number != 0;
        case Kind::str: return !text.empty();
        case Kind::datetime: return true;
        case Kind::tuple:
        case Kind::list: return !items.empty();
    }
    return false;
}

TextResult render(std::string_view template_text, const Context& context, std::string_view template_path) {
    TextResult result;
    try {
        Nodes nodes = Parser(template_text).parse();
        emit(nodes, context, result.text);
    } catch (const TemplateError& e) {
        Diagnostic d;
        d.severity = Severity::error;
        d.location = SourceLocation{std::string(template_path), e.line, 0};
        d.stage = "alembic";
        d.message = "cannot fill the revision template: " + e.message;
        d.help = "use Alembic's constructs (${...}, % if/else/endif) or the default script.py.mako";
        result.error = std::move(d);
        result.text.clear();
    }
    return result;
}

}  // namespace mig_guard::alembic::mako
