// The git part of `mig-guard check`'s fast path (SPEC 11: the whole check <= 15 ms on a
// 10,000-file repository when nothing relevant changed): open the repository and list the
// changes below the watched prefixes, HEAD against the index and against the working tree.
//
// Usage: bench_git [FILES=10000] [RUNS=20] [FILTER]: only the cases whose name contains
// FILTER (to profile one). Builds the repository with the git CLI in a
// temporary directory, which it removes afterwards. Prints the median and minimum of RUNS.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "mig_guard/git/repository.hpp"

namespace fs = std::filesystem;
using mig_guard::git::Repository;
using mig_guard::git::Version;

namespace {

void run(const std::string& cmd) {
    if (std::system(cmd.c_str()) != 0) {
        std::fprintf(stderr, "bench_git: command failed: %s\n", cmd.c_str());
        std::exit(1);
    }
}

void write(const fs::path& p, const std::string& content) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
}

struct Stats {
    double median_ms;
    double min_ms;
    double median_cpu_ms;  // on a shared machine, wall time mostly measures the neighbours
};

double cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

Stats measure(int runs, const std::function<size_t()>& body, size_t& result) {
    std::vector<double> ms;
    std::vector<double> cpu;
    for (int i = 0; i < runs; ++i) {
        const double c0 = cpu_ms();
        const auto t0 = std::chrono::steady_clock::now();
        result = body();
        const auto t1 = std::chrono::steady_clock::now();
        cpu.push_back(cpu_ms() - c0);
        ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    std::sort(cpu.begin(), cpu.end());
    return {ms[ms.size() / 2], ms.front(), cpu[cpu.size() / 2]};
}

}  // namespace

int main(int argc, char** argv) {
    const int files = argc > 1 ? std::atoi(argv[1]) : 10000;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 20;
    const std::string filter = argc > 3 ? argv[3] : "";
    if (files < 10 || runs < 1) {
        std::fprintf(stderr, "usage: bench_git [FILES>=10] [RUNS>=1]\n");
        return 2;
    }
    setenv("GIT_AUTHOR_NAME", "bench", 1);
    setenv("GIT_AUTHOR_EMAIL", "bench@example.com", 1);
    setenv("GIT_COMMITTER_NAME", "bench", 1);
    setenv("GIT_COMMITTER_EMAIL", "bench@example.com", 1);
    setenv("GIT_CONFIG_NOSYSTEM", "1", 1);

    // MG_BENCH_GIT_REPO=DIR keeps the repository in DIR and reuses it on later runs, to time
    // the first call in a fresh process (as the hook sees it) without rebuilding it each time.
    const char* keep = std::getenv("MG_BENCH_GIT_REPO");
    const fs::path root =
        keep != nullptr && *keep != '\0'
            ? fs::path(keep)
            : fs::temp_directory_path() / ("mg-bench-git-" + std::to_string(std::random_device{}()));
    const bool reuse = keep != nullptr && fs::exists(fs::path(keep) / ".git");
    fs::create_directories(root);
    const std::string q = "'" + root.string() + "'";

    // A realistic layout: most files far from the models, in 100-file directories.
    const int models = 50;
    const int revisions = 100;
    const int rest = std::max(0, files - models - revisions);
    for (int i = 0; i < models && !reuse; ++i)
        write(root / "app/models" / ("m" + std::to_string(i) + ".py"),
              "class M" + std::to_string(i) + ": ...\n");
    for (int i = 0; i < revisions && !reuse; ++i)
        write(root / "migrations/versions" / ("r" + std::to_string(i) + ".py"),
              "revision = '" + std::to_string(i) + "'\n");
    for (int i = 0; i < rest && !reuse; ++i)
        write(root / "src" / ("pkg" + std::to_string(i / 1000)) / ("d" + std::to_string(i / 100 % 10)) /
                  ("f" + std::to_string(i) + ".py"),
              "value = " + std::to_string(i) + "\n");
    if (!reuse) {
        write(root / "app/models2/sibling.py", "x\n");
        run("git -C " + q + " init -q -b main");
        run("git -C " + q + " add -A");
        run("git -C " + q + " commit -q -m init");
        // The staged change is outside the watched prefixes (the common case for the hook).
        write(root / "src/pkg0/d0/f0.py", "value = -1\n");
        run("git -C " + q + " add src/pkg0/d0/f0.py");
        write(root / "src/pkg0/d0/f1.py", "unstaged\n");
    }

    const std::vector<std::string> prefixes{"migrations/versions", "app/models"};
    std::printf("bench_git: %d files, %d runs: wall median (min), CPU median\n", files, runs);
    auto report = [&](const char* what, const std::function<size_t()>& body) {
        if (std::string(what).find(filter) == std::string::npos) return;
        size_t n = 0;
        const Stats s = measure(runs, body, n);
        std::printf("  %-52s %8.3f ms (%7.3f)  cpu %7.3f ms  result=%zu\n", what, s.median_ms, s.min_ms,
                    s.median_cpu_ms, n);
    };
    report("open", [&] { return Repository::discover(root).workdir().string().size() > 0 ? 0u : 1u; });
    report("open + head", [&] { return Repository::discover(root).head().commit.size(); });
    report("open + list(index, missing dir)",
           [&] { return Repository::discover(root).list(Version::index(), "none").size(); });
    std::vector<Repository> kept;
    report("open + changed(HEAD, index, prefixes), no teardown", [&] {
        kept.push_back(Repository::discover(root));
        Repository& repo = kept.back();
        return repo.changed(repo.head(), Version::index(), prefixes).size();
    });
    kept.clear();
    report("open + changed(HEAD, index, prefixes)", [&] {
        Repository repo = Repository::discover(root);
        return repo.changed(repo.head(), Version::index(), prefixes).size();
    });
    report("open + changed(HEAD, worktree, prefixes)", [&] {
        Repository repo = Repository::discover(root);
        return repo.changed(repo.head(), Version::worktree(), prefixes).size();
    });
    report("open + changed(HEAD, index) [all paths]", [&] {
        Repository repo = Repository::discover(root);
        return repo.changed(repo.head(), Version::index()).size();
    });
    report("open + changed(HEAD, worktree) [all paths]", [&] {
        Repository repo = Repository::discover(root);
        return repo.changed(repo.head(), Version::worktree()).size();
    });
    report("open + read(index, one file)", [&] {
        Repository repo = Repository::discover(root);
        return repo.read(Version::index(), "app/models/m1.py")->size();
    });
    report("open + list(index, app/models) + read 50", [&] {
        Repository repo = Repository::discover(root);
        auto tree = repo.tree(Version::index());
        size_t bytes = 0;
        for (const std::string& p : tree->list("app/models")) bytes += tree->read(p)->size();
        return bytes;
    });

    std::error_code ec;
    if (keep == nullptr || *keep == '\0') fs::remove_all(root, ec);
    return 0;
}
