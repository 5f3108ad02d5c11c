// GitHub Actions workflow commands: one `::error`/`::warning` line per finding, which the
// runner turns into annotations on the pull request's diff. Columns are counted in
// characters, converted from the findings' byte columns when the source is at hand.
#include <fmt/format.h>

#include "detail.hpp"

namespace mig_guard::report::detail {

namespace {

// The runner splits a command at newlines and unescapes %25, %0D, %0A in the message.
std::string escape_data(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '%': out += "%25"; break;
        case '\r': out += "%0D"; break;
        case '\n': out += "%0A"; break;
        default: out += c;
        }
    }
    return out;
}

// Property values also end at ',' and the message starts after "::".
std::string escape_property(std::string_view text) {
    std::string out;
    for (char c : escape_data(text)) {
        switch (c) {
        case ':': out += "%3A"; break;
        case ',': out += "%2C"; break;
        default: out += c;
        }
    }
    return out;
}

uint32_t char_column(const SourceLines* lines, uint32_t line, uint32_t column) {
    if (lines == nullptr || !lines->has(line)) {
        return column;
    }
    return convert_column(lines->line(line), column, ColumnUnit::code_point);
}

}  // namespace

std::string render_github(const ReportInput& input) {
    const auto sources = split_sources(input);
    std::string out;
    for (const lint::Finding* f : sorted_findings(input)) {
        const SourceLines* lines = find_lines(sources, f->location.file);
        std::vector<std::string> properties;
        if (!f->location.file.empty()) {
            properties.push_back("file=" + escape_property(f->location.file));
        }
        if (f->location.line != 0) {
            properties.push_back(fmt::format("line={}", f->location.line));
            if (f->location.column != 0) {
                properties.push_back(
                    fmt::format("col={}", char_column(lines, f->location.line, f->location.column)));
            }
            if (f->end_line != 0) {
                properties.push_back(fmt::format("endLine={}", f->end_line));
                if (f->end_column != 0) {
                    properties.push_back(
                        fmt::format("endColumn={}", char_column(lines, f->end_line, f->end_column)));
                }
            }
        }
        properties.push_back("title=" + escape_property(f->code + " " + f->name));
        std::string message = f->message;
        if (!f->help.empty()) {
            message += "\nhelp: " + f->help;
        }
        out += fmt::format("::{} {}::{}\n", lint::level_name(f->level), fmt::join(properties, ","),
                           escape_data(message));
    }
    return out;
}

}  // namespace mig_guard::report::detail
