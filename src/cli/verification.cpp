#include "verification.hpp"

#include <cstdlib>
#include <iostream>

#include "mig_guard/pg/server.hpp"
#include "mig_guard/pg/verify.hpp"

namespace mig_guard::cli {

namespace {

std::string where(const config::Project& project, const SourceLocation& location) {
    SourceLocation shown = location;
    if (!shown.file.empty()) shown.file = gate::tree_path(project, shown.file);
    std::string s = shown.str();
    return s.empty() ? "" : s + ": ";
}

}  // namespace

bool run_verification(const Context& ctx, const config::Project& project, const gate::Snapshot& snapshot,
                      const VerificationRequest& request) {
    pg::ServerOptions server_options;
    server_options.backend = pg::parse_backend(project.postgres.backend.value);
    server_options.version = project.postgres.version.value;
    server_options.image = project.postgres.image.value;
    server_options.extensions = project.postgres.extensions.value;
    server_options.verbose = ctx.options().verbosity > 0;
    if (server_options.backend == pg::Backend::url) {
        const char* url = std::getenv(project.postgres.url_env.value.c_str());
        if (!url || !*url)
            throw UsageError("postgres.backend is \"url\" but $" + project.postgres.url_env.value + " is not set",
                             "export " + project.postgres.url_env.value +
                                 "=postgresql://user:password@host/postgres (a server where databases may be created)");
        server_options.url = url;
    }
    auto server = pg::start_server(server_options);
    // A project that names its production major wants to hear when the proof ran on another one
    // (the default names none; Debian 12, for one, ships only PostgreSQL 15).
    if (project.postgres.version.origin != "default" && server->major_version() != std::atoi(server_options.version.c_str()))
        std::cerr << "mig-guard: warning: postgres.version = \"" << server_options.version << "\" ("
                  << project.postgres.version.origin << ") but the server is PostgreSQL " << server->major_version()
                  << "; install postgresql-" << server_options.version
                  << " or set postgres.backend = \"docker\" to verify on the major you run\n";

    pg::VerifyOptions options;
    options.round_trip = request.round_trip;
    options.skip_round_trips = request.skip_round_trips;
    options.render.sqlalchemy =
        snapshot.versions.sqlalchemy.major < 2 ? sql::SqlAlchemyVersion::v1_4 : sql::SqlAlchemyVersion::v2_0;
    pg::VerifyReport report = pg::verify(*server, snapshot.graph, snapshot.models.schema, options);

    std::ostream& out = std::cerr;
    for (const auto& [id, at] : report.unverifiable)
        out << where(project, at) << "warning: MG202 revision " << id
            << " has code mig-guard cannot run (its ops were skipped); the result may differ from Alembic's\n";
    if (report.failure) {
        const auto& f = *report.failure;
        if (f.step == "models")
            out << "error: the models' schema does not create in PostgreSQL: " << f.message << "\n  SQL: " << f.statement
                << "\n";
        else
            out << where(project, f.location) << "error: revision " << f.revision << " fails in PostgreSQL ("
                << f.step << "): " << f.message << "\n  SQL: " << f.statement << "\n"
                << "  help: fix the op at this line; verification stopped here\n";
    }
    for (const auto& m : report.round_trips) {
        out << where(project, m.location) << "error: the downgrade of revision " << m.revision
            << " does not return to the schema before its upgrade:\n";
        for (const auto& d : m.differences) out << "  - " << d.str() << "\n";
        out << "  help: make downgrade() undo exactly what upgrade() does\n";
    }
    if (!report.model_differences.empty()) {
        out << "error: the database the revisions build differs from the models (left: revisions, right: models):\n";
        for (const auto& d : report.model_differences) out << "  - " << d.str() << "\n";
        out << "  help: mig-guard generate -m \"...\" writes the revision for what the models add\n";
    }
    if (!ctx.options().quiet) {
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%.2f", report.seconds);
        out << "verify: " << report.revisions_applied << " revision(s) applied, " << report.round_trips_checked
            << " upgrade/downgrade round trip(s) in " << server->describe() << " (" << seconds << " s): "
            << (report.ok() ? "ok" : "FAILED") << "\n";
    }
    return report.ok();
}

}  // namespace mig_guard::cli
