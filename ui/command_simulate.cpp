// Placeholder until it lands.
#include "commands.h"

namespace gridlink {
int CommandSimulate(const std::vector<std::string>&) { return Fail("simulate: not built yet"); }
}  // namespace gridlink
