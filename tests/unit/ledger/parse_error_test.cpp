// Each way a ledger can be corrupt or hand-edited is an error with its exact location, a
// message naming the problem, and a help saying how to recover.
#include <gtest/gtest.h>

#include "mig_guard/common/diagnostic.hpp"
#include "test_util.hpp"

namespace mig_guard::ledger {
namespace {

const std::string k_path = "migrations/mig-guard.lock";
const std::string k_sha = "a3f1e9c2b7d4e8f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718";

// An entry's lines, 6 of them, with `replace` substituted for the line starting with its key.
std::string entry(const std::string& id, const std::string& replace_key = "", const std::string& replacement = "") {
    std::vector<std::pair<std::string, std::string>> lines = {
        {"id", "id = \"" + id + "\""},
        {"file", "file = \"versions/" + id + ".py\""},
        {"sha256", "sha256 = \"" + k_sha + "\""},
        {"reviewed_by", "reviewed_by = \"Ada <ada@example.com>\""},
        {"reviewed_at", "reviewed_at = 2026-11-22T10:15:00Z"},
        {"acknowledged", "acknowledged = [\"MG402\"]"},
    };
    std::string out = "[[revision]]\n";
    for (const auto& [key, line] : lines) {
        if (key == replace_key) {
            if (!replacement.empty()) out += replacement + "\n";
        } else {
            out += line + "\n";
        }
    }
    return out;
}

const std::string k_head = "# Written by `mig-guard review`. Do not edit by hand.\n\nversion = 1\n\n";  // 4 lines

void expect_error(const std::string& text, const std::string& line_col, const std::string& fragment) {
    try {
        parse_ledger(text, k_path);
        ADD_FAILURE() << "parsed without error:\n" << text;
    } catch (const UsageError& e) {
        std::string message = e.what();
        EXPECT_EQ(message.rfind(k_path + ":" + line_col + ": ", 0), 0u) << message;
        EXPECT_NE(message.find(fragment), std::string::npos) << message;
        EXPECT_EQ(e.code(), ExitCode::usage);
        EXPECT_NE(e.help().find("git checkout HEAD -- " + k_path), std::string::npos) << e.help();
        EXPECT_NE(e.help().find("mig-guard review"), std::string::npos) << e.help();
    }
}

TEST(ParseError, ValidBaseParses) {
    // The texts below differ from this one in one place each.
    Ledger l = parse_ledger(k_head + entry("aaa") + "\n" + entry("bbb"), k_path);
    EXPECT_EQ(l.entries.size(), 2u);
}

TEST(ParseError, TomlSyntax) {
    expect_error(k_head + entry("aaa", "file", "file = \"unterminated"), "7:21", "not valid TOML");
    expect_error("version = 1\n[[revision]\n", "2:12", "not valid TOML");
    expect_error("version = 1\nversion = 1\n", "2:11", "not valid TOML");
}

TEST(ParseError, MissingVersion) {
    expect_error("# empty\n", "1:1", "has no 'version' key");
    expect_error(entry("aaa"), "1:1", "has no 'version' key");
}

TEST(ParseError, UnsupportedVersion) {
    try {
        parse_ledger("# c\n\nversion = 2\n", k_path);
        ADD_FAILURE();
    } catch (const UsageError& e) {
        EXPECT_STREQ(e.what(), "migrations/mig-guard.lock:3:11: unsupported ledger version 2: this mig-guard reads version 1");
        EXPECT_NE(e.help().find("upgrade mig-guard"), std::string::npos) << e.help();
        EXPECT_NE(e.help().find("git checkout HEAD -- migrations/mig-guard.lock"), std::string::npos) << e.help();
    }
    expect_error("version = 0\n", "1:11", "unsupported ledger version 0: this mig-guard reads version 1");
    expect_error("version = \"1\"\n", "1:11", "'version' must be an integer");
    expect_error("version = 1.0\n", "1:11", "'version' must be an integer");
}

TEST(ParseError, UnknownTopLevelKey) {
    expect_error("version = 1\nextra = true\n", "2:1", "unknown key 'extra' at the top level");
    expect_error("version = 1\n[settings]\nx = 1\n", "2:2", "unknown key 'settings' at the top level");
}

TEST(ParseError, UnknownKeyInRevisionReportsTheFirstInTheFile) {
    // toml++ iterates keys alphabetically ('aaa' first); the file has 'zzz' first.
    std::string text = k_head + entry("aaa") + "zzz = 1\naaa = 2\n";
    expect_error(text, "12:1", "unknown key 'zzz' in [[revision]]");
}

TEST(ParseError, MissingRequiredKey) {
    // The location is the [[revision]] header (line 5).
    for (const char* key : {"file", "sha256", "reviewed_by", "reviewed_at"})
        expect_error(k_head + entry("aaa", key), "5:1", std::string("[[revision]] 'aaa' has no '") + key + "' key");
    expect_error(k_head + entry("aaa", "id"), "5:1", "[[revision]] has no 'id' key");
    // The second entry's header is on line 13.
    expect_error(k_head + entry("aaa") + "\n" + entry("bbb", "sha256"), "13:1", "'bbb' has no 'sha256'");
}

TEST(ParseError, WrongTypes) {
    expect_error(k_head + entry("aaa", "id", "id = 12"), "6:6", "'id' must be a string");
    expect_error(k_head + entry("aaa", "file", "file = [\"a\"]"), "7:8", "'file' must be a string");
    expect_error(k_head + entry("aaa", "reviewed_by", "reviewed_by = true"), "9:15", "'reviewed_by' must be a string");
    expect_error(k_head + entry("aaa", "reviewed_at", "reviewed_at = \"2026-11-22T10:15:00Z\""), "10:15",
                 "'reviewed_at' must be a date-time");
    expect_error(k_head + entry("aaa", "acknowledged", "acknowledged = \"MG402\""), "11:16",
                 "'acknowledged' must be a list");
    expect_error(k_head + entry("aaa", "acknowledged", "acknowledged = [402]"), "11:17", "'acknowledged' must be a string");
    expect_error("version = 1\nrevision = 3\n", "2:12", "'revision' must be a list of [[revision]] tables");
    expect_error("version = 1\n[revision]\nid = \"a\"\n", "2:1", "'revision' must be a list of [[revision]] tables");
    expect_error("version = 1\nrevision = [1, 2]\n", "2:12", "'revision' must be a list");
}

TEST(ParseError, MalformedChecksum) {
    std::string upper = k_sha;
    upper[0] = 'A';
    expect_error(k_head + entry("aaa", "sha256", "sha256 = \"" + upper + "\""), "8:10", "not 64 lowercase hexadecimal digits");
    expect_error(k_head + entry("aaa", "sha256", "sha256 = \"" + k_sha.substr(1) + "\""), "8:10", "'sha256' of revision 'aaa'");
    expect_error(k_head + entry("aaa", "sha256", "sha256 = \"zz" + k_sha.substr(2) + "\""), "8:10", "lowercase hexadecimal");
}

TEST(ParseError, MalformedId) {
    expect_error(k_head + entry("3f2a-9c1b"), "6:6", "'3f2a-9c1b' is not a revision id");
    expect_error(k_head + entry(""), "6:6", "'' is not a revision id");
    expect_error(k_head + entry("a b"), "6:6", "'a b' is not a revision id");
    // Custom Alembic ids are fine.
    EXPECT_EQ(parse_ledger(k_head + entry("0001_Initial_schema"), k_path).entries.at(0).id, "0001_Initial_schema");
}

TEST(ParseError, MalformedTimestamp) {
    expect_error(k_head + entry("aaa", "reviewed_at", "reviewed_at = 2026-11-22T10:15:00"), "10:15", "with a time zone");
    expect_error(k_head + entry("aaa", "reviewed_at", "reviewed_at = 2026-11-22"), "10:15", "with a time zone");
    expect_error(k_head + entry("aaa", "reviewed_at", "reviewed_at = 10:15:00"), "10:15", "with a time zone");
    expect_error(k_head + entry("aaa", "reviewed_at", "reviewed_at = 2026-11-22T10:15:00.5Z"), "10:15", "whole seconds");
    expect_error(k_head + entry("aaa", "reviewed_at", "reviewed_at = 0000-01-01T00:30:00+01:00"), "10:15", "out of range");
}

TEST(ParseError, MalformedAcknowledged) {
    expect_error(k_head + entry("aaa", "acknowledged", "acknowledged = [\"MG40\"]"), "11:17", "'MG40' in 'acknowledged' is not a rule code");
    expect_error(k_head + entry("aaa", "acknowledged", "acknowledged = [\"mg402\"]"), "11:17", "not a rule code");
    expect_error(k_head + entry("aaa", "acknowledged", "acknowledged = [\"MG402\", \"MG1010\"]"), "11:26", "'MG1010'");
    expect_error(k_head + entry("aaa", "acknowledged", "acknowledged = [\"MG402\", \"MG101\"]"), "11:26", "not sorted and unique");
    expect_error(k_head + entry("aaa", "acknowledged", "acknowledged = [\"MG402\", \"MG402\"]"), "11:26", "not sorted and unique");
}

TEST(ParseError, DuplicateId) {
    expect_error(k_head + entry("aaa") + "\n" + entry("aaa"), "14:6", "duplicate revision id 'aaa'");
}

TEST(ParseError, DuplicateIdOutOfOrder) {
    // A union merge may leave entries unsorted (accepted); a duplicate anywhere is an error.
    expect_error(k_head + entry("bbb") + "\n" + entry("aaa") + "\n" + entry("bbb"), "22:6",
                 "duplicate revision id 'bbb'");
}

TEST(ParseError, UnsortedEntriesFromAUnionMergeAreSortedNotRejected) {
    Ledger l = parse_ledger(k_head + entry("ccc") + "\n" + entry("aaa") + "\n" + entry("bbb"), k_path);
    ASSERT_EQ(l.entries.size(), 3u);
    EXPECT_EQ(l.entries[0].id, "aaa");
    EXPECT_EQ(l.entries[1].id, "bbb");
    EXPECT_EQ(l.entries[2].id, "ccc");
}

TEST(ParseError, LocationsInCrlfFiles) {
    std::string text = k_head + entry("bbb") + "\n" + entry("bbb");
    std::string crlf;
    for (char c : text) {
        if (c == '\n') crlf += '\r';
        crlf += c;
    }
    expect_error(crlf, "14:6", "duplicate revision id 'bbb'");
}

TEST(ParseError, InvalidUtf8IsASyntaxError) {
    expect_error(k_head + entry("aaa", "reviewed_by", "reviewed_by = \"\xff\""), "9:15", "not valid TOML");
}

}  // namespace
}  // namespace mig_guard::ledger
