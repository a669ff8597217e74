// Every layer gridlink can draw, in drawing order. Adding a layer is one line in layer_registry.cpp
// (its file pair in layers/ and its shader pair in shaders/ are found by name).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "layer.h"

namespace gridlink {

struct LayerEntry {
    std::string_view id;
    std::unique_ptr<Layer> (*make)();
};

const std::vector<LayerEntry>& LayerRegistry();

}  // namespace gridlink
