#include <algorithm>
#include <set>
#include <tuple>

#include "detail.hpp"

namespace mig_guard::report::detail {

std::vector<const lint::Finding*> sorted_findings(const ReportInput& input) {
    std::vector<const lint::Finding*> out;
    out.reserve(input.findings.size());
    for (const auto& f : input.findings) {
        if (f.level != lint::Level::off) {
            out.push_back(&f);
        }
    }
    // Message last so that equal positions still render in one order whatever the input order.
    std::stable_sort(out.begin(), out.end(), [](const lint::Finding* a, const lint::Finding* b) {
        return std::tie(a->location.file, a->location.line, a->location.column, a->code, a->message) <
               std::tie(b->location.file, b->location.line, b->location.column, b->code, b->message);
    });
    return out;
}

std::vector<std::string> all_files(const ReportInput& input) {
    std::set<std::string> files(input.files_checked.begin(), input.files_checked.end());
    for (const auto& f : input.findings) {
        if (f.level != lint::Level::off) {
            files.insert(f.location.file);
        }
    }
    return {files.begin(), files.end()};
}

// Lines end as Python's universal newlines end them ("\r\n", "\r" or "\n"), which is how the
// tokenizer numbers the lines that findings point at.
SourceLines::SourceLines(std::string_view text) {
    size_t start = 0;
    while (true) {
        size_t eol = text.find_first_of("\r\n", start);
        m_lines.push_back(text.substr(start, eol == std::string_view::npos ? std::string_view::npos : eol - start));
        if (eol == std::string_view::npos) {
            break;
        }
        start = eol + (text[eol] == '\r' && eol + 1 < text.size() && text[eol + 1] == '\n' ? 2 : 1);
    }
}

std::string_view SourceLines::line(uint32_t number) const {
    return has(number) ? m_lines[number - 1] : std::string_view{};
}

std::map<std::string, SourceLines> split_sources(const ReportInput& input) {
    std::map<std::string, SourceLines> out;
    for (const auto& [file, text] : input.sources) {
        out.emplace(file, SourceLines(text));
    }
    return out;
}

const SourceLines* find_lines(const std::map<std::string, SourceLines>& sources, const std::string& file) {
    auto it = sources.find(file);
    return it == sources.end() ? nullptr : &it->second;
}

char32_t decode_utf8(std::string_view text, size_t pos, size_t& length) {
    auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
    unsigned char b0 = byte(pos);
    length = 1;
    if (b0 < 0x80) {
        return b0;
    }
    size_t n = 0;
    char32_t cp = 0;
    if ((b0 & 0xE0) == 0xC0) {
        n = 2;
        cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        n = 3;
        cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        n = 4;
        cp = b0 & 0x07;
    } else {
        return b0;
    }
    if (pos + n > text.size()) {
        return b0;
    }
    for (size_t i = 1; i < n; ++i) {
        if ((byte(pos + i) & 0xC0) != 0x80) {
            return b0;
        }
        cp = (cp << 6) | (byte(pos + i) & 0x3F);
    }
    length = n;
    return cp;
}

uint32_t convert_column(std::string_view line, uint32_t byte_column, ColumnUnit unit) {
    if (byte_column == 0) {
        return 0;
    }
    size_t target = byte_column - 1;
    uint32_t units = 0;
    size_t pos = 0;
    while (pos < target && pos < line.size()) {
        size_t len = 1;
        char32_t cp = decode_utf8(line, pos, len);
        units += (unit == ColumnUnit::utf16 && cp > 0xFFFF && len == 4) ? 2 : 1;
        pos += len;
    }
    if (target > pos) {
        units += static_cast<uint32_t>(target - pos);
    }
    return units + 1;
}

int cell_width(char32_t cp) {
    if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
        (cp >= 0x20D0 && cp <= 0x20FF)) {
        return 0;
    }
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF) ||
        (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
        (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
        (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
        (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD)) {
        return 2;
    }
    return 1;
}

}  // namespace mig_guard::report::detail
