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
  std::string unresolved;  // why the row cannot be answered ("" = it can)
};

// Engine start-up log lines, one per row. Columns: id, model, gpu (or gpu_id, our id), n_gpus,
// tp, weights, kv, engine, metric, value; optional pp, engine_version (free text, read with
// reference_engine_version) or engine_version_used (as --engine-version takes it),
// gpu_memory_utilization, max_model_len, max_num_seqs, max_num_batched_tokens, enforce_eager,
// source, extra_link (link keys stated in the row's notes) and mapping (how the row's words
// became our ids). Metrics: model_weights, kv_cache, cuda_graph, model_buffer, kv_self_size and
// compute_buffer in _gib/_gb/_mib/_mb, and gpu_blocks, kv_cache_tokens, max_total_num_tokens,
// kv_cache_tokens_trtllm, max_concurrency. A missing column is an error; a row whose names or
// values this build cannot read is kept, unanswered, with the reason.
Expected<std::vector<MemoryLogRow>> parse_memory_log_csv(std::string_view text);

// The prediction of the row's metric, or NaN with `why` set (an unreadable row, or a metric
// the scenario has no figure for, such as graph memory with enforce_eager).
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
