// `infercalc calibrate`: each row's prediction and error, the median and 90th
// percentile absolute percentage error; --fit refits the efficiencies.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>

#include "cli/commands.h"
#include "core/calibration.h"
#include "core/engine.h"

namespace infercalc::cli {
namespace {

struct CalibrateOptions {
  std::string data, write, format = "text";
  bool fit = false;
};

void print_table(const std::vector<CalibrationRow>& rows, const CalibrationStats& st, bool markdown) {
  if (markdown) {
    std::printf("| id | model | gpu | n | weights | engine | in | out | batch | metric | measured | predicted | error |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  } else {
    std::printf("%-6s %-16s %-16s %2s %-6s %-8s %6s %6s %5s %-24s %10s %10s %7s\n", "id", "model", "gpu", "n",
                "w", "engine", "in", "out", "batch", "metric", "measured", "predicted", "error");
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const CalibrationRow& r = rows[i];
    const Scenario& s = r.scenario;
    const std::string batch = s.batch_max ? "max" : std::to_string(s.batch);
    const double p = st.predicted[i];
    char pred[32], err[32];
    if (std::isfinite(p)) {
      std::snprintf(pred, sizeof pred, "%.1f", p);
      std::snprintf(err, sizeof err, "%+.0f%%", (p - r.measured) / r.measured * 100);
    } else {
      std::snprintf(pred, sizeof pred, "n/a");
      std::snprintf(err, sizeof err, "n/a");
    }
    const char* fmt = markdown ? "| %s | %s | %s | %lld | %s | %s | %lld | %lld | %s | %s | %.1f | %s | %s |\n"
                               : "%-6s %-16s %-16s %2lld %-6s %-8s %6lld %6lld %5s %-24s %10.1f %10s %7s\n";
    std::printf(fmt, r.id.c_str(), r.model.c_str(), r.gpu.c_str(), static_cast<long long>(s.gpus),
                std::string(name(s.weights)).c_str(), std::string(name(s.engine)).c_str(),
                static_cast<long long>(s.input_tokens), static_cast<long long>(s.output_tokens), batch.c_str(),
                r.metric.c_str(), r.measured, pred, err);
  }
}

}  // namespace

Run add_calibrate(CLI::App& app) {
  auto o = std::make_shared<CalibrateOptions>();
  app.add_option("--data", o->data, "Measurements CSV (the format of assets/calibration.csv)")->required();
  app.add_flag("--fit", o->fit, "Refit the efficiency parameters on these rows");
  app.add_option("--write", o->write, "With --fit: write the fitted parameters (assets/efficiency.json format)");
  app.add_option("--format", o->format, "text (default), json, markdown")
      ->check(CLI::IsMember({"text", "json", "markdown"}));
  return [o]() -> int {
    std::string text, error;
    if (!read_file(o->data, text, error)) return bad_input("data", error);
    auto rows = parse_calibration_csv(text);
    if (!rows) return bad_input(rows.error().field, rows.error().message);
    if (rows->empty()) return bad_input("data", "no measurement rows");
    Efficiency eff = default_efficiency();
    if (o->fit) eff = fit(*rows, eff);
    const CalibrationStats st = evaluate(*rows, eff);
    if (o->format == "json") {
      std::printf("{\"rows\": %zu, \"unpredicted\": %d, \"median_ape\": %.2f, \"p90_ape\": %.2f, \"efficiency\": %s}\n",
                  rows->size(), st.unpredicted, st.median_ape, st.p90_ape, efficiency_to_json(eff).c_str());
    } else {
      print_table(*rows, st, o->format == "markdown");
      std::printf("\n%zu rows, %d without a prediction. Absolute error: median %.1f %%, 90th percentile %.1f %%\n",
                  rows->size(), st.unpredicted, st.median_ape, st.p90_ape);
      if (o->fit) std::printf("Fitted efficiencies:\n%s", efficiency_to_json(eff).c_str());
    }
    if (!o->write.empty()) {
      if (!o->fit) return bad_input("write", "needs --fit");
      const std::string tmp = o->write + ".tmp";
      {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << efficiency_to_json(eff);
        if (!out) return bad_input("write", "cannot write '" + tmp + "'");
      }
      if (std::rename(tmp.c_str(), o->write.c_str()) != 0) return bad_input("write", "cannot replace '" + o->write + "'");
    }
    return 0;
  };
}

}  // namespace infercalc::cli
