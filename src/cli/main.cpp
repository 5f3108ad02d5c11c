// mig-guard's entry point: parse the command line, run one command, map every error to its
// exit code (SPEC section 2) and a message that says what to do next.
#include <CLI/CLI.hpp>
#include <iostream>

#include "commands.hpp"

using namespace mig_guard;

int main(int argc, char** argv) {
    CLI::App app{"mig-guard: a Git-aware gatekeeper for Alembic migrations of SQLModel and SQLAlchemy models",
                 "mig-guard"};
    app.set_version_flag("--version", std::string("mig-guard ") + MG_VERSION);
    cli::GlobalOptions global;
    // Global options are accepted after the subcommand too (`mig-guard ci --base main --format
    // github`): subcommands inherit fallthrough, so what they do not define goes to the app.
    app.fallthrough();
    app.add_option("-C", global.directory, "Run as if started in DIR");
    app.add_option("--config", global.config_file, "Configuration file (default: pyproject.toml or mig-guard.toml)");
    app.add_option("--format", global.format, "Report format (commands that print schemas or SQL have their own --format)")
        ->check(CLI::IsMember({"text", "json", "sarif", "github", "junit"}));
    app.add_option("--color", global.color, "Colour: auto, always or never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    app.add_flag("-q,--quiet", global.quiet, "Print errors only");
    app.add_flag("-v,--verbose", global.verbosity, "Say more (repeat for more)");
    app.require_subcommand(1);

    std::vector<cli::Command> commands{cli::register_check(app),    cli::register_ci(app),
                                       cli::register_generate(app), cli::register_diff(app),
                                       cli::register_schema(app),   cli::register_lint(app),
                                       cli::register_verify(app),   cli::register_review(app),
                                       cli::register_status(app),   cli::register_apply(app),
                                       cli::register_init(app),
                                       cli::register_config(app),   cli::register_rule(app),
                                       cli::register_merge_ledger(app)};

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : static_cast<int>(ExitCode::usage);
    }

    try {
        cli::Context ctx(global);
        for (auto& command : commands)
            if (command.app->parsed()) return static_cast<int>(command.run(ctx));
        return static_cast<int>(ExitCode::usage);
    } catch (const Error& e) {
        std::cerr << "error: " << e.what() << "\n";
        if (!e.help().empty()) std::cerr << "  help: " << e.help() << "\n";
        return static_cast<int>(e.code());
    } catch (const std::exception& e) {
        std::cerr << "error: internal error: " << e.what() << "\n"
                  << "  help: this is a bug in mig-guard; please report it with the command you ran\n";
        return static_cast<int>(ExitCode::environment);
    }
}
