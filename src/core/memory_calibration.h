// Engine start-up logs as a test table (tests/data/memory_logs.csv, from
// /work/shared/reference/memory_logs.csv): each line's knobs as a scenario, what the
// engine printed, and what the engine's accounting here predicts for it.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/scenario.h"
#include "core/status.h"

namespace infercalc {

struct MemoryLogRow {
  std::string id, model, gpu, metric, source, mapping;
  Scenario scenario;
  double measured = 0;
};

// Columns: id, model, gpu_id, n_gpus, tp, pp, weights, kv, engine, engine_version_used,
// gpu_memory_utilization, max_model_len, max_num_seqs, max_num_batched_tokens,
// enforce_eager, metric, value, source; optional extra_link (link keys stated in the
// row's notes) and mapping (how the row's words became our ids).
Expected<std::vector<MemoryLogRow>> parse_memory_log_csv(std::string_view text);

// The prediction of the row's metric (model_weights_gib, gpu_blocks, kv_cache_gib,
// kv_cache_tokens, max_total_num_tokens, kv_cache_tokens_trtllm, max_concurrency), or NaN
// with `why` set when the metric is outside the pool and weights (cuda_graph_gib).
double predict_memory(const MemoryLogRow& row, std::string* why = nullptr);

struct MemoryLogStats {
  std::vector<double> predicted;  // per row (NaN: not predicted)
  int unpredicted = 0;
  // Over the KV-pool and weight rows that have a prediction.
  double median_ape = 0, p90_ape = 0;
  int counted = 0;
  // The same, split: weights as loaded (model_weights_gib) and the KV pool (every other metric).
  double weights_median = 0, weights_p90 = 0, pool_median = 0, pool_p90 = 0;
  int weights_counted = 0, pool_counted = 0;
  // Over the rows whose engine version is inside the documented range (docs/engines.md): the
  // others run the nearest documented version's rules, with the engine-version warning.
  double documented_median = 0, documented_p90 = 0;
  int documented_counted = 0;
};
MemoryLogStats evaluate_memory(const std::vector<MemoryLogRow>& rows);

}  // namespace infercalc
