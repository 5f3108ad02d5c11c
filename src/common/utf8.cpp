#include "mig_guard/common/utf8.hpp"

namespace mig_guard {

size_t first_invalid_utf8(std::string_view text, size_t from) {
    const size_t n = text.size();
    auto at = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
    size_t i = from;
    while (i < n) {
        unsigned char c = at(i);
        if (c < 0x80) {
            ++i;
            continue;
        }
        size_t len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
        bool ok = len != 0 && i + len <= n;
        for (size_t k = 1; ok && k < len; ++k) ok = (at(i + k) & 0xC0) == 0x80;
        // Overlong forms, surrogates and code points above U+10FFFF.
        if (ok && c == 0xE0 && at(i + 1) < 0xA0) ok = false;
        if (ok && c == 0xED && at(i + 1) >= 0xA0) ok = false;
        if (ok && c == 0xF0 && at(i + 1) < 0x90) ok = false;
        if (ok && c == 0xF4 && at(i + 1) >= 0x90) ok = false;
        if (!ok) return i;
        i += len;
    }
    return std::string_view::npos;
}

}  // namespace mig_guard
