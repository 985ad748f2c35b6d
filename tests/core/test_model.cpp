// Parameter counts and KV-cache sizes of the 34 presets against the reference
// (shared/reference/models.json, copied into assets/models.json as `reference`) and
// against published checkpoint sizes (shared/reference/memory_facts.csv).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/assets.h"
#include "core/presets.h"

using namespace infercalc;

namespace {

const ModelPreset& preset(const char* id) {
  const ModelPreset* p = find_model_preset(id);
  REQUIRE_MESSAGE(p != nullptr, id);
  return *p;
}

double rel_err(double got, double want) { return std::fabs(got - want) / want; }

}  // namespace

TEST_CASE("the 34 reference models, 17 models of 2025 and Meta's FP8 405B are presets, in the reference order") {
  auto parsed = parse_model_presets(asset("models.json"));
  REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().text()));
  const auto& presets = model_presets();
  REQUIRE(presets.size() == 52);
  CHECK(presets.front().arch.id == "llama-2-7b");
  CHECK(presets[34].arch.id == "gpt-3-175b");  // after llama-3.1-405b-fp8, next to its BF16 model
  CHECK(presets.back().arch.id == "r1-distill-qwen-32b");
  for (const char* id : {"llama-3.1-405b", "mixtral-8x22b", "qwen2.5-72b", "qwen3-235b-a22b", "gemma-2-9b",
                         "gemma-3-27b", "phi-3-mini-4k", "deepseek-v2-lite", "deepseek-v3", "gpt-oss-120b",
                         "falcon-40b", "bloom-176b", "opt-66b", "opt-175b"})
    CHECK_MESSAGE(find_model_preset(id) != nullptr, id);
  // DeepSeek-R1 is its own preset (its own repository), with V3's architecture.
  CHECK(preset("deepseek-r1").hf_repo == "deepseek-ai/DeepSeek-R1");
  CHECK(total_params(preset("deepseek-r1").arch) == total_params(preset("deepseek-v3").arch));
  // models_new.csv hf_repo column, used by the launch commands.
  CHECK(preset("llama-4-scout").hf_repo == "meta-llama/Llama-4-Scout-17B-16E-Instruct");
  CHECK(preset("qwen3-next-80b-a3b").hf_repo == "Qwen/Qwen3-Next-80B-A3B-Instruct");
  CHECK(preset("kimi-k2").hf_repo == "moonshotai/Kimi-K2-Instruct");
  CHECK(preset("glm-4.5").hf_repo == "zai-org/GLM-4.5");
  CHECK(find_model_preset("no-such-model") == nullptr);
  CHECK(preset("llama-3.1-8b").hf_repo == "meta-llama/Llama-3.1-8B");
  CHECK(preset("mixtral-8x7b").official_active == "12.9B");
  CHECK(preset("gpt-3-175b").hf_repo.empty());
}

TEST_CASE("total parameters reproduce the reference count for every preset") {
  for (const ModelPreset& p : model_presets()) {
    if (p.reference_total_params == 0) continue;  // 2025 presets: checked against their cards below
    const double got = total_params(p.arch);
    INFO(p.arch.id, " got ", std::to_string(static_cast<long long>(got)), " want ",
         std::to_string(static_cast<long long>(p.reference_total_params)));
    CHECK(rel_err(got, p.reference_total_params) < 0.005);
    CHECK(got == p.reference_total_params);  // exact: every norm and bias accounted for
    CHECK(count_params(p.arch).total() == got);
  }
}

TEST_CASE("active parameters follow each model card's convention") {
  int moe = 0;
  for (const ModelPreset& p : model_presets()) {
    if (p.card_total_params > 0) continue;  // 2025 presets: checked against their cards below
    const double got = active_params(p.arch);
    if (p.reference_active_params > 0) {
      ++moe;
      REQUIRE(p.arch.moe.is_moe());
      INFO(p.arch.id, " got ", std::to_string(static_cast<long long>(got)), " want ",
           std::to_string(static_cast<long long>(p.reference_active_params)));
      CHECK(rel_err(got, p.reference_active_params) < 0.005);
      CHECK(got == p.reference_active_params);
    } else {
      CHECK_FALSE(p.arch.moe.is_moe());
      CHECK(got == total_params(p.arch));  // a dense model uses every parameter
    }
  }
  CHECK(moe == 8);
}

// models_new.csv: the cards' rounded totals (sources in tests/data/models_new_cards.csv).
// A count must round to the card's figure at its printed precision, or lie within 1 %
// where the card rounds looser than its digits (GLM-4.5 355B vs 352.8B counted without
// the MTP layer; DeepSeek-V3.2 671B is V3's figure, its indexer adds 0.85B; Llama 3.3
// "70B" is 70.55B). R1-Distill-Qwen-32B has only its name: the config is Qwen2.5-32B's,
// whose card says 32.5B and which counts 32.76B (as the qwen2.5-32b preset does).
TEST_CASE("2025 presets: totals match their model cards within the cards' rounding") {
  int checked = 0;
  for (const ModelPreset& p : model_presets()) {
    if (p.card_total_params <= 0) continue;
    ++checked;
    const double got = total_params(p.arch), card = p.card_total_params;
    // Half a unit of the last digit the card prints ("1T" 0.5T, "109B" 0.5B, "0.6B" 0.05B).
    const std::string& printed = p.official_total;
    const std::size_t end = printed.find_first_not_of("0123456789.");
    REQUIRE(end != std::string::npos);
    const std::size_t dot = printed.find('.');
    const int decimals = dot < end ? static_cast<int>(end - dot - 1) : 0;
    const double scale = printed[end] == 'T' ? 1e12 : 1e9;
    const double half_digit = 0.5 * scale * std::pow(10.0, -decimals);
    const double tol = std::max({half_digit, 0.01 * card, p.arch.id == "r1-distill-qwen-32b" ? 0.03 * card : 0.0});
    INFO(p.arch.id, " got ", std::to_string(static_cast<long long>(got)), " card ",
         std::to_string(static_cast<long long>(card)));
    CHECK(std::fabs(got - card) <= tol);
    if (p.card_active_params > 0) {
      REQUIRE(p.arch.moe.is_moe());
      // Active figures are rounded to one or two digits (3B, 17B, 32B, 35B, 37B).
      CHECK(std::fabs(active_params(p.arch) - p.card_active_params) <= 0.3 * p.card_active_params);
    }
  }
  CHECK(checked == 17);
}

TEST_CASE("active-parameter conventions, spelled out") {
  // gpt-oss model card: 3.61B active counts the unembedding, not the embedding.
  const ModelArch& oss = preset("gpt-oss-20b").arch;
  const ParamBreakdown b = count_params(oss);
  CHECK(active_params(oss) == doctest::Approx(b.active_compute(oss)));
  CHECK(b.embedding == 201088.0 * 2880);
  // DeepSeek-V3 README_WEIGHTS: 37B active includes the embedding and the head;
  // without the input embedding the reference computes 36.63B.
  const ModelArch& v3 = preset("deepseek-v3").arch;
  const ParamBreakdown b3 = count_params(v3);
  CHECK(active_params(v3) == doctest::Approx(b3.active_compute(v3) + b3.embedding));
  CHECK(b3.active_compute(v3) / 1e9 == doctest::Approx(36.63).epsilon(0.001));
  // DeepSeek-V2-Lite: 2.45B without the input embedding.
  const ModelArch& lite = preset("deepseek-v2-lite").arch;
  CHECK(count_params(lite).active_compute(lite) / 1e9 == doctest::Approx(2.45).epsilon(0.002));
  // Mixtral: 2 of 8 experts; routed_active is a quarter of the experts.
  const ModelArch& mx = preset("mixtral-8x7b").arch;
  const ParamBreakdown bm = count_params(mx);
  CHECK(bm.routed_active(mx) == bm.routed_experts / 4);
  CHECK(bm.routed_experts == 32.0 * 8 * 3 * 4096 * 14336);
  // A tied model's unembedding is the embedding matrix: counted once as compute.
  const ModelArch& g = preset("gemma-2-9b").arch;
  const ParamBreakdown bg = count_params(g);
  CHECK(bg.lm_head == 0);
  CHECK(bg.active_compute(g) == doctest::Approx(bg.total()));
  // Gemma 2 tech report: 917,504,000 embedding parameters.
  CHECK(bg.embedding == 917504000.0);
}

TEST_CASE("KV bytes per token equal the reference exactly for every preset") {
  for (const ModelPreset& p : model_presets()) {
    INFO(p.arch.id);
    CHECK(kv_bytes_per_token(p.arch, 2.0) == p.reference_kv_bytes_per_token_bf16);
    // DeepSeek-V3.2's indexer cache is FP8 + scales whatever the KV dtype.
    const double indexer = static_cast<double>(kv_layers(p.arch)) * indexer_bytes_per_layer_token(p.arch);
    CHECK((kv_bytes_per_token(p.arch, 1.0) - indexer) * 2 + indexer == p.reference_kv_bytes_per_token_bf16);
  }
}

// memory_facts.csv K020-K025: KV bytes per token derived from the configs (BF16).
TEST_CASE("memory_facts K020-K025: KV bytes per token") {
  CHECK(kv_bytes_per_token(preset("llama-2-7b").arch, 2) == 524288);   // K020 2x32x32x128x2
  CHECK(kv_bytes_per_token(preset("llama-2-13b").arch, 2) == 819200);  // K021 2x40x40x128x2
  for (const char* id : {"llama-2-70b", "llama-3.1-70b", "qwen2.5-72b"})
    CHECK_MESSAGE(kv_bytes_per_token(preset(id).arch, 2) == 327680, id);  // K022 2x80x8x128x2
  for (const char* id : {"llama-3.1-8b", "mistral-7b-v0.1", "mistral-7b-v0.3", "mixtral-8x7b"})
    CHECK_MESSAGE(kv_bytes_per_token(preset(id).arch, 2) == 131072, id);  // K023 2x32x8x128x2
  CHECK(kv_bytes_per_token(preset("llama-3.1-405b").arch, 2) == 516096);  // K024 2x126x8x128x2
  CHECK(kv_bytes_per_token(preset("deepseek-v3").arch, 2) == 70272);      // K025 61x(512+64)x2
  // K017 (vLLM blog): LLaMA-13B, 1.7 GB per 2048-token sequence.
  CHECK(kv_bytes_for_sequence(preset("llama-2-13b").arch, 2, 2048) / 1e9 == doctest::Approx(1.68).epsilon(0.01));
}

// memory_facts.csv K001-K006: safetensors total_size of the published checkpoints
// (model.safetensors.index.json) against parameters x 2 bytes (FP16/BF16), within 1 %.
TEST_CASE("memory_facts K001-K006: checkpoint sizes are parameters x 2 bytes") {
  struct Fact { const char* id; const char* preset; double bytes; const char* source; };
  const Fact facts[] = {
      {"K001", "llama-2-7b", 13476839424.0, "meta-llama/Llama-2-7b-hf model.safetensors.index.json, 2 shards FP16"},
      {"K002", "llama-2-70b", 137953316864.0, "meta-llama/Llama-2-70b-hf index, 15 shards FP16"},
      {"K003", "llama-3.1-8b", 16060522496.0, "meta-llama/Llama-3.1-8B index, 4 shards BF16"},
      {"K004", "llama-3.1-70b", 141107412992.0, "meta-llama/Llama-3.1-70B-Instruct index, 30 shards BF16"},
      // Mistral-7B-Instruct-v0.2 shares v0.3's shape except the 32000 (not 32768) vocabulary.
      {"K005", "mistral-7b-v0.3", 14483464192.0, "mistralai/Mistral-7B-Instruct-v0.2 index, 3 shards BF16"},
      {"K006", "mixtral-8x7b", 93405585408.0, "mistralai/Mixtral-8x7B-Instruct-v0.1 index, BF16"},
  };
  for (const Fact& f : facts) {
    INFO(f.id, " ", f.source);
    CHECK(rel_err(total_params(preset(f.preset).arch) * 2, f.bytes) < 0.01);
  }
  // Exact for the Llama-3.1 and Mixtral checkpoints. The Llama-2 ones also store each
  // layer's rotary inv_freq buffer (64 fp32 values): 32 x 64 x 4 = 8,192 B for 7B,
  // 80 x 64 x 4 = 20,480 B for 70B.
  CHECK(total_params(preset("llama-3.1-8b").arch) * 2 == 16060522496.0);
  CHECK(total_params(preset("llama-3.1-70b").arch) * 2 == 141107412992.0);
  CHECK(total_params(preset("mixtral-8x7b").arch) * 2 == 93405585408.0);
  CHECK(total_params(preset("llama-2-7b").arch) * 2 + 32 * 64 * 4 == 13476839424.0);
  CHECK(total_params(preset("llama-2-70b").arch) * 2 + 80 * 64 * 4 == 137953316864.0);
  // Mistral v0.2 = v0.1 shape (vocab 32000): exact.
  CHECK(total_params(preset("mistral-7b-v0.1").arch) * 2 == 14483464192.0);
}

TEST_CASE("sliding-window layers as published") {
  struct Case { const char* id; int64_t sliding; int64_t window; };
  const Case cases[] = {
      {"mistral-7b-v0.1", 32, 4096}, {"mistral-7b-v0.3", 0, 0}, {"qwen2.5-7b", 0, 0}, {"gemma-2-9b", 21, 4096},
      {"gemma-2-27b", 23, 4096},     {"gemma-3-27b", 52, 1024}, {"phi-3-mini-4k", 32, 2047},
      {"gpt-oss-20b", 12, 128},      {"gpt-oss-120b", 18, 128}, {"llama-3.1-8b", 0, 0}, {"phi-4", 0, 0},
  };
  for (const Case& c : cases) {
    INFO(c.id);
    CHECK(preset(c.id).arch.sliding_layers == c.sliding);
    CHECK(preset(c.id).arch.sliding_window == c.window);
  }
}

TEST_CASE("KV for a sequence caps sliding layers at their window (reference kv_notes)") {
  // Gemma 2 27B beyond 4096: 23 global layers at 188,416 B/token, 23 sliding capped at 771,751,936 B.
  const ModelArch& g = preset("gemma-2-27b").arch;
  CHECK(kv_bytes_for_sequence(g, 2, 4096) == 376832.0 * 4096);
  CHECK(kv_bytes_for_sequence(g, 2, 10000) == 188416.0 * 10000 + 771751936.0);
  // Gemma 3 27B beyond 1024: 10 global layers at 81,920 B/token, 52 local capped at 436,207,616 B.
  const ModelArch& g3 = preset("gemma-3-27b").arch;
  CHECK(kv_bytes_for_sequence(g3, 2, 32768) == 81920.0 * 32768 + 436207616.0);
  // gpt-oss-20b: 12 full layers at 24,576 B/token, 12 sliding capped at 3,145,728 B.
  CHECK(kv_bytes_for_sequence(preset("gpt-oss-20b").arch, 2, 8192) == 24576.0 * 8192 + 3145728.0);
  CHECK(kv_bytes_for_sequence(preset("gpt-oss-120b").arch, 2, 100) == 73728.0 * 100);
  // Mistral v0.1: every layer capped at 4096 tokens = 512 MiB.
  CHECK(kv_bytes_for_sequence(preset("mistral-7b-v0.1").arch, 2, 32768) == 512.0 * 1024 * 1024);
  // MLA keeps one latent per layer: no heads in the figure.
  CHECK(kv_elements_per_layer_token(preset("deepseek-v3").arch) == 576);
  CHECK(kv_elements_per_layer_token(preset("llama-3.1-8b").arch) == 2 * 8 * 128);
  CHECK(kv_bytes_for_sequence(preset("llama-3.1-8b").arch, 2, 0) == 0);
  CHECK(kv_bytes_for_sequence(preset("llama-3.1-8b").arch, 2, -5) == 0);
  CHECK(kv_bytes_for_sequence(preset("llama-3.1-8b").arch, 2, std::nan("")) == 0);
}

TEST_CASE("property: KV for a sequence is non-decreasing in tokens, linear without sliding layers") {
  for (const ModelPreset& p : model_presets()) {
    INFO(p.arch.id);
    const ModelArch& m = p.arch;
    double prev = 0;
    for (double t : {1.0, 2.0, 100.0, 127.0, 128.0, 129.0, 1023.0, 1024.0, 1025.0, 2047.0, 2048.0, 4095.0, 4096.0,
                     4097.0, 8192.0, 32768.0, 131072.0, 1e6}) {
      const double kv = kv_bytes_for_sequence(m, 2, t);
      CHECK(kv >= prev);
      CHECK(kv <= t * kv_bytes_per_token(m, 2));
      if (m.sliding_layers == 0) CHECK(kv == t * kv_bytes_per_token(m, 2));
      if (m.sliding_layers > 0 && t <= static_cast<double>(m.sliding_window))
        CHECK(kv == t * kv_bytes_per_token(m, 2));
      prev = kv;
    }
  }
}

TEST_CASE("checkpoint formats the configs declare") {
  CHECK(preset("deepseek-v3").arch.native_quant == NativeQuant::Fp8Block128);
  CHECK(preset("gpt-oss-20b").arch.native_quant == NativeQuant::Mxfp4Experts);
  CHECK(preset("gpt-oss-120b").arch.native_quant == NativeQuant::Mxfp4Experts);
  CHECK(preset("deepseek-v2-lite").arch.native_quant == NativeQuant::None);
  CHECK(preset("llama-3.1-405b").arch.native_quant == NativeQuant::None);
  CHECK(preset("llama-3.1-405b-fp8").arch.native_quant == NativeQuant::Fp8MlpOnly);
}

TEST_CASE("component breakdown of a few presets") {
  const ModelArch& l = preset("llama-2-7b").arch;
  const ParamBreakdown b = count_params(l);
  CHECK(b.embedding == 32000.0 * 4096);
  CHECK(b.lm_head == 32000.0 * 4096);
  CHECK(b.attention == 32.0 * 4 * 4096 * 4096);
  CHECK(b.dense_mlp == 32.0 * 3 * 4096 * 11008);
  CHECK(b.norms == 65.0 * 4096);
  CHECK(b.routed_experts == 0);
  CHECK(b.routed_active(l) == 0);
  // OPT-175B vs GPT-3 175B: 15 more vocabulary rows and 2 offset position rows.
  CHECK(total_params(preset("opt-175b").arch) - total_params(preset("gpt-3-175b").arch) == (15.0 + 2) * 12288);
  // DeepSeek-V3: 3 dense layers, 58 MoE layers of 256 routed + 1 shared expert.
  const ModelArch& v3 = preset("deepseek-v3").arch;
  CHECK(v3.moe.first_dense_layers == 3);
  CHECK(v3.moe.moe_layers(v3.layers) == 58);
  CHECK(count_params(v3).routed_experts == 58.0 * 256 * 3 * 7168 * 2048);
  CHECK(v3.mla.q_lora_rank == 1536);
  CHECK(preset("deepseek-v2-lite").arch.mla.q_lora_rank == 0);
}
