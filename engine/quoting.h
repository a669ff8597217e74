// Showing a sender's text inside a message, an answer line or a TSV cell: control characters escaped,
// length bounded, so that no echoed value can split one answer into two or break a column.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gridlink {

// Control characters are U+0000..U+001F and U+007F.
inline bool IsControlCharacter(unsigned char c) { return c < 0x20 || c == 0x7f; }

// Control characters as \xNN, backslashes doubled, cut to max_bytes on a UTF-8 boundary with "..." added.
// The result never holds a newline, tab or NUL.
std::string EscapeForAnswer(std::string_view text, std::size_t max_bytes = 256);

// A whole message as one line: control characters as \xNN, nothing else changed. What every answer and
// log line goes through, whatever its parts held.
std::string OneLine(std::string_view text);

// Ok, or "FIELD: contains a control character (U+000A) at byte 3": for identifiers that are printed in
// answers, TSV and panels (ids, statuses, operator names).
std::string ControlCharacterError(std::string_view field, std::string_view value);

}  // namespace gridlink
