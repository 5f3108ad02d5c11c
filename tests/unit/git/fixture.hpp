// Real repositories for the git stage's tests, built with the git CLI in a temporary
// directory. The process gets its own HOME, so neither git nor libgit2 ever reads or writes
// the user's global configuration.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace mig_guard::git::test {

namespace fs = std::filesystem;

class Sandbox {
public:
    Sandbox();
    ~Sandbox();
    Sandbox(const Sandbox&) = delete;
    Sandbox& operator=(const Sandbox&) = delete;

    const fs::path& root() const { return m_root; }
    fs::path path(std::string_view rel) const { return m_root / fs::path(std::string(rel)); }

    // Runs `git <args>` in `dir` (relative to root(), "" = root()); fails the test on a
    // non-zero exit. `args` is passed through the shell: quote it accordingly.
    std::string git(std::string_view args, std::string_view dir = "") const;
    void write(std::string_view rel, std::string_view content) const;
    void remove(std::string_view rel) const;
    // `git init` in `dir` with branch main.
    void init(std::string_view dir = "") const;
    // Stages everything and commits; returns the new commit id.
    std::string commit_all(std::string_view message, std::string_view dir = "") const;

private:
    fs::path m_root;
};

}  // namespace mig_guard::git::test
