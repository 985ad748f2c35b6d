// libFuzzer target: parse_memory_log_csv on arbitrary bytes (engine start-up log tables, in
// the reference's schema or ours, with engine versions and GPU names in words). For every
// table it accepts: each readable row (no `unresolved` reason) is a valid scenario with a
// positive finite measurement; predict_memory on the first (at most) 5 rows gives a finite
// non-negative number, or NaN with the reason; evaluate_memory's statistics are finite.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "check.h"
#include "core/engine_version.h"
#include "core/memory_calibration.h"
#include "core/reference_names.h"
#include "core/scenario_check.h"

using namespace infercalc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // The free-text readers on the raw bytes: whatever they return is a version the engine takes.
  for (Engine e : kAllEngines) {
    const ReadVersion v = reference_engine_version(e, text.substr(0, 256));
    if (auto err = check_engine_version(e, v.version)) fuzzcheck::fail("an unreadable version was returned", err->text());
  }
  auto parsed = parse_memory_log_csv(text);
  if (!parsed) {
    if (parsed.error().message.empty()) fuzzcheck::fail("an error without a message");
    return 0;
  }
  std::vector<MemoryLogRow> rows(parsed->begin(), parsed->begin() + std::min<std::ptrdiff_t>(5, std::ssize(*parsed)));
  for (const MemoryLogRow& row : rows) {
    if (!row.unresolved.empty()) continue;
    if (auto e = validate(row.scenario)) fuzzcheck::fail("a readable memory-log row fails validate()", e->text());
    fuzzcheck::finite_nonneg(row.measured, "measured");
    std::string why;
    const double p = predict_memory(row, &why);
    if (std::isnan(p)) {
      if (why.empty()) fuzzcheck::fail("no prediction and no reason");
    } else {
      fuzzcheck::finite_nonneg(p, "predicted");
    }
  }
  const MemoryLogStats st = evaluate_memory(rows);
  if (st.predicted.size() != rows.size()) fuzzcheck::fail("evaluate_memory() lost rows");
  fuzzcheck::finite_nonneg(st.median_ape, "median_ape");
  fuzzcheck::finite_nonneg(st.p90_ape, "p90_ape");
  return 0;
}
