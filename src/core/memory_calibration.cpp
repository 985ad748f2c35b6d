#include "core/memory_calibration.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "core/csv.h"
#include "core/engine_version.h"
#include "core/estimate.h"
#include "core/link.h"
#include "core/parse_number.h"
#include "core/reference_names.h"
#include "core/scenario_check.h"

namespace infercalc {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

bool to_double(const std::string& s, double& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  out = parse_double(s.c_str(), &end);
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

// What a metric's name asks for, and in which unit: "<quantity>[_<unit>]" with the unit
// gib/gb (2^30 bytes: the engines print "GB" for it, engines.md) or mib/mb (2^20).
enum class Quantity { None, Weights, KvPool, Graphs, ComputeBuffer, Blocks, Tokens, Concurrency };
struct MetricSpec {
  Quantity q = Quantity::None;
  double unit = 1;
};

MetricSpec metric_spec(std::string_view m) {
  MetricSpec spec;
  auto strip = [&](std::string_view suffix, double unit) {
    if (m.size() > suffix.size() && m.substr(m.size() - suffix.size()) == suffix) {
      m.remove_suffix(suffix.size());
      spec.unit = unit;
    }
  };
  strip("_gib", kGiB);
  strip("_gb", kGiB);
  strip("_mib", 1024.0 * 1024);
  strip("_mb", 1024.0 * 1024);
  const bool bytes = spec.unit > 1;
  struct Name {
    std::string_view name;
    Quantity q;
    bool in_bytes;
  };
  static constexpr Name kNames[] = {
      {"model_weights", Quantity::Weights, true},   {"weights", Quantity::Weights, true},
      {"model_buffer", Quantity::Weights, true},    {"kv_cache", Quantity::KvPool, true},
      {"kv_self_size", Quantity::KvPool, true},     {"cuda_graph", Quantity::Graphs, true},
      {"compute_buffer", Quantity::ComputeBuffer, true},
      {"gpu_blocks", Quantity::Blocks, false},      {"num_gpu_blocks", Quantity::Blocks, false},
      {"kv_cache_tokens", Quantity::Tokens, false}, {"max_total_num_tokens", Quantity::Tokens, false},
      {"kv_cache_tokens_trtllm", Quantity::Tokens, false},
      {"max_concurrency", Quantity::Concurrency, false}};
  for (const Name& n : kNames)
    if (m == n.name && bytes == n.in_bytes) spec.q = n.q;
  return spec;
}

// A field of the row, "" where the table has no such column.
struct Fields {
  const csv::Table& t;
  const std::vector<std::string>& row;
  std::string operator()(const char* col) const { return t.field(row, col); }
};

// The row as a link, with our ids for the reference's names; "" and `why` set when a name or
// value cannot be read.
std::string row_link(const Fields& get, MemoryLogRow& row, std::string& why) {
  const std::string engine = reference_engine(get("engine"));
  const auto e = parse_engine(engine);
  if (!e) {
    why = "engine '" + get("engine") + "' is not one this build knows";
    return "";
  }
  row.gpu = get("gpu_id").empty() ? reference_gpu_id(get("gpu")) : get("gpu_id");
  std::string version = get("engine_version_used");
  std::string how;
  if (version.empty() && !get("engine_version").empty()) {
    const ReadVersion rv = reference_engine_version(*e, get("engine_version"));
    version = rv.version;
    how = rv.how;
  }
  if (row.mapping.empty()) {
    row.mapping = how;
    if (row.gpu != get("gpu") && get("gpu_id").empty())
      row.mapping += (row.mapping.empty() ? "" : "; ") + ("gpu " + get("gpu") + " read as " + row.gpu);
  }
  // A published checkpoint the notes name (Meta's FP8 405B) is a preset of its own.
  const std::string checkpoint = reference_checkpoint(get("notes"));
  const std::string model = checkpoint.empty() ? reference_model_id(row.model) : checkpoint;
  if (model != row.model && row.mapping.empty()) row.mapping = "model " + row.model + " read as " + model;
  else if (model != row.model && get("mapping").empty()) row.mapping += "; model " + row.model + " read as " + model;
  std::string link = "#v=1&model=" + percent_encode(model) + "&gpu=" + percent_encode(row.gpu) +
                     "&gpus=" + get("n_gpus") + "&tp=" + get("tp") + "&pp=" + (get("pp").empty() ? "1" : get("pp")) +
                     "&weights=" + percent_encode(reference_weights(get("weights"))) + "&kv=" + get("kv") +
                     "&engine=" + engine;
  if (!version.empty()) link += "&engine-version=" + percent_encode(version);
  if (!get("gpu_memory_utilization").empty()) link += "&util=" + get("gpu_memory_utilization");
  for (const char* knob : {"max_model_len", "max_num_seqs", "max_num_batched_tokens"}) {
    if (get(knob).empty()) continue;
    std::string key = knob;
    std::replace(key.begin(), key.end(), '_', '-');
    link += "&" + key + "=" + get(knob);
  }
  const std::string eager = get("enforce_eager");
  if (eager == "True" || eager == "true" || eager == "1") link += "&enforce-eager=1";
  if (!get("extra_link").empty()) link += "&" + get("extra_link");
  return link;
}

}  // namespace

Expected<std::vector<MemoryLogRow>> parse_memory_log_csv(std::string_view text) {
  auto table = csv::parse(text);
  if (!table) return table.error();
  const csv::Table& t = *table;
  for (const char* col : {"id", "model", "n_gpus", "tp", "weights", "kv", "engine", "metric", "value"})
    if (t.column(col) < 0) return Error{"memory data", std::string("missing column ") + col};
  if (t.column("gpu") < 0 && t.column("gpu_id") < 0) return Error{"memory data", "missing column gpu"};
  std::vector<MemoryLogRow> rows;
  for (const auto& fields : t.rows) {
    const Fields get{t, fields};
    MemoryLogRow row;
    row.id = get("id");
    row.model = get("model");
    row.metric = get("metric");
    row.source = get("source");
    row.mapping = get("mapping");
    // A row this build cannot read is listed unanswered with the reason; the others still count.
    std::string why;
    const std::string link = row_link(get, row, why);
    if (!link.empty()) {
      auto parsed = parse_link(link);
      if (parsed) row.scenario = parsed->scenario;
      else why = parsed.error().field + ": " + parsed.error().message;
    }
    if (why.empty() && (!to_double(get("value"), row.measured) || !(row.measured > 0)))
      why = "value '" + get("value") + "' is not a positive number";
    if (why.empty() && metric_spec(row.metric).q == Quantity::None) why = "unknown metric '" + row.metric + "'";
    row.unresolved = why;
    rows.push_back(std::move(row));
  }
  return rows;
}

double predict_memory(const MemoryLogRow& row, std::string* why) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (!row.unresolved.empty()) {
    if (why) *why = row.unresolved;
    return nan;
  }
  const Result r = estimate(row.scenario);
  if (!r.valid) {
    if (why) *why = "the scenario does not resolve";
    return nan;
  }
  const MetricSpec spec = metric_spec(row.metric);
  // llama.cpp has no pool: its KV line is the -c cells it allocates.
  const bool cells = r.engine.profile && r.engine.profile->accounting == Accounting::Llamacpp;
  switch (spec.q) {
    case Quantity::Weights: return r.weights_bytes / spec.unit;
    case Quantity::KvPool: return (cells ? r.kv_cache_bytes : r.kv_pool_bytes) / spec.unit;
    case Quantity::ComputeBuffer: return r.activation_bytes / spec.unit;
    case Quantity::Blocks: return r.kv_blocks;
    case Quantity::Tokens: return r.max_kv_tokens;
    case Quantity::Concurrency: return r.max_kv_tokens / static_cast<double>(r.engine.max_model_len);
    case Quantity::Graphs:
      // The capture memory the engine logs (engine_memory.cpp graph_capture_bytes).
      if (r.cuda_graph_bytes > 0) return r.cuda_graph_bytes / spec.unit;
      if (why) *why = "no CUDA graphs are captured in this scenario (enforce_eager or no graph sizes)";
      return nan;
    case Quantity::None: break;
  }
  if (why) *why = "unknown metric '" + row.metric + "'";
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
    const Quantity q = metric_spec(row.metric).q;
    if (q == Quantity::Weights) weights.push_back(e);
    else if (q != Quantity::Graphs && q != Quantity::ComputeBuffer) pool.push_back(e);
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
