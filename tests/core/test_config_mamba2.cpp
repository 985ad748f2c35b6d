// Mamba2 hybrids: Granite 4.0 hybrid (`granitemoehybrid`) and Falcon-H1 (`falcon_h1`).
// The reference data has no config.json of either, so tests/data/configs holds two
// written with transformers' GraniteMoeHybridConfig / FalconH1Config field names
// (tests/data/configs/README.md). Every expected number below is worked by hand from the
// modelling files (transformers models/granitemoehybrid/modeling_granitemoehybrid.py,
// models/falcon_h1/modeling_falcon_h1.py) and vLLM's Mamba2 state shape
// (model_executor/layers/mamba/mamba_utils.py, MambaStateShapeCalculator.mamba2_state_shape):
//   conv: (d_inner + 2 n_groups d_state) x (d_conv - 1), ssm: n_heads x head_dim x d_state,
// per Mamba layer, in the model dtype (vLLM's mamba_ssm_cache_dtype "auto").
#include <doctest/doctest.h>

#include <string>

#include "config_fixtures.h"
#include "core/estimate.h"
#include "core/model.h"
#include "core/scenario_check.h"

using namespace infercalc;
using infercalc::test::load;
using infercalc::test::read_config;

namespace {

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, from);
  return text.replace(at, from.size(), to);
}

}  // namespace

// granitemoehybrid.json: hidden 1536, 8 layers (layer_types: 6 mamba, 2 attention),
// 12 heads of 128 with 4 KV heads, 64 experts of 512 (top 6) plus a 1024-wide shared
// MLP, vocab 100352 tied; Mamba2 d_inner = 2 x 1536 = 3072 in 48 heads of 64, 1 group,
// d_state 128, d_conv 4, conv bias, no projection bias.
TEST_CASE("granitemoehybrid: Mamba2 state on the mamba layers, KV on the attention layers") {
  const ModelArch m = load("granitemoehybrid.json");
  CHECK(m.family == "granitemoehybrid");
  CHECK(m.unmodelled.empty());  // mamba_* and layer_types "mamba"/"attention" are modelled
  CHECK(kv_layers(m) == 2);
  CHECK(m.state_layers == 6);
  // KV: 2 layers x 2 (K, V) x 4 heads x 128 x 2 bytes = 4096 B/token in BF16.
  CHECK(kv_bytes_per_token(m, 2) == 4096);
  // State per Mamba layer: conv (3072 + 2 x 1 x 128) x 3 = 9,984; ssm 48 x 64 x 128 =
  // 393,216; 403,200 elements. 6 layers x 403,200 x 2 bytes = 4,838,400 B per sequence.
  CHECK(m.state_elements == 403200);
  CHECK(state_bytes_per_sequence(m, 2) == 4838400);
  // Parameters, by hand:
  //   Mamba2 mixer: in_proj 1536 x (3072 + 3328 + 48) = 9,904,128; conv1d 3328 x 4 + 3328
  //   = 16,640; dt_bias, A_log, D 3 x 48 = 144; gated RMSNorm 3072; out_proj 3072 x 1536
  //   = 4,718,592: 14,642,576 per mamba layer (x 6 = 87,855,456).
  //   Attention: q 1536 x 1536 + k, v 2 x 1536 x 512 + o 1536 x 1536 = 6,291,456 (x 2).
  //   MoE: 64 experts x 3 x 1536 x 512 = 150,994,944, router 64 x 1536 = 98,304, shared
  //   MLP 3 x 1536 x 1024 = 4,718,592 per layer (x 8).
  //   Norms 2 x 1536 per layer + 1536 final; embedding 100352 x 1536 = 154,140,672, tied.
  CHECK(m.state_params == 14642576);
  const double total = 154140672.0 + 87855456 + 2 * 6291456.0 + 8 * (150994944.0 + 98304 + 4718592) + 8 * 3072 + 1536;
  CHECK(total_params(m) == total);  // 1,501,099,872
  // Active: 6 of 64 experts: routed 8 x 150,994,944 x 6 / 64 = 113,246,208 kept.
  CHECK(active_params(m) == total - 8 * 150994944.0 + 113246208.0);
}

TEST_CASE("granitemoehybrid: a dense variant, and what is not modelled is said") {
  const std::string cfg = read_config("granitemoehybrid.json");
  SUBCASE("0 experts: the shared MLP is each layer's MLP") {
    auto d = import_config(replaced(cfg, "\"num_local_experts\": 64", "\"num_local_experts\": 0"));
    REQUIRE(d.ok());
    CHECK_FALSE(d->moe.is_moe());
    CHECK(d->intermediate == 1024);
  }
  SUBCASE("layer_types is required: there is no default pattern") {
    auto r = import_config(replaced(cfg, "\"layer_types\"", "\"layer_kinds\""));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().field == "config.json: layer_types");
  }
  SUBCASE("mamba_d_head x mamba_n_heads must be d_inner, as GraniteMoeHybridConfig checks") {
    auto r = import_config(replaced(cfg, "\"mamba_d_head\": 64", "\"mamba_d_head\": 32"));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().field == "config.json: mamba_d_head");
    auto a = import_config(replaced(cfg, "\"mamba_d_head\": 64", "\"mamba_d_head\": \"auto\""));
    REQUIRE(a.ok());
    CHECK(a->state_elements == 403200);  // auto = 3072 / 48 = 64
  }
  SUBCASE("an unknown layer kind and keys of other architectures are flagged") {
    auto r = import_config(replaced(replaced(cfg, "\"mamba\", \"attention\"]", "\"mamba\", \"linear_attention\"]"),
                                    "\"logits_scaling\": 6", "\"logits_scaling\": 6, \"attention_chunk_size\": 8192"));
    REQUIRE(r.ok());
    CHECK(contains(r->unmodelled, "\"linear_attention\""));
    CHECK(contains(r->unmodelled, "attention_chunk_size"));
    CHECK_FALSE(contains(r->unmodelled, "mamba_"));
    // The assumption said is this model's: KV on its 2 attention layers, state on 6.
    CHECK(contains(r->unmodelled, "KV cache on its 2 attention layers"));
    CHECK_FALSE(contains(r->unmodelled, "no per-sequence state"));
  }
}

// falcon_h1.json: hidden 1024, 4 layers, each with attention (8 heads of 64, 2 KV
// heads) and a Mamba2 mixer side by side, a gated MLP of 2048, vocab 32768 untied;
// mixer d_inner = mamba_d_ssm 1536 (not mamba_expand x hidden = 2048), 24 heads of 64,
// 1 group, d_state 128, d_conv 4, conv bias, no projection biases, no gated norm
// (mamba_rms_norm false).
TEST_CASE("falcon_h1: attention and Mamba2 on every layer, KV and state both") {
  const ModelArch m = load("falcon_h1.json");
  CHECK(m.family == "falcon_h1");
  CHECK(m.unmodelled.empty());  // mamba_*, ssm_* modelled; multipliers change no size
  CHECK(kv_layers(m) == 4);
  CHECK(m.state_layers == 4);
  // KV: 4 layers x 2 x 2 heads x 64 x 2 bytes = 2048 B/token.
  CHECK(kv_bytes_per_token(m, 2) == 2048);
  // State per layer: conv (1536 + 2 x 128) x 3 = 5,376; ssm 24 x 64 x 128 = 196,608;
  // 201,984 elements; 4 layers x 2 bytes: 1,615,872 B per sequence.
  CHECK(state_bytes_per_sequence(m, 2) == 1615872);
  // Parameters: mixer in_proj 1024 x (1536 + 1792 + 24) = 3,432,448, conv 1792 x 5 =
  // 8,960, 3 x 24 = 72, out_proj 1536 x 1024 = 1,572,864: 5,014,344. Attention 1024 x
  // 512 x 2 + 1024 x 128 x 2 = 1,310,720. MLP 3 x 1024 x 2048 = 6,291,456. Norms 2 x 1024.
  // Per layer 12,618,568 (x 4); embedding and lm_head 2 x 32768 x 1024; final norm 1024.
  CHECK(m.state_params == 5014344);
  CHECK(total_params(m) == 4 * 12618568.0 + 2 * 33554432.0 + 1024);  // 117,584,160
  SUBCASE("without mamba_d_ssm the mixer is mamba_expand x hidden wide") {
    auto r = import_config(replaced(read_config("falcon_h1.json"), "\"mamba_d_ssm\": 1536", "\"mamba_d_ssm\": null"));
    // 2 x 1024 = 2048 channels in 24 heads: 24 does not divide 2048, as FalconH1Config rejects.
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().field == "config.json: mamba_n_heads");
  }
}

// The estimate carries the state with every sequence and raises no unknown-architecture.
TEST_CASE("estimate: a Falcon-H1 custom model counts its Mamba2 state per sequence") {
  Scenario s;
  s.model_id = "custom";
  s.custom_model = load("falcon_h1.json");
  s.gpu_id = "h100-sxm";
  s.input_tokens = 1024;
  s.output_tokens = 256;
  REQUIRE_FALSE(validate(s).has_value());
  const Result r = estimate(s);
  REQUIRE(r.valid);
  CHECK(r.state_bytes_per_sequence == 1615872);
  CHECK_FALSE(r.has(WarningCode::UnknownArchitecture));
}

// A hybrid layer's state is read and written back once per decode step (vLLM's Mamba2 and
// Gated DeltaNet kernels load the state, update it in place and store it), and the
// recurrence does a few FLOPs per state element per token (Mamba2's scan: decay, the
// rank-1 B x update and the C readout, about 2 FLOPs each). The same Qwen3-Next with its
// state zeroed isolates both.
TEST_CASE("decode reads and writes each sequence's state and does its recurrence per token") {
  Scenario s;
  s.model_id = "qwen3-next-80b-a3b";
  s.gpu_id = "h200-sxm";
  s.weights = WeightFormat::Fp8;
  s.input_tokens = 1024;
  s.output_tokens = 64;
  s.batch = 32;
  const Result with_state = estimate(s);
  s.custom_model = *resolve_model(s);
  s.custom_model.state_elements = 0;
  s.model_id = "custom";
  const Result without = estimate(s);
  REQUIRE(with_state.fits);
  REQUIRE(without.fits);
  REQUIRE(with_state.batch == without.batch);
  const double elements = 36.0 * (32 * 128 * 128 + (2 * 16 * 128 + 32 * 128) * 3);  // docs/models.md
  // One decode round: every running sequence adds a token, touching every state element.
  const double per_element = (with_state.decode_flops - without.decode_flops) / (static_cast<double>(with_state.batch) * elements);
  CHECK(per_element >= 4);
  CHECK(per_element <= 8);
  // Reading and writing 32 x 39.5 MB of BF16 state per step costs memory time.
  CHECK(with_state.decode_memory_ms > without.decode_memory_ms);
  CHECK(with_state.prefill_flops > without.prefill_flops);
}
