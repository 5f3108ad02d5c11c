// What the fuzz targets share: a broken invariant is a crash (libFuzzer keeps the input), and
// lines are counted as Python counts them.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
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

// A small project in a readable form: "=== <path>" starts a file (at most 8 files).
// A path as a tree gives them: '/'-separated, relative, no empty, "." or ".." component.
inline bool plausible_path(std::string_view path) {
    if (path.empty() || path.size() > 100 || path.front() == '/' || path.back() == '/') return false;
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        std::string_view part = path.substr(start, end - start);
        if (part.empty() || part == "." || part == "..") return false;
        start = end + 1;
    }
    return path.find('\0') == std::string_view::npos;
}

inline std::map<std::string, std::string, std::less<>> split_files(std::string_view input) {
    std::map<std::string, std::string, std::less<>> files;
    std::string* current = nullptr;
    size_t pos = 0;
    while (pos < input.size()) {
        size_t eol = input.find('\n', pos);
        std::string_view line = input.substr(pos, eol == std::string_view::npos ? input.size() - pos : eol - pos + 1);
        pos += line.size();
        if (line.substr(0, 4) == "=== ") {
            std::string_view path = line.substr(4);
            while (!path.empty() && (path.back() == '\n' || path.back() == '\r')) path.remove_suffix(1);
            current = nullptr;
            if (plausible_path(path) && files.size() < 8) current = &files[std::string(path)];
            continue;
        }
        if (current) current->append(line);
    }
    return files;
}

}  // namespace mig_guard::fuzz
