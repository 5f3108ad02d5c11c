// Tree-relative paths ('/'-separated, "" = the tree's root) and the small glob matcher used
// for `models`. Private to src/config.
#pragma once

#include <string>
#include <string_view>

namespace mig_guard::config::detail {

// `dir` joined with `rel`, normalized ("." and ".." resolved, no trailing '/'). A result
// starting with ".." leaves the tree.
std::string join_path(std::string_view dir, std::string_view rel);
// "a/b/c" for "a/./b//c/", "a" for "a/b/..".
std::string normalize_path(std::string_view path);
// The directory holding `path` ("" for a top-level file).
std::string parent_path(std::string_view path);
// The last component of `path`.
std::string_view file_name(std::string_view path);
// `path` relative to `base` ("a/b" from "a" is "b"; "x" from "a" is "../x").
std::string relative_path(std::string_view path, std::string_view base);
// Whether `path` is `dir` or lies below it ("" contains everything).
bool is_within(std::string_view path, std::string_view dir);

// Whether the glob contains a wildcard.
bool is_glob(std::string_view pattern);
// Matches a '/'-separated path against a glob: `*` and `?` within one component, `[...]`
// character classes, `**` as a whole component for zero or more components.
bool glob_match(std::string_view pattern, std::string_view path);

// pyproject.toml, requirements*.txt, uv.lock, poetry.lock, Pipfile.lock: the files that pin
// library versions (for models::detect_library_versions).
bool is_pin_file(std::string_view name);

}  // namespace mig_guard::config::detail
