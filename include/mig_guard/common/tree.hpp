// A read-only view of a project's files: the working tree on disk, or one version of it in git
// (a commit, the index). Every reader of project files (configuration, model discovery,
// revision discovery) goes through this interface, so that `ci` can read everything from git
// objects without a working tree, and `check` can compare HEAD with the index.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mig_guard {

// Whether a tree-relative path is a test's: a test_*.py, *_test.py or conftest.py file, or below
// a tests/ or test/ directory. Tests define tables of their own (fixtures, factories) that are
// not the application's schema: neither model discovery nor the loader's warnings count them.
bool is_test_path(std::string_view path);

class FileTree {
public:
    virtual ~FileTree() = default;
    // The bytes of the file at `path` ('/'-separated, relative to the tree's root, no leading
    // "./"), or nullopt when there is no such file (a directory is not a file).
    virtual std::optional<std::string> read(std::string_view path) const = 0;
    // Every file below the directory `dir` ("" = the whole tree), recursively, as
    // root-relative '/'-separated paths, sorted bytewise. Empty when `dir` does not exist.
    virtual std::vector<std::string> list(std::string_view dir) const = 0;
    // What to call this tree in messages: "working tree", "index", "HEAD (3f2a9c1)".
    virtual std::string describe() const = 0;
};

// The file system below `root`. Hidden directories (".git", ".venv"), __pycache__ and
// node_modules are not listed: they never hold a project's models or revisions.
class DiskTree final : public FileTree {
public:
    explicit DiskTree(std::filesystem::path root);
    std::optional<std::string> read(std::string_view path) const override;
    std::vector<std::string> list(std::string_view dir) const override;
    std::string describe() const override { return "working tree"; }
    const std::filesystem::path& root() const { return m_root; }

private:
    std::filesystem::path m_root;
};

// Files held in memory, path -> bytes: a project described by a test or a fuzz input.
class MemoryTree final : public FileTree {
public:
    explicit MemoryTree(std::map<std::string, std::string, std::less<>> files, std::string name = "memory tree")
        : m_files(std::move(files)), m_name(std::move(name)) {}
    std::optional<std::string> read(std::string_view path) const override;
    std::vector<std::string> list(std::string_view dir) const override;
    std::string describe() const override { return m_name; }

private:
    std::map<std::string, std::string, std::less<>> m_files;
    std::string m_name;
};

}  // namespace mig_guard
