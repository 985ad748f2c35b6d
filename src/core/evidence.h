// "How right is this?": the published measurements nearest to a scenario (same engine,
// GPU class, model size, workload), each with what was measured, what the model predicts
// for that very setup, and the source, so an estimate shows the evidence behind it.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/calibration.h"
#include "core/scenario.h"
#include "core/status.h"

namespace infercalc {

struct Evidence {
  const CalibrationRow* row = nullptr;  // into the shipped calibration rows (static)
  double predicted = 0;                 // the model's value for the row's own scenario
  double distance = 0;                  // how far the row's setup is from the scenario
};

// Every answered calibration row the program ships (assets/evidence.csv, parsed once).
const std::vector<CalibrationRow>& shipped_calibration_rows();

// assets/evidence.csv: the answered rows of the calibration files as the loader reads them
// (parse_calibration_csv: names resolved, notes read), each row's scenario as its link. The
// page and the CLI read this instead of the published files, so neither carries the readers
// of the reference's words and notes; `infercalc calibrate --data assets/calibration.csv
// --data assets/calibration_more.csv --write-evidence assets/evidence.csv` writes it, and a
// core test fails when the shipped file differs from what the loader makes of those files.
// Columns: id, source, model, gpu (the published names), metric, value, named (the source
// names its engine: 1/0), median_itl (a tpot_ms value that is a median inter-token latency:
// 1/0; optional when read), link.
std::string write_evidence_table(const std::vector<CalibrationRow>& rows);
Expected<std::vector<CalibrationRow>> parse_evidence_table(std::string_view text);

// The `count` answered rows nearest to `s`. Distance: a different engine 3, a GPU of another
// architecture 1 (another vendor 2), |ln| of the active-parameter ratio, a different
// workload 0.5, |ln| of the GPU-count ratio x 0.3.
std::vector<Evidence> nearest_evidence(const Scenario& s, int count = 3);

// "measured 1,234 tok/s, we predict 1,100 (-11 %)": one line per row, for reports.
std::string evidence_line(const Evidence& e);

}  // namespace infercalc
