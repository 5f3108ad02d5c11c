#include "mig_guard/common/tree.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include "mig_guard/common/diagnostic.hpp"

namespace mig_guard {

namespace fs = std::filesystem;

DiskTree::DiskTree(fs::path root) : m_root(std::move(root)) {}

bool is_test_path(std::string_view path) {
    const size_t slash = path.rfind('/');
    const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    if (name.starts_with("test_") || name.ends_with("_test.py") || name == "conftest.py") return true;
    size_t start = 0;
    for (size_t end; (end = path.find('/', start)) != std::string_view::npos; start = end + 1) {
        const std::string_view part = path.substr(start, end - start);
        if (part == "tests" || part == "test") return true;
    }
    return false;
}

std::optional<std::string> DiskTree::read(std::string_view path) const {
    const fs::path full = m_root / fs::path(std::string(path));
    std::error_code ec;
    if (!fs::is_regular_file(full, ec)) return std::nullopt;
    std::ifstream in(full, std::ios::binary);
    if (!in) throw EnvironmentError("cannot read " + full.string(), "check the file's permissions");
    std::ostringstream out;
    out << in.rdbuf();
    return std::move(out).str();
}

static bool skipped_directory(const std::string& name) {
    return (!name.empty() && name[0] == '.') || name == "__pycache__" || name == "node_modules";
}

std::vector<std::string> DiskTree::list(std::string_view dir) const {
    std::vector<std::string> out;
    const fs::path start = dir.empty() ? m_root : m_root / fs::path(std::string(dir));
    std::error_code ec;
    if (!fs::is_directory(start, ec)) return out;
    for (auto it = fs::recursive_directory_iterator(start, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (it->is_directory(ec)) {
            if (skipped_directory(name)) it.disable_recursion_pending();
            continue;
        }
        if (!it->is_regular_file(ec)) continue;
        out.push_back(it->path().lexically_relative(m_root).generic_string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::optional<std::string> MemoryTree::read(std::string_view path) const {
    auto it = m_files.find(path);
    if (it == m_files.end()) return std::nullopt;
    return it->second;
}

std::vector<std::string> MemoryTree::list(std::string_view dir) const {
    std::vector<std::string> out;
    const std::string prefix = dir.empty() ? "" : std::string(dir) + "/";
    for (auto it = m_files.lower_bound(prefix); it != m_files.end() && it->first.starts_with(prefix); ++it)
        out.push_back(it->first);
    return out;
}

}  // namespace mig_guard
