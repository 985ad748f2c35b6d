#include "core/json.h"
#include "core/parse_number.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace infercalc::json {
namespace {

constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxInputBytes = 16u << 20;  // 16 MiB: no config.json is larger

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  Expected<Value> document() {
    if (s_.size() > kMaxInputBytes) return Error{"json", "input larger than 16 MiB"};
    Value v;
    if (!value(v, 0)) return fail();
    skip_ws();
    if (pos_ != s_.size()) {
      error_ = "unexpected text after the JSON value";
      return fail();
    }
    return v;
  }

 private:
  Error fail() const {
    int line = 1, col = 1;
    for (std::size_t i = 0; i < pos_ && i < s_.size(); ++i) {
      if (s_[i] == '\n') { ++line; col = 1; } else { ++col; }
    }
    return Error{"json", error_ + " at line " + std::to_string(line) + ", column " + std::to_string(col)};
  }

  void skip_ws() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t')) ++pos_;
  }

  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) { error_ = "invalid literal"; return false; }
    pos_ += word.size();
    return true;
  }

  bool value(Value& out, int depth) {
    if (depth > kMaxDepth) { error_ = "nesting deeper than 64 levels"; return false; }
    skip_ws();
    if (pos_ >= s_.size()) { error_ = "unexpected end of input"; return false; }
    char c = s_[pos_];
    if (c == '{') return object(out, depth);
    if (c == '[') return array(out, depth);
    if (c == '"') {
      std::string str;
      if (!string(str)) return false;
      out = Value::make_string(std::move(str));
      return true;
    }
    if (c == 't') { if (!literal("true")) return false; out = Value::make_bool(true); return true; }
    if (c == 'f') { if (!literal("false")) return false; out = Value::make_bool(false); return true; }
    if (c == 'n') { if (!literal("null")) return false; out = Value(); return true; }
    // Python's json.dumps writes NaN/Infinity into some config.json files; accept them as null.
    if (c == 'N') { if (!literal("NaN")) return false; out = Value(); return true; }
    if (c == 'I') { if (!literal("Infinity")) return false; out = Value(); return true; }
    if (c == '-' && s_.substr(pos_, 9) == "-Infinity") { pos_ += 9; out = Value(); return true; }
    return number(out);
  }

  bool number(Value& out) {
    std::size_t start = pos_;
    if (pos_ < s_.size() && s_[pos_] == '-') ++pos_;
    bool digits = false;
    while (pos_ < s_.size() && ((s_[pos_] >= '0' && s_[pos_] <= '9') || s_[pos_] == '.' || s_[pos_] == 'e' ||
                                s_[pos_] == 'E' || s_[pos_] == '+' || s_[pos_] == '-')) {
      digits = digits || (s_[pos_] >= '0' && s_[pos_] <= '9');
      ++pos_;
    }
    if (!digits) { pos_ = start; error_ = "expected a value"; return false; }
    // parse_double needs a terminated string; numbers are short, so copy.
    std::string text(s_.substr(start, pos_ - start));
    char* end = nullptr;
    double d = parse_double(text.c_str(), &end);
    if (end != text.c_str() + text.size()) { pos_ = start; error_ = "malformed number"; return false; }
    out = Value::make_number(d);
    return true;
  }

  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool hex4(unsigned& cp) {
    if (pos_ + 4 > s_.size()) { error_ = "truncated \\u escape"; return false; }
    cp = 0;
    for (int i = 0; i < 4; ++i) {
      char h = s_[pos_++];
      cp <<= 4;
      if (h >= '0' && h <= '9') cp |= static_cast<unsigned>(h - '0');
      else if (h >= 'a' && h <= 'f') cp |= static_cast<unsigned>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') cp |= static_cast<unsigned>(h - 'A' + 10);
      else { error_ = "invalid \\u escape"; return false; }
    }
    return true;
  }

  bool string(std::string& out) {
    ++pos_;  // opening quote
    while (pos_ < s_.size()) {
      char c = s_[pos_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) { error_ = "control character in string"; return false; }
      if (c != '\\') { out += c; continue; }
      if (pos_ >= s_.size()) break;
      char e = s_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp = 0;
          if (!hex4(cp)) return false;
          if (cp >= 0xD800 && cp < 0xDC00 && s_.substr(pos_, 2) == "\\u") {
            pos_ += 2;
            unsigned lo = 0;
            if (!hex4(lo)) return false;
            if (lo >= 0xDC00 && lo < 0xE000) cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            else cp = 0xFFFD;
          } else if (cp >= 0xD800 && cp < 0xE000) {
            cp = 0xFFFD;
          }
          append_utf8(out, cp);
          break;
        }
        default: error_ = "invalid escape in string"; return false;
      }
    }
    error_ = "unterminated string";
    return false;
  }

  bool array(Value& out, int depth) {
    ++pos_;
    std::vector<Value> items;
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == ']') { ++pos_; out = Value::make_array(std::move(items)); return true; }
    for (;;) {
      Value v;
      if (!value(v, depth + 1)) return false;
      items.push_back(std::move(v));
      skip_ws();
      if (pos_ < s_.size() && s_[pos_] == ',') { ++pos_; continue; }
      if (pos_ < s_.size() && s_[pos_] == ']') { ++pos_; break; }
      error_ = "expected ',' or ']'";
      return false;
    }
    out = Value::make_array(std::move(items));
    return true;
  }

  bool object(Value& out, int depth) {
    ++pos_;
    std::vector<Value::Member> members;
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == '}') { ++pos_; out = Value::make_object(std::move(members)); return true; }
    for (;;) {
      skip_ws();
      if (pos_ >= s_.size() || s_[pos_] != '"') { error_ = "expected a quoted key"; return false; }
      std::string key;
      if (!string(key)) return false;
      skip_ws();
      if (pos_ >= s_.size() || s_[pos_] != ':') { error_ = "expected ':'"; return false; }
      ++pos_;
      Value v;
      if (!value(v, depth + 1)) return false;
      members.emplace_back(std::move(key), std::move(v));
      skip_ws();
      if (pos_ < s_.size() && s_[pos_] == ',') { ++pos_; continue; }
      if (pos_ < s_.size() && s_[pos_] == '}') { ++pos_; break; }
      error_ = "expected ',' or '}'";
      return false;
    }
    out = Value::make_object(std::move(members));
    return true;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::string error_;
};

}  // namespace

Value Value::make_bool(bool b) { Value v; v.type_ = Type::Bool; v.bool_ = b; return v; }
Value Value::make_number(double d) { Value v; v.type_ = Type::Number; v.number_ = d; return v; }
Value Value::make_string(std::string s) { Value v; v.type_ = Type::String; v.string_ = std::move(s); return v; }
Value Value::make_array(std::vector<Value> items) { Value v; v.type_ = Type::Array; v.array_ = std::move(items); return v; }
Value Value::make_object(std::vector<Member> members) {
  Value v;
  v.type_ = Type::Object;
  v.object_ = std::move(members);
  return v;
}

const Value* Value::find(std::string_view key) const {
  if (type_ != Type::Object) return nullptr;
  // Last one wins on duplicate keys, as in Python's json module (which wrote most configs).
  const Value* found = nullptr;
  for (const Member& m : object_) if (m.first == key) found = &m.second;
  return found;
}

Expected<Value> parse(std::string_view text) { return Parser(text).document(); }

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

std::string number(double d) {
  if (!std::isfinite(d)) return "null";
  if (d == std::floor(d) && std::fabs(d) < 9.007199254740992e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", d);
    return buf;
  }
  char buf[40];
  // %.17g round-trips; try shorter first so output stays readable and identical
  // between native and wasm (both use the same correctly rounded printf).
  for (int prec = 6; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, d);
    if (parse_double(buf, nullptr) == d) break;
  }
  return buf;
}

}  // namespace infercalc::json
