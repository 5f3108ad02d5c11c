#include "strings.hpp"

#include <cstdint>

namespace mig_guard::python::detail {

void append_utf8(uint32_t cp, std::string& out) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

namespace {
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

std::string decode_literal(std::string_view s, bool raw, bool is_bytes, bool fstring, std::string& out) {
    size_t n = s.size();
    size_t i = 0;
    while (i < n) {
        // Copy the run of plain characters in one go: most literals have no escapes.
        size_t j = i;
        while (j < n && s[j] != '\\' && s[j] != '\r' && !(fstring && (s[j] == '{' || s[j] == '}'))) ++j;
        if (is_bytes)
            for (size_t k = i; k < j; ++k)
                if (static_cast<unsigned char>(s[k]) >= 0x80) return "bytes can only contain ASCII literal characters";
        out.append(s.data() + i, j - i);
        i = j;
        if (i >= n) break;
        char c = s[i];
        if (c == '\r') {
            out += '\n';
            i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
            continue;
        }
        if (c == '{' || c == '}') {
            out += c;
            i += (i + 1 < n && s[i + 1] == c) ? 2 : 1;
            continue;
        }
        // backslash
        if (i + 1 >= n) {
            out += '\\';
            ++i;
            continue;
        }
        char e = s[i + 1];
        if (raw) {
            out += '\\';
            ++i;
            if (e == '\r') continue;  // normalized by the loop above
            out += e;
            ++i;
            continue;
        }
        i += 2;
        switch (e) {
        case '\n': break;  // line continuation inside the literal
        case '\r':
            if (i < n && s[i] == '\n') ++i;
            break;
        case '\\': out += '\\'; break;
        case '\'': out += '\''; break;
        case '"': out += '"'; break;
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'v': out += '\v'; break;
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
            uint32_t v = static_cast<uint32_t>(e - '0');
            for (int k = 0; k < 2 && i < n && s[i] >= '0' && s[i] <= '7'; ++k, ++i) v = v * 8 + static_cast<uint32_t>(s[i] - '0');
            if (is_bytes) out += static_cast<char>(v & 0xFF);
            else append_utf8(v, out);
            break;
        }
        case 'x': {
            if (i + 2 > n || hex_value(s[i]) < 0 || hex_value(s[i + 1]) < 0)
                return is_bytes ? "(value error) invalid \\x escape" : "(unicode error) truncated \\xXX escape";
            uint32_t v = static_cast<uint32_t>(hex_value(s[i]) * 16 + hex_value(s[i + 1]));
            i += 2;
            if (is_bytes) out += static_cast<char>(v);
            else append_utf8(v, out);
            break;
        }
        case 'u':
        case 'U': {
            if (is_bytes) {
                out += '\\';
                out += e;
                break;
            }
            size_t len = e == 'u' ? 4 : 8;
            uint32_t v = 0;
            for (size_t k = 0; k < len; ++k) {
                if (i + k >= n || hex_value(s[i + k]) < 0)
                    return e == 'u' ? "(unicode error) truncated \\uXXXX escape" : "(unicode error) truncated \\UXXXXXXXX escape";
                v = v * 16 + static_cast<uint32_t>(hex_value(s[i + k]));
            }
            if (v > 0x10FFFF) return "(unicode error) illegal Unicode character";
            i += len;
            append_utf8(v, out);
            break;
        }
        case 'N':
            // Named escapes are kept verbatim: resolving them needs the Unicode database.
            out += "\\N";
            break;
        default:
            out += '\\';
            out += e;
            break;
        }
    }
    return {};
}

}  // namespace mig_guard::python::detail
