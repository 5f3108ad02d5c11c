// The engine: parse, replay the ancestors, run each rule at its configured level.
#include "mig_guard/lint/lint.hpp"

#include <algorithm>
#include <cctype>
#include <map>
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
    // The reader's parse of the same bytes when there is one.
    python::Module reparsed;
    bool same = revision.module && revision.module->source == file.content;
    if (!same) reparsed = python::parse(file.content, file.path);
    const python::Module& module = same ? *revision.module : reparsed;
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
    std::map<std::string, const SourceFile*> by_path;
    for (const auto& f : files) by_path.emplace(f.path, &f);
    Findings out;
    auto lint_one = [&](const alembic::Revision& rev, const Schema& before) {
        if (!wanted.empty() && !wanted.count(rev.path)) return;
        auto file = by_path.find(rev.path);
        if (file == by_path.end()) return;
        Findings f = lint_revision(*file->second, rev, before, options);
        out.insert(out.end(), std::make_move_iterator(f.begin()), std::make_move_iterator(f.end()));
    };
    // The schema before a revision is what its ancestors produce. Replaying every ancestry
    // anew is quadratic in the chain's length, so the schema is carried forward in
    // topological order: a revision with one parent (and no depends_on) starts from its
    // parent's schema, kept only until the parent's last child is done; a merge or a
    // depends_on replays its whole ancestry.
    auto ancestry = [&](const alembic::Revision& rev) {
        std::vector<const alembic::Revision*> chain;
        if (!rev.revision.empty()) chain = graph.ancestors(rev.revision);
        // ancestors() ends with the revision itself; a duplicate id may name another file.
        std::erase_if(chain, [&](const alembic::Revision* r) { return r->revision == rev.revision; });
        Diagnostics ignored;
        return alembic::replay_chain(chain, ignored);
    };
    std::vector<const alembic::Revision*> order = graph.topological();
    std::map<std::string, int> children_left;
    for (const auto* r : order)
        for (const auto& d : r->down_revisions) ++children_left[d];
    std::map<std::string, Schema> after;
    std::set<const alembic::Revision*> done;
    for (const auto* r : order) {
        Schema before;
        auto parent = r->down_revisions.size() == 1 && r->depends_on.empty() ? after.find(r->down_revisions[0])
                                                                             : after.end();
        if (parent != after.end())
            // The last child takes the parent's schema instead of copying it.
            before = children_left[parent->first] == 1 ? std::move(parent->second) : parent->second;
        else if (!r->down_revisions.empty() || !r->depends_on.empty())
            before = ancestry(*r);
        lint_one(*r, before);
        done.insert(r);
        if (children_left[r->revision] > 0) {
            Diagnostics ignored;
            after[r->revision] = schema::replay(std::move(before), r->upgrade, ignored);
        }
        for (const auto& d : r->down_revisions)
            if (--children_left[d] == 0) after.erase(d);
    }
    // Revisions the topological order leaves out (on a cycle, or a second file with a duplicate id).
    for (const auto& rev : graph.revisions)
        if (!done.count(&rev)) lint_one(rev, ancestry(rev));
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
