// Prints the estimate of 1,000 fixed random scenarios, one JSON report per line
// with full precision. scripts/test runs the native and the WebAssembly build and
// requires identical output: the page and the CLI must give the same numbers.
#include <cstdio>

#include "core/estimate.h"
#include "core/report.h"
#include "random_scenarios.h"

int main() {
  infercalc::testing::Rng rng(1000);
  for (int i = 0; i < 1000; ++i) {
    const infercalc::Scenario s = infercalc::testing::random_scenario(rng);
    std::string j = infercalc::report_json(s, infercalc::estimate(s));
    for (char& c : j)
      if (c == '\n') c = ' ';
    std::printf("%s\n", j.c_str());
  }
  return 0;
}
