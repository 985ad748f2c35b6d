// A transformer's architecture, read from a Hugging Face config.json (presets are
// config.json texts too, in assets/models.json), and the counts derived from it:
// parameters by component and KV-cache bytes per token.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "core/json.h"
#include "core/status.h"

namespace infercalc {

enum class MlpKind { Gated, Plain };      // Gated: gate+up+down (SwiGLU/GeGLU); Plain: fc1+fc2
enum class NormKind { RmsNorm, LayerNorm };  // LayerNorm carries a bias

// How the published checkpoint itself stores weights, when the config says so.
enum class NativeQuant {
  None,
  Fp8Block128,   // DeepSeek-V3: fp8 e4m3 with one fp32 scale per 128x128 block
  Mxfp4Experts,  // gpt-oss: MoE experts in MXFP4 (4.25 bits/param), the rest BF16
  Fp8MlpOnly,    // Meta's Llama 3.1 FP8 (quant_method fbgemm_fp8): the MLPs in fp8 e4m3 with
                 // a scale per row, except those of the first and last layer; attention,
                 // embeddings and LM head BF16 ("The Llama 3 Herd of Models", section 6.2.2)
};

struct MoeSpec {
  int64_t num_experts = 0;          // routed experts per MoE layer; 0 = dense model
  int64_t experts_per_token = 0;    // top-k
  int64_t expert_intermediate = 0;  // intermediate size of one routed expert
  int64_t shared_experts = 0;       // always-active experts per MoE layer
  int64_t shared_intermediate = 0;  // intermediate size of one shared expert
  int64_t first_dense_layers = 0;   // layers with a dense MLP instead of experts: the leading
                                    // first_k_dense_replace of DeepSeek, or Qwen-MoE's mlp_only_layers
                                    // and decoder_sparse_step gaps; the other layers are MoE layers
  int64_t dense_intermediate = 0;   // intermediate size of those dense MLPs
  bool router_bias = false;         // gpt-oss router bias, DeepSeek-V3 e_score_correction_bias
  bool expert_bias = false;         // gpt-oss experts have biases
  bool shared_expert_gate = false;  // Qwen2-MoE: a hidden->1 sigmoid gate on the shared expert
  int64_t moe_layers(int64_t layers) const { return is_moe() ? layers - first_dense_layers : 0; }
  bool is_moe() const { return num_experts > 0; }
  bool operator==(const MoeSpec&) const = default;
};

// Multi-head latent attention (DeepSeek V2/V3).
struct MlaSpec {
  int64_t q_lora_rank = 0;  // 0 = queries not compressed (V2-Lite)
  int64_t kv_lora_rank = 0;
  int64_t qk_nope_head_dim = 0;
  int64_t qk_rope_head_dim = 0;
  int64_t v_head_dim = 0;
  bool is_mla() const { return kv_lora_rank > 0; }
  bool operator==(const MlaSpec&) const = default;
};

struct ModelArch {
  std::string id;           // preset id, or "custom"
  std::string name;         // display name
  std::string family;       // config.json model_type, e.g. "llama"
  std::string source;       // where the config and counts come from

  int64_t hidden = 0;
  int64_t layers = 0;
  int64_t heads = 0;
  int64_t kv_heads = 0;
  int64_t head_dim = 0;     // from config when given, else hidden / heads
  int64_t intermediate = 0; // dense MLP intermediate size
  int64_t vocab = 0;
  int64_t max_context = 0;  // max_position_embeddings (0 = unknown)
  int64_t learned_positions = 0;  // rows of a learned position table (OPT, GPT-2), else 0

  bool tied_embeddings = false;
  bool qkv_bias = false;
  bool o_bias = false;
  bool mlp_bias = false;
  bool lm_head_bias = false;
  bool embedding_norm = false;  // BLOOM: LayerNorm right after the embedding
  bool qk_norm = false;         // Qwen3, Gemma 3: RMSNorm over each q/k head
  int64_t norms_per_layer = 2;  // Gemma 2/3 have 4 (pre and post)
  MlpKind mlp = MlpKind::Gated;
  NormKind norm = NormKind::RmsNorm;
  bool attention_sinks = false;  // gpt-oss: one learned logit per head per layer
  bool final_norm = true;        // a norm after the last layer (OPT-350m has none)
  int64_t embed_dim = 0;         // token-embedding width when it differs from hidden (OPT-350m
                                 // word_embed_proj_dim, with project_in/out matrices); 0 = hidden
  // Whether the published active-parameter figure counts the input embedding (the
  // gpt-oss model card does not; DeepSeek, Mixtral and Qwen cards do). MoE models only.
  bool active_counts_embedding = true;

  // Sliding-window attention: `sliding_layers` of `layers` cap their KV at `sliding_window`.
  // Llama 4's chunked attention (attention_chunk_size) is read the same way: a chunked
  // layer never holds more than one chunk of keys (docs/models.md).
  int64_t sliding_layers = 0;
  int64_t sliding_window = 0;

  // Hybrid models (Qwen3-Next Gated DeltaNet, Jamba's Mamba layers):
  // `state_layers` layers run a recurrent mixer that keeps `state_elements` elements per
  // sequence (recurrent/SSM state plus the causal-conv window), whatever the length;
  // one such mixer has `state_params` parameters. `kv_free_layers` of the layers have no
  // attention at all (no KV cache): the mixer replaces it (Qwen3-Next, Jamba).
  int64_t state_layers = 0;
  int64_t state_elements = 0;
  int64_t state_params = 0;
  int64_t kv_free_layers = 0;
  bool attn_output_gate = false;  // Qwen3-Next gated attention: q_proj also yields a sigmoid gate

  // DeepSeek-V3.2 sparse attention (DSA): a lightning indexer of `index_heads` heads of
  // `index_head_dim` scores every cached token and keeps its own per-token key cache;
  // the main attention reads only the `index_topk` selected tokens.
  int64_t index_heads = 0;
  int64_t index_head_dim = 0;
  int64_t index_topk = 0;

  // Parameters outside the decoder that a multimodal checkpoint loads (vision tower and
  // projector, read from vision_config): in the total and the weights, never active.
  int64_t vision_params = 0;
  // Multi-token-prediction layers in the checkpoint (num_nextn_predict_layers): counted
  // apart, not in the totals (the cards' figures exclude them).
  int64_t mtp_layers = 0;

  // What the importer could not model: config keys that change the architecture but are
  // ignored, or an unknown model_type, with what was assumed instead. Empty when the
  // config was understood. The estimate reports it as warning unknown-architecture.
  std::string unmodelled;

  MoeSpec moe;
  MlaSpec mla;
  NativeQuant native_quant = NativeQuant::None;

  bool operator==(const ModelArch&) const = default;
};

// Parameters by component, summed over all layers. Doubles: exact for counts < 2^53.
struct ParamBreakdown {
  double embedding = 0;       // token embedding + learned positions (+ embedding norm, OPT project_in)
  double lm_head = 0;         // 0 when tied to the embedding (+ its bias, OPT project_out)
  double attention = 0;       // q, k, v, o (or the MLA projections), biases, sinks, qk-norms
  double dense_mlp = 0;       // dense MLP layers
  double routed_experts = 0;  // every routed expert of every MoE layer
  double shared_experts = 0;  // shared experts of every MoE layer
  double router = 0;          // MoE gates
  double norms = 0;           // per-layer norms (MLA q_a/kv_a norms too) and the final norm
  double state_mixers = 0;    // recurrent mixers of hybrid layers (Gated DeltaNet, Mamba2)
  double vision = 0;          // vision tower + projector of a multimodal checkpoint

  double total() const {
    return embedding + lm_head + attention + dense_mlp + routed_experts + shared_experts + router + norms +
           state_mixers + vision;
  }
  // Routed-expert parameters one token uses (top-k of num_experts).
  double routed_active(const ModelArch& m) const;
  // Parameters that touch one token, the input embedding excluded (it is a lookup).
  double active_compute(const ModelArch& m) const;
  // The output projection (LM head, or the tied embedding serving as one): it runs
  // only on the rows an engine samples from, not on every prompt token.
  double unembedding(const ModelArch& m) const;
};

ParamBreakdown count_params(const ModelArch& m);
// Width of the token-embedding rows (OPT-350m's word_embed_proj_dim, else hidden).
int64_t embed_width(const ModelArch& m);

// Total and active parameters, following the convention of the model's published
// figure (see models.json notes): total counts everything stored, active counts what
// one token uses (embeddings included for MoE models unless the card excludes them).
double total_params(const ModelArch& m);
double active_params(const ModelArch& m);

// KV-cache bytes one token adds across all layers, before any TP split and without
// the sliding-window cap (the figure engines and models.json report).
double kv_bytes_per_token(const ModelArch& m, double bytes_per_element);

// KV-cache bytes one sequence of `tokens` tokens holds, with sliding-window layers
// capped at their window.
double kv_bytes_for_sequence(const ModelArch& m, double bytes_per_element, double tokens);

// KV elements per token per layer (K and V together, or the MLA latent).
double kv_elements_per_layer_token(const ModelArch& m);

// Layers that keep a KV cache (all but the attention-free hybrid layers).
int64_t kv_layers(const ModelArch& m);

// Bytes per token per layer of DeepSeek-V3.2's indexer key cache (0 without one): FP8
// keys plus one fp32 scale per 128 of them, whatever the KV dtype.
double indexer_bytes_per_layer_token(const ModelArch& m);

// KV-cache bytes the attention of one query reads over a context of `tokens`: the whole
// sequence's KV (kv_bytes_for_sequence), except under DeepSeek-V3.2's sparse attention,
// which reads the indexer keys of every token but the latent of only index_topk tokens.
double kv_bytes_read_per_query(const ModelArch& m, double bytes_per_element, double tokens);

// Fixed per-sequence state of the hybrid layers, bytes (0 for a pure transformer).
double state_bytes_per_sequence(const ModelArch& m, double bytes_per_element);

// Imports a Hugging Face config.json. Understands the families listed in
// docs/models.md with their own field names and defaults. A config it cannot read
// gets one error naming the missing or invalid field.
Expected<ModelArch> import_config(std::string_view config_json);
Expected<ModelArch> import_config(const json::Value& config);

}  // namespace infercalc
