// placeholder
#include "resource_index.h"
