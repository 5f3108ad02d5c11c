// Machine format: one object per finding with a fixed key order, so that diffs of saved
// reports stay readable; unknown positions are null rather than 0.
#include <nlohmann/json.hpp>

#include "detail.hpp"

namespace mig_guard::report::detail {

namespace {

nlohmann::ordered_json position(uint32_t value) {
    return value == 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(value);
}

}  // namespace

std::string render_json(const ReportInput& input) {
    auto out = nlohmann::ordered_json::array();
    for (const lint::Finding* f : sorted_findings(input)) {
        nlohmann::ordered_json item;
        item["code"] = f->code;
        item["name"] = f->name;
        item["level"] = lint::level_name(f->level);
        item["message"] = f->message;
        item["help"] = f->help;
        item["file"] = f->location.file;
        item["line"] = position(f->location.line);
        item["column"] = position(f->location.column);
        item["end_line"] = position(f->end_line);
        item["end_column"] = position(f->end_column);
        if (f->fix) {
            nlohmann::ordered_json fix;
            fix["description"] = f->fix->description;
            fix["edits"] = nlohmann::ordered_json::array();
            for (const auto& edit : f->fix->edits) {
                nlohmann::ordered_json e;
                e["begin"] = edit.begin;
                e["end"] = edit.end;
                e["replacement"] = edit.replacement;
                fix["edits"].push_back(std::move(e));
            }
            item["fix"] = std::move(fix);
        } else {
            item["fix"] = nullptr;
        }
        out.push_back(std::move(item));
    }
    // replace: a message quoting a file's invalid UTF-8 must not abort the report
    return out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace mig_guard::report::detail
