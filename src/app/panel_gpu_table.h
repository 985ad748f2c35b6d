// The GPU spec table: every GPU of the catalog with its datasheet figures and
// capability flags, sortable by any column, each row's sources on hover. Clicking a
// row selects that GPU for the scenario.
#pragma once
#include <vector>

namespace infercalc {

struct App;

struct GpuTablePanel {
  std::vector<int> order;  // catalog indices in display order (empty until first drawn)
};

void draw_gpu_table(App& app);

}  // namespace infercalc
