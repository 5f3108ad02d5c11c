// The static model extractor. Modules are parsed once, their top-level bindings indexed, and
// names resolved through the project's own imports; anything outside the project is a
// library name, canonicalized ("sa.String", "pg.JSONB", "sqlmodel.Field") so that the many
// paths SQLAlchemy re-exports a name under compare equal.
#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>

#include "arguments.hpp"
#include "internal.hpp"
#include "mig_guard/models/extract.hpp"
#include "mig_guard/python/parser.hpp"

namespace mig_guard::models {

namespace {

using python::ConstKind;
using python::Expr;
using python::ExprKind;
using python::Span;
using python::Stmt;
using python::StmtKind;
namespace sc = schema;

constexpr int k_max_depth = 24;

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The keyword of a control-flow statement (`for`, `if`, ...) that may define class attributes a
// static reading cannot see; nullptr for any other statement.
const char* control_flow_keyword(StmtKind kind) {
    switch (kind) {
        case StmtKind::For: return "for";
        case StmtKind::While: return "while";
        case StmtKind::If: return "if";
        case StmtKind::Try: return "try";
        case StmtKind::With: return "with";
        case StmtKind::Match: return "match";
        default: return nullptr;
    }
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    size_t start = 0;
    while (true) {
        auto at = s.find(sep, start);
        out.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos) break;
        start = at + 1;
    }
    return out;
}

std::string join(const std::vector<std::string>& parts, size_t from, const std::string& sep = ".") {
    std::string out;
    for (size_t i = from; i < parts.size(); ++i) out += (i > from ? sep : "") + parts[i];
    return out;
}

// A literal value as Python would print it in a repr.
struct Lit {
    enum class Kind { none, str, number, boolean, ellipsis };
    Kind kind = Kind::none;
    std::string text;  // str: the value; number: as written
    bool flag = false;

    std::string repr() const {
        switch (kind) {
            case Kind::none: return "None";
            case Kind::boolean: return flag ? "True" : "False";
            case Kind::ellipsis: return "Ellipsis";
            case Kind::number: return text;
            case Kind::str: {
                bool has_single = text.find('\'') != std::string::npos;
                bool has_double = text.find('"') != std::string::npos;
                char q = has_single && !has_double ? '"' : '\'';
                std::string out(1, q);
                for (char c : text) {
                    if (c == '\\') out += "\\\\";
                    else if (c == q) out += std::string("\\") + q;
                    else if (c == '\n') out += "\\n";
                    else if (c == '\t') out += "\\t";
                    else out += c;
                }
                return out + q;
            }
        }
        return "None";
    }
};

// Builtin names a model may use in annotations.
const std::set<std::string> k_builtins = {"str", "int", "float", "bool", "bytes", "dict", "list", "set",
                                          "tuple", "object", "type", "frozenset", "bytearray"};

// Library names, canonicalized. SQLModel re-exports SQLAlchemy's names; only its own are kept
// under "sqlmodel.".
std::string canonical_external(const std::string& q) {
    auto parts = split(q, '.');
    if (parts.empty()) return q;
    const std::string& root = parts[0];
    const std::string& last = parts.back();
    if (root == "sqlalchemy" || root == "sqlmodel") {
        for (size_t i = 1; i < parts.size(); ++i)
            if (parts[i] == "func") return "func." + join(parts, i + 1);
        if (q.starts_with("sqlalchemy.dialects.postgresql") || (root == "sqlmodel" && q.find(".postgresql") != std::string::npos))
            return "pg." + last;
        if (root == "sqlmodel") {
            static const std::set<std::string> own = {"SQLModel", "Field", "Relationship", "AutoString", "GUID"};
            if (own.count(last)) return "sqlmodel." + last;
        }
        if (parts.size() == 1) return root;
        return "sa." + last;
    }
    if (root == "typing" || root == "typing_extensions") return "typing." + last;
    if (root == "pydantic") return "pydantic." + last;
    if (root == "sqlalchemy_utils") return q;
    return q;
}

struct Binding {
    enum class Kind { module, from_import, cls, value, func, annotation };
    Kind kind = Kind::value;
    std::string target;  // module: module path; from_import: "module.name"
    const Stmt* stmt = nullptr;
    const Expr* value = nullptr;
};

struct ModuleInfo {
    std::string name;
    bool package = false;
    python::Module ast;
    std::map<std::string, Binding> bindings;
    std::vector<const Stmt*> assignments;  // every top-level assignment statement, in order
    size_t rank = 0;
};

struct Ref {
    enum class Kind { unknown, external, module, cls, value, func };
    Kind kind = Kind::unknown;
    std::string canonical;  // external: canonical name
    std::string raw;        // external: full dotted path
    ModuleInfo* mod = nullptr;
    const Stmt* stmt = nullptr;
    const Expr* value = nullptr;
    std::vector<std::string> member;  // attribute path below a class or value

    bool is(std::string_view c) const { return kind == Kind::external && canonical == c; }
};

// One metadata's settings: naming convention and, for 2.0 bases, the type_annotation_map.
struct MetaInfo {
    detail::NamingConvention convention = detail::default_naming_convention();
    std::vector<std::pair<std::string, const Expr*>> type_map;  // canonical annotation -> type expression
    ModuleInfo* type_map_module = nullptr;
};

enum class Family { plain, sqlmodel, declarative, enum_, type_decorator, unresolved };

struct ClassInfo {
    ModuleInfo* mod = nullptr;
    const Stmt* stmt = nullptr;
    Family family = Family::plain;
    bool is_base_root = false;  // a declarative Base itself
    MetaInfo* meta = nullptr;
    std::vector<ClassInfo*> bases;  // project classes among the bases, in order
    bool str_enum = false, int_enum = false;
    const Expr* unresolved_base = nullptr;
    bool mapped = false;  // has (or is) a table
    std::string table_name;
    std::string table_schema;
};

struct FkSpec {
    std::string target;  // "table.col" or "schema.table.col"
    std::string ondelete, onupdate, name;
    std::optional<bool> deferrable;
    std::string initially;
    bool use_alter = false;
    bool target_is_key = false;  // ForeignKey(Model.attr): the column is named by its key
    SourceLocation location;
};

struct ColumnSpec {
    std::string key;
    std::string name;
    std::string column_key;  // Column(key=...): what strings in constraints name it by
    std::optional<sc::SqlType> type;
    bool type_from_fk = false;
    bool primary_key = false;
    std::optional<bool> nullable;
    bool unique = false;
    std::string unique_name;
    bool index = false;
    std::optional<sc::ServerDefault> server_default;
    std::optional<std::string> comment;
    sc::Autoincrement autoincrement = sc::Autoincrement::auto_;
    std::optional<sc::Identity> identity;
    std::optional<std::string> computed;
    bool computed_persisted = true;
    std::vector<FkSpec> fks;
    std::vector<const Expr*> extra_constraints;  // CheckConstraint(...) given as column args
    std::optional<std::pair<std::string, std::vector<std::string>>> enum_check;  // name, values
    ModuleInfo* extra_module = nullptr;
    SourceLocation location;
    // Ordering keys: SQLAlchemy 1.4 sorts by creation; 2.0 by collection then sort_order.
    long long creation = 0;
    long long collection = 0;
    int sort_order = 0;
};

struct TableArgs {
    std::vector<std::pair<ModuleInfo*, const Expr*>> items;
    std::string schema;
    std::optional<std::string> comment;
};

class Extractor {
public:
    Extractor(std::vector<ParsedModule> modules, const ExtractOptions& options) : m_options(options) {
        load(std::move(modules));
    }

    ExtractResult run();

private:
    // ---- modules and names ----
    void load(std::vector<ParsedModule> modules);
    void index_bindings(ModuleInfo& m, const std::vector<python::StmtPtr>& body);
    std::string resolve_relative(const ModuleInfo& m, int level, const std::string& module) const;
    Ref resolve(ModuleInfo& m, const Expr& e, int depth = 0);
    Ref resolve_parts(ModuleInfo& m, const std::vector<std::string>& parts, int depth);
    Ref resolve_qualified(const std::string& q, int depth);
    // Follows value aliases (`MyType = sa.String`) to what they name.
    Ref follow(Ref r, int depth = 0);
    std::optional<Lit> literal(ModuleInfo& m, const Expr* e, int depth = 0);
    const Expr* value_expr(ModuleInfo*& m, const Expr* e, int depth = 0);

    // ---- diagnostics ----
    void diag(ModuleInfo& m, const Span& s, Severity sev, std::string msg, std::string help) {
        Diagnostic d;
        d.severity = sev;
        d.location = m.ast.location(s);
        d.stage = "models";
        d.message = std::move(msg);
        d.help = std::move(help);
        // A mixin's body is read once per table that uses it: say each thing once.
        std::string key = d.location.file + '\0' + std::to_string(d.location.line) + ':' +
                          std::to_string(d.location.column) + '\0' + d.message;
        if (!m_said.insert(std::move(key)).second) return;
        m_result.diagnostics.push_back(std::move(d));
    }
    std::string text(ModuleInfo& m, const Expr& e) { return std::string(m.ast.text(e.span)); }

    // ---- arguments: each one modelled, emitting no DDL, or reported (arguments.cpp) ----
    void check_arguments(ModuleInfo& m, const Expr& call, std::string_view callable);
    void check_keyword(ModuleInfo& m, const Span& where, std::string_view callable, const std::string& kw);
    // A class-body statement the column readers did not take: reported when it may define DDL.
    void check_body_statement(ModuleInfo& m, const Stmt& st, const std::string& class_name, bool sqlmodel);

    // ---- classes ----
    ClassInfo* class_info(ModuleInfo* m, const Stmt* s, int depth = 0);
    MetaInfo* meta_from_metadata_expr(ModuleInfo& m, const Expr* e);
    MetaInfo* meta_for_call(ModuleInfo& m, const Expr& call);
    void read_naming_convention(ModuleInfo& m, const Expr* e, MetaInfo& meta);
    void process_class(ClassInfo& ci);
    void report_unresolved_bases(ClassInfo& ci);
    void process_sqlmodel(ClassInfo& ci);
    void process_declarative(ClassInfo& ci);
    void process_core_table(ModuleInfo& m, const Expr& call);
    std::string class_tablename(ClassInfo& ci, bool sqlmodel);
    void collect_table_args(ClassInfo& ci, TableArgs& out);
    void read_table_args(ModuleInfo& m, const Expr* e, TableArgs& out);

    // ---- columns and types ----
    bool is_column_call(ModuleInfo& m, const Expr* e, std::string_view what);
    ColumnSpec parse_column_call(ModuleInfo& m, const Expr& call, const std::string& key);
    void apply_column_kw(ModuleInfo& m, ColumnSpec& spec, const std::string& kw, const Expr& v);
    std::optional<FkSpec> parse_foreign_key(ModuleInfo& m, const Expr& call);
    std::optional<sc::SqlType> type_from_expr(ModuleInfo& m, const Expr& e, bool report = true);
    // The type expression a load_dialect_impl() body returns for PostgreSQL: the `return` of an
    // `if dialect.name == "postgresql":` branch (or its else for `!=`), or the only `return`;
    // `dialect.type_descriptor(X)` unwrapped to X. nullptr when the body is anything else.
    static const Expr* postgresql_return(const std::vector<python::StmtPtr>& body);
    std::optional<sc::SqlType> known_type(ModuleInfo& m, const std::string& canon, const Expr* call, const Expr& where);
    std::optional<sc::SqlType> enum_type(ModuleInfo& m, const Expr* call, const Expr& where, bool pg_enum);
    std::optional<sc::SqlType> enum_from_class(ClassInfo& ec, const std::string& name_override, const std::string& schema,
                                               bool native, bool use_values, const std::string& prefix);
    std::vector<std::pair<std::string, std::string>> enum_members(ClassInfo& ec);
    std::optional<sc::ServerDefault> server_default(ModuleInfo& m, const Expr& e);
    std::optional<std::string> sql_expression(ModuleInfo& m, const Expr& e);
    // Annotation: strips Optional / Union[..., None] / X | None / Annotated / Mapped.
    const Expr* strip_annotation(ModuleInfo& m, const Expr* e, bool& optional, int depth = 0);
    std::optional<sc::SqlType> sqlmodel_type(ModuleInfo& m, const Expr& annotation, const Expr* field_call,
                                             const Span& where);
    std::optional<sc::SqlType> mapped_type(ClassInfo& ci, ModuleInfo& m, const Expr& annotation, const Expr& where);
    // A type_annotation_map key: `str` -> "builtins.str", `dict[str, Any]` ->
    // "builtins.dict[builtins.str, typing.Any]", a project class -> "class:Name".
    std::string annotation_key(ModuleInfo& m, const Expr& e, int depth = 0);

    // ---- tables ----
    void build_table(ModuleInfo& m, const Span& where, const std::string& name, const std::string& schema,
                     std::vector<ColumnSpec> columns, const TableArgs& args, MetaInfo& meta,
                     std::optional<std::string> comment);
    sc::Name convention_name(MetaInfo& meta, ModuleInfo& m, const Span& where, detail::ConventionSubject subject);
    void resolve_foreign_key_types();
    void resolve_foreign_key_keys();
    // Per table in m_result.schema.tables: (key, name) of columns whose attribute key is not
    // their name, and FKs whose target column is a key (ForeignKey(Model.attr)).
    std::vector<std::vector<std::pair<std::string, std::string>>> m_renamed_keys;
    struct KeyRef {
        size_t table;
        size_t fk;
    };
    std::vector<KeyRef> m_fk_key_refs;
    std::set<std::string> m_said;  // diagnostics already reported (file, position, message)
    // m_result.schema.tables by "schema\0name": lookups stay constant as the project grows.
    std::unordered_map<std::string, size_t> m_table_index;
    static std::string table_key(std::string_view name, std::string_view schema) {
        return std::string(schema) + '\0' + std::string(name);
    }
    const sc::Table* built_table(std::string_view name, std::string_view schema) const {
        auto it = m_table_index.find(table_key(name, schema));
        return it == m_table_index.end() ? nullptr : &m_result.schema.tables[it->second];
    }

    const ExtractOptions& m_options;
    std::vector<std::unique_ptr<ModuleInfo>> m_modules;
    std::map<std::string, ModuleInfo*> m_by_name;
    std::map<const Stmt*, std::unique_ptr<ClassInfo>> m_classes;
    std::set<const Stmt*> m_classes_in_progress;
    std::map<const void*, std::unique_ptr<MetaInfo>> m_metas;
    MetaInfo m_sqlmodel_meta;
    ExtractResult m_result;
    long long m_next_creation = 0;
    struct PendingFk {
        size_t table;
        std::string column;
    };
    std::vector<PendingFk> m_fk_typed;
    // While a table's __table_args__ are read: its columns, so that a class-body name in an
    // expression (`Index("ix", func.lower(name))`) renders as the column it names.
    const std::vector<ColumnSpec>* m_expr_columns = nullptr;
    struct PendingEnumCheck {
        std::string name;
        std::vector<std::string> values;
    };
    // Set by enum_type for Enum(..., native_enum=False, create_constraint=True); taken by the
    // column whose type it is.
    std::optional<PendingEnumCheck> m_pending_enum_check;

    bool sqlmodel_at_least(int a, int b, int c) const { return !(m_options.versions.sqlmodel < Version{a, b, c}); }
    bool sa20() const { return m_options.versions.sqlalchemy.major >= 2; }
};

// ---------------------------------------------------------------- modules

std::string module_name_for(const std::string& path, const std::vector<std::string>& roots, bool& package) {
    std::string p = path;
    while (p.starts_with("./")) p = p.substr(2);
    std::string best;
    size_t best_len = 0;
    bool found = false;
    for (std::string root : roots) {
        while (root.starts_with("./")) root = root.substr(2);
        while (!root.empty() && root.back() == '/') root.pop_back();
        if (root == "." || root.empty()) {
            if (!found) {
                best = p;
                found = true;
            }
            continue;
        }
        if (p.starts_with(root + "/") && root.size() + 1 > best_len) {
            best = p.substr(root.size() + 1);
            best_len = root.size() + 1;
            found = true;
        }
    }
    if (!found) best = p;
    if (best.ends_with(".py")) best.resize(best.size() - 3);
    package = false;
    if (best == "__init__" || best.ends_with("/__init__")) {
        package = true;
        best = best.size() > 8 ? best.substr(0, best.size() - 9) : std::string();
    }
    for (char& c : best)
        if (c == '/') c = '.';
    return best;
}

void Extractor::load(std::vector<ParsedModule> modules) {
    for (auto& pm : modules) {
        auto m = std::make_unique<ModuleInfo>();
        m->name = std::move(pm.name);
        m->package = pm.package;
        m->ast = std::move(pm.ast);
        m->rank = m_modules.size();
        for (const auto& d : m->ast.diagnostics) m_result.diagnostics.push_back(d);
        index_bindings(*m, m->ast.body);
        if (!m->name.empty()) m_by_name.emplace(m->name, m.get());
        m_modules.push_back(std::move(m));
    }
}

void Extractor::index_bindings(ModuleInfo& m, const std::vector<python::StmtPtr>& body) {
    for (const auto& sp : body) {
        const Stmt& s = *sp;
        switch (s.kind) {
            case StmtKind::Import:
                for (const auto& a : s.names) {
                    if (a.asname) m.bindings[*a.asname] = {Binding::Kind::module, a.name, &s, nullptr};
                    else {
                        std::string head = split(a.name, '.')[0];
                        m.bindings[head] = {Binding::Kind::module, head, &s, nullptr};
                    }
                }
                break;
            case StmtKind::ImportFrom: {
                std::string mod = resolve_relative(m, s.level, s.name);
                for (const auto& a : s.names) {
                    if (a.name == "*") {
                        auto it = m_by_name.find(mod);
                        if (it != m_by_name.end())
                            for (const auto& [k, v] : it->second->bindings)
                                if (!k.starts_with("_")) m.bindings[k] = v;
                        continue;
                    }
                    m.bindings[a.asname.value_or(a.name)] = {Binding::Kind::from_import,
                                                             mod.empty() ? a.name : mod + "." + a.name, &s, nullptr};
                }
                break;
            }
            case StmtKind::ClassDef: m.bindings[s.name] = {Binding::Kind::cls, {}, &s, nullptr}; break;
            case StmtKind::FunctionDef: m.bindings[s.name] = {Binding::Kind::func, {}, &s, nullptr}; break;
            case StmtKind::Assign:
                m.assignments.push_back(&s);
                for (const auto& t : s.targets)
                    if (t && t->kind == ExprKind::Name) m.bindings[t->name] = {Binding::Kind::value, {}, &s, s.value.get()};
                break;
            case StmtKind::AnnAssign:
                m.assignments.push_back(&s);
                if (!s.targets.empty() && s.targets[0]->kind == ExprKind::Name && s.value)
                    m.bindings[s.targets[0]->name] = {Binding::Kind::value, {}, &s, s.value.get()};
                break;
            case StmtKind::TypeAlias:
                // PEP 695 `type UserId = int`: an alias like `UserId = int` for the annotations that use it.
                if (s.value) m.bindings[s.name] = {Binding::Kind::value, {}, &s, s.value.get()};
                break;
            case StmtKind::If:
            case StmtKind::Try:
                index_bindings(m, s.body);
                index_bindings(m, s.orelse);
                for (const auto& h : s.handlers) index_bindings(m, h.body);
                break;
            default: break;
        }
    }
}

std::string Extractor::resolve_relative(const ModuleInfo& m, int level, const std::string& module) const {
    if (level == 0) return module;
    auto parts = m.name.empty() ? std::vector<std::string>{} : split(m.name, '.');
    // The package of a module is its parent; a package's own __init__ is its package.
    int drop = m.package ? level - 1 : level;
    for (int i = 0; i < drop && !parts.empty(); ++i) parts.pop_back();
    std::string base = join(parts, 0);
    if (module.empty()) return base;
    return base.empty() ? module : base + "." + module;
}

Ref Extractor::resolve(ModuleInfo& m, const Expr& e, int depth) {
    std::string dotted = python::dotted_name(e);
    if (dotted.empty()) return {};
    return resolve_parts(m, split(dotted, '.'), depth);
}

Ref Extractor::resolve_parts(ModuleInfo& m, const std::vector<std::string>& parts, int depth) {
    if (depth > k_max_depth || parts.empty()) return {};
    auto it = m.bindings.find(parts[0]);
    if (it == m.bindings.end()) {
        if (k_builtins.count(parts[0]) && parts.size() == 1) {
            Ref r;
            r.kind = Ref::Kind::external;
            r.canonical = r.raw = "builtins." + parts[0];
            return r;
        }
        return {};
    }
    const Binding& b = it->second;
    switch (b.kind) {
        case Binding::Kind::module: {
            std::string q = b.target;
            // `import a.b` binds `a`; `a.b.C` then walks from a.
            for (size_t i = 1; i < parts.size(); ++i) q += "." + parts[i];
            return resolve_qualified(q, depth + 1);
        }
        case Binding::Kind::from_import: {
            std::string q = b.target;
            for (size_t i = 1; i < parts.size(); ++i) q += "." + parts[i];
            return resolve_qualified(q, depth + 1);
        }
        case Binding::Kind::cls:
        case Binding::Kind::value:
        case Binding::Kind::func:
        case Binding::Kind::annotation: {
            Ref r;
            r.kind = b.kind == Binding::Kind::cls ? Ref::Kind::cls : b.kind == Binding::Kind::func ? Ref::Kind::func
                                                                                                 : Ref::Kind::value;
            r.mod = &m;
            r.stmt = b.stmt;
            r.value = b.value;
            r.member.assign(parts.begin() + 1, parts.end());
            // A value that is itself a name (an alias) is followed when a member is asked for.
            if (r.kind == Ref::Kind::value && r.value && !r.member.empty()) {
                std::string dotted = python::dotted_name(*r.value);
                if (!dotted.empty()) {
                    auto p = split(dotted, '.');
                    p.insert(p.end(), r.member.begin(), r.member.end());
                    return resolve_parts(m, p, depth + 1);
                }
            }
            return r;
        }
    }
    return {};
}

Ref Extractor::resolve_qualified(const std::string& q, int depth) {
    if (depth > k_max_depth) return {};
    auto parts = split(q, '.');
    for (size_t n = parts.size(); n > 0; --n) {
        auto it = m_by_name.find(join(std::vector<std::string>(parts.begin(), parts.begin() + n), 0));
        if (it == m_by_name.end()) continue;
        if (n == parts.size()) {
            Ref r;
            r.kind = Ref::Kind::module;
            r.mod = it->second;
            return r;
        }
        std::vector<std::string> rest(parts.begin() + n, parts.end());
        Ref r = resolve_parts(*it->second, rest, depth + 1);
        if (r.kind != Ref::Kind::unknown) return r;
        return r;
    }
    Ref r;
    r.kind = Ref::Kind::external;
    r.raw = q;
    r.canonical = canonical_external(q);
    return r;
}

Ref Extractor::follow(Ref r, int depth) {
    while (depth++ < k_max_depth && r.kind == Ref::Kind::value && r.member.empty() && r.value) {
        std::string dotted = python::dotted_name(*r.value);
        if (dotted.empty()) break;
        r = resolve(*r.mod, *r.value, depth);
    }
    return r;
}

const Expr* Extractor::value_expr(ModuleInfo*& m, const Expr* e, int depth) {
    while (e && depth++ < k_max_depth && (e->kind == ExprKind::Name || e->kind == ExprKind::Attribute)) {
        Ref r = resolve(*m, *e);
        if (r.kind != Ref::Kind::value || !r.member.empty() || !r.value) break;
        m = r.mod;
        e = r.value;
    }
    return e;
}

std::optional<Lit> Extractor::literal(ModuleInfo& m, const Expr* e, int depth) {
    if (!e || depth > k_max_depth) return std::nullopt;
    if (e->kind == ExprKind::Constant) {
        Lit l;
        switch (e->const_kind) {
            case ConstKind::None: l.kind = Lit::Kind::none; break;
            case ConstKind::True: l.kind = Lit::Kind::boolean; l.flag = true; break;
            case ConstKind::False: l.kind = Lit::Kind::boolean; l.flag = false; break;
            case ConstKind::Ellipsis: l.kind = Lit::Kind::ellipsis; break;
            case ConstKind::Str: l.kind = Lit::Kind::str; l.text = e->value; break;
            case ConstKind::Int:
            case ConstKind::Float: {
                l.kind = Lit::Kind::number;
                for (char c : e->value)
                    if (c != '_') l.text += c;
                break;
            }
            default: return std::nullopt;
        }
        return l;
    }
    if (e->kind == ExprKind::UnaryOp && e->name == "-") {
        auto inner = literal(m, e->child(0), depth + 1);
        if (inner && inner->kind == Lit::Kind::number) {
            inner->text = "-" + inner->text;
            return inner;
        }
        return std::nullopt;
    }
    if (e->kind == ExprKind::Name || e->kind == ExprKind::Attribute) {
        ModuleInfo* mm = &m;
        const Expr* v = value_expr(mm, e);
        if (v != e) return literal(*mm, v, depth + 1);
    }
    return std::nullopt;
}

// ---------------------------------------------------------------- classes

MetaInfo* Extractor::meta_for_call(ModuleInfo& m, const Expr& call) {
    auto& slot = m_metas[&call];
    if (!slot) {
        slot = std::make_unique<MetaInfo>();
        for (const auto& kw : call.keywords)
            if (kw.arg && *kw.arg == "naming_convention") read_naming_convention(m, kw.value.get(), *slot);
    }
    return slot.get();
}

void Extractor::read_naming_convention(ModuleInfo& m, const Expr* e, MetaInfo& meta) {
    ModuleInfo* mm = &m;
    const Expr* d = value_expr(mm, e);
    if (d && d->kind == ExprKind::Call) {
        Ref r = resolve(*mm, *d->children[0]);
        if (r.canonical == "builtins.dict" || python::dotted_name(*d->children[0]) == "dict") {
            meta.convention.clear();
            for (const auto& kw : d->keywords) {
                auto v = kw.arg ? literal(*mm, kw.value.get()) : std::nullopt;
                if (!v || v->kind != Lit::Kind::str) {
                    diag(*mm, kw.span, Severity::error, "naming convention entry is not a string literal",
                         "write the naming convention as a literal dict, or set `naming_convention` in [tool.mig-guard]");
                    continue;
                }
                meta.convention.emplace_back(*kw.arg, v->text);
            }
            return;
        }
    }
    if (!d || d->kind != ExprKind::Dict) {
        diag(m, e ? e->span : Span{}, Severity::error, "cannot read the naming convention statically",
             "write it as a literal dict, or set `naming_convention` in [tool.mig-guard]");
        return;
    }
    meta.convention.clear();
    for (size_t i = 0; i + 1 < d->children.size(); i += 2) {
        const Expr* k = d->children[i].get();
        auto kl = literal(*mm, k);
        auto vl = literal(*mm, d->children[i + 1].get());
        if (!k || !kl || kl->kind != Lit::Kind::str || !vl || vl->kind != Lit::Kind::str) {
            std::string key = k ? python::dotted_name(*k) : "";
            static const std::map<std::string, std::string> by_class = {
                {"Index", "ix"}, {"UniqueConstraint", "uq"}, {"CheckConstraint", "ck"},
                {"ForeignKeyConstraint", "fk"}, {"PrimaryKeyConstraint", "pk"}};
            Ref r = k ? resolve(*mm, *k) : Ref{};
            auto it = r.kind == Ref::Kind::external ? by_class.find(split(r.canonical, '.').back()) : by_class.end();
            if (it != by_class.end() && vl && vl->kind == Lit::Kind::str) {
                meta.convention.emplace_back(it->second, vl->text);
                continue;
            }
            diag(*mm, d->children[i + 1] ? d->children[i + 1]->span : d->span, Severity::error,
                 "naming convention entry is not a string literal",
                 "write the naming convention as a literal dict, or set `naming_convention` in [tool.mig-guard]");
            continue;
        }
        meta.convention.emplace_back(kl->text, vl->text);
    }
}

MetaInfo* Extractor::meta_from_metadata_expr(ModuleInfo& m, const Expr* e) {
    if (!e) return nullptr;
    if (e->kind == ExprKind::Call) {
        Ref r = resolve(m, *e->children[0]);
        if (r.is("sa.MetaData")) return meta_for_call(m, *e);
        return nullptr;
    }
    Ref r = resolve(m, *e);
    if (r.kind == Ref::Kind::external && r.raw.starts_with("sqlmodel") && r.raw.ends_with("SQLModel.metadata"))
        return &m_sqlmodel_meta;
    if (r.kind == Ref::Kind::cls && r.member.size() == 1 && r.member[0] == "metadata") {
        ClassInfo* ci = class_info(r.mod, r.stmt);
        if (ci && ci->meta) return ci->meta;
        if (ci && ci->family == Family::sqlmodel) return &m_sqlmodel_meta;
        return nullptr;
    }
    if (r.kind == Ref::Kind::value && r.value) {
        if (!r.member.empty()) {
            // `Base.metadata` where Base = declarative_base(...)
            if (r.member.size() == 1 && r.member[0] == "metadata" && r.value->kind == ExprKind::Call) {
                auto& slot = m_metas[r.value];
                if (!slot) {
                    slot = std::make_unique<MetaInfo>();
                    for (const auto& kw : r.value->keywords)
                        if (kw.arg && *kw.arg == "metadata") {
                            if (MetaInfo* inner = meta_from_metadata_expr(*r.mod, kw.value.get())) *slot = *inner;
                        }
                }
                return slot.get();
            }
            return nullptr;
        }
        return meta_from_metadata_expr(*r.mod, r.value);
    }
    return nullptr;
}

ClassInfo* Extractor::class_info(ModuleInfo* m, const Stmt* s, int depth) {
    if (auto it = m_classes.find(s); it != m_classes.end()) return it->second.get();
    if (depth > k_max_depth || m_classes_in_progress.count(s)) return nullptr;
    m_classes_in_progress.insert(s);
    auto ci = std::make_unique<ClassInfo>();
    ci->mod = m;
    ci->stmt = s;
    for (const auto& d : s->decorators) {
        const Expr* callee = d->kind == ExprKind::Call ? d->children[0].get() : d.get();
        Ref r = resolve(*m, *callee);
        // `@reg.mapped` / `@reg.mapped_as_dataclass` with `reg = registry(...)`: a mapped class
        // without a declarative base.
        if (r.kind == Ref::Kind::value && r.member.size() == 1 &&
            (r.member[0] == "mapped" || r.member[0] == "mapped_as_dataclass") && r.value &&
            r.value->kind == ExprKind::Call && resolve(*r.mod, *r.value->children[0]).is("sa.registry")) {
            ci->family = Family::declarative;
            auto& slot = m_metas[r.value];
            if (!slot) {
                slot = std::make_unique<MetaInfo>();
                for (const auto& kw : r.value->keywords)
                    if (kw.arg && *kw.arg == "metadata")
                        if (MetaInfo* mi = meta_from_metadata_expr(*r.mod, kw.value.get())) *slot = *mi;
            }
            ci->meta = slot.get();
            continue;
        }
        if (r.is("sa.as_declarative")) {
            ci->family = Family::declarative;
            ci->is_base_root = true;
            ci->meta = meta_for_call(*m, *d);
            if (d->kind == ExprKind::Call)
                for (const auto& kw : d->keywords)
                    if (kw.arg && *kw.arg == "metadata")
                        if (MetaInfo* mi = meta_from_metadata_expr(*m, kw.value.get())) ci->meta = mi;
        }
    }
    for (const auto& b : s->bases) {
        Ref r = follow(resolve(*m, *b));
        if (r.kind == Ref::Kind::external) {
            const std::string& c = r.canonical;
            if (c == "sqlmodel.SQLModel") ci->family = Family::sqlmodel;
            else if (c == "sa.DeclarativeBase" || c == "sa.DeclarativeBaseNoMeta") {
                ci->family = Family::declarative;
                ci->is_base_root = true;
            } else if (c == "enum.Enum" || c == "enum.IntEnum" || c == "enum.StrEnum" || c == "enum.Flag" ||
                       c == "enum.IntFlag") {
                ci->family = Family::enum_;
                if (c == "enum.IntEnum" || c == "enum.IntFlag") ci->int_enum = true;
                if (c == "enum.StrEnum") ci->str_enum = true;
            } else if (c == "builtins.str") ci->str_enum = true;
            else if (c == "builtins.int") ci->int_enum = true;
            else if (c == "sa.TypeDecorator" || c == "sa.UserDefinedType") ci->family = Family::type_decorator;
            else if (c == "builtins.object" || c.starts_with("typing.") || c.starts_with("pydantic.") ||
                     c.starts_with("abc.") || c.starts_with("sa."))
                continue;
            else if (!ci->unresolved_base) ci->unresolved_base = b.get();
        } else if (r.kind == Ref::Kind::cls && r.member.empty()) {
            ClassInfo* base = class_info(r.mod, r.stmt, depth + 1);
            if (!base) continue;
            ci->bases.push_back(base);
            if (base->family == Family::unresolved && !ci->unresolved_base) ci->unresolved_base = b.get();
            if (base->family != Family::plain && base->family != Family::unresolved &&
                (ci->family == Family::plain || ci->family == Family::unresolved))
                ci->family = base->family;
            if (base->int_enum) ci->int_enum = true;
            if (base->str_enum) ci->str_enum = true;
            if (!ci->meta && base->meta) ci->meta = base->meta;
        } else if (r.kind == Ref::Kind::value && r.value && r.value->kind == ExprKind::Call) {
            const Expr& call = *r.value;
            Ref callee = resolve(*r.mod, *call.children[0]);
            std::string callee_text = python::dotted_name(*call.children[0]);
            bool generate = callee.kind != Ref::Kind::unknown && !callee.member.empty() &&
                            callee.member.back() == "generate_base";
            if (callee.is("sa.declarative_base") || generate ||
                (callee.kind == Ref::Kind::external && callee.canonical == "sa.generate_base")) {
                ci->family = Family::declarative;
                auto& slot = m_metas[&call];
                if (!slot) {
                    slot = std::make_unique<MetaInfo>();
                    for (const auto& kw : call.keywords)
                        if (kw.arg && *kw.arg == "metadata")
                            if (MetaInfo* mi = meta_from_metadata_expr(*r.mod, kw.value.get())) *slot = *mi;
                }
                ci->meta = slot.get();
            } else if (!ci->unresolved_base) ci->unresolved_base = b.get();
        } else if (!ci->unresolved_base) ci->unresolved_base = b.get();
    }
    if (ci->family == Family::plain && ci->unresolved_base) ci->family = Family::unresolved;
    if (ci->is_base_root) {
        // A 2.0 DeclarativeBase: `metadata = MetaData(...)` and `type_annotation_map = {...}` in its body.
        auto& slot = m_metas[s];
        if (!slot) slot = std::make_unique<MetaInfo>();
        if (ci->meta) *slot = *ci->meta;
        ci->meta = slot.get();
        for (const auto& st : s->body) {
            if ((st->kind != StmtKind::Assign && st->kind != StmtKind::AnnAssign) || st->targets.empty() || !st->value)
                continue;
            const Expr* t = st->targets[0].get();
            if (t->is_name("metadata")) {
                if (MetaInfo* mi = meta_from_metadata_expr(*m, st->value.get())) {
                    auto map = slot->type_map;
                    *slot = *mi;
                    slot->type_map = map;
                }
            } else if (t->is_name("type_annotation_map")) {
                ModuleInfo* mm = m;
                const Expr* d = value_expr(mm, st->value.get());
                if (!d || d->kind != ExprKind::Dict) {
                    diag(*m, st->value->span, Severity::error, "cannot read type_annotation_map statically",
                         "write type_annotation_map as a literal dict in the Base class");
                    continue;
                }
                for (size_t i = 0; i + 1 < d->children.size(); i += 2) {
                    if (!d->children[i]) continue;
                    slot->type_map.emplace_back(annotation_key(*mm, *d->children[i]), d->children[i + 1].get());
                }
                slot->type_map_module = mm;
            }
        }
    }
    m_classes_in_progress.erase(s);
    auto* out = ci.get();
    m_classes.emplace(s, std::move(ci));
    return out;
}

// ---------------------------------------------------------------- types

struct TypeParam {
    const char* name;
    const char* default_repr;  // what the default renders as; nullptr: no default (always shown when given)
};

struct KnownType {
    const char* sql;            // base SQL name
    std::vector<TypeParam> params;
    enum class Sql { plain, length, float_, numeric, datetime, time, pg_timestamp, pg_time, array, interval } shape;
};

const std::map<std::string, KnownType>& known_types() {
    using S = KnownType::Sql;
    static const std::vector<TypeParam> str = {{"length", "None"}, {"collation", "None"}};
    static const std::map<std::string, KnownType> table = {
        {"String", {"VARCHAR", str, S::length}},
        {"Unicode", {"VARCHAR", str, S::length}},
        {"VARCHAR", {"VARCHAR", str, S::length}},
        {"NVARCHAR", {"NVARCHAR", str, S::length}},
        {"CHAR", {"CHAR", str, S::length}},
        {"NCHAR", {"NCHAR", str, S::length}},
        {"Text", {"TEXT", str, S::length}},
        {"UnicodeText", {"TEXT", str, S::length}},
        {"TEXT", {"TEXT", str, S::length}},
        {"CLOB", {"CLOB", str, S::length}},
        {"Integer", {"INTEGER", {}, S::plain}},
        {"INTEGER", {"INTEGER", {}, S::plain}},
        {"INT", {"INTEGER", {}, S::plain}},
        {"BigInteger", {"BIGINT", {}, S::plain}},
        {"BIGINT", {"BIGINT", {}, S::plain}},
        {"SmallInteger", {"SMALLINT", {}, S::plain}},
        {"SMALLINT", {"SMALLINT", {}, S::plain}},
        {"Float", {"FLOAT", {{"precision", "None"}, {"asdecimal", "False"}, {"decimal_return_scale", "None"}}, S::float_}},
        {"FLOAT", {"FLOAT", {{"precision", "None"}, {"asdecimal", "False"}, {"decimal_return_scale", "None"}}, S::float_}},
        {"REAL", {"REAL", {{"precision", "None"}, {"asdecimal", "False"}, {"decimal_return_scale", "None"}}, S::plain}},
        {"Double", {"DOUBLE PRECISION", {{"precision", "None"}, {"asdecimal", "False"}, {"decimal_return_scale", "None"}}, S::plain}},
        {"DOUBLE_PRECISION", {"DOUBLE PRECISION", {{"precision", "None"}, {"asdecimal", "False"}, {"decimal_return_scale", "None"}}, S::plain}},
        {"Numeric", {"NUMERIC", {{"precision", "None"}, {"scale", "None"}, {"decimal_return_scale", "None"}, {"asdecimal", "True"}}, S::numeric}},
        {"NUMERIC", {"NUMERIC", {{"precision", "None"}, {"scale", "None"}, {"decimal_return_scale", "None"}, {"asdecimal", "True"}}, S::numeric}},
        {"DECIMAL", {"DECIMAL", {{"precision", "None"}, {"scale", "None"}, {"decimal_return_scale", "None"}, {"asdecimal", "True"}}, S::numeric}},
        {"Boolean", {"BOOLEAN", {{"create_constraint", "False"}, {"name", "None"}}, S::plain}},
        {"BOOLEAN", {"BOOLEAN", {{"create_constraint", "False"}, {"name", "None"}}, S::plain}},
        {"DateTime", {"TIMESTAMP", {{"timezone", "False"}}, S::datetime}},
        {"TIMESTAMP", {"TIMESTAMP", {{"timezone", "False"}}, S::datetime}},
        {"DATETIME", {"TIMESTAMP", {{"timezone", "False"}}, S::datetime}},
        {"Date", {"DATE", {}, S::plain}},
        {"DATE", {"DATE", {}, S::plain}},
        {"Time", {"TIME", {{"timezone", "False"}}, S::time}},
        {"TIME", {"TIME", {{"timezone", "False"}}, S::time}},
        {"Interval", {"INTERVAL", {{"native", "True"}, {"second_precision", "None"}, {"day_precision", "None"}}, S::plain}},
        {"LargeBinary", {"BYTEA", {{"length", "None"}}, S::plain}},
        {"PickleType", {"BYTEA", {}, S::plain}},
        {"JSON", {"JSON", {{"none_as_null", "False"}}, S::plain}},
        {"Uuid", {"UUID", {{"as_uuid", "True"}, {"native_uuid", "True"}}, S::plain}},
        {"UUID", {"UUID", {{"as_uuid", "True"}}, S::plain}},
        {"ARRAY", {"", {{"item_type", nullptr}, {"as_tuple", "False"}, {"dimensions", "None"}, {"zero_indexes", "False"}}, S::array}},
    };
    return table;
}

const std::map<std::string, KnownType>& known_pg_types() {
    using S = KnownType::Sql;
    static const std::map<std::string, KnownType> table = {
        {"JSONB", {"JSONB", {{"none_as_null", "False"}, {"astext_type", nullptr}}, S::plain}},
        {"JSON", {"JSON", {{"none_as_null", "False"}, {"astext_type", nullptr}}, S::plain}},
        {"UUID", {"UUID", {{"as_uuid", "False"}}, S::plain}},
        {"INET", {"INET", {}, S::plain}},
        {"CIDR", {"CIDR", {}, S::plain}},
        {"MACADDR", {"MACADDR", {}, S::plain}},
        {"MONEY", {"MONEY", {}, S::plain}},
        {"OID", {"OID", {}, S::plain}},
        {"TSVECTOR", {"TSVECTOR", {}, S::plain}},
        {"BYTEA", {"BYTEA", {{"length", "None"}}, S::plain}},
        {"DOUBLE_PRECISION", {"DOUBLE PRECISION", {{"precision", "None"}, {"asdecimal", "False"}, {"decimal_return_scale", "None"}}, S::plain}},
        {"REAL", {"REAL", {{"precision", "None"}, {"asdecimal", "False"}, {"decimal_return_scale", "None"}}, S::plain}},
        {"INTEGER", {"INTEGER", {}, S::plain}},
        {"BIGINT", {"BIGINT", {}, S::plain}},
        {"SMALLINT", {"SMALLINT", {}, S::plain}},
        {"TEXT", {"TEXT", {{"length", "None"}, {"collation", "None"}}, S::length}},
        {"VARCHAR", {"VARCHAR", {{"length", "None"}, {"collation", "None"}}, S::length}},
        {"BOOLEAN", {"BOOLEAN", {{"create_constraint", "False"}, {"name", "None"}}, S::plain}},
        {"DATE", {"DATE", {}, S::plain}},
        {"TIMESTAMP", {"TIMESTAMP", {{"timezone", "False"}, {"precision", "None"}}, S::pg_timestamp}},
        {"TIME", {"TIME", {{"timezone", "False"}, {"precision", "None"}}, S::pg_time}},
        {"INTERVAL", {"INTERVAL", {{"precision", "None"}, {"fields", "None"}}, S::interval}},
        {"HSTORE", {"HSTORE", {{"text_type", nullptr}}, S::plain}},
        {"ARRAY", {"", {{"item_type", nullptr}, {"as_tuple", "False"}, {"dimensions", "None"}, {"zero_indexes", "False"}}, S::array}},
        {"INT4RANGE", {"INT4RANGE", {}, S::plain}},
        {"INT8RANGE", {"INT8RANGE", {}, S::plain}},
        {"NUMRANGE", {"NUMRANGE", {}, S::plain}},
        {"DATERANGE", {"DATERANGE", {}, S::plain}},
        {"TSRANGE", {"TSRANGE", {}, S::plain}},
        {"TSTZRANGE", {"TSTZRANGE", {}, S::plain}},
        {"CITEXT", {"CITEXT", {}, S::plain}},
    };
    return table;
}

void add_import(sc::SqlType& t, const std::string& imp) {
    if (std::find(t.imports.begin(), t.imports.end(), imp) == t.imports.end()) t.imports.push_back(imp);
}

std::optional<sc::SqlType> Extractor::known_type(ModuleInfo& m, const std::string& canon, const Expr* call,
                                                 const Expr& where) {
    bool pg = canon.starts_with("pg.");
    std::string name = canon.substr(canon.find('.') + 1);
    if (name == "Enum" || (pg && name == "ENUM")) return enum_type(m, call, where, pg);
    const KnownType* kt = nullptr;
    std::string prefix = pg ? "postgresql." : "sa.";
    if (canon == "sqlmodel.AutoString" || canon == "sqlmodel.GUID") {
        static const KnownType auto_string{"VARCHAR", {{"length", "None"}}, KnownType::Sql::length};
        static const KnownType guid{"UUID", {}, KnownType::Sql::plain};
        kt = canon == "sqlmodel.AutoString" ? &auto_string : &guid;
        prefix = "sqlmodel.sql.sqltypes.";
    } else if (pg) {
        auto it = known_pg_types().find(name);
        if (it == known_pg_types().end()) {
            it = known_types().find(name);
            if (it == known_types().end()) return std::nullopt;
        }
        kt = &it->second;
    } else {
        auto it = known_types().find(name);
        if (it == known_types().end()) return std::nullopt;
        kt = &it->second;
    }
    // Bind arguments to parameters as Python would.
    std::map<std::string, const Expr*> args;
    if (call) {
        for (size_t i = 1; i < call->children.size(); ++i) {
            if (i - 1 >= kt->params.size() || call->children[i]->kind == ExprKind::Starred) {
                diag(m, call->children[i]->span, Severity::error, "unexpected argument to " + name,
                     "give the type's arguments as literals");
                return std::nullopt;
            }
            args[kt->params[i - 1].name] = call->children[i].get();
        }
        for (const auto& kw : call->keywords) {
            if (!kw.arg) {
                diag(m, kw.span, Severity::error, "cannot read `**` arguments of a type statically",
                     "give the type's arguments as literals");
                return std::nullopt;
            }
            args[*kw.arg] = kw.value.get();
        }
    }
    sc::SqlType out;
    std::string py_args;
    std::map<std::string, Lit> values;
    std::string item_sql;
    for (const auto& p : kt->params) {
        auto it = args.find(p.name);
        std::string rendered;
        if (it != args.end()) {
            if (std::string(p.name) == "item_type" || std::string(p.name) == "astext_type" ||
                std::string(p.name) == "text_type") {
                auto inner = type_from_expr(m, *it->second);
                if (!inner) return std::nullopt;
                rendered = inner->python;
                item_sql = inner->sql;
                for (const auto& imp : inner->imports) add_import(out, imp);
            } else {
                auto l = literal(m, it->second);
                if (!l) {
                    diag(m, it->second->span, Severity::error,
                         "cannot read argument `" + std::string(p.name) + "` of " + name + " statically",
                         "give the type's arguments as literals");
                    return std::nullopt;
                }
                values[p.name] = *l;
                rendered = l->repr();
                if (std::string(p.name) == "as_uuid" && pg && !sa20() && rendered == "False") rendered.clear();
                if (std::string(p.name) == "as_uuid" && pg && sa20() && rendered == "True") rendered.clear();
            }
            if (p.default_repr && rendered == p.default_repr) rendered.clear();
        } else if (std::string(p.name) == "astext_type" || std::string(p.name) == "text_type") {
            rendered = "sa.Text()";
        }
        // ARRAY's item type is the one argument Alembic renders positionally.
        if (!rendered.empty())
            py_args += (py_args.empty() ? "" : ", ") + (std::string(p.name) == "item_type" ? "" : std::string(p.name) + "=") + rendered;
    }
    if (pg && name == "UUID" && sa20()) prefix = "sa.";  // 2.0 made postgresql.UUID the generic sa.UUID
    out.python = prefix + name + "(" + py_args + ")";
    if (prefix == "postgresql.") add_import(out, "from sqlalchemy.dialects import postgresql");
    if (prefix == "sqlmodel.sql.sqltypes.") add_import(out, "import sqlmodel");
    auto num = [&](const char* k) -> std::string {
        auto it = values.find(k);
        return it != values.end() && it->second.kind == Lit::Kind::number ? it->second.text : "";
    };
    auto flag = [&](const char* k) {
        auto it = values.find(k);
        return it != values.end() && it->second.kind == Lit::Kind::boolean && it->second.flag;
    };
    using S = KnownType::Sql;
    std::string sql = kt->sql;
    switch (kt->shape) {
        case S::plain: break;
        case S::length: {
            if (!num("length").empty()) sql += "(" + num("length") + ")";
            auto it = values.find("collation");
            if (it != values.end() && it->second.kind == Lit::Kind::str) sql += " COLLATE \"" + it->second.text + "\"";
            break;
        }
        case S::float_:
            if (!num("precision").empty()) sql += "(" + num("precision") + ")";
            break;
        case S::numeric:
            if (!num("precision").empty()) {
                sql += "(" + num("precision");
                if (!num("scale").empty()) sql += ", " + num("scale");
                sql += ")";
            }
            break;
        case S::datetime: sql = flag("timezone") ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP WITHOUT TIME ZONE"; break;
        case S::time: sql = flag("timezone") ? "TIME WITH TIME ZONE" : "TIME WITHOUT TIME ZONE"; break;
        case S::pg_timestamp:
        case S::pg_time:
            sql = std::string(kt->shape == S::pg_timestamp ? "TIMESTAMP" : "TIME") +
                  (num("precision").empty() ? "" : "(" + num("precision") + ")") +
                  (flag("timezone") ? " WITH TIME ZONE" : " WITHOUT TIME ZONE");
            break;
        case S::interval: {
            auto it = values.find("fields");
            if (it != values.end() && it->second.kind == Lit::Kind::str) sql += " " + it->second.text;
            if (!num("precision").empty()) sql += "(" + num("precision") + ")";
            break;
        }
        case S::array: {
            if (!args.count("item_type")) {
                diag(m, where.span, Severity::error, "ARRAY without an item type", "write ARRAY(ItemType)");
                return std::nullopt;
            }
            int dims = num("dimensions").empty() ? 1 : std::max(1, std::atoi(num("dimensions").c_str()));
            sql = item_sql;
            for (int i = 0; i < dims; ++i) sql += "[]";
            break;
        }
    }
    out.sql = sql;
    return out;
}

std::vector<std::pair<std::string, std::string>> Extractor::enum_members(ClassInfo& ec) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& st : ec.stmt->body) {
        if (st->kind != StmtKind::Assign && st->kind != StmtKind::AnnAssign) continue;
        if (st->targets.empty() || st->targets[0]->kind != ExprKind::Name || !st->value) continue;
        const std::string& n = st->targets[0]->name;
        if (n.starts_with("_")) continue;
        auto l = literal(*ec.mod, st->value.get());
        out.emplace_back(n, l && l->kind == Lit::Kind::str ? l->text : l ? l->repr() : std::string());
    }
    return out;
}

std::optional<sc::SqlType> Extractor::enum_from_class(ClassInfo& ec, const std::string& name_override,
                                                      const std::string& schema, bool native, bool use_values,
                                                      const std::string& prefix) {
    auto members = enum_members(ec);
    std::vector<std::string> values;
    for (const auto& [n, v] : members) values.push_back(use_values ? v : n);
    sc::SqlType out;
    std::string name = name_override.empty() ? lower(ec.stmt->name) : name_override;
    std::string py = prefix + (prefix == "postgresql." ? "ENUM(" : "Enum(");
    for (size_t i = 0; i < values.size(); ++i) py += (i ? ", " : "") + Lit{Lit::Kind::str, values[i]}.repr();
    py += std::string(values.empty() ? "" : ", ") + "name=" + Lit{Lit::Kind::str, name}.repr();
    if (!schema.empty()) py += ", schema=" + Lit{Lit::Kind::str, schema}.repr();
    if (!native) py += ", native_enum=False";
    out.python = py + ")";
    if (prefix == "postgresql.") add_import(out, "from sqlalchemy.dialects import postgresql");
    if (native) {
        out.sql = schema.empty() ? name : schema + "." + name;
        out.enum_name = name;
        out.enum_schema = schema;
        if (!m_result.schema.find_enum(name, schema)) {
            sc::EnumType et;
            et.name = name;
            et.schema = schema;
            et.values = values;
            et.location = ec.mod->ast.location(ec.stmt->span);
            m_result.schema.enums.push_back(et);
        }
    } else {
        size_t longest = 0;
        for (const auto& v : values) longest = std::max(longest, v.size());
        out.sql = "VARCHAR(" + std::to_string(longest) + ")";
    }
    return out;
}

std::optional<sc::SqlType> Extractor::enum_type(ModuleInfo& m, const Expr* call, const Expr& where, bool pg_enum) {
    std::string prefix = pg_enum ? "postgresql." : "sa.";
    if (!call) {
        diag(m, where.span, Severity::error, "Enum without values", "write sa.Enum(MyEnum) or sa.Enum('a', 'b', name='x')");
        return std::nullopt;
    }
    std::string name, schema;
    bool native = true, use_values = false, create_constraint = false;
    int length = -1;
    // A non-native enum is VARCHAR(max(length=, longest value)); with create_constraint=True
    // it also gets CHECK (col IN (...)) named after the enum (picked up by the column).
    auto non_native = [&](sc::SqlType out, const std::vector<std::string>& values) {
        if (native) return out;
        size_t longest = 0;
        for (const auto& v : values) longest = std::max(longest, v.size());
        if (length >= 0 && static_cast<size_t>(length) > longest) longest = static_cast<size_t>(length);
        out.sql = "VARCHAR(" + std::to_string(longest) + ")";
        if (length >= 0) out.python.insert(out.python.size() - 1, ", length=" + std::to_string(length));
        if (create_constraint) {
            if (out.python.find("create_constraint") == std::string::npos)
                out.python.insert(out.python.size() - 1, ", create_constraint=True");
            m_pending_enum_check = PendingEnumCheck{name, values};
        }
        return out;
    };
    for (const auto& kw : call->keywords) {
        if (!kw.arg) continue;
        auto l = literal(m, kw.value.get());
        if (*kw.arg == "name" && l && l->kind == Lit::Kind::str) name = l->text;
        else if (*kw.arg == "schema" && l && l->kind == Lit::Kind::str) schema = l->text;
        else if (*kw.arg == "native_enum" && l && l->kind == Lit::Kind::boolean) native = l->flag;
        else if (*kw.arg == "length" && l && l->kind == Lit::Kind::number) length = std::atoi(l->text.c_str());
        else if (*kw.arg == "create_constraint" && l && l->kind == Lit::Kind::boolean) create_constraint = l->flag;
        else if (*kw.arg == "values_callable") {
            // The common form: lambda x: [e.value for e in x].
            std::string t = text(m, *kw.value);
            if (t.find(".value") != std::string::npos) use_values = true;
            else {
                diag(m, kw.value->span, Severity::error, "cannot evaluate values_callable statically",
                     "use `lambda e: [m.value for m in e]` or list the values in sa.Enum('a', 'b', name='x')");
                return std::nullopt;
            }
        }
    }
    if (call->children.size() == 2 && call->children[1]->kind != ExprKind::Constant) {
        Ref r = follow(resolve(m, *call->children[1]));
        ClassInfo* ec = r.kind == Ref::Kind::cls && r.member.empty() ? class_info(r.mod, r.stmt) : nullptr;
        if (!ec || ec->family != Family::enum_) {
            diag(m, call->children[1]->span, Severity::error,
                 "cannot resolve the enum class `" + text(m, *call->children[1]) + "`",
                 "define the Enum class in a project module listed in `models`/`import_roots`");
            return std::nullopt;
        }
        auto t = enum_from_class(*ec, name, schema, native, use_values, prefix);
        if (!t) return t;
        std::vector<std::string> values;
        for (const auto& [n, v] : enum_members(*ec)) values.push_back(use_values ? v : n);
        if (name.empty()) name = lower(ec->stmt->name);
        return non_native(*t, values);
    }
    std::vector<std::string> values;
    for (size_t i = 1; i < call->children.size(); ++i) {
        auto l = literal(m, call->children[i].get());
        if (!l || l->kind != Lit::Kind::str) {
            diag(m, call->children[i]->span, Severity::error, "Enum value is not a string literal",
                 "write the Enum's values as string literals");
            return std::nullopt;
        }
        values.push_back(l->text);
    }
    sc::SqlType out;
    std::string py = prefix + (pg_enum ? "ENUM(" : "Enum(");
    for (size_t i = 0; i < values.size(); ++i) py += (i ? ", " : "") + Lit{Lit::Kind::str, values[i]}.repr();
    if (!name.empty()) py += std::string(values.empty() ? "" : ", ") + "name=" + Lit{Lit::Kind::str, name}.repr();
    if (!schema.empty()) py += ", schema=" + Lit{Lit::Kind::str, schema}.repr();
    if (!native) py += ", native_enum=False";
    out.python = py + ")";
    if (pg_enum) add_import(out, "from sqlalchemy.dialects import postgresql");
    if (native) {
        if (name.empty()) {
            diag(m, call->span, Severity::error, "a PostgreSQL enum type needs a name", "add name='...' to the Enum");
            return std::nullopt;
        }
        out.sql = schema.empty() ? name : schema + "." + name;
        out.enum_name = name;
        out.enum_schema = schema;
        if (!m_result.schema.find_enum(name, schema)) {
            sc::EnumType et;
            et.name = name;
            et.schema = schema;
            et.values = values;
            et.location = m.ast.location(call->span);
            m_result.schema.enums.push_back(et);
        }
    } else {
        return non_native(out, values);
    }
    return out;
}

std::optional<sc::SqlType> Extractor::type_from_expr(ModuleInfo& m, const Expr& e, bool report) {
    const Expr* call = e.kind == ExprKind::Call ? &e : nullptr;
    const Expr& callee = call ? *call->children[0] : e;
    Ref r = follow(resolve(m, callee));
    if (r.kind == Ref::Kind::value && r.member.empty() && r.value && !call)
        return type_from_expr(*r.mod, *r.value, report);  // MyType = sa.String(50)
    if (r.kind == Ref::Kind::external) {
        if (auto t = known_type(m, r.canonical, call, e)) return t;
        if (r.canonical.starts_with("sa.") || r.canonical.starts_with("pg.") || r.canonical.starts_with("sqlmodel.") ||
            r.canonical.starts_with("builtins.") || r.canonical.starts_with("func.") || r.raw.find('.') == std::string::npos) {
            if (report)
                diag(m, e.span, Severity::error, "`" + text(m, e) + "` is not a column type mig-guard knows",
                     "write the type as a SQLAlchemy type literal, e.g. sa.String(50)");
            return std::nullopt;
        }
        // A third-party type: carried as written, with its module path.
        sc::SqlType out;
        std::string module = r.raw.substr(0, r.raw.rfind('.'));
        std::string cls = r.raw.substr(r.raw.rfind('.') + 1);
        std::string args;
        if (call) {
            for (size_t i = 1; i < call->children.size(); ++i) {
                std::string a = text(m, *call->children[i]);
                if (cls == "Vector" && i == 1) a = "dim=" + a;
                args += (args.empty() ? "" : ", ") + a;
            }
            for (const auto& kw : call->keywords)
                args += (args.empty() ? "" : ", ") + (kw.arg ? *kw.arg + "=" : "**") + text(m, *kw.value);
        }
        out.python = r.raw + "(" + args + ")";
        add_import(out, "import " + module);
        if (cls == "Vector") {
            auto dim = call && call->children.size() > 1 ? literal(m, call->child(1)) : std::nullopt;
            if (call)
                for (const auto& kw : call->keywords)
                    if (kw.arg && *kw.arg == "dim") dim = literal(m, kw.value.get());
            out.sql = dim && dim->kind == Lit::Kind::number ? "VECTOR(" + dim->text + ")" : "VECTOR";
        } else if (report) {
            diag(m, e.span, Severity::warning,
                 "mig-guard cannot know the SQL of type `" + text(m, e) + "`; it is carried as written",
                 "compare it by its Python form only, or use a SQLAlchemy type whose SQL is known");
        }
        return out;
    }
    if (r.kind == Ref::Kind::cls && r.member.empty()) {
        ClassInfo* ci = class_info(r.mod, r.stmt);
        if (ci && ci->family == Family::type_decorator) {
            sc::SqlType out;
            std::string args;
            if (call) {
                for (size_t i = 1; i < call->children.size(); ++i)
                    args += (args.empty() ? "" : ", ") + text(m, *call->children[i]);
                for (const auto& kw : call->keywords)
                    args += (args.empty() ? "" : ", ") + (kw.arg ? *kw.arg + "=" : "**") + text(m, *kw.value);
            }
            out.python = r.mod->name + "." + r.stmt->name + "(" + args + ")";
            add_import(out, "import " + r.mod->name);
            // `impl` may come from a project base class; TypeDecorator.__init__ passes its
            // arguments to a class-valued impl (`impl = String` + `MyType(30)` -> String(30)),
            // unless the class defines its own __init__.
            bool own_init = false;
            const Expr* impl_expr = nullptr;
            ModuleInfo* impl_mod = nullptr;
            std::function<void(ClassInfo&, int)> find_impl = [&](ClassInfo& c, int depth) {
                if (depth > k_max_depth) return;
                for (const auto& st : c.stmt->body) {
                    if (st->kind == StmtKind::FunctionDef && st->name == "__init__") own_init = true;
                    if (!impl_expr && (st->kind == StmtKind::Assign || st->kind == StmtKind::AnnAssign) &&
                        !st->targets.empty() && st->targets[0]->is_name("impl") && st->value) {
                        impl_expr = st->value.get();
                        impl_mod = c.mod;
                    }
                }
                if (!impl_expr)
                    for (ClassInfo* b : c.bases) find_impl(*b, depth + 1);
            };
            find_impl(*ci, 0);
            // load_dialect_impl() picks the type per dialect: the PostgreSQL branch wins over impl.
            const Stmt* dialect_impl = nullptr;
            ModuleInfo* dialect_mod = nullptr;
            std::function<void(ClassInfo&, int)> find_dialect_impl = [&](ClassInfo& c, int depth) {
                if (depth > k_max_depth || dialect_impl) return;
                for (const auto& st : c.stmt->body)
                    if (st->kind == StmtKind::FunctionDef && st->name == "load_dialect_impl") {
                        dialect_impl = st.get();
                        dialect_mod = c.mod;
                        return;
                    }
                for (ClassInfo* b : c.bases) find_dialect_impl(*b, depth + 1);
            };
            find_dialect_impl(*ci, 0);
            if (dialect_impl) {
                const Expr* chosen = postgresql_return(dialect_impl->body);
                std::optional<sc::SqlType> impl = chosen ? type_from_expr(*dialect_mod, *chosen, false) : std::nullopt;
                if (impl) {
                    out.sql = impl->sql;
                    return out;
                }
                if (report)
                    diag(m, e.span, Severity::error,
                         "the SQL type of `" + r.stmt->name + "` is chosen by its load_dialect_impl(), which mig-guard "
                         "cannot evaluate",
                         "return the PostgreSQL type from a plain `if dialect.name == \"postgresql\": return "
                         "dialect.type_descriptor(UUID())` branch");
                return std::nullopt;
            }
            if (impl_expr) {
                bool pass_args = call && !own_init && impl_expr->kind != ExprKind::Call &&
                                 (call->children.size() > 1 || !call->keywords.empty());
                Ref ir = pass_args ? follow(resolve(*impl_mod, *impl_expr)) : Ref{};
                if (pass_args && ir.kind == Ref::Kind::external) {
                    if (auto impl = known_type(m, ir.canonical, call, e)) out.sql = impl->sql;
                } else if (auto impl = type_from_expr(*impl_mod, *impl_expr, false)) {
                    out.sql = impl->sql;
                }
            }
            if (out.sql.empty() && report)
                diag(m, e.span, Severity::warning,
                     "mig-guard cannot know the SQL of type `" + r.stmt->name + "` (no literal `impl = ...`)",
                     "give the TypeDecorator a literal `impl = sa.String(50)`-style attribute");
            return out;
        }
    }
    if (report)
        diag(m, e.span, Severity::error, "cannot determine the column type `" + text(m, e) + "` statically",
             "give the type as a literal, or add its module to `models`/`import_roots`");
    return std::nullopt;
}

const Expr* Extractor::postgresql_return(const std::vector<python::StmtPtr>& body) {
    auto unwrap = [&](const Expr* v) -> const Expr* {
        if (v && v->kind == ExprKind::Call && v->child(0) && v->child(0)->kind == ExprKind::Attribute &&
            v->child(0)->name == "type_descriptor" && v->children.size() == 2)
            return v->child(1);
        return v;
    };
    // The first `return` of a body made of expressions (docstrings) and that return.
    auto only_return = [&](const std::vector<python::StmtPtr>& stmts) -> const Expr* {
        for (const auto& st : stmts) {
            if (st->kind == StmtKind::Return) return st->value ? unwrap(st->value.get()) : nullptr;
            if (st->kind != StmtKind::Expr && st->kind != StmtKind::Pass) return nullptr;
        }
        return nullptr;
    };
    for (const auto& st : body) {
        if (st->kind == StmtKind::Return) return st->value ? unwrap(st->value.get()) : nullptr;
        if (st->kind == StmtKind::If && st->value && st->value->kind == ExprKind::Compare &&
            st->value->children.size() == 2 && st->value->ops.size() == 1) {
            const Expr* lhs = st->value->child(0);
            const Expr* rhs = st->value->child(1);
            if (rhs && rhs->is_str() && rhs->value == "postgresql" && lhs && python::dotted_name(*lhs).ends_with(".name")) {
                if (st->value->ops[0] == "==") return only_return(st->body);
                if (st->value->ops[0] == "!=") {
                    if (!st->orelse.empty()) return only_return(st->orelse);
                    continue;  // the PostgreSQL path continues below the `if`
                }
            }
            return nullptr;
        }
        if (st->kind != StmtKind::Expr && st->kind != StmtKind::Pass) return nullptr;
    }
    return nullptr;
}

// ---------------------------------------------------------------- SQL expressions, defaults

std::optional<std::string> Extractor::sql_expression(ModuleInfo& m, const Expr& e) {
    if (auto l = literal(m, &e); l && l->kind == Lit::Kind::number) return l->text;
    if (e.kind != ExprKind::Call) {
        if (e.kind == ExprKind::Name && m_expr_columns)
            for (const auto& c : *m_expr_columns)
                if (c.key == e.name) return c.name;
        Ref r = resolve(m, e);
        if (r.kind == Ref::Kind::cls && r.member.size() == 1) return r.member[0];
        return std::nullopt;
    }
    Ref r = resolve(m, *e.children[0]);
    if (r.kind != Ref::Kind::external) return std::nullopt;
    const std::string& c = r.canonical;
    auto first_str = [&]() -> std::optional<std::string> {
        auto l = e.children.size() > 1 ? literal(m, e.child(1)) : std::nullopt;
        if (l && l->kind == Lit::Kind::str) return l->text;
        return std::nullopt;
    };
    if (c == "sa.text" || c == "sa.literal_column") return first_str();
    if (c == "sa.false") return std::string("false");
    if (c == "sa.true") return std::string("true");
    if (c == "sa.null") return std::string("NULL");
    if (c.starts_with("func.")) {
        std::string fn = c.substr(5);
        static const std::set<std::string> ansi = {"current_timestamp", "current_date", "current_time", "localtime",
                                                   "localtimestamp", "current_user", "session_user", "user"};
        if (ansi.count(lower(fn)) && e.children.size() == 1) return [&] {
            std::string up = fn;
            for (char& ch : up) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
            return up;
        }();
        std::string args;
        for (size_t i = 1; i < e.children.size(); ++i) {
            auto l = literal(m, e.child(i));
            std::optional<std::string> a;
            if (l && l->kind == Lit::Kind::str) {
                std::string q = "'";
                for (char ch : l->text) q += ch == '\'' ? std::string("''") : std::string(1, ch);
                a = q + "'";
            } else a = sql_expression(m, *e.child(i));
            if (!a) return std::nullopt;
            args += (i > 1 ? ", " : "") + *a;
        }
        return fn + "(" + args + ")";
    }
    return std::nullopt;
}

std::optional<sc::ServerDefault> Extractor::server_default(ModuleInfo& m, const Expr& e) {
    if (auto l = literal(m, &e); l && l->kind == Lit::Kind::str) return sc::ServerDefault{sc::ServerDefault::Kind::literal, l->text};
    if (auto s = sql_expression(m, e); s && e.kind == ExprKind::Call)
        return sc::ServerDefault{sc::ServerDefault::Kind::sql, *s};
    diag(m, e.span, Severity::error, "cannot read server_default `" + text(m, e) + "` statically",
         "write it as a string literal, sa.text(\"...\") or func.name()");
    return std::nullopt;
}

// ---------------------------------------------------------------- arguments

void Extractor::check_keyword(ModuleInfo& m, const Span& where, std::string_view callable, const std::string& kw) {
    const detail::CallableRule* c = detail::find_callable(callable);
    if (!c) return;
    std::string display(c->display);
    const detail::ArgRule* r = detail::find_argument(callable, kw);
    if (!r)
        diag(m, where, Severity::error, "`" + kw + "=` is not an argument of " + display + "()",
             "fix the spelling, or remove it");
    else if (r->group == detail::ArgGroup::unsupported)
        diag(m, where, Severity::error,
             "cannot model `" + kw + "=` on " + display + " statically (" + std::string(r->reason) + ")",
             "remove it, or leave this model's file out of `models`: mig-guard cannot check what it does");
}

void Extractor::check_arguments(ModuleInfo& m, const Expr& call, std::string_view callable) {
    const detail::CallableRule* c = detail::find_callable(callable);
    if (!c || call.kind != ExprKind::Call || call.children.empty()) return;
    std::string display(c->display);
    if (c->positional != detail::k_any && call.children.size() - 1 > c->positional)
        diag(m, call.children[c->positional + 1]->span, Severity::error,
             "cannot model positional argument " + std::to_string(c->positional + 1) + " of " + display + "() statically",
             "pass it by keyword, or remove it");
    for (const auto& kw : call.keywords) {
        if (kw.arg) check_keyword(m, kw.span, callable, *kw.arg);
        else if (callable != "sa.Column" && callable != "sa.mapped_column" && callable != "sqlmodel.Field" &&
                 // every argument of a relationship is Python-side only: `**kwargs` there loses no DDL
                 callable != "sa.relationship" && callable != "sqlmodel.Relationship")
            diag(m, kw.span, Severity::error, "cannot read `**` arguments of " + display + "() statically",
                 "write " + display + "()'s keyword arguments out");  // Column and Field say it themselves
    }
}

void Extractor::check_body_statement(ModuleInfo& m, const Stmt& st, const std::string& class_name, bool sqlmodel) {
    if (st.kind == StmtKind::FunctionDef) {
        bool declared = false;
        for (const auto& d : st.decorators) {
            const Expr* callee = d->kind == ExprKind::Call ? d->children[0].get() : d.get();
            Ref r = resolve(m, callee->kind == ExprKind::Attribute ? *callee->children[0] : *callee);
            if (r.is("sa.declared_attr") || follow(resolve(m, *callee)).is("sa.declared_attr")) declared = true;
        }
        if (declared && st.name == "__table_args__")
            diag(m, st.span, Severity::error, "cannot read a declared_attr `__table_args__` of `" + class_name + "` statically",
                 "write __table_args__ as a class attribute: a literal tuple or dict");
        return;
    }
    if (sqlmodel && st.kind != StmtKind::Assign && st.kind != StmtKind::AnnAssign) {
        const char* what = control_flow_keyword(st.kind);
        if (what)
            diag(m, st.span, Severity::error,
                 std::string("a `") + what + "` statement in the body of class `" + class_name +
                     "` may define columns that cannot be read statically",
                 "spell the columns out as class attributes, one per line");
        return;
    }
    if ((st.kind != StmtKind::Assign && st.kind != StmtKind::AnnAssign) || st.targets.empty() || !st.value) return;
    std::string key = st.targets[0]->kind == ExprKind::Name ? st.targets[0]->name : std::string();
    const Expr& value = *st.value;
    if (key == "__table__") {
        diag(m, st.span, Severity::error, "cannot read the table `" + class_name + "` given as `__table__ = ...`",
             "declare its columns as class attributes, or define it as a module-level Table(...)");
        return;
    }
    if (key.starts_with("__")) return;  // __mapper_args__, __abstract__, ...: no DDL
    if (value.kind != ExprKind::Call) {
        // A Column made elsewhere and assigned here would be a column of this table.
        ModuleInfo* mm = &m;
        const Expr* v = value_expr(mm, &value);
        if (v != &value && (is_column_call(*mm, v, "sa.Column") || is_column_call(*mm, v, "sa.mapped_column")))
            diag(m, value.span, Severity::error, "cannot read the column `" + key + "` given through a variable",
                 "write the Column(...) in the class body (or in a mixin) itself");
        return;
    }
    Ref r = follow(resolve(m, *value.children[0]));
    if (r.kind == Ref::Kind::external) {
        const std::string& c = r.canonical;
        if (c == "sa.relationship" || c == "sqlmodel.Relationship") {
            check_arguments(m, value, c);
        } else if (c == "sa.Column" || c == "sa.mapped_column" || c == "sqlmodel.Field") {
            if (sqlmodel)
                diag(m, st.span, Severity::error, "`" + key + "` of `" + class_name + "` has no type annotation, so SQLModel maps no column",
                     "annotate it: `" + key + ": <type> = ...`");
        } else if (c == "sa.column_property" || c == "sa.deferred" || c == "sa.composite") {
            for (size_t i = 1; i < value.children.size(); ++i)
                if (is_column_call(m, value.child(i), "sa.Column") || is_column_call(m, value.child(i), "sa.mapped_column"))
                    diag(m, value.child(i)->span, Severity::error,
                         "cannot read a column declared inside `" + split(c, '.').back() + "(...)` statically",
                         "declare the column as its own attribute and refer to it");
        }
        // Other SQLAlchemy/SQLModel values (synonym, association_proxy, query_expression,
        // hybrid descriptors, ...) and pydantic's (ConfigDict) emit no DDL.
        static const std::vector<std::string> quiet = {"sa.", "sqlmodel.", "pydantic.", "typing.", "builtins."};
        if (std::any_of(quiet.begin(), quiet.end(), [&](const std::string& p) { return c.starts_with(p); })) return;
    }
    if (!sqlmodel)
        diag(m, value.span, Severity::error,
             "cannot tell statically whether `" + key + " = " + text(m, *value.children[0]) + "(...)` in `" + class_name +
                 "` defines a column",
             "declare the column with Column(...) or mapped_column(...) in the class or a mixin");
}

// ---------------------------------------------------------------- columns

bool Extractor::is_column_call(ModuleInfo& m, const Expr* e, std::string_view what) {
    if (!e || e->kind != ExprKind::Call) return false;
    Ref r = follow(resolve(m, *e->children[0]));
    return r.kind == Ref::Kind::external && r.canonical == what;
}

std::optional<FkSpec> Extractor::parse_foreign_key(ModuleInfo& m, const Expr& call) {
    check_arguments(m, call, "sa.ForeignKey");
    FkSpec fk;
    fk.location = m.ast.location(call.span);
    const Expr* target = call.child(1);
    if (!target) return std::nullopt;
    if (auto l = literal(m, target); l && l->kind == Lit::Kind::str) fk.target = l->text;
    else {
        Ref r = resolve(m, *target);
        // Model.attr, or Model.__table__.c.attr (Table.c is keyed by column key too).
        bool via_table = r.member.size() == 3 && r.member[0] == "__table__" && r.member[1] == "c";
        ClassInfo* ci = r.kind == Ref::Kind::cls && (r.member.size() == 1 || via_table) ? class_info(r.mod, r.stmt) : nullptr;
        if (!ci) {
            diag(m, target->span, Severity::error, "cannot resolve the foreign key target `" + text(m, *target) + "`",
                 "write the target as a string 'table.column'");
            return std::nullopt;
        }
        fk.target = class_tablename(*ci, ci->family == Family::sqlmodel) + "." + r.member.back();
        fk.target_is_key = true;
    }
    for (const auto& kw : call.keywords) {
        auto l = kw.arg ? literal(m, kw.value.get()) : std::nullopt;
        if (!l) continue;
        std::string up = l->text;
        for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (*kw.arg == "ondelete") fk.ondelete = up;
        else if (*kw.arg == "onupdate") fk.onupdate = up;
        else if (*kw.arg == "name") fk.name = l->text;
        else if (*kw.arg == "deferrable" && l->kind == Lit::Kind::boolean) fk.deferrable = l->flag;
        else if (*kw.arg == "initially") fk.initially = l->text;
        else if (*kw.arg == "use_alter" && l->kind == Lit::Kind::boolean) fk.use_alter = l->flag;
    }
    return fk;
}

void Extractor::apply_column_kw(ModuleInfo& m, ColumnSpec& spec, const std::string& kw, const Expr& v) {
    auto l = literal(m, &v);
    auto boolean = [&](bool& out) {
        if (l && l->kind == Lit::Kind::boolean) out = l->flag;
        else diag(m, v.span, Severity::error, "`" + kw + "` is not a literal True/False", "write True or False");
    };
    if (kw == "primary_key") boolean(spec.primary_key);
    else if (kw == "nullable") {
        if (l && l->kind == Lit::Kind::boolean) spec.nullable = l->flag;
        else if (!l || l->kind != Lit::Kind::none)
            diag(m, v.span, Severity::error, "`nullable` is not a literal True/False", "write True or False");
    } else if (kw == "unique") {
        if (l && l->kind == Lit::Kind::none) spec.unique = false;
        else boolean(spec.unique);
    } else if (kw == "index") {
        if (l && l->kind == Lit::Kind::none) spec.index = false;
        else boolean(spec.index);
    } else if (kw == "server_default") {
        if (!(l && l->kind == Lit::Kind::none)) spec.server_default = server_default(m, v);
    } else if (kw == "comment") {
        if (l && l->kind == Lit::Kind::str) spec.comment = l->text;
    } else if (kw == "name") {
        if (l && l->kind == Lit::Kind::str) spec.name = l->text;
    } else if (kw == "key") {
        if (l && l->kind == Lit::Kind::str) spec.column_key = l->text;
        else diag(m, v.span, Severity::error, "`key` is not a string literal", "write the key as a string literal");
    } else if (kw == "autoincrement") {
        if (l && l->kind == Lit::Kind::boolean) spec.autoincrement = l->flag ? sc::Autoincrement::yes : sc::Autoincrement::no;
    } else if (kw == "type_") {
        spec.type = type_from_expr(m, v);
    } else if (kw == "sort_order") {
        if (l && l->kind == Lit::Kind::number) spec.sort_order = std::atoi(l->text.c_str());
    }
    // default, onupdate, key, doc, info, init, repr, ...: Python-side only.
}

ColumnSpec Extractor::parse_column_call(ModuleInfo& m, const Expr& call, const std::string& key) {
    ColumnSpec spec;
    spec.key = key;
    spec.name = key;
    spec.location = m.ast.location(call.span);
    // Column objects are created as their module's body runs: source position stands in for
    // SQLAlchemy's _creation_order (modules approximated by load order).
    spec.creation = static_cast<long long>(m.rank) * 100000000LL + call.span.begin;
    if (Ref callee = follow(resolve(m, *call.children[0])); callee.kind == Ref::Kind::external)
        check_arguments(m, call, callee.canonical);
    for (size_t i = 1; i < call.children.size(); ++i) {
        const Expr& a = *call.children[i];
        if (auto l = literal(m, &a); l && l->kind == Lit::Kind::str && i == 1) {
            spec.name = l->text;
            continue;
        }
        if (a.kind == ExprKind::Starred) {
            diag(m, a.span, Severity::error, "cannot read `*` arguments of a column statically",
                 "write the column's arguments out");
            continue;
        }
        const Expr& callee = a.kind == ExprKind::Call ? *a.children[0] : a;
        Ref r = follow(resolve(m, callee));
        if (r.is("sa.ForeignKey")) {
            if (auto fk = parse_foreign_key(m, a)) spec.fks.push_back(*fk);
        } else if (r.is("sa.Identity")) {
            check_arguments(m, a, "sa.Identity");
            sc::Identity id;
            for (const auto& kw : a.keywords) {
                auto l = kw.arg ? literal(m, kw.value.get()) : std::nullopt;
                if (!l) continue;
                if (*kw.arg == "always") id.always = l->flag;
                else if (*kw.arg == "start") id.start = std::atoll(l->text.c_str());
                else if (*kw.arg == "increment") id.increment = std::atoll(l->text.c_str());
            }
            spec.identity = id;
        } else if (r.is("sa.Computed")) {
            check_arguments(m, a, "sa.Computed");
            if (auto l = literal(m, a.child(1)); l && l->kind == Lit::Kind::str) spec.computed = l->text;
            for (const auto& kw : a.keywords)
                if (kw.arg && *kw.arg == "persisted")
                    if (auto l = literal(m, kw.value.get()); l && l->kind == Lit::Kind::boolean) spec.computed_persisted = l->flag;
        } else if (r.is("sa.CheckConstraint") || r.is("sa.UniqueConstraint")) {
            spec.extra_constraints.push_back(&a);
            spec.extra_module = &m;
        } else if (r.is("sa.FetchedValue")) {
            continue;  // server-generated value marker: no DDL
        } else if (r.is("sa.Sequence")) {
            // CREATE SEQUENCE, and an integer primary key that is no longer SERIAL.
            diag(m, a.span, Severity::error, "cannot model a Sequence on a column statically",
                 "use sa.Identity(...) instead, or remove it");
        } else {
            m_pending_enum_check.reset();
            spec.type = type_from_expr(m, a);
            if (m_pending_enum_check) spec.enum_check = {m_pending_enum_check->name, m_pending_enum_check->values};
            m_pending_enum_check.reset();
        }
    }
    for (const auto& kw : call.keywords) {
        if (!kw.arg) {
            diag(m, kw.span, Severity::error, "cannot read `**` arguments of a column statically",
                 "write the column's keyword arguments out");
            continue;
        }
        apply_column_kw(m, spec, *kw.arg, *kw.value);
    }
    if (!spec.type && !spec.fks.empty()) spec.type_from_fk = true;
    return spec;
}

const Expr* Extractor::strip_annotation(ModuleInfo& m, const Expr* e, bool& optional, int depth) {
    if (!e || depth > k_max_depth) return e;
    if (e->is_str()) return e;  // forward reference: kept as is
    if (e->kind == ExprKind::Name) {
        // A module-level alias of this module (`MaybeInt = Optional[int]`, PEP 695 `type MaybeInt =
        // int | None`): what it stands for. The stripped expression is resolved in `m` by the
        // caller, so aliases from other modules are left to the type lookup, which reports them.
        Ref r = resolve(m, *e);
        if (r.kind == Ref::Kind::value && r.mod == &m && r.member.empty() && r.value &&
            (r.value->kind == ExprKind::Subscript || (r.value->kind == ExprKind::BinOp && r.value->name == "|")))
            return strip_annotation(m, r.value, optional, depth + 1);
    }
    if (e->kind == ExprKind::BinOp && e->name == "|") {
        const Expr* l = e->child(0);
        const Expr* r = e->child(1);
        bool l_none = l && l->kind == ExprKind::Constant && l->const_kind == ConstKind::None;
        bool r_none = r && r->kind == ExprKind::Constant && r->const_kind == ConstKind::None;
        if (r_none) { optional = true; return strip_annotation(m, l, optional, depth + 1); }
        if (l_none) { optional = true; return strip_annotation(m, r, optional, depth + 1); }
        return e;
    }
    if (e->kind == ExprKind::Subscript) {
        Ref r = resolve(m, *e->children[0]);
        const Expr* slice = e->child(1);
        if (r.is("typing.Optional")) { optional = true; return strip_annotation(m, slice, optional, depth + 1); }
        if (r.is("sa.Mapped") || r.is("typing.ClassVar")) return strip_annotation(m, slice, optional, depth + 1);
        if (r.is("typing.Annotated") && slice && slice->kind == ExprKind::Tuple)
            return strip_annotation(m, slice->child(0), optional, depth + 1);
        if (r.is("typing.Union") && slice && slice->kind == ExprKind::Tuple) {
            const Expr* only = nullptr;
            size_t others = 0;
            for (const auto& c : slice->children) {
                if (c->kind == ExprKind::Constant && c->const_kind == ConstKind::None) optional = true;
                else if (python::dotted_name(*c) == "NoneType") optional = true;
                else { only = c.get(); ++others; }
            }
            if (others == 1) return strip_annotation(m, only, optional, depth + 1);
            return e;
        }
    }
    return e;
}

std::optional<sc::SqlType> Extractor::sqlmodel_type(ModuleInfo& m, const Expr& annotation, const Expr* field_call,
                                                    const Span& where) {
    auto field_lit = [&](const char* k) -> std::optional<Lit> {
        if (!field_call) return std::nullopt;
        for (const auto& kw : field_call->keywords)
            if (kw.arg && *kw.arg == k) return literal(m, kw.value.get());
        return std::nullopt;
    };
    // Pydantic's constrained types (`condecimal(max_digits=12)`, `constr(max_length=50)`) are
    // subclasses (pydantic 1) or Annotated forms (pydantic 2) of the base type, whose
    // constraints SQLModel reads as if they were given to Field().
    const Expr* con_call = nullptr;
    Ref r;
    if (annotation.kind == ExprKind::Call) {
        Ref callee = follow(resolve(m, *annotation.children[0]));
        static const std::map<std::string, std::string> con_base = {
            {"pydantic.constr", "builtins.str"},       {"pydantic.conint", "builtins.int"},
            {"pydantic.confloat", "builtins.float"},   {"pydantic.condecimal", "decimal.Decimal"},
            {"pydantic.conbytes", "builtins.bytes"},   {"pydantic.condate", "datetime.date"},
        };
        auto it = callee.kind == Ref::Kind::external ? con_base.find(callee.canonical) : con_base.end();
        if (it != con_base.end()) {
            con_call = &annotation;
            r.kind = Ref::Kind::external;
            r.canonical = it->second;
        }
    } else {
        r = follow(resolve(m, annotation));
    }
    auto con_lit = [&](const char* k) -> std::optional<Lit> {
        if (!con_call) return std::nullopt;
        for (const auto& kw : con_call->keywords)
            if (kw.arg && *kw.arg == k) return literal(m, kw.value.get());
        return std::nullopt;
    };
    std::string c = r.kind == Ref::Kind::external ? r.canonical : "";
    auto auto_string = [&]() {
        sc::SqlType t;
        auto ml = field_lit("max_length");
        // SQLModel 0.0.8 reads only field_info.max_length; from 0.0.14 the annotation's
        // metadata counts too (Field() wins when both are given).
        if (!ml && sqlmodel_at_least(0, 0, 14)) ml = con_lit("max_length");
        bool has = ml && ml->kind == Lit::Kind::number && ml->text != "0";
        t.python = has ? "sqlmodel.sql.sqltypes.AutoString(length=" + ml->text + ")" : "sqlmodel.sql.sqltypes.AutoString()";
        t.sql = has ? "VARCHAR(" + ml->text + ")" : "VARCHAR";
        t.imports = {"import sqlmodel"};
        return t;
    };
    auto simple = [](const char* py, const char* sql) { return sc::SqlType{py, sql, {}, {}, {}}; };
    if (r.kind == Ref::Kind::cls && r.member.empty()) {
        ClassInfo* ci = class_info(r.mod, r.stmt);
        if (ci && ci->family == Family::enum_) {
            if (!sqlmodel_at_least(0, 0, 9)) {
                // 0.0.8 tested issubclass(str) and issubclass(int) before Enum.
                if (ci->str_enum) return auto_string();
                if (ci->int_enum) return simple("sa.Integer()", "INTEGER");
            }
            return enum_from_class(*ci, "", "", true, false, "sa.");
        }
    }
    static const std::set<std::string> strings = {"builtins.str", "pydantic.EmailStr", "pathlib.Path",
                                                  "ipaddress.IPv4Address", "ipaddress.IPv4Network",
                                                  "ipaddress.IPv6Address", "ipaddress.IPv6Network"};
    if (strings.count(c)) return auto_string();
    if (c == "builtins.float") return simple("sa.Float()", "FLOAT");
    if (c == "builtins.bool") return simple("sa.Boolean()", "BOOLEAN");
    if (c == "builtins.int") return simple("sa.Integer()", "INTEGER");
    if (c == "datetime.datetime") return simple("sa.DateTime()", "TIMESTAMP WITHOUT TIME ZONE");
    if (c == "datetime.date") return simple("sa.Date()", "DATE");
    if (c == "datetime.timedelta") return simple("sa.Interval()", "INTERVAL");
    if (c == "datetime.time") return simple("sa.Time()", "TIME WITHOUT TIME ZONE");
    if (c == "builtins.bytes") return simple("sa.LargeBinary()", "BYTEA");
    if (c == "decimal.Decimal") {
        auto p = con_call ? con_lit("max_digits") : field_lit("max_digits");
        auto s = con_call ? con_lit("decimal_places") : field_lit("decimal_places");
        if (con_call && sqlmodel_at_least(0, 0, 14)) {
            if (auto fp = field_lit("max_digits")) p = fp;
            if (auto fs = field_lit("decimal_places")) s = fs;
        }
        std::string py, sql = "NUMERIC";
        bool hp = p && p->kind == Lit::Kind::number, hs = s && s->kind == Lit::Kind::number;
        if (hp) py += "precision=" + p->text;
        if (hs) py += std::string(hp ? ", " : "") + "scale=" + s->text;
        if (hp) sql += "(" + p->text + (hs ? ", " + s->text : "") + ")";
        return sc::SqlType{"sa.Numeric(" + py + ")", sql, {}, {}, {}};
    }
    if (c == "uuid.UUID") {
        if (sqlmodel_at_least(0, 0, 20)) return simple("sa.Uuid()", "UUID");
        return sc::SqlType{"sqlmodel.sql.sqltypes.GUID()", "UUID", {"import sqlmodel"}, {}, {}};
    }
    diag(m, where, Severity::error, "cannot map the annotation `" + text(m, annotation) + "` to a column type",
         "use a supported annotation, or give the type with sa_type=/sa_column=");
    return std::nullopt;
}

std::string Extractor::annotation_key(ModuleInfo& m, const Expr& e, int depth) {
    if (depth > k_max_depth) return text(m, e);
    if (e.kind == ExprKind::Subscript && e.child(1)) {
        const Expr& slice = *e.child(1);
        std::string out = annotation_key(m, *e.children[0], depth + 1) + "[";
        if (slice.kind == ExprKind::Tuple) {
            for (size_t i = 0; i < slice.children.size(); ++i)
                out += (i ? ", " : "") + annotation_key(m, *slice.children[i], depth + 1);
        } else {
            out += annotation_key(m, slice, depth + 1);
        }
        return out + "]";
    }
    if (e.kind == ExprKind::Name || e.kind == ExprKind::Attribute) {
        Ref r = follow(resolve(m, e));
        if (r.kind == Ref::Kind::external) return r.canonical;
        if (r.kind == Ref::Kind::cls && r.member.empty()) return "class:" + r.stmt->name;
    }
    return text(m, e);
}

std::optional<sc::SqlType> Extractor::mapped_type(ClassInfo& ci, ModuleInfo& m, const Expr& annotation, const Expr& where) {
    Ref r = follow(resolve(m, annotation));
    std::string key = annotation_key(m, annotation);
    // Literal["a", "b"]: a non-native Enum of the literal strings (SQLAlchemy 2.0).
    if (annotation.kind == ExprKind::Subscript && resolve(m, *annotation.children[0]).is("typing.Literal") &&
        (!ci.meta || std::none_of(ci.meta->type_map.begin(), ci.meta->type_map.end(),
                                  [&](const auto& p) { return p.first == key || p.first == "typing.Literal"; }))) {
        const Expr* slice = annotation.child(1);
        std::vector<const Expr*> items;
        if (slice && slice->kind == ExprKind::Tuple)
            for (const auto& c : slice->children) items.push_back(c.get());
        else if (slice) items.push_back(slice);
        sc::SqlType t;
        size_t longest = 0;
        std::string py = "sa.Enum(";
        for (size_t i = 0; i < items.size(); ++i) {
            auto l = literal(m, items[i]);
            if (!l || l->kind != Lit::Kind::str) {
                diag(m, items[i]->span, Severity::error, "a Literal column type needs string literals",
                     "give the type in mapped_column(...)");
                return std::nullopt;
            }
            longest = std::max(longest, l->text.size());
            py += (i ? ", " : "") + l->repr();
        }
        t.python = py + (items.empty() ? "" : ", ") + "native_enum=False)";
        t.sql = "VARCHAR(" + std::to_string(longest) + ")";
        return t;
    }
    if (ci.meta && !key.empty())
        for (const auto& [k, e] : ci.meta->type_map)
            if (k == key) return type_from_expr(*ci.meta->type_map_module, *e);
    if (r.kind == Ref::Kind::cls && r.member.empty()) {
        ClassInfo* ec = class_info(r.mod, r.stmt);
        if (ec && ec->family == Family::enum_) return enum_from_class(*ec, "", "", true, false, "sa.");
    }
    auto simple = [](const char* py, const char* sql) { return sc::SqlType{py, sql, {}, {}, {}}; };
    if (key == "builtins.str") return simple("sa.String()", "VARCHAR");
    if (key == "builtins.int") return simple("sa.Integer()", "INTEGER");
    if (key == "builtins.float") return simple("sa.Float()", "FLOAT");
    if (key == "builtins.bool") return simple("sa.Boolean()", "BOOLEAN");
    if (key == "builtins.bytes") return simple("sa.LargeBinary()", "BYTEA");
    if (key == "datetime.datetime") return simple("sa.DateTime()", "TIMESTAMP WITHOUT TIME ZONE");
    if (key == "datetime.date") return simple("sa.Date()", "DATE");
    if (key == "datetime.time") return simple("sa.Time()", "TIME WITHOUT TIME ZONE");
    if (key == "datetime.timedelta") return simple("sa.Interval()", "INTERVAL");
    if (key == "decimal.Decimal") return simple("sa.Numeric()", "NUMERIC");
    if (key == "uuid.UUID") return simple("sa.Uuid()", "UUID");
    diag(m, where.span, Severity::error, "cannot infer a column type from `Mapped[" + text(m, annotation) + "]`",
         "give the type in mapped_column(...), or add it to the Base's type_annotation_map");
    return std::nullopt;
}

// ---------------------------------------------------------------- classes to tables

std::string Extractor::class_tablename(ClassInfo& ci, bool sqlmodel) {
    std::function<std::optional<std::string>(ClassInfo&, int)> find = [&](ClassInfo& c, int depth) -> std::optional<std::string> {
        if (depth > k_max_depth) return std::nullopt;
        for (const auto& st : c.stmt->body) {
            if ((st->kind == StmtKind::Assign || st->kind == StmtKind::AnnAssign) && !st->targets.empty() &&
                st->targets[0]->is_name("__tablename__") && st->value) {
                auto l = literal(*c.mod, st->value.get());
                if (l && l->kind == Lit::Kind::str) return l->text;
                diag(*c.mod, st->value->span, Severity::error, "cannot read __tablename__ statically",
                     "write __tablename__ as a string literal");
                return lower(ci.stmt->name);
            }
            if (st->kind == StmtKind::FunctionDef && st->name == "__tablename__") {
                std::string body;
                for (const auto& b : st->body)
                    if (b->kind == StmtKind::Return && b->value) body = std::string(c.mod->ast.text(b->value->span));
                if (body.find("__name__.lower()") != std::string::npos) return lower(ci.stmt->name);
                if (body.ends_with("__name__")) return ci.stmt->name;
                diag(*c.mod, st->span, Severity::error, "cannot evaluate the declared __tablename__ statically",
                     "write __tablename__ as a string literal in the model class");
                return lower(ci.stmt->name);
            }
        }
        for (ClassInfo* b : c.bases)
            if (auto t = find(*b, depth + 1)) return t;
        return std::nullopt;
    };
    if (auto t = find(ci, 0)) return *t;
    return sqlmodel ? lower(ci.stmt->name) : std::string();
}

void Extractor::read_table_args(ModuleInfo& m, const Expr* e, TableArgs& out) {
    ModuleInfo* mm = &m;
    e = value_expr(mm, e);
    if (!e) return;
    auto read_dict = [&](const Expr& d) {
        for (size_t i = 0; i + 1 < d.children.size(); i += 2) {
            auto k = literal(*mm, d.child(i));
            auto v = literal(*mm, d.child(i + 1));
            if (!k || k->kind != Lit::Kind::str) {
                diag(*mm, d.child(i) ? d.child(i)->span : d.span, Severity::error,
                     "cannot read this __table_args__ key statically", "write the dict's keys as string literals");
                continue;
            }
            // Declarative passes the dict to Table(**table_args).
            check_keyword(*mm, d.child(i)->span, "sa.Table", k->text);
            if (k->text == "schema" && v && v->kind == Lit::Kind::str) out.schema = v->text;
            else if (k->text == "comment" && v && v->kind == Lit::Kind::str) out.comment = v->text;
            else if ((k->text == "schema" || k->text == "comment") && !(v && v->kind == Lit::Kind::none))
                diag(*mm, d.child(i + 1)->span, Severity::error, "cannot read __table_args__ '" + k->text + "' statically",
                     "write it as a string literal");
        }
    };
    if (e->kind == ExprKind::Dict) return read_dict(*e);
    if (e->kind == ExprKind::Tuple || e->kind == ExprKind::List) {
        for (const auto& c : e->children) {
            if (c->kind == ExprKind::Dict) read_dict(*c);
            else out.items.emplace_back(mm, c.get());
        }
        return;
    }
    diag(m, e->span, Severity::error, "cannot read __table_args__ statically", "write __table_args__ as a literal tuple or dict");
}

void Extractor::collect_table_args(ClassInfo& ci, TableArgs& out) {
    std::function<bool(ClassInfo&, int)> find = [&](ClassInfo& c, int depth) {
        if (depth > k_max_depth) return false;
        for (const auto& st : c.stmt->body)
            if ((st->kind == StmtKind::Assign || st->kind == StmtKind::AnnAssign) && !st->targets.empty() &&
                st->targets[0]->is_name("__table_args__") && st->value) {
                read_table_args(*c.mod, st->value.get(), out);
                return true;
            }
        for (ClassInfo* b : c.bases)
            if (!b->mapped && find(*b, depth + 1)) return true;
        return false;
    };
    find(ci, 0);
}

void Extractor::process_sqlmodel(ClassInfo& ci) {
    // Pydantic field order: bases' fields first (last base first), own annotations after; an
    // overridden field keeps its first position.
    struct Field {
        ModuleInfo* mod;
        const Stmt* stmt;
    };
    std::vector<std::pair<std::string, Field>> fields;
    const int pydantic = !sqlmodel_at_least(0, 0, 14) ? 1 : m_options.versions.pydantic.major;
    std::function<void(ClassInfo&, int)> gather = [&](ClassInfo& c, int depth) {
        if (depth > k_max_depth) return;
        for (auto it = c.bases.rbegin(); it != c.bases.rend(); ++it)
            if ((*it)->family == Family::sqlmodel) gather(**it, depth + 1);
        for (const auto& st : c.stmt->body) {
            if (st->kind != StmtKind::AnnAssign || st->targets.empty() || st->targets[0]->kind != ExprKind::Name) {
                check_body_statement(*c.mod, *st, c.stmt->name, true);
                continue;
            }
            const std::string& n = st->targets[0]->name;
            if (n.starts_with("_")) continue;
            bool opt = false;
            const Expr* ann = strip_annotation(*c.mod, st->annotation.get(), opt);
            (void)ann;
            if (st->annotation && st->annotation->kind == ExprKind::Subscript &&
                resolve(*c.mod, *st->annotation->children[0]).is("typing.ClassVar"))
                continue;
            if (st->value && st->value->kind == ExprKind::Call &&
                is_column_call(*c.mod, st->value.get(), "sqlmodel.Relationship")) {
                check_arguments(*c.mod, *st->value, "sqlmodel.Relationship");
                continue;
            }
            // A field declared again in a subclass: pydantic 1 keeps its first place, pydantic 2
            // moves it to where the subclass declares it (checked against SQLModel 0.0.8 and 0.0.39).
            auto found = std::find_if(fields.begin(), fields.end(), [&](auto& f) { return f.first == n; });
            if (found != fields.end() && pydantic == 1) found->second = {c.mod, st.get()};
            else {
                if (found != fields.end()) fields.erase(found);
                fields.emplace_back(n, Field{c.mod, st.get()});
            }
        }
    };
    gather(ci, 0);
    std::vector<ColumnSpec> columns;
    long long base_creation = 1000000000000LL + ++m_next_creation * 100000;
    for (size_t idx = 0; idx < fields.size(); ++idx) {
        auto& [name, f] = fields[idx];
        ModuleInfo& m = *f.mod;
        const Stmt& st = *f.stmt;
        const Expr* field_call = st.value && is_column_call(m, st.value.get(), "sqlmodel.Field") ? st.value.get() : nullptr;
        std::map<std::string, const Expr*> kw;
        if (field_call) {
            check_arguments(m, *field_call, "sqlmodel.Field");
            for (const auto& k : field_call->keywords)
                if (k.arg) kw[*k.arg] = k.value.get();
                else diag(m, k.span, Severity::error, "cannot read `**` arguments of Field() statically", "write Field()'s arguments out");
            if (field_call->children.size() > 1) kw["default"] = field_call->child(1);
        }
        if (auto it = kw.find("sa_column"); it != kw.end()) {
            if (!is_column_call(m, it->second, "sa.Column")) {
                diag(m, it->second->span, Severity::error, "cannot read sa_column statically", "write sa_column=Column(...) inline");
                continue;
            }
            ColumnSpec spec = parse_column_call(m, *it->second, name);
            spec.collection = static_cast<long long>(idx);
            columns.push_back(std::move(spec));
            continue;
        }
        ColumnSpec spec;
        spec.key = spec.name = name;
        spec.location = m.ast.location(st.span);
        spec.creation = base_creation + static_cast<long long>(idx);
        spec.collection = static_cast<long long>(idx);
        bool optional = false;
        const Expr* ann = strip_annotation(m, st.annotation.get(), optional);
        // Default: none given, Ellipsis (required), None, or another value.
        enum class Def { absent, required, none, value } def = Def::absent;
        const Expr* dv = field_call ? (kw.count("default") ? kw["default"] : nullptr) : st.value.get();
        if (field_call && kw.count("default_factory")) def = Def::value;
        else if (dv) {
            auto l = literal(m, dv);
            def = l && l->kind == Lit::Kind::ellipsis ? Def::required : l && l->kind == Lit::Kind::none ? Def::none : Def::value;
        }
        bool nullable;
        if (pydantic >= 2) nullable = optional;
        else {
            bool required = def == Def::required || (def == Def::absent && !optional);
            bool allow_none = optional || def == Def::none;
            nullable = sqlmodel_at_least(0, 0, 14) ? allow_none : (!required && allow_none);
        }
        auto kl = [&](const char* k) { return kw.count(k) ? literal(m, kw[k]) : std::nullopt; };
        if (auto l = kl("primary_key"); l && l->kind == Lit::Kind::boolean) spec.primary_key = l->flag;
        if (spec.primary_key) nullable = false;
        if (auto l = kl("nullable"); l && l->kind == Lit::Kind::boolean) nullable = l->flag;
        spec.nullable = nullable;
        if (auto l = kl("unique"); l && l->kind == Lit::Kind::boolean) spec.unique = l->flag;
        if (auto l = kl("index"); l && l->kind == Lit::Kind::boolean) spec.index = l->flag;
        if (kw.count("sa_type")) {
            if (sqlmodel_at_least(0, 0, 11)) spec.type = type_from_expr(m, *kw["sa_type"]);
            else
                diag(m, kw["sa_type"]->span, Severity::warning, "Field(sa_type=...) is ignored before SQLModel 0.0.11",
                     "use sa_column=Column(...) or upgrade SQLModel");
        }
        if (!spec.type && ann) spec.type = sqlmodel_type(m, *ann, field_call, st.span);
        if (auto l = kl("foreign_key"); l && l->kind == Lit::Kind::str) {
            FkSpec fk;
            fk.target = l->text;
            fk.location = m.ast.location(kw["foreign_key"]->span);
            if (auto od = kl("ondelete"); od && od->kind == Lit::Kind::str) {
                if (sqlmodel_at_least(0, 0, 21)) {
                    for (char c : od->text) fk.ondelete += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                } else {
                    diag(m, kw["ondelete"]->span, Severity::warning, "Field(ondelete=...) is ignored before SQLModel 0.0.21",
                         "use sa_column_args=[ForeignKey(..., ondelete=...)] or upgrade SQLModel");
                }
            }
            spec.fks.push_back(fk);
        }
        if (kw.count("sa_column_args")) {
            ModuleInfo* mm = &m;
            const Expr* list = value_expr(mm, kw["sa_column_args"]);
            if (list && (list->kind == ExprKind::List || list->kind == ExprKind::Tuple)) {
                for (const auto& a : list->children) {
                    if (is_column_call(*mm, a.get(), "sa.ForeignKey")) {
                        if (auto fk = parse_foreign_key(*mm, *a)) spec.fks.push_back(*fk);
                    } else if (is_column_call(*mm, a.get(), "sa.CheckConstraint") || is_column_call(*mm, a.get(), "sa.UniqueConstraint")) {
                        spec.extra_constraints.push_back(a.get());
                        spec.extra_module = mm;
                    } else diag(*mm, a->span, Severity::error, "cannot read this sa_column_args item statically", "write ForeignKey(...) or CheckConstraint(...) inline");
                }
            } else diag(m, kw["sa_column_args"]->span, Severity::error, "cannot read sa_column_args statically", "write sa_column_args as a literal list");
        }
        if (kw.count("sa_column_kwargs")) {
            ModuleInfo* mm = &m;
            const Expr* d = value_expr(mm, kw["sa_column_kwargs"]);
            if (d && d->kind == ExprKind::Dict) {
                for (size_t i = 0; i + 1 < d->children.size(); i += 2) {
                    auto k = literal(*mm, d->child(i));
                    if (!k || k->kind != Lit::Kind::str) {
                        diag(*mm, d->span, Severity::error, "cannot read sa_column_kwargs statically", "write sa_column_kwargs as a literal dict");
                        continue;
                    }
                    // SQLModel passes them to Column(**sa_column_kwargs).
                    check_keyword(*mm, d->child(i)->span, "sa.Column", k->text);
                    apply_column_kw(*mm, spec, k->text, *d->child(i + 1));
                }
            } else diag(m, kw["sa_column_kwargs"]->span, Severity::error, "cannot read sa_column_kwargs statically", "write sa_column_kwargs as a literal dict");
        }
        columns.push_back(std::move(spec));
    }
    TableArgs args;
    collect_table_args(ci, args);
    ci.mapped = true;
    ci.table_name = class_tablename(ci, true);
    ci.table_schema = args.schema;
    build_table(*ci.mod, ci.stmt->span, ci.table_name, args.schema, std::move(columns), args, m_sqlmodel_meta, args.comment);
}

void Extractor::process_declarative(ClassInfo& ci) {
    bool abstract = false;
    for (const auto& st : ci.stmt->body)
        if (st->kind == StmtKind::Assign && !st->targets.empty() && st->targets[0]->is_name("__abstract__"))
            if (auto l = literal(*ci.mod, st->value.get()); l && l->flag) abstract = true;
    if (abstract || ci.is_base_root) return;
    std::string tablename = class_tablename(ci, false);
    ClassInfo* mapped_parent = nullptr;
    for (ClassInfo* b : ci.bases)
        if (b->mapped) mapped_parent = b;
    if (tablename.empty()) {
        if (!mapped_parent) {
            // A mixin-like class without a table. With columns of its own, SQLAlchemy refuses
            // it ("does not have a __table__ or __tablename__"); its columns belong nowhere.
            for (const auto& st : ci.stmt->body) {
                if ((st->kind != StmtKind::Assign && st->kind != StmtKind::AnnAssign) || st->targets.empty()) continue;
                const bool column = (st->value && (is_column_call(*ci.mod, st->value.get(), "sa.Column") ||
                                                   is_column_call(*ci.mod, st->value.get(), "sa.mapped_column"))) ||
                                    (st->annotation && st->annotation->kind == ExprKind::Subscript &&
                                     resolve(*ci.mod, *st->annotation->children[0]).is("sa.Mapped"));
                if (!column) continue;
                diag(*ci.mod, ci.stmt->span, Severity::error,
                     "class `" + ci.stmt->name + "` declares columns and derives from the declarative base, but mig-guard "
                     "finds no __tablename__ for it: its columns would be in no table",
                     "give it `__tablename__ = \"...\"`, or `__abstract__ = True` if it is a base for other models");
                break;
            }
            return;
        }
        diag(*ci.mod, ci.stmt->span, Severity::warning,
             "single-table inheritance: the columns of `" + ci.stmt->name + "` are not added to `" + mapped_parent->table_name + "`",
             "declare those columns on the parent class");
        return;
    }
    std::vector<ColumnSpec> columns;
    long long collection = 0;
    std::set<std::string> seen;
    std::function<void(ClassInfo&, bool, int)> scan = [&](ClassInfo& c, bool own, int depth) {
        if (depth > k_max_depth) return;
        ModuleInfo& m = *c.mod;
        // The declarative Base's own body is a mixin of every mapped class (SQLAlchemy 2.0's
        // DeclarativeBase; `metadata`, `type_annotation_map` and methods there are its settings).
        const bool base_root = c.is_base_root;
        for (const auto& stp : c.stmt->body) {
            const Stmt& st = *stp;
            std::string key;
            const Expr* value = nullptr;
            const Expr* annotation = nullptr;
            bool declared = false;
            if ((st.kind == StmtKind::Assign || st.kind == StmtKind::AnnAssign) && !st.targets.empty() &&
                st.targets[0]->kind == ExprKind::Name) {
                key = st.targets[0]->name;
                value = st.value.get();
                annotation = st.kind == StmtKind::AnnAssign ? st.annotation.get() : nullptr;
            } else if (st.kind == StmtKind::FunctionDef) {
                for (const auto& d : st.decorators) {
                    Ref r = resolve(m, d->kind == ExprKind::Attribute ? *d->children[0] : *d);
                    if (r.is("sa.declared_attr")) declared = true;
                }
                if (!declared || st.name.starts_with("__")) {
                    if (!base_root) check_body_statement(m, st, c.stmt->name, false);
                    continue;
                }
                key = st.name;
                const Stmt* ret = nullptr;
                for (const auto& b : st.body)
                    if (b->kind == StmtKind::Return) ret = b.get();
                    else if (b->kind != StmtKind::Expr) ret = nullptr;
                if (!ret || !ret->value) {
                    diag(m, st.span, Severity::error, "cannot read declared_attr `" + key + "` statically",
                         "make it a single `return Column(...)` / `return mapped_column(...)`");
                    continue;
                }
                value = ret->value.get();
                annotation = st.annotation.get();
            } else {
                // Control flow in a mapped class body can create columns (`for lang in LANGS:
                // locals()[...] = Column(...)`) that static reading would miss: never skip silently.
                const char* what = control_flow_keyword(st.kind);
                if (what && !base_root)
                    diag(m, st.span, Severity::error,
                         std::string("a `") + what + "` statement in the body of class `" + c.stmt->name +
                             "` may define columns that cannot be read statically",
                         "spell the columns out as class attributes, one per line");
                continue;
            }
            if (key.starts_with("__") && !base_root) check_body_statement(m, st, c.stmt->name, false);
            if (key.starts_with("__") || seen.count(key)) continue;
            bool is_col = is_column_call(m, value, "sa.Column");
            bool is_mc = is_column_call(m, value, "sa.mapped_column");
            bool mapped_ann = false;
            if (annotation && annotation->kind == ExprKind::Subscript)
                mapped_ann = resolve(m, *annotation->children[0]).is("sa.Mapped");
            if (!is_col && !is_mc && !(mapped_ann && !value)) {
                if (!base_root) check_body_statement(m, st, c.stmt->name, false);
                continue;
            }
            seen.insert(key);
            ColumnSpec spec;
            if (is_col) spec = parse_column_call(m, *value, key);
            else {
                if (value) spec = parse_column_call(m, *value, key);
                else {
                    spec.key = spec.name = key;
                    spec.location = m.ast.location(st.span);
                    spec.creation = static_cast<long long>(m.rank) * 100000000LL + st.span.begin;
                }
                bool optional = false;
                const Expr* inner = mapped_ann ? strip_annotation(m, annotation, optional) : nullptr;
                if (!spec.type && !spec.type_from_fk && inner) spec.type = mapped_type(ci, m, *inner, *annotation);
                if (!spec.nullable && mapped_ann) spec.nullable = optional;
            }
            if (declared) spec.creation += 1000000000;  // evaluated while the class is set up
            spec.collection = (own ? 0 : 1000000) + collection++;
            columns.push_back(std::move(spec));
        }
        for (ClassInfo* b : c.bases)
            if (!b->mapped) scan(*b, false, depth + 1);
    };
    scan(ci, true, 0);
    TableArgs args;
    collect_table_args(ci, args);
    ci.mapped = true;
    ci.table_name = tablename;
    ci.table_schema = args.schema;
    if (!ci.meta) ci.meta = &m_sqlmodel_meta;
    build_table(*ci.mod, ci.stmt->span, tablename, args.schema, std::move(columns), args, *ci.meta, args.comment);
}

// SQLModel's `table` class keyword: as written, else inherited through the Pydantic config.
static bool sqlmodel_table_config(const ClassInfo& ci, int depth = 0) {
    for (const auto& kw : ci.stmt->keywords)
        if (kw.arg && *kw.arg == "table") {
            const Expr* v = kw.value.get();
            return v && v->kind == ExprKind::Constant && v->const_kind == python::ConstKind::True;
        }
    if (depth > 32) return false;
    for (const ClassInfo* b : ci.bases)
        if (b->family == Family::sqlmodel && sqlmodel_table_config(*b, depth + 1)) return true;
    return false;
}

void Extractor::process_class(ClassInfo& ci) {
    if (ci.family == Family::sqlmodel) {
        bool table = false;
        for (const auto& kw : ci.stmt->keywords)
            if (kw.arg && *kw.arg == "table")
                if (auto l = literal(*ci.mod, kw.value.get()); l && l->flag) table = true;
        // SQLModelMetaclass.__init__ maps a table model only when no direct base is one
        // (SQLModel 0.0.8 through 0.0.2x): the subclass gets no table and its new fields no
        // columns; SQLAlchemy inheritance is never set up.
        const ClassInfo* table_base = nullptr;
        for (const ClassInfo* b : ci.bases)
            if (!table_base && b->family == Family::sqlmodel && sqlmodel_table_config(*b)) table_base = b;
        if (table && table_base) {
            diag(*ci.mod, ci.stmt->span, Severity::warning,
                 "SQLModel maps no table for `" + ci.stmt->name + "`: its base `" + table_base->stmt->name +
                     "` is a table model already, so `table=True` is ignored and fields declared here get no column",
                 "derive both models from a common base without table=True, e.g. class " + table_base->stmt->name +
                     "Base(SQLModel)");
            return;
        }
        if (table) {
            report_unresolved_bases(ci);
            process_sqlmodel(ci);
        }
    } else if (ci.family == Family::declarative) {
        process_declarative(ci);
        if (ci.mapped) report_unresolved_bases(ci);
    } else if (ci.family == Family::unresolved) {
        bool looks_like_model = false;
        for (const auto& kw : ci.stmt->keywords)
            if (kw.arg && *kw.arg == "table") looks_like_model = true;
        for (const auto& st : ci.stmt->body)
            if (st->kind == StmtKind::Assign && !st->targets.empty() && st->targets[0]->is_name("__tablename__"))
                looks_like_model = true;
        if (looks_like_model) report_unresolved_bases(ci);
    }
}

// A mapped class whose base (or a base's base) cannot be resolved: the columns, keys and
// table arguments that base adds would be missing from the table without a word. Each such
// base is an error at the place it is named, saying where it comes from when that is known.
void Extractor::report_unresolved_bases(ClassInfo& ci) {
    std::set<const ClassInfo*> seen;
    std::function<void(ClassInfo&, int)> walk = [&](ClassInfo& c, int depth) {
        if (depth > k_max_depth || !seen.insert(&c).second) return;
        if (c.unresolved_base) {
            const Expr& b = *c.unresolved_base;
            const std::string name = text(*c.mod, b);
            Ref r = follow(resolve(*c.mod, b));
            std::string where, help;
            // The module the name was imported from, when that module is not among those read.
            std::string module;
            const std::string dotted = python::dotted_name(b);
            if (auto it = c.mod->bindings.find(dotted.substr(0, dotted.find('.'))); it != c.mod->bindings.end()) {
                if (it->second.kind == Binding::Kind::from_import)
                    module = it->second.target.substr(0, it->second.target.rfind('.'));
                else if (it->second.kind == Binding::Kind::module)
                    module = it->second.target;
            }
            if (r.kind != Ref::Kind::cls && !module.empty() && !m_by_name.count(module)) {
                where = ", imported from `" + module + "`, which is not in the repository";
                help = "mig-guard reads only the repository's files (as found from env.py or the named models): "
                       "add the directory that holds `" + module.substr(0, module.find('.')) +
                       "` to `import_roots` in [tool.mig-guard]";
            } else {
                help = "import it from the module of this project that defines it";
            }
            // A project class whose own base is unresolved is reported where that base is named.
            if (r.kind != Ref::Kind::cls) {
                const std::string of = &c == &ci ? "of model `" + ci.stmt->name + "`"
                                                 : "of `" + c.stmt->name + "` (a base of model `" + ci.stmt->name + "`)";
                diag(*c.mod, b.span, Severity::error,
                     "cannot resolve the base class `" + name + "` " + of + where +
                         ": the columns it adds would be missing from table `" +
                         (ci.table_name.empty() ? lower(ci.stmt->name) : ci.table_name) + "`",
                     help);
            }
        }
        for (ClassInfo* base : c.bases) walk(*base, depth + 1);
    };
    walk(ci, 0);
}

void Extractor::process_core_table(ModuleInfo& m, const Expr& call) {
    auto name = literal(m, call.child(1));
    if (!name || name->kind != Lit::Kind::str) {
        diag(m, call.span, Severity::error, "cannot read the table name statically", "write Table(\"name\", metadata, ...)");
        return;
    }
    check_arguments(m, call, "sa.Table");
    MetaInfo* meta = meta_from_metadata_expr(m, call.child(2));
    if (!meta) meta = &m_sqlmodel_meta;
    std::vector<ColumnSpec> columns;
    TableArgs args;
    long long collection = 0;
    for (size_t i = 3; i < call.children.size(); ++i) {
        const Expr* a = call.child(i);
        if (is_column_call(m, a, "sa.Column")) {
            auto spec = parse_column_call(m, *a, "");
            spec.collection = collection++;
            if (spec.name.empty())
                diag(m, a->span, Severity::error, "a Core Table column needs a name", "write Column(\"name\", Type)");
            else columns.push_back(std::move(spec));
        } else args.items.emplace_back(&m, a);
    }
    for (const auto& kw : call.keywords) {
        auto l = kw.arg ? literal(m, kw.value.get()) : std::nullopt;
        if (kw.arg && *kw.arg == "schema" && l && l->kind == Lit::Kind::str) args.schema = l->text;
        if (kw.arg && *kw.arg == "comment" && l && l->kind == Lit::Kind::str) args.comment = l->text;
    }
    build_table(m, call.span, name->text, args.schema, std::move(columns), args, *meta, args.comment);
}

// ---------------------------------------------------------------- tables

sc::Name Extractor::convention_name(MetaInfo& meta, ModuleInfo& m, const Span& where, detail::ConventionSubject subject) {
    std::string explicit_name = subject.explicit_name;
    auto r = detail::apply_naming_convention(meta.convention, subject);
    // SQLAlchemy shortens only convention names (sc::final_name); an explicit name over the
    // limit makes DDL compilation raise IdentifierError (DefaultDialect.validate_identifier).
    size_t chars = 0;
    for (unsigned char c : explicit_name) chars += (c & 0xC0) != 0x80;
    if (r.outcome != detail::ConventionOutcome::named && chars > 63)
        diag(m, where, Severity::error,
             "the name `" + explicit_name + "` is " + std::to_string(chars) +
                 " characters long; SQLAlchemy refuses names over PostgreSQL's 63 (IdentifierError)",
             "shorten the name, or leave it to a naming convention, which SQLAlchemy truncates");
    switch (r.outcome) {
        case detail::ConventionOutcome::named: return sc::Name{r.name, true};
        case detail::ConventionOutcome::no_convention: return sc::Name{explicit_name, false};
        case detail::ConventionOutcome::needs_explicit_name:
            diag(m, where, Severity::error, "the naming convention for `" + subject.kind + "` uses %(constraint_name)s but the constraint has no name",
                 "give the constraint a name=");
            return {};
        case detail::ConventionOutcome::unknown_token:
            diag(m, where, Severity::error, "unknown naming convention token %(" + r.detail + ")s",
                 "use SQLAlchemy's tokens, or set `naming_convention` in [tool.mig-guard]");
            return sc::Name{explicit_name, false};
    }
    return {};
}

void Extractor::build_table(ModuleInfo& m, const Span& where, const std::string& name, const std::string& schema,
                            std::vector<ColumnSpec> columns, const TableArgs& args, MetaInfo& meta,
                            std::optional<std::string> comment) {
    if (sa20()) {
        std::stable_sort(columns.begin(), columns.end(), [](const ColumnSpec& a, const ColumnSpec& b) { return a.collection < b.collection; });
        std::stable_sort(columns.begin(), columns.end(), [](const ColumnSpec& a, const ColumnSpec& b) { return a.sort_order < b.sort_order; });
    } else {
        std::stable_sort(columns.begin(), columns.end(), [](const ColumnSpec& a, const ColumnSpec& b) { return a.creation < b.creation; });
    }
    sc::Table t;
    t.name = name;
    t.schema = schema;
    t.comment = comment;
    t.location = m.ast.location(where);
    uint32_t order = 0;
    auto subject = [&](const char* kind, std::vector<std::string> cols, std::string explicit_name) {
        detail::ConventionSubject s;
        s.kind = kind;
        s.table_name = name;
        s.table_schema = schema;
        s.columns = std::move(cols);
        s.explicit_name = std::move(explicit_name);
        return s;
    };
    auto key_to_name = [&](const std::string& k) {
        for (const auto& c : columns)
            if (c.key == k || (!c.column_key.empty() && c.column_key == k)) return c.name;
        return k;
    };
    // A string names a column by its Table.c key: its name unless Column(key=...) says otherwise.
    auto string_to_name = [&](const std::string& k) {
        for (const auto& c : columns)
            if (!c.column_key.empty() && c.column_key == k) return c.name;
        return k;
    };
    auto element_names = [&](ModuleInfo& mm, const Expr& call, size_t from, std::vector<std::string>& out) {
        for (size_t i = from; i < call.children.size(); ++i) {
            const Expr* a = call.child(i);
            if (auto l = literal(mm, a); l && l->kind == Lit::Kind::str) out.push_back(string_to_name(l->text));
            else if (a->kind == ExprKind::Name) out.push_back(key_to_name(a->name));
            else {
                Ref r = resolve(mm, *a);
                if (r.kind == Ref::Kind::cls && r.member.size() == 1) out.push_back(key_to_name(r.member[0]));
                else return false;
            }
        }
        return true;
    };
    bool has_pk_constraint = false;
    // Table-level items first: their objects exist before the columns are attached.
    std::vector<sc::Index> late_indexes;
    struct ExprColumnsScope {
        const std::vector<ColumnSpec>*& slot;
        ~ExprColumnsScope() { slot = nullptr; }
    } expr_columns_scope{m_expr_columns};
    m_expr_columns = &columns;
    for (const auto& arg : args.items) {
        // Not a structured binding: clang before 16 cannot capture those in the lambdas below.
        ModuleInfo* const mm = arg.first;
        const Expr* const item = arg.second;
        const Expr& e = *item;
        if (e.kind != ExprKind::Call) {
            diag(*mm, e.span, Severity::error, "cannot read this __table_args__ item statically", "write constraints inline as calls");
            continue;
        }
        Ref r = follow(resolve(*mm, *e.children[0]));
        if (r.kind == Ref::Kind::external) check_arguments(*mm, e, r.canonical);
        std::string explicit_name;
        std::map<std::string, const Expr*> kw;
        for (const auto& k : e.keywords)
            if (k.arg) kw[*k.arg] = k.value.get();
        if (kw.count("name"))
            if (auto l = literal(*mm, kw["name"]); l && l->kind == Lit::Kind::str) explicit_name = l->text;
        if (r.is("sa.UniqueConstraint")) {
            sc::UniqueConstraint u;
            if (!element_names(*mm, e, 1, u.columns)) {
                diag(*mm, e.span, Severity::error, "cannot read the columns of this constraint", "name the columns as strings");
                continue;
            }
            u.name = convention_name(meta, *mm, e.span, subject("uq", u.columns, explicit_name));
            u.location = mm->ast.location(e.span);
            u.creation_order = ++order;
            t.unique_constraints.push_back(u);
        } else if (r.is("sa.PrimaryKeyConstraint")) {
            sc::PrimaryKey pk;
            if (!element_names(*mm, e, 1, pk.columns)) {
                diag(*mm, e.span, Severity::error, "cannot read the columns of this constraint", "name the columns as strings");
                continue;
            }
            pk.name = convention_name(meta, *mm, e.span, subject("pk", pk.columns, explicit_name));
            pk.location = mm->ast.location(e.span);
            t.primary_key = pk;
            has_pk_constraint = true;
        } else if (r.is("sa.CheckConstraint")) {
            sc::CheckConstraint ck;
            auto l = literal(*mm, e.child(1));
            if (l && l->kind == Lit::Kind::str) ck.sqltext = l->text;
            else if (auto s = e.child(1) ? sql_expression(*mm, *e.child(1)) : std::nullopt) ck.sqltext = *s;
            else {
                diag(*mm, e.span, Severity::error, "cannot read the check constraint's SQL statically", "write the condition as a string");
                continue;
            }
            ck.name = convention_name(meta, *mm, e.span, subject("ck", {}, explicit_name));
            ck.location = mm->ast.location(e.span);
            ck.creation_order = ++order;
            t.check_constraints.push_back(ck);
        } else if (r.is("sa.ForeignKeyConstraint")) {
            sc::ForeignKey fk;
            auto list = [&](const Expr* l, std::vector<std::string>& out) {
                if (!l || (l->kind != ExprKind::List && l->kind != ExprKind::Tuple)) return false;
                for (const auto& c : l->children) {
                    auto v = literal(*mm, c.get());
                    if (!v || v->kind != Lit::Kind::str) return false;
                    out.push_back(v->text);
                }
                return true;
            };
            std::vector<std::string> refs;
            if (!list(e.child(1), fk.columns) || !list(e.child(2), refs) || refs.empty()) {
                diag(*mm, e.span, Severity::error, "cannot read this ForeignKeyConstraint statically", "write its columns as lists of strings");
                continue;
            }
            for (auto& c : fk.columns) c = key_to_name(c);
            for (const auto& ref : refs) {
                auto parts = split(ref, '.');
                fk.ref_columns.push_back(parts.back());
                if (parts.size() >= 2) fk.ref_table = parts[parts.size() - 2];
                if (parts.size() >= 3) fk.ref_schema = join(std::vector<std::string>(parts.begin(), parts.end() - 2), 0);
            }
            for (const char* k : {"ondelete", "onupdate"})
                if (kw.count(k))
                    if (auto l = literal(*mm, kw[k]); l && l->kind == Lit::Kind::str) {
                        std::string up;
                        for (char c : l->text) up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                        (std::string(k) == "ondelete" ? fk.ondelete : fk.onupdate) = up;
                    }
            if (kw.count("use_alter"))
                if (auto l = literal(*mm, kw["use_alter"]); l && l->kind == Lit::Kind::boolean) fk.use_alter = l->flag;
            auto s = subject("fk", fk.columns, explicit_name);
            s.referred_table = fk.ref_table;
            s.referred_columns = fk.ref_columns;
            fk.name = convention_name(meta, *mm, e.span, s);
            fk.location = mm->ast.location(e.span);
            fk.creation_order = ++order;
            t.foreign_keys.push_back(fk);
        } else if (r.is("sa.Index")) {
            sc::Index ix;
            auto nl = literal(*mm, e.child(1));
            if (nl && nl->kind == Lit::Kind::str) explicit_name = nl->text;
            for (size_t i = 2; i < e.children.size(); ++i) {
                const Expr* a = e.child(i);
                std::vector<std::string> one;
                auto l = literal(*mm, a);
                if (l && l->kind == Lit::Kind::str) ix.elements.push_back({key_to_name(l->text), false});
                else if (a->kind == ExprKind::Call) {
                    auto s = sql_expression(*mm, *a);
                    if (!s) {
                        diag(*mm, a->span, Severity::error, "cannot read this index expression statically", "write it as sa.text(\"...\")");
                        continue;
                    }
                    ix.elements.push_back({*s, true});
                } else {
                    Ref cr = resolve(*mm, *a);
                    if (cr.kind == Ref::Kind::cls && cr.member.size() == 1) ix.elements.push_back({key_to_name(cr.member[0]), false});
                    else if (a->kind == ExprKind::Name) ix.elements.push_back({key_to_name(a->name), false});
                    else diag(*mm, a->span, Severity::error, "cannot read this index element statically",
                              "name the column as a string, or write the expression as sa.text(\"...\")");
                }
            }
            for (const auto& [k, v] : kw) {
                auto l = literal(*mm, v);
                if (k == "unique" && l) ix.unique = l->flag;
                else if (k == "postgresql_using" && l && l->kind == Lit::Kind::str) ix.using_method = l->text;
                else if (k == "postgresql_where") {
                    // A plain string is SQL text too (DDLExpressionRole coerces it to text()).
                    if (l && l->kind == Lit::Kind::str) ix.where = l->text;
                    else if (auto s = sql_expression(*mm, *v)) ix.where = *s;
                    else diag(*mm, v->span, Severity::error, "cannot read postgresql_where statically", "write it as sa.text(\"...\")");
                } else if (k == "postgresql_include" && (v->kind == ExprKind::List || v->kind == ExprKind::Tuple)) {
                    for (const auto& c : v->children)
                        if (auto cl = literal(*mm, c.get()); cl && cl->kind == Lit::Kind::str) ix.include.push_back(cl->text);
                } else if (k == "postgresql_ops" || k == "postgresql_with") {
                    // Literal keys (strings) and values; Alembic renders them with repr().
                    std::vector<std::pair<std::string, Lit>> pairs;
                    bool ok = v->kind == ExprKind::Dict;
                    for (size_t j = 0; ok && j + 1 < v->children.size(); j += 2) {
                        auto key = v->children[j] ? literal(*mm, v->children[j].get()) : std::nullopt;
                        auto value = literal(*mm, v->children[j + 1].get());
                        ok = key && key->kind == Lit::Kind::str && value;
                        if (ok) pairs.emplace_back(key->text, *value);
                    }
                    if (!ok) {
                        diag(*mm, v->span, Severity::error, "cannot read " + k + " statically",
                             "write it as a dict of literal keys and values");
                    } else if (k == "postgresql_with") {
                        for (const auto& [key, value] : pairs) ix.with.emplace_back(key, value.repr());
                    } else {
                        // Keys are column keys (attribute names), matched like PGDDLCompiler's expr.key.
                        for (const auto& [key, value] : pairs) {
                            bool found = false;
                            for (auto& el : ix.elements)
                                if (!el.expression && el.text == key_to_name(key)) {
                                    el.opclass = value.text;
                                    found = true;
                                }
                            if (!found)
                                diag(*mm, v->span, Severity::warning,
                                     "postgresql_ops names `" + key + "`, which is no column of this index",
                                     "name a column the index lists");
                        }
                    }
                }
            }
            std::vector<std::string> cols;
            for (const auto& el : ix.elements) cols.push_back(el.text);
            ix.name = convention_name(meta, *mm, e.span, subject("ix", cols, explicit_name));
            ix.location = mm->ast.location(e.span);
            late_indexes.push_back(ix);
        } else {
            diag(*mm, e.span, Severity::error, "cannot read this __table_args__ item statically",
                 "use UniqueConstraint, Index, CheckConstraint, ForeignKeyConstraint or PrimaryKeyConstraint");
        }
    }
    std::vector<KeyRef> key_refs;
    std::vector<std::string> pk_columns;
    for (auto& spec : columns) {
        sc::Column c;
        c.name = spec.name;
        if (spec.type) c.type = *spec.type;
        else if (!spec.type_from_fk)
            diag(m, where, Severity::error, "column `" + spec.name + "` of table `" + name + "` has no type",
                 "give the column a type");
        if (spec.primary_key) pk_columns.push_back(spec.name);
        c.nullable = spec.primary_key ? false : spec.nullable.value_or(true);
        c.server_default = spec.server_default;
        c.autoincrement = spec.autoincrement;
        c.comment = spec.comment;
        c.identity = spec.identity;
        if (spec.identity) c.nullable = false;
        c.computed = spec.computed;
        c.computed_persisted = spec.computed_persisted;
        c.location = spec.location;
        if (spec.unique && !spec.index) {
            sc::UniqueConstraint u;
            u.columns = {spec.name};
            u.name = convention_name(meta, m, where, subject("uq", u.columns, ""));
            u.location = spec.location;
            u.creation_order = ++order;
            t.unique_constraints.push_back(u);
        }
        for (const auto& fs : spec.fks) {
            sc::ForeignKey fk;
            fk.columns = {spec.name};
            auto parts = split(fs.target, '.');
            if (parts.size() < 2) {
                diag(m, where, Severity::error, "foreign key target `" + fs.target + "` is not 'table.column'", "write 'table.column'");
                continue;
            }
            fk.ref_columns = {parts.back()};
            fk.ref_table = parts[parts.size() - 2];
            if (parts.size() >= 3) fk.ref_schema = join(std::vector<std::string>(parts.begin(), parts.end() - 2), 0);
            fk.ondelete = fs.ondelete;
            fk.onupdate = fs.onupdate;
            fk.deferrable = fs.deferrable;
            fk.initially = fs.initially;
            fk.use_alter = fs.use_alter;
            auto s = subject("fk", fk.columns, fs.name);
            s.referred_table = fk.ref_table;
            s.referred_columns = fk.ref_columns;
            fk.name = convention_name(meta, m, where, s);
            fk.location = fs.location;
            fk.creation_order = ++order;
            if (fs.target_is_key) key_refs.push_back({m_result.schema.tables.size(), t.foreign_keys.size()});
            t.foreign_keys.push_back(fk);
        }
        if (spec.enum_check) {
            sc::CheckConstraint ck;
            ck.sqltext = spec.name + " IN (";
            for (size_t i = 0; i < spec.enum_check->second.size(); ++i) {
                std::string q = "'";
                for (char ch : spec.enum_check->second[i]) q += ch == '\'' ? std::string("''") : std::string(1, ch);
                ck.sqltext += (i ? ", " : "") + q + "'";
            }
            ck.sqltext += ")";
            ck.name = convention_name(meta, m, where, subject("ck", {spec.name}, spec.enum_check->first));
            ck.location = spec.location;
            ck.creation_order = ++order;
            t.check_constraints.push_back(ck);
        }
        // Constraints given as Column(...) / sa_column_args items belong to the table
        // (PostgreSQL treats an inline column CHECK like a table one).
        for (const Expr* ce : spec.extra_constraints) {
            ModuleInfo& mm = spec.extra_module ? *spec.extra_module : m;
            if (Ref cr = follow(resolve(mm, *ce->children[0])); cr.kind == Ref::Kind::external)
                check_arguments(mm, *ce, cr.canonical);
            std::string explicit_name;
            for (const auto& k : ce->keywords)
                if (k.arg && *k.arg == "name")
                    if (auto l = literal(mm, k.value.get()); l && l->kind == Lit::Kind::str) explicit_name = l->text;
            if (is_column_call(mm, ce, "sa.CheckConstraint")) {
                sc::CheckConstraint ck;
                auto l = literal(mm, ce->child(1));
                if (l && l->kind == Lit::Kind::str) ck.sqltext = l->text;
                else if (auto sx = ce->child(1) ? sql_expression(mm, *ce->child(1)) : std::nullopt) ck.sqltext = *sx;
                else {
                    diag(mm, ce->span, Severity::error, "cannot read the check constraint's SQL statically", "write the condition as a string");
                    continue;
                }
                ck.name = convention_name(meta, mm, ce->span, subject("ck", {spec.name}, explicit_name));
                ck.location = mm.ast.location(ce->span);
                ck.creation_order = ++order;
                t.check_constraints.push_back(ck);
            } else {
                sc::UniqueConstraint u;
                if (!element_names(mm, *ce, 1, u.columns)) {
                    diag(mm, ce->span, Severity::error, "cannot read the columns of this constraint", "name the columns as strings");
                    continue;
                }
                if (u.columns.empty()) u.columns = {spec.name};
                u.name = convention_name(meta, mm, ce->span, subject("uq", u.columns, explicit_name));
                u.location = mm.ast.location(ce->span);
                u.creation_order = ++order;
                t.unique_constraints.push_back(u);
            }
        }
        if (spec.type_from_fk) m_fk_typed.push_back({m_result.schema.tables.size(), spec.name});
        t.columns.push_back(std::move(c));
    }
    for (auto& spec : columns) {
        if (!spec.index) continue;
        sc::Index ix;
        ix.elements = {{spec.name, false}};
        ix.unique = spec.unique;
        ix.name = convention_name(meta, m, where, subject("ix", {spec.name}, ""));
        ix.location = spec.location;
        t.indexes.push_back(ix);
    }
    for (auto& ix : late_indexes) t.indexes.push_back(ix);
    if (!has_pk_constraint && !pk_columns.empty()) {
        sc::PrimaryKey pk;
        pk.columns = pk_columns;
        pk.name = convention_name(meta, m, where, subject("pk", pk_columns, ""));
        pk.location = t.location;
        t.primary_key = pk;
    }
    if (t.primary_key)
        for (const auto& pc : t.primary_key->columns)
            if (auto* c = t.find_column(pc)) c->nullable = false;
    if (built_table(name, schema)) {
        diag(m, where, Severity::error, "table `" + t.qualified_name() + "` is defined twice", "give one of the classes another __tablename__");
        return;
    }
    m_table_index.emplace(table_key(name, schema), m_result.schema.tables.size());
    std::vector<std::pair<std::string, std::string>> renamed;
    for (const auto& spec : columns)
        if (!spec.key.empty() && spec.key != spec.name) renamed.emplace_back(spec.key, spec.name);
    m_renamed_keys.push_back(std::move(renamed));
    m_fk_key_refs.insert(m_fk_key_refs.end(), key_refs.begin(), key_refs.end());
    m_result.schema.tables.push_back(std::move(t));
}

// ForeignKey(Model.attr) names the column by key; the FK references its database name, which
// is known once every table is built (the target may come later in the project).
void Extractor::resolve_foreign_key_keys() {
    for (const auto& p : m_fk_key_refs) {
        sc::ForeignKey& fk = m_result.schema.tables[p.table].foreign_keys[p.fk];
        const sc::Table* ref = built_table(fk.ref_table, fk.ref_schema);
        if (!ref || fk.ref_columns.size() != 1) continue;
        const auto& renamed = m_renamed_keys[static_cast<size_t>(ref - m_result.schema.tables.data())];
        for (const auto& [key, name] : renamed)
            if (key == fk.ref_columns[0]) {
                fk.ref_columns[0] = name;
                break;
            }
    }
}

void Extractor::resolve_foreign_key_types() {
    for (const auto& p : m_fk_typed) {
        sc::Table& t = m_result.schema.tables[p.table];
        sc::Column* c = t.find_column(p.column);
        for (const auto& fk : t.foreign_keys) {
            if (fk.columns.empty() || fk.columns[0] != p.column) continue;
            const sc::Table* ref = built_table(fk.ref_table, fk.ref_schema);
            const sc::Column* rc = ref ? ref->find_column(fk.ref_columns[0]) : nullptr;
            if (rc && c) c->type = rc->type;
            else if (c) {
                Diagnostic d;
                d.location = c->location;
                d.stage = "models";
                d.message = "cannot infer the type of column `" + p.column + "` from foreign key target `" + fk.ref_table + "." + fk.ref_columns[0] + "`";
                d.help = "give the column a type, or add the referenced model to `models`";
                m_result.diagnostics.push_back(d);
            }
            break;
        }
    }
}

ExtractResult Extractor::run() {
    // `SQLModel.metadata.naming_convention = {...}` anywhere in the project.
    for (auto& mp : m_modules) {
        for (const Stmt* st : mp->assignments) {
            if (st->targets.empty() || !st->value) continue;
            std::string target = python::dotted_name(*st->targets[0]);
            if (!target.ends_with(".metadata.naming_convention")) continue;
            auto parts = split(target, '.');
            parts.resize(parts.size() - 2);
            Ref r = resolve_parts(*mp, parts, 0);
            if (r.is("sqlmodel.SQLModel")) read_naming_convention(*mp, st->value.get(), m_sqlmodel_meta);
            else if (r.kind == Ref::Kind::cls) {
                ClassInfo* ci = class_info(r.mod, r.stmt);
                if (ci && ci->meta) read_naming_convention(*mp, st->value.get(), *ci->meta);
            }
        }
    }
    for (auto& mp : m_modules) {
        std::function<void(const std::vector<python::StmtPtr>&)> walk = [&](const std::vector<python::StmtPtr>& body) {
            for (const auto& st : body) {
                if (st->kind == StmtKind::ClassDef) {
                    if (ClassInfo* ci = class_info(mp.get(), st.get())) process_class(*ci);
                } else if ((st->kind == StmtKind::Assign || st->kind == StmtKind::AnnAssign || st->kind == StmtKind::Expr) &&
                           st->value && is_column_call(*mp, st->value.get(), "sa.Table")) {
                    process_core_table(*mp, *st->value);
                } else if (st->kind == StmtKind::If || st->kind == StmtKind::Try) {
                    walk(st->body);
                    walk(st->orelse);
                }
            }
        };
        walk(mp->ast.body);
    }
    resolve_foreign_key_keys();
    resolve_foreign_key_types();
    return std::move(m_result);
}

}  // namespace

ExtractResult extract_models(const SourceFiles& files, const ExtractOptions& options) {
    std::vector<ParsedModule> modules;
    modules.reserve(files.size());
    for (const auto& f : files) {
        ParsedModule pm;
        pm.name = module_name_for(f.path, options.import_roots, pm.package);
        pm.ast = python::parse(f.content, f.path);
        modules.push_back(std::move(pm));
    }
    return extract_models(std::move(modules), options);
}

ExtractResult extract_models(std::vector<ParsedModule> modules, const ExtractOptions& options) {
    Extractor extractor(std::move(modules), options);
    return extractor.run();
}

}  // namespace mig_guard::models
