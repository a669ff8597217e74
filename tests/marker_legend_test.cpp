// The markers' key (ui/marker_legend.h) names every row of the tables the layers draw with: each category,
// each resource kind and each status, so that a kind or category added to its table shows in the key too.
#include "ui/marker_legend.h"

#include <gtest/gtest.h>

#include "engine/incident.h"
#include "engine/resource_kinds.h"

namespace gridlink {
namespace {

TEST(MarkerLegend, TheKeyNamesEveryCategoryKindAndStatusOfTheTables) {
    const std::string texts = MarkerKeyTexts();
    for (const IncidentCategory& c : kIncidentCategories) EXPECT_NE(texts.find(c.name_zh), std::string::npos) << c.code;
    for (const ResourceKindInfo& k : kResourceKinds) EXPECT_NE(texts.find(k.name_zh), std::string::npos) << k.code;
    for (const ResourceStatusInfo& s : kResourceStatuses) EXPECT_NE(texts.find(s.name_zh), std::string::npos) << s.code;
    for (const char* state : {"上报", "立案", "派遣", "接单", "处置", "核查", "退回", "超时"}) {
        EXPECT_NE(texts.find(state), std::string::npos) << state;
    }
}

}  // namespace
}  // namespace gridlink
