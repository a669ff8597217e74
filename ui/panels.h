// The workstation's panels, one free function each (STYLE.md 6).
#pragma once

#include <functional>

namespace gridlink {

struct App;
class ChoroplethLayer;
struct ChoroplethLegend;

// The choropleth's measure (a combo) and its legend, for the Layers panel and the wall.
void ShowChoroplethControls(ChoroplethLayer& layer, const std::function<void()>& changed);
// A choropleth legend: one swatch and label per class, then "no data" when some grid has none.
void ShowChoroplethLegend(const ChoroplethLegend& legend);

// The status bar's height is a frame's height and this much.
inline constexpr float kStatusBarPadding = 6;

void ShowLayersPanel(App& app);
void ShowGridTree(App& app);
void ShowSelectionPanel(App& app);
void ShowStatusBar(App& app);

}  // namespace gridlink
