// libFuzzer entry point for the Python reader: tokenize and parse arbitrary bytes. Any crash,
// hang, sanitizer report or broken invariant (an error must come with exactly one diagnostic
// at a known location; spans must lie inside the source) is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "mig_guard/python/parser.hpp"

#include "fuzz_support.hpp"

namespace {

using mig_guard::fuzz::check;

void check_span(const mig_guard::python::Span& s, size_t size) {
    check(s.begin <= s.end && s.end <= size);
    check(s.line >= 1 && s.column >= 1);
}

void walk(const mig_guard::python::Expr* e, size_t size, int depth) {
    if (!e) return;
    check(depth < 10000);
    check_span(e->span, size);
    for (const auto& c : e->children) walk(c.get(), size, depth + 1);
    for (const auto& k : e->keywords) walk(k.value.get(), size, depth + 1);
}

void walk(const mig_guard::python::Stmt& s, size_t size, int depth) {
    check_span(s.span, size);
    walk(s.value.get(), size, depth + 1);
    for (const auto& t : s.targets) walk(t.get(), size, depth + 1);
    for (const auto& b : s.body) walk(*b, size, depth + 1);
    for (const auto& b : s.orelse) walk(*b, size, depth + 1);
    for (const auto& tp : s.type_params) {
        check_span(tp.span, size);
        walk(tp.bound.get(), size, depth + 1);
        walk(tp.default_value.get(), size, depth + 1);
    }
    for (const auto& c : s.cases) {
        check_span(c.span, size);
        walk(c.pattern.get(), size, depth + 1);
        walk(c.guard.get(), size, depth + 1);
        for (const auto& b : c.body) walk(*b, size, depth + 1);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string src(reinterpret_cast<const char*>(data), size);
    auto tokens = mig_guard::python::tokenize(src, "fuzz.py");
    check(tokens.diagnostics.size() <= 1);
    for (const auto& t : tokens.tokens) check(t.span.begin <= t.span.end && t.span.end <= size);
    auto module = mig_guard::python::parse(src, "fuzz.py");
    check(module.diagnostics.size() <= 1);
    for (const auto& d : module.diagnostics) check(d.location.line >= 1 && !d.message.empty());
    if (!tokens.diagnostics.empty()) check(!module.ok());
    for (const auto& s : module.body) walk(*s, module.source.size(), 0);
    return 0;
}
