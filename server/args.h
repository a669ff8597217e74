// A small command-line parser: positional words and --name VALUE options (or --flag), with clear
// errors for unknown options, missing values and bad numbers.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/result.h"

namespace gridlink {

class Args {
  public:
    // `valued` options take a value, `flags` take none. Anything else starting with "--" is an error.
    static Result<Args> Parse(const std::vector<std::string>& words, const std::set<std::string>& valued,
                              const std::set<std::string>& flags);

    const std::vector<std::string>& positional() const { return positional_; }
    bool has(const std::string& name) const { return values_.count(name) > 0; }
    std::string get(const std::string& name, const std::string& fallback = "") const;
    Result<long long> integer(const std::string& name, long long fallback, long long min, long long max) const;

  private:
    std::vector<std::string> positional_;
    std::map<std::string, std::string> values_;
};

// "1280x800" -> {1280, 800}
Result<std::pair<int, int>> ParseSize(const std::string& text);
// "minlon,minlat,maxlon,maxlat" -> four numbers
Result<std::vector<double>> ParseNumbers(const std::string& text, std::size_t count, const std::string& what);
std::vector<std::string> SplitList(const std::string& text);

}  // namespace gridlink
