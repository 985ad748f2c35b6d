// Engine regimes and workloads in the speed model, each case checked against a published
// fact (queueing theory, the engines' documented flags, measured tables). Written before
// the fixes they guard; each failed then.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/calibration.h"
#include "core/engine.h"
#include "core/estimate.h"
#include "core/link.h"

using namespace infercalc;

namespace {
Scenario from_link(const char* link) {
  auto parsed = parse_link(link);
  REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().text()));
  return parsed->scenario;
}
// Only the first warning_count slots of Result::warnings hold warnings; the rest are unset.
bool warned(const Result& r, WarningCode code) { return r.has(code); }
}  // namespace

// Little's law (L = lambda W) for Poisson arrivals below capacity: the mean number in the
// system is the arrival rate times the mean time in it, and the queue is stable. At 6
// requests/s this L40 serves every arrival: the closed loop at its 256-sequence cap
// completes more requests per second than that.
TEST_CASE("Poisson arrivals below capacity settle at a stable running set (Little's law)") {
  const char* base = "#v=1&model=qwen3-8b&gpu=l40&input=512&output=128&batch=max&util=0.96";
  const Result full = estimate(from_link((std::string(base) + "&workload=concurrency").c_str()));
  REQUIRE(full.fits);
  REQUIRE(full.output_tokens_per_s / 128 > 6);
  const Result r = estimate(from_link((std::string(base) + "&workload=rate&request_rate=6").c_str()));
  REQUIRE(r.fits);
  CHECK_FALSE(warned(r, WarningCode::RateBeyondCapacity));
  CHECK(r.mean_running > 1);
  CHECK(r.mean_running < static_cast<double>(r.batch));
  CHECK(r.mean_running == doctest::Approx(6 * r.e2e_latency_ms / 1e3).epsilon(0.02));
  CHECK(r.output_tokens_per_s == doctest::Approx(6 * 128.0));
}

// Past capacity the queue grows without bound; the report is shown at full load, and the
// capacity the warning quotes is that run's request rate, below the arrival rate (it said
// "10 requests/s arrive but this replica serves about 21.34" before).
TEST_CASE("a rate beyond capacity quotes the capacity of the run it shows, below the rate") {
  for (const char* link :
       {"#v=1&model=qwen3-8b&gpu=l40&input=512&output=128&batch=max&util=0.96&workload=rate&request_rate=100",
        "#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=2&tp=2&input=2000&output=500&batch=64&workload=rate&request_rate=500"}) {
    const Result r = estimate(from_link(link));
    REQUIRE(r.fits);
    const Scenario s = from_link(link);
    bool found = false;
    for (int i = 0; i < r.warning_count; ++i)
      if (const Warning& w = r.warnings[i]; w.code == WarningCode::RateBeyondCapacity) {
        found = true;
        CHECK(w.b < w.a);
        CHECK(w.b == doctest::Approx(r.output_tokens_per_s / static_cast<double>(s.output_tokens)));
      }
    CHECK(found);
  }
}

// A calibration row runs the engine the source ran: vLLM issue #17788 served Qwen3-32B with
// `--max-num-seqs 32` (calibration_more.csv C255), so no more than 32 sequences share a
// step and the output rate is at most 32 tokens per decode round.
TEST_CASE("calibration rows carry the engine version and the flags the source quotes") {
  const std::string csv =
      "id,model,gpu,n_gpus,tp,pp,weights,kv,engine,engine_version,input,output,batch,metric,value,source,notes,"
      "workload,rate,filled,version,max_num_seqs,max_num_batched_tokens,max_model_len,enforce_eager,gpu_util\n"
      "X1,qwen3-32b,h100-nvl,1,1,1,bf16,bf16,vllm,vllm 0.8.5.post1,217,201,max,output_tokens_per_s,653.58,s,n,"
      "concurrency,,,0.8.5,32,,32000,1,0.95\n";
  auto rows = parse_calibration_csv(csv);
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 1);
  const Scenario& s = (*rows)[0].scenario;
  CHECK(s.engine_version == "0.8.5");
  CHECK(s.max_num_seqs == 32);
  CHECK(s.max_model_len == 32000);
  CHECK(s.enforce_eager);
  CHECK(s.gpu_util == doctest::Approx(0.95));
  const Result r = estimate(s);
  REQUIRE(r.fits);
  CHECK(r.batch == 32);
  CHECK(r.output_tokens_per_s <= 32 * 1e3 / r.tpot_ms * (1 + 1e-9));
}

// ggml block structs (ggml-common.h; engines.md section 4): block_q4_K holds 256 weights in
// 2 + 2 + 12 + 128 = 144 bytes, block_q3_K in 32 + 64 + 12 + 2 = 110 bytes. The _S mixes
// keep the base type; the llama.cpp PR #4766 table ran LLaMA-7B Q3_K_S and Q4_K_S files.
TEST_CASE("GGUF Q4_K_S and Q3_K_S store the base K-quant blocks") {
  CHECK(bytes_per_param(WeightFormat::Q4_K_S) == 144.0 / 256);
  CHECK(bytes_per_param(WeightFormat::Q3_K_S) == 110.0 / 256);
  CHECK(is_gguf(WeightFormat::Q4_K_S));
  CHECK(is_gguf(WeightFormat::Q3_K_S));
  CHECK(parse_weight_format("q3_k_s") == WeightFormat::Q3_K_S);
}

// llama.cpp's prompt processing runs its own GEMM paths, not PyTorch's (estimate.cpp,
// llamacpp_gemm_rate). On a GeForce card cuBLAS runs with CUBLAS_COMPUTE_16F, whose FP16
// accumulation the GA102 whitepaper rates at 142 dense TFLOPS on the RTX 3090 (71 with FP32
// accumulation, the gpus.csv figure vLLM's BF16 GEMMs get); an A100 runs both at 312.
TEST_CASE("llama.cpp prefills at the FP16-accumulate tensor rate on GeForce cards (GA102 whitepaper)") {
  const Result cpp = estimate(from_link("#v=1&model=llama-2-7b&gpu=rtx-3090&weights=q4_0&engine=llamacpp&input=512&output=1"));
  REQUIRE(cpp.fits);
  CHECK(cpp.compute_tflops == doctest::Approx(142));
  const Result vllm = estimate(from_link("#v=1&model=llama-2-7b&gpu=rtx-3090&weights=fp16&input=512&output=1"));
  REQUIRE(vllm.fits);
  CHECK(vllm.compute_tflops == doctest::Approx(71));
  const Result a100 = estimate(from_link("#v=1&model=llama-2-7b&gpu=a100-pcie-80gb&weights=fp16&engine=llamacpp&input=512&output=1"));
  REQUIRE(a100.fits);
  CHECK(a100.compute_tflops == doctest::Approx(312));
}

// llama.cpp PR #4766's table: a Tesla P40 processes a 7B Q4_0 prompt at 912 tokens/s
// (calibration_more.csv C268), 2 x 6.74e9 x 912 = 12.3 TFLOPS, above the P40's 12 FP32
// TFLOPS: its MMQ kernels multiply the quantised blocks with int8 dp4a (47 TOPS on the
// P40 datasheet). The compute roof must admit the published rate.
TEST_CASE("llama.cpp on a P40 computes quantised prompts at the int8 dp4a rate (PR #4766: 912 t/s)") {
  const Result r = estimate(from_link("#v=1&model=llama-2-7b&gpu=p40&weights=q4_0&engine=llamacpp&input=512&output=1"));
  REQUIRE(r.fits);
  const double roof_tokens_per_s = r.compute_tflops * 1e12 / (2 * r.active_params);
  CHECK(roof_tokens_per_s > 912);
  CHECK(r.compute_tflops == doctest::Approx(47));
}

// The Speed tab says a decode step is "the larger of memory and compute, overlap x the
// smaller, plus communication and overhead" and that time per token adds the prefill work
// of the prompts that share the steps. Burst mode runs its waves' decodes alone, so there
// time per token is the step; a closed loop of 64 in flight carries 64 prompts' prefill
// per request lifetime (64 x 2048 prompt tokens over 256 output tokens), so it is longer.
TEST_CASE("a decode step is the sum the Speed tab states; time per token adds the prefill that shares the steps") {
  const char* base = "#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=4&tp=4&input=2048&output=256&batch=64";
  const Result burst = estimate(from_link((std::string(base) + "&workload=burst").c_str()));
  const Result loop = estimate(from_link((std::string(base) + "&workload=concurrency").c_str()));
  REQUIRE(burst.fits);
  REQUIRE(loop.fits);
  for (const Result* r : {&burst, &loop}) {
    const double larger = std::max(r->decode_memory_ms, r->decode_compute_ms);
    const double smaller = std::min(r->decode_memory_ms, r->decode_compute_ms);
    CHECK(r->decode_step_ms == doctest::Approx(larger + default_efficiency().overlap * smaller + r->decode_comm_ms +
                                               r->decode_overhead_ms).epsilon(0.001));
  }
  CHECK(burst.tpot_ms == doctest::Approx(burst.decode_step_ms));
  CHECK(loop.decode_step_ms == doctest::Approx(burst.decode_step_ms));
  CHECK(loop.tpot_ms > loop.decode_step_ms * 1.05);
}

// vLLM bench serve reports the median ITL: the median over every gap between two tokens of
// every request (benchmarks/serve.py, np.median over all itls). In a closed loop of 8
// requests of 20,000 prompt tokens and 2,000 output tokens under V1's 8192-token budget,
// each prompt prefills in ceil(20000 / 8192) = 3 chunks and 8 prompts arrive per request
// lifetime of 2,000 steps: 24 of about 2,000 steps (1.2 %) carry a chunk, so the median gap
// is a decode step alone, shorter than the mean time per token. When every step carries a
// prompt (64 in flight, one chunk each, 64 output tokens) the median is the mean.
TEST_CASE("a median inter-token gap is a decode step alone when few steps carry a prompt (vLLM bench serve)") {
  const Result few = estimate(from_link(
      "#v=1&model=llama-3.1-8b&gpu=h100-sxm&input=20000&output=2000&batch=8&workload=concurrency&engine-version=0.19.1"));
  REQUIRE(few.fits);
  CHECK(few.itl_median_ms == doctest::Approx(few.decode_step_ms));
  CHECK(few.itl_median_ms < few.tpot_ms);
  const Result every = estimate(from_link(
      "#v=1&model=llama-3.1-8b&gpu=h100-sxm&input=2048&output=64&batch=64&workload=concurrency&engine-version=0.19.1"));
  REQUIRE(every.fits);
  CHECK(every.itl_median_ms == doctest::Approx(every.tpot_ms));
  CHECK(every.tpot_ms > every.decode_step_ms);

  // The loader reads "median ITL" in a tpot_ms row's notes and compares that figure.
  const std::string csv =
      "id,model,gpu,n_gpus,tp,pp,weights,kv,engine,engine_version,input,output,batch,metric,value,source,notes\n"
      "X1,llama-3.1-8b,h100,1,1,1,bf16,bf16,vllm,vllm V1 v0.19.1,20000,2000,8,tpot_ms,15.18,s,"
      "vllm bench serve at max concurrency 8; value is median ITL\n"
      "X2,llama-3.1-8b,h100,1,1,1,bf16,bf16,vllm,vllm V1 v0.19.1,20000,2000,8,tpot_ms,15.18,s,"
      "vllm bench serve at max concurrency 8; mean TPOT\n";
  auto rows = parse_calibration_csv(csv);
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 2);
  CHECK((*rows)[0].median_itl);
  CHECK_FALSE((*rows)[1].median_itl);
  const Result r = estimate((*rows)[0].scenario);
  REQUIRE(r.fits);
  CHECK(predict((*rows)[0], default_efficiency()) == doctest::Approx(r.itl_median_ms));
  CHECK(predict((*rows)[1], default_efficiency()) == doctest::Approx(r.tpot_ms));
}
