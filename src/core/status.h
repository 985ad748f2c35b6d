// Error reporting for the core without exceptions (the web build has none):
// functions that can fail return Expected<T>, holding either a value or an Error
// that names the offending field and what is allowed.
#pragma once
#include <string>
#include <utility>
#include <variant>

namespace infercalc {

struct Error {
  std::string field;    // the input that was wrong, e.g. "tp" or "config.json: hidden_size"
  std::string message;  // what is allowed / what went wrong, one line
  std::string text() const { return field.empty() ? message : field + ": " + message; }
};

template <class T>
class Expected {
 public:
  Expected(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Expected(Error error) : v_(std::move(error)) {}      // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T& value() const { return std::get<0>(v_); }
  T& value() { return std::get<0>(v_); }
  const T& operator*() const { return value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace infercalc
