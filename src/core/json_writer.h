// Writes one JSON document with fixed indentation; members appear in call order.
// Shared by the estimate and plan reports so their layouts match. Non-finite
// numbers are written as null (JSON has no NaN).
#pragma once
#include <string>

#include "core/json.h"

namespace infercalc::json {

class Writer {
 public:
  void open(const char* key = nullptr) { begin(key); out_ += "{"; first_ = true; ++depth_; }
  void close() { --depth_; newline(); out_ += "}"; first_ = false; }
  void open_array(const char* key) { begin(key); out_ += "["; first_ = true; ++depth_; }
  void close_array() { --depth_; newline(); out_ += "]"; first_ = false; }
  void num(const char* key, double v) { begin(key); out_ += number(v); }
  void num_or_null(const char* key, double v, bool present) { begin(key); out_ += present ? number(v) : "null"; }
  void str(const char* key, const std::string& v) { begin(key); out_ += quote(v); }
  void boolean(const char* key, bool v) { begin(key); out_ += v ? "true" : "false"; }
  void null(const char* key) { begin(key); out_ += "null"; }
  // A whole JSON document written by another Writer, indented to this depth.
  void raw(const char* key, const std::string& doc) {
    begin(key);
    std::string text = doc;
    while (!text.empty() && text.back() == '\n') text.pop_back();
    for (char c : text) {
      out_ += c;
      if (c == '\n') out_.append(static_cast<std::size_t>(depth_) * 2, ' ');
    }
  }
  std::string take() { return out_ + "\n"; }

 private:
  void newline() {
    out_ += '\n';
    out_.append(static_cast<std::size_t>(depth_) * 2, ' ');
  }
  void begin(const char* key) {
    if (depth_ > 0) {
      if (!first_) out_ += ',';
      newline();
    }
    first_ = false;
    if (key) {
      out_ += quote(key);
      out_ += ": ";
    }
  }
  std::string out_;
  int depth_ = 0;
  bool first_ = true;
};

}  // namespace infercalc::json
