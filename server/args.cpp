// Command-line parsing.
#include "args.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace gridlink {

Result<Args> Args::Parse(const std::vector<std::string>& words, const std::set<std::string>& valued,
                         const std::set<std::string>& flags) {
    Args args;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& w = words[i];
        if (w.rfind("--", 0) != 0 || w == "--") {
            args.positional_.push_back(w);
            continue;
        }
        std::string name = w.substr(2), value;
        const auto eq = name.find('=');
        const bool inline_value = eq != std::string::npos;
        if (inline_value) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (flags.count(name)) {
            args.values_.insert_or_assign(name, std::string(1, '1'));
        } else if (valued.count(name)) {
            if (!inline_value) {
                if (i + 1 >= words.size()) return Error{"option --" + name + " needs a value"};
                value = words[++i];
            }
            args.values_[name] = value;
        } else {
            return Error{"unknown option --" + name};
        }
    }
    return args;
}

std::string Args::get(const std::string& name, const std::string& fallback) const {
    auto it = values_.find(name);
    return it == values_.end() ? fallback : it->second;
}

Result<long long> Args::integer(const std::string& name, long long fallback, long long min, long long max) const {
    if (!has(name)) return fallback;
    const std::string text = get(name);
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end || errno || v < min || v > max) {
        return Error{"--" + name + " '" + text + "' is not a whole number from " + std::to_string(min) + " to " +
                     std::to_string(max)};
    }
    return v;
}

Result<std::pair<int, int>> ParseSize(const std::string& text) {
    int w = 0, h = 0;
    char x = 0, extra = 0;
    std::istringstream in(text);
    if (!(in >> w >> x >> h) || (x != 'x' && x != 'X') || (in >> extra) || w < 16 || h < 16 || w > 16384 || h > 16384) {
        return Error{"--size '" + text + "' is not WIDTHxHEIGHT between 16 and 16384 pixels"};
    }
    return std::pair{w, h};
}

Result<std::vector<double>> ParseNumbers(const std::string& text, std::size_t count, const std::string& what) {
    std::vector<double> out;
    std::string item;
    std::istringstream in(text);
    while (std::getline(in, item, ',')) {
        char* end = nullptr;
        const double v = std::strtod(item.c_str(), &end);
        if (item.empty() || *end || !std::isfinite(v)) return Error{what + ": '" + item + "' is not a number"};
        out.push_back(v);
    }
    if (out.size() != count)
        return Error{what + ": expected " + std::to_string(count) + " numbers, got '" + text + "'"};
    return out;
}

std::vector<std::string> SplitList(const std::string& text) {
    std::vector<std::string> out;
    std::string item;
    std::istringstream in(text);
    while (std::getline(in, item, ',')) {
        if (!item.empty()) out.push_back(item);
    }
    return out;
}

}  // namespace gridlink
