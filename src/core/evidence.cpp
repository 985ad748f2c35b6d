#include "core/evidence.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/assets.h"
#include "core/estimate.h"
#include "core/gpu.h"
#include "core/order.h"
#include "core/scenario_check.h"

namespace infercalc {

const std::vector<CalibrationRow>& shipped_calibration_rows() {
  static const std::vector<CalibrationRow> rows = [] {
    std::vector<CalibrationRow> out;
    for (const char* file : {"calibration.csv", "calibration_more.csv"}) {
      auto parsed = parse_calibration_csv(asset(file));
      if (parsed) out.insert(out.end(), parsed->begin(), parsed->end());
    }
    return out;
  }();
  return rows;
}

std::vector<Evidence> nearest_evidence(const Scenario& s, int count) {
  std::vector<Evidence> out;
  const ModelArch* m = resolve_model(s);
  const Gpu* g = resolve_gpu(s);
  if (!m || !g) return out;
  const double active = active_params(*m);
  for (const CalibrationRow& row : shipped_calibration_rows()) {
    if (!row.unresolved.empty()) continue;
    const ModelArch* rm = resolve_model(row.scenario);
    const Gpu* rg = resolve_gpu(row.scenario);
    if (!rm || !rg) continue;
    double d = row.scenario.engine == s.engine ? 0 : 3;
    if (rg->id != g->id) d += rg->arch == g->arch ? 0.5 : (rg->vendor == g->vendor ? 1 : 2);
    d += std::fabs(std::log(active_params(*rm) / active));
    if (row.scenario.workload != s.workload) d += 0.5;
    d += 0.3 * std::fabs(std::log(static_cast<double>(row.scenario.gpus) / static_cast<double>(s.gpus)));
    out.push_back(Evidence{&row, 0, d});
  }
  // Stable: ties keep file order, so the choice is the same on every platform.
  stable_sort_by(out, [](const Evidence& a, const Evidence& b) { return a.distance < b.distance; });
  if (static_cast<int>(out.size()) > count) out.resize(static_cast<std::size_t>(count));
  for (Evidence& e : out) e.predicted = predict(*e.row, default_efficiency());
  return out;
}

std::string evidence_line(const Evidence& e) {
  const CalibrationRow& r = *e.row;
  const Scenario& s = r.scenario;
  char buf[512];
  const std::string batch = s.batch_max ? "max" : std::to_string(s.batch);
  std::snprintf(buf, sizeof buf, "%s on %lld x %s, %s, %s, %lld in / %lld out, batch %s, %s: measured %.4g %s, ",
                r.model.c_str(), static_cast<long long>(s.gpus), r.gpu.c_str(), std::string(name(s.weights)).c_str(),
                std::string(name(s.engine)).c_str(), static_cast<long long>(s.input_tokens),
                static_cast<long long>(s.output_tokens), batch.c_str(), std::string(name(s.workload)).c_str(),
                r.measured, r.metric.c_str());
  std::string out = buf;
  if (std::isfinite(e.predicted)) {
    std::snprintf(buf, sizeof buf, "we predict %.4g (%+.0f %%)", e.predicted, (e.predicted - r.measured) / r.measured * 100);
    out += buf;
  } else {
    out += "we give no number (does not fit)";
  }
  return out;
}

}  // namespace infercalc
