// Verification in PostgreSQL as the commands run it (verify, generate, ci): start the server the
// configuration asks for, verify, print what failed, map every problem to its file and line.
#pragma once

#include <string>
#include <vector>

#include "mig_guard/gate/gate.hpp"
#include "workspace.hpp"

namespace mig_guard::cli {

struct VerificationRequest {
    // Revisions to upgrade / downgrade / upgrade again (ids); empty: all of them.
    std::vector<std::string> round_trip;
    bool skip_round_trips = false;
};

// Returns whether the chain verified. Throws EnvironmentError (exit 3) when no server can be had.
bool run_verification(const Context& ctx, const config::Project& project, const gate::Snapshot& snapshot,
                      const VerificationRequest& request);

}  // namespace mig_guard::cli
