#include "mig_guard/models/loader.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "mig_guard/python/parser.hpp"

namespace mig_guard::models {

namespace {

using python::Expr;
using python::ExprKind;
using python::Stmt;
using python::StmtKind;
using python::StmtPtr;

std::string join_path(const std::string& dir, const std::string& rest) {
    if (dir.empty() || dir == ".") return rest;
    if (rest.empty()) return dir;
    return dir + "/" + rest;
}

std::string parent_dir(const std::string& path) {
    auto slash = path.rfind('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

bool within(const std::string& path, const std::string& dir) {
    return dir.empty() || path == dir || (path.size() > dir.size() && path.starts_with(dir) && path[dir.size()] == '/');
}

// `path` relative to `root` ("../shared/x.py" when it lies outside).
std::string relative_to(const std::string& path, const std::string& root) {
    if (within(path, root)) return root.empty() ? path : path.substr(std::min(path.size(), root.size() + 1));
    std::string up;
    std::string r = root;
    while (!r.empty() && !within(path, r)) {
        up += "../";
        r = parent_dir(r);
    }
    return up + (r.empty() ? path : path.substr(r.size() + 1));
}

std::vector<std::string> split_dots(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (true) {
        size_t dot = s.find('.', start);
        out.push_back(s.substr(start, dot - start));
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return out;
}

bool is_identifier(std::string_view s) {
    if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
               static_cast<unsigned char>(c) >= 0x80;
    });
}

// `if TYPE_CHECKING:` / `if typing.TYPE_CHECKING:`: false when the program runs.
bool is_type_checking(const Expr* test) {
    if (!test) return false;
    std::string d = python::dotted_name(*test);
    return d == "TYPE_CHECKING" || d.ends_with(".TYPE_CHECKING");
}

// An import statement that runs when its module is imported.
struct ImportRequest {
    const Stmt* stmt = nullptr;
    std::string module;                 // absolute dotted module; empty when a relative import leaves the package
    std::vector<std::string> names;     // for `from module import a, b`; empty for `import module`
    bool star = false;
};

// Libraries whose meaning the extractor knows: a model may use them without their sources.
bool known_library(const std::string& module) {
    const std::string top = module.substr(0, module.find('.'));
    return top == "sqlalchemy" || top == "sqlmodel" || top == "alembic" || top == "pydantic" || top == "typing" ||
           top == "typing_extensions" || top == "enum" || top == "datetime" || top == "decimal" || top == "uuid" ||
           top == "__future__";
}

// Top-level modules that are never a project's own: the standard library and the libraries
// every Alembic project imports. An unresolved import of anything else makes the loader look
// for the project's package roots.
bool never_project_module(std::string_view top) {
    static const std::set<std::string_view> k_names = {
        "__future__", "abc", "alembic", "argparse", "asyncio", "base64", "collections", "contextlib", "contextvars",
        "copy", "dataclasses", "datetime", "decimal", "dotenv", "enum", "fastapi", "functools", "glob", "hashlib",
        "importlib", "inspect", "ipaddress", "itertools", "json", "logging", "math", "operator", "os", "pathlib",
        "pkgutil", "pydantic", "pydantic_settings", "random", "re", "secrets", "sqlalchemy", "sqlmodel", "starlette",
        "string", "sys", "threading", "time", "types", "typing", "typing_extensions", "urllib", "uuid", "warnings",
        "zoneinfo", "psycopg2", "psycopg", "asyncpg", "geoalchemy2", "pgvector", "sqlalchemy_utils"};
    return k_names.count(top) != 0;
}

// Directories that never hold a project's importable code.
bool unimportable_dir(const std::string& path) {
    size_t start = 0;
    for (size_t slash; (slash = path.find('/', start)) != std::string::npos; start = slash + 1) {
        std::string_view part = std::string_view(path).substr(start, slash - start);
        if (part.starts_with(".") || part == "__pycache__" || part == "site-packages" || part == "node_modules" ||
            part == "dist-packages")
            return true;
    }
    return false;
}

// Text that a module defining a table model must contain somewhere.
bool may_define_table(std::string_view text) {
    return text.find("table=True") != std::string_view::npos || text.find("table = True") != std::string_view::npos ||
           text.find("__tablename__") != std::string_view::npos || text.find("Table(") != std::string_view::npos;
}

// Python's own recursion limit is 1,000 frames; no real import chain comes near this.
constexpr int k_max_import_depth = 200;

struct Node {
    std::string name;
    std::string path;  // tree-relative
    bool package = false;
    bool script = false;  // env.py: its functions run too
    std::string display;  // the path in diagnostics: relative to the project root
    python::Module ast;   // until handed to the extractor
    std::string text;     // the bytes read (SourceFile::content)
    bool done = false;
};

class Loader {
public:
    Loader(const FileTree& tree, const LoadSpec& spec) : m_tree(tree), m_spec(spec), m_search(spec.search_path) {}

    LoadResult run();

private:
    struct Found {
        std::string path;
        bool package = false;
    };
    std::optional<Found> find_module(const std::string& dotted);
    // Adds the directories above the tree's top-level packages (an `__init__.py` whose parent
    // has none) to the search path, once: where `sys.path.insert(...)` in env.py, an
    // editable install or a src/ layout lets Python find them.
    bool add_package_roots();
    // The module name a file has under the search path (first root containing it), or "".
    std::string module_name_of(const std::string& path, bool& package);
    Node* load_file(const std::string& path, std::string name, bool package, bool script);
    Node* import_module(const std::string& dotted, int depth);
    void visit(Node& node, int depth);
    // `importlib.import_module(...)` / `pkgutil.walk_packages(...)` loops (`import_models(
    // "app.models")`): the packages named by string literals in the module, or the module's own
    // package for `__path__`, are imported whole, as the loop would. Returns whether any was.
    void follow_dynamic_imports(Node& node, int depth);
    void import_package(const std::string& package, int depth);
    void collect_imports(const Node& node, const std::vector<StmtPtr>& body, bool in_function,
                         std::vector<ImportRequest>& out) const;
    std::string absolute(const Node& node, int level, const std::string& module) const;
    void check_target_metadata(const Node& env);
    void diag(const std::string& tree_path, const python::Span* span, Severity sev, std::string msg, std::string help);
    // Warns about table models below `dirs` (tree-relative) that the graph never imports.
    // Returns how many it found.
    size_t report_orphans(LoadResult& out, const std::vector<std::string>& dirs);
    // The modules for the extractor: their trees handed over (`reuse`), or parsed again.
    enum class Trees : uint8_t { hand_over, parse_again };
    static std::vector<ParsedModule> parsed(const std::vector<Node*>& nodes, Trees trees);

    const FileTree& m_tree;
    const LoadSpec& m_spec;
    std::vector<std::string> m_search;  // spec.search_path, then the package roots when needed
    bool m_package_roots_added = false;
    std::unordered_map<std::string, std::optional<Found>> m_found;     // module name -> file
    std::map<std::string, std::unique_ptr<Node>> m_nodes;              // tree path -> module
    std::vector<Node*> m_order;                                        // import order (dependencies first)
    Diagnostics m_diagnostics;
};

std::optional<Loader::Found> Loader::find_module(const std::string& dotted) {
    if (auto it = m_found.find(dotted); it != m_found.end()) return it->second;
    std::optional<Found> found;
    std::string rel;
    for (const auto& part : split_dots(dotted)) {
        if (!is_identifier(part)) {
            m_found.emplace(dotted, std::nullopt);
            return std::nullopt;
        }
        rel += (rel.empty() ? "" : "/") + part;
    }
    for (const auto& root : m_search) {
        const std::string base = join_path(root, rel);
        if (m_nodes.count(base + ".py") || m_tree.read(base + ".py")) {
            found = Found{base + ".py", false};
            break;
        }
        if (m_nodes.count(base + "/__init__.py") || m_tree.read(base + "/__init__.py")) {
            found = Found{base + "/__init__.py", true};
            break;
        }
    }
    m_found.emplace(dotted, found);
    if (!found && dotted.find('.') == std::string::npos && !never_project_module(dotted) && add_package_roots())
        return find_module(dotted);
    return found;
}

bool Loader::add_package_roots() {
    if (m_package_roots_added) return false;
    m_package_roots_added = true;
    std::set<std::string> inits;
    for (const auto& f : m_tree.list(""))
        if (f == "__init__.py" || f.ends_with("/__init__.py")) inits.insert(f);
    std::vector<std::string> roots;
    for (const auto& f : inits) {
        const std::string package = parent_dir(f);
        if (package.empty() || unimportable_dir(f)) continue;
        const std::string above = parent_dir(package);
        if (inits.count(join_path(above, "__init__.py"))) continue;  // not a top-level package
        if (std::find(m_search.begin(), m_search.end(), above) == m_search.end() &&
            std::find(roots.begin(), roots.end(), above) == roots.end())
            roots.push_back(above);
    }
    // Shallow roots first: `backend/app` before a copy under `docs/examples/app`.
    std::stable_sort(roots.begin(), roots.end(), [](const std::string& a, const std::string& b) {
        return std::count(a.begin(), a.end(), '/') < std::count(b.begin(), b.end(), '/');
    });
    if (roots.empty()) return false;
    m_search.insert(m_search.end(), roots.begin(), roots.end());
    for (auto it = m_found.begin(); it != m_found.end();)
        it = it->second ? std::next(it) : m_found.erase(it);
    return true;
}

// `path` as a dotted module name below `root`, or "" when it is not below it or a component is
// not an identifier.
std::string dotted_below(const std::string& path, const std::string& root, bool& package) {
    package = false;
    if (!path.ends_with(".py") || !within(path, root)) return {};
    std::string rel = root.empty() ? path : path.substr(root.size() + 1);
    rel.resize(rel.size() - 3);
    if (rel == "__init__") return {};
    if (rel.ends_with("/__init__")) {
        package = true;
        rel.resize(rel.size() - 9);
    }
    std::string name;
    size_t start = 0;
    while (true) {
        size_t slash = rel.find('/', start);
        std::string part = rel.substr(start, slash - start);
        if (!is_identifier(part)) return {};
        name += (name.empty() ? "" : ".") + part;
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    return name;
}

std::string Loader::module_name_of(const std::string& path, bool& package) {
    package = false;
    if (!path.ends_with(".py")) return {};
    // Inside a package, the name starts at the top of its `__init__.py` chain, and the
    // directory above that is where Python must have found it.
    std::string top = parent_dir(path);
    if (!top.empty() && m_tree.read(join_path(top, "__init__.py"))) {
        while (!top.empty() && !parent_dir(top).empty() && m_tree.read(join_path(parent_dir(top), "__init__.py")))
            top = parent_dir(top);
        if (!top.empty() && parent_dir(top).empty() && m_tree.read("__init__.py")) top.clear();
        const std::string above = top.empty() ? std::string() : parent_dir(top);
        if (std::find(m_search.begin(), m_search.end(), above) == m_search.end()) {
            m_search.push_back(above);
            for (auto it = m_found.begin(); it != m_found.end();)
                it = it->second ? std::next(it) : m_found.erase(it);
        }
        std::string name = dotted_below(path, above, package);
        if (!name.empty()) return name;
    }
    for (const auto& root : m_search) {
        std::string name = dotted_below(path, root, package);
        if (!name.empty()) return name;
    }
    package = false;
    return {};
}

Node* Loader::load_file(const std::string& path, std::string name, bool package, bool script) {
    if (auto it = m_nodes.find(path); it != m_nodes.end()) return it->second.get();
    auto text = m_tree.read(path);
    if (!text) return nullptr;
    auto node = std::make_unique<Node>();
    node->name = std::move(name);
    node->path = path;
    node->package = package;
    node->script = script;
    node->text = *text;
    node->display = relative_to(path, m_spec.root);
    node->ast = python::parse(std::move(*text), node->display);
    Node* out = node.get();
    m_nodes.emplace(path, std::move(node));
    return out;
}

// Imports `dotted` as Python does: each parent package first, then the module itself.
// Returns the module's node, or nullptr when it is not in the tree (a library).
Node* Loader::import_module(const std::string& dotted, int depth) {
    auto parts = split_dots(dotted);
    std::string prefix;
    Node* last = nullptr;
    for (const auto& part : parts) {
        prefix += (prefix.empty() ? "" : ".") + part;
        auto found = find_module(prefix);
        if (!found) {
            last = nullptr;
            continue;  // a namespace package, or a library: its submodules may still be files
        }
        Node* node = load_file(found->path, prefix, found->package, false);
        if (!node) continue;
        visit(*node, depth + 1);
        last = node;
    }
    return last;
}

std::string Loader::absolute(const Node& node, int level, const std::string& module) const {
    if (level == 0) return module;
    if (node.name.empty()) return {};
    auto parts = split_dots(node.name);
    // The package of a module is its parent; a package's own __init__ is its package. Going
    // above the top-level package is an ImportError in Python.
    const size_t drop = static_cast<size_t>(node.package ? level - 1 : level);
    if (drop >= parts.size()) return {};
    parts.resize(parts.size() - drop);
    std::string base;
    for (const auto& p : parts) base += (base.empty() ? "" : ".") + p;
    if (module.empty()) return base;
    return base.empty() ? module : base + "." + module;
}

void Loader::collect_imports(const Node& node, const std::vector<StmtPtr>& body, bool in_function,
                             std::vector<ImportRequest>& out) const {
    for (const auto& sp : body) {
        if (!sp) continue;
        const Stmt& s = *sp;
        switch (s.kind) {
            case StmtKind::Import:
                for (const auto& a : s.names) out.push_back({&s, a.name, {}, false});
                break;
            case StmtKind::ImportFrom: {
                ImportRequest r{&s, absolute(node, s.level, s.name), {}, false};
                for (const auto& a : s.names) {
                    if (a.name == "*") r.star = true;
                    else r.names.push_back(a.name);
                }
                out.push_back(std::move(r));
                break;
            }
            case StmtKind::If:
                if (!is_type_checking(s.value.get())) collect_imports(node, s.body, in_function, out);
                collect_imports(node, s.orelse, in_function, out);
                break;
            case StmtKind::Try:
                collect_imports(node, s.body, in_function, out);
                for (const auto& h : s.handlers) collect_imports(node, h.body, in_function, out);
                collect_imports(node, s.orelse, in_function, out);
                collect_imports(node, s.finalbody, in_function, out);
                break;
            case StmtKind::With:
            case StmtKind::For:
            case StmtKind::While:
                collect_imports(node, s.body, in_function, out);
                collect_imports(node, s.orelse, in_function, out);
                break;
            case StmtKind::ClassDef: collect_imports(node, s.body, in_function, out); break;
            case StmtKind::FunctionDef:
                // env.py calls its functions (run_migrations_online); a module's functions do
                // not run when it is imported.
                if (node.script) collect_imports(node, s.body, true, out);
                break;
            default: break;
        }
    }
}

// `__all__ = [...]` of a package, for `from package import *` (which imports the submodules it names).
std::vector<std::string> dunder_all(const python::Module& m) {
    std::vector<std::string> out;
    for (const auto& sp : m.body) {
        if (!sp || (sp->kind != StmtKind::Assign && sp->kind != StmtKind::AnnAssign) || sp->targets.empty() || !sp->value)
            continue;
        if (!sp->targets[0] || !sp->targets[0]->is_name("__all__")) continue;
        const Expr& v = *sp->value;
        if (v.kind != ExprKind::List && v.kind != ExprKind::Tuple) continue;
        for (const auto& c : v.children)
            if (c && c->kind == ExprKind::Constant && c->const_kind == python::ConstKind::Str) out.push_back(c->value);
    }
    return out;
}

void Loader::visit(Node& node, int depth) {
    if (node.done) return;
    node.done = true;  // before the imports: an import cycle ends here, as Python's partially initialized module
    if (depth > k_max_import_depth) {
        diag(node.path, nullptr, Severity::error,
             "imports nest deeper than " + std::to_string(k_max_import_depth) + " modules here: mig-guard stops following them",
             "name the model files in `models` in [tool.mig-guard]");
        m_order.push_back(&node);
        return;
    }
    std::vector<ImportRequest> imports;
    collect_imports(node, node.ast.body, false, imports);
    for (const auto& r : imports) {
        if (r.module.empty()) continue;
        Node* mod = import_module(r.module, depth);
        // `from pkg import name`: a submodule when pkg/name.py exists.
        std::vector<std::string> names = r.names;
        if (r.star && mod && mod->package) names = dunder_all(mod->ast);
        for (const auto& n : names) {
            std::string sub = r.module + "." + n;
            if (auto found = find_module(sub))
                if (Node* child = load_file(found->path, sub, found->package, false)) visit(*child, depth + 1);
        }
    }
    follow_dynamic_imports(node, depth);
    m_order.push_back(&node);
}

// What a module's code mentions, for follow_dynamic_imports.
struct Mentions {
    const Expr* dynamic_call = nullptr;   // the first importlib / pkgutil / __import__ call
    std::vector<std::string> strings;     // string literals that look like dotted module names
    bool own_path = false;                // `__path__` or `__name__` is used
};

void mention(const Expr* e, Mentions& out, int depth) {
    if (!e || depth > 200) return;
    if (e->kind == ExprKind::Call && e->child(0)) {
        std::string callee = python::dotted_name(*e->child(0));
        std::string last = callee.substr(callee.rfind('.') == std::string::npos ? 0 : callee.rfind('.') + 1);
        if (!out.dynamic_call && (last == "import_module" || last == "__import__" || last == "walk_packages" ||
                                  last == "iter_modules" || last == "import_string"))
            out.dynamic_call = e;
    }
    if (e->is_str() && !e->value.empty() && e->value.size() < 200) {
        bool dotted = true;
        size_t start = 0;
        while (dotted) {
            size_t dot = e->value.find('.', start);
            dotted = is_identifier(std::string_view(e->value).substr(start, dot == std::string::npos ? std::string::npos : dot - start));
            if (dot == std::string::npos) break;
            start = dot + 1;
        }
        if (dotted) out.strings.push_back(e->value);
    }
    if (e->is_name("__path__") || e->is_name("__name__")) out.own_path = true;
    for (const auto& c : e->children) mention(c.get(), out, depth + 1);
    for (const auto& k : e->keywords) mention(k.value.get(), out, depth + 1);
}

void mention(const std::vector<StmtPtr>& body, Mentions& out, int depth) {
    if (depth > 100) return;
    for (const auto& sp : body) {
        if (!sp) continue;
        const Stmt& st = *sp;
        for (const auto& t : st.targets) mention(t.get(), out, depth + 1);
        mention(st.value.get(), out, depth + 1);
        for (const auto& x : st.extra) mention(x.get(), out, depth + 1);
        for (const auto& d : st.decorators) mention(d.get(), out, depth + 1);
        for (const auto& k : st.keywords) mention(k.value.get(), out, depth + 1);
        for (const auto& w : st.items) mention(w.context.get(), out, depth + 1);
        mention(st.body, out, depth + 1);
        mention(st.orelse, out, depth + 1);
        mention(st.finalbody, out, depth + 1);
        for (const auto& h : st.handlers) mention(h.body, out, depth + 1);
    }
}

void Loader::import_package(const std::string& package, int depth) {
    auto found = find_module(package);
    if (!found || !found->package) return;
    const std::string dir = parent_dir(found->path);
    for (const auto& f : m_tree.list(dir)) {
        if (!f.ends_with(".py") || m_nodes.count(f) || unimportable_dir(f) || is_test_path(relative_to(f, dir))) continue;
        std::string rel = relative_to(f, dir);
        rel.resize(rel.size() - 3);
        bool package_init = false;
        if (rel == "__init__") continue;
        if (rel.ends_with("/__init__")) {
            rel.resize(rel.size() - 9);
            package_init = true;
        }
        std::string name = package;
        bool ok = true;
        size_t start = 0;
        while (ok) {
            size_t slash = rel.find('/', start);
            std::string part = rel.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
            ok = is_identifier(part);
            name += "." + part;
            if (slash == std::string::npos) break;
            start = slash + 1;
        }
        if (!ok) continue;
        if (Node* n = load_file(f, name, package_init, false)) visit(*n, depth + 1);
    }
}

void Loader::follow_dynamic_imports(Node& node, int depth) {
    Mentions m;
    mention(node.ast.body, m, 0);
    if (!m.dynamic_call) return;
    std::vector<std::string> packages;
    if (m.own_path && node.package && !node.name.empty()) packages.push_back(node.name);
    for (const auto& s : m.strings) {
        if (never_project_module(s.substr(0, s.find('.')))) continue;
        auto found = find_module(s);
        if (found && found->package && std::find(packages.begin(), packages.end(), s) == packages.end())
            packages.push_back(s);
    }
    Diagnostic d;
    d.stage = "models";
    d.location = node.ast.location(m.dynamic_call->span);
    if (packages.empty()) {
        d.severity = Severity::warning;
        d.message = "modules are imported dynamically here, and mig-guard cannot tell which: models they define are "
                    "not seen";
        d.help = "import the model modules with import statements, or name them in `models` in [tool.mig-guard]";
        m_diagnostics.push_back(std::move(d));
        return;
    }
    std::string list;
    for (const auto& p : packages) list += (list.empty() ? "`" : ", `") + p + "`";
    d.severity = Severity::note;
    d.message = "modules are imported dynamically here: mig-guard reads every module of " + list + ", as such a loop would";
    m_diagnostics.push_back(std::move(d));
    for (const auto& p : packages) import_package(p, depth);
}

void Loader::diag(const std::string& tree_path, const python::Span* span, Severity sev, std::string msg,
                  std::string help) {
    Diagnostic d;
    d.severity = sev;
    d.stage = "models";
    d.location.file = relative_to(tree_path, m_spec.root);
    if (span) {
        d.location.line = span->line;
        d.location.column = span->column;
    }
    d.message = std::move(msg);
    d.help = std::move(help);
    m_diagnostics.push_back(std::move(d));
}

// Alembic compares the database with env.py's target_metadata: when it is missing, None, or
// comes from a library outside the repository, the models cannot be known from here.
void Loader::check_target_metadata(const Node& env) {
    const Stmt* assign = nullptr;
    std::function<void(const std::vector<StmtPtr>&)> find = [&](const std::vector<StmtPtr>& body) {
        for (const auto& sp : body) {
            if (!sp) continue;
            if ((sp->kind == StmtKind::Assign || sp->kind == StmtKind::AnnAssign) && sp->value)
                for (const auto& t : sp->targets)
                    if (t && t->is_name("target_metadata")) assign = sp.get();
            if (sp->kind == StmtKind::If || sp->kind == StmtKind::Try) {
                find(sp->body);
                find(sp->orelse);
                for (const auto& h : sp->handlers) find(h.body);
            }
        }
    };
    find(env.ast.body);
    const std::string help = "set target_metadata to the models' MetaData (e.g. `target_metadata = SQLModel.metadata`), "
                             "or name the model files in `models` in [tool.mig-guard]";
    if (!assign) {
        diag(env.path, nullptr, Severity::error, "env.py assigns no target_metadata: Alembic's autogenerate compares "
                                                 "the database with nothing, and mig-guard cannot tell which models count",
             help);
        return;
    }
    const Expr& v = *assign->value;
    if (v.kind == ExprKind::Constant && v.const_kind == python::ConstKind::None) {
        diag(env.path, &v.span, Severity::error,
             "target_metadata is None: Alembic's autogenerate compares the database with no models, and mig-guard "
             "cannot tell which models count",
             help);
        return;
    }
    // `Base.metadata` / `[a.metadata, b.metadata]`: each name's import must be readable.
    std::vector<const Expr*> items;
    if (v.kind == ExprKind::List || v.kind == ExprKind::Tuple)
        for (const auto& c : v.children) items.push_back(c.get());
    else items.push_back(&v);
    for (const Expr* e : items) {
        if (!e) continue;
        std::string dotted = python::dotted_name(*e);
        if (dotted.empty()) continue;
        std::string head = dotted.substr(0, dotted.find('.'));
        std::string from_module;
        std::function<void(const std::vector<StmtPtr>&)> scan = [&](const std::vector<StmtPtr>& body) {
            for (const auto& sp : body) {
                if (!sp) continue;
                if (sp->kind == StmtKind::ImportFrom) {
                    for (const auto& a : sp->names)
                        if (a.asname.value_or(a.name) == head) from_module = absolute(env, sp->level, sp->name);
                } else if (sp->kind == StmtKind::Import) {
                    for (const auto& a : sp->names) {
                        if (a.asname && *a.asname == head) from_module = a.name;
                        else if (!a.asname && a.name.substr(0, a.name.find('.')) == head) from_module = head;
                    }
                } else if (sp->kind == StmtKind::If || sp->kind == StmtKind::Try) {
                    if (!(sp->kind == StmtKind::If && is_type_checking(sp->value.get()))) scan(sp->body);
                    scan(sp->orelse);
                    for (const auto& h : sp->handlers) scan(h.body);
                }
            }
        };
        scan(env.ast.body);
        if (from_module.empty() || known_library(from_module)) continue;
        bool in_tree = false;
        for (std::string m = from_module; !m.empty() && !in_tree; m = m.rfind('.') == std::string::npos ? "" : m.substr(0, m.rfind('.')))
            in_tree = find_module(m).has_value();
        if (!in_tree)
            diag(env.path, &e->span, Severity::error,
                 "target_metadata comes from `" + from_module +
                     "`, which is not in the repository: mig-guard reads only the repository's files",
                 "add the directory that holds `" + from_module.substr(0, from_module.find('.')) +
                     "` to `import_roots` in [tool.mig-guard], or name the model files in `models`");
    }
}

std::vector<ParsedModule> Loader::parsed(const std::vector<Node*>& nodes, Trees trees) {
    std::vector<ParsedModule> out;
    out.reserve(nodes.size());
    for (Node* n : nodes) {
        ParsedModule pm;
        pm.name = n->name;
        pm.package = n->package;
        if (trees == Trees::hand_over && !n->ast.file.empty()) pm.ast = std::move(n->ast);
        else pm.ast = python::parse(n->text, n->display);
        n->ast = {};
        out.push_back(std::move(pm));
    }
    return out;
}

// Table models in the models' directories that nothing on the graph imports: Python never
// runs them, so Alembic never sees their tables. Each gets a warning with the import that
// would fix it.
size_t Loader::report_orphans(LoadResult& out, const std::vector<std::string>& dirs) {
    // The outermost directories only: a listing is recursive.
    std::vector<std::string> sorted = dirs;
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::string> outer;
    for (const auto& d : sorted)
        if (std::none_of(outer.begin(), outer.end(), [&](const std::string& o) { return within(d, o); })) outer.push_back(d);

    std::vector<std::string> candidates;
    for (const auto& d : outer) {
        for (const auto& f : m_tree.list(d)) {
            if (!f.ends_with(".py") || m_nodes.count(f)) continue;
            if (unimportable_dir(f) || is_test_path(relative_to(f, d))) continue;
            if (std::any_of(m_spec.exclude_dirs.begin(), m_spec.exclude_dirs.end(),
                            [&](const std::string& x) { return within(f, x); }))
                continue;
            candidates.push_back(f);
        }
    }
    std::vector<Node*> extra;
    for (const auto& f : candidates) {
        auto text = m_tree.read(f);
        if (!text || !may_define_table(*text)) continue;
        bool package = false;
        std::string name = module_name_of(f, package);
        if (Node* n = load_file(f, name, package, false)) extra.push_back(n);
    }
    if (extra.empty()) return 0;

    std::vector<Node*> all = m_order;
    all.insert(all.end(), extra.begin(), extra.end());
    ExtractOptions options;
    options.versions = m_spec.versions;
    ExtractResult second = extract_models(parsed(all, Trees::parse_again), options);
    std::set<std::string> extra_files;
    for (const Node* n : extra) extra_files.insert(n->display);
    const Node* env = nullptr;
    for (const Node* n : m_order)
        if (n->script) env = n;
    size_t found = 0;
    for (const auto& t : second.schema.tables) {
        if (!extra_files.count(t.location.file)) continue;
        ++found;
        const Node* orphan = nullptr;
        for (const Node* n : extra)
            if (n->display == t.location.file) orphan = n;
        // The package's __init__ when it is on the graph, else env.py, imports it.
        std::string where = env ? relative_to(env->path, m_spec.root) : std::string("env.py");
        std::string pkg_init = join_path(parent_dir(orphan->path), "__init__.py");
        auto init = m_nodes.find(pkg_init);
        if (init != m_nodes.end() && init->second->done) where = relative_to(pkg_init, m_spec.root);
        std::string import = orphan->name.empty() ? "an import of " + t.location.file : "`import " + orphan->name + "`";
        Diagnostic d;
        d.severity = Severity::warning;
        d.stage = "models";
        d.location = t.location;
        d.message = "table `" + t.name + "` is defined here, but nothing that env.py imports imports this module: "
                    "Alembic will not see it, and mig-guard leaves it out";
        d.help = "add " + import + " to " + where + " (or name the file in `models` if it should not count)";
        out.diagnostics.push_back(std::move(d));
    }
    return found;
}

LoadResult Loader::run() {
    LoadResult out;
    Node* env = nullptr;
    if (!m_spec.entries.empty()) {
        for (const auto& e : m_spec.entries) {
            bool package = false;
            std::string name = module_name_of(e, package);
            Node* n = load_file(e, name, package, false);
            if (!n) {
                diag(e, nullptr, Severity::error, "cannot read the model file", "check that it exists in this version");
                continue;
            }
            // Python runs the parent packages' __init__ first.
            if (!name.empty() && name.find('.') != std::string::npos) import_module(name.substr(0, name.rfind('.')), 0);
            visit(*n, 0);
        }
    } else if (!m_spec.env_py.empty()) {
        env = load_file(m_spec.env_py, "", false, true);
        if (!env) {
            diag(m_spec.env_py, nullptr, Severity::error, "Alembic's env.py is missing, so the models cannot be found from it",
                 "restore env.py, or name the model files in `models` in [tool.mig-guard]");
        } else {
            visit(*env, 0);
            check_target_metadata(*env);
        }
    }

    ExtractOptions options;
    options.versions = m_spec.versions;
    ExtractResult result = extract_models(parsed(m_order, Trees::hand_over), options);
    out.schema = std::move(result.schema);
    out.diagnostics = std::move(m_diagnostics);
    out.diagnostics.insert(out.diagnostics.end(), result.diagnostics.begin(), result.diagnostics.end());
    for (const Node* n : m_order) {
        out.files.push_back({n->display, n->text});
        out.modules.push_back(n->name);
    }
    if (env && !has_errors(out.diagnostics)) {
        if (out.schema.tables.empty()) {
            out.no_table_reached = true;
            Diagnostic d;
            d.severity = Severity::warning;
            d.stage = "models";
            d.location.file = env->display;
            d.message = "no table model is reached from env.py's imports (" + std::to_string(out.files.size()) +
                        " modules read): Alembic's autogenerate sees no table either";
            d.help = "import the models in env.py (e.g. `import app.models`), or name the model files in `models`";
            out.diagnostics.push_back(std::move(d));
            report_orphans(out, {m_spec.root});
        } else {
            std::map<std::string, std::string> by_display;
            for (const auto& [path, node] : m_nodes) by_display[node->display] = path;
            std::vector<std::string> dirs;  // the directories of the modules that define tables
            for (const auto& t : out.schema.tables)
                if (auto it = by_display.find(t.location.file); it != by_display.end()) dirs.push_back(parent_dir(it->second));
            report_orphans(out, dirs);
        }
    }
    return out;
}

}  // namespace

LoadResult load_models(const FileTree& tree, const LoadSpec& spec) { return Loader(tree, spec).run(); }

}  // namespace mig_guard::models
