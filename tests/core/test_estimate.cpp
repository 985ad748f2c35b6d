// The estimate: memory accounting, linter rules, monotonic properties, output sanity.
#include <doctest/doctest.h>

#include <cmath>

#include "core/estimate.h"
#include "core/json.h"
#include "core/link.h"
#include "core/presets.h"
#include "core/report.h"
#include "core/scenario_check.h"

using namespace infercalc;

namespace {
Scenario from_link(const char* link) {
  auto parsed = parse_link(link);
  REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().text()));
  return parsed->scenario;
}
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
}  // namespace

TEST_CASE("memory parts add up to the total and fits agrees with the numbers") {
  for (const char* link : {"#v=1&model=llama-3.1-8b&gpu=h100-sxm", "#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=4&tp=4&batch=max",
                           "#v=1&model=llama-3.1-405b&gpu=a100-sxm4-40gb", "#v=1&model=deepseek-v3&gpu=h200-sxm&gpus=8&tp=8&weights=fp8"}) {
    const Result r = estimate(from_link(link));
    REQUIRE(r.valid);
    CHECK(r.total_bytes == doctest::Approx(r.weights_bytes + r.kv_cache_bytes + r.activation_bytes + r.reserved_bytes));
    if (r.total_bytes > r.usable_bytes) CHECK_FALSE(r.fits);
    if (r.fits) CHECK(r.total_bytes <= r.usable_bytes * (1 + 1e-9));
  }
}

TEST_CASE("Llama-3.1-70B in BF16 does not fit one H100 but fits four with TP 4") {
  const Result one = estimate(from_link("#v=1&model=llama-3.1-70b&gpu=h100-sxm"));
  CHECK_FALSE(one.fits);
  CHECK(one.has(WarningCode::DoesNotFit));
  const Result four = estimate(from_link("#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=4&tp=4"));
  CHECK(four.fits);
  // 70.55 B params x 2 bytes / 4 GPUs, embeddings split too: about 32.9 GiB each.
  CHECK(four.weights_bytes / kGiB == doctest::Approx(70553706496.0 * 2 / 4 / kGiB).epsilon(0.01));
}

TEST_CASE("the seed article's rule of thumb: 7B at 16 bits fits a 16 GB V100, at 32 bits it does not") {
  const Result fp16 = estimate(from_link("#v=1&model=llama-2-7b&gpu=v100-sxm2-16gb&weights=fp16&kv=fp16&input=512&output=128"));
  CHECK(fp16.fits);
  CHECK(fp16.weights_bytes / 1e9 == doctest::Approx(13.5).epsilon(0.02));
  const Result fp32 = estimate(from_link("#v=1&model=llama-2-7b&gpu=v100-sxm2-16gb&weights=fp32&kv=fp16"));
  CHECK_FALSE(fp32.fits);
}

TEST_CASE("KV bytes per token is the whole model's, and the pool is reported like vLLM's log") {
  const Result r = estimate(from_link("#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=4&tp=4"));
  CHECK(r.kv_bytes_per_token == 327680);         // memory_facts K022
  CHECK(r.kv_bytes_per_token_per_gpu == 81920);  // 8 KV heads over TP 4
  CHECK(std::fmod(r.max_kv_tokens, 16) == 0);    // whole vLLM blocks of 16 tokens
  CHECK(r.max_concurrency == doctest::Approx(r.kv_pool_bytes / r.kv_bytes_per_sequence_per_gpu));
}

TEST_CASE("KV heads are replicated when TP exceeds them; the MLA latent is never split") {
  const Result llama = estimate(from_link("#v=1&model=llama-3.1-8b&gpu=h100-sxm&gpus=16&tp=16"));
  CHECK(llama.has(WarningCode::KvHeadsReplicated));
  CHECK(llama.kv_bytes_per_token_per_gpu == doctest::Approx(131072.0 / 8));  // one of 8 heads per GPU, not 1/16
  const Result ds = estimate(from_link("#v=1&model=deepseek-v3&gpu=h200-sxm&gpus=8&tp=8&weights=fp8"));
  CHECK(ds.kv_bytes_per_token == 70272);
  CHECK(ds.kv_bytes_per_token_per_gpu == 70272);
  CHECK(ds.has(WarningCode::MlaLatentReplicated));
}

TEST_CASE("linter: no BF16 on V100 means FP16 weights, with a warning") {
  const Result r = estimate(from_link("#v=1&model=llama-2-7b&gpu=v100-sxm2-32gb"));
  CHECK(r.has(WarningCode::NoBf16));
  CHECK(r.weights == WeightFormat::Fp16);
  CHECK(r.has(WarningCode::NoFlashAttention));
  CHECK_FALSE(r.flash_attention);
  const Result a100 = estimate(from_link("#v=1&model=llama-2-7b&gpu=a100-sxm4-80gb"));
  CHECK_FALSE(a100.has(WarningCode::NoBf16));
  CHECK_FALSE(a100.has(WarningCode::NoFlashAttention));
}

// transformers' eager attention (eager_attention_forward in modeling_llama.py, the path without
// FlashAttention 2) materialises one layer's attn_weights, prompt x prompt per head. vLLM's
// profile run uses its own memory-efficient kernels (xformers / Triton), so this is shown on hf.
TEST_CASE("linter: no FlashAttention materialises attention scores (more activation memory)") {
  const Result t4 = estimate(from_link("#v=1&model=llama-3.2-1b&gpu=t4&weights=fp16&kv=fp16&input=4096&engine=hf"));
  const Result l4 = estimate(from_link("#v=1&model=llama-3.2-1b&gpu=l4&weights=fp16&kv=fp16&input=4096&engine=hf"));
  CHECK(t4.has(WarningCode::NoFlashAttention));
  CHECK(t4.activation_bytes > 2 * l4.activation_bytes);
}

TEST_CASE("linter: FP8 weights on A100 are stored in 8 bits but computed at 16") {
  const Result a100 = estimate(from_link("#v=1&model=llama-3.1-8b&gpu=a100-sxm4-80gb&weights=fp8"));
  CHECK(a100.has(WarningCode::NoFp8TensorCores));
  CHECK(a100.compute_bits == 16);
  CHECK(a100.weights_bytes < 9.5e9);  // about 8 GB, not 16
  const Result h100 = estimate(from_link("#v=1&model=llama-3.1-8b&gpu=h100-sxm&weights=fp8"));
  CHECK_FALSE(h100.has(WarningCode::NoFp8TensorCores));
  CHECK(h100.compute_bits == 8);
}

TEST_CASE("linter: FP4 weights need Blackwell; TP without NVLink goes over PCIe") {
  CHECK(estimate(from_link("#v=1&model=llama-3.1-8b&gpu=h100-sxm&weights=nvfp4")).has(WarningCode::NoFp4TensorCores));
  CHECK_FALSE(estimate(from_link("#v=1&model=llama-3.1-8b&gpu=b200&weights=nvfp4")).has(WarningCode::NoFp4TensorCores));
  const Result l40s = estimate(from_link("#v=1&model=llama-3.1-8b&gpu=l40s&gpus=2&tp=2"));
  CHECK(l40s.has(WarningCode::NoNvlink));
  CHECK(std::string(l40s.tp_link) == "PCIe");
  const Result bridged = estimate(from_link("#v=1&model=llama-3.1-8b&gpu=a100-pcie-80gb&gpus=4&tp=4"));
  CHECK(bridged.has(WarningCode::NoNvlink));  // the NVLink bridge joins pairs only
  CHECK(std::string(estimate(from_link("#v=1&model=llama-3.1-8b&gpu=h100-sxm&gpus=2&tp=2")).tp_link) == "NVLink");
}

TEST_CASE("TP across nodes all-reduces over InfiniBand and warns") {
  const Result r = estimate(from_link("#v=1&model=llama-3.1-405b&gpu=h100-sxm&gpus=16&tp=16"));
  CHECK(r.has(WarningCode::CrossNodeTp));
  CHECK(std::string(r.tp_link) == "InfiniBand");
  const Result in_node = estimate(from_link("#v=1&model=llama-3.1-405b&gpu=h100-sxm&gpus=16&tp=8&pp=2&weights=fp8"));
  CHECK_FALSE(in_node.has(WarningCode::CrossNodeTp));
}

TEST_CASE("more TP never raises per-GPU weights; longer context never lowers KV") {
  double last_weights = 1e300;
  for (int tp : {1, 2, 4, 8, 16}) {
    Scenario s = from_link("#v=1&model=qwen2.5-72b&gpu=h100-sxm");
    s.gpus = tp;
    s.tp = tp;
    const Result r = estimate(s);
    CHECK(r.weights_bytes <= last_weights);
    last_weights = r.weights_bytes;
  }
  for (const char* model : {"llama-3.1-8b", "gemma-3-27b", "gpt-oss-20b", "mistral-7b-v0.1", "deepseek-v2-lite"}) {
    double last_kv = 0;
    for (int input : {128, 1024, 4096, 16384, 65536}) {
      Scenario s;
      s.model_id = model;
      s.input_tokens = input;
      s.batch = 4;
      const Result r = estimate(s);
      CHECK(r.kv_cache_bytes >= last_kv);
      last_kv = r.kv_cache_bytes;
    }
  }
}

TEST_CASE("throughput equals batch over the cycle and per-user rate is 1/TPOT") {
  const Result r = estimate(from_link("#v=1&model=llama-3.1-8b&gpu=h100-sxm&batch=32&input=512&output=512"));
  REQUIRE(r.fits);
  CHECK(r.tokens_per_s_per_user == doctest::Approx(1000.0 / r.tpot_ms));
  CHECK(r.output_tokens_per_s <= 32 * r.tokens_per_s_per_user * (1 + 1e-9));
  CHECK(r.e2e_latency_ms == doctest::Approx(r.ttft_ms + 511 * r.tpot_ms));
  CHECK(r.tpot_band.low < r.tpot_ms);
  CHECK(r.tpot_band.high > r.tpot_ms);
  CHECK(r.output_tps_band.low < r.output_tokens_per_s);
}

TEST_CASE("single-stream decode is memory-bound and scales with bandwidth") {
  const Result a100 = estimate(from_link("#v=1&model=llama-2-7b&gpu=a100-sxm4-80gb"));
  const Result h200 = estimate(from_link("#v=1&model=llama-2-7b&gpu=h200-sxm"));
  CHECK(a100.decode_bound == Bound::Memory);
  CHECK(h200.tpot_ms < a100.tpot_ms);
}

TEST_CASE("MoE decode reads only the experts a batch touches") {
  const Result bs1 = estimate(from_link("#v=1&model=mixtral-8x7b&gpu=h100-sxm&gpus=2&tp=2"));
  const Result dense_equiv = estimate(from_link("#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=2&tp=2&weights=fp8"));
  REQUIRE(bs1.fits);
  // 12.9 B active of 46.7 B: a batch-1 step reads far less than all weights.
  CHECK(bs1.decode_memory_ms * 1e-3 * 3350e9 < 0.5 * bs1.weights_bytes * 2);
  (void)dense_equiv;
}

TEST_CASE("batch=max is bounded by the engine cap or the KV pool, and says which") {
  // vLLM V0 0.6: max_num_seqs 256 (engines.md 1b); V1 on H100/H200: 1024 (#12369 / get_batch_defaults).
  const Result capped =
      estimate(from_link("#v=1&model=llama-3.1-8b&gpu=h200-sxm&batch=max&input=128&output=128&engine-version=0.6.6"));
  CHECK(capped.batch == 256);
  CHECK(capped.has(WarningCode::BatchCappedByEngine));
  const Result v1 = estimate(from_link("#v=1&model=llama-3.1-8b&gpu=h200-sxm&batch=max&input=128&output=128"));
  CHECK(v1.batch == 1024);
  CHECK(v1.has(WarningCode::BatchCappedByEngine));
  const Result mem = estimate(from_link("#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=4&tp=4&batch=max&input=8192&output=1024"));
  CHECK(mem.has(WarningCode::BatchCappedByMemory));
  CHECK(mem.batch == static_cast<int64_t>(std::floor(mem.max_concurrency)));
}

TEST_CASE("does-not-fit keeps memory fields and nulls perf in JSON") {
  const Scenario s = from_link("#v=1&model=llama-3.1-405b&gpu=a100-sxm4-40gb");
  const Result r = estimate(s);
  const std::string j = report_json(s, r);
  CHECK(j.find("\"fits\": false") != std::string::npos);
  CHECK(j.find("\"ttft_ms\": null") != std::string::npos);
  CHECK(j.find("\"does-not-fit\"") != std::string::npos);
  CHECK(j.find("nan") == std::string::npos);
  CHECK(j.find("inf") == std::string::npos);
}

TEST_CASE("cost and energy follow from throughput, price and board power") {
  const Scenario s = from_link("#v=1&model=llama-3.1-8b&gpu=h100-sxm&batch=64&usd=3");
  const Result r = estimate(s);
  REQUIRE(r.fits);
  CHECK(r.usd_per_million_output_tokens == doctest::Approx(3.0 / 3600 * 1e6 / r.output_tokens_per_s));
  CHECK(r.kwh_per_million_output_tokens == doctest::Approx(700.0 * 1e6 / r.output_tokens_per_s / 3.6e6));
}

TEST_CASE("CSV and summary reports carry the same numbers as the JSON") {
  const Scenario s = from_link("#v=1&model=llama-3.1-8b&gpu=h100-sxm&batch=8");
  const Result r = estimate(s);
  const std::string csv = report_csv(s, r);
  CHECK(csv.rfind("section,metric,value,unit,low,high\n", 0) == 0);
  CHECK(csv.find("memory,kv_bytes_per_token,131072,bytes") != std::string::npos);
  CHECK(csv.find("perf,tpot," + json::number(r.tpot_ms) + ",ms,") != std::string::npos);
  const std::string summary = report_summary(s, r);
  CHECK(summary.find("fits") != std::string::npos);
  CHECK(summary.find("per output token") != std::string::npos);
  const Scenario big = from_link("#v=1&model=llama-3.1-405b&gpu=a100-sxm4-40gb");
  CHECK(report_summary(big, estimate(big)).find("does not fit") != std::string::npos);
}
