#include "mig_guard/report/report.hpp"

#include <cctype>
#include <string>

#include "detail.hpp"

namespace mig_guard::report {

namespace {
constexpr const char* k_format_names[] = {"text", "json", "sarif", "github", "junit"};
}

std::optional<Format> parse_format(std::string_view name) {
    for (size_t i = 0; i < std::size(k_format_names); ++i) {
        if (name == k_format_names[i]) {
            return static_cast<Format>(i);
        }
    }
    return std::nullopt;
}

const char* format_name(Format format) {
    return k_format_names[static_cast<size_t>(format)];
}

std::string rule_help_uri(std::string_view code) {
    std::string anchor;
    for (char c : code) {
        anchor += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return "https://github.com/mig-guard/mig-guard/blob/main/docs/rules.md#" + anchor;
}

std::string render(Format format, const ReportInput& input, const TextOptions& text) {
    switch (format) {
    case Format::text: return detail::render_text(input, text);
    case Format::json: return detail::render_json(input);
    case Format::sarif: return detail::render_sarif(input);
    case Format::github: return detail::render_github(input);
    case Format::junit: return detail::render_junit(input);
    }
    return {};
}

}  // namespace mig_guard::report
