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

// The catalogue search (`plan --catalog`, the Cluster tab's "Choose the fleet for me")
// on kCatalogBenchLink, whole, `runs` times: the fastest and the median run.
struct CatalogBenchResult {
  double ms_min = 0, ms_median = 0;
  int runs = 0;
  long long fleets = 0, plans = 0;  // of one search
  std::string best;                 // the cheapest plan found, so the work is used
};
extern const char* const kCatalogBenchLink;
CatalogBenchResult run_catalog_bench(int runs);
std::string catalog_bench_json(const CatalogBenchResult& r, const char* build);

}  // namespace infercalc
