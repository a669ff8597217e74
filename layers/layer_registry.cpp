// The registry: one line per layer, bottom to top. Every NAME_layer.h comes in through the generated
// every_layer.h (layers/CMakeLists.txt finds the pairs by name), so a new layer adds only its line here.
#include "layer_registry.h"

#include "layers/every_layer.h"

namespace gridlink {

template <typename T>
static std::unique_ptr<Layer> Make() {
    return std::make_unique<T>();
}

const std::vector<LayerEntry>& LayerRegistry() {
    static const std::vector<LayerEntry> registry = {
        {"basemap", &Make<BasemapLayer>},       {"grids", &Make<GridsLayer>},
        {"choropleth", &Make<ChoroplethLayer>}, {"heat", &Make<HeatLayer>},
        {"tracks", &Make<TracksLayer>},         {"resources", &Make<ResourcesLayer>},
        {"dispatch", &Make<DispatchLayer>},     {"incidents", &Make<IncidentsLayer>},
        {"labels", &Make<LabelsLayer>},
    };
    return registry;
}

}  // namespace gridlink
