// What the fuzz targets share: a broken invariant is a crash (libFuzzer keeps the input), and
// lines are counted as Python counts them.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace mig_guard::fuzz {

inline void check(bool ok) {
    if (!ok) std::abort();
}

// Lines of `text` as Python's universal newlines split it: "\r\n", a lone "\r" and "\n" each end one.
inline uint32_t python_line_count(std::string_view text) {
    uint32_t lines = 1;
    for (size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) ++lines;
    return lines;
}

}  // namespace mig_guard::fuzz
