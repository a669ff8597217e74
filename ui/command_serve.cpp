// Placeholder until it lands.
#include "commands.h"

namespace gridlink {
int CommandServe(const std::vector<std::string>&) { return Fail("serve: not built yet"); }
}  // namespace gridlink
