// Showing a sender's text inside a message, an answer line or a TSV cell: control characters escaped,
// length bounded, so that no echoed value can split one answer into two or break a column.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gridlink {

// Control characters (U+0000..U+001F, U+007F) as \xNN, backslashes doubled, cut to max_bytes on
// a UTF-8 boundary with "..." added. The result never holds a newline, tab or NUL.
std::string EscapeForAnswer(std::string_view text, std::size_t max_bytes = 256);

}  // namespace gridlink
