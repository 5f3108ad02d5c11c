// The human format, after ruff and squawk: a location header, the flagged lines with an
// underline, the help, and a summary. Columns in findings are bytes; the underline is
// placed in terminal cells (tabs expanded, wide characters counted twice).
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "detail.hpp"

namespace mig_guard::report::detail {

namespace {

constexpr int k_tab_width = 4;
constexpr uint32_t k_max_excerpt_lines = 4;  // longer ranges show their first and last two

struct Style {
    bool color = false;
    std::string paint(std::string_view code, std::string_view text) const {
        if (!color || text.empty()) {
            return std::string(text);
        }
        return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
    }
};

constexpr std::string_view k_bold = "1";
constexpr std::string_view k_gutter = "1;34";
constexpr std::string_view k_help = "1;36";

std::string_view level_color(lint::Level level) {
    return level == lint::Level::error ? "1;31" : "1;33";
}

// The line as shown (tabs expanded), and the cell where each byte offset starts.
struct ShownLine {
    std::string text;
    std::vector<int> cell_at;  // size line.size() + 1
};

ShownLine expand(std::string_view line) {
    ShownLine out;
    out.cell_at.assign(line.size() + 1, 0);
    int cell = 0;
    size_t pos = 0;
    while (pos < line.size()) {
        size_t len = 1;
        char32_t cp = decode_utf8(line, pos, len);
        for (size_t i = 0; i < len; ++i) {
            out.cell_at[pos + i] = cell;
        }
        if (cp == '\t') {
            int next = (cell / k_tab_width + 1) * k_tab_width;
            out.text.append(static_cast<size_t>(next - cell), ' ');
            cell = next;
        } else if (cp < 0x20 || cp == 0x7F) {
            // Control characters would move the terminal's cursor: show them as U+FFFD.
            out.text += "\xEF\xBF\xBD";
            cell += 1;
        } else {
            out.text.append(line.substr(pos, len));
            cell += cell_width(cp);
        }
        pos += len;
    }
    out.cell_at[line.size()] = cell;
    return out;
}

int cell_of(const ShownLine& shown, size_t byte) {
    if (byte < shown.cell_at.size()) {
        return shown.cell_at[byte];
    }
    return shown.cell_at.back() + static_cast<int>(byte - (shown.cell_at.size() - 1));
}

size_t first_non_blank(std::string_view line) {
    size_t i = line.find_first_not_of(" \t");
    return i == std::string_view::npos ? line.size() : i;
}

std::string location_prefix(const lint::Finding& f) {
    std::string out = f.location.file;
    if (f.location.line != 0) {
        out += fmt::format(":{}", f.location.line);
        if (f.location.column != 0) {
            out += fmt::format(":{}", f.location.column);
        }
    }
    return out;
}

void render_excerpt(std::string& out, const lint::Finding& f, const SourceLines& lines, const Style& style) {
    const uint32_t first = f.location.line;
    uint32_t last = std::max(f.end_line, first);
    // A range ending at column 1 stops at the end of the line before (a whole-statement span).
    const bool ends_at_line_start = f.end_line > first && f.end_column == 1;
    if (ends_at_line_start) {
        last -= 1;
    }
    last = std::min<uint32_t>(last, static_cast<uint32_t>(lines.size()));
    std::vector<uint32_t> shown;
    for (uint32_t n = first; n <= last; ++n) {
        if (last - first + 1 > k_max_excerpt_lines && n > first + 1 && n + 1 < last) {
            if (shown.empty() || shown.back() != 0) {
                shown.push_back(0);  // elision marker
            }
            continue;
        }
        shown.push_back(n);
    }
    const size_t width = fmt::formatted_size("{}", last);
    const std::string blank_gutter = style.paint(k_gutter, std::string(width, ' ') + " |");
    const std::string_view color = level_color(f.level);

    out += blank_gutter + "\n";
    for (uint32_t n : shown) {
        if (n == 0) {
            out += style.paint(k_gutter, "...") + "\n";
            continue;
        }
        std::string_view line = lines.line(n);
        ShownLine view = expand(line);
        out += style.paint(k_gutter, fmt::format("{:>{}} |", n, width));
        if (!view.text.empty()) {
            out += " " + view.text;
        }
        out += "\n";

        // The flagged byte range on this line.
        size_t begin = n == first ? (f.location.column == 0 ? 0 : f.location.column - 1) : first_non_blank(line);
        size_t end = line.size();
        if (f.end_line == 0) {
            size_t len = 1;
            if (begin < line.size()) {
                decode_utf8(line, begin, len);
            }
            end = begin + len;
        } else if (n == f.end_line && !ends_at_line_start) {
            end = f.end_column == 0 ? line.size() : f.end_column - 1;
        }
        if (n != first && begin >= line.size()) {
            continue;  // nothing to underline on a blank continuation line
        }
        int from = cell_of(view, begin);
        int to = cell_of(view, std::max(end, begin));
        int marks = std::max(1, to - from);
        std::string underline = std::string(static_cast<size_t>(marks), '^');
        out += blank_gutter + " " + std::string(static_cast<size_t>(from), ' ') + style.paint(color, underline);
        if (n == shown.back()) {
            out += " " + style.paint(color, f.name);
        }
        out += "\n";
    }
    out += blank_gutter + "\n";
}

// Messages are one line by contract; should one carry newlines, its continuation lines are
// indented so the next header still starts in column 1.
std::string one_message(std::string_view message) {
    std::string out;
    for (size_t i = 0; i < message.size(); ++i) {
        if (message[i] == '\r' && i + 1 < message.size() && message[i + 1] == '\n') {
            continue;
        }
        out += message[i];
        if (message[i] == '\n' || message[i] == '\r') {
            out.back() = '\n';
            out += "  ";
        }
    }
    return out;
}

std::string plural(size_t n, std::string_view word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

}  // namespace

std::string render_text(const ReportInput& input, const TextOptions& options) {
    const Style style{options.color};
    const auto findings = sorted_findings(input);
    const auto sources = split_sources(input);
    std::string out;
    size_t errors = 0;
    size_t warnings = 0;
    std::set<std::string> files;
    for (const lint::Finding* f : findings) {
        (f->level == lint::Level::error ? errors : warnings) += 1;
        files.insert(f->location.file);
        const std::string_view color = level_color(f->level);
        std::string prefix = location_prefix(*f);
        if (!prefix.empty()) {
            out += style.paint(k_bold, prefix) + ": ";
        }
        out += fmt::format("{} {} {}\n", style.paint(color, f->code),
                           style.paint(color, fmt::format("[{}]", lint::level_name(f->level))), one_message(f->message));
        const SourceLines* lines = find_lines(sources, f->location.file);
        if (lines != nullptr && lines->has(f->location.line)) {
            render_excerpt(out, *f, *lines, style);
        }
        if (!f->help.empty()) {
            out += fmt::format("  = {}: {}\n", style.paint(k_help, "help"), one_message(f->help));
        }
        if (f->fix) {
            out += fmt::format("  = {}: {} (mig-guard lint --fix)\n", style.paint(k_help, "fix"), f->fix->description);
        }
        out += "\n";
    }
    if (findings.empty()) {
        if (input.errors_elsewhere > 0)
            out += style.paint(k_bold, fmt::format("No finding, but {} above stopped the checks.",
                                                   plural(input.errors_elsewhere, "error"))) +
                   "\n";
        else
            out += style.paint(k_bold, "All checks passed.") + "\n";
        return out;
    }
    std::string counts;
    if (errors > 0) {
        counts = plural(errors, "error");
    }
    if (warnings > 0) {
        counts += (counts.empty() ? "" : " and ") + plural(warnings, "warning");
    }
    out += style.paint(k_bold, fmt::format("Found {} in {}.", counts, plural(files.size(), "file"))) + "\n";
    return out;
}

}  // namespace mig_guard::report::detail
