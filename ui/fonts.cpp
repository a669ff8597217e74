// Font discovery (fontconfig) and atlas loading (Dear ImGui with stb_truetype).
#include "fonts.h"

#include <fontconfig/fontconfig.h>
#include <imgui.h>
#include <imgui_internal.h>

#include "engine/grid_display.h"

namespace gridlink {

FontFile FindCjkFont(bool bold) {
    FontFile found;
    if (!FcInit()) return found;
    FcPattern* pattern = FcNameParse(
        reinterpret_cast<const FcChar8*>(bold ? "sans-serif:lang=zh-cn:weight=bold" : "sans-serif:lang=zh-cn"));
    FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result;
    FcPattern* match = FcFontMatch(nullptr, pattern, &result);
    if (match) {
        FcChar8* file = nullptr;
        FcCharSet* charset = nullptr;
        int index = 0;
        // Only a font that really has Chinese glyphs ('中' U+4E2D) will do.
        const bool has_chinese =
            FcPatternGetCharSet(match, FC_CHARSET, 0, &charset) == FcResultMatch && FcCharSetHasChar(charset, 0x4E2D);
        if (has_chinese && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
            FcPatternGetInteger(match, FC_INDEX, 0, &index);
            found.path = reinterpret_cast<const char*>(file);
            found.index = index;
        }
        FcPatternDestroy(match);
    }
    FcPatternDestroy(pattern);
    return found;
}

std::vector<std::string> MapTexts(const World& world) {
    std::vector<std::string> texts;
    texts.reserve(world.grids.size() + world.resources.size());
    for (std::size_t i = 0; i < world.grids.size(); ++i) texts.push_back(DisplayName(world.grids, i));
    for (const Resource& r : world.resources) texts.push_back(r.name);
    // Case texts already in the log; a later case with a rare character shows it as '?'.
    for (const Incident& c : world.incidents.cases) texts.push_back(c.text);
    return texts;
}

Fonts LoadFonts(const std::vector<std::string>& texts, float ui_size, float label_size) {
    ImGuiIO& io = ImGui::GetIO();
    Fonts fonts;
    // The ranges must outlive the atlas build. Panels get the common Chinese characters too (for typing
    // a search); map labels only need the characters of the names on the map.
    static ImVector<ImWchar> ui_ranges, label_ranges;
    ui_ranges.clear();
    label_ranges.clear();
    ImFontGlyphRangesBuilder label_builder;
    label_builder.AddRanges(io.Fonts->GetGlyphRangesDefault());
    label_builder.AddText("0123456789 km≈");  // ETA labels; "≈": an estimate where the roads do not reach
    for (const std::string& t : texts) label_builder.AddText(t.c_str());
    label_builder.BuildRanges(&label_ranges);
    ImFontGlyphRangesBuilder ui_builder;
    ui_builder.AddRanges(label_ranges.Data);
    ui_builder.AddRanges(io.Fonts->GetGlyphRangesChineseSimplifiedCommon());
    // Every Chinese character the panels and layers write (collected from ui/, layers/ and the lifecycle's labels).
    ui_builder.AddText(
        "上下不业中乱事于井交亭亮人仅他件任伏优传位余作例倒停元先全公共其内写农况准击列别到前剩力办动化区协单占原双发受"
        "只可号合名后告员周商回因围图土在地场圾址坏坠垃堆塌填境处备复外多夜天存定实宣容小尘尺层属巡工已市幅广序应底店废"
        "度康建张录必态患情或户所手扬扰找抛护报拍招挂指按挡挥损排接控搜摆摊撤操改放效整料新施无旧早时显智晾暂暴最期木未"
        "本机条来果查标栏树栓核格案桶横比民气水沿泄法注洁洒洗派涂消渣游源溢满漏火灯点烤烧热照燃牌物状环现理用由电的监盖"
        "盲督码破确示社离秩积称移空突立站符第筑管类索级纬线经结续绿编网置老者联能脏自至范营行街被规记设话详语请读调负责"
        "贴贸资超足距路车辆辖边过近违退适选通道遣部重量铁门问间队防限陷随隐需露非面题飞高龙");
    ui_builder.AddText("来源模拟调度接入");  // the history's origin column (ui/incident_panels.cpp HistoryOrigin)
    ui_builder.BuildRanges(&ui_ranges);

    const FontFile regular = FindCjkFont(false);
    const FontFile bold = FindCjkFont(true);
    if (regular.path.empty()) {
        fonts.ui = io.Fonts->AddFontDefault();
        fonts.label = fonts.ui;
        fonts.description = "no CJK font found (install fonts-noto-cjk); Chinese text will not show";
        return fonts;
    }
    ImFontConfig config;
    config.OversampleH = 1;
    config.OversampleV = 1;
    config.PixelSnapH = true;
    config.FontNo = regular.index;
    fonts.ui = io.Fonts->AddFontFromFileTTF(regular.path.c_str(), ui_size, &config, ui_ranges.Data);
    ImFontConfig label_config = config;
    const FontFile& label_file = bold.path.empty() ? regular : bold;
    label_config.FontNo = label_file.index;
    fonts.label = io.Fonts->AddFontFromFileTTF(label_file.path.c_str(), label_size, &label_config, label_ranges.Data);
    if (!fonts.ui || !fonts.label) {
        fonts.ui = fonts.label = io.Fonts->AddFontDefault();
        fonts.description = "cannot load " + regular.path;
        return fonts;
    }
    fonts.cjk = true;
    fonts.description = regular.path;
    return fonts;
}

std::u32string MissingGlyphs(const ImFont* font, std::string_view text) {
    std::u32string missing;
    if (!font) return missing;
    const char* at = text.data();
    const char* end = text.data() + text.size();
    while (at < end) {
        unsigned int c = 0;
        const int length = ImTextCharFromUtf8(&c, at, end);
        if (length <= 0) break;
        at += length;
        if (c < 0x20 || c > 0xFFFF || c == IM_UNICODE_CODEPOINT_INVALID) continue;
        if (!font->FindGlyphNoFallback(static_cast<ImWchar>(c)) &&
            missing.find(static_cast<char32_t>(c)) == std::u32string::npos) {
            missing.push_back(static_cast<char32_t>(c));
        }
    }
    return missing;
}

}  // namespace gridlink
