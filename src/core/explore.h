// Derived views the UI and CLI show beside one estimate, all computed by the core
// (no number is computed in UI code): scaling curves over GPU count, the
// concurrency x context heatmap, the fewest GPUs of each type that hold a model,
// the longest context and largest batch that fit, speed relative to a V100.
#pragma once
#include <cstdint>
#include <vector>

#include "core/estimate.h"
#include "core/scenario.h"

namespace infercalc {

enum class ScaleMode : uint8_t { Tp, Pp, TpPp };  // TpPp: TP up to a node, then PP across nodes
const char* name(ScaleMode m);

struct ScalePoint {
  int64_t gpus = 0, tp = 1, pp = 1;
  bool fits = false;
  bool queued = false;             // the pool runs fewer than the scenario's batch; the rest wait
  double output_tokens_per_s = 0;  // whole group at the scenario's batch
  double tpot_ms = 0, ttft_ms = 0;
  double e2e_latency_ms = 0;
  double ideal_e2e_latency_ms = 0;  // the seed article's assumption: latency / n from the smallest count that
                                    // runs the whole batch (or, failing that, the smallest fitting count)
  double ideal_tokens_per_s = 0;    // throughput x n / n0
  double efficiency = 0;            // tokens/s over ideal (0..1+)
};

// One point per power of two from 1 to max_gpus (one model replica spanning them).
std::vector<ScalePoint> scale_curve(const Scenario& s, ScaleMode mode, int64_t max_gpus = 64);

enum class HeatMetric : uint8_t { TokensPerSPerGpu, TpotMs };
struct Heatmap {
  std::vector<int64_t> batches;   // rows
  std::vector<int64_t> contexts;  // columns (input tokens; output as in the scenario)
  std::vector<double> values;     // rows x columns, row-major; NaN-free: 0 where it does not fit
  std::vector<uint8_t> fits;      // 1 where the batch and context fit
  double min_value = 0, max_value = 0;  // over fitting cells
};
Heatmap heatmap(const Scenario& s, HeatMetric metric, const std::vector<int64_t>& batches,
                const std::vector<int64_t>& contexts);
// Default axes: batch 1..1024 and context 256..131072, powers of two.
std::vector<int64_t> default_heat_batches();
std::vector<int64_t> default_heat_contexts();

// The fewest GPUs of `gpu_id` (TP in powers of two up to a node, then PP) that hold
// the scenario's model at its dtypes, lengths and batch; 0 when none up to 64 does.
struct FitOnGpu {
  int64_t gpus = 0, tp = 1, pp = 1;
  Result result;
};
FitOnGpu fewest_gpus(const Scenario& s, const std::string& gpu_id, int64_t max_gpus = 64);

// The longest input (output as given) and the largest batch that fit; 0 when none.
int64_t longest_input_that_fits(const Scenario& s);
int64_t largest_batch_that_fits(const Scenario& s);

// Prefill and decode speed per GPU of `gpu_id` relative to `base_gpu_id` for the
// scenario's workload (each on its fewest fitting GPU count); 0 when either cannot hold it.
struct Relative {
  double prefill = 0, decode = 0;
};
Relative relative_speed(const Scenario& s, const std::string& gpu_id, const std::string& base_gpu_id = "v100-sxm2-32gb");

}  // namespace infercalc
