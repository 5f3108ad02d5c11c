// render_ledger's exact text, and the round trips parse(render(l)) == l and
// render(parse(render(l))) == render(l).
#include <gtest/gtest.h>

#include "mig_guard/common/diagnostic.hpp"
#include "test_util.hpp"

namespace mig_guard::ledger {
namespace {

using test::make_entry;

const std::string k_sha_a = "a3f1e9c2b7d4e8f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718";
const std::string k_sha_b = "0000000000000000000000000000000000000000000000000000000000000001";

Ledger sample() {
    Ledger l;
    Entry a;
    a.id = "3f2a9c1b7d4e";
    a.file = "versions/3f2a9c1b7d4e_add_priority_to_task.py";
    a.sha256 = k_sha_a;
    a.reviewed_by = "Ada Lovelace <ada@example.com>";
    a.reviewed_at = "2026-11-22T10:15:00Z";
    a.acknowledged = {"MG402"};
    Entry b;
    b.id = "1a_custom_id";
    b.file = "versions/tab\there \"quoted\" back\\slash Zoë.py";
    b.sha256 = k_sha_b;
    b.reviewed_by = "Zoë \"Z\" Ünal <z@example.com>\x01\x7f";
    b.reviewed_at = "2025-01-02T03:04:05Z";
    b.acknowledged = {};
    l.upsert(a);
    l.upsert(b);
    return l;
}

TEST(Render, GoldenText) {
    const std::string expected =
        "# Written by `mig-guard review`. Do not edit by hand.\n"
        "\n"
        "version = 1\n"
        "\n"
        "[[revision]]\n"
        "id = \"1a_custom_id\"\n"
        "file = \"versions/tab\\there \\\"quoted\\\" back\\\\slash Zoë.py\"\n"
        "sha256 = \"0000000000000000000000000000000000000000000000000000000000000001\"\n"
        "reviewed_by = \"Zoë \\\"Z\\\" Ünal <z@example.com>\\u0001\\u007F\"\n"
        "reviewed_at = 2025-01-02T03:04:05Z\n"
        "acknowledged = []\n"
        "\n"
        "[[revision]]\n"
        "id = \"3f2a9c1b7d4e\"\n"
        "file = \"versions/3f2a9c1b7d4e_add_priority_to_task.py\"\n"
        "sha256 = \"a3f1e9c2b7d4e8f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718\"\n"
        "reviewed_by = \"Ada Lovelace <ada@example.com>\"\n"
        "reviewed_at = 2026-11-22T10:15:00Z\n"
        "acknowledged = [\"MG402\"]\n";
    EXPECT_EQ(render_ledger(sample()), expected);
}

TEST(Render, EmptyLedger) {
    EXPECT_EQ(render_ledger(Ledger{}), "# Written by `mig-guard review`. Do not edit by hand.\n\nversion = 1\n");
    EXPECT_EQ(parse_ledger(render_ledger(Ledger{}), "l.lock"), Ledger{});
}

TEST(Render, SeveralCodesAndEveryEscape) {
    Ledger l;
    Entry e = make_entry("abc", {"MG101", "MG402", "MG703"});
    e.reviewed_by = std::string("\b\t\n\f\r\"\\/\x1f", 9) + "日本";
    l.upsert(e);
    std::string text = render_ledger(l);
    EXPECT_NE(text.find("acknowledged = [\"MG101\", \"MG402\", \"MG703\"]\n"), std::string::npos) << text;
    EXPECT_NE(text.find("reviewed_by = \"\\b\\t\\n\\f\\r\\\"\\\\/\\u001F日本\"\n"), std::string::npos) << text;
    EXPECT_EQ(parse_ledger(text, "l.lock"), l);
}

TEST(RoundTrip, ParseRenderIsIdentity) {
    Ledger l = sample();
    std::string text = render_ledger(l);
    Ledger back = parse_ledger(text, "migrations/mig-guard.lock");
    EXPECT_EQ(back, l);
    EXPECT_EQ(render_ledger(back), text);
}

TEST(RoundTrip, ManyEntriesStayDeterministic) {
    Ledger l;
    for (int i = 99; i >= 0; --i) l.upsert(make_entry("rev" + std::to_string(i * 7919 % 1000), {"MG" + std::to_string(100 + i)}));
    std::string text = render_ledger(l);
    EXPECT_EQ(render_ledger(parse_ledger(text, "x")), text);
    EXPECT_EQ(parse_ledger(text, "x"), l);
}

TEST(Parse, SpecExample) {
    const std::string text =
        "# Written by `mig-guard review`. Do not edit by hand.\n"
        "version = 1\n"
        "\n"
        "[[revision]]\n"
        "id = \"3f2a9c1b7d4e\"\n"
        "file = \"versions/3f2a9c1b7d4e_add_priority_to_task.py\"\n"
        "sha256 = \"" + k_sha_a + "\"                      # of the file's bytes\n"
        "reviewed_by = \"Ada Lovelace <ada@example.com>\"   # from git config\n"
        "reviewed_at = 2026-11-22T10:15:00Z\n"
        "acknowledged = [\"MG402\"]\n";
    Ledger l = parse_ledger(text, "migrations/mig-guard.lock");
    ASSERT_EQ(l.entries.size(), 1u);
    const Entry& e = l.entries[0];
    EXPECT_EQ(e.id, "3f2a9c1b7d4e");
    EXPECT_EQ(e.file, "versions/3f2a9c1b7d4e_add_priority_to_task.py");
    EXPECT_EQ(e.sha256, k_sha_a);
    EXPECT_EQ(e.reviewed_by, "Ada Lovelace <ada@example.com>");
    EXPECT_EQ(e.reviewed_at, "2026-11-22T10:15:00Z");
    EXPECT_EQ(e.acknowledged, std::vector<std::string>{"MG402"});
}

TEST(Parse, AcknowledgedIsOptionalAndOffsetsBecomeUtc) {
    const std::string text =
        "version = 1\n"
        "[[revision]]\n"
        "id = \"a\"\nfile = \"f.py\"\nsha256 = \"" + k_sha_b + "\"\nreviewed_by = \"\"\n"
        "reviewed_at = 2026-11-22T10:15:00+02:30\n"
        "[[revision]]\n"
        "id = \"b\"\nfile = \"f.py\"\nsha256 = \"" + k_sha_b + "\"\nreviewed_by = \"\"\n"
        "reviewed_at = 2026-12-31T23:30:00-01:00\n"
        "[[revision]]\n"
        "id = \"c\"\nfile = \"f.py\"\nsha256 = \"" + k_sha_b + "\"\nreviewed_by = \"\"\n"
        "reviewed_at = 2024-02-29 12:00:00z\n";
    Ledger l = parse_ledger(text, "l");
    ASSERT_EQ(l.entries.size(), 3u);
    EXPECT_TRUE(l.entries[0].acknowledged.empty());
    EXPECT_EQ(l.entries[0].reviewed_at, "2026-11-22T07:45:00Z");
    EXPECT_EQ(l.entries[1].reviewed_at, "2027-01-01T00:30:00Z");
    EXPECT_EQ(l.entries[2].reviewed_at, "2024-02-29T12:00:00Z");
}

TEST(Parse, CrlfFileReadsLikeLf) {
    std::string lf = render_ledger(sample());
    std::string crlf;
    for (char c : lf) {
        if (c == '\n') crlf += '\r';
        crlf += c;
    }
    EXPECT_EQ(parse_ledger(crlf, "l"), sample());
}

TEST(Render, RefusesWhatParseWouldReject) {
    auto refuses = [](Entry e) {
        Ledger l;
        l.entries.push_back(std::move(e));
        EXPECT_THROW(render_ledger(l), UsageError);
    };
    Entry e = make_entry("a1");
    e.id = "has-dash";
    refuses(e);
    e = make_entry("a1");
    e.sha256 = "ABC";
    refuses(e);
    e = make_entry("a1");
    e.reviewed_at = "2026-02-30T00:00:00Z";
    refuses(e);
    e = make_entry("a1");
    e.reviewed_at = "2026-11-22 10:15:00";
    refuses(e);
    e = make_entry("a1", {"mg402"});
    refuses(e);
    e = make_entry("a1");
    e.reviewed_by = "bad \xff utf-8";
    refuses(e);
    e = make_entry("a1");
    e.file = "";
    refuses(e);

    Ledger unsorted;
    unsorted.entries = {make_entry("b"), make_entry("a")};
    EXPECT_THROW(render_ledger(unsorted), UsageError);
    Ledger v2;
    v2.version = 2;
    EXPECT_THROW(render_ledger(v2), UsageError);
}

}  // namespace
}  // namespace mig_guard::ledger
