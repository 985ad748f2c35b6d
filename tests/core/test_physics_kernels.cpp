// Fixed per-kernel time in the decode step (estimate.cpp kernels_per_step), checked
// against published measurements. Written before the fix; failed then.
#include <doctest/doctest.h>

#include <string>

#include "core/engine.h"
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

// Routed experts run as grouped GEMMs, which stream the experts' weights slower than a
// dense GEMM streams its own. Measured on one H200 inside a CUDA graph
// (docs/data/h200_decode.json, tools/device/h200_decode.py, `moe` section): Mixtral-8x7B's
// two experts chosen by one token (gate_up, SiLU-and-mul, down; 704.6 MB of bf16 weights)
// took 0.333 ms per layer through torch._grouped_mm, 2.12 TB/s, against 3.69 TB/s for the
// dense weights-only chain (`chain`, M = 16). Over 32 layers the experts alone take 10.7 ms
// a step. Before expert reads had their own rate, the whole step's memory time was 6.6 ms:
// the experts at the dense rate.
TEST_CASE("Mixtral-8x7B decode reads its experts at the grouped-GEMM rate (H200 measurement: 0.333 ms a layer)") {
  const Result r = run("#v=1&model=mixtral-8x7b&gpu=h200-sxm&engine=vllm&input=128&output=2&batch=1&workload=burst");
  REQUIRE(r.fits);
  const double experts_ms = 32 * 0.333;
  // The rest of the weights (attention, router, embeddings: about 3 GB) at the dense chain's
  // 3.69 TB/s adds under 1 ms.
  CHECK(r.decode_memory_ms > 0.85 * experts_ms);
  CHECK(r.decode_memory_ms < 1.25 * (experts_ms + 1.0));
}

// The same grouped GEMMs bound by FLOPs: on the H200 (docs/data/h200_decode.json, `moe`),
// Mixtral-8x7B's experts for 4096 tokens (each token's two experts: 2 x 4096 x 2 x 176 M
// = 2.9 TFLOP a layer) took 5.44 ms a layer, 531 TFLOP/s against the dense 8192^3 GEMM's
// 813: 174 ms over 32 layers for the experts alone. With the experts at the dense rate
// the whole prefill's compute was 129 ms, below the experts' measured time.
TEST_CASE("Mixtral-8x7B prefill computes its experts at the grouped-GEMM rate (H200 measurement: 5.44 ms a layer)") {
  const Result r = run("#v=1&model=mixtral-8x7b&gpu=h200-sxm&engine=vllm&input=4096&output=2&batch=1&workload=burst");
  REQUIRE(r.fits);
  const double experts_ms = 32 * 5.44;
  CHECK(r.prefill_compute_ms > 0.8 * experts_ms);
  // The rest (attention projections, attention over 4096 tokens, LM head) adds about 20 ms.
  CHECK(r.prefill_compute_ms < 1.3 * (experts_ms + 20));
}

// llama.cpp's HIP build replays no graph (ggml-cuda.cu builds USE_CUDA_GRAPH for CUDA only,
// and disables graphs below compute capability 8.0): the host launches every node of the
// decode graph, 32 x 30 + 4 = 964 for Llama-2-7B Q4_0 (llm_build_llama at b3891: 23 nodes
// a layer plus a q8_1 activation quantisation before each of its 7 weight mat-vecs; the
// output norm, its mul, the head and its quantisation). AUGMXNT/MI300-testing (README
// @032bd4d; calibration_more.csv C002): llama.cpp b3891 on ROCm 6.2 decodes it at 183
// tokens/s on one MI300X, 5.46 ms a token while its 3.83 GB take 0.72 ms at 5.3 TB/s: the
// step is the host's launches, not the bytes. Before the host term the step had no floor
// from the launches.
TEST_CASE("llama.cpp's HIP build launches every decode node from the host (AUGMXNT: MI300X 7B Q4_0, 183 t/s)") {
  const Result r = run("#v=1&model=llama-2-7b&gpu=mi300x&weights=q4_0&engine=llamacpp&input=1&output=128&batch=1"
                       "&workload=burst");
  REQUIRE(r.fits);
  CHECK(r.tpot_ms >= 964 * default_efficiency().eager_launch_s * 1e3);
  CHECK(r.tpot_ms > 0.7 * 1000 / 183.18);
  CHECK(r.tpot_ms < 1.3 * 1000 / 183.18);
  // The launches are counted as engine overhead, so the Speed tab's sum still holds.
  CHECK(r.decode_overhead_ms > r.decode_memory_ms);
}

// --enforce-eager captures no CUDA graph (engines.md 1a: "--enforce-eager skips capture"):
// every op of the step is launched from the host, so the decode step cannot be shorter
// than those launches, and it is never faster than the same step replayed from a graph.
TEST_CASE("vLLM --enforce-eager decodes no faster than with CUDA graphs, and no faster than its launches") {
  const char* base = "#v=1&model=llama-3.2-1b&gpu=h100-sxm&engine=vllm&input=128&output=128&batch=1&workload=burst";
  const Result graphs = run(base);
  const Result eager = run((std::string(base) + "&enforce-eager=1").c_str());
  REQUIRE(graphs.fits);
  REQUIRE(eager.fits);
  CHECK(eager.tpot_ms >= graphs.tpot_ms);
  // Llama-3.2-1B: 16 layers of 10 kernels (vLLM llama.py), plus the LM head's.
  CHECK(eager.decode_step_ms >= 16 * 10 * default_efficiency().eager_launch_s * 1e3);
}
