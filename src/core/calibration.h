// Calibration: published measurements (the format of assets/calibration.csv),
// what the model predicts for each, the error statistics, and a fit of the
// efficiency parameters that minimises the median log error over all rows.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/engine.h"
#include "core/scenario.h"
#include "core/status.h"

namespace infercalc {

struct CalibrationRow {
  std::string id, model, gpu, metric, source;
  Scenario scenario;
  double measured = 0;
};

Expected<std::vector<CalibrationRow>> parse_calibration_csv(std::string_view text);

// The model's value of the row's metric, or NaN when it cannot be computed (does not fit).
double predict(const CalibrationRow& row, const Efficiency& eff);

struct CalibrationStats {
  std::vector<double> predicted;       // per row
  std::vector<double> abs_pct_error;   // per row, |pred - measured| / measured x 100
  double median_ape = 0, p90_ape = 0;
  int unpredicted = 0;                 // rows without a number
  double ratio_p10 = 1, ratio_p90 = 1; // percentiles of measured / predicted time
};

CalibrationStats evaluate(const std::vector<CalibrationRow>& rows, const Efficiency& eff);

// Coordinate search over the efficiency parameters from `start`, minimising the
// mean absolute log error (ties broken by the 90th percentile). Deterministic.
// The band of the result is set from the residuals.
Efficiency fit(const std::vector<CalibrationRow>& rows, const Efficiency& start);

}  // namespace infercalc
