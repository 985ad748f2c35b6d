// config.json readers for the 2025 architectures that are more than a stack of
// attention + MLP layers: Qwen3-Next (Gated DeltaNet + gated attention), Jamba
// (Mamba + attention + MoE), Granite 4.0 hybrid and Falcon-H1 (Mamba2), Llama 4 (chunked attention, vision
// tower), DeepSeek-V3.2 (lightning indexer); and the check that says out loud which
// architecture-changing keys a config carries that the importer does not model.
// Internal to config_import.cpp (declared in config_reader.h).
#include <cmath>
#include <string>
#include <vector>

#include "core/config_reader.h"
#include "core/model.h"

namespace infercalc::config_detail {

namespace {

constexpr int64_t kMaxDim = 1'000'000;

void note(std::string& out, const std::string& text) {
  if (!out.empty()) out += "; ";
  out += text;
}

}  // namespace

// Qwen3-Next (transformers models/qwen3_next/modeling_qwen3_next.py, 4.57): layer i is
// full (gated) attention iff (i + 1) % full_attention_interval == 0, else a Gated
// DeltaNet. One GDN: in_proj_qkvz (hidden -> 2 key_dim + 2 value_dim), in_proj_ba
// (hidden -> 2 value heads), depthwise conv1d over q/k/v (conv_dim = 2 key_dim +
// value_dim, kernel K, no bias), dt_bias and A_log per value head, a gated RMSNorm of
// the value head width, out_proj (value_dim -> hidden). State per sequence: the delta
// rule's matrix (value heads x key width x value width) plus K-1 conv inputs.
void read_qwen3_next(Reader& r, ModelArch& m) {
  int64_t interval = 4, kheads = 16, vheads = 32, kdim = 128, vdim = 128, kernel = 4;
  r.integer({"full_attention_interval"}, 1, m.layers, interval, false);
  r.integer({"linear_num_key_heads"}, 1, kMaxDim, kheads, false);
  r.integer({"linear_num_value_heads"}, 1, kMaxDim, vheads, false);
  r.integer({"linear_key_head_dim"}, 1, kMaxDim, kdim, false);
  r.integer({"linear_value_head_dim"}, 1, kMaxDim, vdim, false);
  r.integer({"linear_conv_kernel_dim"}, 1, 1024, kernel, false);
  if (r.failed()) return;
  int64_t linear = 0;
  if (const Value* types = r.find({"layer_types"}); types && types->is_array()) {
    for (const Value& t : types->array())
      if (t.is_string() && t.string() == "linear_attention") ++linear;
  } else {
    for (int64_t i = 0; i < m.layers; ++i)
      if ((i + 1) % interval != 0) ++linear;
  }
  const int64_t key_dim = kheads * kdim, value_dim = vheads * vdim, conv_dim = 2 * key_dim + value_dim;
  m.state_layers = linear;
  m.kv_free_layers = linear;
  m.state_params = m.hidden * (2 * key_dim + 2 * value_dim) + m.hidden * 2 * vheads + conv_dim * kernel +
                   2 * vheads + vdim + value_dim * m.hidden;
  m.state_elements = vheads * kdim * vdim + conv_dim * (kernel - 1);
  m.attn_output_gate = true;
}

// Jamba (transformers models/jamba/modeling_jamba.py, JambaConfig defaults; AI21,
// "Jamba: A Hybrid Transformer-Mamba Language Model", arXiv:2403.19887): layer i is
// attention iff i % attn_layer_period == attn_layer_offset, else a Mamba (v1) mixer;
// its FFN is MoE iff i % expert_layer_period == expert_layer_offset (Jamba-v0.1: 4
// attention layers of 32, 16 MoE layers of 16 experts, top 2).
// JambaMambaMixer, d_inner = mamba_expand x hidden: in_proj hidden -> 2 d_inner
// (mamba_proj_bias), depthwise conv1d of kernel mamba_d_conv (mamba_conv_bias), x_proj
// d_inner -> dt_rank + 2 d_state, dt_proj dt_rank -> d_inner with bias, A_log
// (d_inner x d_state), D (d_inner), out_proj d_inner -> hidden (mamba_proj_bias), and
// RMSNorms on dt, B and C (dt_rank + 2 d_state weights).
// State per sequence as vLLM keeps it (model_executor/layers/mamba/mamba_utils.py,
// MambaStateShapeCalculator.mamba1_state_shape): conv (d_inner x (d_conv - 1)) plus
// SSM (d_inner x d_state).
void read_jamba(Reader& r, ModelArch& m) {
  int64_t period = 8, offset = 4, d_state = 16, kernel = 4, expand = 2, dt_rank = 0;
  bool conv_bias = true, proj_bias = false;
  r.integer({"attn_layer_period"}, 1, m.layers, period, false);
  r.integer({"attn_layer_offset"}, 0, m.layers, offset, false);
  r.integer({"mamba_d_state"}, 1, kMaxDim, d_state, false);
  r.integer({"mamba_d_conv"}, 1, 1024, kernel, false);
  r.integer({"mamba_expand"}, 1, 64, expand, false);
  r.boolean("mamba_conv_bias", conv_bias);
  r.boolean("mamba_proj_bias", proj_bias);
  // JambaConfig: mamba_dt_rank "auto" = ceil(hidden / 16).
  if (const Value* rank = r.find({"mamba_dt_rank"}); rank && rank->is_string() && rank->string() == "auto")
    dt_rank = (m.hidden + 15) / 16;
  else
    r.integer({"mamba_dt_rank"}, 1, kMaxDim, dt_rank, false);
  if (dt_rank == 0) dt_rank = (m.hidden + 15) / 16;
  if (r.failed()) return;
  if (offset >= period) return r.fail("attn_layer_offset", "must be less than attn_layer_period (" +
                                                               std::to_string(period) + ")");
  int64_t mamba_layers = 0;
  for (int64_t i = 0; i < m.layers; ++i)
    if (i % period != offset) ++mamba_layers;
  const int64_t d_inner = expand * m.hidden, h = m.hidden;
  m.state_layers = m.kv_free_layers = mamba_layers;
  m.state_params = h * 2 * d_inner + (proj_bias ? 2 * d_inner : 0) + d_inner * kernel + (conv_bias ? d_inner : 0) +
                   d_inner * (dt_rank + 2 * d_state) + dt_rank * d_inner + d_inner + d_inner * d_state + d_inner +
                   d_inner * h + (proj_bias ? h : 0) + dt_rank + 2 * d_state;
  m.state_elements = d_inner * (kernel - 1) + d_inner * d_state;
}

namespace {

// A Mamba2 mixer as transformers builds it (models/bamba/modeling_bamba.py BambaMixer,
// which GraniteMoeHybridMambaLayer and FalconH1Mixer follow): d_inner channels in
// n_heads heads of head_dim, n_groups groups of B/C of width d_state, conv over
// conv_dim = d_inner + 2 n_groups d_state channels with kernel d_conv.
struct Mamba2 {
  int64_t d_inner = 0, heads = 128, head_dim = 0, groups = 1, d_state = 256, d_conv = 4;
  bool conv_bias = true, in_proj_bias = false, out_proj_bias = false, gated_norm = true;
  int64_t conv_dim() const { return d_inner + 2 * groups * d_state; }
};

// The fields both families share (GraniteMoeHybridConfig and FalconH1Config defaults:
// mamba_n_heads 128, mamba_n_groups 1, mamba_d_state 256, mamba_d_conv 4,
// mamba_conv_bias true, mamba_proj_bias false, mamba_d_head "auto" = d_inner / n_heads,
// and both configs reject a head_dim x n_heads other than d_inner).
void read_mamba2(Reader& r, Mamba2& z) {
  r.integer({"mamba_n_heads"}, 1, kMaxDim, z.heads, false);
  r.integer({"mamba_n_groups"}, 1, kMaxDim, z.groups, false);
  r.integer({"mamba_d_state"}, 1, kMaxDim, z.d_state, false);
  r.integer({"mamba_d_conv"}, 2, 1024, z.d_conv, false);
  r.boolean("mamba_conv_bias", z.conv_bias);
  r.boolean("mamba_proj_bias", z.in_proj_bias);
  if (r.failed()) return;
  if (z.d_inner % z.heads != 0)
    return r.fail("mamba_n_heads", "must divide the Mamba width " + std::to_string(z.d_inner));
  if (z.heads % z.groups != 0) return r.fail("mamba_n_groups", "must divide mamba_n_heads (" + std::to_string(z.heads) + ")");
  z.head_dim = z.d_inner / z.heads;
  if (const Value* hd = r.find({"mamba_d_head"}); hd && !(hd->is_string() && hd->string() == "auto")) {
    int64_t given = 0;
    r.integer({"mamba_d_head"}, 1, kMaxDim, given, true);
    if (!r.failed() && given * z.heads != z.d_inner)
      r.fail("mamba_d_head", "times mamba_n_heads must equal the Mamba width " + std::to_string(z.d_inner) + ", got " +
                                 std::to_string(given) + " x " + std::to_string(z.heads));
  }
}

// Parameters of one mixer: in_proj hidden -> d_inner (gate) + conv_dim (x, B, C) +
// n_heads (dt); the depthwise conv1d; dt_bias, A_log and D per head; the gated
// RMSNorm over d_inner; out_proj d_inner -> hidden.
int64_t mamba2_params(const Mamba2& z, int64_t hidden) {
  const int64_t in = z.d_inner + z.conv_dim() + z.heads;
  return hidden * in + (z.in_proj_bias ? in : 0) + z.conv_dim() * z.d_conv + (z.conv_bias ? z.conv_dim() : 0) +
         3 * z.heads + (z.gated_norm ? z.d_inner : 0) + z.d_inner * hidden + (z.out_proj_bias ? hidden : 0);
}

// State per sequence as vLLM keeps it (model_executor/layers/mamba/mamba_utils.py,
// MambaStateShapeCalculator.mamba2_state_shape): conv (d_inner + 2 n_groups d_state) x
// (d_conv - 1) plus SSM n_heads x head_dim x d_state.
int64_t mamba2_state_elements(const Mamba2& z) {
  return z.conv_dim() * (z.d_conv - 1) + z.heads * z.head_dim * z.d_state;
}

}  // namespace

// Granite 4.0 hybrid (transformers models/granitemoehybrid, GraniteMoeHybridConfig):
// layer_types names each layer "mamba" (a Mamba2 mixer, d_inner = mamba_expand x
// hidden) or "attention" (GQA with KV); every layer then has the MoE block and the
// shared MLP (counted by read_moe). No per-layer rule exists without layer_types.
void read_granite_hybrid(Reader& r, ModelArch& m) {
  const Value* types = r.find({"layer_types"});
  if (!types) return r.fail("layer_types", "missing: a granitemoehybrid config names each layer mamba or attention");
  int64_t mamba = 0;
  if (types->is_array())
    for (const Value& t : types->array())
      if (t.is_string() && t.string() == "mamba") ++mamba;
  Mamba2 z;
  int64_t expand = 2;
  r.integer({"mamba_expand"}, 1, 64, expand, false);
  z.d_inner = expand * m.hidden;
  z.out_proj_bias = false;
  r.boolean("mamba_proj_bias", z.out_proj_bias);  // GraniteMoeHybridMambaLayer: both projections
  read_mamba2(r, z);
  if (r.failed()) return;
  m.state_layers = m.kv_free_layers = mamba;
  m.state_params = mamba2_params(z, m.hidden);
  m.state_elements = mamba2_state_elements(z);
}

// GraniteMoeHybridDecoderLayer: with num_local_experts > 0, a MoE block on every layer
// (experts of intermediate_size, gated input_linear 2I + output_linear, a bias-free
// router) plus the always-on shared_mlp of shared_intermediate_size; with 0 experts the
// shared MLP is the layer's only MLP (Granite 4.0-H-Micro). Defaults:
// GraniteMoeHybridConfig (8 experts, top 2, shared 1024).
void read_granite_moe(Reader& r, ModelArch& m) {
  MoeSpec& e = m.moe;
  int64_t experts = 8, shared = 1024;
  e.experts_per_token = 2;
  r.integer({"num_local_experts"}, 0, 100'000, experts, false);  // kMaxExperts of the importer
  r.integer({"num_experts_per_tok"}, 1, 100'000, e.experts_per_token, false);
  r.integer({"shared_intermediate_size"}, 1, kMaxDim * 10, shared, false);
  if (r.failed()) return;
  if (experts == 0) { e.experts_per_token = 0; m.intermediate = shared; return; }
  if (e.experts_per_token > experts)
    return r.fail("num_experts_per_tok", "cannot exceed the number of experts (" + std::to_string(experts) + ")");
  e.num_experts = experts;
  e.expert_intermediate = m.intermediate;
  e.shared_experts = 1;
  e.shared_intermediate = shared;
}

// Falcon-H1 (transformers models/falcon_h1, FalconH1Config): every layer runs attention
// (with KV) and a Mamba2 mixer side by side on the same normed input, then the MLP. The
// mixer is mamba_d_ssm wide (else mamba_expand x hidden); out_proj takes its bias from
// projectors_bias; the gated RMSNorm exists only with mamba_rms_norm.
void read_falcon_h1(Reader& r, ModelArch& m) {
  Mamba2 z;
  int64_t expand = 2;
  r.integer({"mamba_expand"}, 1, 64, expand, false);
  z.d_inner = expand * m.hidden;
  r.integer({"mamba_d_ssm"}, 1, kMaxDim * 64, z.d_inner, false);
  z.gated_norm = false;
  r.boolean("mamba_rms_norm", z.gated_norm);
  r.boolean("projectors_bias", z.out_proj_bias);
  read_mamba2(r, z);
  if (r.failed()) return;
  m.state_layers = m.layers;
  m.kv_free_layers = 0;
  m.state_params = mamba2_params(z, m.hidden);
  m.state_elements = mamba2_state_elements(z);
}

// Llama 4's text config: attention_chunk_size on the RoPE layers (no_rope_layers, a
// 1 per RoPE layer; [] means transformers' default: every 4th layer is NoPE, global).
void read_llama4_chunks(Reader& r, ModelArch& m) {
  int64_t chunk = 0;
  r.integer({"attention_chunk_size"}, 1, 100'000'000, chunk, false);
  if (r.failed() || chunk == 0) return;
  int64_t chunked = 0;
  const Value* nope = r.find({"no_rope_layers"});
  const Value* types = r.find({"layer_types"});
  if (types && types->is_array()) {  // newer configs spell it out
    for (const Value& t : types->array())
      if (t.is_string() && t.string() == "chunked_attention") ++chunked;
  } else if (nope && nope->is_array() && !nope->array().empty()) {
    for (const Value& v : nope->array())
      if (v.is_number() && v.number() != 0) ++chunked;
  } else {
    int64_t interval = 4;
    r.integer({"no_rope_layer_interval"}, 1, m.layers, interval, false);
    for (int64_t i = 0; i < m.layers; ++i)
      if ((i + 1) % interval != 0) ++chunked;
  }
  if (m.max_context > 0 && chunk >= m.max_context) return;
  m.sliding_layers = std::min(chunked, m.layers);
  m.sliding_window = chunk;
}

// Llama 4 vision tower (transformers models/llama4/modeling_llama4.py): unfold patch
// embedding (C p^2 -> hidden, no bias), class embedding, learned positions for
// (image/patch)^2 + 1, pre/post LayerNorms, `layers` ViT blocks (q/k/v/o and fc1/fc2
// with biases, two LayerNorms), the pixel-shuffle MLP (intermediate -> projector_input,
// projector_output -> projector_output, no bias) and the projector to the text width.
int64_t llama4_vision_params(const Value& v, int64_t text_hidden) {
  Reader r(v, "config.json: vision_config.");
  int64_t h = 1408, inter = 5632, layers = 34, patch = 14, image = 336, channels = 3, pin = 4096, pout = 4096,
          out = 4096;
  r.integer({"hidden_size"}, 1, kMaxDim, h, false);
  r.integer({"intermediate_size"}, 1, kMaxDim * 10, inter, false);
  r.integer({"num_hidden_layers"}, 0, 1000, layers, false);
  r.integer({"patch_size"}, 1, 10'000, patch, false);
  r.integer({"image_size"}, 1, 100'000, image, false);
  r.integer({"num_channels"}, 1, 16, channels, false);
  r.integer({"projector_input_dim"}, 1, kMaxDim, pin, false);
  r.integer({"projector_output_dim"}, 1, kMaxDim, pout, false);
  r.integer({"vision_output_dim"}, 1, kMaxDim, out, false);
  if (r.failed()) return 0;
  const int64_t side = image / patch;
  const int64_t block = 4 * (h * h + h) + (2 * h * inter + inter + h) + 4 * h;
  return channels * patch * patch * h + h + (side * side + 1) * h + 4 * h + layers * block + inter * pin +
         pout * pout + out * text_hidden;
}

// DeepSeek-V3.2's lightning indexer (index_n_heads, index_head_dim, index_topk).
void read_indexer(Reader& r, ModelArch& m) {
  r.integer({"index_n_heads"}, 1, kMaxDim, m.index_heads, true);
  r.integer({"index_head_dim"}, 1, kMaxDim, m.index_head_dim, true);
  r.integer({"index_topk"}, 1, 100'000'000, m.index_topk, false);
}

// Keys that change the architecture, and whether this import modelled them. Each key
// present and not modelled is listed with what was assumed instead.
void flag_unmodelled(const Value& cfg, const ModelArch& m, const ModelledKeys& k, std::string& out) {
  std::vector<std::string> ignored;
  const bool is_object = cfg.is_object();
  if (!is_object) return;
  for (const Value::Member& member : cfg.object()) {
    const std::string& key = member.first;
    if (member.second.is_null()) continue;
    auto starts = [&key](const char* p) { return key.rfind(p, 0) == 0; };
    bool arch_key = false, modelled = false;
    if (starts("linear_") || key == "full_attention_interval") { arch_key = true; modelled = k.linear; }
    else if (starts("mamba_") || starts("ssm_") || key == "attn_layer_period" || key == "attn_layer_offset" ||
             key == "attn_layer_indices") { arch_key = true; modelled = k.mamba; }
    else if (key == "sliding_window_pattern") { arch_key = true; modelled = k.window_pattern; }
    else if (key == "attention_chunk_size") { arch_key = true; modelled = k.chunked; }
    else if (starts("index_")) { arch_key = true; modelled = k.indexer; }
    else if (key == "expert_layer_period" || key == "expert_layer_offset" || key == "interleave_moe_layer_step")
      { arch_key = true; modelled = k.moe_interleave; }
    if (key == "index_topk" && !k.indexer) arch_key = true;
    if (arch_key && !modelled) ignored.push_back(key);
  }
  if (!k.layer_types_unknown.empty())
    note(out, "layer_types entries " + k.layer_types_unknown + " not modelled: counted as full-attention layers");
  if (!ignored.empty()) {
    std::string list;
    for (const std::string& s : ignored) list += (list.empty() ? "" : ", ") + s;
    // A hybrid family keeps its own layer split; the ignored keys change nothing of it.
    note(out, "ignored " + list + ": assumed " +
                  (m.state_layers > 0 ? "full attention with a KV cache on its " + std::to_string(kv_layers(m)) +
                                            " attention layers, beside the modelled state of " +
                                            std::to_string(m.state_layers) + " layers"
                                      : "full attention with a KV cache on all " + std::to_string(m.layers) +
                                            " layers and no per-sequence state"));
  }
}

}  // namespace infercalc::config_detail
