// The estimate throughput benchmark: a fixed mix of scenarios estimated in a loop.
// Shared by `infercalc bench` (native) and build/web-build/bench.js (WebAssembly,
// run under node) so both measure the same work.
#pragma once
#include <string>

namespace infercalc {

struct BenchResult {
  double estimates_per_s = 0;
  double seconds = 0;
  long long estimates = 0;
  int scenarios = 0;
  double checksum = 0;  // sum of a result field, so the work cannot be optimised away
};

// Runs the mix for at least `min_seconds`.
BenchResult run_bench(double min_seconds);
std::string bench_json(const BenchResult& r, const char* build);

}  // namespace infercalc
