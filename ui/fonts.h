// Fonts for panels and map labels: a CJK sans-serif found through fontconfig, loaded into Dear
// ImGui's atlas with the glyphs the workspace's names and the interface need.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/world.h"

struct ImFont;

namespace gridlink {

struct FontFile {
    std::string path;
    int index = 0;  // face index inside a .ttc collection
};

// Finds a font that covers Chinese (sans-serif:lang=zh-cn), bold when asked; empty path when none.
FontFile FindCjkFont(bool bold);

struct Fonts {
    ImFont* ui = nullptr;     // panels
    ImFont* label = nullptr;  // map labels (bold)
    bool cjk = false;         // false: no CJK font was found, Chinese shows as '?'
    std::string description;
};

// The texts a World puts on screen (grid display names, resource names), for LoadFonts.
std::vector<std::string> MapTexts(const World& world);

// Adds the fonts to the current ImGui context's atlas; `texts` are strings whose glyphs must be present.
Fonts LoadFonts(const std::vector<std::string>& texts, float ui_size = 16.0f, float label_size = 20.0f);

// The characters of `text` that `font` has no glyph for (UTF-8), e.g. a rare character in a case's text
// that arrived live; characters beyond the Basic Multilingual Plane are left out (the atlas holds none).
std::u32string MissingGlyphs(const ImFont* font, std::string_view text);

}  // namespace gridlink
