// Fonts: the atlas holds the glyphs of the texts it was built for, and MissingGlyphs names the
// characters a live case's text needs that it lacks (the workstation then rebuilds it). CPU only: an
// ImGui context and its atlas, no GL.
#include "ui/fonts.h"

#include <gtest/gtest.h>
#include <imgui.h>

namespace gridlink {
namespace {

TEST(Fonts, MissingGlyphsNamesWhatTheAtlasLacks) {
    ImGuiContext* context = ImGui::CreateContext();
    // 龘 (U+9F98) is outside the common Chinese set every panel font holds; 垃圾 is inside it.
    Fonts fonts = LoadFonts({"网格 grid"});
    ASSERT_TRUE(ImGui::GetIO().Fonts->Build());
    if (!fonts.cjk) {
        ImGui::DestroyContext(context);
        GTEST_SKIP() << fonts.description;
    }
    EXPECT_EQ(MissingGlyphs(fonts.ui, "路边垃圾 rubbish 12345"), std::u32string());
    EXPECT_EQ(MissingGlyphs(fonts.ui, "龘龘路 test"), std::u32string(U"龘"));
    EXPECT_EQ(MissingGlyphs(fonts.ui, "emoji 🚒 outside the plane"), std::u32string()) << "beyond the BMP: left out";

    // Built again with the case's text, the atlas has it.
    ImGui::GetIO().Fonts->Clear();
    fonts = LoadFonts({"网格 grid", "龘龘路 test"});
    ASSERT_TRUE(ImGui::GetIO().Fonts->Build());
    EXPECT_EQ(MissingGlyphs(fonts.ui, "龘龘路 test"), std::u32string());
    ImGui::DestroyContext(context);
}

}  // namespace
}  // namespace gridlink
