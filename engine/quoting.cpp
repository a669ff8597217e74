// Escaping a sender's text for messages and answer lines (see quoting.h).
#include "quoting.h"

#include <algorithm>
#include <cstdio>

namespace gridlink {

namespace {

void AppendEscaped(std::string& out, unsigned char c) {
    char escaped[8];
    std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
    out += escaped;
}

}  // namespace

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
        } else if (IsControlCharacter(c)) {
            AppendEscaped(out, c);
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string OneLine(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        if (IsControlCharacter(static_cast<unsigned char>(ch))) {
            AppendEscaped(out, static_cast<unsigned char>(ch));
        } else {
            out += ch;
        }
    }
    return out;
}

std::string ControlCharacterError(std::string_view field, std::string_view value) {
    for (std::size_t i = 0; i < value.size(); ++i) {
        const auto c = static_cast<unsigned char>(value[i]);
        if (IsControlCharacter(c)) {
            char what[96];
            std::snprintf(what, sizeof what, ": contains a control character (U+%04X) at byte %zu", c, i);
            return std::string(field) + what;
        }
    }
    return {};
}

}  // namespace gridlink
