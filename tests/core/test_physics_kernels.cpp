// Fixed per-kernel time in the decode step (estimate.cpp kernels_per_step), checked
// against published measurements. Written before the fix; failed then.
#include <doctest/doctest.h>

#include "core/estimate.h"
#include "core/link.h"

using namespace infercalc;

namespace {
Result run(const char* link) {
  auto parsed = parse_link(link);
  REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().text()));
  return estimate(parsed->scenario);
}
}  // namespace

// dstack's DeepSeek-R1 benchmark (github.com/dstackai/benchmarks Deepseek-R1/raw_data/
// online_results.csv @7f37e66; calibration_more.csv C212): vLLM 0.7.4 with FlashMLA on
// 8 x H200, 4 requests in flight, 3200 in / 800 out: mean TPOT 25.73 ms. The bytes a GPU
// reads per step at TP8 (an eighth of the touched experts, about 12 GB) take about 4 ms;
// the rest is about 2,000 small kernels (61 MLA + MoE layers of ~35 kernels each, FP8
// activation quantisation before every GEMM), each with a fixed time the bandwidth roofline
// does not see. Before the kernel term the estimate was 11.1 ms (-57 %).
TEST_CASE("DeepSeek-R1 decode at TP8 pays its kernels' fixed time (dstack: vLLM 0.7.4, 8 x H200, TPOT 25.7 ms)") {
  const Result r = run("#v=1&model=deepseek-v3&gpu=h200-sxm&gpus=8&tp=8&weights=fp8&engine=vllm&engine-version=0.7.4"
                       "&input=3200&output=800&batch=4&workload=concurrency");
  REQUIRE(r.fits);
  CHECK(r.tpot_ms > 0.6 * 25.73);
  CHECK(r.tpot_ms < 1.6 * 25.73);
}

// A DeepSeek-V3 layer (MLA + MoE with a shared expert, FP8 GEMMs that quantise their
// input first) launches about three times the kernels of a Llama layer (vLLM
// deepseek_v2.py vs llama.py: 33 against 14 with FP8), so per layer its step carries more
// fixed time on the same engine and GPUs; a per-layer CPU cost alone made them equal.
TEST_CASE("an MLA + MoE layer carries more fixed kernel time than a dense GQA layer (vLLM model code)") {
  const Result ds = run("#v=1&model=deepseek-v3&gpu=h200-sxm&gpus=8&tp=8&weights=fp8&input=1024&output=128&batch=1");
  const Result ll = run("#v=1&model=llama-3.1-70b&gpu=h200-sxm&gpus=8&tp=8&weights=fp8&input=1024&output=128&batch=1");
  REQUIRE(ds.fits);
  REQUIRE(ll.fits);
  CHECK(ds.decode_overhead_ms / 61 > 2 * ll.decode_overhead_ms / 80);
}
