// The subset of Mako that real projects' script.py.mako files use, enough to fill them the
// way Alembic does without Python: ${expr} and ${expr | filters} (filters n, str, comma, trim),
// `% if` / `% elif` / `% else` / `% endif` lines, `##` comments, `<%! ... %>` module blocks
// (skipped: they only import), `<%text>`, `<%doc>`, `%%` and backslash line continuations.
// Expressions: names, string literals, None/True/False, repr(), str(), comma(), len(),
// context.get(name, default), `not`, `and`, `or`, `==`, `!=`, `is [not] None`, and
// `a if cond else b`. Anything else is an error naming the template line, never a guess.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "mig_guard/alembic/writer.hpp"

namespace mig_guard::alembic::mako {

// A Python value of the kinds Alembic passes to the template.
struct Value {
    enum class Kind : uint8_t { none, boolean, integer, str, tuple, list, datetime };
    Kind kind = Kind::none;
    std::string text;                 // str, and datetime's str()
    std::vector<std::string> items;   // tuple, list
    long long number = 0;             // boolean (0/1), integer

    static Value none() { return {}; }
    static Value string(std::string s) { return {Kind::str, std::move(s), {}, 0}; }
    static Value tuple(std::vector<std::string> v) { return {Kind::tuple, {}, std::move(v), 0}; }
    static Value list(std::vector<std::string> v) { return {Kind::list, {}, std::move(v), 0}; }
    static Value datetime(std::string s) { return {Kind::datetime, std::move(s), {}, 0}; }
    static Value boolean(bool b) { return {Kind::boolean, {}, {}, b ? 1 : 0}; }
    static Value integer(long long n) { return {Kind::integer, {}, {}, n}; }

    bool truthy() const;
};

using Context = std::map<std::string, Value, std::less<>>;

// The template filled with `context`; an error names `template_path`:line and the construct.
TextResult render(std::string_view template_text, const Context& context,
                  std::string_view template_path = "script.py.mako");

}  // namespace mig_guard::alembic::mako
