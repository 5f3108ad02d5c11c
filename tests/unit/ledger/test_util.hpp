// Helpers for the ledger tests: a temporary directory that removes itself, file I/O.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "mig_guard/ledger/ledger.hpp"

namespace mig_guard::ledger::test {

namespace fs = std::filesystem;

class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "mg-ledger-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        m_path = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        // Tests make directories read-only; give them back their permissions to remove them.
        for (auto it = fs::recursive_directory_iterator(m_path, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
            if (it->is_directory(ec)) ::chmod(it->path().c_str(), 0755);
        ::chmod(m_path.c_str(), 0755);
        fs::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

inline std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_text(const fs::path& p, const std::string& s) {
    std::ofstream out(p, std::ios::binary);
    out << s;
}

inline std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

inline Entry make_entry(std::string id, std::vector<std::string> ack = {}) {
    Entry e;
    e.id = id;
    e.file = "versions/" + id + "_change.py";
    e.sha256 = checksum("revision " + id + "\n");
    e.reviewed_by = "Ada Lovelace <ada@example.com>";
    e.reviewed_at = "2026-11-22T10:15:00Z";
    e.acknowledged = std::move(ack);
    return e;
}

}  // namespace mig_guard::ledger::test
