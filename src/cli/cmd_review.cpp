// `mig-guard review [REV...] [--all] [--approve] [--ack CODE...] [--baseline]`: shows each
// unreviewed revision (its ops, what needs attention, its findings) and records sign-off in
// the review ledger. Interactive on a terminal; `--approve` for scripts.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <set>

#include "commands.hpp"
#include "mig_guard/gate/gate.hpp"
#include "mig_guard/ledger/ledger.hpp"
#include "mig_guard/schema/json.hpp"
#include "workspace.hpp"

namespace mig_guard::cli {

namespace {

struct ReviewOptions {
    std::vector<std::string> revisions;
    bool all = false;
    bool approve = false;
    std::vector<std::string> ack;
    bool baseline = false;
};

bool ask(const std::string& question) {
    std::cout << question << " [y/N] " << std::flush;
    std::string answer;
    if (!std::getline(std::cin, answer)) return false;
    return answer == "y" || answer == "Y" || answer == "yes";
}

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

Command register_review(CLI::App& app) {
    auto opts = std::make_shared<ReviewOptions>();
    CLI::App* sub = app.add_subcommand("review", "Show unreviewed revisions and record sign-off in the review ledger");
    sub->add_option("revisions", opts->revisions, "Revision ids (default: every unreviewed revision)");
    sub->add_flag("--all", opts->all, "Show every revision, reviewed or not");
    sub->add_flag("--approve", opts->approve, "Record the sign-off without asking (for scripts)");
    sub->add_option("--ack", opts->ack, "Acknowledge error-level findings of these rules (MG402 ...)");
    sub->add_flag("--baseline", opts->baseline,
                  "Adopt an existing project: record every current revision as reviewed, acknowledging its findings");

    return {sub, [opts](const Context& ctx) {
                Workspace ws = open_workspace(ctx, NeedGit::no);
                DiskTree tree(ws.top);
                config::Project project = load_project(ws, tree);
                gate::Snapshot snap = gate::read_snapshot(tree, project, gate::Read::revisions_only);
                fs::path ledger_path = ws.top / project.ledger.value;

                std::set<std::string> acks;
                for (const auto& a : opts->ack) {
                    std::string code = upper(a);
                    if (code.size() != 5 || code.rfind("MG", 0) != 0 ||
                        !std::all_of(code.begin() + 2, code.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
                        throw UsageError("--ack " + a + ": not a rule code", "write rule codes like MG402 (mig-guard rule lists them)");
                    acks.insert(code);
                }

                // Which revisions to show.
                std::vector<const alembic::Revision*> targets;
                auto content_of = [&](const alembic::Revision& r) -> const std::string& {
                    for (const auto& f : snap.revision_files)
                        if (f.path == r.path) return f.content;
                    throw Error(ExitCode::environment, "internal: no source for " + r.path);
                };
                if (!opts->revisions.empty()) {
                    for (const auto& id : opts->revisions) {
                        const alembic::Revision* r = snap.graph.find(id);
                        if (!r) {
                            // Accept a unique prefix, as Alembic does.
                            for (const auto& cand : snap.graph.revisions)
                                if (cand.revision.rfind(id, 0) == 0) {
                                    if (r) throw UsageError("revision prefix '" + id + "' is ambiguous", "give more characters");
                                    r = &cand;
                                }
                        }
                        if (!r)
                            throw UsageError("no revision '" + id + "' in " + project.versions_dir.value,
                                             "run mig-guard status to list the revisions");
                        targets.push_back(r);
                    }
                } else {
                    for (const auto* r : snap.graph.topological())
                        if (opts->all || opts->baseline ||
                            ledger::review_state(snap.ledger, r->revision, content_of(*r)) != ledger::ReviewState::reviewed)
                            targets.push_back(r);
                }
                bool interactive = !opts->approve && !opts->baseline && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
                // -q: errors only (on stderr), unless a person is asked to sign off what is shown.
                std::ostream silent(nullptr);
                bool quiet = ctx.options().quiet && !interactive;
                std::ostream& out = quiet ? silent : std::cout;
                std::ostream& problems = quiet ? std::cerr : std::cout;
                if (targets.empty()) {
                    out << "Every revision is reviewed.\n";
                    return ExitCode::ok;
                }

                bool record = opts->approve || opts->baseline || interactive;
                git::Identity who;
                if (ws.repo) who = ws.repo->identity();
                if (record && who.name.empty() && who.email.empty())
                    throw EnvironmentError("no reviewer identity: git config user.name and user.email are not set",
                                           "set them: git config user.name \"Ada Lovelace\" && git config user.email ada@example.com");

                std::vector<std::string> ids;
                for (const auto* r : targets) ids.push_back(r->revision);
                lint::LintOptions lint_options;
                lint_options.levels = project.rules;
                lint_options.levels["MG102"] = lint::Level::off;  // being reviewed right now
                lint::Findings findings = gate::review_findings(snap, project, ids, lint_options);

                ledger::Ledger updated = snap.ledger;
                bool refused = false;
                size_t recorded = 0;
                for (const auto* r : targets) {
                    const std::string& content = content_of(*r);
                    ledger::ReviewState state = ledger::review_state(snap.ledger, r->revision, content);
                    const char* mark = state == ledger::ReviewState::reviewed ? "reviewed"
                                       : state == ledger::ReviewState::changed ? "changed since review"
                                                                               : "unreviewed";
                    out << "revision " << r->revision << "  " << gate::tree_path(project, r->path) << "  (" << mark
                              << ")\n";
                    if (!r->message.empty()) out << "  " << r->message << "\n";
                    out << "  upgrade:\n";
                    if (r->upgrade.empty()) out << "    (nothing)\n";
                    for (const auto& op : r->upgrade) out << "    " << schema::describe(op) << "\n";
                    for (const auto& c : gate::callouts(r->upgrade)) out << "  ! " << c << "\n";

                    // Error-level findings are what the sign-off must acknowledge.
                    std::set<std::string> needed;
                    for (const auto& f : findings) {
                        if (f.location.file != r->path) continue;
                        out << "  " << f.location.line << ":" << f.location.column << " " << f.code << " ["
                                  << lint::level_name(f.level) << "] " << f.message << "\n";
                        if (f.level == lint::Level::error || f.message.find("(acknowledged by") != std::string::npos)
                            needed.insert(f.code);
                    }
                    if (!record) {
                        out << "\n";
                        continue;
                    }
                    std::set<std::string> given = acks;
                    if (opts->baseline) given.insert(needed.begin(), needed.end());
                    if (interactive) {
                        for (const auto& code : needed)
                            if (!given.count(code) && ask("  Acknowledge " + code + " in " + r->revision + "?")) given.insert(code);
                    }
                    std::vector<std::string> missing;
                    for (const auto& code : needed)
                        if (!given.count(code)) missing.push_back(code);
                    if (!missing.empty()) {
                        std::string list;
                        for (const auto& m : missing) list += " --ack " + m;
                        problems << "  not recorded: acknowledge its errors first: mig-guard review " << r->revision << list
                                 << (quiet ? "\n" : "\n\n");
                        refused = true;
                        continue;
                    }
                    if (interactive && !ask("  Record your review of " + r->revision + "?")) {
                        out << "\n";
                        continue;
                    }
                    ledger::Entry entry;
                    entry.id = r->revision;
                    entry.file = r->path;
                    // The ledger names files relative to the script directory.
                    std::string script = project.script_location.value;
                    std::string tp = gate::tree_path(project, r->path);
                    if (!script.empty() && tp.rfind(script + "/", 0) == 0) entry.file = tp.substr(script.size() + 1);
                    entry.sha256 = ledger::checksum(content);
                    entry.reviewed_by = who.str();
                    entry.reviewed_at = ledger::now_rfc3339();
                    for (const auto& code : needed) entry.acknowledged.push_back(code);
                    updated.upsert(std::move(entry));
                    ++recorded;
                    out << "  recorded: reviewed by " << who.str() << "\n\n";
                }
                if (recorded > 0) {
                    ledger::write_ledger(ledger_path, updated);
                    out << "Recorded " << recorded << " review(s) in " << project.ledger.value
                              << "; commit it with the revisions: git add " << project.ledger.value << "\n";
                }
                if (!record && !opts->all) {
                    problems << "Not recorded: run mig-guard review --approve (or on a terminal) to sign off.\n";
                    return ExitCode::gate_failed;
                }
                return refused ? ExitCode::gate_failed : ExitCode::ok;
            }};
}

}  // namespace mig_guard::cli
