#include "core/gpu.h"

#include <cstdlib>

#include "core/assets.h"
#include "core/csv.h"
#include "core/parse_number.h"

namespace infercalc {

bool Gpu::has_bf16() const { return is_nvidia() ? cc >= 80 : true; }
bool Gpu::has_flash_attention2() const { return is_nvidia() ? cc >= 80 : true; }
bool Gpu::has_flash_attention3() const { return is_nvidia() && cc >= 90 && cc < 100; }
bool Gpu::has_fp8() const { return fp8_tflops > 0; }
bool Gpu::has_fp4() const { return fp4_tflops > 0; }
bool Gpu::has_int8() const { return int8_tops > 0; }

int Gpu::default_gpus_per_node() const {
  // SXM/OAM baseboards hold 8; NVL72 racks share one NVLink domain of 72.
  if (form_factor.rfind("NVL72", 0) == 0) return 72;
  return 8;
}

int Gpu::nvlink_domain() const {
  if (!has_nvlink()) return 1;
  if (form_factor == "PCIe") return id == "h200-nvl" ? 4 : 2;
  return default_gpus_per_node();
}

const Gpu* GpuCatalog::find(const std::string& id) const {
  for (const Gpu& g : gpus)
    if (g.id == id) return &g;
  return nullptr;
}

int GpuCatalog::index_of(const std::string& id) const {
  for (std::size_t i = 0; i < gpus.size(); ++i)
    if (gpus[i].id == id) return static_cast<int>(i);
  return -1;
}

namespace {

// Empty cells mean "not supported" or "not published": 0.
bool to_number(const std::string& s, double& out) {
  if (s.empty()) { out = 0; return true; }
  char* end = nullptr;
  out = parse_double(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

}  // namespace

Expected<GpuCatalog> parse_gpu_csv(std::string_view text) {
  auto table = csv::parse(text);
  if (!table) return table.error();
  const csv::Table& t = *table;
  static const char* required[] = {"id", "name", "vendor", "arch", "compute_capability", "memory_gb_datasheet",
                                   "mem_bw_gbs", "fp16_dense_tflops", "tdp_w", "source"};
  for (const char* col : required)
    if (t.column(col) < 0) return Error{"gpus.csv", std::string("missing column ") + col};
  GpuCatalog cat;
  for (const auto& row : t.rows) {
    auto get = [&](const char* col) { return t.field(row, col); };
    Gpu g;
    g.id = get("id");
    bool ok = true;
    auto num = [&](const char* col) {
      double v = 0;
      if (!to_number(get(col), v)) ok = false;
      return v;
    };
    g.name = get("name");
    g.vendor = get("vendor");
    g.arch = get("arch");
    g.compute_capability = get("compute_capability");
    if (g.is_nvidia()) g.cc = static_cast<int>(parse_double(g.compute_capability.c_str(), nullptr) * 10 + 0.5);
    g.form_factor = get("form_factor");
    g.release_year = static_cast<int>(num("release_year"));
    g.memory_gb = num("memory_gb_datasheet");
    g.memory_type = get("memory_type");
    double usable_mib = num("usable_memory_mib");
    g.usable_memory_bytes = usable_mib > 0 ? usable_mib * 1024.0 * 1024.0 : g.memory_gb * 1e9;
    g.usable_memory_source = get("usable_memory_source");
    g.mem_bw_gbs = num("mem_bw_gbs");
    g.fp32_tflops = num("fp32_tflops");
    g.tf32_tflops = num("tf32_dense_tflops");
    g.fp16_tflops = num("fp16_dense_tflops");
    g.bf16_tflops = num("bf16_dense_tflops");
    g.fp8_tflops = num("fp8_dense_tflops");
    g.int8_tops = num("int8_dense_tops");
    g.fp4_tflops = num("fp4_dense_tflops");
    g.gpu_link = get("gpu_link");
    g.gpu_link_gbs_bidir = num("gpu_link_gbs_bidir");
    g.pcie_gen = static_cast<int>(num("pcie_gen"));
    g.pcie_gbs_bidir = num("pcie_gbs_bidir");
    g.tdp_w = num("tdp_w");
    g.sm_count = static_cast<int>(num("sm_count"));
    g.l2_mb = num("l2_mb");
    g.source = get("source");
    const std::string price = get("usd_per_hour");
    if (!price.empty()) g.usd_per_hour = num("usd_per_hour");
    g.usd_per_hour_source = get("usd_per_hour_source");
    g.notes = get("notes");
    g.gpu_class = get("class");
    if (g.gpu_class.empty()) g.gpu_class = "datacenter";
    if (!ok) return Error{"gpus.csv", "a numeric column of " + g.id + " is not a number"};
    // A 16-bit rate, or FP32 for cards without fast FP16 (Pascal P40: engines run it in
    // FP32), or BF16 alone (Gaudi 3 publishes only BF16/FP8).
    if (g.id.empty() || g.mem_bw_gbs <= 0 || (g.fp16_tflops <= 0 && g.bf16_tflops <= 0 && g.fp32_tflops <= 0) ||
        g.memory_gb <= 0)
      return Error{"gpus.csv", "row " + g.id + " lacks id, memory, bandwidth or a compute rate"};
    cat.gpus.push_back(std::move(g));
  }
  return cat;
}

const GpuCatalog& gpu_catalog() {
  static const GpuCatalog catalog = [] {
    auto parsed = parse_gpu_csv(asset("gpus.csv"));
    // The embedded table is checked by the tests; an empty catalog here would be a build defect.
    return parsed ? parsed.value() : GpuCatalog{};
  }();
  return catalog;
}

}  // namespace infercalc
