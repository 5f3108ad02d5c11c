#include "tree_paths.hpp"

#include <vector>

namespace mig_guard::config::detail {

namespace {

std::vector<std::string_view> split(std::string_view path) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        if (end > start) parts.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

// One component against one pattern component: `*`, `?`, `[abc]`, `[!abc]`, `[a-z]`.
bool match_component(std::string_view pat, std::string_view name) {
    size_t p = 0, n = 0, star_p = std::string_view::npos, star_n = 0;
    auto match_one = [&](size_t& pi, char c) -> int {  // 1 match, 0 no match; advances pi
        if (pat[pi] == '?') {
            ++pi;
            return 1;
        }
        if (pat[pi] == '[') {
            size_t close = pat.find(']', pi + 2);
            if (close != std::string_view::npos) {
                size_t i = pi + 1;
                bool negate = pat[i] == '!' || pat[i] == '^';
                if (negate) ++i;
                bool found = false;
                for (; i < close; ++i) {
                    if (i + 2 < close && pat[i + 1] == '-') {
                        if (c >= pat[i] && c <= pat[i + 2]) found = true;
                        i += 2;
                    } else if (pat[i] == c) {
                        found = true;
                    }
                }
                pi = close + 1;
                return found != negate ? 1 : 0;
            }
        }
        return pat[pi++] == c ? 1 : 0;
    };
    while (n < name.size()) {
        if (p < pat.size() && pat[p] == '*') {
            star_p = p++;
            star_n = n;
            continue;
        }
        size_t pi = p;
        if (p < pat.size() && match_one(pi, name[n])) {
            p = pi;
            ++n;
            continue;
        }
        if (star_p == std::string_view::npos) return false;
        p = star_p + 1;
        n = ++star_n;
    }
    while (p < pat.size() && pat[p] == '*') ++p;
    return p == pat.size();
}

bool match_parts(const std::vector<std::string_view>& pat, size_t pi, const std::vector<std::string_view>& path,
                 size_t ni) {
    if (pi == pat.size()) return ni == path.size();
    if (pat[pi] == "**") {
        for (size_t k = ni; k <= path.size(); ++k)
            if (match_parts(pat, pi + 1, path, k)) return true;
        return false;
    }
    if (ni == path.size()) return false;
    return match_component(pat[pi], path[ni]) && match_parts(pat, pi + 1, path, ni + 1);
}

}  // namespace

std::string normalize_path(std::string_view path) {
    std::vector<std::string_view> out;
    size_t ups = 0;
    for (std::string_view part : split(path)) {
        if (part == ".") continue;
        if (part == "..") {
            if (!out.empty()) out.pop_back();
            else ++ups;
            continue;
        }
        out.push_back(part);
    }
    std::string s;
    for (size_t i = 0; i < ups; ++i) s += i ? "/.." : "..";
    for (std::string_view part : out) {
        if (!s.empty()) s += '/';
        s += part;
    }
    return s;
}

std::string join_path(std::string_view dir, std::string_view rel) {
    if (dir.empty()) return normalize_path(rel);
    if (rel.empty()) return normalize_path(dir);
    return normalize_path(std::string(dir) + "/" + std::string(rel));
}

std::string parent_path(std::string_view path) {
    size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
}

std::string_view file_name(std::string_view path) {
    size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool is_within(std::string_view path, std::string_view dir) {
    if (dir.empty()) return path.rfind("..", 0) != 0;
    return path == dir || (path.size() > dir.size() && path.substr(0, dir.size()) == dir && path[dir.size()] == '/');
}

std::string relative_path(std::string_view path, std::string_view base) {
    auto p = split(path);
    auto b = split(base);
    size_t common = 0;
    while (common < p.size() && common < b.size() && p[common] == b[common]) ++common;
    std::string s;
    for (size_t i = common; i < b.size(); ++i) s += s.empty() ? ".." : "/..";
    for (size_t i = common; i < p.size(); ++i) {
        if (!s.empty()) s += '/';
        s += p[i];
    }
    return s;
}

bool is_glob(std::string_view pattern) { return pattern.find_first_of("*?[") != std::string_view::npos; }

bool glob_match(std::string_view pattern, std::string_view path) {
    return match_parts(split(pattern), 0, split(path), 0);
}

bool is_pin_file(std::string_view name) {
    bool requirements = name.starts_with("requirements") && name.ends_with(".txt");
    return requirements || name == "pyproject.toml" || name == "uv.lock" || name == "poetry.lock" ||
           name == "Pipfile.lock";
}

}  // namespace mig_guard::config::detail
