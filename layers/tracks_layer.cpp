// The tracks layer (see tracks_layer.h): segments grouped by resource kind, one LineBatch each.
#include "tracks_layer.h"

namespace gridlink {

static constexpr std::size_t kKinds = 5;  // ResourceKind's values

Status TracksLayer::create(const World&, LayerSetup& setup) {
    auto line = setup.programs.get("line", LineShaders());
    if (!line) return Error{"tracks layer: " + line.error()};
    line_ = line.value();
    origin_ = setup.origin;
    batches_.resize(kKinds);
    return {};
}

void TracksLayer::set_tracks(const std::vector<Track>& tracks) {
    pending_.assign(kKinds, {});
    segments_ = 0;
    for (const Track& track : tracks) {
        auto& out = pending_[static_cast<std::size_t>(track.kind) % kKinds];
        for (std::size_t i = 1; i < track.points.size(); ++i) {
            out.push_back({ToLocal(track.points[i - 1], origin_), ToLocal(track.points[i], origin_)});
        }
        segments_ += track.points.size() > 1 ? track.points.size() - 1 : 0;
    }
    dirty_ = true;
}

void TracksLayer::draw(const FrameContext& frame) {
    if (!line_) return;
    if (dirty_) {
        for (std::size_t k = 0; k < kKinds; ++k) batches_[k].upload(pending_[k]);
        pending_.clear();
        dirty_ = false;
    }
    if (segments_ == 0) return;
    // A white halo under every track, then each kind in its colour, a little darker than its marker.
    for (const LineBatch& batch : batches_) batch.draw(*line_, frame, 4.5f, {255, 255, 255, 255}, 0.8f * opacity);
    for (std::size_t k = 0; k < kKinds; ++k) {
        Rgba c = InfoOf(static_cast<ResourceKind>(k)).colour;
        c = {static_cast<std::uint8_t>(c.r * 0.8), static_cast<std::uint8_t>(c.g * 0.8),
             static_cast<std::uint8_t>(c.b * 0.8), 255};
        batches_[k].draw(*line_, frame, 2.5f, c, opacity);
    }
}

}  // namespace gridlink
