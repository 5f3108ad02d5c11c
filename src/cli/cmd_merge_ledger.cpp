// `mig-guard merge-ledger BASE OURS THEIRS`: git's merge driver for the review ledger
// (`mig-guard init` registers it). Two branches that each review their own revisions change
// different entries; a line-based merge would interleave or conflict on them, while a merge by
// revision id is exact. Writes the result into OURS; exits 1 (a conflict) only when both sides
// changed the same entry differently, keeping our side of it.
#include <CLI/CLI.hpp>
#include <iostream>
#include <set>

#include "commands.hpp"
#include "mig_guard/config/project.hpp"
#include "mig_guard/ledger/ledger.hpp"

namespace mig_guard::cli {

namespace {

struct MergeOptions {
    std::string base, ours, theirs;
};

ledger::Ledger read_side(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec) || fs::file_size(path, ec) == 0) return {};
    return ledger::parse_ledger(config::read_file(path), path);
}

}  // namespace

Command register_merge_ledger(CLI::App& app) {
    auto opts = std::make_shared<MergeOptions>();
    CLI::App* sub = app.add_subcommand("merge-ledger", "Git merge driver for the review ledger (set up by mig-guard init)");
    sub->add_option("base", opts->base, "The common ancestor's ledger (%O)")->required();
    sub->add_option("ours", opts->ours, "Our ledger (%A); the result is written here")->required();
    sub->add_option("theirs", opts->theirs, "Their ledger (%B)")->required();

    return {sub, [opts](const Context&) {
                ledger::Ledger base = read_side(opts->base);
                ledger::Ledger ours = read_side(opts->ours);
                ledger::Ledger theirs = read_side(opts->theirs);
                std::set<std::string> ids;
                for (const auto* l : {&base, &ours, &theirs})
                    for (const auto& e : l->entries) ids.insert(e.id);
                ledger::Ledger merged;
                bool conflict = false;
                for (const auto& id : ids) {
                    const ledger::Entry* b = base.find(id);
                    const ledger::Entry* o = ours.find(id);
                    const ledger::Entry* t = theirs.find(id);
                    auto same = [](const ledger::Entry* x, const ledger::Entry* y) {
                        return (!x && !y) || (x && y && *x == *y);
                    };
                    const ledger::Entry* pick = o;
                    if (same(o, t) || same(t, b)) {
                        pick = o;
                    } else if (same(o, b)) {
                        pick = t;
                    } else {
                        conflict = true;
                        std::cerr << "mig-guard merge-ledger: both branches changed the review of " << id
                                  << "; kept ours. Re-review it after the merge: mig-guard review " << id << "\n";
                    }
                    if (pick) merged.upsert(*pick);
                }
                ledger::write_ledger(opts->ours, merged);
                return conflict ? ExitCode::gate_failed : ExitCode::ok;
            }};
}

}  // namespace mig_guard::cli
