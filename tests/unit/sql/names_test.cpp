// Expected values were checked against SQLAlchemy 1.4.46's PG IdentifierPreparer and against a
// PostgreSQL 15 server (pg_constraint.conname for unnamed constraints).
#include <gtest/gtest.h>

#include <set>

#include "mig_guard/sql/render.hpp"

namespace mig_guard::sql {
namespace {

TEST(QuoteIdent, PlainLowerCaseIsBare) {
    EXPECT_EQ(quote_ident("users"), "users");
    EXPECT_EQ(quote_ident("a$"), "a$");
    EXPECT_EQ(quote_ident("_x1"), "_x1");
}

TEST(QuoteIdent, ReservedWordsAreQuoted) {
    EXPECT_EQ(quote_ident("user"), "\"user\"");
    EXPECT_EQ(quote_ident("order"), "\"order\"");
    EXPECT_EQ(quote_ident("old"), "\"old\"");
    EXPECT_EQ(quote_ident("new"), "\"new\"");
    // Non-reserved keywords stay bare, as in SQLAlchemy.
    EXPECT_EQ(quote_ident("name"), "name");
    EXPECT_EQ(quote_ident("status"), "status");
}

TEST(QuoteIdent, UpperCaseAndIllegalCharactersAreQuoted) {
    EXPECT_EQ(quote_ident("Name"), "\"Name\"");
    EXPECT_EQ(quote_ident("$a"), "\"$a\"");
    EXPECT_EQ(quote_ident("1a"), "\"1a\"");
    EXPECT_EQ(quote_ident("my col"), "\"my col\"");
    EXPECT_EQ(quote_ident("a\"b"), "\"a\"\"b\"");
    EXPECT_EQ(quote_ident("\xC3\xA9"), "\"\xC3\xA9\"");  // é
}

TEST(QuoteIdent, PythonCaseFoldingQuirk) {
    // re.I lets [A-Z] match U+017F and U+0131; SQLAlchemy prints them bare.
    EXPECT_EQ(quote_ident("\xC5\xBFx"), "\xC5\xBFx");
    EXPECT_EQ(quote_ident("\xC4\xB1x"), "\xC4\xB1x");
}

TEST(QuoteTable, SchemaQualified) {
    EXPECT_EQ(quote_table("Sch", "User"), "\"Sch\".\"User\"");
    EXPECT_EQ(quote_table("s1", "order"), "s1.\"order\"");
    EXPECT_EQ(quote_table("", "t"), "t");
}

TEST(FormatName, ConventionNamesTruncateWithMd5) {
    // SQLAlchemy: uq_%(table_name)s_%(column_0_N_name)s on tbl(a*40, b*30).
    schema::Name n{"uq_tbl_" + std::string(40, 'a') + "_" + std::string(30, 'b'), true};
    EXPECT_EQ(format_name(n), "uq_tbl_" + std::string(40, 'a') + "_bbbbbbb_d101");
    schema::Name plain{n.value, false};
    EXPECT_EQ(format_name(plain), n.value);  // only conv names are truncated
    EXPECT_EQ(format_name({"Ix", false}), "\"Ix\"");
}

TEST(StringLiteral, VersionDependentBackslashes) {
    EXPECT_EQ(string_literal("it's"), "'it''s'");
    EXPECT_EQ(string_literal("a\\b"), "'a\\b'");
    EXPECT_EQ(string_literal("a\\b'c", {SqlAlchemyVersion::v1_4}), "'a\\\\b''c'");
}

TEST(DefaultConstraintName, SimpleForms) {
    EXPECT_EQ(default_constraint_name("user", ConstraintKind::primary_key), "user_pkey");
    EXPECT_EQ(default_constraint_name("user", ConstraintKind::unique, {"Name"}), "user_Name_key");
    EXPECT_EQ(default_constraint_name("org", ConstraintKind::unique, {"a", "b"}), "org_a_b_key");
    EXPECT_EQ(default_constraint_name("user", ConstraintKind::foreign_key, {"org"}), "user_org_fkey");
    EXPECT_EQ(default_constraint_name("user", ConstraintKind::check, {"org"}), "user_org_check");
    EXPECT_EQ(default_constraint_name("user", ConstraintKind::check, {"id", "org"}), "user_check");
    EXPECT_EQ(default_constraint_name("user", ConstraintKind::check), "user_check");
    EXPECT_EQ(default_constraint_name("t2", ConstraintKind::index, {"x", "x", "lower"}), "t2_x_x1_lower_idx");
}

TEST(DefaultConstraintName, TruncatesLongerPartFirst) {
    std::string table(63, 'a');
    EXPECT_EQ(default_constraint_name(table, ConstraintKind::primary_key), std::string(58, 'a') + "_pkey");
    EXPECT_EQ(default_constraint_name(table, ConstraintKind::unique, {std::string(42, 'b')}),
              std::string(29, 'a') + "_" + std::string(29, 'b') + "_key");
    EXPECT_EQ(default_constraint_name(table, ConstraintKind::unique, {std::string(20, 'c'), "dddd", "id"}),
              std::string(30, 'a') + "_" + std::string(20, 'c') + "_dddd_id_key");
}

TEST(DefaultConstraintName, ClipsOnUtf8Boundary) {
    std::string e;
    for (int i = 0; i < 31; ++i) e += "\xC3\xA9";
    std::string want;
    for (int i = 0; i < 29; ++i) want += "\xC3\xA9";
    EXPECT_EQ(default_constraint_name(e, ConstraintKind::primary_key), want + "_pkey");
    // 59 bytes available for an odd split: never cut inside a character.
    std::string name = make_object_name(e, "", "key");
    EXPECT_EQ(name.size(), 58u + 4u);
}

TEST(DefaultConstraintName, ConflictsGetNumberedLabels) {
    std::set<std::string, std::less<>> taken = {"t2_x_check", "t2_x_check1"};
    auto is_taken = [&](std::string_view n) { return taken.count(n) > 0; };
    EXPECT_EQ(default_constraint_name("t2", ConstraintKind::check, {"x"}, is_taken), "t2_x_check2");
}

}  // namespace
}  // namespace mig_guard::sql
