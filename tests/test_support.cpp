// Test helpers.
#include "test_support.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "data/demo_city.h"
#include "data/workspace.h"

namespace gridlink::test {

std::string SharedData(const std::string& name) { return std::string(GRIDLINK_SHARED_DATA) + "/" + name; }

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
        return demo;
    }();
    return world;
}

const World& Chicago() {
    static const World world = [] {
        GridSourceSpec spec;
        spec.path = SharedData("chicago_community_areas.geojson");
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
