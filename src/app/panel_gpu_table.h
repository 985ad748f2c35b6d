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
struct Gpu;

// Rows are grouped by vendor, then class (datacenter, workstation, consumer, Apple), and
// filtered by both; the Memory tab's "fewest GPUs" list follows the same filter.
inline constexpr const char* kGpuClasses[] = {"datacenter", "workstation", "consumer", "apple"};
inline constexpr const char* kGpuVendors[] = {"NVIDIA", "AMD", "Intel", "Apple"};

struct GpuTablePanel {
  std::vector<int> order;  // catalog indices in display order (empty until first drawn)
  uint64_t relative_generation = 0;  // of the "vs V100" ratios the order was sorted by
  int class_filter = 0;    // 0 = all, else kGpuClasses[class_filter - 1]
  int vendor_filter = 0;   // 0 = all, else kGpuVendors[vendor_filter - 1]
};

// Whether the GPU table's filter shows `g`.
bool gpu_filter_shows(const GpuTablePanel& p, const Gpu& g);
// The class and vendor filter combos (GPU table and Memory tab share them).
void gpu_filter_controls(GpuTablePanel& p);

void draw_gpu_table(App& app);

}  // namespace infercalc
