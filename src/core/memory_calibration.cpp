#include "core/memory_calibration.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "core/csv.h"
#include "core/estimate.h"
#include "core/link.h"
#include "core/scenario_check.h"

namespace infercalc {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

bool to_double(const std::string& s, double& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && std::isfinite(out);
}

// Nearest-rank-interpolated percentile, as `infercalc calibrate` uses.
double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const auto hi = static_cast<std::size_t>(std::ceil(pos));
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

constexpr const char* kMetrics[] = {"model_weights_gib", "gpu_blocks",           "kv_cache_gib",
                                    "kv_cache_tokens",   "max_total_num_tokens", "kv_cache_tokens_trtllm",
                                    "max_concurrency",   "cuda_graph_gib"};

}  // namespace

Expected<std::vector<MemoryLogRow>> parse_memory_log_csv(std::string_view text) {
  auto table = csv::parse(text);
  if (!table) return table.error();
  const csv::Table& t = *table;
  for (const char* col : {"id", "model", "gpu_id", "n_gpus", "tp", "pp", "weights", "kv", "engine",
                          "engine_version_used", "gpu_memory_utilization", "max_model_len", "max_num_seqs",
                          "max_num_batched_tokens", "enforce_eager", "metric", "value"})
    if (t.column(col) < 0) return Error{"memory data", std::string("missing column ") + col};
  std::vector<MemoryLogRow> rows;
  for (const auto& fields : t.rows) {
    auto get = [&](const char* col) { return t.field(fields, col); };
    MemoryLogRow row;
    row.id = get("id");
    row.model = get("model");
    row.gpu = get("gpu_id");
    row.metric = get("metric");
    row.source = get("source");
    row.mapping = get("mapping");
    const std::string where = "row " + row.id + ": ";
    // The row as a link: the one codec checks every value (and the extra keys the notes state).
    std::string link = "#v=1&model=" + percent_encode(row.model) + "&gpu=" + percent_encode(row.gpu) +
                       "&gpus=" + get("n_gpus") + "&tp=" + get("tp") + "&pp=" + (get("pp").empty() ? "1" : get("pp")) +
                       "&weights=" + get("weights") + "&kv=" + get("kv") + "&engine=" + get("engine");
    if (!get("engine_version_used").empty()) link += "&engine-version=" + percent_encode(get("engine_version_used"));
    if (!get("gpu_memory_utilization").empty()) link += "&util=" + get("gpu_memory_utilization");
    for (const char* knob : {"max_model_len", "max_num_seqs", "max_num_batched_tokens"}) {
      if (get(knob).empty()) continue;
      std::string key = knob;
      std::replace(key.begin(), key.end(), '_', '-');
      link += "&" + key + "=" + get(knob);
    }
    if (get("enforce_eager") == "True") link += "&enforce-eager=1";
    if (!get("extra_link").empty()) link += "&" + get("extra_link");
    auto parsed = parse_link(link);
    if (!parsed) return Error{parsed.error().field, where + parsed.error().message};
    row.scenario = parsed->scenario;
    if (!to_double(get("value"), row.measured) || !(row.measured > 0))
      return Error{"value", where + "not a positive number"};
    bool known = false;
    for (const char* m : kMetrics) known = known || row.metric == m;
    if (!known) return Error{"metric", where + "unknown metric '" + row.metric + "'"};
    rows.push_back(std::move(row));
  }
  return rows;
}

double predict_memory(const MemoryLogRow& row, std::string* why) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Result r = estimate(row.scenario);
  if (!r.valid) {
    if (why) *why = "the scenario does not resolve";
    return nan;
  }
  const std::string& m = row.metric;
  if (m == "model_weights_gib") return r.weights_bytes / kGiB;
  if (m == "gpu_blocks") return r.kv_blocks;
  if (m == "kv_cache_gib") return r.kv_pool_bytes / kGiB;
  if (m == "kv_cache_tokens" || m == "max_total_num_tokens" || m == "kv_cache_tokens_trtllm") return r.max_kv_tokens;
  if (m == "max_concurrency") return r.max_kv_tokens / static_cast<double>(r.engine.max_model_len);
  // cuda_graph_gib: the capture memory the engine logs (engine_memory.cpp graph_capture_bytes).
  if (r.cuda_graph_bytes > 0) return r.cuda_graph_bytes / kGiB;
  if (why) *why = "no CUDA graphs are captured in this scenario (enforce_eager or no graph sizes)";
  return nan;
}

MemoryLogStats evaluate_memory(const std::vector<MemoryLogRow>& rows) {
  MemoryLogStats st;
  std::vector<double> errors, weights, pool, documented;
  for (const MemoryLogRow& row : rows) {
    const double p = predict_memory(row);
    st.predicted.push_back(p);
    if (!std::isfinite(p)) {
      ++st.unpredicted;
      continue;
    }
    const double e = std::fabs(p - row.measured) / row.measured * 100;
    errors.push_back(e);
    // CUDA-graph rows are neither weights nor the pool: only in the overall figures.
    if (row.metric == "model_weights_gib") weights.push_back(e);
    else if (row.metric != "cuda_graph_gib") pool.push_back(e);
    if (!estimate(row.scenario).engine.version_mapped) documented.push_back(e);
  }
  st.counted = static_cast<int>(errors.size());
  st.median_ape = percentile(errors, 0.5);
  st.p90_ape = percentile(errors, 0.9);
  st.weights_counted = static_cast<int>(weights.size());
  st.weights_median = percentile(weights, 0.5);
  st.weights_p90 = percentile(weights, 0.9);
  st.pool_counted = static_cast<int>(pool.size());
  st.pool_median = percentile(pool, 0.5);
  st.pool_p90 = percentile(pool, 0.9);
  st.documented_counted = static_cast<int>(documented.size());
  st.documented_median = percentile(documented, 0.5);
  st.documented_p90 = percentile(documented, 0.9);
  return st;
}

}  // namespace infercalc
