#include "core/calibration.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "core/csv.h"
#include "core/estimate.h"
#include "core/gpu.h"
#include "core/parse_number.h"
#include "core/reference_names.h"
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

bool is_time_metric(std::string_view m) { return m == "ttft_ms" || m == "tpot_ms" || m == "e2e_latency_ms"; }

}  // namespace

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const auto hi = static_cast<std::size_t>(std::ceil(pos));
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

MetricClass metric_class(std::string_view m) {
  if (m == "ttft_ms" || m == "prefill_tokens_per_s") return MetricClass::Prefill;
  if (m == "tpot_ms" || m == "decode_tokens_per_s_bs1") return MetricClass::Decode;
  return MetricClass::Run;
}

Expected<std::vector<CalibrationRow>> parse_calibration_csv(std::string_view text) {
  auto table = csv::parse(text);
  if (!table) return table.error();
  const csv::Table& t = *table;
  for (const char* col : {"id", "model", "gpu", "n_gpus", "tp", "weights", "kv", "engine", "input", "output", "batch",
                          "metric", "value"})
    if (t.column(col) < 0) return Error{"calibration csv", std::string("missing column ") + col};
  std::vector<CalibrationRow> rows;
  for (const auto& fields : t.rows) {
    auto get = [&](const char* col) { return t.field(fields, col); };
    CalibrationRow row;
    row.id = get("id");
    row.model = get("model");
    row.gpu = get("gpu");
    row.metric = get("metric");
    row.source = get("source");
    row.engine_version = get("engine_version");
    const std::string where = "row " + row.id + ": ";
    Scenario& s = row.scenario;
    s.model_id = reference_model_id(row.model);
    // A published checkpoint the row's notes name (or a `checkpoint` column), laid out unlike
    // `weights` on the base model: its own preset.
    if (!get("checkpoint").empty()) s.model_id = get("checkpoint");
    else if (const std::string c = reference_checkpoint(get("notes")); !c.empty()) s.model_id = c;
    s.gpu_id = reference_gpu_id(row.gpu);
    if (!to_int(get("n_gpus"), s.gpus)) return Error{"n_gpus", where + "not a whole number"};
    if (!to_int(get("tp"), s.tp)) return Error{"tp", where + "not a whole number"};
    s.pp = 1;
    if (!get("pp").empty() && !to_int(get("pp"), s.pp)) return Error{"pp", where + "not a whole number"};
    const std::string weights = reference_weights(get("weights"));
    if (auto w = parse_weight_format(weights)) s.weights = *w;
    else row.unresolved = "weight format '" + get("weights") + "' is not one this build knows";
    auto kv = parse_kv_dtype(get("kv"));
    if (!kv) return Error{"kv", where + "allowed: " + allowed_kv_dtypes()};
    s.kv = *kv;
    // A blank engine is "none of the named ones": estimated with the default engine.
    row.engine_named = !get("engine").empty();
    if (row.engine_named) {
      const std::string engine = reference_engine(get("engine"));
      auto e = parse_engine(engine.empty() ? get("engine") : engine);
      if (!e) return Error{"engine", where + "allowed: " + allowed_engines()};
      s.engine = *e;
    }
    // A blank length or batch: what the row's notes state, else the row stays unanswered.
    auto cell = [&](const char* col) {
      const std::string v = get(col);
      if (!v.empty()) return v;
      const std::string filled = fill_from_notes(col, get("notes"));
      if (filled.empty() && row.unresolved.empty()) row.unresolved = std::string(col) + " not stated";
      return filled.empty() ? std::string("1") : filled;
    };
    const std::string input = cell("input"), output = cell("output"), batch = cell("batch");
    if (!to_int(input, s.input_tokens)) return Error{"input", where + "not a whole number"};
    if (!to_int(output, s.output_tokens)) return Error{"output", where + "not a whole number"};
    if (batch == "max") {
      s.batch_max = true;
    } else if (!to_int(batch, s.batch)) {
      return Error{"batch", where + "not a whole number or max"};
    }
    // How the notes say the row was run; a file may also state it in columns of its own
    // (workload, rate, max_num_seqs, max_num_batched_tokens, max_model_len, enforce_eager,
    // gpu_util, version), which then win.
    const NotesReading notes = read_notes(get("notes"), get("engine_version"), batch);
    auto column_or = [&](const char* col, const std::string& from_notes) {
      return t.column(col) >= 0 ? get(col) : from_notes;
    };
    static const char* metrics[] = {"output_tokens_per_s", "output_tokens_per_s_per_gpu", "ttft_ms", "tpot_ms",
                                    "e2e_latency_ms", "total_tokens_per_s", "decode_tokens_per_s_bs1",
                                    "prefill_tokens_per_s"};
    bool known = false;
    for (const char* m : metrics) known = known || row.metric == m;
    if (!known) return Error{"metric", where + "unknown metric '" + row.metric + "'"};
    // The workload the source ran; without the column, the reference's metric meanings.
    const std::string wl = column_or("workload", notes.workload);
    if (!wl.empty()) {
      auto w = parse_workload_mode(wl);
      if (!w) return Error{"workload", where + "allowed: " + allowed_workload_modes()};
      s.workload = *w;
    } else {
      const bool steady = row.metric == "output_tokens_per_s" || row.metric == "output_tokens_per_s_per_gpu";
      s.workload = steady ? WorkloadMode::Concurrency : WorkloadMode::Burst;
    }
    if (s.workload == WorkloadMode::Rate) {
      char* end = nullptr;
      const std::string rate = column_or("rate", notes.rate);
      s.request_rate = parse_double(rate.c_str(), &end);
      if (rate.empty() || end != rate.c_str() + rate.size())
        return Error{"rate", where + "workload rate needs a rate in requests/s"};
    }
    // The engine the source ran: its version (the `version` column, else what the
    // engine_version text names) and the flags its notes quote, so the estimate runs the same
    // scheduler budget, cap and memory split as the measurement. Blank = the engine's default.
    s.engine_version = t.column("version") >= 0 ? get("version")
                                                 : reference_engine_version(s.engine, get("engine_version")).version;
    struct Knob {
      const char* column;
      int64_t* into;
      const std::string& from_notes;
    };
    for (const Knob& k : {Knob{"max_num_seqs", &s.max_num_seqs, notes.max_num_seqs},
                          Knob{"max_num_batched_tokens", &s.max_num_batched_tokens, notes.max_num_batched_tokens},
                          Knob{"max_model_len", &s.max_model_len, notes.max_model_len}}) {
      const std::string v = column_or(k.column, k.from_notes);
      if (!v.empty() && !to_int(v, *k.into)) return Error{k.column, where + "not a whole number"};
    }
    s.enforce_eager = t.column("enforce_eager") >= 0 ? get("enforce_eager") == "1" : notes.enforce_eager;
    row.median_itl = row.metric == "tpot_ms" && notes.median_itl;
    if (const std::string util = column_or("gpu_util", notes.gpu_util); !util.empty()) {
      char* uend = nullptr;
      s.gpu_util = parse_double(util.c_str(), &uend);
      if (uend != util.c_str() + util.size()) return Error{"gpu_util", where + "not a number"};
    }
    char* end = nullptr;
    const std::string value = get("value");
    row.measured = parse_double(value.c_str(), &end);
    // Bounded: 1e999 reads as infinity and a subnormal overflows measured/predicted.
    if (value.empty() || end != value.c_str() + value.size() || !(row.measured >= 1e-6 && row.measured <= 1e12))
      return Error{"value", where + "must be a positive number from 1e-6 to 1e12"};
    if (row.unresolved.empty()) {
      if (auto e = validate(s)) {
        // Names outside the presets leave the row unanswered; anything else is bad data.
        if (e->field != "model" && e->field != "gpu") return Error{e->field, where + e->message};
        row.unresolved = e->field + " '" + (e->field == "gpu" ? row.gpu : row.model) + "' is not one this build knows";
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

double predict(const CalibrationRow& row, const Efficiency& eff) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (!row.unresolved.empty()) return nan;
  Efficiency own = eff;
  if (!row.engine_named) own.engine[static_cast<std::size_t>(row.scenario.engine)] = EngineFit{};
  const Result r = estimate(row.scenario, own);
  if (!r.valid || !r.fits) return nan;
  const std::string& m = row.metric;
  if (m == "output_tokens_per_s") return r.output_tokens_per_s;
  if (m == "output_tokens_per_s_per_gpu") return r.output_tokens_per_s_per_gpu;
  if (m == "ttft_ms") return r.ttft_ms;
  if (m == "tpot_ms") return row.median_itl ? r.itl_median_ms : r.tpot_ms;
  if (m == "e2e_latency_ms") return r.e2e_latency_ms;
  if (m == "total_tokens_per_s") return r.total_tokens_per_s;
  if (m == "decode_tokens_per_s_bs1") return r.tokens_per_s_per_user;
  // llama-bench ppN: N prompt tokens over the prefill time of one prompt.
  if (m == "prefill_tokens_per_s") return static_cast<double>(row.scenario.input_tokens) / (r.ttft_ms / 1e3);
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
    ratios.push_back(is_time_metric(row.metric) ? row.measured / p : p / row.measured);
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

// One free parameter: where it lives, its search range, and which rows it touches
// (all, one engine's, or the AMD GPUs'), so a trial recomputes only those rows.
struct Param {
  double* (*ref)(Efficiency&, int);
  int index;
  double lo, hi;
  int engine;  // -1: every engine
  bool amd_only;
};

double* global_ref(Efficiency& e, int i) {
  double* g[] = {&e.bandwidth, &e.compute16, &e.compute8, &e.link, &e.link_step_latency_s,
                 &e.custom_allreduce_s, &e.attention_compute, &e.attention_bandwidth, &e.overlap,
                 &e.amd_bandwidth, &e.amd_compute, &e.expert_bandwidth, &e.eager_launch_s};
  return g[i];
}
double* engine_ref(Efficiency& e, int i) {
  EngineFit& f = e.engine[static_cast<std::size_t>(i / 3)];
  double* g[] = {&f.bandwidth, &f.compute, &f.overhead};
  return g[i % 3];
}

// Search ranges: efficiencies are fractions of a datasheet figure (0.2..1: nothing beats
// the datasheet); latencies from one NVLink hop (0.5 us) to a PCIe round trip through
// host memory (50 us); engine factors x0.2..x3 around the priors in engines.json (those
// priors are guesses: llama.cpp's 0.45 bandwidth prior, for one, is below what its decode
// kernels reach); CPU overhead x0.1..x20 of the prior (0.3-3 ms per step: vLLM V0 spent
// tens of ms per step at large batch, engines.md 1b). The custom all-reduce's latency is
// capped at 12 us: vLLM's custom all-reduce (#2192) replaced NCCL because it is faster for
// decode-size messages, and NCCL's two-rank ring costs two link steps (about 10 us); the
// fit also keeps it at most two of its own link steps (couple_latencies), so the custom
// kernel never costs more than the NCCL ring it replaced. Left free, the fit raises it to
// carry multi-GPU costs the model lacks (docs/accuracy.md).
std::vector<Param> parameters(const std::vector<CalibrationRow>& rows) {
  std::vector<Param> out = {
      {global_ref, 0, 0.2, 1.0, -1, false},    {global_ref, 1, 0.2, 1.0, -1, false},
      {global_ref, 2, 0.15, 1.0, -1, false},   {global_ref, 3, 0.1, 1.0, -1, false},
      {global_ref, 4, 0.5e-6, 50e-6, -1, false}, {global_ref, 5, 1e-6, 12e-6, -1, false},
      {global_ref, 6, 0.1, 1.5, -1, false},    {global_ref, 7, 0.2, 1.5, -1, false},
      {global_ref, 8, 0.0, 1.0, -1, false},    {global_ref, 9, 0.3, 1.5, -1, true},
      {global_ref, 10, 0.3, 1.5, -1, true},
      // Host time per kernel launch outside a graph: from a bare cudaLaunchKernel (about
      // 2 us) to a launch plus a framework's dispatch on a slow host (50 us).
      {global_ref, 12, 1e-6, 50e-6, -1, false},
  };
  // Per-engine factors only for engines with rows to learn from.
  for (Engine e : kAllEngines) {
    const int ei = static_cast<int>(e);
    bool any = false;
    for (const CalibrationRow& r : rows) any = any || (r.unresolved.empty() && r.scenario.engine == e);
    if (!any) continue;
    out.push_back({engine_ref, ei * 3 + 0, 0.2, 3.0, ei, false});
    out.push_back({engine_ref, ei * 3 + 1, 0.2, 3.0, ei, false});
    out.push_back({engine_ref, ei * 3 + 2, 0.1, 20.0, ei, false});
  }
  return out;
}

// vLLM adopted its custom all-reduce (#2192) because one kernel over NVLink peers'
// buffers beats NCCL's ring on decode-size messages: at most NCCL's two-rank cost, two
// link steps.
void couple_latencies(Efficiency& e) {
  e.custom_allreduce_s = std::min(e.custom_allreduce_s, 2 * e.link_step_latency_s);
}

bool touches(const Param& p, const CalibrationRow& r) {
  if (p.engine >= 0 && (!r.engine_named || static_cast<int>(r.scenario.engine) != p.engine)) return false;
  if (p.amd_only) {
    const Gpu* g = resolve_gpu(r.scenario);
    return g && g->vendor == "AMD";
  }
  return true;
}

// |log(predicted / measured)|; a resolved row the model cannot answer (does not fit)
// costs as much as a 3x error. Unresolved rows carry no information and cost nothing.
double term(const CalibrationRow& row, const Efficiency& eff) {
  if (!row.unresolved.empty()) return 0;
  const double p = predict(row, eff);
  return std::isfinite(p) && p > 0 ? std::fabs(std::log(p / row.measured)) : std::log(3.0);
}

}  // namespace

Efficiency fit_start() { return Efficiency{}; }

Efficiency fit(const std::vector<CalibrationRow>& rows, const Efficiency& start) {
  Efficiency best = start;
  couple_latencies(best);
  if (rows.empty()) return best;
  const std::vector<Param> params = parameters(rows);
  std::vector<std::vector<std::size_t>> touched(params.size());
  for (std::size_t i = 0; i < params.size(); ++i)
    for (std::size_t j = 0; j < rows.size(); ++j)
      if (touches(params[i], rows[j])) touched[i].push_back(j);
  std::vector<double> terms(rows.size());
  for (std::size_t j = 0; j < rows.size(); ++j) terms[j] = term(rows[j], best);
  std::vector<double> trial_terms(rows.size());
  for (double step = 0.2; step > 0.004; step /= 2) {
    bool improved = true;
    for (int round = 0; improved && round < 20; ++round) {
      improved = false;
      for (std::size_t i = 0; i < params.size(); ++i) {
        const Param& p = params[i];
        for (double dir : {1.0, -1.0}) {
          Efficiency trial = best;
          double* v = p.ref(trial, p.index);
          const double before = *v;
          *v = std::clamp(before * (1 + dir * step) + (before == 0 ? dir * step * 0.01 : 0), p.lo, p.hi);
          couple_latencies(trial);
          if (*v == before) continue;
          double delta = 0;
          for (std::size_t j : touched[i]) {
            trial_terms[j] = term(rows[j], trial);
            delta += trial_terms[j] - terms[j];
          }
          if (delta < -1e-12) {
            best = trial;
            for (std::size_t j : touched[i]) terms[j] = trial_terms[j];
            improved = true;
          }
        }
      }
    }
  }
  return best;
}

CrossValidation cross_validate(const std::vector<CalibrationRow>& rows) {
  CrossValidation cv;
  cv.predicted.assign(rows.size(), std::numeric_limits<double>::quiet_NaN());
  std::vector<std::string> sources;
  for (const CalibrationRow& r : rows)
    if (std::find(sources.begin(), sources.end(), r.source) == sources.end()) sources.push_back(r.source);
  cv.sources = static_cast<int>(sources.size());
  for (const std::string& src : sources) {
    std::vector<CalibrationRow> train;
    for (const CalibrationRow& r : rows)
      if (r.source != src) train.push_back(r);
    const Efficiency eff = fit(train, fit_start());
    for (std::size_t j = 0; j < rows.size(); ++j)
      if (rows[j].source == src) cv.predicted[j] = predict(rows[j], eff);
  }
  return cv;
}

void set_bands(Efficiency& eff, const std::vector<CalibrationRow>& rows, const std::vector<double>& predicted,
               int min_rows) {
  auto ratios = [&](int engine, MetricClass mc) {
    std::vector<double> out;
    for (std::size_t j = 0; j < rows.size(); ++j) {
      const double p = predicted[j];
      if (!std::isfinite(p) || p <= 0 || metric_class(rows[j].metric) != mc) continue;
      if (engine >= 0 && (!rows[j].engine_named || static_cast<int>(rows[j].scenario.engine) != engine)) continue;
      out.push_back(is_time_metric(rows[j].metric) ? rows[j].measured / p : p / rows[j].measured);
    }
    return out;
  };
  for (int k = 0; k < kMetricClasses; ++k) {
    const auto mc = static_cast<MetricClass>(k);
    const std::vector<double> all = ratios(-1, mc);
    for (Engine e : kAllEngines) {
      std::vector<double> own = ratios(static_cast<int>(e), mc);
      const std::vector<double>& use = static_cast<int>(own.size()) >= min_rows ? own : all;
      EngineFit& f = eff.engine[static_cast<std::size_t>(e)];
      f.band_low[k] = use.empty() ? eff.band_low : std::min(1.0, percentile(use, 0.1));
      f.band_high[k] = use.empty() ? eff.band_high : std::max(1.0, percentile(use, 0.9));
    }
  }
}

}  // namespace infercalc
