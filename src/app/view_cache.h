// Views derived from the scenario (the estimate, fit bars, curves, heatmap, ratios)
// are recomputed only when the scenario changes: each lives in a Cached<T> keyed by
// the scenario it was computed for, filled on first use by the panel that shows it,
// so a hidden tab costs nothing.
#pragma once
#include <chrono>
#include <cstdint>
#include <utility>

#include "core/scenario.h"

namespace infercalc {

template <class T>
class Cached {
 public:
  // The value for `s`, computing it with `compute()` when `s` differs from the last key.
  template <class F>
  const T& get(const Scenario& s, F&& compute) {
    if (!valid_ || !(key_ == s)) {
      const auto t0 = std::chrono::steady_clock::now();
      value_ = std::forward<F>(compute)();
      compute_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      key_ = s;
      valid_ = true;
      ++generation_;
    }
    return value_;
  }
  void clear() { valid_ = false; }
  // Wall time of the last computation, for the panels' "computed in" notes.
  double compute_ms() const { return compute_ms_; }
  // Counts computations: tells whoever mirrors the value (a GPU texture) to refresh.
  uint64_t generation() const { return generation_; }

 private:
  Scenario key_;
  T value_{};
  bool valid_ = false;
  double compute_ms_ = 0;
  uint64_t generation_ = 0;
};

}  // namespace infercalc
