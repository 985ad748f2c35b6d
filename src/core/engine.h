// Serving-engine parameters (assets/engines.json) and the fitted efficiencies of the
// performance model (assets/efficiency.json, written by `infercalc calibrate --fit`).
#pragma once
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>

#include "core/formats.h"
#include "core/status.h"

namespace infercalc {

struct EngineParams {
  std::string id, name, source;
  double memory_fraction = 0.9;      // default gpu_util
  bool fraction_of_free = false;     // TensorRT-LLM: fraction of memory left after loading
  double kv_block_tokens = 16;
  double max_batch = 256;            // cap on concurrent sequences
  double max_batched_tokens = 8192;  // prefill chunk (tokens per step)
  double cuda_graph_bytes = 0;
  double context_bytes = 0;          // CUDA context and allocator slack outside the pool
  double comm_buffer_bytes_per_peer = 0;
  double bandwidth_scale = 1;        // multiplies the fitted bandwidth efficiency
  double compute_scale = 1;
  double step_overhead_s = 0;
  double per_layer_overhead_s = 0;
  // A one-kernel all-reduce over NVLink peers' buffers (vLLM custom_all_reduce.py,
  // SGLang, TensorRT-LLM, TurboMind); false = NCCL (torch.distributed) only.
  bool custom_allreduce = false;
};

inline constexpr std::size_t kEngineCount = std::size(kAllEngines);

// Error-band classes: prefill-side times (TTFT, prompt tokens/s), decode-side times
// (TPOT, tokens/s per user), whole-run rates (throughput, end-to-end latency).
enum class MetricClass : uint8_t { Prefill, Decode, Run };
inline constexpr int kMetricClasses = 3;

// What one engine's kernels and scheduler reach relative to the global fit (1 = the
// same), fitted per engine; and the error band of its held-out predictions per class
// (measured / predicted time, 10th and 90th percentile).
struct EngineFit {
  double bandwidth = 1;  // memory-bound kernels (attention backends, quantised GEMV)
  double compute = 1;    // GEMM libraries (cuBLAS/CUTLASS, hipBLASLt, ggml's MMQ)
  double overhead = 1;   // x the engine's per-step CPU time in engines.json
  double band_low[kMetricClasses] = {0.8, 0.8, 0.8};
  double band_high[kMetricClasses] = {1.25, 1.25, 1.25};
};

// The performance model's free parameters, fitted on calibration data. The defaults
// here are the fixed start of every fit (docs/accuracy.md).
struct Efficiency {
  double bandwidth = 0.8;        // achieved / datasheet memory bandwidth
  double compute16 = 0.6;        // achieved / dense 16-bit tensor rate, large GEMMs
  double compute8 = 0.5;         // achieved / dense 8-bit tensor rate
  double link = 0.75;            // achieved / one-way link bandwidth in all-reduce
  // Latency of one point-to-point step between two GPUs (a NCCL ring step, a pipeline
  // hop); a ring all-reduce over n GPUs takes 2(n-1) of them.
  double link_step_latency_s = 5e-6;
  // Latency of a custom one-shot all-reduce kernel between two GPUs (launch + flag
  // barrier); it grows with log2(n) for n GPUs.
  double custom_allreduce_s = 8e-6;
  // Fixed time of one GPU kernel beyond its bytes and FLOPs (graph-node launch, ramp-up,
  // tail), times the kernels a step launches (estimate.cpp kernels_per_step). Measured,
  // not fitted: on an H200 inside one CUDA graph, a loop of small expert GEMMs (matmul,
  // SiLU, mul, matmul per expert) took 4.1-4.6 us per kernel, 3.4-3.9 us beyond its
  // bytes (docs/accuracy.md, "Decode step with CUDA graphs": Qwen3-30B-A3B loop,
  // 0.147 ms for 32 kernels at T = 1, 2.08 ms for 512 at T = 512).
  double kernel_latency_s = 4e-6;
  // Host time to launch one kernel when a step is not replayed from a graph: the launch
  // call (cudaLaunchKernel / hipLaunchKernel) and the framework's dispatch around it. The
  // host issues a step's kernels ahead of the GPU, so such a step lasts at least its
  // launches x this (estimate.cpp host_launches): it shows where the GPU's share of a
  // step is short (llama.cpp's HIP build decoding a 7B model on an MI300X: 183 tokens/s,
  // 0.13 of its bandwidth). Fitted from the start below (docs/accuracy.md).
  double eager_launch_s = 5e-6;
  double attention_compute = 0.5;  // attention kernels relative to GEMM efficiency
  double attention_bandwidth = 0.8;  // KV-cache reads relative to weight reads (paged gathers)
  // Routed-expert GEMMs relative to dense GEMMs, for their weight reads and their FLOPs:
  // the experts run as grouped GEMMs (vLLM fused_moe, SGLang's and TensorRT-LLM's MoE
  // kernels), each expert a few tokens over its own weights, which reach neither the dense
  // GEMMs' streaming rate nor their tensor rate. Measured, not fitted (docs/accuracy.md,
  // "Decode step with CUDA graphs", docs/data/h200_decode.json): on an H200
  // torch._grouped_mm read the active experts of Mixtral-8x7B and Qwen3-30B-A3B at 0.30-0.75
  // of the dense weights-only chain's 3.69 TB/s for 1-512 tokens (median of the eight
  // points 0.635), and computed Mixtral's 4096-token step at 531 TFLOP/s, 0.65 of the dense
  // 8192^3 GEMM's 813.
  double expert_bandwidth = 0.635;
  // Memory traffic and math overlap imperfectly: a step takes max + overlap x min.
  double overlap = 0.1;
  // ROCm builds on AMD GPUs reach a different share of the datasheet than CUDA builds
  // on NVIDIA parts (hipBLASLt/CK kernels, MI300X's datasheet rates): factors on the
  // bandwidth and compute efficiencies for vendor AMD.
  double amd_bandwidth = 1, amd_compute = 1;
  // Error band over all rows: the 10th and 90th percentile of measured/predicted time.
  double band_low = 0.8, band_high = 1.25;
  EngineFit engine[kEngineCount];
};

const EngineParams& engine_params(Engine e);
const Efficiency& default_efficiency();

Expected<Efficiency> parse_efficiency_json(std::string_view text);
std::string efficiency_to_json(const Efficiency& e);

}  // namespace infercalc
