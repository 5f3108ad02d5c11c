#include "mig_guard/common/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

using mig_guard::first_invalid_utf8;

namespace {

constexpr size_t npos = std::string_view::npos;

TEST(Utf8, ValidTextHasNoInvalidByte) {
    EXPECT_EQ(first_invalid_utf8(""), npos);
    EXPECT_EQ(first_invalid_utf8("plain ascii\n"), npos);
    EXPECT_EQ(first_invalid_utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), npos);  // é € 😀
    EXPECT_EQ(first_invalid_utf8("\xf4\x8f\xbf\xbf"), npos);                        // U+10FFFF
}

TEST(Utf8, NamesTheFirstInvalidByte) {
    EXPECT_EQ(first_invalid_utf8("ab\xff"), 2u);              // never valid
    EXPECT_EQ(first_invalid_utf8("ab\xc3"), 2u);              // truncated sequence
    EXPECT_EQ(first_invalid_utf8("a\xc3(b"), 1u);             // bad continuation byte
    EXPECT_EQ(first_invalid_utf8("\xc0\xaf"), 0u);            // overlong '/'
    EXPECT_EQ(first_invalid_utf8("\xe0\x80\xaf"), 0u);        // overlong, three bytes
    EXPECT_EQ(first_invalid_utf8("x\xed\xb2\x80"), 1u);       // surrogate U+DC80
    EXPECT_EQ(first_invalid_utf8("\xf4\x90\x80\x80"), 0u);    // above U+10FFFF
    EXPECT_EQ(first_invalid_utf8("\xf5\x80\x80\x80"), 0u);
    EXPECT_EQ(first_invalid_utf8("\x80"), 0u);                // a lone continuation byte
}

TEST(Utf8, StartsWhereItIsTold) {
    std::string s = "\xff ok \xfe";
    EXPECT_EQ(first_invalid_utf8(s, 1), 5u);
    EXPECT_EQ(first_invalid_utf8(s, 6), npos);
}

}  // namespace
