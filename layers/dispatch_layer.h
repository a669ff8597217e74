// The dispatch layer (扁平化派遣): a dashed line from each open case's responder to the case, flowing toward
// the incident (blue while dispatched, green once accepted), thinner red lines from the summoned volunteers
// who answered, and the responder's ETA and distance beside the line at close zoom.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "layer.h"

namespace gridlink {

// Lines show while markers do (below markers::kVisibleBelowMpp). The responder's end of a line glides
// with its marker (the resources layer's glide: same duration and curve, started on the same frame) and stops
// short of the marker so that its colour stays readable. ETAs come from EstimateArrival (a shortest-path
// search when the workspace has roads; ArrivalOf's rule, as in the ranking: "≈" marks the bounded estimate
// where the roads do not cover the trip), cached per case and responder revision, at most
// kMaxEtaSearchesPerFrame new ones a frame (busy() asks for another frame).
class DispatchLayer : public Layer {
  public:
    std::string_view id() const override { return "dispatch"; }
    std::string_view title() const override { return "派遣 Dispatch"; }
    Status create(const World& world, LayerSetup& setup) override;
    // kChangeIncidents or kChangeResources: collects the lines again (when the log moved).
    void update(const World& world, const MapSelection& selection, unsigned changes) override;
    void draw(const FrameContext& frame) override;
    // The dashes flow while any line was in view in the last frame.
    bool animating() const override { return lines_in_view_ > 0 && opacity > 0; }
    bool busy() const override { return etas_pending_; }

    // ETA labels show below this (metres per pixel), at most kMaxEtaLabels a frame.
    static constexpr double kEtaBelowMpp = 8.0;
    static constexpr std::size_t kMaxEtaLabels = 24;
    static constexpr std::size_t kMaxEtaSearchesPerFrame = 8;

    enum class LineKind : std::uint8_t { kDispatched, kAccepted, kVolunteer };
    struct Line {
        std::size_t incident = 0;
        std::size_t resource = 0;  // index into World::resources
        LineKind kind = LineKind::kDispatched;
        Vec2 from, to;  // the responder (where its glide ends) and the incident
    };
    const std::vector<Line>& lines() const { return lines_; }
    // For tests: ETA labels the last frame drew, and ETA searches run since create.
    std::size_t drawn_labels() const { return drawn_labels_; }
    std::size_t eta_searches() const { return eta_searches_; }

  private:
    struct Instance {
        LocalVertex from_start, from;
        float start;
        LocalVertex to;
        std::uint8_t r, g, b, a;
        float width;
    };
    struct Eta {
        std::size_t resource = 0;
        std::int64_t revision = -1;
        std::string text;
    };
    void collect(const World& world);
    const std::string* eta_text(const World& world, const Line& line, std::size_t& searches);
    float layer_time(double frame_time);

    gl::Program* program_ = nullptr;
    Vec2 origin_;
    std::unique_ptr<gl::VertexArray> vao_;
    std::unique_ptr<gl::Buffer> vbo_;
    std::vector<Line> lines_;
    std::vector<Instance> instances_;
    std::vector<std::uint8_t> gliding_;  // per line: its glide starts at the next frame
    std::int64_t revision_ = -1;         // world.incidents.revision the lines show
    bool dirty_ = false;
    std::unordered_map<std::size_t, Eta> etas_;  // by case index

    double time_base_ = 0;
    bool clock_started_ = false;
    double last_time_ = 0;
    std::size_t lines_in_view_ = 0;
    std::size_t drawn_labels_ = 0;
    std::size_t eta_searches_ = 0;
    bool etas_pending_ = false;
};

}  // namespace gridlink
