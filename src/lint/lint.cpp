// The engine: parse, replay the ancestors, run each rule at its configured level.
#include "mig_guard/lint/lint.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "internal.hpp"
#include "mig_guard/python/parser.hpp"
#include "mig_guard/schema/diff.hpp"

namespace mig_guard::lint {

using namespace schema;

Finding& Reporter::report(const SourceLocation& where, std::string message, std::string help) {
    Finding f;
    f.code = m_rule.code;
    f.name = m_rule.name;
    f.level = m_level;
    f.message = std::move(message);
    f.help = std::move(help);
    f.location = where;
    m_out.push_back(std::move(f));
    return m_out.back();
}

namespace {

// The table an op creates, and the columns an op adds, by position in the upgrade.
struct Created {
    std::string schema, table, column;  // column empty: the table itself
    size_t index;
};

std::vector<Created> created_objects(const Ops& ops) {
    std::vector<Created> out;
    for (size_t i = 0; i < ops.size(); ++i) {
        if (const auto* ct = ops[i].as<CreateTable>()) out.push_back({ct->table.schema, ct->table.name, {}, i});
        else if (const auto* ac = ops[i].as<AddColumn>()) out.push_back({ac->schema, ac->table, ac->column.name, i});
        else if (const auto* rt = ops[i].as<RenameTable>()) {
            // A table created in this revision and renamed is still new.
            for (const auto& c : std::vector<Created>(out))
                if (c.column.empty() && c.table == rt->old_name && c.schema == rt->schema)
                    out.push_back({rt->schema, rt->new_name, {}, i});
        }
    }
    return out;
}

}  // namespace

bool RevisionContext::table_created_before(const std::string& sch, const std::string& table, size_t op_index) const {
    for (const auto& c : created_objects(revision.upgrade))
        if (c.column.empty() && c.table == table && c.schema == sch && c.index < op_index) return true;
    return false;
}

bool RevisionContext::column_created_before(const std::string& sch, const std::string& table, const std::string& column,
                                            size_t op_index) const {
    if (table_created_before(sch, table, op_index)) return true;
    for (const auto& c : created_objects(revision.upgrade))
        if (c.column == column && c.table == table && c.schema == sch && c.index < op_index) return true;
    return false;
}

Level effective_level(const Rule& rule, const LintOptions& options) {
    auto it = options.levels.find(rule.code);
    return it == options.levels.end() ? rule.default_level : it->second;
}

const Rule* find_rule(std::string_view code_or_name) {
    std::string wanted = detail::upper(code_or_name);
    for (const auto& r : registry())
        if (wanted == r.code || wanted == detail::upper(r.name)) return &r;
    return nullptr;
}

std::string render_documentation(const Rule& rule) {
    std::string out;
    out += std::string(rule.code) + " (" + rule.name + ")\n\n";
    out += "Default level: " + std::string(rule.default_level == Level::error ? "error" : "warning") + "\n\n";
    out += "## What it does\n" + std::string(rule.doc.what) + "\n\n";
    out += "## Why is this bad?\n" + std::string(rule.doc.why) + "\n\n";
    out += "## Example\n```python\n" + std::string(rule.doc.example) + "\n```\n\n";
    out += "## Use instead\n" + std::string(rule.doc.instead) + "\n";
    return out;
}

Findings lint_revision(const SourceFile& file, const alembic::Revision& revision, const Schema& before,
                       const LintOptions& options) {
    Findings out;
    python::Module module = python::parse(file.content, file.path);
    RevisionContext ctx{file, revision, module, before};
    for (const auto& rule : registry()) {
        if (rule.scope != Scope::revision || !rule.check_revision) continue;
        Level level = effective_level(rule, options);
        if (level == Level::off) continue;
        // A file that does not parse has nothing else worth saying about it.
        if (!module.ok() && std::string_view(rule.code) != "MG203") continue;
        Reporter reporter(rule, level, out);
        rule.check_revision(ctx, reporter);
    }
    return out;
}

Findings lint_graph(const alembic::Graph& graph, const LintOptions& options) {
    Findings out;
    for (const auto& rule : registry()) {
        if (rule.scope != Scope::graph || !rule.check_graph) continue;
        Level level = effective_level(rule, options);
        if (level == Level::off) continue;
        Reporter reporter(rule, level, out);
        rule.check_graph(graph, reporter);
    }
    return out;
}

static void sort_findings(Findings& f) {
    std::stable_sort(f.begin(), f.end(), [](const Finding& a, const Finding& b) {
        return std::tie(a.location.file, a.location.line, a.location.column, a.code) <
               std::tie(b.location.file, b.location.line, b.location.column, b.code);
    });
}

Findings lint_project(const alembic::Graph& graph, const SourceFiles& files, const std::vector<std::string>& paths,
                      const LintOptions& options) {
    std::set<std::string> wanted(paths.begin(), paths.end());
    Findings out;
    for (const auto& rev : graph.revisions) {
        if (!wanted.empty() && !wanted.count(rev.path)) continue;
        auto file = std::find_if(files.begin(), files.end(), [&](const SourceFile& f) { return f.path == rev.path; });
        if (file == files.end()) continue;
        std::vector<const alembic::Revision*> chain;
        if (!rev.revision.empty()) chain = graph.ancestors(rev.revision);
        // ancestors() ends with the revision itself; a duplicate id may name another file.
        std::erase_if(chain, [&](const alembic::Revision* r) { return r->revision == rev.revision; });
        Diagnostics ignored;
        Schema before = alembic::replay_chain(chain, ignored);
        Findings f = lint_revision(*file, rev, before, options);
        out.insert(out.end(), std::make_move_iterator(f.begin()), std::make_move_iterator(f.end()));
    }
    Findings g = lint_graph(graph, options);
    out.insert(out.end(), std::make_move_iterator(g.begin()), std::make_move_iterator(g.end()));
    sort_findings(out);
    return out;
}

std::string apply_fixes(std::string content, const Findings& findings, std::string_view path) {
    struct Indexed {
        Edit edit;
        size_t order;
    };
    std::vector<Indexed> edits;
    for (const auto& f : findings) {
        if (!f.fix || f.location.file != path) continue;
        for (const auto& e : f.fix->edits) edits.push_back({e, edits.size()});
    }
    // From the end, so earlier offsets stay valid; at one offset the later edit goes first,
    // so that the earlier one ends up in front of it.
    std::sort(edits.begin(), edits.end(), [](const Indexed& a, const Indexed& b) {
        return a.edit.begin != b.edit.begin ? a.edit.begin > b.edit.begin : a.order > b.order;
    });
    for (const auto& e : edits) {
        if (e.edit.begin > content.size() || e.edit.end > content.size() || e.edit.begin > e.edit.end) continue;
        content.replace(e.edit.begin, e.edit.end - e.edit.begin, e.edit.replacement);
    }
    return content;
}

}  // namespace mig_guard::lint
