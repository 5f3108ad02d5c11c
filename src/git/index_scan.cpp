#include "index_scan.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <limits>

namespace mig_guard::git::detail {

namespace {

constexpr size_t k_header_size = 12;
constexpr size_t k_checksum_size = 20;
constexpr size_t k_fixed_entry_size = 62;  // stat data, mode, ids, sizes, oid, flags
constexpr uint16_t k_flag_extended = 0x4000;
constexpr uint16_t k_name_mask = 0x0fff;
constexpr uint16_t k_stage_mask = 0x3000;
constexpr uint16_t k_ext_intent_to_add = 0x2000;
constexpr uint32_t k_mode_type_mask = 0170000;
constexpr uint32_t k_mode_directory = 0040000;

uint32_t be32(const unsigned char* p) {
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}
uint16_t be16(const unsigned char* p) {
    return uint16_t((p[0] << 8) | p[1]);
}

bool same_time(const timespec& a, const timespec& b) {
    return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

// The cache-tree extension: directories in pre-order, each "<name>\0<entries> <subtrees>\n"
// followed by the tree id when <entries> is not -1 (invalidated). Appends the valid ones to
// `out`; false when the data is malformed.
class CacheTreeReader {
public:
    CacheTreeReader(const unsigned char* data, size_t size, std::vector<CachedTree>& out)
        : m_p(reinterpret_cast<const char*>(data)), m_end(m_p + size), m_out(out) {}

    bool read() { return node({}, 0) && m_p == m_end; }

private:
    bool number(long& value, char stop) {
        const auto [next, ec] = std::from_chars(m_p, m_end, value);
        if (ec != std::errc() || next == m_end || *next != stop) return false;
        m_p = next + 1;
        return true;
    }

    bool node(const std::string& parent, int depth) {
        if (depth > 4096) return false;
        const void* nul = std::memchr(m_p, '\0', static_cast<size_t>(m_end - m_p));
        if (nul == nullptr) return false;
        const std::string_view name(m_p, static_cast<size_t>(static_cast<const char*>(nul) - m_p));
        m_p = static_cast<const char*>(nul) + 1;
        if (depth == 0 && !name.empty()) return false;  // the root has no name
        std::string path = parent.empty() ? std::string(name) : parent + "/" + std::string(name);
        long entries = 0;
        long subtrees = 0;
        if (!number(entries, ' ') || !number(subtrees, '\n') || entries < -1 || subtrees < 0) return false;
        if (entries >= 0) {
            if (m_end - m_p < GIT_OID_RAWSZ) return false;
            CachedTree t;
            t.path = path;
            git_oid_fromraw(&t.id, reinterpret_cast<const unsigned char*>(m_p));
            m_out.push_back(std::move(t));
            m_p += GIT_OID_RAWSZ;
        }
        for (long i = 0; i < subtrees; ++i)
            if (!node(path, depth + 1)) return false;
        return true;
    }

    const char* m_p;
    const char* m_end;
    std::vector<CachedTree>& m_out;
};

}  // namespace

bool under_prefixes(std::string_view path, const std::vector<std::string>& prefixes) {
    for (const std::string& p : prefixes) {
        if (path.size() >= p.size() && path.compare(0, p.size(), p) == 0 &&
            (path.size() == p.size() || path[p.size()] == '/'))
            return true;
    }
    return false;
}

IndexSnapshot::~IndexSnapshot() {
    if (m_data != nullptr) ::munmap(const_cast<unsigned char*>(m_data), m_size);
}

std::shared_ptr<const IndexSnapshot> IndexSnapshot::load(const std::filesystem::path& file) {
    std::shared_ptr<IndexSnapshot> snap(new IndexSnapshot());
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return snap;  // no index yet: no entries
        return nullptr;
    }
    struct stat st {};
    const bool stat_ok = ::fstat(fd, &st) == 0;
    if (stat_ok && st.st_size > 0 &&
        static_cast<uint64_t>(st.st_size) < std::numeric_limits<uint32_t>::max()) {
        snap->m_size = static_cast<size_t>(st.st_size);
        void* p = ::mmap(nullptr, snap->m_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED) snap->m_data = static_cast<const unsigned char*>(p);
    }
    ::close(fd);
    if (snap->m_data == nullptr) return nullptr;
    snap->m_dev = st.st_dev;
    snap->m_ino = st.st_ino;
    snap->m_file_size = st.st_size;
    snap->m_mtime = st.st_mtim;
    snap->m_ctime = st.st_ctim;

    const unsigned char* d = snap->m_data;
    const size_t size = snap->m_size;
    if (size < k_header_size + k_checksum_size || std::memcmp(d, "DIRC", 4) != 0) return nullptr;
    const uint32_t version = be32(d + 4);
    if (version < 2 || version > 4) return nullptr;
    const uint32_t count = be32(d + 8);
    const size_t end = size - k_checksum_size;
    if (count > (end - k_header_size) / k_fixed_entry_size) return nullptr;
    snap->m_rows.reserve(count);

    size_t pos = k_header_size;
    std::string previous;  // version 4 compresses each path against the one before
    // Lookups binary-search the table: an index out of git's order is not read here.
    std::string_view previous_name;
    const char* text = reinterpret_cast<const char*>(d);
    if (version == 4) snap->m_v4_paths.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
        if (pos + k_fixed_entry_size > end) return nullptr;
        const unsigned char* e = d + pos;
        const uint32_t mode = be32(e + 24);
        const uint16_t flags = be16(e + 60);
        size_t off = pos + k_fixed_entry_size;
        if (flags & k_flag_extended) {  // two more bytes of flags (intent-to-add, skip-worktree)
            if (version < 3 || off + 2 > end) return nullptr;
            off += 2;
        }
        if (version == 4) {
            // Offset varint: bytes to drop from the end of the previous path.
            if (off >= end) return nullptr;
            unsigned char c = d[off++];
            size_t strip = c & 0x7f;
            while (c & 0x80) {
                if (off >= end || strip > (size_t(1) << 24)) return nullptr;
                c = d[off++];
                strip = ((strip + 1) << 7) | (c & 0x7f);
            }
            if (strip > previous.size()) return nullptr;
            const void* nul = std::memchr(d + off, '\0', end - off);
            if (nul == nullptr) return nullptr;
            const size_t len = static_cast<size_t>(static_cast<const unsigned char*>(nul) - (d + off));
            // Only the part after the kept prefix is new: it decides the order.
            const size_t keep = previous.size() - strip;
            if (i > 0 && std::string_view(text + off, len) < std::string_view(previous).substr(keep))
                return nullptr;
            previous.resize(keep);
            previous.append(text + off, len);
            if (snap->m_paths.size() + previous.size() >= std::numeric_limits<uint32_t>::max())
                return nullptr;
            snap->m_v4_paths.push_back(
                {static_cast<uint32_t>(snap->m_paths.size()), static_cast<uint32_t>(previous.size())});
            snap->m_paths += previous;
            pos = off + len + 1;
        } else {
            size_t len = flags & k_name_mask;
            if (len == k_name_mask) {
                const void* nul = std::memchr(d + off, '\0', end - off);
                if (nul == nullptr) return nullptr;
                len = static_cast<size_t>(static_cast<const unsigned char*>(nul) - (d + off));
            }
            if (off + len >= end) return nullptr;  // and the NUL after the name is inside
            const std::string_view name(text + off, len);
            if (name < previous_name) return nullptr;
            previous_name = name;
            // Entries are NUL-padded to a multiple of 8 bytes, at least one NUL.
            pos += ((off - pos) + len + 8) & ~size_t(7);
        }
        if ((mode & k_mode_type_mask) == k_mode_directory) return nullptr;  // sparse index
        snap->m_rows.push_back(static_cast<uint32_t>(e - d));
    }
    snap->m_version = version;
    // Extensions: a split index keeps most entries in a shared file this reader does not read.
    while (pos + 8 <= end) {
        const size_t ext_size = be32(d + pos + 4);
        if (ext_size > end - pos - 8) return nullptr;
        if (std::memcmp(d + pos, "link", 4) == 0) return nullptr;
        if (std::memcmp(d + pos, "TREE", 4) == 0) {
            if (!CacheTreeReader(d + pos + 8, ext_size, snap->m_trees).read()) snap->m_trees.clear();
        }
        pos += 8 + ext_size;
    }
    return snap;
}

bool IndexSnapshot::current(const std::filesystem::path& file) const {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) return errno == ENOENT && m_file_size < 0;
    return m_file_size >= 0 && st.st_dev == m_dev && st.st_ino == m_ino && st.st_size == m_file_size &&
           same_time(st.st_mtim, m_mtime) && same_time(st.st_ctim, m_ctime);
}

std::string_view IndexSnapshot::path(size_t row) const {
    if (m_version == 4) return {m_paths.data() + m_v4_paths[row].offset, m_v4_paths[row].length};
    const unsigned char* e = m_data + m_rows[row];
    const uint16_t flags = be16(e + 60);
    const char* name =
        reinterpret_cast<const char*>(e + k_fixed_entry_size + ((flags & k_flag_extended) ? 2 : 0));
    const size_t len = flags & k_name_mask;
    return {name, len == k_name_mask ? std::strlen(name) : len};  // load() checked the NUL
}

void IndexSnapshot::add(size_t row, std::vector<ScannedEntry>& out) const {
    const unsigned char* e = m_data + m_rows[row];
    const uint16_t flags = be16(e + 60);
    const uint16_t ext = (flags & k_flag_extended) ? be16(e + k_fixed_entry_size) : 0;
    ScannedEntry& s = out.emplace_back();
    s.path = std::string(path(row));
    s.mode = be32(e + 24);
    git_oid_fromraw(&s.id, e + 40);
    s.stage = static_cast<uint8_t>((flags & k_stage_mask) >> 12);
    s.intent_to_add = (ext & k_ext_intent_to_add) != 0;
    s.plain = s.stage == 0 && !s.intent_to_add;
    s.ctime_s = be32(e);
    s.ctime_ns = be32(e + 4);
    s.mtime_s = be32(e + 8);
    s.mtime_ns = be32(e + 12);
    s.ino = be32(e + 20);
    s.size = be32(e + 36);
}

ScannedIndex IndexSnapshot::select(const std::vector<std::string>& prefixes,
                                   const std::function<bool(std::string_view)>* filter) const {
    ScannedIndex result;
    result.mtime_s = m_mtime.tv_sec;
    result.mtime_ns = m_mtime.tv_nsec;
    auto keep = [&](size_t row) { return filter == nullptr || (*filter)(path(row)); };
    const size_t n = m_rows.size();
    if (prefixes.empty()) {
        for (size_t i = 0; i < n; ++i)
            if (keep(i)) add(i, result.entries);
        return result;
    }
    // Everything that starts with a prefix is one run of the sorted table; inside it, "p.x"
    // and "p-x" sort between "p" and "p/..." and are not below "p".
    std::vector<size_t> picked;
    for (const std::string& p : prefixes) {
        size_t lo = 0;
        size_t hi = n;
        while (lo < hi) {
            const size_t mid = lo + (hi - lo) / 2;
            if (path(mid) < p)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t i = lo; i < n; ++i) {
            const std::string_view name = path(i);
            if (!name.starts_with(p)) break;
            if ((name.size() == p.size() || name[p.size()] == '/') && keep(i)) picked.push_back(i);
        }
    }
    if (prefixes.size() > 1) {
        std::sort(picked.begin(), picked.end());
        picked.erase(std::unique(picked.begin(), picked.end()), picked.end());
    }
    result.entries.reserve(picked.size());
    for (size_t i : picked) add(i, result.entries);
    return result;
}

std::optional<ScannedIndex> scan_index(const std::filesystem::path& file,
                                       const std::vector<std::string>& prefixes,
                                       const std::function<bool(std::string_view)>* filter) {
    auto snap = IndexSnapshot::load(file);
    if (!snap) return std::nullopt;
    return snap->select(prefixes, filter);
}

}  // namespace mig_guard::git::detail
