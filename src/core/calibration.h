// Calibration: published measurements (the format of assets/calibration.csv and
// assets/calibration_more.csv), what the model predicts for each, the error statistics,
// a fit of the efficiency parameters, and leave-one-source-out cross-validation.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/engine.h"
#include "core/scenario.h"
#include "core/status.h"

namespace infercalc {

struct CalibrationRow {
  std::string id, model, gpu, metric, source, engine_version;
  Scenario scenario;
  double measured = 0;
  // Empty when the row can be estimated; otherwise why not (a GPU, model or weight
  // format this build does not know). Such rows count as unanswered.
  std::string unresolved;
  // The source names its engine. A blank engine (a stack that is none of the named ones:
  // the Splitwise profiling stack, gpt-fast) is estimated with the default engine's
  // priors; its rows do not teach that engine's fitted factors.
  bool engine_named = true;
  // A tpot_ms row whose value is the median inter-token gap (the notes say "median ITL"):
  // compared with Result::itl_median_ms, not the mean time per token.
  bool median_itl = false;
};

// Optional columns: pp, engine_version, workload (burst | concurrency | rate) and rate
// (requests/s). Without a workload column the metric decides, as the reference defines
// them: output rates are steady state at the concurrency (concurrency), the rest are
// measured on `batch` requests that arrive together (burst).
Expected<std::vector<CalibrationRow>> parse_calibration_csv(std::string_view text);

// The model's value of the row's metric, or NaN when it cannot be computed.
double predict(const CalibrationRow& row, const Efficiency& eff);

// Which error band a metric uses: prefill-side times, decode-side times, run rates.
MetricClass metric_class(std::string_view metric);

struct CalibrationStats {
  std::vector<double> predicted;       // per row
  std::vector<double> abs_pct_error;   // per row, |pred - measured| / measured x 100
  double median_ape = 0, p90_ape = 0;
  int unpredicted = 0;                 // rows without a number
  double ratio_p10 = 1, ratio_p90 = 1; // percentiles of measured / predicted time
};

CalibrationStats evaluate(const std::vector<CalibrationRow>& rows, const Efficiency& eff);

// Coordinate search over the efficiency parameters from `start`, minimising the mean
// absolute log error over the rows. Deterministic. The bands are left as in `start`.
Efficiency fit(const std::vector<CalibrationRow>& rows, const Efficiency& start);

// The fixed, documented start of every fit (the defaults in engine.h): the shipped fit
// never leaks into a cross-validation fold.
Efficiency fit_start();

struct CrossValidation {
  std::vector<double> predicted;  // per row, from the fit that did not see the row's source
  int sources = 0;
};

// Leave-one-source-out: for each distinct `source`, fit on every other row from
// fit_start() and predict the held-out rows.
CrossValidation cross_validate(const std::vector<CalibrationRow>& rows);

// Error bands per engine and metric class from held-out predictions: the 10th and 90th
// percentiles of measured/predicted time (rates inverted), over the engine's rows of that
// class when it has at least `min_rows`, else over all rows of the class.
void set_bands(Efficiency& eff, const std::vector<CalibrationRow>& rows, const std::vector<double>& predicted,
               int min_rows = 8);

double percentile(std::vector<double> v, double q);

}  // namespace infercalc
