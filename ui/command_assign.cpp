// Placeholder: being written.
#include "ui/commands.h"

namespace gridlink {

int CommandAssign(const std::vector<std::string>& words) {
    (void)words;
    return Fail("assign: not built yet");
}

}  // namespace gridlink
