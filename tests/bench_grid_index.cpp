// Placeholder: being written.
#include <benchmark/benchmark.h>
