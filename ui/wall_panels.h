// The wall's panels: free functions over the Wall (ui/wall.h), each drawing one block of figures with Dear ImGui
// where WallLayout puts it. They read Wall::figures (engine/assessment.h) and never compute a figure themselves.
#pragma once

#include <string>

#include "ui/wall.h"

namespace gridlink {

// The title bar: the centre's name, the workspace, the date and time, the feed.
void ShowWallHeader(Wall& wall);
// Today and this month side by side: reported, open, overdue, 结案率, 按期结案率.
void ShowWallFigures(Wall& wall);
// The grids with the most open (then overdue) cases.
void ShowWallTopGrids(Wall& wall);
// Reports (bars) and closures (line) per hour over the last 24 hours.
void ShowWallHourly(Wall& wall);
// This month's reports by category.
void ShowWallCategories(Wall& wall);
// Responders available / busy / off duty.
void ShowWallResponders(Wall& wall);
// The dark frame round the map (under the panels, over the map's labels there); call after the map is drawn.
void DrawWallBackdrop(Wall& wall);
// Over the map: the tour's street and timer, or the urgent case it flew to; the operator's keys.
void ShowWallTourCaption(Wall& wall);

// Over the map: the markers' key (bottom right) and, while the choropleth shows, its legend (top left).
void ShowWallLegends(Wall& wall);

// Every fixed text the panels write (headings, labels, the banner's words), for the font atlas.
std::string WallTexts();

// "97.1%", or "—" when nothing is due.
std::string FormatRate(const std::optional<double>& rate);

}  // namespace gridlink
