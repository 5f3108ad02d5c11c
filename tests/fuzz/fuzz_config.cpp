// libFuzzer entry point for the configuration: pyproject.toml's [tool.mig-guard], mig-guard.toml,
// alembic.ini and the project's script.py.mako, read through an in-memory tree the way `ci`
// reads git objects. The input is a small project in a readable form:
//
//   === pyproject.toml
//   [tool.mig-guard]
//   models = ["app/models.py"]
//   === alembic.ini
//   [alembic]
//   script_location = migrations
//
// ("=== <path>" starts a file; at most 8 files). Any crash, hang or sanitizer report is a bug,
// and so is a broken invariant:
//   - a rejected project is a UsageError with a message and a next step;
//   - an accepted one can be shown (`config --show`), its files listed, and a revision written
//     through its script.py.mako, or the template's error names the template and a line.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mig_guard/alembic/writer.hpp"
#include "mig_guard/common/diagnostic.hpp"
#include "mig_guard/common/tree.hpp"
#include "mig_guard/config/settings.hpp"
#include "mig_guard/schema/ops.hpp"

#include "fuzz_support.hpp"

namespace {

using namespace mig_guard;

using fuzz::check;
using fuzz::split_files;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    MemoryTree tree(split_files({reinterpret_cast<const char*>(data), size}), "fuzz tree");
    config::Project project;
    try {
        project = config::load_project(tree, "");
    } catch (const UsageError& e) {
        check(std::string_view(e.what()).size() > 0 && !e.help().empty());
        return 0;
    }
    (void)config::show_settings(project);
    (void)project.watched_paths();
    try {
        (void)project.model_entries(tree);
        (void)project.module_search_path();
        (void)project.revision_sources(tree);
        (void)project.pin_sources(tree);
    } catch (const UsageError& e) {
        check(std::string_view(e.what()).size() > 0 && !e.help().empty());
    }

    alembic::RevisionHeader header{"0a1b2c3d4e5f", {"ffeeddccbbaa"}, "add users", "2026-12-07 10:00:00.000000",
                                   {}, {}};
    schema::Ops upgrade, downgrade;
    std::string template_path = project.script_location.value + "/script.py.mako";
    alembic::TextResult revision =
        alembic::render_revision(header, upgrade, downgrade, project.script_template, template_path);
    if (!revision.ok()) {
        check(!revision.error->message.empty());
        check(revision.error->location.file == template_path);
        check(revision.error->location.line >= 1);
    }
    return 0;
}
