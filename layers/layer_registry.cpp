// The registry: one line per layer, bottom to top.
#include "layer_registry.h"

#include "basemap_layer.h"
#include "dispatch_layer.h"
#include "grids_layer.h"
#include "incidents_layer.h"
#include "labels_layer.h"
#include "resources_layer.h"

namespace gridlink {

template <typename T>
static std::unique_ptr<Layer> Make() {
    return std::make_unique<T>();
}

const std::vector<LayerEntry>& LayerRegistry() {
    static const std::vector<LayerEntry> registry = {
        {"basemap", &Make<BasemapLayer>},
        {"grids", &Make<GridsLayer>},
        {"resources", &Make<ResourcesLayer>},
        {"dispatch", &Make<DispatchLayer>},
        {"incidents", &Make<IncidentsLayer>},
        {"labels", &Make<LabelsLayer>},
    };
    return registry;
}

}  // namespace gridlink
