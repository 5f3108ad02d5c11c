// What the extractor does with each argument of the library calls it reads (Column, Field,
// Index, ...): one table, so that nothing a model says is silently lost. Every keyword is either
// modelled, known to emit no DDL on PostgreSQL, or reported as something mig-guard cannot model.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace mig_guard::models::detail {

enum class ArgGroup { modelled, no_ddl, unsupported };

struct ArgRule {
    std::string_view callable;  // canonical name, as the extractor resolves it: "sa.Column"
    // A keyword, or k_other_dialects: any `<dialect>_<option>` of a dialect other than
    // PostgreSQL (mysql_length=...), which changes only that dialect's DDL.
    std::string_view keyword;
    ArgGroup group;
    std::string_view reason;  // one line: what it does, and why it is in this group
};

inline constexpr std::string_view k_other_dialects = "<other dialect>_*";

struct CallableRule {
    std::string_view callable;  // canonical name
    std::string_view display;   // as messages name it: "Column"
    // Positional arguments the extractor reads; more are reported. k_any: all of them (the
    // caller reads or reports each one itself).
    size_t positional;
};

inline constexpr size_t k_any = static_cast<size_t>(-1);

std::span<const ArgRule> argument_rules();
std::span<const CallableRule> callable_rules();

// nullptr: `callable` is not in the table.
const CallableRule* find_callable(std::string_view callable);
// The rule for `keyword` of `callable` (an exact row first, then k_other_dialects); nullptr:
// not an argument of it.
const ArgRule* find_argument(std::string_view callable, std::string_view keyword);

}  // namespace mig_guard::models::detail
