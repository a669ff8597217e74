// Errors as values at boundaries: readers and commands return Result<T> whose message names the
// file, layer, line or field that was wrong. Nothing throws across the frame loop.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace gridlink {

struct Error {
    std::string message;
};

template <typename T>
class Result {
  public:
    Result(T value) : state_(std::move(value)) {}
    Result(Error error) : state_(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<T>(state_); }
    const T& value() const { return std::get<T>(state_); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const std::string& error() const { return std::get<Error>(state_).message; }

  private:
    std::variant<T, Error> state_;
};

// A result with no value: ok, or an error message.
class Status {
  public:
    Status() = default;
    Status(Error error) : error_(std::move(error.message)) {}
    bool ok() const { return !error_; }
    explicit operator bool() const { return ok(); }
    const std::string& error() const { return *error_; }

  private:
    std::optional<std::string> error_;
};

}  // namespace gridlink
