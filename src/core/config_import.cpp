// Hugging Face config.json -> ModelArch. Each family keeps its own field names and
// defaults (docs/models.md lists them); a config that cannot be read gets one Error
// naming the field. Hostile input (wrong types, huge numbers, odd arrays) is checked
// before use: every number must be finite, whole and inside a stated range.
#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/config_reader.h"
#include "core/model.h"

namespace infercalc {

namespace {

using config_detail::Names;
using config_detail::Reader;
using config_detail::type_name;
using json::Value;

enum class Family {
  Generic, Llama, Mistral, Mixtral, Qwen2, Qwen2Moe, Qwen3, Qwen3Moe, Gemma, Gemma2, Gemma3, Phi3,
  DeepseekV2, DeepseekV3, GptOss, Falcon, Bloom, Opt, Gptj, GptNeox, Gpt2, GptBigcode,
  Llama4, Qwen3Next, DeepseekV32, Glm4Moe, Jamba, GraniteMoeHybrid, FalconH1,
};

struct FamilyName { std::string_view model_type; Family family; };
constexpr FamilyName kFamilies[] = {
    {"llama", Family::Llama},           {"mistral", Family::Mistral},       {"mixtral", Family::Mixtral},
    {"qwen2", Family::Qwen2},           {"qwen2_moe", Family::Qwen2Moe},    {"qwen3", Family::Qwen3},
    {"qwen3_moe", Family::Qwen3Moe},    {"gemma", Family::Gemma},           {"gemma2", Family::Gemma2},
    {"gemma3", Family::Gemma3},         {"gemma3_text", Family::Gemma3},    {"phi3", Family::Phi3},
    {"deepseek_v2", Family::DeepseekV2}, {"deepseek_v3", Family::DeepseekV3}, {"gpt_oss", Family::GptOss},
    {"falcon", Family::Falcon},         {"RefinedWeb", Family::Falcon},     {"RefinedWebModel", Family::Falcon},
    {"bloom", Family::Bloom},           {"opt", Family::Opt},               {"gptj", Family::Gptj},
    {"gpt_neox", Family::GptNeox},      {"gpt2", Family::Gpt2},             {"gpt_bigcode", Family::GptBigcode},
    {"llama4", Family::Llama4},         {"llama4_text", Family::Llama4},    {"qwen3_next", Family::Qwen3Next},
    {"deepseek_v32", Family::DeepseekV32}, {"kimi_k2", Family::DeepseekV3}, {"glm4_moe", Family::Glm4Moe},
    {"jamba", Family::Jamba},           {"granitemoehybrid", Family::GraniteMoeHybrid},
    {"falcon_h1", Family::FalconH1},
    // Text configs of multimodal wrappers (Mistral 3 / Pixtral nest a "mistral" decoder;
    // Phi-4 and Phi-4-mini are "phi3" checkpoints).
    {"ministral", Family::Mistral},
};

Family family_of(std::string_view model_type) {
  for (const FamilyName& f : kFamilies)
    if (f.model_type == model_type) return f.family;
  return Family::Generic;
}

bool gpt2_style(Family f) { return f == Family::Gpt2 || f == Family::Gptj || f == Family::GptBigcode; }
bool is_gemma(Family f) { return f == Family::Gemma || f == Family::Gemma2 || f == Family::Gemma3; }
bool is_qwen(Family f) {
  return f == Family::Qwen2 || f == Family::Qwen2Moe || f == Family::Qwen3 || f == Family::Qwen3Moe ||
         f == Family::Qwen3Next;
}
bool is_deepseek(Family f) { return f == Family::DeepseekV2 || f == Family::DeepseekV3 || f == Family::DeepseekV32; }
bool plain_mlp(Family f) {
  return f == Family::Falcon || f == Family::Bloom || f == Family::Opt || f == Family::Gptj ||
         f == Family::GptNeox || f == Family::Gpt2 || f == Family::GptBigcode;
}

constexpr int64_t kMaxHidden = 1'000'000, kMaxLayers = 1000, kMaxHeads = 10'000, kMaxHeadDim = 100'000;
constexpr int64_t kMaxInter = 10'000'000, kMaxVocab = 100'000'000, kMaxContext = 100'000'000;
constexpr int64_t kMaxExperts = 100'000, kMaxRank = 100'000;

struct CoreFields {
  int64_t hidden = 0, layers = 0, heads = 0;
};

// Width, depth and heads under the family's own field names (its own first, so an
// error names the field that family uses).
// `wrapper_heads` > 0: the heads' default when a multimodal wrapper's text_config omits
// them (below).
bool read_core(Reader& r, Family f, CoreFields& c, int64_t wrapper_heads) {
  if (gpt2_style(f)) {
    r.integer({"n_embd", "hidden_size"}, 1, kMaxHidden, c.hidden, true);
    r.integer({"n_layer", "num_hidden_layers"}, 1, kMaxLayers, c.layers, true);
    r.integer({"n_head", "num_attention_heads"}, 1, kMaxHeads, c.heads, true);
  } else if (f == Family::Bloom || f == Family::Falcon) {
    r.integer({"hidden_size", "n_embed"}, 1, kMaxHidden, c.hidden, true);
    if (f == Family::Bloom) {
      r.integer({"n_layer", "num_hidden_layers"}, 1, kMaxLayers, c.layers, true);
      r.integer({"n_head", "num_attention_heads"}, 1, kMaxHeads, c.heads, true);
    } else {
      r.integer({"num_hidden_layers", "n_layer"}, 1, kMaxLayers, c.layers, true);
      r.integer({"num_attention_heads", "n_head"}, 1, kMaxHeads, c.heads, true);
    }
  } else {
    r.integer({"hidden_size", "n_embd", "d_model"}, 1, kMaxHidden, c.hidden, true);
    r.integer({"num_hidden_layers", "n_layer", "num_layers"}, 1, kMaxLayers, c.layers, true);
    // Gemma 3 text configs may leave the heads at Gemma3TextConfig's default (8; the 4B does).
    if (f == Family::Gemma3) c.heads = 8;
    if (wrapper_heads > 0) c.heads = wrapper_heads;
    r.integer({"num_attention_heads", "n_head", "num_heads"}, 1, kMaxHeads, c.heads,
              f != Family::Gemma3 && wrapper_heads == 0);
  }
  return !r.failed();
}

// The window transformers assumes when a config leaves sliding_window out.
int64_t default_window(Family f) {
  return f == Family::GptOss ? 128 : f == Family::Gemma2 || f == Family::Gemma3 ? 4096 : 0;
}

// Sliding-window layers: from layer_types when given, else the family's rule.
void read_sliding(Reader& r, Family f, ModelArch& m, config_detail::ModelledKeys& k) {
  int64_t window = default_window(f);
  r.integer({"sliding_window"}, 0, kMaxContext, window, false);
  int64_t sliding = 0;
  if (f == Family::Llama4) return config_detail::read_llama4_chunks(r, m);
  const Value* types = r.find({"layer_types"});
  if (types) {
    if (!types->is_array()) return r.fail("layer_types", std::string("must be an array, got ") + type_name(*types));
    if (static_cast<int64_t>(types->array().size()) != m.layers)
      return r.fail("layer_types", "has " + std::to_string(types->array().size()) + " entries for " +
                                       std::to_string(m.layers) + " layers");
    for (const Value& t : types->array()) {
      if (!t.is_string()) return r.fail("layer_types", "entries must be strings");
      const std::string& type = t.string();
      if (type == "sliding_attention") ++sliding;
      const bool known = type == "full_attention" || type == "sliding_attention" ||
                         (type == "linear_attention" && f == Family::Qwen3Next) ||
                         (type == "chunked_attention" && f == Family::Llama4) ||
                         ((type == "mamba" || type == "attention") && f == Family::GraniteMoeHybrid);
      if (!known && k.layer_types_unknown.find("\"" + type + "\"") == std::string::npos)
        k.layer_types_unknown += (k.layer_types_unknown.empty() ? "\"" : ", \"") + type.substr(0, 40) + "\"";
    }
    if (sliding > 0 && window == 0) return r.fail("sliding_window", "missing, but layer_types has sliding layers");
  } else {
    switch (f) {
      case Family::Mistral: case Family::Mixtral: case Family::Phi3:
        if (window > 0) sliding = m.layers;
        break;
      case Family::Qwen2: case Family::Qwen2Moe: case Family::Qwen3: case Family::Qwen3Moe: case Family::Generic: {
        // Qwen: the window applies only with use_sliding_window, and only from layer
        // max_window_layers on (Qwen2.5 sets sliding_window but leaves it off).
        bool use = f == Family::Generic;
        r.boolean("use_sliding_window", use);
        int64_t full = is_qwen(f) ? 28 : 0;
        r.integer({"max_window_layers"}, 0, kMaxLayers, full, false);
        if (use && window > 0) sliding = std::max<int64_t>(0, m.layers - (is_qwen(f) ? full : 0));
        break;
      }
      case Family::Gemma2:  // even layers (0, 2, ...) slide
        sliding = (m.layers + 1) / 2;
        break;
      case Family::Gemma3: {  // layer i global iff (i + 1) % pattern == 0
        k.window_pattern = true;
        int64_t pattern = 6;
        r.integer({"sliding_window_pattern"}, 1, kMaxLayers, pattern, false);
        sliding = m.layers - m.layers / pattern;
        break;
      }
      case Family::GptOss:  // transformers' default layer_types: even layers slide
        sliding = (m.layers + 1) / 2;
        break;
      default: break;
    }
  }
  if (r.failed()) return;
  // A window as long as the context never caps anything (Phi-3.5's 262144 of 131072).
  if (m.max_context > 0 && window >= m.max_context) sliding = 0;
  m.sliding_layers = sliding;
  m.sliding_window = sliding > 0 ? window : 0;
}

// Layers listed in Qwen-MoE's mlp_only_layers or skipped by decoder_sparse_step keep a dense MLP.
int64_t qwen_dense_layers(Reader& r, int64_t layers) {
  int64_t step = 1;
  r.integer({"decoder_sparse_step"}, 1, kMaxLayers, step, false);
  std::vector<bool> dense(static_cast<std::size_t>(layers), false);
  if (const Value* only = r.find({"mlp_only_layers"})) {
    if (!only->is_array()) { r.fail("mlp_only_layers", "must be an array of layer indices"); return 0; }
    for (const Value& v : only->array()) {
      if (!v.is_number() || v.number() != std::floor(v.number()) || v.number() < 0 ||
          v.number() >= static_cast<double>(layers)) {
        r.fail("mlp_only_layers", "entries must be layer indices 0.." + std::to_string(layers - 1));
        return 0;
      }
      dense[static_cast<std::size_t>(v.number())] = true;
    }
  }
  int64_t n = 0;
  for (int64_t i = 0; i < layers; ++i)
    if (dense[static_cast<std::size_t>(i)] || (i + 1) % step != 0) ++n;
  return n;
}

void read_moe(Reader& r, Family f, ModelArch& m) {
  MoeSpec& e = m.moe;
  const bool deepseek = is_deepseek(f) || f == Family::Glm4Moe;
  if (f == Family::Llama4) {
    // transformers Llama4TextMoe: num_local_experts routed experts of intermediate_size,
    // one shared expert of the same size, a bias-free router; dense layers (between MoE
    // layers, interleave_moe_layer_step) use intermediate_size_mlp.
    r.integer({"num_local_experts"}, 1, kMaxExperts, e.num_experts, true);
    r.integer({"num_experts_per_tok"}, 1, kMaxExperts, e.experts_per_token, true);
    e.expert_intermediate = e.shared_intermediate = m.intermediate;
    e.shared_experts = 1;
    e.dense_intermediate = m.intermediate;
    r.integer({"intermediate_size_mlp"}, 1, kMaxInter, e.dense_intermediate, false);
    int64_t step = 1;
    r.integer({"interleave_moe_layer_step"}, 1, kMaxLayers, step, false);
    int64_t moe_layers = 0;  // range(step - 1, layers, step)
    for (int64_t i = step - 1; i < m.layers; i += step) ++moe_layers;
    e.first_dense_layers = m.layers - moe_layers;
    if (!r.failed() && e.experts_per_token > e.num_experts)
      r.fail("num_experts_per_tok", "cannot exceed the number of experts (" + std::to_string(e.num_experts) + ")");
    return;
  }
  if (f == Family::Jamba) {
    // JambaConfig: num_experts (default 16) experts of intermediate_size, top
    // num_experts_per_tok (2), a bias-free router; layer i's FFN is MoE iff
    // i % expert_layer_period == expert_layer_offset (defaults 2 and 1). One expert is a
    // dense model (every FFN an MLP).
    int64_t experts = 16, period = 2, offset = 1;
    e.experts_per_token = 2;
    r.integer({"num_experts"}, 1, kMaxExperts, experts, false);
    r.integer({"num_experts_per_tok"}, 1, kMaxExperts, e.experts_per_token, false);
    r.integer({"expert_layer_period"}, 1, kMaxLayers, period, false);
    r.integer({"expert_layer_offset"}, 0, kMaxLayers, offset, false);
    if (r.failed() || experts == 1) { e.experts_per_token = 0; return; }
    if (offset >= period)
      return r.fail("expert_layer_offset", "must be less than expert_layer_period (" + std::to_string(period) + ")");
    if (e.experts_per_token > experts)
      return r.fail("num_experts_per_tok", "cannot exceed the number of experts (" + std::to_string(experts) + ")");
    e.num_experts = experts;
    e.expert_intermediate = e.dense_intermediate = m.intermediate;
    int64_t moe_layers = 0;
    for (int64_t i = 0; i < m.layers; ++i)
      if (i % period == offset) ++moe_layers;
    e.first_dense_layers = m.layers - moe_layers;
    return;
  }
  if (f == Family::GraniteMoeHybrid) return config_detail::read_granite_moe(r, m);
  if (f == Family::Mixtral || f == Family::GptOss) {
    r.integer({"num_local_experts"}, 1, kMaxExperts, e.num_experts, true);
    r.integer({"num_experts_per_tok", "experts_per_token"}, 1, kMaxExperts, e.experts_per_token, true);
    e.expert_intermediate = m.intermediate;
  } else if (f == Family::Qwen2Moe || f == Family::Qwen3Moe || f == Family::Qwen3Next || deepseek ||
             f == Family::Generic) {
    // Absent: a dense model (DeepSeek without n_routed_experts, a generic config), but a
    // Qwen MoE config must say how many experts it has.
    const bool required = f == Family::Qwen2Moe || f == Family::Qwen3Moe || f == Family::Qwen3Next;
    if (!r.find({"num_experts", "n_routed_experts", "num_local_experts"}) && !required) return;
    r.integer({"num_experts", "n_routed_experts", "num_local_experts"}, required ? 1 : 0, kMaxExperts, e.num_experts,
              true);
    if (e.num_experts == 0) return;
    r.integer({"num_experts_per_tok"}, 1, kMaxExperts, e.experts_per_token, true);
    e.expert_intermediate = m.intermediate;
    r.integer({"moe_intermediate_size"}, 1, kMaxInter, e.expert_intermediate, f != Family::Generic);
  } else {
    return;
  }
  if (r.failed()) return;
  if (e.experts_per_token > e.num_experts)
    return r.fail("num_experts_per_tok", "cannot exceed the number of experts (" + std::to_string(e.num_experts) + ")");
  e.dense_intermediate = m.intermediate;
  if (deepseek) {
    r.integer({"n_shared_experts"}, 0, 1000, e.shared_experts, false);
    e.shared_intermediate = e.shared_experts > 0 ? e.expert_intermediate : 0;
    int64_t first_dense = 0, freq = 1;
    r.integer({"first_k_dense_replace"}, 0, m.layers, first_dense, false);
    r.integer({"moe_layer_freq"}, 1, kMaxLayers, freq, false);
    int64_t moe_layers = 0;
    for (int64_t i = first_dense; i < m.layers; ++i)
      if (i % freq == 0) ++moe_layers;
    e.first_dense_layers = m.layers - moe_layers;
    std::string method = r.string("topk_method");
    // GLM-4.5's Glm4MoeTopkRouter always carries e_score_correction_bias (noaux_tc routing).
    e.router_bias = method.empty() ? f == Family::DeepseekV3 || f == Family::DeepseekV32 || f == Family::Glm4Moe
                                   : method == "noaux_tc";
  } else if (is_qwen(f)) {
    e.first_dense_layers = qwen_dense_layers(r, m.layers);
    int64_t shared = 0;
    r.integer({"shared_expert_intermediate_size"}, 0, kMaxInter, shared, false);
    if (shared > 0) { e.shared_experts = 1; e.shared_intermediate = shared; e.shared_expert_gate = true; }
  } else if (f == Family::GptOss) {
    e.router_bias = true;
    e.expert_bias = true;
  }
}

void read_mla(Reader& r, ModelArch& m) {
  MlaSpec& a = m.mla;
  r.integer({"kv_lora_rank"}, 1, kMaxRank, a.kv_lora_rank, true);
  r.integer({"q_lora_rank"}, 0, kMaxRank, a.q_lora_rank, false);
  r.integer({"qk_nope_head_dim"}, 1, kMaxHeadDim, a.qk_nope_head_dim, true);
  r.integer({"qk_rope_head_dim"}, 1, kMaxHeadDim, a.qk_rope_head_dim, true);
  r.integer({"v_head_dim"}, 1, kMaxHeadDim, a.v_head_dim, true);
  m.head_dim = a.qk_nope_head_dim + a.qk_rope_head_dim;  // per-head q/k width
  m.kv_heads = m.heads;  // every head gets its own K/V out of the latent
}

bool names_module(const Value* list, std::string_view part) {
  if (!list || !list->is_array()) return false;
  for (const Value& v : list->array())
    if (v.is_string() && v.string().find(part) != std::string::npos) return true;
  return false;
}

NativeQuant read_native_quant(const Value& cfg) {
  const Value* q = cfg.find("quantization_config");
  if (!q || !q->is_object()) return NativeQuant::None;
  const Value* method = q->find("quant_method");
  std::string_view mname = method && method->is_string() ? std::string_view(method->string()) : std::string_view();
  if (mname == "mxfp4") return NativeQuant::Mxfp4Experts;
  // fbgemm_fp8 quantises every linear layer except modules_to_not_convert. Meta's Llama 3.1
  // FP8 recipe leaves the self-attention layers and the first and last layers unquantised
  // (The Llama 3 Herd of Models, section 6.2.2); a list naming self_attn modules marks it.
  if (mname == "fbgemm_fp8" && names_module(q->find("modules_to_not_convert"), "self_attn"))
    return NativeQuant::Fp8MlpOnly;
  const Value* fmt = q->find("fmt");
  const Value* block = q->find("weight_block_size");
  bool e4m3 = fmt && fmt->is_string() && fmt->string() == "e4m3";
  bool block128 = block && block->is_array() && block->array().size() == 2 &&
                  block->array()[0].is_number() && block->array()[0].number() == 128 &&
                  block->array()[1].is_number() && block->array()[1].number() == 128;
  if (mname == "fp8" && (e4m3 || block128)) return NativeQuant::Fp8Block128;
  return NativeQuant::None;
}

// Family flags: MLP kind, norms, biases, tying defaults, learned positions.
void apply_family(Reader& r, Family f, ModelArch& m) {
  m.mlp = plain_mlp(f) ? MlpKind::Plain : MlpKind::Gated;
  m.norm = plain_mlp(f) ? NormKind::LayerNorm : NormKind::RmsNorm;
  m.tied_embeddings = is_gemma(f) || f == Family::Falcon || f == Family::Bloom || f == Family::Opt ||
                      f == Family::Gpt2 || f == Family::GptBigcode;
  bool attention_bias = f == Family::GptOss || f == Family::GptNeox;
  r.boolean("attention_bias", attention_bias);
  m.qkv_bias = m.o_bias = attention_bias;
  r.boolean("mlp_bias", m.mlp_bias);
  switch (f) {
    case Family::Qwen2: case Family::Qwen2Moe:
      m.qkv_bias = true;  // hard-coded in the architecture, not a config field
      m.o_bias = false;
      break;
    case Family::Qwen3: case Family::Qwen3Moe: case Family::Qwen3Next: m.qk_norm = true; break;
    case Family::Glm4Moe:  // Glm4MoeAttention: q/k/v biased by attention_bias, o_proj never
      m.o_bias = false;
      r.boolean("use_qk_norm", m.qk_norm);
      break;
    case Family::Gemma2: m.norms_per_layer = 4; break;
    case Family::Gemma3: m.norms_per_layer = 4; m.qk_norm = true; break;
    case Family::GptOss: m.attention_sinks = true; m.active_counts_embedding = false; break;
    case Family::GptNeox: m.mlp_bias = true; break;
    case Family::Falcon: {
      bool bias = false, new_arch = r.string("model_type") == "RefinedWeb";
      r.boolean("bias", bias);
      r.boolean("new_decoder_architecture", new_arch);
      m.qkv_bias = m.o_bias = m.mlp_bias = bias;
      bool parallel = true;
      r.boolean("parallel_attn", parallel);
      int64_t lns = 2;
      r.integer({"num_ln_in_parallel_attn"}, 1, 2, lns, false);
      m.norms_per_layer = new_arch ? lns : parallel ? 1 : 2;
      break;
    }
    case Family::Bloom: m.qkv_bias = m.o_bias = m.mlp_bias = true; m.embedding_norm = true; break;
    case Family::Opt: {
      bool bias = true, before = true, remove_final = false;
      r.boolean("enable_bias", bias);
      r.boolean("do_layer_norm_before", before);
      r.boolean("_remove_final_layer_norm", remove_final);
      m.qkv_bias = m.o_bias = m.mlp_bias = bias;
      m.final_norm = before && !remove_final;
      break;
    }
    case Family::Gptj:  // parallel block under one LayerNorm; biased MLP and lm_head
      m.qkv_bias = m.o_bias = false;
      m.mlp_bias = m.lm_head_bias = true;
      m.norms_per_layer = 1;
      break;
    case Family::Gpt2: case Family::GptBigcode: m.qkv_bias = m.o_bias = m.mlp_bias = true; break;
    default: break;
  }
  r.boolean("tie_word_embeddings", m.tied_embeddings);
}

Expected<ModelArch> import_object(const Value& top) {
  if (!top.is_object()) return Error{"config.json", std::string("must be a JSON object, got ") + type_name(top)};
  // Multimodal wrappers (Gemma 3, LLaVA-style) nest the decoder in text_config.
  const Value* cfg = &top;
  std::string prefix = "config.json: ";
  Reader outer(top, prefix);
  std::string outer_type = outer.string("model_type");
  if (outer.failed()) return outer.error();
  const Value* text = top.find("text_config");
  bool has_hidden = top.find("hidden_size") || top.find("n_embd") || top.find("d_model");
  if (text && !text->is_null() && !has_hidden) {
    if (!text->is_object())
      return Error{prefix + "text_config", std::string("must be an object, got ") + type_name(*text)};
    cfg = text;
    prefix += "text_config.";
  } else if (outer_type == "gemma3" && !has_hidden) {
    return Error{prefix + "text_config", "missing (a gemma3 config nests the decoder in text_config)"};
  }
  Reader r(*cfg, prefix);
  std::string type = r.string("model_type");
  if (type.empty() && cfg != &top) type = outer_type == "gemma3" ? "gemma3_text" : outer_type;
  const Family f = family_of(type);

  ModelArch m;
  m.id = "custom";
  // The checkpoint's own model_type ("gemma3" for the wrapper, not "gemma3_text").
  m.family = cfg != &top && !outer_type.empty() ? outer_type : type;
  m.source = "config.json";
  const Value* path = top.find("_name_or_path");
  if (path && path->is_string() && !path->string().empty() && path->string().size() < 200) m.name = path->string();
  else m.name = !m.family.empty() ? m.family + " (config.json)" : "custom model";

  // transformers saves a composite config's text_config as its difference from the
  // wrapper's default text config (PretrainedConfig.to_diff_dict, recursive_diff_dict),
  // so fields equal to that default are left out: LlavaConfig's default is LlamaConfig
  // (Pixtral-12B's text_config has no num_attention_heads), Mistral3Config's is
  // MistralConfig. Both default num_attention_heads to 32; MistralConfig defaults
  // num_key_value_heads to 8, LlamaConfig to the number of heads.
  const bool wrapped = cfg != &top && (outer_type == "llava" || outer_type == "mistral3");
  CoreFields c;
  if (!read_core(r, f, c, wrapped ? 32 : 0)) {
    Error e = r.error();
    if (f == Family::Generic) {
      std::string missing;
      int count = 0;
      auto check = [&](Names names) {
        if (!r.find(names)) { missing += (count++ ? ", " : "") + std::string(*names.begin()); }
      };
      check({"hidden_size", "n_embd", "d_model"});
      check({"num_hidden_layers", "n_layer", "num_layers"});
      check({"num_attention_heads", "n_head", "num_heads"});
      check({"intermediate_size", "n_inner", "ffn_dim", "ffn_hidden_size"});
      check({"vocab_size", "padded_vocab_size"});
      if (count > 1) e.message += "; missing essential fields: " + missing;
      e.message += type.empty() ? "; no model_type" : "; model_type \"" + type + "\" is not a known family";
      e.message += ", read with llama-like field names";
    }
    return e;
  }
  m.hidden = c.hidden;
  m.layers = c.layers;
  m.heads = c.heads;

  // Heads and head size.
  const bool mla = is_deepseek(f) || (f == Family::Generic && r.find({"kv_lora_rank"}) != nullptr);
  if (mla) {
    read_mla(r, m);
  } else {
    r.integer({"head_dim"}, 1, kMaxHeadDim, m.head_dim, false);
    if (m.head_dim == 0 && is_gemma(f)) m.head_dim = 256;  // Gemma configs' default
    if (m.head_dim == 0 && !r.failed()) {
      if (m.hidden % m.heads != 0)
        r.fail(gpt2_style(f) || f == Family::Bloom ? "n_head" : "num_attention_heads",
               "must divide the hidden size " + std::to_string(m.hidden) + " (or give head_dim)");
      else
        m.head_dim = m.hidden / m.heads;
    }
    m.kv_heads = f == Family::Gemma3 && !r.find({"num_key_value_heads"}) ? std::min<int64_t>(4, m.heads) : m.heads;
    if (wrapped && outer_type == "mistral3") m.kv_heads = 8;
    if (f == Family::Falcon) {
      bool new_arch = type == "RefinedWeb", multi_query = true;
      r.boolean("new_decoder_architecture", new_arch);
      r.boolean("multi_query", multi_query);
      if (new_arch) r.integer({"num_kv_heads", "n_head_kv"}, 1, kMaxHeads, m.kv_heads, false);
      else if (multi_query) m.kv_heads = 1;
    } else if (f == Family::GptBigcode) {
      bool multi_query = true;
      r.boolean("multi_query", multi_query);
      if (multi_query) m.kv_heads = 1;
    } else {
      r.integer({"num_key_value_heads", "num_kv_heads", "n_head_kv"}, 1, kMaxHeads, m.kv_heads, false);
    }
    if (!r.failed() && (m.kv_heads > m.heads || m.heads % m.kv_heads != 0)) {
      std::string_view name = "num_key_value_heads";
      r.find({"num_key_value_heads", "num_kv_heads", "n_head_kv"}, &name);
      r.fail(name, "must divide the number of attention heads (" + std::to_string(m.heads) + "), got " +
                       std::to_string(m.kv_heads));
    }
  }
  if (r.failed()) return r.error();

  // MLP width: given, or the implicit 4x of the GPT-style families.
  if (f == Family::Bloom) {
    m.intermediate = 4 * m.hidden;
  } else if (gpt2_style(f)) {
    m.intermediate = 4 * m.hidden;
    r.integer({"n_inner", "intermediate_size"}, 1, kMaxInter, m.intermediate, false);
  } else if (f == Family::Falcon) {
    m.intermediate = 4 * m.hidden;
    r.integer({"ffn_hidden_size"}, 1, kMaxInter, m.intermediate, false);
  } else if (f == Family::GptNeox) {
    m.intermediate = 4 * m.hidden;
    r.integer({"intermediate_size"}, 1, kMaxInter, m.intermediate, false);
  } else if (f == Family::Opt) {
    r.integer({"ffn_dim"}, 1, kMaxInter, m.intermediate, true);
  } else {
    r.integer({"intermediate_size", "n_inner", "ffn_dim", "ffn_hidden_size"}, 1, kMaxInter, m.intermediate, true);
  }

  if (f == Family::Gemma3) m.vocab = 262208;  // Gemma3TextConfig default (omitted by the 27B config)
  r.integer({"vocab_size", "padded_vocab_size"}, 1, kMaxVocab, m.vocab, f != Family::Gemma3);

  // Context and learned positions.
  if (f == Family::Gemma3) m.max_context = 131072;
  if (f == Family::Falcon || f == Family::Bloom) m.max_context = 2048;  // trained length; no field
  if (gpt2_style(f)) {
    m.max_context = 1024;
    r.integer({"n_positions", "max_position_embeddings", "n_ctx"}, 1, kMaxContext, m.max_context, false);
  } else {
    r.integer({"max_position_embeddings", "n_positions", "max_seq_len", "seq_length"}, 1, kMaxContext,
              m.max_context, false);
  }
  if (f == Family::Opt) {
    if (m.max_context == 0) r.integer({"max_position_embeddings"}, 1, kMaxContext, m.max_context, true);
    m.learned_positions = m.max_context + 2;  // OPT offsets positions by 2
    r.integer({"word_embed_proj_dim"}, 1, kMaxHidden, m.embed_dim, false);
    if (m.embed_dim == m.hidden) m.embed_dim = 0;
  } else if (f == Family::Gpt2 || f == Family::GptBigcode) {
    m.learned_positions = m.max_context;
  }
  if (r.failed()) return r.error();

  apply_family(r, f, m);
  // A multimodal wrapper may keep tie_word_embeddings at the top level.
  if (cfg != &top && !cfg->find("tie_word_embeddings")) outer.boolean("tie_word_embeddings", m.tied_embeddings);
  if (outer.failed()) return outer.error();
  config_detail::ModelledKeys keys;
  read_sliding(r, f, m, keys);
  read_moe(r, f, m);
  if (f == Family::Qwen3Next) {
    keys.linear = true;
    config_detail::read_qwen3_next(r, m);
  }
  if (f == Family::Jamba) {
    keys.mamba = keys.moe_interleave = true;
    config_detail::read_jamba(r, m);
  }
  if (f == Family::GraniteMoeHybrid) {
    keys.mamba = true;
    config_detail::read_granite_hybrid(r, m);
  }
  if (f == Family::FalconH1) {
    keys.mamba = true;
    config_detail::read_falcon_h1(r, m);
  }
  if (f == Family::Llama4) {
    keys.chunked = keys.moe_interleave = true;
    const Value* vision = top.find("vision_config");
    if (vision && vision->is_object()) m.vision_params = config_detail::llama4_vision_params(*vision, m.hidden);
  }
  if (f == Family::DeepseekV32) {
    keys.indexer = true;
    config_detail::read_indexer(r, m);
  }
  if (is_deepseek(f) || f == Family::Glm4Moe) r.integer({"num_nextn_predict_layers"}, 0, 100, m.mtp_layers, false);
  if (r.failed()) return r.error();
  m.native_quant = read_native_quant(top);

  // Unknown is said out loud (estimate warning unknown-architecture); a config whose
  // layers are all of kinds nothing here models is refused: its KV would be fiction.
  if (const Value* types = r.find({"layer_types"}); types && types->is_array() && !keys.layer_types_unknown.empty()) {
    int64_t known = 0;
    for (const Value& t : types->array())
      if (t.is_string() && keys.layer_types_unknown.find("\"" + t.string() + "\"") == std::string::npos) ++known;
    if (known == 0)
      return Error{prefix + "layer_types", "has only " + keys.layer_types_unknown +
                                               " layers, which this importer does not model; the KV cache and "
                                               "speed would be meaningless"};
  }
  if (f == Family::Generic)
    m.unmodelled = (type.empty() ? std::string("no model_type") : "model_type \"" + type.substr(0, 60) + "\" is not a known family") +
                   ": read as a Llama-like decoder (attention + gated MLP on every layer, RMSNorm, KV on every layer)";
  config_detail::flag_unmodelled(*cfg, m, keys, m.unmodelled);
  if (cfg != &top && f != Family::Llama4 && f != Family::Gemma3 && top.find("vision_config"))
    m.unmodelled += std::string(m.unmodelled.empty() ? "" : "; ") + "vision_config: the vision tower is not counted";
  return m;
}

}  // namespace

Expected<ModelArch> import_config(const json::Value& config) { return import_object(config); }

Expected<ModelArch> import_config(std::string_view config_json) {
  auto parsed = json::parse(config_json);
  if (!parsed) return Error{"config.json", "not valid JSON: " + parsed.error().text()};
  return import_object(*parsed);
}

}  // namespace infercalc
