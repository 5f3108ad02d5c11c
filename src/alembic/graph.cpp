// The revision graph, linked as alembic/script/revision.py's RevisionMap links it: a
// revision's parents are its down_revisions; depends_on (a revision id or a branch label) is
// an extra edge for ordering only, so it never removes a head and never makes a branch point.
#include "mig_guard/alembic/graph.hpp"

#include <map>
#include <algorithm>
#include <functional>
#include <queue>
#include <regex>
#include <set>

#include "mig_guard/common/parallel.hpp"
#include "mig_guard/python/parser.hpp"
#include "mig_guard/schema/diff.hpp"

namespace mig_guard::alembic {
namespace {

Diagnostic graph_error(SourceLocation location, std::string message, std::string help) {
    Diagnostic d;
    d.severity = Severity::error;
    d.location = std::move(location);
    d.stage = "alembic";
    d.message = std::move(message);
    d.help = std::move(help);
    return d;
}

std::string basename(std::string_view path) {
    size_t slash = path.find_last_of('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string join(const std::vector<std::string>& items, std::string_view sep = ", ") {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += sep;
        out += item;
    }
    return out;
}

// Where the header assignments of a revision file are. The reader keeps only `revision`'s
// location; the others are found again here, in a second parse, so that a diagnostic about
// an unknown parent points at the `down_revision` line itself.
struct HeaderLocations {
    SourceLocation down_revision;
    SourceLocation depends_on;
    SourceLocation branch_labels;
};

HeaderLocations header_locations(const SourceFile& file, const Revision& rev) {
    HeaderLocations out;
    python::Module reparsed;
    if (!rev.module || rev.module->source != file.content) reparsed = python::parse(file.content, file.path);
    const python::Module& module = rev.module && rev.module->source == file.content ? *rev.module : reparsed;
    for (const auto& sp : module.body) {
        const python::Stmt& s = *sp;
        if (s.kind != python::StmtKind::Assign && s.kind != python::StmtKind::AnnAssign) continue;
        for (const auto& t : s.targets) {
            if (!t || t->kind != python::ExprKind::Name) continue;
            // The last assignment wins, as it does when Python runs the module.
            if (t->name == "down_revision") out.down_revision = module.location(s.span);
            else if (t->name == "depends_on") out.depends_on = module.location(s.span);
            else if (t->name == "branch_labels") out.branch_labels = module.location(s.span);
        }
    }
    // A file that lacks the assignment still needs a line to point at.
    SourceLocation fallback = rev.revision_location.known() ? rev.revision_location : SourceLocation{file.path, 1, 1};
    for (SourceLocation* loc : {&out.down_revision, &out.depends_on, &out.branch_labels})
        if (!loc->known()) *loc = fallback;
    return out;
}

// alembic.ini's file_template (Python %-format over rev, slug, epoch and the date parts) as a
// regular expression over a file name without ".py", with the revision id as a literal and
// every other token as what it can expand to. Empty when the template has no %(rev)s, which
// leaves nothing to check.
// The file name a template gives, as two patterns around its one %(rev)s: a name matches for
// a revision id when the id occurs in it with the prefix pattern matching what comes before
// and the suffix pattern what follows. Compiled once per graph, not once per file.
struct FileNamePattern {
    std::regex prefix;
    std::regex suffix;

    bool matches(const std::string& name, const std::string& rev) const {
        for (size_t pos = name.find(rev); pos != std::string::npos; pos = name.find(rev, pos + 1)) {
            auto split = name.begin() + static_cast<std::ptrdiff_t>(pos);
            if (std::regex_match(name.begin(), split, prefix) &&
                std::regex_match(split + static_cast<std::ptrdiff_t>(rev.size()), name.end(), suffix))
                return true;
        }
        return false;
    }
};

// Nothing (no check) for a template without %(rev)s, with it twice, or one that is malformed.
std::optional<FileNamePattern> file_name_pattern(std::string_view file_template) {
    static const std::regex k_special(R"([.^$|()\[\]{}*+?\\])");
    auto literal = [](std::string_view text) {
        return std::regex_replace(std::string(text), k_special, R"(\$&)");
    };
    std::string pattern;
    std::string prefix;
    bool has_rev = false;
    size_t i = 0;
    while (i < file_template.size()) {
        char c = file_template[i];
        if (c != '%') {
            size_t next = file_template.find('%', i);
            if (next == std::string_view::npos) next = file_template.size();
            pattern += literal(file_template.substr(i, next - i));
            i = next;
            continue;
        }
        if (i + 1 < file_template.size() && file_template[i + 1] == '%') {
            pattern += "%";
            i += 2;
            continue;
        }
        // %(name)<flags><width><.precision><conversion>
        if (i + 1 >= file_template.size() || file_template[i + 1] != '(') return std::nullopt;
        size_t close = file_template.find(')', i + 2);
        if (close == std::string_view::npos) return std::nullopt;
        std::string_view name = file_template.substr(i + 2, close - i - 2);
        size_t j = close + 1;
        while (j < file_template.size() && std::string_view("-#0 +.0123456789").find(file_template[j]) != std::string_view::npos)
            ++j;
        if (j >= file_template.size()) return std::nullopt;
        char conversion = file_template[j];
        i = j + 1;
        if (name == "rev") {
            if (has_rev) return std::nullopt;
            has_rev = true;
            prefix = pattern + " *";
            pattern = " *";
        } else if (std::string_view("diouxX").find(conversion) != std::string_view::npos) {
            pattern += " *[-+]?[0-9A-Fa-f]+ *";
        } else {
            // slug, or a number formatted as a string: anything within one path segment.
            pattern += "[^/]*";
        }
    }
    if (!has_rev) return std::nullopt;
    return FileNamePattern{std::regex(prefix), std::regex(pattern)};
}

// The tail of `path` with as many segments as the template has, without ".py".
std::string name_for_template(std::string_view path, std::string_view file_template) {
    size_t segments = 1 + static_cast<size_t>(std::count(file_template.begin(), file_template.end(), '/'));
    size_t start = path.size();
    for (size_t n = 0; n < segments && start != std::string_view::npos && start > 0; ++n) {
        start = path.find_last_of('/', start - 1);
    }
    std::string tail(start == std::string_view::npos ? path : path.substr(start + 1));
    if (tail.ends_with(".py")) tail.resize(tail.size() - 3);
    return tail;
}

bool legacy_revision_name(const std::string& name) {
    // alembic.script.base._legacy_rev: a file named after its id predates the `revision` variable.
    if (!name.ends_with(".py") || name.size() == 3) return false;
    return std::all_of(name.begin(), name.end() - 3, [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

const Revision* Graph::find(std::string_view id) const {
    for (const auto& rev : revisions)
        if (rev.revision == id) return &rev;
    return nullptr;
}

namespace {

// The edges the graph orders by: for each revision (by index into Graph::revisions) its known
// down_revisions and resolved depends_on targets, duplicates and unknowns dropped.
struct Edges {
    std::map<std::string, size_t> index;      // revision id -> first revision with it
    std::vector<std::vector<size_t>> needs;   // revision -> the revisions it comes after
};

Edges edges_of(const Graph& graph) {
    Edges e;
    for (size_t i = 0; i < graph.revisions.size(); ++i)
        if (!graph.revisions[i].revision.empty()) e.index.emplace(graph.revisions[i].revision, i);
    e.needs.resize(graph.revisions.size());
    for (size_t i = 0; i < graph.revisions.size(); ++i) {
        const Revision& rev = graph.revisions[i];
        if (rev.revision.empty() || e.index.at(rev.revision) != i) continue;
        std::set<size_t> seen;
        auto add = [&](const std::string& id) {
            auto it = e.index.find(id);
            if (it != e.index.end() && seen.insert(it->second).second) e.needs[i].push_back(it->second);
        };
        for (const auto& down : rev.down_revisions) add(down);
        for (const auto& dep : rev.depends_on) {
            auto label = graph.branch_labels.find(dep);
            add(label != graph.branch_labels.end() && !e.index.contains(dep) ? label->second : dep);
        }
    }
    return e;
}

}  // namespace

std::vector<const Revision*> Graph::topological() const {
    Edges e = edges_of(*this);
    size_t n = revisions.size();
    std::vector<size_t> pending(n, 0);
    std::vector<std::vector<size_t>> children(n);
    for (size_t i = 0; i < n; ++i)
        for (size_t parent : e.needs[i]) {
            ++pending[i];
            children[parent].push_back(i);
        }
    auto later = [&](size_t a, size_t b) { return revisions[a].revision > revisions[b].revision; };
    std::priority_queue<size_t, std::vector<size_t>, decltype(later)> ready(later);
    for (const auto& [id, i] : e.index)
        if (pending[i] == 0) ready.push(i);
    std::vector<const Revision*> order;
    while (!ready.empty()) {
        size_t i = ready.top();
        ready.pop();
        order.push_back(&revisions[i]);
        for (size_t child : children[i])
            if (--pending[child] == 0) ready.push(child);
    }
    return order;
}

std::vector<const Revision*> Graph::ancestors(std::string_view id) const {
    Edges e = edges_of(*this);
    std::string start(id);
    if (!e.index.contains(start)) {
        auto label = branch_labels.find(start);
        if (label == branch_labels.end()) return {};
        start = label->second;
    }
    std::set<const Revision*> wanted;
    std::vector<size_t> todo{e.index.at(start)};
    while (!todo.empty()) {
        size_t i = todo.back();
        todo.pop_back();
        if (!wanted.insert(&revisions[i]).second) continue;
        for (size_t parent : e.needs[i]) todo.push_back(parent);
    }
    std::vector<const Revision*> out;
    for (const Revision* rev : topological())
        if (wanted.contains(rev)) out.push_back(rev);
    return out;
}

Graph build_graph(const SourceFiles& revision_files, const GraphOptions& options) {
    Graph graph;
    std::vector<const SourceFile*> files;
    for (const auto& f : revision_files)
        if (!basename(f.path).starts_with("__init__")) files.push_back(&f);  // Alembic skips these too
    std::stable_sort(files.begin(), files.end(), [](const SourceFile* a, const SourceFile* b) { return a->path < b->path; });

    std::vector<HeaderLocations> where;
    Diagnostics& diags = graph.diagnostics;
    std::map<std::string_view, const SourceFile*> reusable_files;
    std::map<std::string_view, const Revision*> reusable;
    if (options.reuse && options.reuse_files) {
        for (const auto& f : *options.reuse_files) reusable_files.emplace(f.path, &f);
        for (const auto& r : options.reuse->revisions) reusable.emplace(r.path, &r);
    }
    auto read = [&](const SourceFile& f) {
        auto file = reusable_files.find(f.path);
        auto rev = reusable.find(f.path);
        if (file != reusable_files.end() && rev != reusable.end() && file->second->content == f.content)
            return *rev->second;
        return read_revision(f);
    };
    // Reading is independent per file; everything after it runs in file order.
    std::vector<Revision> parsed(files.size());
    parallel_for(files.size(), [&](size_t i) { parsed[i] = read(*files[i]); });
    for (size_t i = 0; i < files.size(); ++i) {
        const SourceFile* f = files[i];
        Revision rev = std::move(parsed[i]);
        diags.insert(diags.end(), rev.diagnostics.begin(), rev.diagnostics.end());
        std::string name = basename(f->path);
        if (rev.revision.empty() && !rev.revision_location.known()) {
            if (legacy_revision_name(name)) {
                rev.revision = name.substr(0, name.size() - 3);
            } else {
                diags.push_back(graph_error({f->path, 1, 1}, "revision file has no 'revision' variable",
                                            "add `revision = '<id>'` next to down_revision, as Alembic's template does"));
            }
        }
        where.push_back(header_locations(*f, rev));
        graph.revisions.push_back(std::move(rev));
    }

    // Ids: duplicates, and file names that do not carry the id where file_template puts it.
    std::map<std::string, std::vector<size_t>> by_id;
    for (size_t i = 0; i < graph.revisions.size(); ++i)
        if (!graph.revisions[i].revision.empty()) by_id[graph.revisions[i].revision].push_back(i);
    for (const auto& [id, indexes] : by_id) {
        if (indexes.size() < 2) continue;
        for (size_t i : indexes) {
            std::vector<std::string> others;
            for (size_t j : indexes)
                if (j != i) others.push_back(graph.revisions[j].path);
            diags.push_back(graph_error(graph.revisions[i].revision_location,
                                        "revision id '" + id + "' is also used by " + join(others),
                                        "give one of the revisions a new id (and update the down_revision that points at it)"));
        }
    }
    const auto pattern = file_name_pattern(options.file_template);
    for (const auto& rev : graph.revisions) {
        if (!pattern || rev.revision.empty() || !rev.revision_location.known()) continue;
        std::string name = name_for_template(rev.path, options.file_template);
        if (!pattern->matches(name, rev.revision)) {
            diags.push_back(graph_error(rev.revision_location,
                                        "file name '" + basename(rev.path) + "' does not match revision id '" + rev.revision +
                                            "' under file_template '" + options.file_template + "'",
                                        "rename the file or fix the revision id so that they agree"));
        }
    }

    // Branch labels: unique, and distinct from revision ids (Alembic raises RevisionError).
    for (size_t i = 0; i < graph.revisions.size(); ++i) {
        const Revision& rev = graph.revisions[i];
        if (rev.revision.empty()) continue;
        for (const auto& label : rev.branch_labels) {
            auto [it, inserted] = graph.branch_labels.emplace(label, rev.revision);
            if (!inserted && it->second != rev.revision) {
                diags.push_back(graph_error(where[i].branch_labels,
                                            "branch label '" + label + "' is already used by revision " + it->second,
                                            "choose a branch label no other revision uses"));
            } else if (by_id.contains(label)) {
                diags.push_back(graph_error(where[i].branch_labels,
                                            "branch label '" + label + "' is also a revision id",
                                            "choose a branch label that is not a revision id"));
            }
        }
    }

    // References: every down_revision must be a revision id, every depends_on an id or a label.
    for (size_t i = 0; i < graph.revisions.size(); ++i) {
        const Revision& rev = graph.revisions[i];
        if (rev.revision.empty()) continue;
        for (const auto& down : rev.down_revisions) {
            if (by_id.contains(down)) continue;
            std::string help = graph.branch_labels.contains(down)
                                   ? "'" + down + "' is a branch label; write the revision id " +
                                         graph.branch_labels.at(down) + " instead"
                                   : "point down_revision at an existing revision, or restore the missing revision file";
            diags.push_back(graph_error(where[i].down_revision,
                                        "down_revision '" + down + "' of revision " + rev.revision + " does not exist",
                                        std::move(help)));
        }
        for (const auto& dep : rev.depends_on) {
            if (by_id.contains(dep) || graph.branch_labels.contains(dep)) continue;
            diags.push_back(graph_error(where[i].depends_on,
                                        "depends_on '" + dep + "' of revision " + rev.revision +
                                            " is neither a revision id nor a branch label",
                                        "point depends_on at an existing revision or branch label"));
        }
    }

    // Cycles, over down_revision and depends_on edges alike (Alembic raises CycleDetected or
    // DependencyCycleDetected): strongly connected components with more than one member, or
    // a revision that needs itself.
    Edges e = edges_of(graph);
    size_t n = graph.revisions.size();
    std::vector<int> order(n, -1), low(n, 0);
    std::vector<bool> on_stack(n, false);
    std::vector<size_t> stack;
    int counter = 0;
    std::vector<std::vector<size_t>> cycles;
    std::function<void(size_t)> visit = [&](size_t v) {
        order[v] = low[v] = counter++;
        stack.push_back(v);
        on_stack[v] = true;
        for (size_t w : e.needs[v]) {
            if (order[w] < 0) {
                visit(w);
                low[v] = std::min(low[v], low[w]);
            } else if (on_stack[w]) {
                low[v] = std::min(low[v], order[w]);
            }
        }
        if (low[v] != order[v]) return;
        std::vector<size_t> component;
        size_t w;
        do {
            w = stack.back();
            stack.pop_back();
            on_stack[w] = false;
            component.push_back(w);
        } while (w != v);
        bool self_loop = std::find(e.needs[v].begin(), e.needs[v].end(), v) != e.needs[v].end();
        if (component.size() > 1 || self_loop) cycles.push_back(std::move(component));
    };
    for (const auto& [id, i] : e.index)
        if (order[i] < 0) visit(i);
    for (auto& component : cycles) {
        std::sort(component.begin(), component.end(),
                  [&](size_t a, size_t b) { return graph.revisions[a].revision < graph.revisions[b].revision; });
        std::vector<std::string> members;
        for (size_t i : component) members.push_back(graph.revisions[i].revision);
        // Point at the first member's edge into the cycle: down_revision unless only depends_on closes it.
        size_t first = component.front();
        const Revision& rev = graph.revisions[first];
        std::set<std::string> in_cycle(members.begin(), members.end());
        bool by_down = std::any_of(rev.down_revisions.begin(), rev.down_revisions.end(),
                                   [&](const std::string& d) { return in_cycle.contains(d); });
        diags.push_back(graph_error(by_down ? where[first].down_revision : where[first].depends_on,
                                    "revisions form a cycle: " + join(members, " -> "),
                                    "break the cycle: one of these revisions must point down_revision (or depends_on) "
                                    "at a revision outside it"));
    }

    // Heads, bases, merge and branch points, as RevisionMap computes them: only down_revision
    // links parent and child.
    std::map<std::string, std::set<std::string>> children;
    for (const auto& [id, i] : e.index) {
        const Revision& rev = graph.revisions[i];
        children[id];
        for (const auto& down : rev.down_revisions)
            if (e.index.contains(down) && down != id) children[down].insert(id);
    }
    for (const auto& [id, i] : e.index) {
        const Revision& rev = graph.revisions[i];
        if (children[id].empty()) graph.heads.push_back(id);
        if (rev.down_revisions.empty()) graph.bases.push_back(id);
        if (rev.down_revisions.size() > 1) graph.merge_points.push_back(id);
        if (children[id].size() > 1) graph.branch_points.push_back(id);
    }

    std::stable_sort(diags.begin(), diags.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.location.file, a.location.line, a.location.column) <
               std::tie(b.location.file, b.location.line, b.location.column);
    });
    return graph;
}

schema::Schema replay_chain(const std::vector<const Revision*>& revisions, Diagnostics& diagnostics) {
    // The reader already makes op.create_table's implied CREATE TYPE an explicit CreateEnum op,
    // so the chain replays as written.
    schema::Schema result;
    for (const Revision* rev : revisions) result = schema::replay(std::move(result), rev->upgrade, diagnostics);
    return result;
}

}  // namespace mig_guard::alembic
