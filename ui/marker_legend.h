// The key to the map's markers: a case's shape by category, colour by priority and style by state, its new and
// overdue rings, and the resources' symbols by kind and colours by status. Everything is read from the tables
// the layers draw with (layers/markers.h, engine/incident.h, engine/resource_kinds.h), never a copy of them.
#pragma once

#include <string>

namespace gridlink {

struct App;

// The key itself, in the current window: swatches `size` pixels tall, as many columns as the width allows;
// `dark` draws rims and text for a dark background (the wall).
void ShowMarkerKey(float size, bool dark);
// Every label the key writes (for a font atlas built from the texts a seat shows).
std::string MarkerKeyTexts();

// The workstation's legend: a window in the left column, folded until opened.
void ShowMarkerLegend(App& app);

}  // namespace gridlink
