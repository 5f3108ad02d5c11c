// The Mako subset against what Mako itself outputs for the same template and values.
#include <gtest/gtest.h>

#include "mig_guard/alembic/mako.hpp"

namespace mig_guard::alembic::mako {
namespace {

std::string fill(std::string_view t, const Context& ctx) {
    TextResult r = render(t, ctx);
    EXPECT_TRUE(r.ok()) << (r.error ? r.error->str() : "");
    return r.text;
}

Context ctx() {
    Context c;
    c["one"] = Value::string("abc");
    c["empty"] = Value::string("");
    c["nothing"] = Value::none();
    c["pair"] = Value::tuple({"a", "b"});
    c["single"] = Value::tuple({"a"});
    c["lst"] = Value::list({"x", "y"});
    c["when"] = Value::datetime("2026-11-22 10:15:00");
    return c;
}

TEST(Mako, CommaFilterAsAlembicDefines) {
    // With `n`, comma() sees the raw value: None -> "", str -> itself, tuple -> "a, b".
    EXPECT_EQ(fill("${nothing | comma,n}|${one | comma,n}|${pair | comma,n}", ctx()), "|abc|a, b");
    // Without `n` the default str filter runs first: the tuple's repr survives.
    EXPECT_EQ(fill("${pair | comma}", ctx()), "('a', 'b')");
    EXPECT_EQ(fill("${comma(lst)}", ctx()), "x, y");
}

TEST(Mako, ReprAndStrOfAlembicValues) {
    EXPECT_EQ(fill("${repr(one)} ${repr(nothing)} ${repr(pair)} ${repr(single)} ${repr(lst)}", ctx()),
              "'abc' None ('a', 'b') ('a',) ['x', 'y']");
    EXPECT_EQ(fill("${nothing} ${pair} ${when}", ctx()), "None ('a', 'b') 2026-11-22 10:15:00");
    EXPECT_EQ(fill("${str(one)}${len(pair)}", ctx()), "abc2");
}

TEST(Mako, ConditionalExpressions) {
    EXPECT_EQ(fill(R"(${empty if empty else "pass"}/${one if one else "pass"})", ctx()), "pass/abc");
    EXPECT_EQ(fill(R"(${"x" if empty or one else "y"}${"x" if empty and one else "y"}${"x" if not nothing else "y"})", ctx()),
              "xyx");
    EXPECT_EQ(fill(R"(${"n" if nothing is None else "v"}${"n" if one is not None else "v"}${"e" if one == 'abc' else "d"})",
                   ctx()),
              "nne");
    EXPECT_EQ(fill(R"(${context.get("missing", "pass")} ${context.get('one')})", ctx()), "pass abc");
    EXPECT_EQ(fill("${one | trim}|${'  padded  ' | trim}", ctx()), "abc|padded");
}

TEST(Mako, ControlLinesCommentsAndBlocks) {
    const char* t = "<%!\nimport re\n%>a\n## dropped comment\n  % if empty:\nno\n  % elif one:\nyes ${one}\n"
                    "% else:\nelse\n% endif\n<%text>${raw}</%text>\n<%doc>\nnote\n</%doc>b \\\nc\n%% literal\n";
    EXPECT_EQ(fill(t, ctx()), "a\nyes abc\n${raw}\nb c\n% literal\n");
    EXPECT_EQ(fill("% if pair:\n% if nothing:\nA\n% else:\nB\n% endif\n% endif\nC", ctx()), "B\nC");
}

TEST(Mako, ErrorsNameTheLine) {
    struct Case {
        const char* text;
        uint32_t line;
        const char* says;
    };
    const Case cases[] = {
        {"a\n${undefined_name}\n", 2, "undefined_name"},
        {"a\nb\n% for x in pair:\n% endfor\n", 3, "for"},
        {"% if one:\nx\n", 1, "endif"},
        {"a\n% endif\n", 2, "without"},
        {"${one | h}", 1, "filter 'h'"},
        {"x\n<%inherit file=\"base.mako\"/>", 2, "<%inherit"},
        {"${one", 1, "closing"},
        {"${one.upper()}", 1, "attribute"},
        {"${repr(when)}", 1, "create_date"},
        {"${one + one}", 1, "unsupported character '+'"},
        // Found by fuzz_config: std::stoll used to throw out of the renderer.
        {"a\n${123456789012345678901234567890}", 2, "integer literal out of range: 123456789012345678901234567890"},
    };
    for (const auto& c : cases) {
        TextResult r = render(c.text, ctx(), "t.mako");
        ASSERT_FALSE(r.ok()) << c.text;
        EXPECT_EQ(r.error->location.line, c.line) << c.text;
        EXPECT_EQ(r.error->location.file, "t.mako");
        EXPECT_NE(r.error->message.find(c.says), std::string::npos) << c.text << " -> " << r.error->message;
    }
}

}  // namespace
}  // namespace mig_guard::alembic::mako
