// The workstation's panels, one free function each (STYLE.md 6).
#pragma once

namespace gridlink {

struct App;

void ShowLayersPanel(App& app);
void ShowGridTree(App& app);
void ShowSelectionPanel(App& app);
void ShowStatusBar(App& app);

}  // namespace gridlink
