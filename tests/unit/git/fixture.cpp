#include "fixture.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>

namespace mig_guard::git::test {

namespace {

fs::path make_temp_dir(std::string_view stem) {
    std::random_device rd;
    for (int attempt = 0; attempt < 100; ++attempt) {
        fs::path p = fs::temp_directory_path() / (std::string(stem) + std::to_string(rd()));
        std::error_code ec;
        if (fs::create_directory(p, ec)) return fs::canonical(p);
    }
    throw std::runtime_error("cannot create a temporary directory");
}

// Set before any test touches git or libgit2 (libgit2 reads HOME when it initialises).
struct IsolatedEnvironment {
    fs::path home;
    IsolatedEnvironment() {
        home = make_temp_dir("mg-git-home-");
        setenv("HOME", home.c_str(), 1);
        setenv("XDG_CONFIG_HOME", (home / ".config").c_str(), 1);
        setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
        setenv("GIT_AUTHOR_NAME", "Test Author", 1);
        setenv("GIT_AUTHOR_EMAIL", "author@example.com", 1);
        setenv("GIT_COMMITTER_NAME", "Test Author", 1);
        setenv("GIT_COMMITTER_EMAIL", "author@example.com", 1);
        for (const char* v : {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                              "GIT_CEILING_DIRECTORIES", "GIT_NAMESPACE"})
            unsetenv(v);
    }
    ~IsolatedEnvironment() {
        std::error_code ec;
        fs::remove_all(home, ec);
    }
};

IsolatedEnvironment g_environment;

std::string quote(const fs::path& p) {
    std::string out = "'";
    for (char c : p.string()) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

}  // namespace

Sandbox::Sandbox() : m_root(make_temp_dir("mg-git-test-")) {}

Sandbox::~Sandbox() {
    std::error_code ec;
    fs::remove_all(m_root, ec);
}

std::string Sandbox::git(std::string_view args, std::string_view dir) const {
    const fs::path cwd = dir.empty() ? m_root : path(dir);
    const std::string cmd = "git -C " + quote(cwd) + " " + std::string(args) + " 2>&1";
    FILE* pipe = popen(cmd.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("popen failed");
    std::string out;
    std::array<char, 4096> buf{};
    size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
    const int status = pclose(pipe);
    if (status != 0) {
        ADD_FAILURE() << "command failed: " << cmd << "\n" << out;
        throw std::runtime_error("git failed: " + cmd);
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

void Sandbox::write(std::string_view rel, std::string_view content) const {
    const fs::path p = path(rel);
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
}

void Sandbox::remove(std::string_view rel) const {
    fs::remove(path(rel));
}

void Sandbox::init(std::string_view dir) const {
    if (!dir.empty()) fs::create_directories(path(dir));
    git("init -q -b main", dir);
}

std::string Sandbox::commit_all(std::string_view message, std::string_view dir) const {
    git("add -A", dir);
    git("commit -q --allow-empty -m '" + std::string(message) + "'", dir);
    return git("rev-parse HEAD", dir);
}

}  // namespace mig_guard::git::test
