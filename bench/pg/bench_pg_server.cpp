// Local ephemeral PostgreSQL: start-to-first-query, cold (fresh template cache) and warm
// (cached template), median of N runs, against the SPEC section 11 budgets.
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "mig_guard/pg/server.hpp"
#include "mig_guard/pg/session.hpp"

namespace fs = std::filesystem;
using namespace mig_guard::pg;

namespace {

double start_to_first_query_ms(const fs::path& cache) {
    ServerOptions options;
    options.backend = Backend::local;
    options.version = "";
    options.cache_dir = cache;
    options.verbose = std::getenv("MG_BENCH_VERBOSE") != nullptr;
    auto t0 = std::chrono::steady_clock::now();
    auto server = start_server(options);
    Session session(server->conninfo("postgres"));
    session.query("SELECT 1");
    auto t1 = std::chrono::steady_clock::now();
    return std::chrono::duration<double, std::milli>(t1 - t0).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    // "warm": skip the cold runs (for measuring CPU time of warm starts alone).
    bool warm_only = argc > 2 && std::string(argv[2]) == "warm";
    std::string pattern = (fs::temp_directory_path() / "mg-bench-pg-XXXXXX").string();
    fs::path root = mkdtemp(pattern.data());
    std::vector<double> cold, warm;
    try {
        for (int i = 0; i < runs && !warm_only; ++i)
            cold.push_back(start_to_first_query_ms(root / ("cold" + std::to_string(i))));
        fs::path cache = root / "warm";
        start_to_first_query_ms(cache);  // fills the cache
        for (int i = 0; i < runs; ++i) warm.push_back(start_to_first_query_ms(cache));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_pg_server: %s\n", e.what());
        fs::remove_all(root);
        return 3;
    }
    fs::remove_all(root);
    double c = cold.empty() ? 0 : median(cold), w = median(warm);
    std::printf("local PostgreSQL start to first query, median of %d\n", runs);
    if (!warm_only)
        std::printf("  cold (fresh template cache): %7.1f ms  (budget 1500 ms) %s\n", c,
                    c <= 1500 ? "ok" : "OVER");
    std::printf("  warm (cached template):      %7.1f ms  (budget  400 ms) %s\n", w,
                w <= 400 ? "ok" : "OVER");
    std::printf("  runs cold:");
    for (double x : cold) std::printf(" %.0f", x);
    std::printf("\n  runs warm:");
    for (double x : warm) std::printf(" %.0f", x);
    std::printf("\n");
    return 0;
}
