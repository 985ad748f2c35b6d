// A small JSON reader and string quoting for the core: config.json import, the
// model and engine assets, scenario files. No exceptions (the web build has none);
// nesting depth and input size are bounded so hostile input cannot exhaust the stack.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace infercalc::json {

class Value {
 public:
  enum class Type { Null, Bool, Number, String, Array, Object };
  using Member = std::pair<std::string, Value>;

  Value() = default;
  static Value make_bool(bool b);
  static Value make_number(double d);
  static Value make_string(std::string s);
  static Value make_array(std::vector<Value> items);
  static Value make_object(std::vector<Member> members);

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::Null; }
  bool is_bool() const { return type_ == Type::Bool; }
  bool is_number() const { return type_ == Type::Number; }
  bool is_string() const { return type_ == Type::String; }
  bool is_array() const { return type_ == Type::Array; }
  bool is_object() const { return type_ == Type::Object; }

  bool boolean() const { return bool_; }
  double number() const { return number_; }
  const std::string& string() const { return string_; }
  const std::vector<Value>& array() const { return array_; }
  const std::vector<Member>& object() const { return object_; }

  // Object member by key, or nullptr (also when this is not an object).
  const Value* find(std::string_view key) const;

 private:
  Type type_ = Type::Null;
  bool bool_ = false;
  double number_ = 0;
  std::string string_;
  std::vector<Value> array_;
  std::vector<Member> object_;
};

// Parses one JSON document. The error names line and column.
Expected<Value> parse(std::string_view text);

// `s` as a JSON string literal, quotes included, with control characters escaped.
std::string quote(std::string_view s);

// A number as JSON: shortest round-trip form, integers without a decimal point,
// and "null" for NaN or infinity (JSON has neither).
std::string number(double d);

}  // namespace infercalc::json
