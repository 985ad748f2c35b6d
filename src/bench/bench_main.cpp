// The estimate benchmark as its own program, for the WebAssembly build (run under
// node by scripts/bench); natively the same loop is `infercalc bench --json`.
#include <cstdio>
#include <cstdlib>

#include "bench/bench.h"

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 2.0;
  const infercalc::BenchResult r = infercalc::run_bench(seconds > 0 ? seconds : 2.0);
  std::printf("%s\n", infercalc::bench_json(r, "wasm").c_str());
  return 0;
}
