// import_config on the real config.json of 2025 models (tests/data/configs, provenance
// in its README.md) against their model cards' parameter counts (as copied into
// tests/data/models_new_cards.csv with sources) and the KV/state sizes their
// architectures imply; and unknown architectures said out loud.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "core/estimate.h"
#include "core/model.h"
#include "config_fixtures.h"
#include "core/scenario_check.h"

using namespace infercalc;
using infercalc::test::load;
using infercalc::test::read_config;

namespace {


// A card's rounded figure: the count must round to it at the card's precision
// (`digits` significant digits), e.g. 108.6B rounds to the card's "109B".
bool rounds_to(double count, double card, int digits) {
  const double scale = std::pow(10.0, std::floor(std::log10(card)) - (digits - 1));
  return std::round(count / scale) * scale == card;
}

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

}  // namespace

// Card: https://huggingface.co/meta-llama/Llama-4-Scout-17B-16E-Instruct "17B activated / 109B total"
// (the 109B includes the vision tower: models_new.csv notes).
TEST_CASE("llama4: Llama 4 Scout, 109B total with the vision tower, 17B active, chunked attention") {
  ModelArch m = load("llama-4-scout.json");
  CHECK(m.family == "llama4");
  CHECK(m.moe.num_experts == 16);
  CHECK(m.moe.experts_per_token == 1);
  CHECK(m.moe.shared_experts == 1);
  CHECK(m.moe.first_dense_layers == 0);  // interleave_moe_layer_step 1: every layer MoE
  CHECK_FALSE(m.tied_embeddings);
  CHECK_FALSE(m.qk_norm);  // use_qk_norm is a parameter-free L2 norm
  // no_rope_layers []: every 4th layer NoPE and global, the other 36 chunked at 8192.
  CHECK(m.sliding_layers == 36);
  CHECK(m.sliding_window == 8192);
  CHECK(m.vision_params > 0);
  CHECK(rounds_to(total_params(m), 109e9, 3));
  CHECK(rounds_to(active_params(m), 17e9, 2));
  // KV: 48 layers x 2 x 8 kv heads x 128 x 2 bytes = 196,608 B/token (models_new.csv).
  CHECK(kv_bytes_per_token(m, 2) == 196608);
  // Chunked layers stop at one chunk: at 131,072 tokens 12 global layers hold all of
  // them and 36 hold 8,192, i.e. (12 x 131072 + 36 x 8192) / (48 x 8192) = 4.75 x the 8k KV.
  CHECK(kv_bytes_for_sequence(m, 2, 131072) / kv_bytes_for_sequence(m, 2, 8192) == doctest::Approx(4.75));
  CHECK(m.unmodelled.empty());
}

// Card: https://huggingface.co/Qwen/Qwen3-Next-80B-A3B-Instruct "80B in total and 3B activated".
TEST_CASE("qwen3_next: Qwen3-Next-80B-A3B, KV only on its 12 gated-attention layers plus a fixed state") {
  ModelArch m = load("qwen3-next-80b-a3b.json");
  CHECK(m.state_layers == 36);
  CHECK(m.kv_free_layers == 36);
  CHECK(kv_layers(m) == 12);
  CHECK(m.attn_output_gate);
  CHECK(m.moe.num_experts == 512);
  CHECK(m.moe.shared_experts == 1);
  CHECK(rounds_to(total_params(m), 80e9, 1));
  CHECK(rounds_to(active_params(m), 3e9, 1) == false);  // 3.88B incl. embeddings: see the non-embedding check
  // Card: 79B non-embedding; active 3B excludes embeddings (models_new.csv: 3.25B non-embedding).
  const ParamBreakdown b = count_params(m);
  CHECK(rounds_to(total_params(m) - b.embedding - b.lm_head, 79e9, 2));
  CHECK(rounds_to(active_params(m) - b.embedding - b.lm_head, 3e9, 1));
  // 12 x 2 x 2 kv heads x 256 x 2 bytes = 24,576 B/token BF16 (models_new.csv).
  CHECK(kv_bytes_per_token(m, 2) == 24576);
  // State per linear layer: 32 value heads x 128 x 128 + conv (2 x 16 x 128 + 32 x 128) x 3;
  // x 36 layers = 19,759,104 elements (~37.7 MiB BF16, models_new.csv).
  CHECK(m.state_elements == 32 * 128 * 128 + (2 * 16 * 128 + 32 * 128) * 3);
  CHECK(state_bytes_per_sequence(m, 2) == 2.0 * 19759104);
  CHECK(m.unmodelled.empty());
}

// DeepSeek-V3 Technical Report arXiv:2412.19437: 671B total, 37B activated (the V3.2 card
// states no count; its lightning indexer adds ~0.85B: models_new.csv).
TEST_CASE("deepseek_v32: DeepSeek-V3.2, MLA plus the indexer's key cache") {
  ModelArch m = load("deepseek-v3.2-exp.json");
  CHECK(m.mla.is_mla());
  CHECK(m.index_heads == 64);
  CHECK(m.index_head_dim == 128);
  CHECK(m.index_topk == 2048);
  CHECK(m.mtp_layers == 1);  // counted apart: not in the totals
  CHECK(total_params(m) / 671e9 == doctest::Approx(1.0).epsilon(0.005));
  CHECK(rounds_to(active_params(m), 37e9, 2) == false);  // 38.4B computed incl. embeddings
  CHECK(active_params(m) / 37e9 == doctest::Approx(1.0).epsilon(0.05));
  // Latent 61 x 576 x 2 = 70,272 B/token, plus the indexer's FP8 keys (128 B) and one
  // fp32 scale (4 B) per layer per token.
  CHECK(kv_bytes_per_token(m, 2) == 70272 + 61 * (128 + 4));
  CHECK(m.unmodelled.empty());
}

// Card: https://huggingface.co/moonshotai/Kimi-K2-Instruct "Total Parameters 1T, Activated 32B".
TEST_CASE("kimi_k2: Kimi K2, the DeepSeek-V3 architecture under its own model_type") {
  ModelArch m = load("kimi-k2.json");
  CHECK(m.mla.is_mla());
  CHECK(m.moe.num_experts == 384);
  CHECK(m.moe.first_dense_layers == 1);
  CHECK(m.mtp_layers == 0);
  CHECK(rounds_to(total_params(m), 1e12, 2));
  CHECK(rounds_to(active_params(m), 32e9, 1) == false);
  CHECK(active_params(m) / 32e9 == doctest::Approx(1.0).epsilon(0.05));
  CHECK(kv_bytes_per_token(m, 2) == 70272);  // 61 x 576 x 2 (models_new.csv)
  CHECK(m.unmodelled.empty());
}

// Card: https://huggingface.co/zai-org/GLM-4.5 "355 billion total parameters with 32 billion active".
TEST_CASE("glm4_moe: GLM-4.5, MTP layer counted apart") {
  ModelArch m = load("glm-4.5.json");
  CHECK(m.moe.num_experts == 160);
  CHECK(m.moe.first_dense_layers == 3);
  CHECK(m.moe.router_bias);
  CHECK(m.qkv_bias);
  CHECK_FALSE(m.o_bias);
  CHECK(m.qk_norm);
  CHECK(m.mtp_layers == 1);
  // 352.8B without the MTP layer (models_new.csv); the card's 355B sits between it and
  // the checkpoint with the ~4B MTP layer.
  CHECK(total_params(m) / 355e9 == doctest::Approx(1.0).epsilon(0.01));
  CHECK(active_params(m) / 32e9 == doctest::Approx(1.0).epsilon(0.06));
  CHECK(kv_bytes_per_token(m, 2) == 376832);  // 92 x 2 x 8 x 128 x 2 (models_new.csv)
  CHECK(m.unmodelled.empty());
}

// Jamba paper (arXiv:2403.19887) Table 1: 12B active, 52B available parameters, and a
// KV cache of 4 GB at 256K tokens in 16-bit; section 3: Jamba blocks of 8 layers with
// 1 attention : 7 Mamba, MoE every other layer, 16 experts, top 2.
TEST_CASE("jamba: Jamba-v0.1, KV on its 4 attention layers, Mamba state on the other 28") {
  ModelArch m = load("jamba.json");
  CHECK(m.family == "jamba");
  CHECK(kv_layers(m) == 4);  // 32 layers, attention at 4, 12, 20, 28
  CHECK(m.state_layers == 28);
  CHECK(m.moe.num_experts == 16);
  CHECK(m.moe.experts_per_token == 2);
  CHECK(m.moe.moe_layers(m.layers) == 16);
  CHECK(rounds_to(total_params(m), 52e9, 2));
  CHECK(rounds_to(active_params(m), 12e9, 2));
  // 4 GB for 262,144 tokens = 16,384 B/token: 4 layers x 2 x 8 kv heads x 128 x 2 bytes.
  CHECK(kv_bytes_per_token(m, 2) == 16384);
  // Mamba state per layer (d_inner = 2 x 4096): conv 8192 x 3 plus SSM 8192 x 16.
  CHECK(state_bytes_per_sequence(m, 2) == 2.0 * 28 * (8192 * 3 + 8192 * 16));
  CHECK(m.unmodelled.empty());
}

TEST_CASE("jamba: layer periods are checked, not guessed") {
  std::string cfg = read_config("jamba.json");
  std::string bad = cfg;
  bad.replace(bad.find("\"attn_layer_offset\": 4"), 22, "\"attn_layer_offset\": 9");
  auto r = import_config(bad);
  REQUIRE_FALSE(r.ok());
  CHECK(contains(r.error().field, "attn_layer_offset"));
  std::string dense = cfg;
  dense.replace(dense.find("\"num_experts\": 16"), 17, "\"num_experts\": 1");
  auto d = import_config(dense);
  REQUIRE(d.ok());
  CHECK_FALSE(d->moe.is_moe());
}

TEST_CASE("unknown architectures are said out loud") {
  SUBCASE("an unknown model_type is read llama-like, and says so") {
    auto m = import_config(R"({"model_type":"brand_new","hidden_size":1024,"num_hidden_layers":4,
      "num_attention_heads":8,"intermediate_size":4096,"vocab_size":32000})");
    REQUIRE(m.ok());
    CHECK(contains(m->unmodelled, "brand_new"));
    CHECK(contains(m->unmodelled, "Llama-like"));
  }
  SUBCASE("known architecture-changing keys of a family that does not model them are listed") {
    auto m = import_config(R"({"model_type":"llama","hidden_size":1024,"num_hidden_layers":4,
      "num_attention_heads":8,"intermediate_size":4096,"vocab_size":32000,
      "attention_chunk_size":8192,"linear_num_key_heads":16,"mamba_d_state":128,"index_topk":2048,
      "sliding_window_pattern":6})");
    REQUIRE(m.ok());
    for (const char* key : {"attention_chunk_size", "linear_num_key_heads", "mamba_d_state", "index_topk",
                            "sliding_window_pattern"})
      CHECK_MESSAGE(contains(m->unmodelled, key), key);
    CHECK(contains(m->unmodelled, "assumed"));
  }
  SUBCASE("layer_types with unknown entries") {
    auto m = import_config(R"({"model_type":"llama","hidden_size":1024,"num_hidden_layers":2,
      "num_attention_heads":8,"intermediate_size":4096,"vocab_size":32000,
      "layer_types":["full_attention","retention"]})");
    REQUIRE(m.ok());
    CHECK(contains(m->unmodelled, "\"retention\""));
  }
  SUBCASE("a config made only of layers nothing models is refused") {
    auto m = import_config(R"({"model_type":"llama","hidden_size":1024,"num_hidden_layers":2,
      "num_attention_heads":8,"intermediate_size":4096,"vocab_size":32000,
      "layer_types":["retention","retention"]})");
    REQUIRE_FALSE(m.ok());
    CHECK(contains(m.error().field, "layer_types"));
  }
  SUBCASE("a multimodal wrapper whose vision tower is not counted says so") {
    auto m = import_config(R"({"model_type":"mistral3","vision_config":{"hidden_size":1024},
      "text_config":{"model_type":"mistral","hidden_size":5120,"num_hidden_layers":40,"head_dim":128,
      "num_attention_heads":32,"num_key_value_heads":8,"intermediate_size":32768,"vocab_size":131072}})");
    REQUIRE(m.ok());
    CHECK(contains(m->unmodelled, "vision"));
  }
  SUBCASE("known configs stay quiet") {
    CHECK(load("llama.json").unmodelled.empty());
    CHECK(load("gemma3_text.json").unmodelled.empty());
    CHECK(load("gpt_oss.json").unmodelled.empty());
    CHECK(load("deepseek_v3.json").unmodelled.empty());
  }
}

// The state sits beside the KV in every sequence's footprint, split over TP like the
// heads it belongs to; a preset the importer understands raises no unknown-architecture.
TEST_CASE("estimate: Qwen3-Next's per-sequence state counts with its KV") {
  Scenario s;
  s.model_id = "qwen3-next-80b-a3b";
  s.gpu_id = "h200-sxm";
  s.weights = WeightFormat::Fp8;
  s.input_tokens = 8192;
  s.output_tokens = 1024;  // 9216 tokens: a whole number of 16-token blocks
  const ModelArch& m = *resolve_model(s);
  Result r = estimate(s);
  REQUIRE(r.valid);
  const double state = 2.0 * 36 * (32 * 128 * 128 + (2 * 16 * 128 + 32 * 128) * 3);  // BF16
  CHECK(r.state_bytes_per_sequence == state);
  CHECK(r.kv_bytes_per_sequence_per_gpu == doctest::Approx(kv_bytes_for_sequence(m, 2, 9216) + state));
  CHECK_FALSE(r.has(WarningCode::UnknownArchitecture));
  s.gpus = s.tp = 2;
  Result r2 = estimate(s);
  CHECK(r2.state_bytes_per_sequence_per_gpu == state / 2);
  // A custom model with an unknown model_type carries the warning and its text.
  auto custom = import_config(R"({"model_type":"brand_new","hidden_size":1024,"num_hidden_layers":4,
    "num_attention_heads":8,"intermediate_size":4096,"vocab_size":32000})");
  REQUIRE(custom.ok());
  s.model_id = "custom";
  s.custom_model = custom.value();
  s.gpus = s.tp = 1;
  Result r3 = estimate(s);
  REQUIRE(r3.has(WarningCode::UnknownArchitecture));
  for (int i = 0; i < r3.warning_count; ++i)
    if (r3.warnings[i].code == WarningCode::UnknownArchitecture)
      CHECK(contains(warning_message(r3.warnings[i], r3), "brand_new"));
}
