// Test helpers.
#include "test_support.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>

#include "data/demo_city.h"
#include "data/workspace.h"

namespace gridlink::test {

std::string TestData(const std::string& name) { return std::string(GRIDLINK_TEST_DATA) + "/" + name; }

std::string SmallWorkspace(const std::string& name) {
    const std::string path = test::TempPath(name);
    EXPECT_TRUE(WriteWorkspace(path, test::SmallDemo()));
    return path;
}

Event ReportEvent(const std::string& id, double lon, double lat, std::int64_t t_ms) {
    Event e;
    e.type = EventType::kIncidentReported;
    e.id = id;
    e.t_ms = t_ms;
    e.t = FormatIsoTime(t_ms);
    e.lon = lon;
    e.lat = lat;
    e.category = 4;
    e.priority = 1;
    e.text = "井盖缺失 missing manhole cover";
    return e;
}

Event StepEvent(EventType type, const std::string& id, std::int64_t t_ms, const std::string& resource) {
    Event e;
    e.type = type;
    e.id = id;
    e.t_ms = t_ms;
    e.t = FormatIsoTime(t_ms);
    e.resource = resource;
    return e;
}

std::string TempPath(const std::string& name) {
    static const std::string dir = [] {
        const auto d = std::filesystem::temp_directory_path() / ("gridlink-test-" + std::to_string(getpid()));
        std::filesystem::create_directories(d);
        return d.string();
    }();
    const std::string path = dir + "/" + name;
    std::filesystem::remove(path);
    return path;
}

void WriteText(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

const World& SmallDemo() {
    static const World world = [] {
        auto w = GenerateDemoCity(DemoOptions{7, DemoScale::Small});
        if (!w) ADD_FAILURE() << w.error();
        World demo = w ? std::move(w.value()) : World{};
        IndexGrids(demo);  // as a workspace read from disk has it
        IndexResources(demo);
        IndexRoads(demo);
        return demo;
    }();
    return world;
}

const World& SmallDemoWithIncidents() {
    static const World world = [] {
        World w = SmallDemo();
        auto to_lonlat = Transform::Create(w.crs, Crs::LonLat());
        if (!to_lonlat) ADD_FAILURE() << to_lonlat.error();
        const Box box = w.bounds();
        std::uint64_t state = 12345;
        auto next = [&state] {  // a fixed LCG: the same incidents on every platform
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            return static_cast<double>(state >> 11) / 9007199254740992.0;
        };
        std::int64_t seq = 0;
        auto apply = [&](Event e) {
            e.seq = ++seq;
            e.t = FormatIsoTime(e.t_ms);
            if (Status s = ApplyEvent(w, e); !s) ADD_FAILURE() << s.error();
        };
        // The lifecycle path to each state, as event types after the report.
        using E = EventType;
        const std::vector<std::vector<E>> paths = {
            {},
            {E::kIncidentRegistered},
            {E::kIncidentRegistered, E::kIncidentDispatched},
            {E::kIncidentRegistered, E::kIncidentDispatched, E::kIncidentAccepted},
            {E::kIncidentRegistered, E::kIncidentDispatched, E::kIncidentAccepted, E::kIncidentHandled},
            {E::kIncidentRegistered, E::kIncidentDispatched, E::kIncidentAccepted, E::kIncidentHandled,
             E::kIncidentVerified},
            {E::kIncidentRegistered, E::kIncidentDispatched, E::kIncidentAccepted, E::kIncidentHandled,
             E::kIncidentVerified, E::kIncidentClosed},
            {E::kIncidentRegistered, E::kIncidentDispatched, E::kIncidentReturned},
            {E::kIncidentCancelled},
        };
        for (int i = 0; i < 72; ++i) {
            Event report;
            report.type = E::kIncidentReported;
            char id[32];
            std::snprintf(id, sizeof id, "T%04d", i + 1);
            report.id = id;
            // Inside: a point drawn until the index places it in some grid; outside: west of the district.
            const bool outside = i % 18 == 17;
            Vec2 p;
            for (int attempt = 0; attempt < 1000; ++attempt) {
                p = {box.min_x + (outside ? -0.05 : 0.1 + 0.8 * next()) * (box.max_x - box.min_x),
                     box.min_y + (0.1 + 0.8 * next()) * (box.max_y - box.min_y)};
                if (outside || !w.grid_index || w.grid_index->locate(p).grid >= 0) break;
            }
            if (w.grid_index) AssignEvent(*w.grid_index, w.grids, p, report);  // as the feed does on arrival
            const Vec2 at = p;
            if (to_lonlat) to_lonlat->apply(p);
            report.lon = p.x;
            report.lat = p.y;
            report.category = i % kCategoryCount;
            report.priority = 1 + i % 4;
            report.source = i % 3 == 0 ? "hotline_12345" : "grid_worker";
            report.text = "测试事件 test incident " + std::to_string(i + 1);
            report.t_ms = kIncidentClock - 3 * 3600 * 1000 + i * 150 * 1000;
            // The nearest free responder for each case, as a dispatcher would send (one active task per
            // resource, as the feed enforces); the case's position is in the World's CRS here.
            std::string resource;
            double nearest = std::numeric_limits<double>::infinity();
            for (const Resource& r : w.resources) {
                const double d = std::hypot(r.position.x - at.x, r.position.y - at.y);
                if (IsSendable(r) && d < nearest) {
                    nearest = d;
                    resource = r.id;
                }
            }
            apply(report);
            std::int64_t t = report.t_ms;
            for (E type : paths[i % paths.size()]) {
                Event e;
                e.type = type;
                e.id = report.id;
                t += 60 * 1000;
                e.t_ms = t;
                if (type == E::kIncidentDispatched) e.resource = resource;
                if (type == E::kIncidentReturned) e.reason = "不属于本单位 not ours";
                if (type == E::kIncidentCancelled) e.reason = "重复上报 duplicate";
                apply(e);
            }
        }
        return w;
    }();
    return world;
}

const World& Chicago() {
    static const World world = [] {
        GridSourceSpec spec;
        spec.path = TestData("chicago_community_areas.geojson");
        spec.id_field = "area_numbe";
        spec.name_field = "community";
        ReadReport report;
        auto w = WorldFromGridSource(spec, &report);
        if (!w) ADD_FAILURE() << w.error();
        return w ? std::move(w.value()) : World{};
    }();
    return world;
}

}  // namespace gridlink::test
