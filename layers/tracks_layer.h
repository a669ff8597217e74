// The tracks layer: where each resource went over a time range (review), one polyline per resource in its kind's
// colour over a white halo, drawn with the shared line shaders. It holds only what the seat hands it (set_tracks).
#pragma once

#include <vector>

#include "engine/resource_kinds.h"
#include "layer.h"

namespace gridlink {

// One resource's positions over the range, in the World's CRS, in time order.
struct Track {
    ResourceKind kind = ResourceKind::kGridWorker;
    std::vector<Vec2> points;
};

class TracksLayer : public Layer {
  public:
    std::string_view id() const override { return "tracks"; }
    std::string_view title() const override { return "轨迹 Tracks"; }
    Status create(const World& world, LayerSetup& setup) override;
    void draw(const FrameContext& frame) override;

    // Replaces the tracks shown (uploaded at the next draw).
    void set_tracks(const std::vector<Track>& tracks);
    std::size_t segment_count() const { return segments_; }

  private:
    gl::Program* line_ = nullptr;
    Vec2 origin_;
    std::vector<std::vector<Segment>> pending_;  // per kind, until the next draw uploads them
    bool dirty_ = false;
    std::vector<LineBatch> batches_;  // per kind
    std::size_t segments_ = 0;
};

}  // namespace gridlink
