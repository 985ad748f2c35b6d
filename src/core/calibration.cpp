#include "core/calibration.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "core/csv.h"
#include "core/estimate.h"
#include "core/scenario_check.h"

namespace infercalc {
namespace {

bool to_int(const std::string& s, int64_t& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (end != s.c_str() + s.size()) return false;
  out = v;
  return true;
}

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const auto hi = static_cast<std::size_t>(std::ceil(pos));
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

}  // namespace

Expected<std::vector<CalibrationRow>> parse_calibration_csv(std::string_view text) {
  auto table = csv::parse(text);
  if (!table) return table.error();
  const csv::Table& t = *table;
  for (const char* col : {"id", "model", "gpu", "n_gpus", "tp", "weights", "kv", "engine", "input", "output", "batch",
                          "metric", "value"})
    if (t.column(col) < 0) return Error{"calibration csv", std::string("missing column ") + col};
  std::vector<CalibrationRow> rows;
  for (const auto& fields : t.rows) {
    auto get = [&](const char* col) { return fields[static_cast<std::size_t>(t.column(col))]; };
    CalibrationRow row;
    row.id = get("id");
    row.model = get("model");
    row.gpu = get("gpu");
    row.metric = get("metric");
    if (t.column("source") >= 0) row.source = get("source");
    const std::string where = "row " + row.id + ": ";
    Scenario& s = row.scenario;
    s.model_id = row.model;
    s.gpu_id = row.gpu;
    if (!to_int(get("n_gpus"), s.gpus)) return Error{"n_gpus", where + "not a whole number"};
    if (!to_int(get("tp"), s.tp)) return Error{"tp", where + "not a whole number"};
    s.pp = 1;
    auto w = parse_weight_format(get("weights"));
    if (!w) return Error{"weights", where + "allowed: " + allowed_weight_formats()};
    s.weights = *w;
    auto kv = parse_kv_dtype(get("kv"));
    if (!kv) return Error{"kv", where + "allowed: " + allowed_kv_dtypes()};
    s.kv = *kv;
    // A blank engine is "none of the named ones": estimated with the default engine.
    if (!get("engine").empty()) {
      auto e = parse_engine(get("engine"));
      if (!e) return Error{"engine", where + "allowed: " + allowed_engines()};
      s.engine = *e;
    }
    if (!to_int(get("input"), s.input_tokens)) return Error{"input", where + "not a whole number"};
    if (!to_int(get("output"), s.output_tokens)) return Error{"output", where + "not a whole number"};
    if (get("batch") == "max") {
      s.batch_max = true;
    } else if (!to_int(get("batch"), s.batch)) {
      return Error{"batch", where + "not a whole number or max"};
    }
    static const char* metrics[] = {"output_tokens_per_s", "output_tokens_per_s_per_gpu", "ttft_ms", "tpot_ms",
                                    "e2e_latency_ms", "total_tokens_per_s", "decode_tokens_per_s_bs1"};
    bool known = false;
    for (const char* m : metrics) known = known || row.metric == m;
    if (!known) return Error{"metric", where + "unknown metric '" + row.metric + "'"};
    char* end = nullptr;
    const std::string value = get("value");
    row.measured = std::strtod(value.c_str(), &end);
    // Bounded: 1e999 reads as infinity and a subnormal overflows measured/predicted.
    if (value.empty() || end != value.c_str() + value.size() || !(row.measured >= 1e-6 && row.measured <= 1e12))
      return Error{"value", where + "must be a positive number from 1e-6 to 1e12"};
    if (auto e = validate(s)) return Error{e->field, where + e->message};
    rows.push_back(std::move(row));
  }
  return rows;
}

double predict(const CalibrationRow& row, const Efficiency& eff) {
  const Result r = estimate(row.scenario, eff);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (!r.valid || !r.fits) return nan;
  const std::string& m = row.metric;
  if (m == "output_tokens_per_s") return r.output_tokens_per_s;
  if (m == "output_tokens_per_s_per_gpu") return r.output_tokens_per_s_per_gpu;
  if (m == "ttft_ms") return r.ttft_ms;
  if (m == "tpot_ms") return r.tpot_ms;
  if (m == "e2e_latency_ms") return r.e2e_latency_ms;
  if (m == "total_tokens_per_s") return r.total_tokens_per_s;
  if (m == "decode_tokens_per_s_bs1") return r.tokens_per_s_per_user;
  return nan;
}

CalibrationStats evaluate(const std::vector<CalibrationRow>& rows, const Efficiency& eff) {
  CalibrationStats st;
  std::vector<double> ratios;
  for (const CalibrationRow& row : rows) {
    const double p = predict(row, eff);
    st.predicted.push_back(p);
    if (!std::isfinite(p)) {
      ++st.unpredicted;
      st.abs_pct_error.push_back(std::numeric_limits<double>::quiet_NaN());
      continue;
    }
    st.abs_pct_error.push_back(std::fabs(p - row.measured) / row.measured * 100);
    // Times and rates point in opposite directions: express each as measured time
    // over predicted time, so a predicted time t lies in [t x p10, t x p90].
    const bool is_time = row.metric == "ttft_ms" || row.metric == "tpot_ms" || row.metric == "e2e_latency_ms";
    ratios.push_back(is_time ? row.measured / p : p / row.measured);
  }
  std::vector<double> finite;
  for (double e : st.abs_pct_error)
    if (std::isfinite(e)) finite.push_back(e);
  st.median_ape = percentile(finite, 0.5);
  st.p90_ape = percentile(finite, 0.9);
  st.ratio_p10 = percentile(ratios, 0.1);
  st.ratio_p90 = percentile(ratios, 0.9);
  return st;
}

namespace {

double objective(const std::vector<CalibrationRow>& rows, const Efficiency& eff) {
  double sum = 0;
  for (const CalibrationRow& row : rows) {
    const double p = predict(row, eff);
    // A row the model cannot predict costs as much as a 3x error.
    sum += std::isfinite(p) && p > 0 ? std::fabs(std::log(p / row.measured)) : std::log(3.0);
  }
  return sum / static_cast<double>(rows.size());
}

}  // namespace

Efficiency fit(const std::vector<CalibrationRow>& rows, const Efficiency& start) {
  Efficiency best = start;
  if (rows.empty()) return best;
  struct Param { double Efficiency::*member; double lo, hi; };
  const Param params[] = {
      {&Efficiency::bandwidth, 0.3, 1.0},        {&Efficiency::compute16, 0.2, 1.0},
      {&Efficiency::compute8, 0.15, 1.0},        {&Efficiency::link, 0.2, 1.0},
      {&Efficiency::allreduce_latency_s, 1e-6, 60e-6}, {&Efficiency::attention_compute, 0.1, 1.5},
      {&Efficiency::attention_bandwidth, 0.2, 1.0}, {&Efficiency::overlap, 0.0, 1.0},
  };
  double best_obj = objective(rows, best);
  for (double step = 0.2; step > 0.004; step /= 2) {
    bool improved = true;
    for (int round = 0; improved && round < 20; ++round) {
      improved = false;
      for (const Param& p : params) {
        for (double dir : {1.0, -1.0}) {
          Efficiency trial = best;
          trial.*p.member = std::clamp(best.*p.member * (1 + dir * step), p.lo, p.hi);
          const double o = objective(rows, trial);
          if (o < best_obj - 1e-12) {
            best_obj = o;
            best = trial;
            improved = true;
          }
        }
      }
    }
  }
  const CalibrationStats st = evaluate(rows, best);
  best.band_low = std::min(1.0, st.ratio_p10);
  best.band_high = std::max(1.0, st.ratio_p90);
  return best;
}

}  // namespace infercalc
