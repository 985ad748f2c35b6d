// The estimate benchmark as its own program, for the WebAssembly build (run under
// node by scripts/bench); natively the same loop is `infercalc bench --json`, and
// `--catalog [RUNS]` the catalogue search of `infercalc bench --catalog`.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "bench/bench.h"

int main(int argc, char** argv) {
  // `bench.js --catalog [RUNS]`: the catalogue search instead (infercalc bench --catalog).
  if (argc > 1 && std::strcmp(argv[1], "--catalog") == 0) {
    const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
    const infercalc::CatalogBenchResult r = infercalc::run_catalog_bench(runs > 0 ? runs : 5);
    std::printf("%s\n", infercalc::catalog_bench_json(r, "wasm").c_str());
    return 0;
  }
  const double seconds = argc > 1 ? std::atof(argv[1]) : 2.0;
  const infercalc::BenchResult r = infercalc::run_bench(seconds > 0 ? seconds : 2.0);
  std::printf("%s\n", infercalc::bench_json(r, "wasm").c_str());
  return 0;
}
