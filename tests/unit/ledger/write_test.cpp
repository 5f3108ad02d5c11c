// write_file_atomically / write_ledger / read_ledger against the real file system.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mig_guard/common/diagnostic.hpp"
#include "test_util.hpp"

namespace mig_guard::ledger {
namespace {

namespace fs = std::filesystem;
using test::names_in;
using test::read_text;
using test::TempDir;
using test::write_text;

TEST(WriteAtomically, CreatesThenOverwrites) {
    TempDir dir;
    fs::path target = dir.path() / "mig-guard.lock";
    write_file_atomically(target, "first\n", Overwrite::yes);
    EXPECT_EQ(read_text(target), "first\n");
    write_file_atomically(target, "second, longer\n", Overwrite::yes);
    EXPECT_EQ(read_text(target), "second, longer\n");
    write_file_atomically(target, "", Overwrite::yes);
    EXPECT_EQ(read_text(target), "");
    EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"mig-guard.lock"});
}

TEST(WriteAtomically, ReplacesTheFileInsteadOfRewritingIt) {
    // A reader that opened the old file keeps reading the old bytes: the new content arrives
    // as a new inode under the same name, never as a partial rewrite.
    TempDir dir;
    fs::path target = dir.path() / "f";
    write_text(target, "old content\n");
    int fd = ::open(target.c_str(), O_RDONLY);
    ASSERT_GE(fd, 0);
    write_file_atomically(target, "new content\n", Overwrite::yes);
    char buf[64] = {};
    ssize_t n = ::read(fd, buf, sizeof buf);
    ::close(fd);
    EXPECT_EQ(std::string(buf, static_cast<size_t>(std::max<ssize_t>(n, 0))), "old content\n");
    EXPECT_EQ(read_text(target), "new content\n");
}

TEST(WriteAtomically, NewFilesGetTheUmaskModeNotMkstemps) {
    TempDir dir;
    mode_t old = ::umask(022);
    write_file_atomically(dir.path() / "f", "x", Overwrite::yes);
    ::umask(027);
    write_file_atomically(dir.path() / "g", "x", Overwrite::no);
    ::umask(old);
    struct stat st {};
    ASSERT_EQ(::stat((dir.path() / "f").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0644u);
    ASSERT_EQ(::stat((dir.path() / "g").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0640u);
}

TEST(WriteAtomically, NoOverwriteCreatesANewFile) {
    TempDir dir;
    write_file_atomically(dir.path() / "hook", "#!/bin/sh\n", Overwrite::no);
    EXPECT_EQ(read_text(dir.path() / "hook"), "#!/bin/sh\n");
    EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"hook"});
}

TEST(WriteAtomically, NoOverwriteRefusesAnExistingFile) {
    TempDir dir;
    fs::path target = dir.path() / "mig-guard.toml";
    write_text(target, "mine\n");
    try {
        write_file_atomically(target, "theirs\n", Overwrite::no);
        ADD_FAILURE() << "overwrote an existing file";
    } catch (const EnvironmentError& e) {
        EXPECT_NE(std::string(e.what()).find(target.string()), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("already exists"), std::string::npos) << e.what();
        EXPECT_NE(e.help().find("choose another name"), std::string::npos) << e.help();
        EXPECT_EQ(e.code(), ExitCode::environment);
    }
    EXPECT_EQ(read_text(target), "mine\n");
    EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"mig-guard.toml"});

    // A dangling symlink exists too: it is not followed and not replaced.
    fs::path link = dir.path() / "link";
    fs::create_symlink(dir.path() / "nowhere", link);
    EXPECT_THROW(write_file_atomically(link, "x", Overwrite::no), EnvironmentError);
    EXPECT_FALSE(fs::exists(dir.path() / "nowhere"));
    EXPECT_EQ(names_in(dir.path()), (std::vector<std::string>{"link", "mig-guard.toml"}));
}

TEST(WriteAtomically, ParentIsARegularFile) {
    TempDir dir;
    write_text(dir.path() / "file", "keep\n");
    fs::path target = dir.path() / "file" / "mig-guard.lock";
    for (Overwrite mode : {Overwrite::yes, Overwrite::no}) {
        try {
            write_file_atomically(target, "x", mode);
            ADD_FAILURE() << "wrote below a regular file";
        } catch (const EnvironmentError& e) {
            EXPECT_NE(std::string(e.what()).find(target.string()), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find("Not a directory"), std::string::npos) << e.what();
        }
    }
    EXPECT_EQ(read_text(dir.path() / "file"), "keep\n");
    EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"file"});
}

TEST(WriteAtomically, MissingDirectory) {
    TempDir dir;
    EXPECT_THROW(write_file_atomically(dir.path() / "no" / "f", "x", Overwrite::yes), EnvironmentError);
    EXPECT_TRUE(names_in(dir.path()).empty());
}

TEST(WriteAtomically, ReadOnlyDirectory) {
    TempDir dir;
    fs::path sub = dir.path() / "ro";
    fs::create_directory(sub);
    write_text(sub / "mig-guard.lock", "old\n");
    ASSERT_EQ(::chmod(sub.c_str(), 0555), 0);
    if (::geteuid() != 0) {
        EXPECT_THROW(write_file_atomically(sub / "mig-guard.lock", "new\n", Overwrite::yes), EnvironmentError);
        EXPECT_EQ(read_text(sub / "mig-guard.lock"), "old\n");
    } else {
        // root writes regardless of the mode bits: the write must then simply succeed cleanly.
        write_file_atomically(sub / "mig-guard.lock", "new\n", Overwrite::yes);
        EXPECT_EQ(read_text(sub / "mig-guard.lock"), "new\n");
    }
    EXPECT_EQ(names_in(sub), std::vector<std::string>{"mig-guard.lock"});
}

TEST(WriteAtomically, FailedRenameLeavesTargetAndNoTemporary) {
    // The target is a non-empty directory: rename(2) fails after the temporary file is written.
    TempDir dir;
    fs::path target = dir.path() / "mig-guard.lock";
    fs::create_directory(target);
    write_text(target / "inside", "keep\n");
    try {
        write_file_atomically(target, "x", Overwrite::yes);
        ADD_FAILURE();
    } catch (const EnvironmentError& e) {
        EXPECT_NE(std::string(e.what()).find(target.string()), std::string::npos) << e.what();
    }
    EXPECT_EQ(read_text(target / "inside"), "keep\n");
    EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"mig-guard.lock"});
}

TEST(WriteAtomically, RelativePathInTheCurrentDirectory) {
    TempDir dir;
    fs::path old = fs::current_path();
    fs::current_path(dir.path());
    write_file_atomically("plain", "x\n", Overwrite::yes);
    fs::current_path(old);
    EXPECT_EQ(read_text(dir.path() / "plain"), "x\n");
    EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"plain"});
}

TEST(WriteLedger, WritesTheRenderingAndReadsItBack) {
    TempDir dir;
    fs::path path = dir.path() / "mig-guard.lock";
    Ledger l;
    l.upsert(test::make_entry("b1", {"MG402"}));
    l.upsert(test::make_entry("a1"));
    write_ledger(path, l);
    EXPECT_EQ(read_text(path), render_ledger(l));
    EXPECT_EQ(read_ledger(path, "migrations/mig-guard.lock"), l);
    EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"mig-guard.lock"});
}

TEST(WriteLedger, InvalidLedgerLeavesTheOldFile) {
    TempDir dir;
    fs::path path = dir.path() / "mig-guard.lock";
    write_text(path, "old\n");
    Ledger l;
    Entry bad = test::make_entry("a1");
    bad.sha256 = "nope";
    l.entries.push_back(bad);
    EXPECT_THROW(write_ledger(path, l), UsageError);
    EXPECT_EQ(read_text(path), "old\n");
    EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"mig-guard.lock"});
}

TEST(ReadLedger, AbsentFileIsAnEmptyLedger) {
    TempDir dir;
    Ledger l = read_ledger(dir.path() / "mig-guard.lock", "migrations/mig-guard.lock");
    EXPECT_EQ(l.version, 1);
    EXPECT_TRUE(l.entries.empty());
}

TEST(ReadLedger, UnreadableIsAnEnvironmentError) {
    TempDir dir;
    fs::create_directory(dir.path() / "mig-guard.lock");
    try {
        read_ledger(dir.path() / "mig-guard.lock", "migrations/mig-guard.lock");
        ADD_FAILURE();
    } catch (const EnvironmentError& e) {
        EXPECT_NE(std::string(e.what()).find("migrations/mig-guard.lock"), std::string::npos) << e.what();
    }
    write_text(dir.path() / "file", "");
    EXPECT_THROW(read_ledger(dir.path() / "file" / "mig-guard.lock", "x"), EnvironmentError);
}

TEST(ReadLedger, CorruptFileIsAUsageErrorWithTheDisplayPath) {
    TempDir dir;
    write_text(dir.path() / "l", "version = 1\r\nbogus = 1\r\n");
    try {
        read_ledger(dir.path() / "l", "migrations/mig-guard.lock");
        ADD_FAILURE();
    } catch (const UsageError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("migrations/mig-guard.lock:2:1: unknown key 'bogus'", 0), 0u) << e.what();
    }
}

}  // namespace
}  // namespace mig_guard::ledger
