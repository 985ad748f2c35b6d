// Serving-engine parameters (assets/engines.json) and the fitted efficiencies of the
// performance model (assets/efficiency.json, written by `infercalc calibrate --fit`).
#pragma once
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
};

// The performance model's free parameters, fitted on calibration data.
struct Efficiency {
  double bandwidth = 0.8;        // achieved / datasheet memory bandwidth
  double compute16 = 0.6;        // achieved / dense 16-bit tensor rate, large GEMMs
  double compute8 = 0.5;         // achieved / dense 8-bit tensor rate
  double link = 0.75;            // achieved / one-way link bandwidth in all-reduce
  double allreduce_latency_s = 10e-6;
  double attention_compute = 0.5;  // attention kernels relative to GEMM efficiency
  double attention_bandwidth = 0.8;  // KV-cache reads relative to weight reads (paged gathers)
  // Memory traffic and math overlap imperfectly: a step takes max + overlap x min.
  double overlap = 0.1;
  // Error band: the 10th and 90th percentile of predicted/measured in calibration.
  double band_low = 0.8, band_high = 1.25;
};

const EngineParams& engine_params(Engine e);
const Efficiency& default_efficiency();

Expected<Efficiency> parse_efficiency_json(std::string_view text);
std::string efficiency_to_json(const Efficiency& e);

}  // namespace infercalc
