// JUnit XML as GitLab's test-report parser reads it: one suite "mig-guard"; a passing
// testcase for each checked file without errors; a failing testcase for each error
// finding (GitLab reads one <failure> per testcase, so errors are not grouped per file).
// Warnings do not fail: they go to the file's first testcase as <system-out>.
#include <fmt/format.h>

#include "detail.hpp"

namespace mig_guard::report::detail {

namespace {

// XML 1.0 cannot carry most control characters even as references: they become U+FFFD.
std::string escape_xml(std::string_view text, bool attribute) {
    std::string out;
    for (char c : text) {
        auto b = static_cast<unsigned char>(c);
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += attribute ? "&quot;" : "\""; break;
        case '\'': out += attribute ? "&apos;" : "'"; break;
        case '\r': out += "&#13;"; break;
        case '\n': out += attribute ? "&#10;" : "\n"; break;
        case '\t': out += attribute ? "&#9;" : "\t"; break;
        default:
            if (b < 0x20 || b == 0x7F) {
                out += "\xEF\xBF\xBD";
            } else {
                out += c;
            }
        }
    }
    return out;
}

std::string attr(std::string_view text) {
    return escape_xml(text, true);
}

std::string describe(const lint::Finding& f) {
    std::string out = f.location.file;
    if (f.location.line != 0) {
        out += fmt::format(":{}", f.location.line);
        if (f.location.column != 0) {
            out += fmt::format(":{}", f.location.column);
        }
    }
    out += fmt::format("{}{} [{}] {}", out.empty() ? "" : ": ", f.code, lint::level_name(f.level), f.message);
    if (!f.help.empty()) {
        out += "\nhelp: " + f.help;
    }
    return out;
}

struct TestCase {
    std::string name;
    std::string file;
    const lint::Finding* failure = nullptr;
    std::string system_out;
};

}  // namespace

std::string render_junit(const ReportInput& input) {
    const auto findings = sorted_findings(input);
    std::vector<TestCase> cases;
    for (const auto& file : all_files(input)) {
        const size_t first_case = cases.size();
        std::string warnings;
        for (const lint::Finding* f : findings) {
            if (f->location.file != file) {
                continue;
            }
            if (f->level == lint::Level::error) {
                std::string position = f->location.line == 0 ? "" : fmt::format(" at {}", f->location.line);
                if (f->location.line != 0 && f->location.column != 0) {
                    position += fmt::format(":{}", f->location.column);
                }
                cases.push_back({fmt::format("{} {}{}", f->code, f->name, position), file, f, {}});
            } else {
                warnings += describe(*f) + "\n";
            }
        }
        if (cases.size() == first_case) {
            cases.push_back({file.empty() ? "(project)" : file, file, nullptr, {}});
        }
        cases[first_case].system_out = warnings;
    }

    size_t failures = 0;
    for (const auto& c : cases) {
        failures += c.failure != nullptr ? 1 : 0;
    }
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += fmt::format("<testsuites name=\"mig-guard\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n", cases.size(),
                       failures);
    out += fmt::format("  <testsuite name=\"mig-guard\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
                       cases.size(), failures);
    for (const auto& c : cases) {
        out += fmt::format("    <testcase classname=\"{}\" name=\"{}\"", attr(c.file.empty() ? "mig-guard" : c.file),
                           attr(c.name));
        if (!c.file.empty()) {
            out += fmt::format(" file=\"{}\"", attr(c.file));
        }
        if (c.failure == nullptr && c.system_out.empty()) {
            out += "/>\n";
            continue;
        }
        out += ">\n";
        if (c.failure != nullptr) {
            out += fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n", attr(c.failure->code),
                               attr(c.failure->message), escape_xml(describe(*c.failure), false));
        }
        if (!c.system_out.empty()) {
            out += fmt::format("      <system-out>{}</system-out>\n", escape_xml(c.system_out, false));
        }
        out += "    </testcase>\n";
    }
    out += "  </testsuite>\n</testsuites>\n";
    return out;
}

}  // namespace mig_guard::report::detail
