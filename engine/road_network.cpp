// placeholder
#include "road_network.h"
