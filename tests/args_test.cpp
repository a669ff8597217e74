// Unit tests for server/args.h: positional words, valued options (both "--name value" and "--name=value"),
// flags, the error texts for unknown options, missing values and out-of-range integers, and the
// ParseSize / ParseNumbers / SplitList helpers.
#include "server/args.h"

#include <gtest/gtest.h>

#include <climits>

namespace gridlink {
namespace {

const std::set<std::string> kValued{"size", "seed", "out", "bbox"};
const std::set<std::string> kFlags{"verbose", "fullscreen"};

Args ParseOk(const std::vector<std::string>& words) {
    auto args = Args::Parse(words, kValued, kFlags);
    EXPECT_TRUE(args.ok()) << (args.ok() ? "" : args.error());
    return args.ok() ? args.value() : Args{};
}

TEST(Args, PositionalAndValuedOptionsInAnyOrder) {
    const Args args = ParseOk({"render", "--size", "800x600", "city.gpkg", "--out", "map.png", "extra"});
    ASSERT_EQ(args.positional().size(), 3u);
    EXPECT_EQ(args.positional()[0], "render");
    EXPECT_EQ(args.positional()[1], "city.gpkg");
    EXPECT_EQ(args.positional()[2], "extra");
    EXPECT_TRUE(args.has("size"));
    EXPECT_EQ(args.get("size"), "800x600");
    EXPECT_EQ(args.get("out"), "map.png");
    EXPECT_FALSE(args.has("seed"));
    EXPECT_EQ(args.get("seed"), "");
    EXPECT_EQ(args.get("seed", "7"), "7");
}

TEST(Args, EqualsFormAndValuesThatLookLikeOptions) {
    const Args args = ParseOk({"--seed=42", "--out=a=b.png", "--bbox", "--size"});
    EXPECT_EQ(args.get("seed"), "42");
    EXPECT_EQ(args.get("out"), "a=b.png");  // only the first '=' splits
    EXPECT_EQ(args.get("bbox"), "--size");  // the next word is the value, whatever it looks like
    EXPECT_FALSE(args.has("size"));
    EXPECT_TRUE(args.positional().empty());
    // An empty value after '=' is a value.
    const Args empty = ParseOk({"--out="});
    EXPECT_TRUE(empty.has("out"));
    EXPECT_EQ(empty.get("out", "fallback"), "");
}

TEST(Args, LaterValueWins) {
    const Args args = ParseOk({"--seed", "1", "--seed=2", "--seed", "3"});
    EXPECT_EQ(args.get("seed"), "3");
}

TEST(Args, FlagsTakeNoValue) {
    const Args args = ParseOk({"--verbose", "wall", "--fullscreen"});
    EXPECT_TRUE(args.has("verbose"));
    EXPECT_TRUE(args.has("fullscreen"));
    EXPECT_EQ(args.get("verbose"), "1");
    ASSERT_EQ(args.positional().size(), 1u);
    EXPECT_EQ(args.positional()[0], "wall");  // not swallowed as the flag's value
}

TEST(Args, DoubleDashAndSingleDashAreWords) {
    const Args args = ParseOk({"--", "-x", "-"});
    ASSERT_EQ(args.positional().size(), 3u);
    EXPECT_EQ(args.positional()[0], "--");
    EXPECT_EQ(args.positional()[1], "-x");
    EXPECT_EQ(args.positional()[2], "-");
}

TEST(Args, UnknownOptionIsAnError) {
    auto args = Args::Parse({"demo", "--colour", "red"}, kValued, kFlags);
    ASSERT_FALSE(args.ok());
    EXPECT_EQ(args.error(), "unknown option --colour");
    auto with_value = Args::Parse({"--colour=red"}, kValued, kFlags);
    ASSERT_FALSE(with_value.ok());
    EXPECT_EQ(with_value.error(), "unknown option --colour");
}

TEST(Args, MissingValueIsAnError) {
    auto args = Args::Parse({"render", "--out"}, kValued, kFlags);
    ASSERT_FALSE(args.ok());
    EXPECT_EQ(args.error(), "option --out needs a value");
}

TEST(Args, IntegerWithinRange) {
    const Args args = ParseOk({"--seed", "42"});
    auto seed = args.integer("seed", 1, 0, 100);
    ASSERT_TRUE(seed.ok()) << seed.error();
    EXPECT_EQ(seed.value(), 42);
    auto fallback = args.integer("size", 7, 0, 100);  // absent: the fallback, even outside the range
    ASSERT_TRUE(fallback.ok());
    EXPECT_EQ(fallback.value(), 7);
    EXPECT_EQ(ParseOk({"--seed", "-5"}).integer("seed", 0, -5, 5).value(), -5);
    EXPECT_EQ(ParseOk({"--seed", "5"}).integer("seed", 0, -5, 5).value(), 5);
    EXPECT_EQ(ParseOk({"--seed", "9223372036854775807"}).integer("seed", 0, 0, LLONG_MAX).value(), LLONG_MAX);
}

TEST(Args, IntegerErrorsNameTheOptionTheTextAndTheRange) {
    for (const std::string text : {"101", "-1", "4x", "", "1.5", "abc", "99999999999999999999"}) {
        auto value = ParseOk({"--seed=" + text}).integer("seed", 1, 0, 100);
        ASSERT_FALSE(value.ok()) << "'" << text << "' accepted";
        EXPECT_EQ(value.error(), "--seed '" + text + "' is not a whole number from 0 to 100");
    }
}

TEST(Args, ParseSize) {
    auto size = ParseSize("1280x800");
    ASSERT_TRUE(size.ok()) << size.error();
    EXPECT_EQ(size.value().first, 1280);
    EXPECT_EQ(size.value().second, 800);
    auto upper = ParseSize("7680X2160");
    ASSERT_TRUE(upper.ok()) << upper.error();
    EXPECT_EQ(upper.value(), (std::pair{7680, 2160}));
    EXPECT_EQ(ParseSize("16x16").value(), (std::pair{16, 16}));
    EXPECT_EQ(ParseSize("16384x16384").value(), (std::pair{16384, 16384}));
    for (const std::string bad :
         {"12x", "0x0", "abc", "", "1280", "1280x800x", "1280*800", "15x800", "800x16385", "-800x600", "1280x800px"}) {
        auto parsed = ParseSize(bad);
        ASSERT_FALSE(parsed.ok()) << "'" << bad << "' accepted";
        EXPECT_EQ(parsed.error(), "--size '" + bad + "' is not WIDTHxHEIGHT between 16 and 16384 pixels");
    }
}

TEST(Args, ParseNumbers) {
    auto bbox = ParseNumbers("120.2,31.1,-120.7,31.5e0", 4, "--bbox");
    ASSERT_TRUE(bbox.ok()) << bbox.error();
    ASSERT_EQ(bbox.value().size(), 4u);
    EXPECT_DOUBLE_EQ(bbox.value()[0], 120.2);
    EXPECT_DOUBLE_EQ(bbox.value()[1], 31.1);
    EXPECT_DOUBLE_EQ(bbox.value()[2], -120.7);
    EXPECT_DOUBLE_EQ(bbox.value()[3], 31.5);
}

TEST(Args, ParseNumbersCountMismatch) {
    auto few = ParseNumbers("1,2,3", 4, "--bbox");
    ASSERT_FALSE(few.ok());
    EXPECT_EQ(few.error(), "--bbox: expected 4 numbers, got '1,2,3'");
    auto many = ParseNumbers("1,2,3,4,5", 4, "--bbox");
    ASSERT_FALSE(many.ok());
    EXPECT_EQ(many.error(), "--bbox: expected 4 numbers, got '1,2,3,4,5'");
    auto none = ParseNumbers("", 2, "--center");
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error(), "--center: expected 2 numbers, got ''");
}

TEST(Args, ParseNumbersRejectsNonNumbers) {
    auto word = ParseNumbers("1,two,3,4", 4, "--bbox");
    ASSERT_FALSE(word.ok());
    EXPECT_EQ(word.error(), "--bbox: 'two' is not a number");
    auto gap = ParseNumbers("1,,3,4", 4, "--bbox");
    ASSERT_FALSE(gap.ok());
    EXPECT_EQ(gap.error(), "--bbox: '' is not a number");
    auto suffix = ParseNumbers("1,2m", 2, "--center");
    ASSERT_FALSE(suffix.ok());
    EXPECT_EQ(suffix.error(), "--center: '2m' is not a number");
    EXPECT_FALSE(ParseNumbers("1,nan", 2, "--center").ok());
    EXPECT_FALSE(ParseNumbers("inf,1", 2, "--center").ok());
}

TEST(Args, SplitList) {
    EXPECT_EQ(SplitList("grids,roads,water"), (std::vector<std::string>{"grids", "roads", "water"}));
    EXPECT_EQ(SplitList("a,,b,"), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(SplitList("single"), (std::vector<std::string>{"single"}));
    EXPECT_TRUE(SplitList("").empty());
    EXPECT_TRUE(SplitList(",,,").empty());
    EXPECT_EQ(SplitList(" a, b"), (std::vector<std::string>{" a", " b"}));  // spaces are kept
}

}  // namespace
}  // namespace gridlink
