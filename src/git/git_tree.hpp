// A FileTree over one version of a repository: configuration, model and revision discovery
// read git objects through it exactly as they read the disk through DiskTree.
#pragma once

#include "mig_guard/git/repository.hpp"

namespace mig_guard::git {

class GitTree final : public FileTree {
public:
    GitTree(const Repository& repo, Version version) : m_repo(repo), m_version(std::move(version)) {}
    std::optional<std::string> read(std::string_view path) const override {
        return m_repo.read(m_version, path);
    }
    std::vector<std::string> list(std::string_view dir) const override { return m_repo.list(m_version, dir); }
    std::string describe() const override { return m_version.describe(); }

private:
    const Repository& m_repo;
    Version m_version;
};

}  // namespace mig_guard::git
