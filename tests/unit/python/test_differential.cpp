// Differential test against CPython: every file of corpus/ is parsed by `ast.parse` (through
// ast_dump.py) and by us, and the normalized dumps (statement kinds and spans, expression
// kinds and spans) must be equal. CPython is required: without /usr/bin/python3 the test
// fails rather than passing vacuously.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "ast_dump.hpp"
#include "mig_guard/python/parser.hpp"

using namespace mig_guard::python;

namespace {

const char* k_python = "/usr/bin/python3";

std::string run(const std::string& command, int& status) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) {
        status = -1;
        return out;
    }
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    status = pclose(pipe);
    return out;
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

TEST(Differential, CorpusMatchesCPythonAst) {
    ASSERT_TRUE(std::filesystem::exists(k_python))
        << k_python << " is required for the differential test (install python3)";
    size_t compared = 0;
    for (const auto& entry : std::filesystem::directory_iterator(MG_PY_CORPUS_DIR)) {
        if (entry.path().extension() != ".py") continue;
        int status = 0;
        std::string expected =
            run(std::string(k_python) + " " + MG_PY_DUMP_SCRIPT + " '" + entry.path().string() + "' 2>&1", status);
        ASSERT_EQ(status, 0) << "CPython failed on " << entry.path() << ":\n" << expected;
        Module m = parse(read_file(entry.path()), entry.path().filename().string());
        ASSERT_TRUE(m.ok()) << m.diagnostics[0].str();
        EXPECT_EQ(test::dump(m), expected) << entry.path();
        ++compared;
    }
    EXPECT_GE(compared, 5u);
}

TEST(Differential, CPythonRejectsWhatWeRejectOnTheSameLine) {
    ASSERT_TRUE(std::filesystem::exists(k_python)) << k_python << " is required for the differential test";
    const char* bad[] = {"if x\n    pass\n", "x = (1,\ny = 2\n", "f() = 1\n", "x = 'abc\n", "x = )\n",
                         "class A:\npass\n", "a b\n", "x = [1 2]\n", "try:\n    pass\nx = 1\n", "  x = 1\n"};
    auto dir = std::filesystem::temp_directory_path() / ("mg_py_diff_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    for (const char* src : bad) {
        auto file = dir / "bad.py";
        std::ofstream(file, std::ios::binary) << src;
        int status = 0;
        std::string out = run(std::string(k_python) +
                                  " -c \"import sys\ntry:\n compile(open(sys.argv[1]).read(), 'f', 'exec')\n"
                                  "except SyntaxError as e:\n print(e.lineno, e.offset, e.msg)\" '" +
                                  file.string() + "'",
                              status);
        Module m = parse(src, "bad.py");
        ASSERT_EQ(m.diagnostics.size(), 1u) << src;
        std::string ours = std::to_string(m.diagnostics[0].location.line) + " " +
                           std::to_string(m.diagnostics[0].location.column) + " " + m.diagnostics[0].message + "\n";
        EXPECT_EQ(ours, out) << src;
    }
    std::filesystem::remove_all(dir);
}
