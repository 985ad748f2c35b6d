#include "core/evidence.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/assets.h"
#include "core/csv.h"
#include "core/estimate.h"
#include "core/gpu.h"
#include "core/json.h"
#include "core/link.h"
#include "core/order.h"
#include "core/parse_number.h"
#include "core/scenario_check.h"

namespace infercalc {

std::string write_evidence_table(const std::vector<CalibrationRow>& rows) {
  std::string out = "id,source,model,gpu,metric,value,named,median_itl,link\n";
  for (const CalibrationRow& r : rows) {
    if (!r.unresolved.empty()) continue;
    for (const std::string& cell : {r.id, r.source, r.model, r.gpu, r.metric})
      out += csv::field_text(cell) + ",";
    // json::number: the shortest text that reads back as the same double.
    out += json::number(r.measured) + (r.engine_named ? ",1," : ",0,") + (r.median_itl ? "1," : "0,") +
           csv::field_text(make_link(r.scenario).substr(1)) + "\n";
  }
  return out;
}

Expected<std::vector<CalibrationRow>> parse_evidence_table(std::string_view text) {
  auto table = csv::parse(text);
  if (!table) return table.error();
  for (const char* col : {"id", "source", "model", "gpu", "metric", "value", "named", "link"})
    if (table->column(col) < 0) return Error{"evidence table", std::string("missing column ") + col};
  std::vector<CalibrationRow> rows;
  for (const auto& fields : table->rows) {
    auto get = [&](const char* col) { return table->field(fields, col); };
    CalibrationRow r;
    r.id = get("id");
    r.source = get("source");
    r.model = get("model");
    r.gpu = get("gpu");
    r.metric = get("metric");
    const std::string value = get("value");
    char* end = nullptr;
    r.measured = parse_double(value.c_str(), &end);
    // The calibration loader's bounds (calibration.cpp): no infinity, no subnormal.
    if (value.empty() || end != value.c_str() + value.size() || !(r.measured >= 1e-6 && r.measured <= 1e12))
      return Error{"value", "row " + r.id + ": must be a positive number from 1e-6 to 1e12"};
    r.engine_named = get("named") == "1";
    // Optional: a tpot_ms value that is a median inter-token latency (CalibrationRow::median_itl).
    r.median_itl = table->column("median_itl") >= 0 && get("median_itl") == "1";
    auto link = parse_link(get("link"));
    if (!link) return Error{link.error().field, "row " + r.id + ": " + link.error().message};
    r.scenario = link->scenario;
    rows.push_back(std::move(r));
  }
  return rows;
}

const std::vector<CalibrationRow>& shipped_calibration_rows() {
  static const std::vector<CalibrationRow> rows = [] {
    auto parsed = parse_evidence_table(asset("evidence.csv"));
    return parsed ? std::move(*parsed) : std::vector<CalibrationRow>{};
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
                r.measured, r.median_itl ? "tpot_ms (median ITL)" : r.metric.c_str());
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
