// A read-only scanner for git's index file (format versions 2-4), for the pre-commit fast
// path only: loading the index through libgit2 costs ~10 ms of CPU on a 10,000-file
// repository (every entry allocated and hashed into a map, the whole file checksummed),
// while `check` only needs to know whether the few entries below the watched paths differ
// from HEAD. Anything this scanner does not understand (split index, sparse directories,
// an unknown version, a truncated file) makes it give up, and the caller falls back to
// libgit2.
#pragma once

#include <git2.h>

#include <filesystem>
#include <functional>
#include <string_view>
#include <optional>
#include <string>
#include <vector>

namespace mig_guard::git::detail {

struct ScannedEntry {
    std::string path;
    uint32_t mode = 0;
    git_oid id{};
    bool plain = true;  // stage 0, not intent-to-add: a path libgit2 compares by (mode, id)
    uint8_t stage = 0;  // 1-3 while a merge conflict is unresolved
    bool intent_to_add = false;
    // The stat data git cached when it last saw the file in the working tree.
    uint32_t ctime_s = 0, ctime_ns = 0, mtime_s = 0, mtime_ns = 0, ino = 0, size = 0;

    bool operator==(const ScannedEntry& o) const {
        return path == o.path && mode == o.mode && git_oid_equal(&id, &o.id) != 0 && plain == o.plain;
    }
};

struct ScannedIndex {
    std::vector<ScannedEntry> entries;
    int64_t mtime_s = 0;  // the index file's own mtime: entries not older are "racy"
    int64_t mtime_ns = 0;
};

// The entries at or below any of `prefixes` ('/'-separated, normalized, non-empty; no
// prefixes = every entry), sorted by path; no entries when the file does not exist. nullopt when the file
// cannot be read this way.
// `filter`, when given, keeps only the paths it accepts.
std::optional<ScannedIndex> scan_index(const std::filesystem::path& file,
                                       const std::vector<std::string>& prefixes,
                                       const std::function<bool(std::string_view)>* filter = nullptr);

// True when `path` is one of `prefixes` or lies below one of them.
bool under_prefixes(std::string_view path, const std::vector<std::string>& prefixes);

}  // namespace mig_guard::git::detail
