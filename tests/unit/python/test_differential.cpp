// Differential test against CPython: every file of corpus/ is parsed by `ast.parse` (through
// ast_dump.py) and by us, and the normalized dumps (statement kinds and spans, expression
// kinds and spans) must be equal. CPython is required: without /usr/bin/python3 the test
// fails rather than passing vacuously. corpus313/ holds the newer grammar (PEP 695/696 type
// parameters, PEP 701 f-strings) and needs a Python of at least 3.13; grammar newer than
// that (PEP 750, PEP 758) is tested against the PEPs in test_grammar314.cpp.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "ast_dump.hpp"
#include "mig_guard/python/parser.hpp"

using namespace mig_guard::python;

namespace {

const char* k_python = "/usr/bin/python3";

// A CPython that knows PEP 695/696 and PEP 701: $MG_PYTHON313, else the usual places.
std::string python313() {
    if (const char* env = std::getenv("MG_PYTHON313"); env && *env) return env;
    for (const char* p : {"/usr/bin/python3.13", "/usr/local/bin/python3.13", "/root/.pyenv/versions/3.13.0/bin/python3",
                          "/usr/bin/python3.14", "/usr/local/bin/python3.14"})
        if (std::filesystem::exists(p)) return p;
    return {};
}

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

// Number of corpus files compared.
size_t compare_corpus(const std::string& python, const char* corpus) {
    size_t compared = 0;
    for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
        if (entry.path().extension() != ".py") continue;
        int status = 0;
        std::string expected =
            run(python + " " + MG_PY_DUMP_SCRIPT + " '" + entry.path().string() + "' 2>&1", status);
        EXPECT_EQ(status, 0) << "CPython failed on " << entry.path() << ":\n" << expected;
        if (status != 0) continue;
        Module m = parse(read_file(entry.path()), entry.path().filename().string());
        EXPECT_TRUE(m.ok()) << m.diagnostics[0].str();
        if (!m.ok()) continue;
        EXPECT_EQ(test::dump(m), expected) << entry.path();
        ++compared;
    }
    return compared;
}

// Each source is rejected by both, on the same line and column, with the same message.
void compare_errors(const std::string& python, const std::vector<std::string>& bad) {
    auto dir = std::filesystem::temp_directory_path() / ("mg_py_diff_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    for (const auto& src : bad) {
        auto file = dir / "bad.py";
        std::ofstream(file, std::ios::binary) << src;
        int status = 0;
        std::string out = run(python +
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

}  // namespace

TEST(Differential, CorpusMatchesCPythonAst) {
    ASSERT_TRUE(std::filesystem::exists(k_python))
        << k_python << " is required for the differential test (install python3)";
    EXPECT_GE(compare_corpus(k_python, MG_PY_CORPUS_DIR), 6u);
}

TEST(Differential, CPythonRejectsWhatWeRejectOnTheSameLine) {
    ASSERT_TRUE(std::filesystem::exists(k_python)) << k_python << " is required for the differential test";
    compare_errors(k_python, {"if x\n    pass\n", "x = (1,\ny = 2\n", "f() = 1\n", "x = 'abc\n", "x = )\n",
                              "class A:\npass\n", "a b\n", "x = [1 2]\n", "try:\n    pass\nx = 1\n", "  x = 1\n",
                              "x = 'a' b'b' 'c'\n", "x = ('a'\n b'b'\n 'c')\n",
                              // match patterns
                              "match x:\n    case a as _:\n        pass\n", "match x:\n    case a as f():\n        pass\n",
                              "match x:\n    case C(a=1, b):\n        pass\n",
                              "match x:\n    case {**r, 'a': 1}:\n        pass\n", "match x:\n    case 1 + 2:\n        pass\n",
                              "match x:\n    case 1j + 2j:\n        pass\n", "match x:\n    y = 1\n",
                              "match x:\n    case 1\n        pass\n", "match x:\n    case *a:\n        pass\n",
                              "match x:\n    case {a: 1}:\n        pass\n", "match x:\n    case f(x).y:\n        pass\n",
                              "match x:\n    case a.b as c.d:\n        pass\n", "match x:\n    case 1:\n    pass\n"});
}

TEST(Differential, Corpus313MatchesCPython313Ast) {
    std::string python = python313();
    // Debian 12 has no Python 3.13: a skip that says so (this project's machines have one in pyenv).
    if (python.empty()) GTEST_SKIP() << "no Python >= 3.13 for the PEP 695/696/701 corpus (install python3.13 or set MG_PYTHON313)";
    EXPECT_GE(compare_corpus(python, MG_PY_CORPUS313_DIR), 2u);
}

TEST(Differential, CPython313RejectsWhatWeRejectOnTheSameLine) {
    std::string python = python313();
    if (python.empty()) GTEST_SKIP() << "no Python >= 3.13 to compare errors with (install python3.13 or set MG_PYTHON313)";
    compare_errors(python, {"def f[]():\n    pass\n", "type X[] = int\n", "class C[*Ts: int]: pass\n",
                            "def f[**P: int](): pass\n", "def f[**P: (int, str)](): pass\n",
                            "x = f'{lambda x: x}'\n", "x = f'{a[\"b\"]!z}'\n", "x = f'{x:{y:{z:{w}}}}'\n",
                            "x = f'{x:{y:{z:w}}}' 'a' b'c'\n", "x = f'{f\"{x:{y:{z:{w}}}}\"}'\n"});
}
