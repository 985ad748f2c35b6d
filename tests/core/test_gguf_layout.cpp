// GGUF files as llama.cpp's quantize tool writes them (llama_tensor_get_type's per-tensor
// types, ggml's block sizes) and where llama.cpp loads their tensors.
#include <doctest/doctest.h>

#include <cmath>

#include "core/estimate.h"
#include "core/gguf_layout.h"
#include "core/link.h"
#include "core/presets.h"

using namespace infercalc;

namespace {
const ModelArch& model(const char* id) {
  const ModelPreset* p = find_model_preset(id);
  REQUIRE(p != nullptr);
  return p->arch;
}
double gib(double bytes) { return bytes / std::pow(2.0, 30); }
}  // namespace

// The sizes llama.cpp's quantize tool prints for Llama-3-8B in its list of types
// (tools/quantize/quantize.cpp QUANT_OPTIONS, engines.md section 4), two decimals of GiB.
// Llama-3.1-8B has the same shapes.
TEST_CASE("GGUF mixes: the file sizes quantize prints for Llama-3-8B") {
  const ModelArch& m = model("llama-3.1-8b");
  CHECK(gib(gguf_file_bytes(m, WeightFormat::Q3_K_M)) == doctest::Approx(3.74).epsilon(0.005 / 3.74));
  CHECK(gib(gguf_file_bytes(m, WeightFormat::Q4_K_M)) == doctest::Approx(4.58).epsilon(0.005 / 4.58));
  CHECK(gib(gguf_file_bytes(m, WeightFormat::Q5_K_M)) == doctest::Approx(5.33).epsilon(0.005 / 5.33));
  CHECK(gib(gguf_file_bytes(m, WeightFormat::Q6_K)) == doctest::Approx(6.14).epsilon(0.005 / 6.14));
  // A single bits-per-weight figure (Llama-2-7B's 4.84 for Q4_K_M) misses Llama 3's large
  // vocabulary, whose output tensor is Q6_K: 4.52 GiB.
  CHECK(bytes_per_param(WeightFormat::Q4_K_M) * count_params(m).total() / std::pow(2.0, 30) < 4.55);
}

// Llama-2-7B's files in the sizes llama.cpp's README published (formats.cpp: Q4_K_M 4.08 GB,
// Q5_K_M 4.78 GB).
TEST_CASE("GGUF mixes: Llama-2-7B Q4_K_M and Q5_K_M") {
  const ModelArch& m = model("llama-2-7b");
  CHECK(gguf_file_bytes(m, WeightFormat::Q4_K_M) / 1e9 == doctest::Approx(4.08).epsilon(0.005 / 4.08));
  CHECK(gguf_file_bytes(m, WeightFormat::Q5_K_M) / 1e9 == doctest::Approx(4.78).epsilon(0.005 / 4.78));
}

// The types themselves: the plain formats are their block everywhere but the output tensor,
// which is Q6_K (llama_tensor_get_type: "new_type != GGML_TYPE_Q8_0" -> Q6_K).
TEST_CASE("GGUF layout: block sizes per tensor group") {
  const ModelArch& m = model("llama-3.1-8b");
  const GgufLayout q4 = gguf_layout(m, WeightFormat::Q4_0);
  CHECK(q4.attention == 18.0 / 32);
  CHECK(q4.dense_mlp == 18.0 / 32);
  CHECK(q4.embedding == 18.0 / 32);
  CHECK(q4.output == 210.0 / 256);
  const GgufLayout q8 = gguf_layout(m, WeightFormat::Q8_0);
  CHECK(q8.output == 34.0 / 32);
  // Q4_K_M: use_more_bits picks 16 of the 32 layers for Q6_K attn_v and ffn_down.
  const GgufLayout km = gguf_layout(m, WeightFormat::Q4_K_M);
  const double down = 4096.0 * 14336, gate_up = 2 * down;
  CHECK(km.dense_mlp == doctest::Approx((gate_up * 144 / 256 + down * (144 + 210) / 2 / 256) / (gate_up + down)));
  // A row width 256 does not divide (Qwen2.5-72B's ffn_down, 29,568 wide) falls back to a
  // 32-wide type (convert_incompatible_tensor: Q6_K -> Q8_0).
  ModelArch odd = m;
  odd.intermediate = 14336 + 32;
  const GgufLayout fb = gguf_layout(odd, WeightFormat::Q6_K);
  CHECK(fb.dense_mlp > 210.0 / 256);
  CHECK(fb.dense_mlp < 34.0 / 32);
}

// llama.cpp keeps token_embd in host memory (the input layer's device is the CPU) and loads the
// output tensor with the last layer, so its GPU buffer is the file less the embedding table.
TEST_CASE("llama.cpp's GPU model buffer leaves the token embeddings on the CPU") {
  const ModelArch& m = model("llama-3.1-8b");
  const auto parsed = parse_link("#v=1&model=llama-3.1-8b&gpu=rtx-4090&engine=llamacpp&weights=q4_k_m");
  REQUIRE(parsed.ok());
  const Result r = estimate(parsed->scenario);
  const double embd = 128256.0 * 4096 * 144 / 256;  // token_embd in Q4_K
  CHECK(r.weights_bytes == doctest::Approx(gguf_file_bytes(m, WeightFormat::Q4_K_M) - embd).epsilon(1e-9));
  // vLLM loading the same file keeps the embedding on the GPU (plus its rotary cos/sin cache,
  // which "Model loading took" counts: 131,072 positions x 128 x 2 B = 32 MiB).
  const auto vllm = parse_link("#v=1&model=llama-3.1-8b&gpu=rtx-4090&engine=vllm&weights=q4_k_m");
  REQUIRE(vllm.ok());
  const double vllm_weights = estimate(vllm->scenario).weights_bytes;
  CHECK(vllm_weights - gguf_file_bytes(m, WeightFormat::Q4_K_M) == doctest::Approx(131072.0 * 128 * 2).epsilon(1e-6));
}

// The same split for a 16-bit file and a tied embedding: token_embd stays on the CPU in the
// file's type, and the GPU holds output.weight (for a tied model, a copy of token_embd).
TEST_CASE("llama.cpp's host buffer is token_embd, also for 16-bit and tied models") {
  const auto bf16 = parse_link("#v=1&model=llama-3.1-8b&gpu=rtx-4090&engine=llamacpp&weights=bf16");
  REQUIRE(bf16.ok());
  const Result r = estimate(bf16->scenario);
  CHECK(r.host_weights_bytes == doctest::Approx(128256.0 * 4096 * 2));
  // Llama-3.2-3B ties its embedding: no output tensor in the file, token_embd in Q6_K (the
  // output's type), and the GPU holds a copy of it.
  const ModelArch& m = model("llama-3.2-3b");
  REQUIRE(m.tied_embeddings);
  const auto tied = parse_link("#v=1&model=llama-3.2-3b&gpu=rtx-4090&engine=llamacpp&weights=q4_k_m");
  REQUIRE(tied.ok());
  const Result t = estimate(tied->scenario);
  const double embd = 128256.0 * 3072 * 210 / 256;
  CHECK(t.host_weights_bytes == doctest::Approx(embd));
  CHECK(t.weights_bytes == doctest::Approx(gguf_file_bytes(m, WeightFormat::Q4_K_M)).epsilon(1e-9));
}

