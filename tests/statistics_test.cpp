// Percentiles by the nearest rank, as the workstation's and `gridlink simulate`'s latency reports give them.
#include "engine/statistics.h"

#include <gtest/gtest.h>

#include <vector>

namespace gridlink {
namespace {

TEST(Percentile, NearestRankOfUnsortedSamples) {
    const std::vector<double> five = {5, 1, 4, 2, 3};
    EXPECT_EQ(Percentile(five, 0), 1);
    EXPECT_EQ(Percentile(five, 0.2), 1);
    EXPECT_EQ(Percentile(five, 0.21), 2);
    EXPECT_EQ(Percentile(five, 0.5), 3);
    EXPECT_EQ(Percentile(five, 0.99), 5);
    EXPECT_EQ(Percentile(five, 1), 5);
}

TEST(Percentile, HundredSamples) {
    std::vector<double> samples;
    for (int i = 100; i >= 1; --i) samples.push_back(i);
    EXPECT_EQ(Percentile(samples, 0.5), 50);
    EXPECT_EQ(Percentile(samples, 0.99), 99);
    EXPECT_EQ(Percentile(samples, 1), 100);
    std::vector<double> ten(samples.end() - 10, samples.end());  // 10 .. 1
    EXPECT_EQ(Percentile(ten, 0.7), 7);                          // 0.7 x 10 is a hair above 7 in doubles
    EXPECT_EQ(Percentile(ten, 0.3), 3);
}

TEST(Percentile, EdgeCases) {
    EXPECT_EQ(Percentile({}, 0.5), 0);
    EXPECT_EQ(Percentile({42}, 0), 42);
    EXPECT_EQ(Percentile({42}, 0.99), 42);
    EXPECT_EQ(Percentile({1, 2}, -1), 1);
    EXPECT_EQ(Percentile({1, 2}, 2), 2);
    EXPECT_EQ(Percentile({1, 2}, 0.5), 1);  // the lower of two: half the samples are at or below it
}

}  // namespace
}  // namespace gridlink
