#include "mig_guard/config/project.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "alembic_ini.hpp"
#include "tree_paths.hpp"

namespace mig_guard::config {

namespace {

bool has_any(const fs::path& dir, std::initializer_list<const char*> names) {
    std::error_code ec;
    for (const char* n : names)
        if (fs::exists(dir / n, ec)) return true;
    return false;
}

bool has_requirements(const fs::path& dir) {
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (name.rfind("requirements", 0) == 0 && it->path().extension() == ".txt") return true;
    }
    return false;
}

bool is_skipped_dir(const fs::path& dir) {
    std::string name = dir.filename().string();
    if (name.empty()) return false;
    if (name[0] == '.' && name != "." && name != "..") return true;
    if (name == "__pycache__" || name == "node_modules" || name == "site-packages") return true;
    // A virtual environment, or an Alembic script directory (revisions are not models).
    return has_any(dir, {"pyvenv.cfg"}) || (has_any(dir, {"env.py"}) && has_any(dir, {"script.py.mako"}));
}

std::string generic(const fs::path& p) { return p.generic_string(); }

}  // namespace

fs::path find_project_root(const fs::path& start) {
    std::error_code ec;
    fs::path dir = fs::absolute(start, ec).lexically_normal();
    if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
    if (!dir.empty() && dir.filename().empty()) dir = dir.parent_path();  // trailing slash
    for (fs::path d = dir; !d.empty(); d = d.parent_path()) {
        if (has_any(d, {"pyproject.toml", "alembic.ini", "setup.cfg", "setup.py", "uv.lock", "poetry.lock",
                        "Pipfile.lock", ".git"}) ||
            has_requirements(d))
            return d;
        if (d == d.parent_path()) break;
    }
    return dir;
}

SourceFiles collect_python_files(const std::vector<fs::path>& paths, const fs::path& root) {
    std::vector<fs::path> found;
    std::error_code ec;
    for (const auto& p : paths) {
        if (!fs::exists(p, ec))
            throw UsageError("no such file or directory: " + generic(p),
                             "give model files or directories that exist");
        if (fs::is_regular_file(p, ec)) {
            found.push_back(fs::absolute(p, ec).lexically_normal());
            continue;
        }
        fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
        for (; !ec && it != end; it.increment(ec)) {
            if (it->is_directory(ec)) {
                if (is_skipped_dir(it->path())) it.disable_recursion_pending();
                continue;
            }
            if (it->path().extension() == ".py" && it->is_regular_file(ec))
                found.push_back(fs::absolute(it->path(), ec).lexically_normal());
        }
        if (ec) throw EnvironmentError("cannot list " + generic(p) + ": " + ec.message());
    }
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());

    SourceFiles files;
    files.reserve(found.size());
    for (const auto& f : found) files.push_back({display_path(f, root), read_file(f)});
    return files;
}

SourceFiles read_pin_files(const fs::path& root) {
    std::vector<fs::path> pins;
    std::error_code ec;
    for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
        if (detail::is_pin_file(it->path().filename().string()) && it->is_regular_file(ec)) pins.push_back(it->path());
    }
    std::sort(pins.begin(), pins.end());
    SourceFiles files;
    for (const auto& p : pins) files.push_back({display_path(p, root), read_file(p)});
    return files;
}

std::optional<AlembicIni> find_alembic_ini(const fs::path& root) {
    std::error_code ec;
    fs::path ini_path;
    for (const fs::path& candidate : {root / "alembic.ini", root / "backend" / "alembic.ini"}) {
        if (fs::is_regular_file(candidate, ec)) {
            ini_path = candidate;
            break;
        }
    }
    if (ini_path.empty()) return std::nullopt;

    AlembicIni ini;
    ini.path = ini_path;
    const fs::path here = ini_path.parent_path();
    const std::string display = generic(ini_path);
    const auto keys = detail::parse_alembic_section(read_file(ini_path), display);
    if (auto it = keys.find("file_template"); it != keys.end()) ini.file_template = detail::interpolate(it->second.value, "");
    if (auto it = keys.find("truncate_slug_length"); it != keys.end())
        ini.truncate_slug_length = detail::parse_slug_length(it->second, display);
    auto loc_it = keys.find("script_location");
    if (loc_it == keys.end() || loc_it->second.value.empty())
        throw UsageError(display + ": [alembic] has no script_location",
                         "add `script_location = migrations` (the directory holding env.py)");
    fs::path loc(detail::interpolate(loc_it->second.value, here.string()));
    if (loc.is_relative()) loc = here / loc;
    ini.script_location = loc.lexically_normal();
    fs::path mako = ini.script_location / "script.py.mako";
    if (fs::is_regular_file(mako, ec)) ini.script_template = read_file(mako);
    return ini;
}

std::string read_file(const fs::path& path) {
    // One open, one fstat, reads into a buffer of the right size: linting 2,000 revisions reads
    // 2,000 files, and iostreams cost more than the parsing of small ones.
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw EnvironmentError("cannot read " + generic(path), "check that the file exists and is readable");
    std::string out;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && st.st_size > 0) out.reserve(static_cast<size_t>(st.st_size));
    char buffer[65536];
    for (;;) {
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            out.append(buffer, static_cast<size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            ::close(fd);
            throw EnvironmentError("error while reading " + generic(path), "check that the file is readable");
        }
        break;
    }
    ::close(fd);
    return out;
}

std::string display_path(const fs::path& path, const fs::path& base) {
    std::error_code ec;
    fs::path abs = fs::absolute(path, ec).lexically_normal();
    fs::path b = fs::absolute(base, ec).lexically_normal();
    fs::path rel = abs.lexically_relative(b);
    if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
    return path.generic_string();
}

}  // namespace mig_guard::config
