// Parameter counts by component and KV-cache sizes, from a ModelArch. The import of
// config.json lives in config_import.cpp. Conventions: docs/models.md.
#include "core/model.h"

#include <algorithm>
#include <cmath>

namespace infercalc {

namespace {

double d(int64_t v) { return static_cast<double>(v); }

// Weights of one norm over `width` features (LayerNorm has a bias too).
double norm_params(const ModelArch& m, int64_t width) {
  return (m.norm == NormKind::LayerNorm ? 2.0 : 1.0) * d(width);
}

// One MLP of intermediate size `inter` (gate/up/down or fc1/fc2), with its biases.
double mlp_params(const ModelArch& m, int64_t inter, bool bias) {
  const double h = d(m.hidden), i = d(inter);
  if (m.mlp == MlpKind::Gated) return 3.0 * h * i + (bias ? 2.0 * i + h : 0.0);
  return 2.0 * h * i + (bias ? i + h : 0.0);
}

// Attention of one layer: projections, biases, sinks, per-head q/k norms.
double attention_params(const ModelArch& m) {
  const double h = d(m.hidden), nh = d(m.heads);
  if (m.mla.is_mla()) {
    const MlaSpec& a = m.mla;
    const double qk = d(a.qk_nope_head_dim + a.qk_rope_head_dim);
    double p = 0;
    if (a.q_lora_rank > 0)
      p += h * d(a.q_lora_rank) + d(a.q_lora_rank) * nh * qk + (m.qkv_bias ? d(a.q_lora_rank) : 0.0);
    else
      p += h * nh * qk + (m.qkv_bias ? nh * qk : 0.0);
    p += h * d(a.kv_lora_rank + a.qk_rope_head_dim) + (m.qkv_bias ? d(a.kv_lora_rank + a.qk_rope_head_dim) : 0.0);
    p += d(a.kv_lora_rank) * nh * d(a.qk_nope_head_dim + a.v_head_dim);
    p += nh * d(a.v_head_dim) * h + (m.o_bias ? h : 0.0);
    if (m.index_head_dim > 0) {
      // DeepSeek-V3.2 lightning indexer (inference/model.py Indexer): wq_b from the q
      // latent, wk from the hidden state, a LayerNorm on the key, per-head weights_proj.
      const double ih = d(m.index_heads), id = d(m.index_head_dim);
      p += d(a.q_lora_rank > 0 ? a.q_lora_rank : m.hidden) * ih * id + h * id + 2.0 * id + h * ih;
    }
    return p;
  }
  const double q = nh * d(m.head_dim), kv = d(m.kv_heads) * d(m.head_dim);
  double p = h * q + 2.0 * h * kv + q * h;
  if (m.attn_output_gate) p += h * q;  // q_proj twice as wide: queries and their gate
  if (m.qkv_bias) p += q + 2.0 * kv;
  if (m.o_bias) p += h;
  if (m.qk_norm) p += 2.0 * d(m.head_dim);
  if (m.attention_sinks) p += nh;
  return p;
}

}  // namespace

int64_t embed_width(const ModelArch& m) { return m.embed_dim > 0 ? m.embed_dim : m.hidden; }

ParamBreakdown count_params(const ModelArch& m) {
  ParamBreakdown b;
  const double h = d(m.hidden), layers = d(m.layers), vocab = d(m.vocab);
  const int64_t ew = embed_width(m);
  const double projection = ew != m.hidden ? d(ew) * h : 0.0;  // OPT project_in / project_out

  b.embedding = vocab * d(ew) + d(m.learned_positions) * h + projection;
  if (m.embedding_norm) b.embedding += norm_params(m, m.hidden);
  b.lm_head = (m.tied_embeddings ? 0.0 : vocab * d(ew)) + (m.lm_head_bias ? vocab : 0.0) + projection;

  b.attention = d(kv_layers(m)) * attention_params(m);
  b.state_mixers = d(m.state_layers) * d(m.state_params);
  b.vision = d(m.vision_params);

  const MoeSpec& e = m.moe;
  if (e.is_moe()) {
    const double moe_layers = d(e.moe_layers(m.layers));
    const int64_t dense_inter = e.dense_intermediate > 0 ? e.dense_intermediate : m.intermediate;
    b.dense_mlp = d(e.first_dense_layers) * mlp_params(m, dense_inter, m.mlp_bias);
    b.routed_experts = moe_layers * d(e.num_experts) * mlp_params(m, e.expert_intermediate, e.expert_bias);
    b.shared_experts = moe_layers * d(e.shared_experts) * mlp_params(m, e.shared_intermediate, m.mlp_bias);
    b.router = moe_layers * (d(e.num_experts) * h + (e.router_bias ? d(e.num_experts) : 0.0) +
                             (e.shared_expert_gate ? h : 0.0));
  } else {
    b.dense_mlp = layers * mlp_params(m, m.intermediate, m.mlp_bias);
  }

  b.norms = layers * d(m.norms_per_layer) * norm_params(m, m.hidden);
  if (m.final_norm) b.norms += norm_params(m, m.hidden);
  if (m.mla.is_mla()) b.norms += layers * d(std::max<int64_t>(m.mla.q_lora_rank, 0) + m.mla.kv_lora_rank);
  return b;
}

double ParamBreakdown::routed_active(const ModelArch& m) const {
  if (!m.moe.is_moe() || m.moe.num_experts <= 0) return 0;
  const double k = d(std::min(m.moe.experts_per_token, m.moe.num_experts));
  return routed_experts * k / d(m.moe.num_experts);
}

double ParamBreakdown::active_compute(const ModelArch& m) const {
  // Everything but the input-embedding lookup and the unused experts. A tied
  // embedding still serves as the output projection, so its matrix counts once.
  double tied_unembedding = m.tied_embeddings ? d(m.vocab) * d(embed_width(m)) : 0.0;
  return lm_head + tied_unembedding + attention + dense_mlp + routed_active(m) + shared_experts + router + norms +
         state_mixers;
}

double ParamBreakdown::unembedding(const ModelArch& m) const {
  return lm_head + (m.tied_embeddings ? d(m.vocab) * d(embed_width(m)) : 0.0);
}

double total_params(const ModelArch& m) { return count_params(m).total(); }

double active_params(const ModelArch& m) {
  const ParamBreakdown b = count_params(m);
  if (!m.moe.is_moe()) return b.total();
  // The vision tower runs once per image, not per token: never active.
  double active = b.total() - b.routed_experts + b.routed_active(m) - b.vision;
  // gpt-oss convention: the unembedding counts, the input embedding does not (when
  // tied, the one matrix is the unembedding and stays).
  if (!m.active_counts_embedding && !m.tied_embeddings) active -= b.embedding;
  return active;
}

double kv_elements_per_layer_token(const ModelArch& m) {
  if (m.mla.is_mla()) return d(m.mla.kv_lora_rank + m.mla.qk_rope_head_dim);
  return 2.0 * d(m.kv_heads) * d(m.head_dim);
}

int64_t kv_layers(const ModelArch& m) { return std::clamp<int64_t>(m.layers - m.kv_free_layers, 0, m.layers); }

double indexer_bytes_per_layer_token(const ModelArch& m) {
  if (m.index_head_dim <= 0) return 0;
  // DeepSeek-V3.2-Exp inference/model.py Indexer: k_cache float8_e4m3fn of index_head_dim,
  // k_scale_cache float32 of index_head_dim / block_size (block_size 128).
  return d(m.index_head_dim) + 4.0 * std::ceil(d(m.index_head_dim) / 128.0);
}

double kv_bytes_per_token(const ModelArch& m, double bytes_per_element) {
  return d(kv_layers(m)) * (kv_elements_per_layer_token(m) * bytes_per_element + indexer_bytes_per_layer_token(m));
}

double kv_bytes_for_sequence(const ModelArch& m, double bytes_per_element, double tokens) {
  if (!(tokens > 0)) return 0;  // also NaN
  const double per_layer = kv_elements_per_layer_token(m) * bytes_per_element + indexer_bytes_per_layer_token(m);
  const int64_t with_kv = kv_layers(m);
  const int64_t sliding = m.sliding_window > 0 ? std::clamp<int64_t>(m.sliding_layers, 0, with_kv) : 0;
  const double full = d(with_kv - sliding);
  const double capped = std::min(tokens, d(m.sliding_window));
  return per_layer * (full * tokens + d(sliding) * (sliding > 0 ? capped : 0.0));
}

double kv_bytes_read_per_query(const ModelArch& m, double bytes_per_element, double tokens) {
  if (m.index_topk <= 0 || !(tokens > d(m.index_topk))) return kv_bytes_for_sequence(m, bytes_per_element, tokens);
  // DeepSeek-V3.2 sparse attention (inference/model.py: Indexer scores every cached key,
  // topk_indices = index_score.topk(min(index_topk, end_pos)); MLA then gathers only those
  // latents): the indexer's keys of the whole context, the latent of index_topk tokens.
  const double layers = d(kv_layers(m));
  return layers * (tokens * indexer_bytes_per_layer_token(m) +
                   d(m.index_topk) * kv_elements_per_layer_token(m) * bytes_per_element);
}

double state_bytes_per_sequence(const ModelArch& m, double bytes_per_element) {
  return d(m.state_layers) * d(m.state_elements) * bytes_per_element;
}

}  // namespace infercalc
