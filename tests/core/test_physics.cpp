// Physics of the speed model, each case checked against a published fact (model
// configs, kernel shapes in the engines' code, measured llama.cpp tables, NCCL's
// algorithm). These were written before the fixes they guard and failed then.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/estimate.h"
#include "core/link.h"

using namespace infercalc;

namespace {
Scenario from_link(const char* link) {
  auto parsed = parse_link(link);
  REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().text()));
  return parsed->scenario;
}
}  // namespace

// Llama-3.2-1B config.json (meta-llama/Llama-3.2-1B): hidden 2048, 16 layers, 32 heads of
// 64, vocab 128256, tied embeddings; the card's parameter count 1,235,814,400. The LM head
// (the tied 128256 x 2048 matrix) runs on the one row sampled per prompt, not on every
// prompt token (vLLM LogitsProcessor gets hidden_states[sample_indices]).
TEST_CASE("prefill runs the LM head on the sampled row only (Llama-3.2-1B config)") {
  const Result r = estimate(from_link("#v=1&model=llama-3.2-1b&gpu=h100-sxm&input=2048&output=16&batch=1"));
  REQUIRE(r.fits);
  const double L = 2048, total = 1235814400.0, head = 128256.0 * 2048.0;
  const double linear = 2 * (total - head) * L + 2 * head * 1;
  const double attention = 2 * L * 32 * (64 + 64) * 16 * (L / 2);  // causal: average span L/2
  CHECK(r.prefill_flops == doctest::Approx(linear + attention).epsilon(0.02));
}

// DeepSeek-V3 config: 128 heads, 61 layers, kv_lora_rank 512, qk_rope_head_dim 64. FlashMLA
// and the engines' MLA decode kernels attend in the absorbed latent: K of 576 (512 + 64 rope),
// V of 512 per head (vllm/attention/backends/mla, sglang FlashMLA backend: head_dim 576, v 512).
TEST_CASE("MLA decode attention runs on the absorbed latent (576 K, 512 V per head)") {
  const Result a = estimate(from_link("#v=1&model=deepseek-v3&gpu=h200-sxm&gpus=8&tp=8&weights=fp8&input=4096&output=2"));
  const Result b = estimate(from_link("#v=1&model=deepseek-v3&gpu=h200-sxm&gpus=8&tp=8&weights=fp8&input=8192&output=2"));
  REQUIRE(a.fits);
  REQUIRE(b.fits);
  const double per_context_token = 2.0 * 128 * (576 + 512) * 61;
  CHECK((b.decode_flops - a.decode_flops) / 4096 == doctest::Approx(per_context_token).epsilon(0.01));
}

// DeepSeek-V3.2-Exp inference/model.py: the lightning indexer (64 heads of 128) scores every
// cached token, then MLA attends over the index_topk = 2048 it selected. Past 2048 tokens of
// context, each more context token adds only the indexer's work per decode step, and its
// FP8 key (128 B + a 4 B scale per layer) to the bytes read, not a 576-wide latent.
TEST_CASE("DeepSeek-V3.2 decode attends over 2048 selected tokens; the indexer scans them all") {
  const char* base = "#v=1&model=deepseek-v3.2-exp&gpu=h200-sxm&gpus=8&tp=8&weights=fp8&output=2&input=";
  const Result a = estimate(from_link((std::string(base) + "8192").c_str()));
  const Result b = estimate(from_link((std::string(base) + "16384").c_str()));
  REQUIRE(a.fits);
  REQUIRE(b.fits);
  const double indexer_per_context_token = 2.0 * 64 * 128 * 61;
  CHECK((b.decode_flops - a.decode_flops) / 8192 == doctest::Approx(indexer_per_context_token).epsilon(0.01));
  // The dense-attention V3 at the same contexts grows by the absorbed MLA's 2 x 128 x 1088 x 61.
  const Result c = estimate(from_link("#v=1&model=deepseek-v3&gpu=h200-sxm&gpus=8&tp=8&weights=fp8&output=2&input=16384"));
  REQUIRE(c.fits);
  CHECK(c.tpot_ms > b.tpot_ms);
}

// GPipe (Huang et al. 2019): m micro-batches over p stages take (m + p - 1) stage times.
// 32 prompts of 2048 tokens are 8 chunks of vLLM's 8192-token budget.
TEST_CASE("pipeline prefill: chunks flow through the stages, (chunks + pp - 1) stage times") {
  const Result one = estimate(from_link("#v=1&model=llama-3.1-8b&gpu=h100-sxm&input=2048&output=16&batch=32&workload=burst"));
  const Result pp4 =
      estimate(from_link("#v=1&model=llama-3.1-8b&gpu=h100-sxm&gpus=4&pp=4&input=2048&output=16&batch=32&workload=burst"));
  REQUIRE(one.fits);
  REQUIRE(pp4.fits);
  // Burst TTFT is the batch's mean: prompt i waits for the chunk holding its last token,
  // (32 + 1) / 2 x 2048 / 8192 = 4.125 chunks on average.
  const double mean = 33.0 / 2 * 2048 / 8192;
  const double ideal = (mean + 4 - 1) / (mean * 4);
  CHECK(pp4.ttft_ms / one.ttft_ms > ideal * 0.9);
  CHECK(pp4.ttft_ms / one.ttft_ms < ideal * 1.25);
}

// llama.cpp's default multi-GPU mode is a layer split. AUGMXNT/MI300-testing README
// (@032bd4da, llama-bench tg128, llama-2-7b Q4_0): one MI300X 183.18 tok/s, eight 174.99 tok/s.
TEST_CASE("single-stream decode over a layer split: one pass through all stages plus hops") {
  const Result one = estimate(from_link("#v=1&model=llama-2-7b&gpu=mi300x&engine=llamacpp&weights=q4_k_m&input=1&output=128"));
  const Result eight =
      estimate(from_link("#v=1&model=llama-2-7b&gpu=mi300x&engine=llamacpp&weights=q4_k_m&gpus=8&pp=8&input=1&output=128"));
  REQUIRE(one.fits);
  REQUIRE(eight.fits);
  CHECK(eight.tpot_ms / one.tpot_ms > 1.0);
  CHECK(eight.tpot_ms / one.tpot_ms < 1.2);  // measured 183.18 / 174.99 = 1.047
}

// With B >= pp sequences the engine splits them into pp micro-batches (vLLM virtual
// engines): each token round is one micro-batch of B/pp crossing every stage.
TEST_CASE("batched decode over pp stages pipelines micro-batches of B/pp") {
  const Result pp4 = estimate(from_link("#v=1&model=llama-3.1-8b&gpu=h100-sxm&gpus=4&pp=4&input=512&output=512&batch=64"));
  const Result micro = estimate(from_link("#v=1&model=llama-3.1-8b&gpu=h100-sxm&input=512&output=512&batch=16"));
  REQUIRE(pp4.fits);
  CHECK(pp4.tpot_ms == doctest::Approx(micro.tpot_ms).epsilon(0.15));
  CHECK(pp4.tpot_ms >= micro.tpot_ms);
}

// NCCL's ring all-reduce takes 2(n-1) steps (nccl-tests doc/PERFORMANCE.md: bus bandwidth
// = algorithm bandwidth x 2(n-1)/n); a decode step's small message is latency-bound, so
// eight ranks cost several times two. Transformers uses torch.distributed (NCCL).
TEST_CASE("all-reduce cost grows with the ring size") {
  const Result tp2 = estimate(from_link("#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=2&tp=2&engine=hf&input=128&output=128"));
  const Result tp8 = estimate(from_link("#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=8&tp=8&engine=hf&input=128&output=128"));
  REQUIRE(tp2.fits);
  REQUIRE(tp8.fits);
  CHECK(tp8.decode_comm_ms > 2.0 * tp2.decode_comm_ms);
}

// vLLM's custom all-reduce (vllm/distributed/device_communicators/custom_all_reduce.py) is
// one kernel over NVLink peers' buffers, replayed inside CUDA graphs: cheaper than NCCL for
// small messages. It refuses more than two PCIe-only GPUs, so those fall back to NCCL.
TEST_CASE("all-reduce depends on the implementation: custom kernel on NVLink, NCCL elsewhere") {
  const Result vllm = estimate(from_link("#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=8&tp=8&engine=vllm&input=128&output=128"));
  const Result hf = estimate(from_link("#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=8&tp=8&engine=hf&input=128&output=128"));
  CHECK(vllm.decode_comm_ms < hf.decode_comm_ms);
  // GeForce cards have no peer-to-peer over PCIe: NCCL stages through host memory (SHM).
  const Result l40s = estimate(from_link("#v=1&model=llama-3.1-8b&gpu=l40s&gpus=4&tp=4&engine=vllm&input=128&output=128"));
  const Result g4090 = estimate(from_link("#v=1&model=llama-3.1-8b&gpu=rtx-4090&gpus=4&tp=4&engine=vllm&input=128&output=128"));
  REQUIRE(l40s.fits);
  REQUIRE(g4090.fits);
  CHECK(g4090.decode_comm_ms > 1.5 * l40s.decode_comm_ms);
}

// The reference's definition: total_tokens_per_s = batch x (input + output) / e2e of the
// same run, i.e. the output throughput x (input + output) / output.
TEST_CASE("total tokens per second is the output throughput x (input + output) / output") {
  for (const char* link : {"#v=1&model=llama-3.1-8b&gpu=h100-sxm&input=1000&output=200&batch=64",
                           "#v=1&model=llama-3.1-8b&gpu=a100-sxm4-80gb&input=128&output=2048&batch=max"}) {
    const Result r = estimate(from_link(link));
    REQUIRE(r.fits);
    const Scenario s = from_link(link);
    const double io = static_cast<double>(s.input_tokens + s.output_tokens) / static_cast<double>(s.output_tokens);
    CHECK(r.total_tokens_per_s == doctest::Approx(r.output_tokens_per_s * io));
  }
}
