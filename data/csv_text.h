// CSV as gridlink writes it (RFC 4180), shared by the writers of `assign`, `report` and review's case export: a
// field quoted when it holds a comma, a quote or a line break, or begins or ends with a space (a reader that
// trims would lose it), its quotes doubled; and a whole table of such fields.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gridlink {

inline void AppendCsvField(std::string& out, std::string_view text) {
    const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                       (!text.empty() && (text.front() == ' ' || text.back() == ' '));
    if (!quote) {
        out += text;
        return;
    }
    out += '"';
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

// The header line, then one line per row; every line ends with '\n'.
inline std::string CsvTable(const std::vector<std::string>& columns,
                            const std::vector<std::vector<std::string>>& rows) {
    std::string text;
    auto line = [&text](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i) text += ',';
            AppendCsvField(text, cells[i]);
        }
        text += '\n';
    };
    line(columns);
    for (const std::vector<std::string>& row : rows) line(row);
    return text;
}

}  // namespace gridlink
