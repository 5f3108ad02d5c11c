// UTF-8 validity, as CPython's decoder and PostgreSQL's UTF8 encoding check it: overlong forms,
// surrogates and code points above U+10FFFF are invalid.
#pragma once

#include <cstddef>
#include <string_view>

namespace mig_guard {

// The offset of the first byte at or after `from` that does not start a valid UTF-8 sequence,
// or std::string_view::npos when the rest of `text` is valid.
size_t first_invalid_utf8(std::string_view text, size_t from = 0);

}  // namespace mig_guard
