// libFuzzer target: parse_calibration_csv and parse_evidence_table (the same rows as
// assets/evidence.csv holds them) on arbitrary bytes. For every table accepted: each row's
// scenario passes validate() unless the row says why it cannot be answered (`unresolved`),
// its measurement is a positive finite number; the answered rows survive the evidence
// table's round trip; evaluate() on the first (at most) 5 rows gives finite statistics and,
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
#include "core/evidence.h"
#include "core/scenario_check.h"

using namespace infercalc;

namespace {

void check_evidence_table(std::string_view text) {
  auto parsed = parse_evidence_table(text);
  if (!parsed) {
    if (parsed.error().message.empty()) fuzzcheck::fail("an evidence-table error without a message");
    return;
  }
  for (const CalibrationRow& row : *parsed) {
    if (auto e = validate(row.scenario)) fuzzcheck::fail("an evidence row fails validate()", e->text());
    fuzzcheck::finite_nonneg(row.measured, "measured");
  }
}

// What the loader accepts and answers comes back from the evidence table unchanged.
void check_round_trip(const std::vector<CalibrationRow>& rows) {
  auto back = parse_evidence_table(write_evidence_table(rows));
  if (!back) fuzzcheck::fail("the evidence table of accepted rows does not parse", back.error().text());
  std::size_t i = 0;
  for (const CalibrationRow& row : rows) {
    if (!row.unresolved.empty()) continue;
    if (i >= back->size()) fuzzcheck::fail("the evidence table lost a row");
    const CalibrationRow& b = (*back)[i++];
    if (!(b.scenario == row.scenario) || b.measured != row.measured || b.metric != row.metric || b.id != row.id ||
        b.median_itl != row.median_itl)
      fuzzcheck::fail("an evidence row reads back changed");
  }
  if (i != back->size()) fuzzcheck::fail("the evidence table gained rows");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_evidence_table(text);
  auto parsed = parse_calibration_csv(text);
  if (!parsed) {
    if (parsed.error().message.empty()) fuzzcheck::fail("an error without a message");
    return 0;
  }
  check_round_trip(*parsed);
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
