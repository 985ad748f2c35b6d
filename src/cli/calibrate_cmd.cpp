// `infercalc calibrate`: each row's prediction and error, the median and 90th
// percentile absolute percentage error; --fit refits the efficiencies from the fixed
// start (engine.h defaults); --cv cross-validates leaving one source out at a time.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>

#include "cli/commands.h"
#include "core/calibration.h"
#include "core/engine.h"
#include "core/evidence.h"
#include "core/memory_calibration.h"
#include "core/json.h"

namespace infercalc::cli {
namespace {

struct CalibrateOptions {
  std::vector<std::string> data;
  std::string memory_data;
  std::string write, write_evidence, format = "text";
  bool fit = false, cv = false;
};

// Writes `text` to `path` through a temporary file, so a failed write leaves the old file.
int replace_file(const std::string& flag, const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) return bad_input(flag, "cannot write '" + tmp + "'");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return bad_input(flag, "cannot replace '" + path + "'");
  return 0;
}

std::string error_cell(double p, double measured) {
  char buf[32];
  if (std::isfinite(p)) std::snprintf(buf, sizeof buf, "%+.0f%%", (p - measured) / measured * 100);
  else std::snprintf(buf, sizeof buf, "n/a");
  return buf;
}

std::string value_cell(double p) {
  char buf[32];
  if (std::isfinite(p)) std::snprintf(buf, sizeof buf, "%.1f", p);
  else std::snprintf(buf, sizeof buf, "n/a");
  return buf;
}

void print_table(const std::vector<CalibrationRow>& rows, const CalibrationStats& st, const std::vector<double>* cv,
                 bool markdown) {
  if (markdown) {
    std::printf("| id | model | gpu | n | weights | engine | workload | in | out | batch | metric | measured | predicted | error |%s\n",
                cv ? " held out | error |" : "");
    std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|%s\n", cv ? "---|---|" : "");
  } else {
    std::printf("%-6s %-16s %-16s %2s %-6s %-8s %-11s %6s %6s %5s %-24s %10s %10s %7s%s\n", "id", "model", "gpu", "n", "w",
                "engine", "workload", "in", "out", "batch", "metric", "measured", "predicted", "error",
                cv ? "   held out   error" : "");
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const CalibrationRow& r = rows[i];
    const Scenario& s = r.scenario;
    const std::string batch = s.batch_max ? "max" : std::to_string(s.batch);
    const double p = st.predicted[i];
    const char* fmt = markdown ? "| %s | %s | %s | %lld | %s | %s | %s | %lld | %lld | %s | %s | %.1f | %s | %s |"
                               : "%-6s %-16s %-16s %2lld %-6s %-8s %-11s %6lld %6lld %5s %-24s %10.1f %10s %7s";
    std::printf(fmt, r.id.c_str(), r.model.c_str(), r.gpu.c_str(), static_cast<long long>(s.gpus),
                std::string(name(s.weights)).c_str(), std::string(name(s.engine)).c_str(),
                std::string(name(s.workload)).c_str(), static_cast<long long>(s.input_tokens),
                static_cast<long long>(s.output_tokens), batch.c_str(), r.metric.c_str(), r.measured,
                value_cell(p).c_str(), error_cell(p, r.measured).c_str());
    if (cv) {
      const double h = (*cv)[i];
      std::printf(markdown ? " %s | %s |" : " %10s %7s", value_cell(h).c_str(), error_cell(h, r.measured).c_str());
    }
    if (!r.unresolved.empty()) std::printf(markdown ? " (%s)" : "  (%s)", r.unresolved.c_str());
    std::printf("\n");
  }
}

struct Group {
  std::vector<double> errors;
  int rows = 0;
};

// Median and 90th percentile of |error| per group of rows (engine, metric), from the
// held-out predictions; unanswered rows are counted, not averaged.
std::map<std::string, Group> group_errors(const std::vector<CalibrationRow>& rows, const std::vector<double>& pred,
                                          bool by_engine) {
  std::map<std::string, Group> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    // Rows of a stack the source does not name are estimated as the default engine with
    // its priors only; they are their own group, not that engine's.
    const std::string engine =
        rows[i].engine_named ? std::string(name(rows[i].scenario.engine)) : "unnamed stack";
    const std::string key = by_engine ? engine : rows[i].metric;
    Group& g = out[key];
    ++g.rows;
    if (std::isfinite(pred[i])) g.errors.push_back(std::fabs(pred[i] - rows[i].measured) / rows[i].measured * 100);
  }
  return out;
}

void print_groups(const char* title, const std::map<std::string, Group>& groups, bool markdown) {
  if (markdown) {
    std::printf("\n| %s | rows | answered | median error | 90th percentile |\n|---|---|---|---|---|\n", title);
  } else {
    std::printf("\n%-28s %5s %9s %8s %8s\n", title, "rows", "answered", "median", "p90");
  }
  for (const auto& [key, g] : groups) {
    const double med = percentile(g.errors, 0.5), p90 = percentile(g.errors, 0.9);
    if (markdown)
      std::printf("| %s | %d | %zu | %.1f %% | %.1f %% |\n", key.c_str(), g.rows, g.errors.size(), med, p90);
    else
      std::printf("%-28s %5d %9zu %7.1f%% %7.1f%%\n", key.c_str(), g.rows, g.errors.size(), med, p90);
  }
}

std::string groups_json(const std::map<std::string, Group>& groups) {
  std::string out = "{";
  bool first = true;
  for (const auto& [key, g] : groups) {
    out += (first ? "" : ", ") + json::quote(key) + ": {\"rows\": " + std::to_string(g.rows) +
           ", \"answered\": " + std::to_string(g.errors.size()) + ", \"median_ape\": " +
           json::number(percentile(g.errors, 0.5)) + ", \"p90_ape\": " + json::number(percentile(g.errors, 0.9)) + "}";
    first = false;
  }
  return out + "}";
}

}  // namespace

// `calibrate --memory-data`: every log line with what the engine's accounting predicts.
int memory_table(const std::string& path, bool markdown) {
  std::string text, error;
  if (!read_file(path, text, error)) return bad_input("memory-data", error);
  auto rows = parse_memory_log_csv(text);
  if (!rows) return bad_input("memory-data: " + rows.error().field, rows.error().message);
  if (rows->empty()) return bad_input("memory-data", "no rows");
  const MemoryLogStats st = evaluate_memory(*rows);
  if (markdown) {
    std::printf("| id | model | gpu | tp | weights | engine version | metric | measured | predicted | error |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|\n");
  } else {
    std::printf("%-5s %-16s %-15s %3s %-6s %-22s %-22s %12s %12s %8s\n", "id", "model", "gpu", "tp", "w",
                "engine version", "metric", "measured", "predicted", "error");
  }
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const MemoryLogRow& r = (*rows)[i];
    const double p = st.predicted[i];
    std::string why;
    if (!std::isfinite(p)) predict_memory(r, &why);
    char pred[48], err[48];
    if (std::isfinite(p)) {
      std::snprintf(pred, sizeof pred, "%.4g", p);
      std::snprintf(err, sizeof err, "%+.1f%%", (p - r.measured) / r.measured * 100);
    } else {
      std::snprintf(pred, sizeof pred, "n/a");
      std::snprintf(err, sizeof err, "n/a");
    }
    const std::string version = std::string(name(r.scenario.engine)) + " " + r.scenario.engine_version;
    std::printf(markdown ? "| %s | %s | %s | %lld | %s | %s | %s | %.6g | %s | %s |\n"
                         : "%-5s %-16s %-15s %3lld %-6s %-22s %-22s %12.6g %12s %8s\n",
                r.id.c_str(), r.model.c_str(), r.gpu.c_str(), static_cast<long long>(r.scenario.tp),
                std::string(name(r.scenario.weights)).c_str(), version.substr(0, 22).c_str(), r.metric.c_str(),
                r.measured, pred, err);
    if (!why.empty()) std::printf(markdown ? "| | | | | | | | | | %s |\n" : "      not predicted: %s\n", why.c_str());
  }
  std::printf("\n%zu rows; %d KV-pool and weight rows predicted, %d not predicted. Absolute error: median %.1f %%, "
              "90th percentile %.1f %%\n",
              rows->size(), st.counted, st.unpredicted, st.median_ape, st.p90_ape);
  std::printf("Weights (%d rows): median %.1f %%, 90th percentile %.1f %%. KV pool (%d rows): median %.1f %%, "
              "90th percentile %.1f %%\n",
              st.weights_counted, st.weights_median, st.weights_p90, st.pool_counted, st.pool_median, st.pool_p90);
  std::printf("Engine versions inside the documented range (%d rows): median %.1f %%, 90th percentile %.1f %%\n",
              st.documented_counted, st.documented_median, st.documented_p90);
  return 0;
}

Run add_calibrate(CLI::App& app) {
  auto o = std::make_shared<CalibrateOptions>();
  app.add_option("--data", o->data,
                 "Measurements CSV (the reference's calibration schema, as assets/calibration_more.csv; the notes are read for workload, flags and blank cells); repeat for several files");
  app.add_option("--memory-data", o->memory_data,
                 "Engine start-up log lines (the reference's memory_logs.csv format: GPU, engine version and "
                 "checkpoint read from its words; or tests/data/memory_logs.csv with our ids): each line's "
                 "prediction, measured value and error, then the median and 90th percentile over the KV-pool "
                 "and weight rows; a line it cannot read is listed with the reason");
  app.add_flag("--fit", o->fit, "Refit the efficiency parameters on these rows, from the fixed start in engine.h");
  app.add_flag("--cv", o->cv,
               "Leave-one-source-out cross-validation: refit without each source and predict its rows; "
               "prints held-out errors overall, per engine and per metric");
  app.add_option("--write", o->write,
                 "With --fit --cv: write the fitted parameters and the held-out error bands "
                 "(assets/efficiency.json format)");
  app.add_option("--write-evidence", o->write_evidence,
                 "Write the answered rows as the page and the report read them (assets/evidence.csv: "
                 "each row's scenario as its link); give --data assets/calibration.csv --data "
                 "assets/calibration_more.csv");
  app.add_option("--format", o->format, "text (default), json, markdown")
      ->check(CLI::IsMember({"text", "json", "markdown"}));
  return [o]() -> int {
    if (!o->memory_data.empty()) return memory_table(o->memory_data, o->format == "markdown");
    if (o->data.empty()) return bad_input("data", "give --data FILE (speed measurements) or --memory-data FILE");
    std::vector<CalibrationRow> rows;
    for (const std::string& path : o->data) {
      std::string text, error;
      if (!read_file(path, text, error)) return bad_input("data", error);
      auto parsed = parse_calibration_csv(text);
      if (!parsed) return bad_input(parsed.error().field, parsed.error().message);
      rows.insert(rows.end(), parsed->begin(), parsed->end());
    }
    if (rows.empty()) return bad_input("data", "no measurement rows");
    if (!o->write.empty() && !(o->fit && o->cv)) return bad_input("write", "needs --fit and --cv");
    Efficiency eff = default_efficiency();
    if (o->fit) eff = fit(rows, fit_start());
    const CalibrationStats st = evaluate(rows, eff);
    CrossValidation cv;
    double cv_seconds = 0;
    if (o->cv) {
      const auto t0 = std::chrono::steady_clock::now();
      cv = cross_validate(rows);
      cv_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (o->fit) {
        set_bands(eff, rows, cv.predicted);
        // The global band from the held-out ratios of all rows.
        Efficiency all = eff;
        set_bands(all, rows, cv.predicted, 1 << 30);
        eff.band_low = all.engine[0].band_low[static_cast<int>(MetricClass::Run)];
        eff.band_high = all.engine[0].band_high[static_cast<int>(MetricClass::Run)];
      }
    }
    std::vector<double> cv_err;
    int cv_unanswered = 0;
    for (std::size_t i = 0; o->cv && i < rows.size(); ++i) {
      if (std::isfinite(cv.predicted[i])) cv_err.push_back(std::fabs(cv.predicted[i] - rows[i].measured) / rows[i].measured * 100);
      else ++cv_unanswered;
    }
    if (o->format == "json") {
      std::string cvj = "null";
      if (o->cv)
        cvj = "{\"sources\": " + std::to_string(cv.sources) + ", \"unpredicted\": " + std::to_string(cv_unanswered) +
              ", \"median_ape\": " + json::number(percentile(cv_err, 0.5)) + ", \"p90_ape\": " +
              json::number(percentile(cv_err, 0.9)) + ", \"by_engine\": " + groups_json(group_errors(rows, cv.predicted, true)) +
              ", \"by_metric\": " + groups_json(group_errors(rows, cv.predicted, false)) + "}";
      std::printf("{\"rows\": %zu, \"unpredicted\": %d, \"median_ape\": %.2f, \"p90_ape\": %.2f, \"cv\": %s, "
                  "\"efficiency\": %s}\n",
                  rows.size(), st.unpredicted, st.median_ape, st.p90_ape, cvj.c_str(), efficiency_to_json(eff).c_str());
    } else {
      const bool md = o->format == "markdown";
      print_table(rows, st, o->cv ? &cv.predicted : nullptr, md);
      std::printf("\n%zu rows, %d without a prediction. In-sample absolute error: median %.1f %%, 90th percentile %.1f %%\n",
                  rows.size(), st.unpredicted, st.median_ape, st.p90_ape);
      if (o->cv) {
        std::printf("Cross-validated (leave one source out, %d sources): %d without a prediction; median %.1f %%, "
                    "90th percentile %.1f %%\n",
                    cv.sources, cv_unanswered, percentile(cv_err, 0.5), percentile(cv_err, 0.9));
        print_groups("held out, by engine", group_errors(rows, cv.predicted, true), md);
        print_groups("held out, by metric", group_errors(rows, cv.predicted, false), md);
        std::fprintf(stderr, "infercalc: cross-validation took %.1f s\n", cv_seconds);
      }
      if (o->fit) std::printf("\nFitted efficiencies:\n%s", efficiency_to_json(eff).c_str());
    }
    if (!o->write.empty())
      if (int rc = replace_file("write", o->write, efficiency_to_json(eff))) return rc;
    if (!o->write_evidence.empty())
      if (int rc = replace_file("write-evidence", o->write_evidence, write_evidence_table(rows))) return rc;
    return 0;
  };
}

}  // namespace infercalc::cli
