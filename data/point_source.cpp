// Placeholder: being written.
#include "point_source.h"
