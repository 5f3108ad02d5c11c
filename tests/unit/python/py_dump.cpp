// Developer tool (not a test): prints the normalized dump of a file, as ast_dump.py does,
// or the diagnostic when it does not parse. Used by test_differential.cpp's workflow and by
// hand when a differential mismatch needs looking at.
#include <fstream>
#include <iostream>
#include <sstream>

#include "ast_dump.hpp"
#include "mig_guard/python/parser.hpp"

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: py_dump FILE [--tokens]\n";
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    if (argc > 2) {
        auto r = mig_guard::python::tokenize(ss.str(), argv[1]);
        for (const auto& t : r.tokens)
            std::cout << static_cast<int>(t.kind) << " " << mig_guard::python::test::pos(t.span) << " '" << t.text
                      << "'\n";
        for (const auto& d : r.diagnostics) std::cout << d.str() << "\n";
        return 0;
    }
    auto m = mig_guard::python::parse(ss.str(), argv[1]);
    for (const auto& d : m.diagnostics) std::cout << d.str() << "\n";
    std::cout << mig_guard::python::test::dump(m);
    return m.ok() ? 0 : 1;
}
