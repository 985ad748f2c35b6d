// Internal to the config.json import (config_import.cpp): reads the fields of one
// JSON object with range and type checks, keeping the first error. Not a public API.
#pragma once
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "core/json.h"
#include "core/model.h"
#include "core/status.h"

namespace infercalc::config_detail {

using json::Value;
using Names = std::initializer_list<std::string_view>;

inline std::string join_others(Names names) {
  std::string s;
  bool first = true;
  for (std::string_view n : names) {
    if (first) { first = false; continue; }
    if (!s.empty()) s += ", ";
    s += n;
  }
  return s;
}

inline const char* type_name(const Value& v) {
  switch (v.type()) {
    case Value::Type::Null: return "null";
    case Value::Type::Bool: return "true/false";
    case Value::Type::Number: return "a number";
    case Value::Type::String: return "a string";
    case Value::Type::Array: return "an array";
    case Value::Type::Object: return "an object";
  }
  return "?";
}

inline std::string num_text(double v) {
  if (!std::isfinite(v)) return "a non-finite number";
  if (std::fabs(v) < 1e15 && v == std::floor(v)) return std::to_string(static_cast<int64_t>(v));
  return json::number(v);
}

// Reads fields of one config object; keeps the first error and ignores later reads.
class Reader {
 public:
  Reader(const Value& obj, std::string prefix) : obj_(obj), prefix_(std::move(prefix)) {}

  bool failed() const { return failed_; }
  const Error& error() const { return error_; }
  const Value& object() const { return obj_; }

  void fail(std::string_view field, std::string message) {
    if (failed_) return;
    failed_ = true;
    error_ = Error{prefix_ + std::string(field), std::move(message)};
  }

  // The first of `names` present and not null, or nullptr; `which` gets its name.
  const Value* find(Names names, std::string_view* which = nullptr) const {
    for (std::string_view n : names) {
      const Value* v = obj_.find(n);
      if (v && !v->is_null()) {
        if (which) *which = n;
        return v;
      }
    }
    return nullptr;
  }

  // A whole number in [lo, hi]. Absent: `out` keeps its value (a default) unless required.
  bool integer(Names names, int64_t lo, int64_t hi, int64_t& out, bool required) {
    if (failed_) return false;
    std::string_view name = *names.begin();
    const Value* v = find(names, &name);
    if (!v) {
      if (required) {
        std::string others = join_others(names);
        fail(name, others.empty() ? "missing" : "missing (also accepted: " + others + ")");
      }
      return false;
    }
    if (!v->is_number()) { fail(name, std::string("must be a number, got ") + type_name(*v)); return false; }
    const double x = v->number();
    if (!std::isfinite(x)) { fail(name, "must be a finite number"); return false; }
    if (x != std::floor(x)) { fail(name, "must be a whole number, got " + num_text(x)); return false; }
    if (x < static_cast<double>(lo) || x > static_cast<double>(hi)) {
      fail(name, "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " + num_text(x));
      return false;
    }
    out = static_cast<int64_t>(x);
    return true;
  }

  // true/false; absent or null keeps the default.
  bool boolean(std::string_view name, bool& out) {
    if (failed_) return false;
    const Value* v = obj_.find(name);
    if (!v || v->is_null()) return false;
    if (!v->is_bool()) { fail(name, std::string("must be true or false, got ") + type_name(*v)); return false; }
    out = v->boolean();
    return true;
  }

  // A string field, or "" when absent; a non-string is an error.
  std::string string(std::string_view name) {
    const Value* v = obj_.find(name);
    if (failed_ || !v || v->is_null()) return {};
    if (!v->is_string()) { fail(name, std::string("must be a string, got ") + type_name(*v)); return {}; }
    return v->string();
  }

 private:
  const Value& obj_;
  std::string prefix_;
  bool failed_ = false;
  Error error_;
};

// Which architecture-changing keys the family's reader modelled (config_hybrid.cpp).
struct ModelledKeys {
  bool linear = false;          // linear_* , full_attention_interval (Qwen3-Next)
  bool mamba = false;           // mamba_*, ssm_*, attn_layer_* (Jamba, Granite 4.0 hybrid, Falcon-H1)
  bool window_pattern = false;  // sliding_window_pattern (Gemma 3)
  bool chunked = false;         // attention_chunk_size (Llama 4)
  bool indexer = false;         // index_* (DeepSeek-V3.2)
  bool moe_interleave = false;  // expert_layer_period/offset, interleave_moe_layer_step
  std::string layer_types_unknown;  // layer_types entries nothing modelled, quoted
};

void read_qwen3_next(Reader& r, ModelArch& m);
void read_jamba(Reader& r, ModelArch& m);
void read_granite_hybrid(Reader& r, ModelArch& m);
void read_granite_moe(Reader& r, ModelArch& m);
void read_falcon_h1(Reader& r, ModelArch& m);
void read_llama4_chunks(Reader& r, ModelArch& m);
int64_t llama4_vision_params(const Value& vision_config, int64_t text_hidden);
void read_indexer(Reader& r, ModelArch& m);
void flag_unmodelled(const Value& cfg, const ModelArch& m, const ModelledKeys& k, std::string& out);

}  // namespace infercalc::config_detail
