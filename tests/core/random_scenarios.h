// Deterministic random scenarios for property tests and the native/WebAssembly
// comparison. Uses its own generator: std:: distributions differ between libstdc++
// and libc++, and both builds must draw the same scenarios.
#pragma once
#include <cstdint>

#include "core/gpu.h"
#include "core/presets.h"
#include "core/scenario.h"
#include "core/scenario_check.h"

namespace infercalc::testing {

class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed * 6364136223846793005ULL + 1442695040888963407ULL) {}
  uint64_t next() {
    s_ = s_ * 6364136223846793005ULL + 1442695040888963407ULL;
    uint64_t x = s_;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return x;
  }
  int64_t below(int64_t n) { return static_cast<int64_t>(next() % static_cast<uint64_t>(n)); }
  template <class T, std::size_t N>
  const T& pick(const T (&items)[N]) { return items[below(static_cast<int64_t>(N))]; }

 private:
  uint64_t s_;
};

// A random valid scenario: any preset or a perturbed preset as a custom model,
// any GPU, dtype, engine, parallelism that divides, lengths from 1 to 128k.
inline Scenario random_scenario(Rng& rng) {
  for (;;) {
    Scenario s;
    const auto& presets = model_presets();
    const ModelPreset& p = presets[static_cast<std::size_t>(rng.below(static_cast<int64_t>(presets.size())))];
    if (rng.below(4) == 0) {
      s.model_id = "custom";
      s.custom_model = p.arch;
      s.custom_model.id = "custom";
      s.custom_model.layers = 1 + rng.below(p.arch.layers);
      if (s.custom_model.sliding_layers > s.custom_model.layers) s.custom_model.sliding_layers = s.custom_model.layers;
      if (s.custom_model.moe.first_dense_layers > s.custom_model.layers)
        s.custom_model.moe.first_dense_layers = s.custom_model.layers;
    } else {
      s.model_id = p.arch.id;
    }
    const auto& gpus = gpu_catalog().gpus;
    s.gpu_id = gpus[static_cast<std::size_t>(rng.below(static_cast<int64_t>(gpus.size())))].id;
    static const int64_t pows[] = {1, 2, 4, 8, 16};
    s.tp = rng.pick(pows);
    s.pp = rng.pick(pows);
    s.gpus = s.tp * s.pp * (1 + rng.below(3));
    s.ep = 1;
    s.weights = rng.pick(kAllWeightFormats);
    s.kv = rng.pick(kAllKvDtypes);
    s.engine = rng.pick(kAllEngines);
    static const int64_t lengths[] = {1, 7, 128, 512, 1000, 2048, 4096, 8192, 32768, 131072};
    s.input_tokens = rng.pick(lengths);
    s.output_tokens = rng.pick(lengths);
    s.batch_max = rng.below(4) == 0;
    static const int64_t batches[] = {1, 2, 8, 32, 64, 256, 1024};
    s.batch = rng.pick(batches);
    if (rng.below(5) == 0) s.gpus_per_node = 1 + rng.below(8);
    s.workload = rng.pick(kAllWorkloadModes);
    static const double rates[] = {0.1, 1, 4, 30, 500};
    s.request_rate = rng.pick(rates);
    if (!validate(s)) return s;
  }
}

}  // namespace infercalc::testing
