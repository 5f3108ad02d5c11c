// Python 3.14 tokenizer: a single pass over the bytes with an indentation stack, a bracket
// stack and a mode stack for PEP 701 f-strings and PEP 750 t-strings (literal text /
// replacement field / format spec). It follows CPython's tokenizer closely enough that token streams and error messages
// match for the inputs mig-guard reads.
#include <array>
#include <cctype>
#include <cstdio>

#include "lexer.hpp"
#include "mig_guard/common/utf8.hpp"

namespace mig_guard::python::detail {
namespace {

bool is_ident_start(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
bool is_ident_char(unsigned char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_hex(unsigned char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

Code keyword_code(std::string_view s) {
    // Switch on length first: most names are not keywords and fail after one comparison.
    switch (s.size()) {
    case 2:
        if (s == "as") return Code::kw_as;
        if (s == "if") return Code::kw_if;
        if (s == "in") return Code::kw_in;
        if (s == "is") return Code::kw_is;
        if (s == "or") return Code::kw_or;
        break;
    case 3:
        if (s == "and") return Code::kw_and;
        if (s == "def") return Code::kw_def;
        if (s == "del") return Code::kw_del;
        if (s == "for") return Code::kw_for;
        if (s == "not") return Code::kw_not;
        if (s == "try") return Code::kw_try;
        break;
    case 4:
        if (s == "None") return Code::kw_None;
        if (s == "True") return Code::kw_True;
        if (s == "elif") return Code::kw_elif;
        if (s == "else") return Code::kw_else;
        if (s == "from") return Code::kw_from;
        if (s == "pass") return Code::kw_pass;
        if (s == "with") return Code::kw_with;
        break;
    case 5:
        if (s == "False") return Code::kw_False;
        if (s == "async") return Code::kw_async;
        if (s == "await") return Code::kw_await;
        if (s == "break") return Code::kw_break;
        if (s == "class") return Code::kw_class;
        if (s == "raise") return Code::kw_raise;
        if (s == "while") return Code::kw_while;
        if (s == "yield") return Code::kw_yield;
        break;
    case 6:
        if (s == "assert") return Code::kw_assert;
        if (s == "except") return Code::kw_except;
        if (s == "global") return Code::kw_global;
        if (s == "import") return Code::kw_import;
        if (s == "lambda") return Code::kw_lambda;
        if (s == "return") return Code::kw_return;
        break;
    case 7:
        if (s == "finally") return Code::kw_finally;
        break;
    case 8:
        if (s == "continue") return Code::kw_continue;
        if (s == "nonlocal") return Code::kw_nonlocal;
        break;
    default:
        break;
    }
    return Code::none;
}

struct Bracket {
    char ch;
    uint32_t line, column, offset;
};

// One entry of the f-string mode stack.
struct FMode {
    enum Kind : uint8_t { literal, field } kind;
    char quote;
    bool triple;
    bool raw;
    bool is_t = false;         // a t-string (PEP 750): same grammar, its own token kinds and messages
    bool in_spec = false;      // field: after the top-level ':'
    size_t depth = 0;          // field: bracket depth including its own '{'
    uint32_t line = 0, column = 0;  // where the f-string starts (for unterminated errors)
    uint32_t spec_line = 0, spec_column = 0;  // field: the ':' that starts its format spec
};

// Replacement fields nest at most this deep in format specs (`{a:{b:{c}}}`), as in CPython.
constexpr size_t k_max_spec_nesting = 2;

class Lexer {
public:
    Lexer(std::string_view src, bool keep_trivia, std::vector<Tok>& out, LexError& err)
        : m_src(src), m_keep(keep_trivia), m_out(out), m_err(err) {}

    void run();

private:
    std::string_view m_src;
    bool m_keep;
    std::vector<Tok>& m_out;
    LexError& m_err;
    size_t m_pos = 0;
    uint32_t m_line = 1;
    size_t m_line_start = 0;
    std::vector<uint32_t> m_indents{0};
    std::vector<uint32_t> m_alt_indents{0};
    std::vector<Bracket> m_brackets;
    std::vector<FMode> m_modes;
    bool m_at_line_start = true;
    bool m_pending_content = false;  // a significant token since the last NEWLINE

    unsigned char at(size_t i) const { return i < m_src.size() ? static_cast<unsigned char>(m_src[i]) : 0; }
    bool eof(size_t i) const { return i >= m_src.size(); }
    uint32_t col(size_t off) const { return static_cast<uint32_t>(off - m_line_start + 1); }

    void emit(TokenKind kind, size_t begin, uint32_t line, uint32_t column, Code code = Code::none) {
        if (m_failed) return;
        Tok t;
        t.kind = kind;
        t.code = code;
        t.span.line = line;
        t.span.column = column;
        t.span.end_line = m_line;
        t.span.end_column = col(m_pos);
        t.span.begin = static_cast<uint32_t>(begin);
        t.span.end = static_cast<uint32_t>(m_pos);
        if (kind != TokenKind::Comment && kind != TokenKind::NonLogicalNewline &&
            kind != TokenKind::Newline && kind != TokenKind::Indent && kind != TokenKind::Dedent)
            m_pending_content = true;
        if (m_pos > m_bad_utf8 && !bad_utf8_in(kind, begin, line)) return;
        if (!m_keep && (kind == TokenKind::Comment || kind == TokenKind::NonLogicalNewline)) return;
        m_out.push_back(t);
    }

    // Records the error and appends an Error token at the current position.
    bool fail(std::string message, uint32_t line, uint32_t column, bool indentation = false) {
        m_failed = true;
        m_err.set = true;
        m_err.message = std::move(message);
        m_err.line = line;
        m_err.column = column;
        m_err.indentation = indentation;
        Tok t;
        t.kind = TokenKind::Error;
        t.span = {line, column, line, column, static_cast<uint32_t>(std::min(m_pos, m_src.size())),
                  static_cast<uint32_t>(std::min(m_pos, m_src.size()))};
        m_out.push_back(t);
        return false;
    }
    bool fail_here(std::string message) { return fail(std::move(message), m_line, col(m_pos)); }
    // The line CPython names in "(detected at line N)": at end of file right after a line
    // break, the last line that has content.
    uint32_t detected_line() const { return eof(m_pos) && m_pos == m_line_start && m_line > 1 ? m_line - 1 : m_line; }

    // Length of the line ending at i (1 for \n or \r, 2 for \r\n), 0 if none.
    size_t newline_len(size_t i) const {
        unsigned char c = at(i);
        if (c == '\n') return 1;
        if (c == '\r') return at(i + 1) == '\n' ? 2 : 1;
        return 0;
    }
    void new_line(size_t after) {
        ++m_line;
        m_line_start = after;
    }

    bool indentation();
    bool check_utf8();
    bool bad_utf8_in(TokenKind kind, size_t begin, uint32_t line);
    size_t m_bad_utf8 = std::string_view::npos;
    bool m_failed = false;
    bool next_token();
    bool name_or_string();
    bool string(size_t begin, bool raw, char interpolated);
    bool number();
    bool op();
    bool fstring_middle();
    bool push_bracket(char ch, size_t begin);
    bool unterminated_fstring();
    bool pop_bracket(char ch, size_t begin);
    bool finish();
};

void Lexer::run() {
    if (m_src.size() >= 3 && at(0) == 0xEF && at(1) == 0xBB && at(2) == 0xBF) {
        m_pos = 3;
        m_line_start = 3;
    }
    m_out.reserve(m_src.size() / 4 + 16);
    if (!check_utf8()) return;
    for (;;) {
        if (m_failed) return;
        if (m_at_line_start && m_brackets.empty() && m_modes.empty()) {
            if (!indentation()) return;
            if (eof(m_pos)) break;
            continue;
        }
        if (!m_modes.empty() &&
            (m_modes.back().kind == FMode::literal || m_modes.back().in_spec)) {
            if (!fstring_middle()) return;
            continue;
        }
        // Skip whitespace between tokens.
        while (at(m_pos) == ' ' || at(m_pos) == '\t' || at(m_pos) == '\f') ++m_pos;
        if (eof(m_pos)) break;
        if (!next_token()) return;
    }
    if (!m_failed) finish();
}

// Python source is UTF-8 unless a coding declaration on one of the first two lines says
// otherwise (PEP 263); then the bytes are taken as they are.
bool Lexer::check_utf8() {
    size_t first_lines_end = m_src.find('\n', m_pos);
    if (first_lines_end != std::string_view::npos) first_lines_end = m_src.find('\n', first_lines_end + 1);
    std::string_view head = m_src.substr(m_pos, first_lines_end == std::string_view::npos ? m_src.size() : first_lines_end - m_pos);
    for (size_t c = head.find("coding"); c != std::string_view::npos; c = head.find("coding", c + 1)) {
        size_t hash = head.rfind('#', c);
        if (hash == std::string_view::npos) continue;
        size_t line_start = head.find_last_of("\r\n", c);
        if (line_start != std::string_view::npos && hash < line_start) continue;
        if (c + 6 < head.size() && (head[c + 6] == ':' || head[c + 6] == '=')) {
            std::string_view enc = head.substr(c + 7);
            while (!enc.empty() && (enc[0] == ' ' || enc[0] == '\t')) enc.remove_prefix(1);
            std::string name;
            for (char ch : enc) {
                if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.')) break;
                name += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            }
            if (!name.empty() && name != "utf-8" && name != "utf8" && name.rfind("utf-8-", 0) != 0 && name != "utf_8")
                return true;
        }
    }
    m_bad_utf8 = first_invalid_utf8(m_src, m_pos);
    return true;
}

// A token covers the first invalid UTF-8 byte: comments may hold anything (CPython does not
// decode them); anywhere else it is an error at that byte.
bool Lexer::bad_utf8_in(TokenKind kind, size_t begin, uint32_t line) {
    if (kind == TokenKind::Comment) {
        m_bad_utf8 = first_invalid_utf8(m_src, m_pos);
        return true;
    }
    size_t bad = m_bad_utf8, line_start = begin;
    while (line_start > 0 && at(line_start - 1) != '\n' && at(line_start - 1) != '\r') --line_start;
    for (size_t i = begin; i < bad; ++i) {
        if (at(i) == '\n' || (at(i) == '\r' && at(i + 1) != '\n')) {
            ++line;
            line_start = i + 1;
        }
    }
    char buf[96];
    std::snprintf(buf, sizeof buf, "(unicode error) 'utf-8' codec can't decode byte 0x%02x", at(bad));
    m_pos = bad;
    m_bad_utf8 = std::string_view::npos;
    return fail(buf, line, static_cast<uint32_t>(bad - line_start + 1));
}

// At the start of a logical line: measure indentation, handle blank and comment-only lines,
// emit INDENT/DEDENT.
bool Lexer::indentation() {
    uint32_t column = 0, alt = 0;
    size_t begin = m_pos;
    for (;;) {
        unsigned char c = at(m_pos);
        if (c == ' ') {
            ++column;
            ++alt;
        } else if (c == '\t') {
            column = (column / 8 + 1) * 8;
            ++alt;
        } else if (c == '\f') {
            column = alt = 0;
        } else {
            break;
        }
        ++m_pos;
    }
    if (eof(m_pos)) return true;
    unsigned char c = at(m_pos);
    if (c == '#' || c == '\n' || c == '\r') {
        // Blank or comment-only line: no indentation change, a non-logical newline.
        if (c == '#') {
            size_t b = m_pos;
            uint32_t cl = col(b);
            while (!eof(m_pos) && at(m_pos) != '\n' && at(m_pos) != '\r') {
                if (at(m_pos) == 0) return fail_here("source code cannot contain null bytes");
                ++m_pos;
            }
            emit(TokenKind::Comment, b, m_line, cl);
        }
        if (eof(m_pos)) return true;
        size_t b = m_pos;
        uint32_t cl = col(b);
        uint32_t ln = m_line;
        m_pos += newline_len(m_pos);
        Tok t;
        t.kind = TokenKind::NonLogicalNewline;
        t.span = {ln, cl, ln, cl + static_cast<uint32_t>(m_pos - b), static_cast<uint32_t>(b),
                  static_cast<uint32_t>(m_pos)};
        if (m_keep) m_out.push_back(t);
        new_line(m_pos);
        return true;
    }
    m_at_line_start = false;
    if (column == m_indents.back()) {
        if (alt != m_alt_indents.back())
            return fail("inconsistent use of tabs and spaces in indentation", m_line, col(m_pos), true);
    } else if (column > m_indents.back()) {
        if (m_indents.size() > k_max_indent_depth)
            return fail("too many levels of indentation", m_line, col(m_pos), true);
        if (alt <= m_alt_indents.back())
            return fail("inconsistent use of tabs and spaces in indentation", m_line, col(m_pos), true);
        m_indents.push_back(column);
        m_alt_indents.push_back(alt);
        emit(TokenKind::Indent, begin, m_line, 1);
    } else {
        while (m_indents.size() > 1 && column < m_indents.back()) {
            m_indents.pop_back();
            m_alt_indents.pop_back();
            Tok t;
            t.kind = TokenKind::Dedent;
            t.span = {m_line, col(m_pos), m_line, col(m_pos), static_cast<uint32_t>(m_pos),
                      static_cast<uint32_t>(m_pos)};
            m_out.push_back(t);
        }
        if (column != m_indents.back())
            return fail("unindent does not match any outer indentation level", m_line, col(m_pos), true);
        if (alt != m_alt_indents.back())
            return fail("inconsistent use of tabs and spaces in indentation", m_line, col(m_pos), true);
    }
    return true;
}

bool Lexer::next_token() {
    size_t begin = m_pos;
    unsigned char c = at(m_pos);
    uint32_t cl = col(begin);
    if (c == '#') {
        while (!eof(m_pos) && at(m_pos) != '\n' && at(m_pos) != '\r') {
            if (at(m_pos) == 0) return fail_here("source code cannot contain null bytes");
            ++m_pos;
        }
        emit(TokenKind::Comment, begin, m_line, cl);
        return true;
    }
    if (c == '\n' || c == '\r') {
        m_pos += newline_len(m_pos);
        uint32_t ln = m_line;
        bool logical = m_brackets.empty() && m_modes.empty();
        Tok t;
        t.kind = logical ? TokenKind::Newline : TokenKind::NonLogicalNewline;
        t.span = {ln, cl, ln, cl + static_cast<uint32_t>(m_pos - begin), static_cast<uint32_t>(begin),
                  static_cast<uint32_t>(m_pos)};
        if (logical || m_keep) m_out.push_back(t);
        if (logical) {
            m_pending_content = false;
            m_at_line_start = true;
        }
        new_line(m_pos);
        return true;
    }
    if (c == '\\') {
        size_t n = newline_len(m_pos + 1);
        if (n == 0) {
            if (eof(m_pos + 1)) {
                ++m_pos;
                return fail_here("unexpected EOF while parsing");
            }
            return fail("unexpected character after line continuation character", m_line, col(m_pos + 1));
        }
        m_pos += 1 + n;
        new_line(m_pos);
        if (eof(m_pos)) return fail_here("unexpected EOF while parsing");
        return true;
    }
    if (is_ident_start(c)) return name_or_string();
    if (is_digit(c) || (c == '.' && is_digit(at(m_pos + 1)))) return number();
    if (c == '"' || c == '\'') return string(begin, false, false);
    if (c == 0) return fail_here("source code cannot contain null bytes");
    return op();
}

bool Lexer::name_or_string() {
    size_t begin = m_pos;
    uint32_t cl = col(begin);
    while (is_ident_char(at(m_pos))) ++m_pos;
    size_t len = m_pos - begin;
    unsigned char q = at(m_pos);
    if ((q == '"' || q == '\'') && len <= 2) {
        bool raw = false, is_bytes = false, is_f = false, is_t = false, is_u = false, valid = true;
        for (size_t i = begin; i < m_pos; ++i) {
            switch (at(i) | 0x20) {
            case 'r': valid &= !raw; raw = true; break;
            case 'b': valid &= !is_bytes; is_bytes = true; break;
            case 'f': valid &= !is_f; is_f = true; break;
            case 't': valid &= !is_t; is_t = true; break;
            case 'u': valid &= !is_u; is_u = true; break;
            default: valid = false;
            }
        }
        // u stands alone; f and t exclude each other and b.
        if (valid && !(is_u && (len != 1)) && (is_bytes + is_f + is_t) <= 1)
            return string(begin, raw, is_f ? 'f' : is_t ? 't' : 0);
    }
    std::string_view text = m_src.substr(begin, len);
    emit(TokenKind::Name, begin, m_line, cl, keyword_code(text));
    return true;
}

// `interpolated` is 'f' for an f-string, 't' for a t-string, 0 for a plain literal.
bool Lexer::string(size_t begin, bool raw, char interpolated) {
    uint32_t line = m_line, cl = col(begin);
    char q = static_cast<char>(at(m_pos));
    bool triple = at(m_pos + 1) == static_cast<unsigned char>(q) && at(m_pos + 2) == static_cast<unsigned char>(q);
    m_pos += triple ? 3 : 1;
    if (interpolated) {
        bool is_t = interpolated == 't';
        emit(is_t ? TokenKind::TStringStart : TokenKind::FStringStart, begin, line, cl);
        FMode m{FMode::literal, q, triple, raw, is_t};
        m.line = line;
        m.column = cl;
        m_modes.push_back(m);
        return true;
    }
    for (;;) {
        if (eof(m_pos)) {
            if (triple)
                return fail("unterminated triple-quoted string literal (detected at line " +
                                std::to_string(detected_line()) + ")", line, cl);
            return fail("unterminated string literal (detected at line " + std::to_string(detected_line()) + ")", line, cl);
        }
        unsigned char c = at(m_pos);
        if (c == static_cast<unsigned char>(q)) {
            if (!triple) {
                ++m_pos;
                break;
            }
            if (at(m_pos + 1) == c && at(m_pos + 2) == c) {
                m_pos += 3;
                break;
            }
            ++m_pos;
        } else if (c == '\\') {
            size_t n = newline_len(m_pos + 1);
            if (n) {
                m_pos += 1 + n;
                new_line(m_pos);
            } else {
                m_pos += eof(m_pos + 1) ? 1 : 2;
            }
        } else if (c == '\n' || c == '\r') {
            if (!triple)
                return fail("unterminated string literal (detected at line " + std::to_string(detected_line()) + ")", line, cl);
            m_pos += newline_len(m_pos);
            new_line(m_pos);
        } else if (c == 0) {
            return fail_here("source code cannot contain null bytes");
        } else {
            ++m_pos;
        }
    }
    emit(TokenKind::String, begin, line, cl);
    return true;
}

// Literal text of an f-string, or of a format spec.
bool Lexer::fstring_middle() {
    FMode& m = m_modes.back();
    bool spec = m.kind == FMode::field;
    // The enclosing f-string's quote (a field copies it on creation).
    char q = m.quote;
    bool triple = m.triple, raw = m.raw, is_t = m.is_t;
    const char* what = is_t ? "t-string" : "f-string";
    size_t begin = m_pos;
    uint32_t line = m_line, cl = col(begin);
    auto flush = [&] {
        if (m_pos > begin) emit(is_t ? TokenKind::TStringMiddle : TokenKind::FStringMiddle, begin, line, cl);
    };
    auto unterminated = [&] { return unterminated_fstring(); };
    for (;;) {
        if (eof(m_pos)) return unterminated();
        unsigned char c = at(m_pos);
        if (c == static_cast<unsigned char>(q) &&
            (!triple || (at(m_pos + 1) == c && at(m_pos + 2) == c))) {
            if (spec) return fail_here(std::string(what) + ": expecting '}'");
            flush();
            size_t b = m_pos;
            uint32_t bc = col(b);
            m_pos += triple ? 3 : 1;
            emit(is_t ? TokenKind::TStringEnd : TokenKind::FStringEnd, b, m_line, bc);
            m_modes.pop_back();
            return true;
        }
        if (c == '\n' || c == '\r') {
            if (!triple) return unterminated();
            m_pos += newline_len(m_pos);
            new_line(m_pos);
            continue;
        }
        if (c == 0) return fail_here("source code cannot contain null bytes");
        if (c == '\\' && !raw) {
            unsigned char d = at(m_pos + 1);
            if (d == '{' || d == '}') {
                ++m_pos;  // the brace is still a field delimiter
                continue;
            }
            if (d == 'N' && at(m_pos + 2) == '{') {
                m_pos += 3;
                while (!eof(m_pos) && at(m_pos) != '}' && at(m_pos) != static_cast<unsigned char>(q) &&
                       at(m_pos) != '\n' && at(m_pos) != '\r')
                    ++m_pos;
                if (at(m_pos) == '}') ++m_pos;
                continue;
            }
            size_t n = newline_len(m_pos + 1);
            if (n) {
                if (!triple) {
                    m_pos += 1 + n;
                    new_line(m_pos);
                    continue;
                }
                m_pos += 1 + n;
                new_line(m_pos);
                continue;
            }
            m_pos += eof(m_pos + 1) ? 1 : 2;
            continue;
        }
        if (c == '{') {
            if (!spec && at(m_pos + 1) == '{') {
                m_pos += 2;
                continue;
            }
            if (spec) {
                size_t nesting = 0;
                for (size_t i = m_modes.size(); i-- > 0 && m_modes[i].kind == FMode::field;) ++nesting;
                if (nesting > k_max_spec_nesting)
                    return fail(std::string(what) + ": expressions nested too deeply", m.spec_line, m.spec_column);
            }
            flush();
            size_t b = m_pos;
            ++m_pos;
            if (!push_bracket('{', b)) return false;
            emit(TokenKind::Op, b, m_line, col(b), Code::lbrace);
            FMode f{FMode::field, q, triple, raw, is_t};
            f.depth = m_brackets.size();
            f.line = m_line;
            f.column = col(b);
            m_modes.push_back(f);
            return true;
        }
        if (c == '}') {
            if (spec) {
                flush();
                size_t b = m_pos;
                ++m_pos;
                m_brackets.pop_back();
                emit(TokenKind::Op, b, m_line, col(b), Code::rbrace);
                m_modes.pop_back();
                return true;
            }
            if (at(m_pos + 1) == '}') {
                m_pos += 2;
                continue;
            }
            return fail_here(std::string(what) + ": single '}' is not allowed");
        }
        ++m_pos;
    }
}

bool Lexer::number() {
    size_t begin = m_pos;
    uint32_t cl = col(begin);
    auto digits = [&](auto pred) -> bool {
        // digits with single underscores between them; false on a misplaced underscore
        if (!pred(at(m_pos))) return false;
        while (pred(at(m_pos)) || at(m_pos) == '_') {
            if (at(m_pos) == '_') {
                if (!pred(at(m_pos + 1))) return false;
            }
            ++m_pos;
        }
        return true;
    };
    auto is_oct = [](unsigned char c) { return c >= '0' && c <= '7'; };
    auto is_bin = [](unsigned char c) { return c == '0' || c == '1'; };
    auto tail_check = [&](const char* kind) -> bool {
        if (is_ident_char(at(m_pos)) || (at(m_pos) == '_')) {
            // `1if x else y` is still accepted by CPython; keywords may follow directly.
            size_t e = m_pos;
            while (is_ident_char(at(e))) ++e;
            std::string_view w = m_src.substr(m_pos, e - m_pos);
            static constexpr std::array<std::string_view, 8> k_ok{"and", "or", "in", "is", "if", "else", "for", "not"};
            for (auto k : k_ok)
                if (w.substr(0, k.size()) == k && (kind[0] == 'd' || w.size() == k.size()) &&
                    !(kind[0] == 'h' && k == "and"))
                    return true;
            return fail(std::string("invalid ") + kind + " literal", m_line, col(begin));
        }
        return true;
    };
    unsigned char c = at(m_pos);
    if (c == '0' && ((at(m_pos + 1) | 0x20) == 'x' || (at(m_pos + 1) | 0x20) == 'o' || (at(m_pos + 1) | 0x20) == 'b')) {
        unsigned char k = at(m_pos + 1) | 0x20;
        m_pos += 2;
        if (at(m_pos) == '_') ++m_pos;
        bool ok = k == 'x' ? digits(is_hex) : k == 'o' ? digits(is_oct) : digits(is_bin);
        const char* kind = k == 'x' ? "hexadecimal" : k == 'o' ? "octal" : "binary";
        if (!ok) {
            if (k == 'o' && is_digit(at(m_pos)))
                return fail("invalid digit '" + std::string(1, static_cast<char>(at(m_pos))) + "' in octal literal", m_line, col(m_pos));
            if (k == 'b' && is_digit(at(m_pos)))
                return fail("invalid digit '" + std::string(1, static_cast<char>(at(m_pos))) + "' in binary literal", m_line, col(m_pos));
            return fail(std::string("invalid ") + kind + " literal", m_line, col(begin));
        }
        if (!tail_check(kind)) return false;
        emit(TokenKind::Number, begin, m_line, cl);
        return true;
    }
    bool is_float = false;
    bool nonzero = false;
    bool leading_zero = c == '0';
    if (c != '.') {
        size_t s = m_pos;
        if (!digits(is_digit)) return fail("invalid decimal literal", m_line, cl);
        for (size_t i = s; i < m_pos; ++i)
            if (at(i) != '0' && at(i) != '_') nonzero = true;
    }
    if (at(m_pos) == '.') {
        is_float = true;
        ++m_pos;
        if (is_digit(at(m_pos)) && !digits(is_digit)) return fail("invalid decimal literal", m_line, cl);
    }
    if ((at(m_pos) | 0x20) == 'e') {
        size_t save = m_pos;
        ++m_pos;
        if (at(m_pos) == '+' || at(m_pos) == '-') ++m_pos;
        if (!is_digit(at(m_pos))) {
            if (is_ident_char(at(save + 1)) || at(save + 1) == '+' || at(save + 1) == '-')
                return fail("invalid decimal literal", m_line, cl);
            m_pos = save;
        } else {
            if (!digits(is_digit)) return fail("invalid decimal literal", m_line, cl);
            is_float = true;
        }
    }
    bool imag = false;
    if ((at(m_pos) | 0x20) == 'j') {
        ++m_pos;
        imag = true;
    }
    if (leading_zero && nonzero && !is_float && !imag)
        return fail("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                    m_line, cl);
    if (!tail_check(imag ? "imaginary" : "decimal")) return false;
    emit(TokenKind::Number, begin, m_line, cl);
    return true;
}

// At the innermost open f-string or t-string literal: CPython names it, and where it starts.
bool Lexer::unterminated_fstring() {
    for (size_t i = m_modes.size(); i-- > 0;) {
        const FMode& m = m_modes[i];
        if (m.kind != FMode::literal) continue;
        return fail(std::string(m.triple ? "unterminated triple-quoted " : "unterminated ") +
                        (m.is_t ? "t-string" : "f-string") + " literal (detected at line " +
                        std::to_string(detected_line()) + ")",
                    m.line, m.column);
    }
    return fail_here("unterminated f-string literal");
}

bool Lexer::push_bracket(char ch, size_t begin) {
    if (m_brackets.size() >= k_max_paren_depth) return fail("too many nested parentheses", m_line, col(begin));
    m_brackets.push_back({ch, m_line, col(begin), static_cast<uint32_t>(begin)});
    return true;
}

bool Lexer::pop_bracket(char ch, size_t begin) {
    if (m_brackets.empty()) return fail(std::string("unmatched '") + ch + "'", m_line, col(begin));
    Bracket b = m_brackets.back();
    char open = ch == ')' ? '(' : ch == ']' ? '[' : '{';
    if (b.ch != open) {
        std::string msg = std::string("closing parenthesis '") + ch + "' does not match opening parenthesis '" + b.ch + "'";
        if (b.line != m_line) msg += " on line " + std::to_string(b.line);
        return fail(std::move(msg), m_line, col(begin));
    }
    m_brackets.pop_back();
    return true;
}

bool Lexer::op() {
    size_t begin = m_pos;
    uint32_t cl = col(begin);
    unsigned char c = at(m_pos), d = at(m_pos + 1), e = at(m_pos + 2);
    Code code = Code::none;
    size_t len = 1;
    auto two = [&](unsigned char second, Code a, Code b) {
        if (d == second) {
            len = 2;
            code = a;
        } else {
            code = b;
        }
    };
    switch (c) {
    case '(': code = Code::lpar; if (!push_bracket('(', begin)) return false; break;
    case '[': code = Code::lsqb; if (!push_bracket('[', begin)) return false; break;
    case '{': code = Code::lbrace; if (!push_bracket('{', begin)) return false; break;
    case ')': code = Code::rpar; break;
    case ']': code = Code::rsqb; break;
    case '}': code = Code::rbrace; break;
    case ':':
        if (!m_modes.empty() && m_modes.back().kind == FMode::field && m_brackets.size() == m_modes.back().depth) {
            code = Code::colon;  // starts a format spec, even before '='
        } else {
            two('=', Code::colonequal, Code::colon);
        }
        break;
    case ',': code = Code::comma; break;
    case ';': code = Code::semi; break;
    case '+': two('=', Code::plusequal, Code::plus); break;
    case '-':
        if (d == '>') { len = 2; code = Code::rarrow; }
        else two('=', Code::minequal, Code::minus);
        break;
    case '*':
        if (d == '*') { len = e == '=' ? 3 : 2; code = e == '=' ? Code::doublestarequal : Code::doublestar; }
        else two('=', Code::starequal, Code::star);
        break;
    case '/':
        if (d == '/') { len = e == '=' ? 3 : 2; code = e == '=' ? Code::doubleslashequal : Code::doubleslash; }
        else two('=', Code::slashequal, Code::slash);
        break;
    case '|': two('=', Code::vbarequal, Code::vbar); break;
    case '&': two('=', Code::amperequal, Code::amper); break;
    case '^': two('=', Code::circumflexequal, Code::circumflex); break;
    case '%': two('=', Code::percentequal, Code::percent); break;
    case '@': two('=', Code::atequal, Code::at); break;
    case '~': code = Code::tilde; break;
    case '=': two('=', Code::eqequal, Code::equal); break;
    case '!': two('=', Code::notequal, Code::exclamation); break;
    case '<':
        if (d == '<') { len = e == '=' ? 3 : 2; code = e == '=' ? Code::leftshiftequal : Code::leftshift; }
        else two('=', Code::lessequal, Code::less);
        break;
    case '>':
        if (d == '>') { len = e == '=' ? 3 : 2; code = e == '=' ? Code::rightshiftequal : Code::rightshift; }
        else two('=', Code::greaterequal, Code::greater);
        break;
    case '.':
        if (d == '.' && e == '.') { len = 3; code = Code::ellipsis; }
        else code = Code::dot;
        break;
    default: {
        char buf[64];
        if (c >= 0x20 && c < 0x7f)
            std::snprintf(buf, sizeof buf, "invalid character '%c' (U+%04X)", c, c);
        else
            std::snprintf(buf, sizeof buf, "invalid non-printable character U+%04X", c);
        return fail(buf, m_line, cl);
    }
    }
    if (code == Code::rpar || code == Code::rsqb || code == Code::rbrace) {
        bool closes_field = code == Code::rbrace && !m_modes.empty() && m_modes.back().kind == FMode::field &&
                            m_brackets.size() == m_modes.back().depth;
        if (!pop_bracket(static_cast<char>(c), begin)) return false;
        m_pos += 1;
        emit(TokenKind::Op, begin, m_line, cl, code);
        if (closes_field) m_modes.pop_back();
        return true;
    }
    m_pos += len;
    emit(TokenKind::Op, begin, m_line, cl, code);
    if (code == Code::colon && !m_modes.empty() && m_modes.back().kind == FMode::field &&
        m_brackets.size() == m_modes.back().depth) {
        m_modes.back().in_spec = true;
        m_modes.back().spec_line = m_line;
        m_modes.back().spec_column = cl;
    }
    return true;
}

bool Lexer::finish() {
    if (!m_modes.empty()) return unterminated_fstring();
    if (!m_brackets.empty()) {
        const Bracket& b = m_brackets.back();
        m_err.unclosed = true;
        return fail(std::string("'") + b.ch + "' was never closed", b.line, b.column);
    }
    if (m_pending_content) {
        Tok t;
        t.kind = TokenKind::Newline;
        t.span = {m_line, col(m_pos), m_line, col(m_pos) + 1, static_cast<uint32_t>(m_pos),
                  static_cast<uint32_t>(m_pos)};
        m_out.push_back(t);
    } else if (m_keep && m_pos > m_line_start && !m_out.empty() && m_out.back().kind == TokenKind::Comment) {
        Tok t;
        t.kind = TokenKind::NonLogicalNewline;
        t.span = {m_line, col(m_pos), m_line, col(m_pos), static_cast<uint32_t>(m_pos),
                  static_cast<uint32_t>(m_pos)};
        m_out.push_back(t);
    }
    // CPython puts the trailing DEDENTs and the ENDMARKER on the line after the last one.
    uint32_t end_line = m_pos > m_line_start ? m_line + 1 : m_line;
    for (size_t i = 1; i < m_indents.size(); ++i) {
        Tok t;
        t.kind = TokenKind::Dedent;
        t.span = {end_line, 1, end_line, 1, static_cast<uint32_t>(m_pos), static_cast<uint32_t>(m_pos)};
        m_out.push_back(t);
    }
    Tok t;
    t.kind = TokenKind::EndMarker;
    t.span = {end_line, 1, end_line, 1, static_cast<uint32_t>(m_pos), static_cast<uint32_t>(m_pos)};
    m_out.push_back(t);
    return true;
}

}  // namespace

void lex(std::string_view src, bool keep_trivia, std::vector<Tok>& out, LexError& err) {
    Lexer(src, keep_trivia, out, err).run();
}

}  // namespace mig_guard::python::detail

namespace mig_guard::python {

TokenizeResult tokenize(std::string_view source, const std::string& file) {
    std::vector<detail::Tok> toks;
    detail::LexError err;
    detail::lex(source, true, toks, err);
    TokenizeResult result;
    result.tokens.reserve(toks.size());
    for (const auto& t : toks) result.tokens.push_back(Token{t.kind, t.span, t.text(source)});
    if (err.set) {
        Diagnostic d;
        d.location = {file, err.line, err.column};
        d.stage = "python";
        d.message = err.message;
        d.help = "fix the syntax error; mig-guard reads this file without running it";
        result.diagnostics.push_back(std::move(d));
    }
    return result;
}

}  // namespace mig_guard::python
