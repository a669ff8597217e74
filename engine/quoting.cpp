// Escaping a sender's text for messages and answer lines (see quoting.h).
#include "quoting.h"

#include <algorithm>
#include <cstdio>

namespace gridlink {

std::string EscapeForAnswer(std::string_view text, std::size_t max_bytes) {
    std::string out;
    out.reserve(std::min(text.size(), max_bytes) + 8);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (out.size() >= max_bytes) {
            // Cut on a UTF-8 boundary: drop a partial character at the end.
            while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
            if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
            return out + "...";
        }
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
            out += escaped;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

}  // namespace gridlink
