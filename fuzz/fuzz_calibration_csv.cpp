// libFuzzer target: parse_calibration_csv on arbitrary bytes. For every table it
// accepts: each row's scenario passes validate() unless the row says why it cannot be
// answered (`unresolved`), its measurement is a positive
// finite number; evaluate() on the first (at most) 5 rows gives finite statistics and,
// per row, a finite non-negative prediction or NaN ("does not fit").
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "check.h"
#include "core/calibration.h"
#include "core/engine.h"
#include "core/scenario_check.h"

using namespace infercalc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = parse_calibration_csv(text);
  if (!parsed) {
    if (parsed.error().message.empty()) fuzzcheck::fail("an error without a message");
    return 0;
  }
  std::vector<CalibrationRow> rows(parsed->begin(), parsed->begin() + std::min<std::ptrdiff_t>(5, std::ssize(*parsed)));
  for (const CalibrationRow& row : rows) {
    // A row naming something this build does not know is kept, unanswered, with the
    // reason; every other row must be a valid scenario.
    if (row.unresolved.empty())
      if (auto e = validate(row.scenario)) fuzzcheck::fail("a calibration row fails validate()", e->text());
    fuzzcheck::finite_nonneg(row.measured, "measured");
  }
  const CalibrationStats st = evaluate(rows, default_efficiency());
  if (st.predicted.size() != rows.size() || st.abs_pct_error.size() != rows.size())
    fuzzcheck::fail("evaluate() lost rows");
  int unpredicted = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double p = st.predicted[i];
    if (!rows[i].unresolved.empty() && !std::isnan(p)) fuzzcheck::fail("an unresolved row got a prediction");
    if (std::isnan(p)) { ++unpredicted; continue; }
    fuzzcheck::finite_nonneg(p, "predicted");
    fuzzcheck::finite_nonneg(st.abs_pct_error[i], "abs_pct_error");
  }
  if (unpredicted != st.unpredicted) fuzzcheck::fail("evaluate() miscounts unpredicted rows");
  fuzzcheck::finite_nonneg(st.median_ape, "median_ape");
  fuzzcheck::finite_nonneg(st.p90_ape, "p90_ape");
  fuzzcheck::finite_nonneg(st.ratio_p10, "ratio_p10");
  fuzzcheck::finite_nonneg(st.ratio_p90, "ratio_p90");
  return 0;
}
