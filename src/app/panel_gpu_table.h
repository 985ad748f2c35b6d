// The GPU spec table: every GPU of the catalog with its datasheet figures and
// capability flags, sortable by any column, each row's sources on hover. Clicking a
// row selects that GPU for the scenario. Two computed columns give each GPU's prefill
// and decode speed relative to a V100 for the current scenario (relative_speed,
// recomputed only when the scenario changes).
#pragma once
#include <cstdint>
#include <vector>

namespace infercalc {

struct App;

struct GpuTablePanel {
  std::vector<int> order;  // catalog indices in display order (empty until first drawn)
  uint64_t relative_generation = 0;  // of the "vs V100" ratios the order was sorted by
};

void draw_gpu_table(App& app);

}  // namespace infercalc
