// Ledger::find/upsert/remove, checksum, review_state, now_rfc3339.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

#include "mig_guard/common/diagnostic.hpp"
#include "test_util.hpp"

namespace mig_guard::ledger {
namespace {

using test::make_entry;

std::vector<std::string> ids(const Ledger& l) {
    std::vector<std::string> out;
    for (const auto& e : l.entries) out.push_back(e.id);
    return out;
}

TEST(Model, UpsertKeepsEntriesSortedAndReplacesById) {
    Ledger l;
    l.upsert(make_entry("c3"));
    l.upsert(make_entry("a1"));
    l.upsert(make_entry("b2"));
    l.upsert(make_entry("B2"));  // byte order: uppercase sorts first
    EXPECT_EQ(ids(l), (std::vector<std::string>{"B2", "a1", "b2", "c3"}));

    Entry replacement = make_entry("b2", {"MG402"});
    replacement.reviewed_by = "Grace Hopper <grace@example.com>";
    l.upsert(replacement);
    EXPECT_EQ(l.entries.size(), 4u);
    ASSERT_NE(l.find("b2"), nullptr);
    EXPECT_EQ(l.find("b2")->reviewed_by, "Grace Hopper <grace@example.com>");
    EXPECT_EQ(l.find("b2")->acknowledged, std::vector<std::string>{"MG402"});
}

TEST(Model, UpsertSortsAndDeduplicatesAcknowledgedCodes) {
    Ledger l;
    l.upsert(make_entry("a1", {"MG402", "MG101", "MG402"}));
    EXPECT_EQ(l.find("a1")->acknowledged, (std::vector<std::string>{"MG101", "MG402"}));
}

TEST(Model, FindAndRemove) {
    Ledger l;
    for (const char* id : {"a", "b", "c"}) l.upsert(make_entry(id));
    EXPECT_EQ(l.find("d"), nullptr);
    EXPECT_EQ(l.find(""), nullptr);
    EXPECT_EQ(l.find("b")->id, "b");
    EXPECT_TRUE(l.remove("b"));
    EXPECT_FALSE(l.remove("b"));
    EXPECT_EQ(l.find("b"), nullptr);
    EXPECT_EQ(ids(l), (std::vector<std::string>{"a", "c"}));
}

TEST(Checksum, KnownVectors) {
    // Expected values from `printf ... | sha256sum`.
    EXPECT_EQ(checksum(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(checksum("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(checksum("a\nb\n"), "911169ddaaf146aff539f58c26c489af3b892dff0fe283c1c264c65ae5aa59a2");
}

TEST(Checksum, NormalizesCrlfPairsOnly) {
    // CRLF hashes as LF ...
    EXPECT_EQ(checksum("a\r\nb\r\n"), "911169ddaaf146aff539f58c26c489af3b892dff0fe283c1c264c65ae5aa59a2");
    // ... a lone CR stays (printf 'a\rb' | sha256sum) ...
    EXPECT_EQ(checksum("a\rb"), "af9081672dd5ef3247a30c2db5b0dafcc9bcf981a26aefb3c55d210d43fcc14e");
    // ... and "\r\r\n" is one lone CR then one CRLF: "\r\n" (printf '\r\n' | sha256sum).
    EXPECT_EQ(checksum("\r\r\n"), "7eb70257593da06f682a3ddda54a9d260d4fc514f645237f5ca74b08f8da61a6");
    EXPECT_NE(checksum("a\rb"), checksum("ab"));
}

TEST(ReviewStateTest, ReviewedUnreviewedChanged) {
    Ledger l;
    Entry e = make_entry("3f2a9c1b7d4e");
    e.sha256 = checksum("def upgrade():\n    pass\n");
    l.upsert(e);
    EXPECT_EQ(review_state(l, "3f2a9c1b7d4e", "def upgrade():\n    pass\n"), ReviewState::reviewed);
    // The same file checked out with CRLF line endings is still the reviewed file.
    EXPECT_EQ(review_state(l, "3f2a9c1b7d4e", "def upgrade():\r\n    pass\r\n"), ReviewState::reviewed);
    EXPECT_EQ(review_state(l, "3f2a9c1b7d4e", "def upgrade():\n    op.drop_table('t')\n"), ReviewState::changed);
    EXPECT_EQ(review_state(l, "000000000000", "def upgrade():\n    pass\n"), ReviewState::unreviewed);
}

class EnvGuard {
public:
    explicit EnvGuard(const char* name) : m_name(name) {
        if (const char* v = std::getenv(name)) m_old = v;
    }
    ~EnvGuard() {
        if (m_old) ::setenv(m_name, m_old->c_str(), 1);
        else ::unsetenv(m_name);
    }

private:
    const char* m_name;
    std::optional<std::string> m_old;
};

std::string utc(std::time_t t) {
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

TEST(Now, HonoursSourceDateEpoch) {
    EnvGuard guard("SOURCE_DATE_EPOCH");
    ::setenv("SOURCE_DATE_EPOCH", "1795342500", 1);
    EXPECT_EQ(now_rfc3339(), "2026-11-22T10:15:00Z");
    ::setenv("SOURCE_DATE_EPOCH", "0", 1);
    EXPECT_EQ(now_rfc3339(), "1970-01-01T00:00:00Z");
    ::setenv("SOURCE_DATE_EPOCH", "951782400", 1);
    EXPECT_EQ(now_rfc3339(), "2000-02-29T00:00:00Z");
    ::setenv("SOURCE_DATE_EPOCH", "253402300799", 1);
    EXPECT_EQ(now_rfc3339(), "9999-12-31T23:59:59Z");
    for (const char* bad : {"abc", "-5", "12x", "253402300800"}) {
        ::setenv("SOURCE_DATE_EPOCH", bad, 1);
        EXPECT_THROW(now_rfc3339(), UsageError) << bad;
    }
}

TEST(Now, UsesTheClockWithoutSourceDateEpoch) {
    EnvGuard guard("SOURCE_DATE_EPOCH");
    ::unsetenv("SOURCE_DATE_EPOCH");
    std::string before = utc(std::time(nullptr));
    std::string now = now_rfc3339();
    std::string after = utc(std::time(nullptr));
    // Fixed-width timestamps compare like the instants they name.
    EXPECT_LE(before, now);
    EXPECT_LE(now, after);
    EXPECT_EQ(now.size(), 20u);
    EXPECT_EQ(now.back(), 'Z');
}

}  // namespace
}  // namespace mig_guard::ledger
