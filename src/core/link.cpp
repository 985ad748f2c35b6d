#include "core/link.h"

#include <cmath>
#include <cstdlib>

#include "core/json.h"
#include "core/parse_number.h"
#include "core/scenario_check.h"

namespace infercalc {
namespace {

// ---------------------------------------------------------------------------
// Number parsing: the whole text must be a number; ranges are checked by validate().
bool parse_int(std::string_view s, int64_t& out) {
  if (s.empty() || s.size() > 18) return false;
  int64_t v = 0;
  std::size_t i = 0;
  bool neg = false;
  if (s[0] == '-') { neg = true; i = 1; }
  if (i == s.size()) return false;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = neg ? -v : v;
  return true;
}

bool parse_double(std::string_view s, double& out) {
  if (s.empty() || s.size() > 32) return false;
  std::string text(s);
  char* end = nullptr;
  out = infercalc::parse_double(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(out);
}

// ---------------------------------------------------------------------------
// Custom architecture fields, in link order. Zero/false values are omitted.
struct IntField { const char* key; int64_t ModelArch::*member; };
struct BoolField { const char* key; bool ModelArch::*member; };
constexpr IntField kIntFields[] = {
    {"hidden", &ModelArch::hidden},          {"layers", &ModelArch::layers},
    {"heads", &ModelArch::heads},            {"kv_heads", &ModelArch::kv_heads},
    {"head_dim", &ModelArch::head_dim},      {"intermediate", &ModelArch::intermediate},
    {"vocab", &ModelArch::vocab},            {"max_context", &ModelArch::max_context},
    {"positions", &ModelArch::learned_positions}, {"norms_per_layer", &ModelArch::norms_per_layer},
    {"sliding_layers", &ModelArch::sliding_layers}, {"sliding_window", &ModelArch::sliding_window},
    {"embed_dim", &ModelArch::embed_dim},
    {"state_layers", &ModelArch::state_layers}, {"state_elements", &ModelArch::state_elements},
    {"state_params", &ModelArch::state_params}, {"kv_free_layers", &ModelArch::kv_free_layers},
    {"index_heads", &ModelArch::index_heads}, {"index_dim", &ModelArch::index_head_dim},
    {"index_topk", &ModelArch::index_topk},   {"vision_params", &ModelArch::vision_params},
    {"mtp_layers", &ModelArch::mtp_layers},
};
constexpr BoolField kBoolFields[] = {
    {"tied", &ModelArch::tied_embeddings}, {"qkv_bias", &ModelArch::qkv_bias},
    {"o_bias", &ModelArch::o_bias},        {"mlp_bias", &ModelArch::mlp_bias},
    {"lm_head_bias", &ModelArch::lm_head_bias}, {"embedding_norm", &ModelArch::embedding_norm},
    {"qk_norm", &ModelArch::qk_norm},      {"sinks", &ModelArch::attention_sinks},
    {"out_gate", &ModelArch::attn_output_gate},
};
// Fields that default to true: written as key:0 when false.
constexpr BoolField kTrueFields[] = {
    {"final_norm", &ModelArch::final_norm},
    {"active_embedding", &ModelArch::active_counts_embedding},
};
struct MoeField { const char* key; int64_t MoeSpec::*member; };
constexpr MoeField kMoeFields[] = {
    {"experts", &MoeSpec::num_experts},         {"top_k", &MoeSpec::experts_per_token},
    {"expert_intermediate", &MoeSpec::expert_intermediate}, {"shared_experts", &MoeSpec::shared_experts},
    {"shared_intermediate", &MoeSpec::shared_intermediate}, {"dense_layers", &MoeSpec::first_dense_layers},
    {"dense_intermediate", &MoeSpec::dense_intermediate},
};
struct MlaField { const char* key; int64_t MlaSpec::*member; };
constexpr MlaField kMlaFields[] = {
    {"q_lora_rank", &MlaSpec::q_lora_rank},   {"kv_lora_rank", &MlaSpec::kv_lora_rank},
    {"qk_nope_dim", &MlaSpec::qk_nope_head_dim}, {"qk_rope_dim", &MlaSpec::qk_rope_head_dim},
    {"v_head_dim", &MlaSpec::v_head_dim},
};

void put(std::string& out, std::string_view key, std::string_view value) {
  if (!out.empty()) out += ',';
  out += key;
  out += ':';
  out += value;
}

// Keys of the fragment, in the order make_link writes them.
constexpr const char* kKnownKeys[] = {"v", "model", "arch", "name", "gpu", "gpus", "tp", "pp", "ep", "node",
                                      "ib", "weights", "kv", "input", "output", "batch", "engine", "util", "usd",
                                      "target_ttft", "target_tpot", "target_tps", "workload", "request_rate",
                                      "engine-version", "max-model-len", "max-num-seqs", "max-num-batched-tokens",
                                      "block-size", "enforce-eager", "dp-attention", "vs"};

bool is_known(std::string_view key) {
  for (const char* k : kKnownKeys)
    if (key == k) return true;
  return false;
}

std::string format_double(double d) { return json::number(d); }

// Free text a link carries is capped, so make_link stays under kMaxLinkLength.
constexpr std::size_t kMaxFamily = 64, kMaxName = 120, kMaxUnmodelled = 400;

}  // namespace

std::string percent_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                 c == '_' || c == '.' || c == '~' || c == ':' || c == ',';
    if (plain) {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string percent_decode(std::string_view s) {
  auto hexval = [](char h) -> int {
    if (h >= '0' && h <= '9') return h - '0';
    if (h >= 'a' && h <= 'f') return h - 'a' + 10;
    if (h >= 'A' && h <= 'F') return h - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
      out += static_cast<char>(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
      i += 2;
    } else if (s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string encode_arch(const ModelArch& m) {
  std::string out;
  if (!m.family.empty()) {
    // ',' and ':' separate the entries: escape them too (percent_encode leaves them plain).
    std::string family;
    for (char ch : percent_encode(std::string_view(m.family).substr(0, kMaxFamily)))
      family += ch == ',' ? "%2C" : ch == ':' ? "%3A" : std::string(1, ch);
    put(out, "family", family);
  }
  if (!m.unmodelled.empty()) {  // the unknown-architecture warning travels with the model
    std::string text;
    for (char ch : percent_encode(std::string_view(m.unmodelled).substr(0, kMaxUnmodelled)))
      text += ch == ',' ? "%2C" : ch == ':' ? "%3A" : std::string(1, ch);
    put(out, "unmodelled", text);
  }
  for (const IntField& f : kIntFields)
    if (m.*f.member != 0) put(out, f.key, std::to_string(m.*f.member));
  for (const BoolField& f : kBoolFields)
    if (m.*f.member) put(out, f.key, "1");
  for (const BoolField& f : kTrueFields)
    if (!(m.*f.member)) put(out, f.key, "0");
  if (m.mlp == MlpKind::Plain) put(out, "mlp", "plain");
  if (m.norm == NormKind::LayerNorm) put(out, "norm", "layernorm");
  for (const MoeField& f : kMoeFields)
    if (m.moe.*f.member != 0) put(out, f.key, std::to_string(m.moe.*f.member));
  if (m.moe.router_bias) put(out, "router_bias", "1");
  if (m.moe.expert_bias) put(out, "expert_bias", "1");
  if (m.moe.shared_expert_gate) put(out, "shared_gate", "1");
  for (const MlaField& f : kMlaFields)
    if (m.mla.*f.member != 0) put(out, f.key, std::to_string(m.mla.*f.member));
  if (m.native_quant == NativeQuant::Fp8Block128) put(out, "native", "fp8block");
  if (m.native_quant == NativeQuant::Mxfp4Experts) put(out, "native", "mxfp4experts");
  if (m.native_quant == NativeQuant::Fp8MlpOnly) put(out, "native", "fp8mlp");
  return out;
}

Expected<ModelArch> decode_arch(std::string_view text) {
  ModelArch m;
  m.id = "custom";
  m.name = "Custom model";
  m.norms_per_layer = 0;  // explicit in the encoding when non-zero
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t comma = text.find(',', pos);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view item = text.substr(pos, comma - pos);
    pos = comma + 1;
    if (item.empty()) continue;
    std::size_t colon = item.find(':');
    if (colon == std::string_view::npos) return Error{"arch", "entry '" + std::string(item) + "' is not key:value"};
    std::string_view key = item.substr(0, colon), value = item.substr(colon + 1);
    bool handled = false;
    int64_t n = 0;
    auto need_int = [&]() -> std::optional<Error> {
      if (!parse_int(value, n) || n < 0)
        return Error{"arch." + std::string(key), "'" + std::string(value) + "' is not a non-negative integer"};
      return std::nullopt;
    };
    for (const IntField& f : kIntFields) {
      if (key != f.key) continue;
      if (auto e = need_int()) return *e;
      m.*f.member = n;
      handled = true;
    }
    for (const BoolField& f : kBoolFields) {
      if (key != f.key) continue;
      m.*f.member = value == "1";
      handled = true;
    }
    for (const BoolField& f : kTrueFields) {
      if (key != f.key) continue;
      m.*f.member = value != "0";
      handled = true;
    }
    for (const MoeField& f : kMoeFields) {
      if (key != f.key) continue;
      if (auto e = need_int()) return *e;
      m.moe.*f.member = n;
      handled = true;
    }
    for (const MlaField& f : kMlaFields) {
      if (key != f.key) continue;
      if (auto e = need_int()) return *e;
      m.mla.*f.member = n;
      handled = true;
    }
    if (key == "family") { m.family = percent_decode(value).substr(0, kMaxFamily); handled = true; }
    if (key == "unmodelled") { m.unmodelled = percent_decode(value).substr(0, kMaxUnmodelled); handled = true; }
    if (key == "router_bias") { m.moe.router_bias = value == "1"; handled = true; }
    if (key == "expert_bias") { m.moe.expert_bias = value == "1"; handled = true; }
    if (key == "shared_gate") { m.moe.shared_expert_gate = value == "1"; handled = true; }
    if (key == "mlp") { m.mlp = value == "plain" ? MlpKind::Plain : MlpKind::Gated; handled = true; }
    if (key == "norm") { m.norm = value == "layernorm" ? NormKind::LayerNorm : NormKind::RmsNorm; handled = true; }
    if (key == "native") {
      m.native_quant = value == "fp8block"       ? NativeQuant::Fp8Block128
                       : value == "mxfp4experts" ? NativeQuant::Mxfp4Experts
                       : value == "fp8mlp"       ? NativeQuant::Fp8MlpOnly
                                                 : NativeQuant::None;
      handled = true;
    }
    if (!handled) return Error{"arch", "unknown field '" + std::string(key) + "'"};
  }
  if (auto e = validate_arch(m)) return *e;
  return m;
}

Expected<LinkParse> parse_link(std::string_view fragment, const Scenario& base,
                               const std::vector<std::string>& own_keys) {
  if (fragment.size() > kMaxLinkLength)
    return Error{"link", "longer than " + std::to_string(kMaxLinkLength) + " characters; refused"};
  if (!fragment.empty() && fragment[0] == '#') fragment.remove_prefix(1);
  LinkParse out;
  out.scenario = base;
  Scenario& s = out.scenario;
  std::vector<std::string> seen;
  std::vector<std::pair<std::string, std::string>> plan_pairs;  // applied in plan_fields() order
  bool custom_arch = false;
  std::string custom_name;
  std::size_t pos = 0;
  while (pos <= fragment.size() && !fragment.empty()) {
    std::size_t amp = fragment.find('&', pos);
    if (amp == std::string_view::npos) amp = fragment.size();
    std::string_view pair = fragment.substr(pos, amp - pos);
    pos = amp + 1;
    if (!pair.empty()) {
      std::size_t eq = pair.find('=');
      std::string key = percent_decode(pair.substr(0, eq));
      std::string value = eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1));
      for (const std::string& k : seen)
        if (k == key) return Error{key, "appears twice in the link"};
      seen.push_back(key);
      bool own = false;
      for (const std::string& k : own_keys) own = own || k == key;
      if (own) {
        out.extra.emplace_back(key, value);
      } else if (is_plan_key(key)) {
        plan_pairs.emplace_back(key, value);
      } else if (!is_known(key)) {
        out.warnings.push_back("unknown link key '" + key + "' ignored");
      } else {
        auto bad = [&](const char* allowed) { return Error{key, "'" + value + "' is not valid; allowed: " + allowed}; };
        int64_t n = 0;
        double d = 0;
        if (key == "v") {
          if (value != "1") return Error{"v", "link version '" + value + "' is not supported; this build reads v=1"};
        } else if (key == "model") {
          s.model_id = value;
        } else if (key == "arch") {
          auto arch = decode_arch(value);
          if (!arch) return arch.error();
          s.custom_model = arch.value();
          custom_arch = true;
        } else if (key == "name") {
          custom_name = value.substr(0, kMaxName);
        } else if (key == "gpu") {
          s.gpu_id = value;
        } else if (key == "gpus" || key == "tp" || key == "pp" || key == "ep" || key == "node" || key == "input" ||
                   key == "output") {
          if (!parse_int(value, n)) return bad("a whole number");
          if (key == "gpus") s.gpus = n;
          if (key == "tp") s.tp = n;
          if (key == "pp") s.pp = n;
          if (key == "ep") s.ep = n;
          if (key == "node") s.gpus_per_node = n;
          if (key == "input") s.input_tokens = n;
          if (key == "output") s.output_tokens = n;
        } else if (key == "batch") {
          if (value == "max") {
            s.batch_max = true;
          } else {
            if (!parse_int(value, n)) return bad("a whole number or max");
            s.batch = n;
            s.batch_max = false;
          }
        } else if (key == "weights") {
          auto f = parse_weight_format(value);
          if (!f) return bad(allowed_weight_formats());
          s.weights = *f;
        } else if (key == "kv") {
          auto k = parse_kv_dtype(value);
          if (!k) return bad(allowed_kv_dtypes());
          s.kv = *k;
        } else if (key == "engine") {
          auto e = parse_engine(value);
          if (!e) return bad(allowed_engines());
          s.engine = *e;
        } else if (key == "workload") {
          auto w = parse_workload_mode(value);
          if (!w) return bad(allowed_workload_modes());
          s.workload = *w;
        } else if (key == "request_rate") {
          if (!parse_double(value, d)) return bad("a number");
          s.request_rate = d;
        } else if (key == "max-model-len" || key == "max-num-seqs" || key == "max-num-batched-tokens" ||
                   key == "block-size") {
          if (!parse_int(value, n)) return bad("a whole number (0 = the engine's default)");
          if (key == "max-model-len") s.max_model_len = n;
          if (key == "max-num-seqs") s.max_num_seqs = n;
          if (key == "max-num-batched-tokens") s.max_num_batched_tokens = n;
          if (key == "block-size") s.block_size = n;
        } else if (key == "enforce-eager") {
          if (value != "0" && value != "1") return bad("1 or 0");
          s.enforce_eager = value == "1";
        } else if (key == "dp-attention") {
          if (value != "0" && value != "1") return bad("1 or 0");
          s.dp_attention = value == "1";
        } else if (key == "engine-version") {
          if (value.empty()) return bad("a version (omit the key for the newest documented one)");
          s.engine_version = value;
        } else if (key == "ib" || key == "util" || key == "usd" || key == "target_ttft" || key == "target_tpot" ||
                   key == "target_tps") {
          if (!parse_double(value, d)) return bad("a number");
          if (key == "ib") s.internode_gbps = d;
          if (key == "util") s.gpu_util = d;
          if (key == "usd") s.usd_per_gpu_hour = d;
          if (key == "target_ttft") s.target_ttft_ms = d;
          if (key == "target_tpot") s.target_tpot_ms = d;
          if (key == "target_tps") s.target_tokens_per_s = d;
        } else if (key == "vs") {
          // The other scenario of a compare link: one level deep (a vs inside vs is refused).
          // Checked before parsing it, so a hostile link cannot nest vs= thousands deep.
          std::string_view inner(value);
          if (!inner.empty() && inner[0] == '#') inner.remove_prefix(1);
          for (std::size_t p = 0; p <= inner.size();) {
            std::size_t end = inner.find('&', p);
            if (end == std::string_view::npos) end = inner.size();
            const std::string_view item = inner.substr(p, end - p);
            if (percent_decode(item.substr(0, item.find('='))) == "vs")
              return Error{"vs", "a compare link holds two scenarios, not more"};
            p = end + 1;
          }
          auto other = parse_link(value);
          if (!other) return Error{"vs." + other.error().field, other.error().message};
          out.vs = other->scenario;
          for (const std::string& w : other->warnings) out.warnings.push_back("vs: " + w);
        }
      }
    }
    if (amp >= fragment.size()) break;
  }
  if (custom_arch) {
    s.model_id = "custom";
    if (!custom_name.empty()) s.custom_model.name = custom_name;
  } else if (s.model_id == "custom" && s.custom_model.layers == 0) {
    return Error{"model", "model=custom needs an arch= description"};
  }
  if (auto e = validate(s)) return *e;
  out.has_plan = !plan_pairs.empty();
  for (const PlanField& f : plan_fields())  // the preset before its overrides, whatever the link's order
    for (const auto& [key, value] : plan_pairs)
      if (key == f.key)
        if (auto e = plan_link_set(out.plan, key, value)) return *e;
  if (out.has_plan)
    if (auto e = validate(out.plan)) return Error{plan_key_of_flag(e->field), e->message};
  return out;
}

std::string make_link(const Scenario& s, const PlanSpec& plan,
                      const std::vector<std::pair<std::string, std::string>>& extra) {
  // The caller's own keys (the page's tab=) first, then the plan's.
  std::vector<std::pair<std::string, std::string>> all = extra;
  for (auto& kv : plan_link_pairs(plan)) all.push_back(std::move(kv));
  return make_link(s, all);
}

std::string make_link(const Scenario& s, const std::vector<std::pair<std::string, std::string>>& extra) {
  const Scenario d;
  std::string out = "#v=1";
  auto add = [&](std::string_view key, const std::string& value) {
    out += '&';
    out += key;
    out += '=';
    out += percent_encode(value);
  };
  if (s.model_id == "custom") {
    add("model", "custom");
    add("arch", encode_arch(s.custom_model));  // escaped once more: parse_link decodes the value first
    if (!s.custom_model.name.empty() && s.custom_model.name != "Custom model")
      add("name", s.custom_model.name.substr(0, kMaxName));
  } else {
    add("model", s.model_id);
  }
  add("gpu", s.gpu_id);
  if (s.gpus != d.gpus) add("gpus", std::to_string(s.gpus));
  if (s.tp != d.tp) add("tp", std::to_string(s.tp));
  if (s.pp != d.pp) add("pp", std::to_string(s.pp));
  if (s.ep != d.ep) add("ep", std::to_string(s.ep));
  if (s.gpus_per_node != d.gpus_per_node) add("node", std::to_string(s.gpus_per_node));
  if (s.internode_gbps != d.internode_gbps) add("ib", format_double(s.internode_gbps));
  if (s.weights != d.weights) add("weights", std::string(name(s.weights)));
  if (s.kv != d.kv) add("kv", std::string(name(s.kv)));
  if (s.input_tokens != d.input_tokens) add("input", std::to_string(s.input_tokens));
  if (s.output_tokens != d.output_tokens) add("output", std::to_string(s.output_tokens));
  if (s.batch_max) add("batch", "max");
  else if (s.batch != d.batch) add("batch", std::to_string(s.batch));
  if (s.engine != d.engine) add("engine", std::string(name(s.engine)));
  if (s.gpu_util != d.gpu_util) add("util", format_double(s.gpu_util));
  if (s.usd_per_gpu_hour != d.usd_per_gpu_hour) add("usd", format_double(s.usd_per_gpu_hour));
  if (s.target_ttft_ms != d.target_ttft_ms) add("target_ttft", format_double(s.target_ttft_ms));
  if (s.target_tpot_ms != d.target_tpot_ms) add("target_tpot", format_double(s.target_tpot_ms));
  if (s.target_tokens_per_s != d.target_tokens_per_s) add("target_tps", format_double(s.target_tokens_per_s));
  if (s.workload != d.workload) add("workload", std::string(name(s.workload)));
  if (s.request_rate != d.request_rate) add("request_rate", format_double(s.request_rate));
  if (!s.engine_version.empty()) add("engine-version", s.engine_version);
  if (s.max_model_len != d.max_model_len) add("max-model-len", std::to_string(s.max_model_len));
  if (s.max_num_seqs != d.max_num_seqs) add("max-num-seqs", std::to_string(s.max_num_seqs));
  if (s.max_num_batched_tokens != d.max_num_batched_tokens)
    add("max-num-batched-tokens", std::to_string(s.max_num_batched_tokens));
  if (s.block_size != d.block_size) add("block-size", std::to_string(s.block_size));
  if (s.enforce_eager) add("enforce-eager", "1");
  if (s.dp_attention) add("dp-attention", "1");
  for (const auto& [k, v] : extra) add(k, v);
  return out;
}

std::string make_compare_link(const Scenario& current, const Scenario& pinned,
                              const std::vector<std::pair<std::string, std::string>>& extra) {
  std::vector<std::pair<std::string, std::string>> all;
  all.emplace_back("vs", make_link(pinned).substr(1));  // add() percent-encodes its '&' and '='
  all.insert(all.end(), extra.begin(), extra.end());
  return make_link(current, all);
}

}  // namespace infercalc
