// Render-test helpers.
#include "render_support.h"

#include <gdal_priv.h>
#include <gdal_utils.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cstdlib>
#include <filesystem>

#include "data/ogr_geometry.h"

namespace gridlink::test {

OffscreenRenderer& Renderer() {
    static std::unique_ptr<OffscreenRenderer> renderer = [] {
        auto r = OffscreenRenderer::Create();
        if (!r) {
            ADD_FAILURE() << r.error();
            std::abort();
        }
        return std::move(r.value());
    }();
    return *renderer;
}

double DifferentFraction(const Picture& a, const Picture& b) {
    if (a.width != b.width || a.height != b.height) return 1.0;
    std::size_t different = 0;
    for (std::size_t i = 0; i < a.rgba.size(); i += 4) {
        int worst = 0;
        for (int c = 0; c < 4; ++c) worst = std::max(worst, std::abs(int(a.rgba[i + c]) - int(b.rgba[i + c])));
        different += worst > kChannelTolerance;
    }
    return static_cast<double>(different) / (a.rgba.size() / 4);
}

::testing::AssertionResult MatchesGolden(const Picture& actual, const std::string& name) {
    const std::string golden = std::string(GRIDLINK_SOURCE_DIR) + "/tests/golden/" + name + ".png";
    const char* update = std::getenv("GRIDLINK_UPDATE_GOLDEN");
    if (update && std::string(update) == "1") {
        if (Status s = WritePng(golden, actual); !s) return ::testing::AssertionFailure() << s.error();
        return ::testing::AssertionSuccess() << "golden rewritten: " << golden;
    }
    auto expected = ReadPng(golden);
    if (!expected) {
        return ::testing::AssertionFailure() << expected.error() << " (run with GRIDLINK_UPDATE_GOLDEN=1 to create it)";
    }
    const double fraction = DifferentFraction(actual, expected.value());
    if (fraction <= kMaxDifferentFraction) return ::testing::AssertionSuccess();
    const std::string out = std::filesystem::absolute(name + ".actual.png").string();
    (void)WritePng(out, actual);
    return ::testing::AssertionFailure() << name << ": " << fraction * 100 << "% of pixels differ by more than "
                                         << kChannelTolerance << " (allowed " << kMaxDifferentFraction * 100
                                         << "%); actual picture written to " << out;
}

std::vector<std::uint32_t> RasterizeGrids(const World& world, int level, const Box& extent, int width, int height) {
    GDALAllRegister();
    GDALDriver* memory = GetGDALDriverManager()->GetDriverByName("Memory");
    std::unique_ptr<GDALDataset> vector(memory->Create("", 0, 0, 0, GDT_Unknown, nullptr));
    OGRLayer* layer = vector->CreateLayer("grids", const_cast<OGRSpatialReference*>(&world.crs.srs()), wkbMultiPolygon);
    OGRFieldDefn burn("burn", OFTInteger);
    layer->CreateField(&burn);
    for (std::size_t i = 0; i < world.grids.size(); ++i) {
        const Grid& g = world.grids[i];
        if (level && g.level != level) continue;
        OGRFeature f(layer->GetLayerDefn());
        f.SetField("burn", static_cast<int>(i + 1));
        OGRMultiPolygon mp = ToOgr(g.shape);
        f.SetGeometry(&mp);
        EXPECT_EQ(layer->CreateFeature(&f), OGRERR_NONE);
    }
    std::vector<std::string> words = {"-a",
                                      "burn",
                                      "-ot",
                                      "UInt32",
                                      "-of",
                                      "MEM",
                                      "-init",
                                      "0",
                                      "-te",
                                      std::to_string(extent.min_x),
                                      std::to_string(extent.min_y),
                                      std::to_string(extent.max_x),
                                      std::to_string(extent.max_y),
                                      "-ts",
                                      std::to_string(width),
                                      std::to_string(height)};
    std::vector<char*> argv;
    for (std::string& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    GDALRasterizeOptions* options = GDALRasterizeOptionsNew(argv.data(), nullptr);
    int usage_error = 0;
    GDALDatasetH raster = GDALRasterize("", nullptr, GDALDataset::ToHandle(vector.get()), options, &usage_error);
    GDALRasterizeOptionsFree(options);
    std::vector<std::uint32_t> ids(static_cast<std::size_t>(width) * height, 0);
    if (!raster) {
        ADD_FAILURE() << "gdal_rasterize failed: " << CPLGetLastErrorMsg();
        return ids;
    }
    GDALRasterBandH band = GDALGetRasterBand(raster, 1);
    if (GDALRasterIO(band, GF_Read, 0, 0, width, height, ids.data(), width, height, GDT_UInt32, 0, 0) != CE_None) {
        ADD_FAILURE() << "cannot read the rasterized band";
    }
    GDALClose(raster);
    return ids;
}

std::vector<std::uint32_t> IdsFromPicture(const Picture& p) {
    std::vector<std::uint32_t> ids(static_cast<std::size_t>(p.width) * p.height);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        ids[i] = p.rgba[i * 4] | (p.rgba[i * 4 + 1] << 8) | (p.rgba[i * 4 + 2] << 16);
    }
    return ids;
}

}  // namespace gridlink::test
