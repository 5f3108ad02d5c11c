// SQLAlchemy's naming conventions (sqlalchemy/sql/naming.py), token for token.
#include <cctype>

#include "internal.hpp"

namespace mig_guard::models::detail {

NamingConvention default_naming_convention() { return {{"ix", "ix_%(column_0_label)s"}}; }

namespace {

// Column tokens: column_<i>_<attr>, column_0N_<attr> (joined), column_0_N_<attr> (joined by
// "_"), and the referred_ variants. nullopt: not a column token.
std::optional<std::string> column_token(const ConventionSubject& s, const std::string& key, bool& known) {
    known = true;
    bool referred = key.starts_with("referred_");
    std::string rest = referred ? key.substr(9) : key;
    if (!rest.starts_with("column_")) {
        known = false;
        return std::nullopt;
    }
    rest = rest.substr(7);
    size_t i = 0;
    while (i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i]))) ++i;
    if (i == 0) {
        known = false;
        return std::nullopt;
    }
    size_t index = std::stoul(rest.substr(0, i));
    std::string multiples;
    if (rest.compare(i, 2, "_N") == 0) multiples = "_N";
    else if (rest.compare(i, 1, "N") == 0) multiples = "N";
    size_t attr_at = i + multiples.size();
    if (attr_at >= rest.size() || rest[attr_at] != '_') {
        known = false;
        return std::nullopt;
    }
    std::string attr = rest.substr(attr_at + 1);
    if (attr != "name" && attr != "label" && attr != "key") {
        known = false;
        return std::nullopt;
    }
    if (referred && attr != "name") {
        known = false;
        return std::nullopt;
    }
    const auto& cols = referred ? s.referred_columns : s.columns;
    auto render = [&](const std::string& col) {
        if (attr == "label") {
            std::string label;
            if (!s.table_schema.empty()) {
                for (char c : s.table_schema) label += c == '.' ? '_' : c;
                label += "_";
            }
            return label + s.table_name + "_" + col;
        }
        return col;
    };
    if (!multiples.empty()) {
        std::string out;
        for (size_t k = 0; k < cols.size(); ++k) {
            if (k > 0 && multiples == "_N") out += "_";
            out += render(cols[k]);
        }
        return out;
    }
    if (index >= cols.size()) return std::string();
    return render(cols[index]);
}

}  // namespace

ConventionResult apply_naming_convention(const NamingConvention& convention, const ConventionSubject& subject) {
    ConventionResult result;
    const std::string* tmpl = nullptr;
    for (const auto& [key, value] : convention)
        if (key == subject.kind) tmpl = &value;
    if (!tmpl) return result;
    bool uses_constraint_name = tmpl->find("%(constraint_name)s") != std::string::npos;
    // An explicit name is kept as is unless the template needs it as a token.
    if (!subject.explicit_name.empty() && !uses_constraint_name) return result;
    std::string out;
    const std::string& t = *tmpl;
    for (size_t i = 0; i < t.size();) {
        if (t.compare(i, 2, "%(") == 0) {
            auto close = t.find(")s", i + 2);
            if (close == std::string::npos) {
                out += t.substr(i);
                break;
            }
            std::string key = t.substr(i + 2, close - i - 2);
            i = close + 2;
            if (key == "table_name") out += subject.table_name;
            else if (key == "referred_table_name") out += subject.referred_table;
            else if (key == "constraint_name") {
                if (subject.explicit_name.empty()) {
                    result.outcome = ConventionOutcome::needs_explicit_name;
                    return result;
                }
                out += subject.explicit_name;
            } else {
                bool known = false;
                auto value = column_token(subject, key, known);
                if (!known) {
                    result.outcome = ConventionOutcome::unknown_token;
                    result.detail = key;
                    return result;
                }
                out += *value;
            }
        } else if (t.compare(i, 2, "%%") == 0) {
            out += '%';
            i += 2;
        } else {
            out += t[i++];
        }
    }
    result.outcome = ConventionOutcome::named;
    result.name = out;
    return result;
}

}  // namespace mig_guard::models::detail
