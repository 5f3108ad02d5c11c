// Helpers shared by the reporters (private to src/report).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "mig_guard/report/report.hpp"

namespace mig_guard::report::detail {

// One renderer per format (text.cpp, json.cpp, ...).
std::string render_text(const ReportInput& input, const TextOptions& options);
std::string render_json(const ReportInput& input);
std::string render_sarif(const ReportInput& input);
std::string render_github(const ReportInput& input);
std::string render_junit(const ReportInput& input);

// Findings that are reported (level off dropped), sorted by file, line, column, code.
std::vector<const lint::Finding*> sorted_findings(const ReportInput& input);

// Files checked plus files with findings, sorted and unique.
std::vector<std::string> all_files(const ReportInput& input);

// A source file split into lines, without "\n" or a trailing "\r". A file ending in a
// newline has a last, empty line: a finding at end of file points there.
class SourceLines {
public:
    explicit SourceLines(std::string_view text);
    size_t size() const { return m_lines.size(); }
    // 1-based; empty view when out of range
    std::string_view line(uint32_t number) const;
    bool has(uint32_t number) const { return number >= 1 && number <= m_lines.size(); }

private:
    std::vector<std::string_view> m_lines;
};

// Every given source, split into lines (views into input.sources).
std::map<std::string, SourceLines> split_sources(const ReportInput& input);

// The lines of `file`, or nullptr when its source was not given.
const SourceLines* find_lines(const std::map<std::string, SourceLines>& sources,
                              const std::string& file);

enum class ColumnUnit : uint8_t { code_point, utf16 };

// Converts a 1-based byte column in `line` into a 1-based column counted in `unit`.
// Bytes past the end of the line count one each (a caret just after the last character).
uint32_t convert_column(std::string_view line, uint32_t byte_column, ColumnUnit unit);

// Decodes one UTF-8 sequence at `pos`; invalid bytes decode as themselves with length 1.
char32_t decode_utf8(std::string_view text, size_t pos, size_t& length);

// Terminal cells a code point takes: 0 for combining marks, 2 for East Asian wide.
int cell_width(char32_t cp);

}  // namespace mig_guard::report::detail
