#include "mig_guard/gate/gate.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <set>

#include "mig_guard/alembic/writer.hpp"
#include "mig_guard/schema/diff.hpp"
#include "mig_guard/schema/json.hpp"

namespace mig_guard::gate {

namespace {

const char* const k_missing = "MG101";
const char* const k_unreviewed = "MG102";
const char* const k_edited = "MG103";

struct GateRule {
    const char* code;
    const char* name;
};
constexpr GateRule k_gate_rules[] = {
    {"MG101", "missing-migration"}, {"MG102", "unreviewed-revision"}, {"MG103", "applied-revision-edited"}};

// The level a gate rule runs at: error unless configured otherwise.
lint::Level gate_level(const lint::LintOptions& options, const std::string& code) {
    auto it = options.levels.find(code);
    return it == options.levels.end() ? lint::Level::error : it->second;
}

const char* gate_rule_name(const std::string& code) {
    for (const auto& r : k_gate_rules)
        if (code == r.code) return r.name;
    return "";
}

// Adds a gate finding unless its rule is off.
lint::Finding* add_finding(lint::Findings& out, const lint::LintOptions& options, const std::string& code,
                           SourceLocation where, std::string message, std::string help) {
    lint::Level level = gate_level(options, code);
    if (level == lint::Level::off) return nullptr;
    lint::Finding f;
    f.code = code;
    f.name = gate_rule_name(code);
    f.level = level;
    f.message = std::move(message);
    f.help = std::move(help);
    f.location = std::move(where);
    if (f.location.line == 0) f.location.line = 1;
    if (f.location.column == 0) f.location.column = 1;
    out.push_back(std::move(f));
    return &out.back();
}

const SourceFile* find_file(const SourceFiles& files, const std::string& path) {
    auto it = std::lower_bound(files.begin(), files.end(), path,
                               [](const SourceFile& f, const std::string& p) { return f.path < p; });
    if (it != files.end() && it->path == path) return &*it;
    for (const auto& f : files)
        if (f.path == path) return &f;
    return nullptr;
}

std::string short_time(const std::string& rfc3339) {
    // "2026-11-22T10:15:00Z" -> "2026-11-22 10:15 UTC"
    if (rfc3339.size() < 16) return rfc3339;
    return rfc3339.substr(0, 10) + " " + rfc3339.substr(11, 5) + " UTC";
}

alembic::CreateDate create_date_now() {
    // SOURCE_DATE_EPOCH (reproducible-builds.org) pins the date, for reproducible output.
    const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
    if (!epoch) return alembic::CreateDate::now();
    char* end = nullptr;
    long long secs = std::strtoll(epoch, &end, 10);
    if (end == epoch || *end != '\0')
        throw UsageError(std::string("SOURCE_DATE_EPOCH is not a number of seconds: ") + epoch);
    std::time_t t = static_cast<std::time_t>(secs);
    std::tm tm{};
    localtime_r(&t, &tm);
    alembic::CreateDate d;
    d.year = tm.tm_year + 1900;
    d.month = tm.tm_mon + 1;
    d.day = tm.tm_mday;
    d.hour = tm.tm_hour;
    d.minute = tm.tm_min;
    d.second = tm.tm_sec;
    d.epoch = secs;
    return d;
}

// A tree-relative path relative to the project's root.
std::string relative_in_project(const config::Project& project, const std::string& tree_relative) {
    if (project.root.empty() || project.root == ".") return tree_relative;
    if (tree_relative.rfind(project.root + "/", 0) == 0) return tree_relative.substr(project.root.size() + 1);
    return tree_relative;
}

}  // namespace

std::string tree_path(const config::Project& project, const std::string& project_relative) {
    if (project.root.empty() || project.root == ".") return project_relative;
    return project.root + "/" + project_relative;
}

Snapshot read_snapshot(const FileTree& tree, const config::Project& project, Read what, const Snapshot* previous) {
    Snapshot s;
    s.label = tree.describe();
    s.revision_files = project.revision_sources(tree);
    std::sort(s.revision_files.begin(), s.revision_files.end(),
              [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
    alembic::GraphOptions graph_options{project.file_template.value};
    if (previous) {
        graph_options.reuse = &previous->graph;
        graph_options.reuse_files = &previous->revision_files;
    }
    s.graph = alembic::build_graph(s.revision_files, graph_options);
    if (!project.ledger.value.empty())
        if (auto text = tree.read(project.ledger.value)) s.ledger = ledger::parse_ledger(*text, project.ledger.value);
    if (what == Read::revisions_only) return s;

    s.versions = library_versions(tree, project);
    models::LoadResult loaded = load_models(tree, project, s.versions);
    s.model_files = std::move(loaded.files);
    s.models.schema = std::move(loaded.schema);
    s.models.diagnostics = std::move(loaded.diagnostics);
    if (loaded.no_table_reached) {
        // No model, yet the revisions create tables: what is missing is the way to the models,
        // not the tables. A revision dropping every table is never what the user wants.
        size_t created = 0;
        for (const auto& r : s.graph.revisions)
            for (const auto& op : r.upgrade)
                if (op.is<schema::CreateTable>()) ++created;
        if (created > 0) {
            Diagnostic d;
            d.severity = Severity::error;
            d.stage = "models";
            d.location.file = project.env_py().empty() ? std::string() : relative_in_project(project, project.env_py());
            d.message = "the models define no table while the revisions create " + std::to_string(created) +
                        ": mig-guard does not take that for a change that drops them all";
            d.help = "make env.py import the models, as Alembic needs them for autogenerate, or name the model files "
                     "in `models` in [tool.mig-guard]";
            s.models.diagnostics.push_back(std::move(d));
        }
    }
    return s;
}

models::LibraryVersions library_versions(const FileTree& tree, const config::Project& project,
                                         const VersionOverrides& overrides) {
    models::LibraryVersions versions = models::detect_library_versions(project.pin_sources(tree));
    auto apply = [&](const std::string& value, const std::string& origin, models::Version& target) {
        if (value.empty()) return;
        auto v = models::Version::parse(value);
        if (!v) throw UsageError(origin + ": not a version: '" + value + "'", "write it like \"0.0.22\" or \"2.0\"");
        target = *v;
        versions.source = origin;
    };
    apply(project.sqlmodel.value, project.sqlmodel.origin, versions.sqlmodel);
    apply(project.sqlalchemy.value, project.sqlalchemy.origin, versions.sqlalchemy);
    apply(overrides.sqlmodel, "--sqlmodel", versions.sqlmodel);
    apply(overrides.sqlalchemy, "--sqlalchemy", versions.sqlalchemy);
    return versions;
}

models::LoadResult load_models(const FileTree& tree, const config::Project& project,
                               const models::LibraryVersions& versions, const ModelPaths& paths) {
    models::LoadSpec spec;
    spec.root = project.root;
    spec.versions = versions;
    spec.search_path = project.module_search_path();
    spec.exclude_dirs = project.non_model_dirs();
    if (!paths.given) {
        spec.entries = project.model_entries(tree);
        if (spec.entries.empty()) spec.env_py = project.env_py();
    } else {
        // Files and directories named on the command line: every table model in them counts,
        // and their imports resolve from the current directory first, as `python -c 'import
        // ...'` run there would.
        config::Project named = project;
        named.models = {paths.paths, "command line"};
        if (!paths.paths.empty()) spec.entries = named.model_entries(tree);
        spec.search_path.insert(spec.search_path.begin(), paths.cwd);
        if (spec.entries.empty()) return models::LoadResult{};
    }
    return models::load_models(tree, spec);
}

schema::Schema chain_schema(const alembic::Graph& graph, Diagnostics& diagnostics) {
    return alembic::replay_chain(graph.topological(), diagnostics);
}

NewRevision new_revision(const config::Project& project, const alembic::Graph& graph, const schema::Ops& upgrade,
                         const NewRevisionOptions& options) {
    if (graph.heads.size() > 1) {
        std::string heads;
        for (const auto& h : graph.heads) heads += (heads.empty() ? "" : ", ") + h;
        throw UsageError("the revision graph has " + std::to_string(graph.heads.size()) + " heads (" + heads +
                             "): a new revision would have to pick one",
                         "merge them first: alembic merge heads -m \"merge heads\"");
    }
    NewRevision r;
    r.upgrade = upgrade;
    r.id = options.revision_id.empty() ? alembic::new_revision_id() : options.revision_id;
    r.down_revisions = graph.heads;
    r.message = options.message.empty() ? message_for(upgrade) : options.message;

    alembic::RevisionHeader header;
    header.revision = r.id;
    header.down_revisions = r.down_revisions;
    header.message = r.message;
    alembic::CreateDate date = create_date_now();
    header.create_date = date.str();
    alembic::TextResult name =
        alembic::revision_filename(project.file_template.value, header, date, project.truncate_slug_length.value);
    if (!name.ok()) throw UsageError(name.error->str(), "fix file_template in alembic.ini");
    r.path = project.versions_dir.value.empty() ? name.text : project.versions_dir.value + "/" + name.text;
    std::string template_path = project.script_location.value + "/script.py.mako";
    alembic::TextResult text =
        alembic::render_revision(header, upgrade, schema::reverse(upgrade), project.script_template, template_path);
    if (!text.ok()) throw UsageError(text.error->str(), "fix the template, or remove it to use Alembic's default");
    r.text = std::move(text.text);
    return r;
}

bool Outcome::failed() const {
    return has_errors(diagnostics) || std::any_of(findings.begin(), findings.end(), [](const lint::Finding& f) {
               return f.level == lint::Level::error;
           });
}

lint::Findings review_findings(const Snapshot& head, const config::Project& project,
                               const std::vector<std::string>& revision_ids, const lint::LintOptions& options) {
    std::vector<std::string> paths;
    for (const auto& id : revision_ids)
        if (const auto* r = head.graph.find(id)) paths.push_back(r->path);
    lint::Findings findings;
    // lint_project lints every revision for an empty path list; a change without revisions
    // only needs the graph rules.
    if (paths.empty())
        findings = lint::lint_graph(head.graph, options);
    else
        findings = lint::lint_project(head.graph, head.revision_files, paths, options);

    for (const auto& id : revision_ids) {
        const alembic::Revision* r = head.graph.find(id);
        if (!r) continue;
        const SourceFile* file = find_file(head.revision_files, r->path);
        if (!file) continue;
        const ledger::Entry* entry = head.ledger.find(id);
        ledger::ReviewState state = ledger::review_state(head.ledger, id, file->content);
        SourceLocation where = r->revision_location;
        if (where.file.empty()) where.file = r->path;
        if (state == ledger::ReviewState::unreviewed) {
            add_finding(findings, options, k_unreviewed, where, "revision " + id + " has not been reviewed",
                        "review it: mig-guard review " + id + ", then commit " + project.ledger.value);
            continue;
        }
        if (state == ledger::ReviewState::changed) {
            add_finding(findings, options, k_unreviewed, where,
                        "revision " + id + " changed after " + entry->reviewed_by + " reviewed it on " +
                            short_time(entry->reviewed_at) + ": the review is void",
                        "review it again: mig-guard review " + id);
            continue;
        }
        for (auto& f : findings) {
            if (f.location.file != r->path || f.level != lint::Level::error) continue;
            if (std::find(entry->acknowledged.begin(), entry->acknowledged.end(), f.code) == entry->acknowledged.end()) {
                if (f.help.find("--ack") == std::string::npos)
                    f.help += (f.help.empty() ? "" : "; ") + std::string("or accept it in review: mig-guard review ") +
                              id + " --ack " + f.code;
                continue;
            }
            f.level = lint::Level::warning;
            f.message += " (acknowledged by " + entry->reviewed_by + ")";
        }
    }
    return findings;
}

Outcome evaluate(const Snapshot& base, const Snapshot& head, const config::Project& project,
                 const GateOptions& options) {
    Outcome out;
    const lint::LintOptions& lint_options = options.lint;

    // Revisions by id on both sides. A revision is "the same" when its id is; a file moved
    // without changing is not an edit.
    std::set<std::string> base_ids;
    for (const auto& r : base.graph.revisions) base_ids.insert(r.revision);
    std::set<std::string> head_ids;
    for (const auto& r : head.graph.revisions) head_ids.insert(r.revision);

    std::vector<std::string> to_lint;
    lint::Findings gate_findings;
    for (const auto& r : base.graph.revisions) {
        const SourceFile* before = find_file(base.revision_files, r.path);
        const alembic::Revision* now = head.graph.find(r.revision);
        if (!now) {
            SourceLocation where{r.path, 1, 1};
            add_finding(gate_findings, lint_options, k_edited, where,
                        "committed revision " + r.revision + " was deleted (it was " + r.path + " in " + base.label + ")",
                        "restore it: git checkout HEAD -- " + tree_path(project, r.path) +
                            "; to undo a committed revision, write a new one that reverses it");
            continue;
        }
        const SourceFile* after = find_file(head.revision_files, now->path);
        if (before && after && ledger::checksum(before->content) != ledger::checksum(after->content)) {
            SourceLocation where = now->revision_location;
            if (where.file.empty()) where.file = now->path;
            add_finding(gate_findings, lint_options, k_edited, where,
                        "committed revision " + r.revision + " was edited; databases that applied it will not see the change",
                        "undo the edit (git checkout HEAD -- " + tree_path(project, now->path) +
                            ") and put the change in a new revision: mig-guard generate -m \"...\"");
            to_lint.push_back(r.revision);
        }
    }

    // Added revisions, in the order the graph applies them.
    for (const auto* r : head.graph.topological())
        if (!base_ids.count(r->revision)) out.added.push_back(r->revision);
    // Revisions left out of the topological order (cycles, duplicates) are still added files.
    for (const auto& r : head.graph.revisions)
        if (!base_ids.count(r.revision) && std::find(out.added.begin(), out.added.end(), r.revision) == out.added.end())
            out.added.push_back(r.revision);

    // Drift: the added revisions, replayed on what the base's models imply, must give what the
    // head's models imply.
    bool head_readable = !has_errors(head.models.diagnostics);
    for (const auto& d : head.models.diagnostics) out.diagnostics.push_back(d);
    if (head_readable) {
        Diagnostics replay_notes;
        schema::Schema start;
        if (has_errors(base.models.diagnostics)) {
            // The committed models do not read; the committed chain is the next best start.
            start = chain_schema(base.graph, replay_notes);
            out.diagnostics.push_back({Severity::note, {}, "gate",
                                       "the models in " + base.label +
                                           " could not be read; the change is compared with the schema its revisions produce",
                                       ""});
        } else {
            start = base.models.schema;
        }
        out.models_changed = !schema::equivalent(start, head.models.schema);
        schema::Schema replayed = start;
        for (const auto& id : out.added)
            if (const auto* r = head.graph.find(id)) replayed = schema::replay(std::move(replayed), r->upgrade, replay_notes);
        schema::Ops missing = schema::diff(replayed, head.models.schema);
        if (!missing.empty()) {
            std::string summary;
            for (size_t i = 0; i < missing.size() && i < 3; ++i)
                summary += (i ? "; " : "") + schema::describe(missing[i]);
            if (missing.size() > 3) summary += "; and " + std::to_string(missing.size() - 3) + " more";
            // Where to point: the first model file that changed.
            SourceLocation where;
            for (const auto& f : head.model_files) {
                const SourceFile* old = find_file(base.model_files, f.path);
                if (!old || old->content != f.content) {
                    where = {f.path, 1, 1};
                    break;
                }
            }
            if (out.models_changed) {
                std::string problem;
                try {
                    out.missing = new_revision(project, head.graph, missing, options.revision);
                } catch (const UsageError& e) {
                    problem = std::string(e.what()) + "; " + e.help();
                }
                if (where.file.empty() && out.missing) where = {out.missing->path, 1, 1};
                std::string message = out.added.empty()
                                          ? "the models changed but no revision was added for it (" + summary + ")"
                                          : "the revisions added here do not account for the whole model change (missing: " +
                                                summary + ")";
                add_finding(gate_findings, lint_options, k_missing, where, message,
                            problem.empty() ? "add the missing revision: mig-guard generate -m \"" +
                                                  (out.missing ? out.missing->message : std::string("...")) + "\""
                                            : problem);
            } else {
                if (where.file.empty() && !out.added.empty())
                    if (const auto* r = head.graph.find(out.added.front())) where = {r->path, 1, 1};
                add_finding(gate_findings, lint_options, k_missing, where,
                            "the revisions added here change the schema but the models do not (" + summary + ")",
                            "change the models to match, or remove the revision");
            }
            for (auto& d : replay_notes)
                if (d.severity == Severity::error) {
                    d.severity = Severity::note;
                    out.diagnostics.push_back(d);
                }
        }
    }

    std::vector<std::string> review_ids = out.added;
    lint::Findings findings = review_findings(head, project, review_ids, lint_options);
    // Edited committed revisions are linted too, but their review is not what is at stake.
    if (!to_lint.empty()) {
        std::vector<std::string> paths;
        for (const auto& id : to_lint)
            if (const auto* r = head.graph.find(id)) paths.push_back(r->path);
        for (auto& f : lint::lint_project(head.graph, head.revision_files, paths, lint_options))
            if (std::find(paths.begin(), paths.end(), f.location.file) != paths.end()) findings.push_back(std::move(f));
    }
    findings.insert(findings.end(), gate_findings.begin(), gate_findings.end());

    // Paths as the repository knows them.
    std::set<std::string> checked;
    for (auto& f : findings) {
        const SourceFile* src = find_file(head.revision_files, f.location.file);
        if (!src) src = find_file(head.model_files, f.location.file);
        if (!src) src = find_file(base.revision_files, f.location.file);
        std::string shown = tree_path(project, f.location.file);
        if (src) out.sources[shown] = src->content;
        f.location.file = shown;
    }
    for (const auto& id : out.added)
        if (const auto* r = head.graph.find(id)) checked.insert(tree_path(project, r->path));
    for (const auto& id : to_lint)
        if (const auto* r = head.graph.find(id)) checked.insert(tree_path(project, r->path));
    for (const auto& id : out.added)
        if (const auto* r = head.graph.find(id))
            if (const SourceFile* src = find_file(head.revision_files, r->path))
                out.sources[tree_path(project, r->path)] = src->content;
    out.files_checked.assign(checked.begin(), checked.end());
    for (auto& d : out.diagnostics)
        if (!d.location.file.empty()) d.location.file = tree_path(project, d.location.file);
    // Deduplicate: a revision that is both added and linted as a graph member.
    std::sort(findings.begin(), findings.end(), [](const lint::Finding& a, const lint::Finding& b) {
        return std::tie(a.location.file, a.location.line, a.location.column, a.code, a.message) <
               std::tie(b.location.file, b.location.line, b.location.column, b.code, b.message);
    });
    findings.erase(std::unique(findings.begin(), findings.end(),
                               [](const lint::Finding& a, const lint::Finding& b) {
                                   return a.location.file == b.location.file && a.location.line == b.location.line &&
                                          a.location.column == b.location.column && a.code == b.code &&
                                          a.message == b.message;
                               }),
                   findings.end());
    out.findings = std::move(findings);
    return out;
}

}  // namespace mig_guard::gate
