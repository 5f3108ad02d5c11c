// The ledger's file I/O. Writes go through a temporary file in the target's directory so that
// the final step is one rename(2) (or link(2), when an existing file must not be replaced):
// readers and a crash see the old file or the new one, never a torn one.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

#include "mig_guard/common/diagnostic.hpp"
#include "mig_guard/ledger/ledger.hpp"

namespace mig_guard::ledger {

namespace {

namespace fs = std::filesystem;

std::string errno_text(int error) { return std::strerror(error); }

[[noreturn]] void fail(const fs::path& path, const std::string& what, int error) {
    throw EnvironmentError("cannot write " + path.string() + ": " + what + ": " + errno_text(error),
                           "check that " + (path.has_parent_path() ? path.parent_path().string() : std::string(".")) +
                               " is a writable directory");
}

// A new file gets the mode open(2) would give it; mkstemp's 0600 would make a committed
// ledger unreadable to the rest of the team after a `git add`.
mode_t creation_mode() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("Umask:", 0) == 0) return 0666 & ~static_cast<mode_t>(std::stoul(line.substr(6), nullptr, 8));
    return 0644;
}

// Owns the temporary file until it has taken the target's name.
class TempFile {
public:
    explicit TempFile(const fs::path& target) : m_target(target) {
        fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
        m_name = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
        m_fd = ::mkstemp(m_name.data());
        if (m_fd < 0) {
            int error = errno;
            m_name.clear();
            fail(target, "cannot create a temporary file in " + dir.string(), error);
        }
    }
    ~TempFile() {
        if (m_fd >= 0) ::close(m_fd);
        if (!m_name.empty()) ::unlink(m_name.c_str());
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    void write_all(std::string_view content) {
        if (::fchmod(m_fd, creation_mode()) != 0) fail(m_target, "cannot set the mode of " + m_name, errno);
        const char* p = content.data();
        size_t left = content.size();
        while (left > 0) {
            ssize_t n = ::write(m_fd, p, left);
            if (n < 0) {
                if (errno == EINTR) continue;
                fail(m_target, "cannot write " + m_name, errno);
            }
            p += n;
            left -= static_cast<size_t>(n);
        }
        if (::fsync(m_fd) != 0) fail(m_target, "cannot flush " + m_name, errno);
        int fd = m_fd;
        m_fd = -1;
        if (::close(fd) != 0) fail(m_target, "cannot close " + m_name, errno);
    }

    const std::string& name() const { return m_name; }
    // The file now lives under its final name (or was removed): nothing to clean up.
    void release() { m_name.clear(); }

private:
    fs::path m_target;
    std::string m_name;
    int m_fd = -1;
};

void sync_directory(const fs::path& target) {
    fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;  // the file is in place; only durability across a crash is at stake
    int rc = ::fsync(fd);
    int error = errno;
    ::close(fd);
    // Some file systems cannot sync a directory (EINVAL); the rename itself has happened.
    if (rc != 0 && error != EINVAL && error != EROFS) fail(target, "cannot flush the directory " + dir.string(), error);
}

}  // namespace

void write_file_atomically(const fs::path& path, std::string_view content, Overwrite overwrite) {
    TempFile temp(path);
    temp.write_all(content);
    if (overwrite == Overwrite::yes) {
        if (::rename(temp.name().c_str(), path.c_str()) != 0) fail(path, "cannot rename " + temp.name() + " to it", errno);
        temp.release();
    } else {
        // link(2) fails with EEXIST instead of replacing: the existence check and the creation are one step.
        if (::link(temp.name().c_str(), path.c_str()) != 0) {
            int error = errno;
            if (error == EEXIST)
                throw EnvironmentError("cannot write " + path.string() + ": it already exists",
                                       "choose another name, or remove " + path.string() + " first");
            fail(path, "cannot link " + temp.name() + " to it", error);
        }
        // The target holds the inode now; drop the temporary name before the directory sync
        // so that the sync covers both changes.
        ::unlink(temp.name().c_str());
        temp.release();
    }
    sync_directory(path);
}

void write_ledger(const fs::path& path, const Ledger& ledger) {
    write_file_atomically(path, render_ledger(ledger), Overwrite::yes);
}

Ledger read_ledger(const fs::path& path, const std::string& display_path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return Ledger{};
        throw EnvironmentError("cannot read " + display_path + ": " + errno_text(errno),
                               "check the permissions of " + path.string());
    }
    std::string text;
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int error = errno;
            ::close(fd);
            throw EnvironmentError("cannot read " + display_path + ": " + errno_text(error),
                                   "check that " + path.string() + " is a readable file");
        }
        if (n == 0) break;
        text.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    return parse_ledger(text, display_path);
}

}  // namespace mig_guard::ledger
