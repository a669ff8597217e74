// Placeholder until its tests land.
#include <gtest/gtest.h>
