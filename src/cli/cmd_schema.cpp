// `mig-guard schema [--format json|sql] [PATH...]`: the schema that model files imply.
#include <CLI/CLI.hpp>
#include <iostream>

#include "commands.hpp"
#include "workspace.hpp"
#include "mig_guard/schema/json.hpp"
#include "mig_guard/sql/render.hpp"

namespace mig_guard::cli {

namespace {
struct SchemaOptions {
    std::string format = "json";
    std::vector<std::string> paths;
    gate::VersionOverrides versions;
};
}  // namespace

Command register_schema(CLI::App& app) {
    auto opts = std::make_shared<SchemaOptions>();
    CLI::App* sub = app.add_subcommand("schema", "Print the schema that model files or directories imply");
    sub->add_option("--format", opts->format, "json, or sql: the DDL that creates it in an empty database")
        ->check(CLI::IsMember({"json", "sql"}));
    sub->add_option("paths", opts->paths, "Model files or directories (default: the project's models, as Alembic sees them)");
    add_version_options(*sub, opts->versions);

    return {sub, [opts](const Context& ctx) {
                LoadedModels loaded = load_models(ctx, opts->paths, opts->versions);
                bool errors = ctx.report(loaded.result.diagnostics, loaded.root);
                if (opts->format == "sql")
                    print_sql(sql::create_all(loaded.result.schema));
                else
                    std::cout << schema::to_json(loaded.result.schema).dump(2) << "\n";
                return errors ? ExitCode::gate_failed : ExitCode::ok;
            }};
}

}  // namespace mig_guard::cli
