#include "mig_guard/python/ast.hpp"

#include <algorithm>

namespace mig_guard::python {

const Expr* docstring(const std::vector<StmtPtr>& body) {
    if (body.empty()) return nullptr;
    const Stmt& s = *body.front();
    if (s.kind != StmtKind::Expr || !s.value || !s.value->is_str()) return nullptr;
    return s.value.get();
}

std::string dotted_name(const Expr& e) {
    // Walk the Attribute chain down to its Name, collecting attributes in reverse.
    std::vector<const std::string*> parts;
    const Expr* cur = &e;
    while (cur->kind == ExprKind::Attribute) {
        parts.push_back(&cur->name);
        cur = cur->child(0);
        if (!cur) return {};
    }
    if (cur->kind != ExprKind::Name) return {};
    std::string out = cur->name;
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
        out += '.';
        out += **it;
    }
    return out;
}

}  // namespace mig_guard::python
