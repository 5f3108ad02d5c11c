// libFuzzer entry point for the model loader (src/models/loader.cpp): discovery from env.py
// through a project's imports, module resolution and the extractor, over an in-memory tree. The
// input is a small project in the readable form of fuzz_config ("=== <path>" starts a file):
//
//   === migrations/env.py
//   import app.models
//   target_metadata = SQLModel.metadata
//   === app/models/__init__.py
//   from .user import *
//
// Any crash, hang or sanitizer report is a bug, and so is a broken invariant:
//   - every file the loader read is in the tree, under the name it was given;
//   - every diagnostic names a file, and a line only within that file;
//   - reading the same tree twice gives the same schema and the same diagnostics.
#include <cstddef>
#include <cstdint>
#include <string>

#include "mig_guard/common/tree.hpp"
#include "mig_guard/models/loader.hpp"
#include "mig_guard/schema/json.hpp"

#include "fuzz_support.hpp"

namespace {

using namespace mig_guard;
using fuzz::check;

models::LoadResult load(const FileTree& tree, bool from_env) {
    models::LoadSpec spec;
    spec.search_path = {"", "src"};
    spec.exclude_dirs = {"migrations"};
    if (from_env) spec.env_py = "migrations/env.py";
    else
        for (const auto& f : tree.list(""))
            if (f.ends_with(".py")) spec.entries.push_back(f);
    return models::load_models(tree, spec);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    MemoryTree tree(fuzz::split_files({reinterpret_cast<const char*>(data), size}), "fuzz tree");
    const bool from_env = tree.read("migrations/env.py").has_value();
    models::LoadResult first = load(tree, from_env);
    check(first.files.size() == first.modules.size());
    for (const auto& f : first.files) {
        auto text = tree.read(f.path);
        check(text && *text == f.content);
    }
    for (const auto& d : first.diagnostics) {
        check(!d.message.empty());
        if (d.location.line == 0) continue;
        check(!d.location.file.empty());
        auto text = tree.read(d.location.file);
        check(text.has_value());
        check(d.location.line <= fuzz::python_line_count(*text));
    }
    models::LoadResult second = load(tree, from_env);
    check(schema::to_json(first.schema).dump() == schema::to_json(second.schema).dump());
    check(first.diagnostics.size() == second.diagnostics.size());
    return 0;
}
