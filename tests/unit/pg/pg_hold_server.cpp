// Test helper (not a gtest): starts a local server, prints its conninfo and "ready", then
// sleeps until killed. The signal tests check what a killed mig-guard leaves behind.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "mig_guard/pg/server.hpp"

int main(int argc, char** argv) {
    mig_guard::pg::ServerOptions options;
    options.backend = mig_guard::pg::Backend::local;
    if (argc > 1) options.cache_dir = argv[1];
    try {
        auto server = mig_guard::pg::start_server(options);
        std::cout << server->conninfo("postgres") << "\nready" << std::endl;
        for (;;) pause();
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 3;
    }
}
