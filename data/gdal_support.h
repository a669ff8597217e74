// Small GDAL helpers shared by the readers and writers in data/: owning pointers for datasets and
// features, registering the drivers once, and GDAL's last error message.
#pragma once

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>

namespace gridlink {

struct DatasetCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

struct FeatureDeleter {
    void operator()(OGRFeature* f) const { OGRFeature::DestroyFeature(f); }
};
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDeleter>;

// Registers GDAL's drivers (once per process).
inline void EnsureGdal() {
    static const bool once = [] {
        GDALAllRegister();
        return true;
    }();
    (void)once;
}

// ": MESSAGE" for GDAL's last error, or "" when it has none.
inline std::string LastGdalError() {
    const char* m = CPLGetLastErrorMsg();
    return m && *m ? std::string(": ") + m : std::string();
}

}  // namespace gridlink
