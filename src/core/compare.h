// Two setups side by side: the baseline (A, the pinned one) and the setup being
// changed (B). The compare link is B's link with vs=<A's link> (link.h
// make_compare_link); `infercalc compare`, the page and the desktop app read it.
#pragma once
#include <string>
#include <vector>

#include "core/estimate.h"
#include "core/scenario.h"

namespace infercalc {

// A link key whose value differs ("gpu": "h100-sxm" -> "v100-sxm2-32gb"); "" = the default.
struct SettingDiff {
  std::string key, a, b;
};
std::vector<SettingDiff> setting_diff(const Scenario& a, const Scenario& b);

struct MetricDiff {
  const char* key;     // JSON key: "ttft_ms"
  const char* label;   // English label: "TTFT"
  double a = 0, b = 0;
  bool present = false;     // both fit (speed and cost), or always (memory)
  bool lower_is_better = true;
  double delta() const { return b - a; }
  double ratio() const { return a != 0 ? b / a : 0; }
};
std::vector<MetricDiff> metric_diff(const Scenario& a, const Result& ra, const Scenario& b, const Result& rb);

// The change B - A with its sign and unit, as the CLI and the page show it: "+3.2 ms",
// "-12.4 GiB", "+$0.125", "-6" (GPUs), "+1234 tok/s"; "0" when equal; "" when not present
// (either does not fit) or for "fits".
std::string format_delta(const MetricDiff& m);
// +1 when B is better than A for this metric, -1 when worse, 0 when equal or not comparable.
int delta_verdict(const MetricDiff& m);

// {"link", "scenarios": [report A, report B], "diff": {"settings", "metrics"}}.
std::string compare_json(const Scenario& a, const Scenario& b);
std::string compare_text(const Scenario& a, const Scenario& b);
std::string compare_markdown(const Scenario& a, const Scenario& b);

}  // namespace infercalc
