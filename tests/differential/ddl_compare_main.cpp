// mg-ddl-compare [--expected-label NAME] [--actual-label NAME] EXPECTED.sql ACTUAL.sql
//
// Exit 0 and `same: N statements` when the two scripts create the same schema; exit 1 with one
// line per difference; exit 2 when a file cannot be read or parsed.
#include <fstream>
#include <iostream>
#include <sstream>

#include "ddl_compare.hpp"

namespace {

bool read_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

int usage() {
    std::cerr << "usage: mg-ddl-compare [--expected-label NAME] [--actual-label NAME] EXPECTED.sql ACTUAL.sql\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace mig_guard::differential;
    Labels labels;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if ((arg == "--expected-label" || arg == "--actual-label") && i + 1 < argc)
            (arg == "--expected-label" ? labels.expected : labels.actual) = argv[++i];
        else if (!arg.empty() && arg[0] == '-')
            return usage();
        else
            files.push_back(arg);
    }
    if (files.size() != 2) return usage();

    Script scripts[2];
    for (int i = 0; i < 2; ++i) {
        std::string sql;
        if (!read_file(files[i], sql)) {
            std::cerr << "mg-ddl-compare: cannot read " << files[i] << "\n";
            return 2;
        }
        try {
            scripts[i] = parse_script(sql);
        } catch (const ParseError& e) {
            std::cerr << "mg-ddl-compare: " << files[i] << ": " << e.what() << "\n";
            return 2;
        }
    }
    std::vector<std::string> differences = compare(scripts[0], scripts[1], labels);
    for (const auto& line : check_order(scripts[0], labels.expected)) differences.push_back(line);
    for (const auto& line : check_order(scripts[1], labels.actual)) differences.push_back(line);
    if (!differences.empty()) {
        for (const auto& line : differences) std::cout << line << "\n";
        std::cout << differences.size() << " difference" << (differences.size() == 1 ? "" : "s") << " between "
                  << files[0] << " (" << labels.expected << ") and " << files[1] << " (" << labels.actual << ")\n";
        return 1;
    }
    std::cout << "same: " << scripts[0].statements.size() << " statements\n";
    return 0;
}
