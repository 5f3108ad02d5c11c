// A read-only reader for git's index file (format versions 2-4), for `check`: loading the
// index through libgit2 costs ~10 ms of CPU on a 10,000-file repository (every entry
// allocated and hashed into a map, the whole file checksummed), while `check` only needs the
// few entries below the watched paths, a configuration file or two, and the revisions.
// IndexSnapshot maps the file once and keeps a sorted table of its entries, so that each
// lookup is a binary search. Anything it does not understand (split index, sparse
// directories, an unknown version, a truncated or unsorted file) makes it give up, and the
// caller falls back to libgit2.
#pragma once

#include <git2.h>
#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
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

// A directory whose tree the index's cache-tree extension ("TREE") records as valid: the
// entries below `path` ("" = the root) are exactly the tree `id`. git invalidates a
// directory (and its parents) whenever an entry below it changes, is added with
// intent-to-add or conflicts.
struct CachedTree {
    std::string path;
    git_oid id{};
};

class IndexSnapshot {
public:
    // The index in `file`; an empty snapshot when the file does not exist; nullptr when it
    // cannot be read this way.
    static std::shared_ptr<const IndexSnapshot> load(const std::filesystem::path& file);
    ~IndexSnapshot();
    IndexSnapshot(const IndexSnapshot&) = delete;
    IndexSnapshot& operator=(const IndexSnapshot&) = delete;

    // False when `file` is no longer the file this snapshot read (git replaces the index by
    // renaming a new file over it, so the inode, size or times change).
    bool current(const std::filesystem::path& file) const;

    // The entries at or below any of `prefixes` ('/'-separated, normalized, non-empty; no
    // prefixes = every entry) that `filter`, when given, accepts; sorted by path.
    ScannedIndex select(const std::vector<std::string>& prefixes,
                        const std::function<bool(std::string_view)>* filter = nullptr) const;

    // The valid directories of the cache-tree extension, parents before children; empty when
    // the index has none.
    const std::vector<CachedTree>& cached_trees() const { return m_trees; }

private:
    IndexSnapshot() = default;
    std::string_view path(size_t row) const;
    void add(size_t row, std::vector<ScannedEntry>& out) const;

    const unsigned char* m_data = nullptr;
    size_t m_size = 0;
    uint32_t m_version = 0;
    // Each entry's offset in the mapping, in the file's order (sorted by path). Four bytes a
    // row: on 10,000 entries the table is 10 pages, each a page fault in a fresh process.
    std::vector<uint32_t> m_rows;
    // Version 4 stores paths prefix-compressed: they are rebuilt here.
    struct Span {
        uint32_t offset;
        uint32_t length;
    };
    std::vector<Span> m_v4_paths;
    std::string m_paths;
    std::vector<CachedTree> m_trees;
    // The file's identity when it was mapped.
    dev_t m_dev = 0;
    ino_t m_ino = 0;
    off_t m_file_size = -1;  // -1: the file did not exist
    timespec m_mtime{};
    timespec m_ctime{};
};

// The entries of `file` selected as IndexSnapshot::select does; nullopt when the file cannot
// be read this way.
std::optional<ScannedIndex> scan_index(const std::filesystem::path& file,
                                       const std::vector<std::string>& prefixes,
                                       const std::function<bool(std::string_view)>* filter = nullptr);

// True when `path` is one of `prefixes` or lies below one of them.
bool under_prefixes(std::string_view path, const std::vector<std::string>& prefixes);

}  // namespace mig_guard::git::detail
