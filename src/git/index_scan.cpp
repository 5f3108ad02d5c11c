#include "index_scan.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

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

class Mapping {
public:
    explicit Mapping(const std::filesystem::path& file) {
        m_fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
        if (m_fd < 0) {
            m_missing = errno == ENOENT;
            return;
        }
        struct stat st {};
        if (::fstat(m_fd, &st) != 0 || st.st_size <= 0) return;
        m_mtime = st.st_mtim;
        m_size = static_cast<size_t>(st.st_size);
        void* p = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, m_fd, 0);
        if (p != MAP_FAILED) m_data = static_cast<const unsigned char*>(p);
    }
    ~Mapping() {
        if (m_data != nullptr) ::munmap(const_cast<unsigned char*>(m_data), m_size);
        if (m_fd >= 0) ::close(m_fd);
    }
    Mapping(const Mapping&) = delete;
    Mapping& operator=(const Mapping&) = delete;

    bool missing() const { return m_missing; }
    const unsigned char* data() const { return m_data; }
    size_t size() const { return m_size; }
    const timespec& mtime() const { return m_mtime; }

private:
    timespec m_mtime{};
    int m_fd = -1;
    bool m_missing = false;
    const unsigned char* m_data = nullptr;
    size_t m_size = 0;
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

std::optional<ScannedIndex> scan_index(const std::filesystem::path& file,
                                       const std::vector<std::string>& prefixes,
                                       const std::function<bool(std::string_view)>* filter) {
    ScannedIndex result;
    std::vector<ScannedEntry>& out = result.entries;
    Mapping map(file);
    if (map.missing()) return result;
    result.mtime_s = map.mtime().tv_sec;
    result.mtime_ns = map.mtime().tv_nsec;
    const unsigned char* d = map.data();
    const size_t size = map.size();
    if (d == nullptr || size < k_header_size + k_checksum_size || std::memcmp(d, "DIRC", 4) != 0)
        return std::nullopt;
    const uint32_t version = be32(d + 4);
    if (version < 2 || version > 4) return std::nullopt;
    const uint32_t count = be32(d + 8);
    const size_t end = size - k_checksum_size;

    size_t pos = k_header_size;
    std::string previous;  // version 4 compresses each path against the one before
    for (uint32_t i = 0; i < count; ++i) {
        if (pos + k_fixed_entry_size > end) return std::nullopt;
        const unsigned char* e = d + pos;
        const uint32_t mode = be32(e + 24);
        const uint16_t flags = be16(e + 60);
        size_t off = pos + k_fixed_entry_size;
        uint16_t ext = 0;
        if (flags & k_flag_extended) {
            if (version < 3 || off + 2 > end) return std::nullopt;
            ext = be16(d + off);
            off += 2;
        }
        std::string_view path;
        if (version == 4) {
            // Offset varint: bytes to drop from the end of the previous path.
            if (off >= end) return std::nullopt;
            unsigned char c = d[off++];
            size_t strip = c & 0x7f;
            while (c & 0x80) {
                if (off >= end) return std::nullopt;
                c = d[off++];
                strip = ((strip + 1) << 7) | (c & 0x7f);
            }
            if (strip > previous.size()) return std::nullopt;
            const void* nul = std::memchr(d + off, '\0', end - off);
            if (nul == nullptr) return std::nullopt;
            const size_t len = static_cast<const unsigned char*>(nul) - (d + off);
            previous.resize(previous.size() - strip);
            previous.append(reinterpret_cast<const char*>(d + off), len);
            path = previous;
            pos = off + len + 1;
        } else {
            size_t len = flags & k_name_mask;
            if (len == k_name_mask) {
                const void* nul = std::memchr(d + off, '\0', end - off);
                if (nul == nullptr) return std::nullopt;
                len = static_cast<const unsigned char*>(nul) - (d + off);
            }
            if (off + len > end) return std::nullopt;
            path = std::string_view(reinterpret_cast<const char*>(d + off), len);
            // Entries are NUL-padded to a multiple of 8 bytes, at least one NUL.
            pos += ((off - pos) + len + 8) & ~size_t(7);
        }
        if ((mode & k_mode_type_mask) == k_mode_directory) return std::nullopt;  // sparse index
        if (!prefixes.empty() && !under_prefixes(path, prefixes)) continue;
        if (filter && !(*filter)(path)) continue;
        ScannedEntry s;
        s.path = std::string(path);
        s.mode = mode;
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
        out.push_back(std::move(s));
    }
    // A split index keeps most entries in a shared file this scanner does not read.
    while (pos + 8 <= end) {
        if (std::memcmp(d + pos, "link", 4) == 0) return std::nullopt;
        pos += 8 + be32(d + pos + 4);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const ScannedEntry& a, const ScannedEntry& b) { return a.path < b.path; });
    return result;
}

}  // namespace mig_guard::git::detail
