// The tensor types llama.cpp's quantize tool writes for each "mix", from llama_tensor_get_type
// (src/llama-quant.cpp; before 2025 src/llama.cpp), and ggml's block sizes (ggml-common.h,
// type_traits in ggml.c; engines.md section 4). Checked in tests/core/test_gguf_layout.cpp
// against the file sizes the tool prints for Llama-3-8B (engines.md section 4: Q3_K_M 3.74G,
// Q4_K_M 4.58G, Q5_K_M 5.33G, Q6_K 6.14G) and the buffers llama.cpp logs when it loads one.
// Files made with an importance matrix (--imatrix) differ in two rules (IQ4_XS's first
// ffn_down layers, Q4_0/Q5_0's); we follow the tool run without one.
#include "core/gguf_layout.h"

#include <cstdint>

namespace infercalc {
namespace {

enum class T { Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Iq4_Xs, Iq4_Nl, F16 };

struct Block { int64_t weights; double bytes; };
// ggml-common.h block structs: weights per block, bytes per block.
Block block(T t) {
  switch (t) {
    case T::Q2_K: return {256, 84};
    case T::Q3_K: return {256, 110};
    case T::Q4_K: return {256, 144};
    case T::Q5_K: return {256, 176};
    case T::Q6_K: return {256, 210};
    case T::Q8_0: return {32, 34};
    case T::Q4_0: return {32, 18};
    case T::Q4_1: return {32, 20};
    case T::Q5_0: return {32, 22};
    case T::Q5_1: return {32, 24};
    case T::Iq4_Xs: return {256, 136};
    case T::Iq4_Nl: return {32, 18};  // block_iq4_nl: fp16 d + 16 B
    case T::F16: return {1, 2};
  }
  return {1, 2};
}

// The type a mix quantises to when no rule says otherwise (llama_model_quantize_impl's
// default_type switch).
T base_type(WeightFormat f) {
  switch (f) {
    case WeightFormat::Q2_K: return T::Q2_K;
    case WeightFormat::Q3_K_M: case WeightFormat::Q3_K_S: return T::Q3_K;
    case WeightFormat::Q4_K_M: case WeightFormat::Q4_K_S: return T::Q4_K;
    case WeightFormat::Q5_K_M: return T::Q5_K;
    case WeightFormat::Q6_K: return T::Q6_K;
    case WeightFormat::Q4_0: return T::Q4_0;
    case WeightFormat::Q4_1: return T::Q4_1;
    case WeightFormat::Q5_0: return T::Q5_0;
    case WeightFormat::Q5_1: return T::Q5_1;
    case WeightFormat::Iq4_Xs: return T::Iq4_Xs;
    default: return T::Q8_0;
  }
}

// A row width the type's block does not divide falls back (convert_incompatible_tensor):
// K-quants to a 32-wide type, then to F16.
T fit_rows(T t, int64_t row) {
  if (row % block(t).weights == 0) return t;
  switch (t) {
    case T::Q2_K: case T::Q3_K: case T::Iq4_Xs: t = T::Iq4_Nl; break;
    case T::Q4_K: t = T::Q5_0; break;
    case T::Q5_K: t = T::Q5_1; break;
    case T::Q6_K: t = T::Q8_0; break;
    default: break;
  }
  return row % block(t).weights == 0 ? t : T::F16;
}

double bytes(T t, int64_t row, double params) {
  const Block b = block(fit_rows(t, row));
  return params * b.bytes / static_cast<double>(b.weights);
}

// use_more_bits in llama_tensor_get_type: the first and last eighth of the layers and every
// third one between them.
bool more_bits(int64_t i, int64_t n) { return i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2; }

struct Rules {
  WeightFormat f;
  T base;
  bool eight_experts;  // hparams.n_expert == 8 (Mixtral)
  bool type_70b;       // LLM_TYPE_70B: 80 layers with grouped-query attention (llama, qwen2)
  int64_t gqa;         // n_head / n_head_kv
};

// attn_v.weight, the i-th of n.
T attn_v(const Rules& r, int64_t i, int64_t n) {
  T t = r.base;
  const WeightFormat f = r.f;
  if (f == WeightFormat::Q2_K) t = r.gqa >= 4 ? T::Q4_K : T::Q3_K;
  else if (f == WeightFormat::Q3_K_M) t = i < 2 ? T::Q5_K : T::Q4_K;
  else if (f == WeightFormat::Iq4_Xs && r.gqa >= 4) t = T::Q5_K;
  else if ((f == WeightFormat::Q4_K_M || f == WeightFormat::Q5_K_M) && more_bits(i, n)) t = T::Q6_K;
  else if (f == WeightFormat::Q4_K_S && i < 4) t = T::Q5_K;
  if (r.type_70b && (t == T::Q3_K || t == T::Q4_K)) t = T::Q5_K;
  if (r.eight_experts) t = T::Q8_0;
  return t;
}

// ffn_down (dense, _exps and _shexp alike: the rule matches the name's prefix), the i-th of n.
T ffn_down(const Rules& r, int64_t i, int64_t n) {
  const WeightFormat f = r.f;
  if (f == WeightFormat::Q2_K) return T::Q3_K;
  if (f == WeightFormat::Q3_K_M) return i < n / 16 ? T::Q5_K : T::Q4_K;
  if ((f == WeightFormat::Q4_K_M || f == WeightFormat::Q5_K_M) && more_bits(i, n)) return T::Q6_K;
  if (f == WeightFormat::Iq4_Xs && i < n / 8) return T::Q5_K;
  if (f == WeightFormat::Q4_K_S && i < n / 8) return T::Q5_K;
  return r.base;
}

T attn_output(const Rules& r) {
  const WeightFormat f = r.f;
  if (r.eight_experts) {
    const bool raised = f == WeightFormat::Q2_K || f == WeightFormat::Q3_K_S || f == WeightFormat::Q3_K_M ||
                        f == WeightFormat::Q4_K_S || f == WeightFormat::Q4_K_M || f == WeightFormat::Iq4_Xs;
    return raised ? T::Q5_K : r.base;
  }
  if (f == WeightFormat::Q2_K) return T::Q3_K;
  if (f == WeightFormat::Q3_K_M) return T::Q4_K;
  return r.base;
}

// output.weight (or token_embd.weight when the model has no output tensor): Q6_K unless the
// mix is Q8_0, Q8_0 when the rows are not a multiple of 256.
T output(const Rules& r, int64_t row) {
  if (row % 256 != 0) return T::Q8_0;
  return r.base == T::Q8_0 ? T::Q8_0 : T::Q6_K;
}

struct Sum {
  double bytes = 0, params = 0;
  void add(T t, int64_t row, double n) { bytes += infercalc::bytes(t, row, n); params += n; }
  double per_param(double fallback) const { return params > 0 ? bytes / params : fallback; }
};

double d(int64_t v) { return static_cast<double>(v); }

}  // namespace

GgufLayout gguf_layout(const ModelArch& m, WeightFormat f) {
  const Rules r{f, base_type(f), m.moe.num_experts == 8, m.layers == 80 && m.heads != m.kv_heads,
                m.kv_heads > 0 ? m.heads / m.kv_heads : 1};
  const int64_t h = m.hidden, n = m.layers, q_width = m.heads * m.head_dim, kv_width = m.kv_heads * m.head_dim;
  const double attn_per_layer = count_params(m).attention / d(n);
  Sum attn, mlp, experts, shared;
  for (int64_t i = 0; i < n; ++i) {
    if (m.mla.is_mla()) {
      // attn_q_a/_b, attn_kv_a_mqa, attn_kv_b: the mix's type; attn_output by its rule.
      const double o = d(m.heads * m.mla.v_head_dim) * d(h);
      attn.add(r.base, h, attn_per_layer - o);
      attn.add(attn_output(r), m.heads * m.mla.v_head_dim, o);
    } else {
      attn.add(r.base, h, d(h) * d(q_width));
      attn.add(r.eight_experts ? T::Q8_0 : r.base, h, d(h) * d(kv_width));
      attn.add(attn_v(r, i, n), h, d(h) * d(kv_width));
      attn.add(attn_output(r), q_width, d(q_width) * d(h));
    }
  }
  // ffn_down tensors in file order: the dense layers' ffn_down, each MoE layer's
  // ffn_down_exps and then its ffn_down_shexp.
  const bool moe = m.moe.is_moe();
  const int64_t dense_layers = moe ? m.moe.first_dense_layers : n;
  const int64_t per_moe_layer = m.moe.shared_experts > 0 ? 2 : 1;
  const int64_t downs = dense_layers + (n - dense_layers) * per_moe_layer;
  int64_t i_down = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (i < dense_layers) {
      const int64_t inter = moe ? m.moe.dense_intermediate : m.intermediate;
      mlp.add(r.base, h, 2 * d(h) * d(inter));
      mlp.add(ffn_down(r, i_down++, downs), inter, d(inter) * d(h));
      continue;
    }
    const int64_t ie = m.moe.expert_intermediate, e = m.moe.num_experts;
    experts.add(r.base, h, 2 * d(e) * d(h) * d(ie));
    experts.add(ffn_down(r, i_down++, downs), ie, d(e) * d(ie) * d(h));
    if (per_moe_layer == 2) {
      const int64_t is = m.moe.shared_experts * m.moe.shared_intermediate;
      shared.add(r.base, h, 2 * d(h) * d(is));
      shared.add(ffn_down(r, i_down++, downs), is, d(is) * d(h));
    }
  }
  GgufLayout g;
  const double plain = block(r.base).bytes / d(block(r.base).weights);
  g.attention = attn.per_param(plain);
  g.dense_mlp = mlp.per_param(plain);
  g.experts = experts.per_param(plain);
  g.shared = shared.per_param(plain);
  const int64_t row = embed_width(m);
  g.output = bytes(output(r, row), row, 1);
  // A model without an output tensor stores its (tied) token_embd in the output's type.
  g.embedding = m.tied_embeddings ? g.output : bytes(r.base, row, 1);
  return g;
}

double gguf_file_bytes(const ModelArch& m, WeightFormat f) {
  const GgufLayout g = gguf_layout(m, f);
  const ParamBreakdown p = count_params(m);
  return (p.attention + p.state_mixers) * g.attention + p.dense_mlp * g.dense_mlp + p.shared_experts * g.shared +
         p.routed_experts * g.experts + p.router * 2 + p.norms * g.norms + p.embedding * g.embedding +
         p.lm_head * g.output;
}

}  // namespace infercalc
