// Unit tests for engine/grid_model.h: national-style code lengths per level, levels and parents from
// codes, zero-padded child codes, and GridSet (add/finish, find, children in code order, ancestry,
// grids per level, bounds) plus the level names.
#include "engine/grid_model.h"

#include <gtest/gtest.h>

#include <string>

namespace gridlink {
namespace {

Grid MakeGrid(const std::string& code, int level, const std::string& parent, double x0, double y0, double size) {
    Grid g;
    g.code = code;
    g.name = "grid " + code;
    g.level = level;
    g.parent_code = parent;
    g.shape = {Polygon{Ring{{x0, y0}, {x0 + size, y0}, {x0 + size, y0 + size}, {x0, y0 + size}}, {}}};
    return g;
}

TEST(GridModel, CodeLengthsPerLevel) {
    EXPECT_EQ(CodeLengthForLevel(1), 6);
    EXPECT_EQ(CodeLengthForLevel(2), 9);
    EXPECT_EQ(CodeLengthForLevel(3), 12);
    EXPECT_EQ(CodeLengthForLevel(4), 15);
    EXPECT_EQ(CodeLengthForLevel(5), 17);
    EXPECT_EQ(CodeLengthForLevel(0), 0);
    EXPECT_EQ(CodeLengthForLevel(6), 0);
}

TEST(GridModel, LevelFromCode) {
    EXPECT_EQ(LevelFromCode("320505"), 1);
    EXPECT_EQ(LevelFromCode("320505001"), 2);
    EXPECT_EQ(LevelFromCode("320505001002"), 3);
    EXPECT_EQ(LevelFromCode("320505001002003"), 4);
    EXPECT_EQ(LevelFromCode("32050500100200304"), 5);
    EXPECT_EQ(LevelFromCode(""), 0);
    EXPECT_EQ(LevelFromCode("3205"), 0);
    EXPECT_EQ(LevelFromCode("3205050010"), 0);  // 10 digits: no level
    EXPECT_EQ(LevelFromCode("320505001002003041"), 0);
}

TEST(GridModel, ParentCodeOfTruncatesToTheParentLevel) {
    EXPECT_EQ(ParentCodeOf("32050500100200304"), "320505001002003");
    EXPECT_EQ(ParentCodeOf("320505001002003"), "320505001002");
    EXPECT_EQ(ParentCodeOf("320505001002"), "320505001");
    EXPECT_EQ(ParentCodeOf("320505001"), "320505");
    EXPECT_EQ(ParentCodeOf("320505"), "");
    EXPECT_EQ(ParentCodeOf("12345678"), "");  // non-standard length
    EXPECT_EQ(ParentCodeOf(""), "");
}

TEST(GridModel, ChildCodeIsZeroPadded) {
    EXPECT_EQ(ChildCode("320505", 2, 1), "320505001");
    EXPECT_EQ(ChildCode("320505", 2, 42), "320505042");
    EXPECT_EQ(ChildCode("320505001", 3, 7), "320505001007");
    EXPECT_EQ(ChildCode("320505001007", 4, 123), "320505001007123");
    EXPECT_EQ(ChildCode("320505001007123", 5, 3), "32050500100712303");
    EXPECT_EQ(ChildCode("320505001007123", 5, 99), "32050500100712399");
    // A child code round-trips through the parent and level helpers.
    const std::string child = ChildCode("320505001", 3, 12);
    EXPECT_EQ(LevelFromCode(child), 3);
    EXPECT_EQ(ParentCodeOf(child), "320505001");
}

TEST(GridModel, LevelNames) {
    EXPECT_STREQ(LevelName(1), "区");
    EXPECT_STREQ(LevelName(2), "街道");
    EXPECT_STREQ(LevelName(3), "社区");
    EXPECT_STREQ(LevelName(4), "网格");
    EXPECT_STREQ(LevelName(5), "单元网格");
    EXPECT_STREQ(LevelName(0), "图层");
    EXPECT_STREQ(LevelName(6), "图层");
    EXPECT_STREQ(LevelNameEnglish(1), "district");
    EXPECT_STREQ(LevelNameEnglish(3), "community");
    EXPECT_STREQ(LevelNameEnglish(5), "unit grid");
    EXPECT_STREQ(LevelNameEnglish(9), "area");
}

class GridSetTest : public ::testing::Test {
  protected:
    void SetUp() override {
        // Added out of code order on purpose: children() must come back sorted by code.
        set.add(MakeGrid("320505", 1, "", 0, 0, 1000));
        set.add(MakeGrid("320505002", 2, "320505", 500, 0, 500));
        set.add(MakeGrid("320505001", 2, "320505", 0, 0, 500));
        set.add(MakeGrid("320505001003", 3, "320505001", 100, 0, 100));
        set.add(MakeGrid("320505001001", 3, "320505001", 0, 0, 100));
        set.add(MakeGrid("320505001002", 3, "320505001", 200, 0, 100));
        set.add(MakeGrid("320505001001001", 4, "320505001001", 0, 0, 50));
        set.add(MakeGrid("32050500100100102", 5, "320505001001001", 10, 10, 10));
        set.add(MakeGrid("999999999", 2, "888888", -200, -300, 20));  // orphan: parent missing
        set.finish();
    }
    GridSet set;
};

TEST_F(GridSetTest, AddComputesBoundsAndArea) {
    EXPECT_EQ(set.size(), 9u);
    const Grid& district = set[static_cast<std::size_t>(set.find("320505"))];
    EXPECT_DOUBLE_EQ(district.area_m2, 1e6);
    EXPECT_EQ(district.bounds.min_x, 0.0);
    EXPECT_EQ(district.bounds.max_y, 1000.0);
    const Grid& unit = set[static_cast<std::size_t>(set.find("32050500100100102"))];
    EXPECT_DOUBLE_EQ(unit.area_m2, 100.0);
    EXPECT_EQ(unit.bounds.min_x, 10.0);
    EXPECT_EQ(unit.bounds.max_x, 20.0);
    // Set bounds span every grid, the orphan included.
    EXPECT_EQ(set.bounds().min_x, -200.0);
    EXPECT_EQ(set.bounds().min_y, -300.0);
    EXPECT_EQ(set.bounds().max_x, 1000.0);
    EXPECT_EQ(set.bounds().max_y, 1000.0);
    EXPECT_EQ(set.max_level(), 5);
}

TEST_F(GridSetTest, FindByCode) {
    EXPECT_EQ(set.find("320505"), 0);
    EXPECT_EQ(set.find("320505001"), 2);
    EXPECT_EQ(set.find("32050500100100102"), 7);
    EXPECT_EQ(set.find("320505003"), -1);
    EXPECT_EQ(set.find(""), -1);
}

TEST_F(GridSetTest, ChildrenAreSortedByCode) {
    const auto& top = set.children(static_cast<std::size_t>(set.find("320505")));
    ASSERT_EQ(top.size(), 2u);
    EXPECT_EQ(set[top[0]].code, "320505001");
    EXPECT_EQ(set[top[1]].code, "320505002");

    const auto& street = set.children(static_cast<std::size_t>(set.find("320505001")));
    ASSERT_EQ(street.size(), 3u);
    EXPECT_EQ(set[street[0]].code, "320505001001");
    EXPECT_EQ(set[street[1]].code, "320505001002");
    EXPECT_EQ(set[street[2]].code, "320505001003");

    EXPECT_TRUE(set.children(static_cast<std::size_t>(set.find("320505002"))).empty());
    EXPECT_TRUE(set.children(static_cast<std::size_t>(set.find("32050500100100102"))).empty());
    EXPECT_TRUE(set.children(static_cast<std::size_t>(set.find("999999999"))).empty());
}

TEST_F(GridSetTest, AncestryRunsFromSelfToDistrict) {
    const auto chain = set.ancestry(static_cast<std::size_t>(set.find("32050500100100102")));
    ASSERT_EQ(chain.size(), 5u);
    EXPECT_EQ(set[chain[0]].code, "32050500100100102");
    EXPECT_EQ(set[chain[1]].code, "320505001001001");
    EXPECT_EQ(set[chain[2]].code, "320505001001");
    EXPECT_EQ(set[chain[3]].code, "320505001");
    EXPECT_EQ(set[chain[4]].code, "320505");

    const auto root = set.ancestry(0);
    ASSERT_EQ(root.size(), 1u);
    EXPECT_EQ(root[0], 0u);
    // An orphan's chain stops at itself.
    EXPECT_EQ(set.ancestry(static_cast<std::size_t>(set.find("999999999"))).size(), 1u);
}

TEST_F(GridSetTest, AtLevel) {
    EXPECT_EQ(set.at_level(1).size(), 1u);
    EXPECT_EQ(set.at_level(2).size(), 3u);  // two streets and the orphan
    EXPECT_EQ(set.at_level(3).size(), 3u);
    EXPECT_EQ(set.at_level(4).size(), 1u);
    ASSERT_EQ(set.at_level(5).size(), 1u);
    EXPECT_EQ(set[set.at_level(5)[0]].code, "32050500100100102");
    EXPECT_TRUE(set.at_level(0).empty());
    EXPECT_TRUE(set.at_level(-1).empty());
    EXPECT_TRUE(set.at_level(100).empty());
    for (int level = 1; level <= kLevelCount; ++level) {
        for (std::size_t i : set.at_level(level)) EXPECT_EQ(set[i].level, level);
    }
}

TEST(GridSet, FinishCanBeCalledAgainAfterMoreAdds) {
    GridSet set;
    set.add(MakeGrid("320505", 1, "", 0, 0, 10));
    set.finish();
    EXPECT_TRUE(set.children(0).empty());
    set.add(MakeGrid("320505001", 2, "320505", 0, 0, 5));
    set.finish();
    ASSERT_EQ(set.children(0).size(), 1u);
    EXPECT_EQ(set.at_level(1).size(), 1u);  // not duplicated by the second finish()
    EXPECT_EQ(set.at_level(2).size(), 1u);
    EXPECT_EQ(set.find("320505001"), 1);
}

TEST(GridSet, SelfParentDoesNotLoop) {
    GridSet set;
    set.add(MakeGrid("320505", 1, "320505", 0, 0, 10));
    set.finish();
    EXPECT_TRUE(set.children(0).empty());
    EXPECT_EQ(set.ancestry(0).size(), 1u);
}

TEST(GridSet, ParentCycleEndsTheAncestry) {
    GridSet set;
    set.add(MakeGrid("320505001", 2, "320505002", 0, 0, 10));
    set.add(MakeGrid("320505002", 2, "320505001", 10, 0, 10));
    set.finish();
    const auto chain = set.ancestry(0);
    EXPECT_GE(chain.size(), 2u);
    EXPECT_LE(chain.size(), static_cast<std::size_t>(kLevelCount + 2));
    EXPECT_EQ(chain[0], 0u);
    EXPECT_EQ(chain[1], 1u);
}

}  // namespace
}  // namespace gridlink
