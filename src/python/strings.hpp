// Internal: decoding of string literal bodies (escapes, newline normalization).
#pragma once

#include <string>
#include <string_view>

namespace mig_guard::python::detail {

// Appends the decoded value of a literal body (between the quotes) to `out`. `raw` keeps
// backslashes; `is_bytes` makes \x and octal escapes produce bytes rather than code points
// and keeps \u, \U, \N verbatim; `fstring` turns `{{`/`}}` into single braces. Line endings
// (CRLF, CR) become "\n", as Python's source reader does. Returns an error message, or empty.
std::string decode_literal(std::string_view body, bool raw, bool is_bytes, bool fstring, std::string& out);

void append_utf8(uint32_t cp, std::string& out);

}  // namespace mig_guard::python::detail
