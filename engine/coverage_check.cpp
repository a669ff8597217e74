// Placeholder: being written.
#include "coverage_check.h"
