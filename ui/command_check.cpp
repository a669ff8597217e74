// Placeholder: being written.
#include "ui/commands.h"

namespace gridlink {

int CommandCheck(const std::vector<std::string>& words) {
    (void)words;
    return Fail("check: not built yet");
}

}  // namespace gridlink
