// GPU specifications, embedded from assets/gpus.csv (one row per GPU, each with
// its source), and the capabilities derived from compute capability.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace infercalc {

struct Gpu {
  std::string id;             // canonical id used by the CLI and links, e.g. "h100-sxm"
  std::string name;           // "H100 SXM5 80GB"
  std::string vendor;         // "NVIDIA", "AMD"
  std::string arch;           // "Hopper"
  std::string compute_capability;  // "9.0", or "gfx942" for AMD
  int cc = 0;                 // NVIDIA compute capability x10 (90 = 9.0); 0 for AMD
  std::string form_factor;    // "SXM5", "PCIe", ...
  int release_year = 0;
  double memory_gb = 0;       // datasheet figure
  std::string memory_type;
  double usable_memory_bytes = 0;  // what the driver reports as total (engines see this)
  std::string usable_memory_source;
  double mem_bw_gbs = 0;      // GB/s (10^9)
  // Dense tensor-core rates, TFLOPS / TOPS; 0 = not supported in hardware.
  double fp32_tflops = 0, tf32_tflops = 0, fp16_tflops = 0, bf16_tflops = 0;
  double fp8_tflops = 0, int8_tops = 0, fp4_tflops = 0;
  std::string gpu_link;       // "NVLink 4", "none", "Infinity Fabric"
  double gpu_link_gbs_bidir = 0;  // total bidirectional per GPU, GB/s; 0 = none
  int pcie_gen = 0;
  double pcie_gbs_bidir = 0;
  double tdp_w = 0;
  int sm_count = 0;
  double l2_mb = 0;
  std::string source;         // where the row's figures come from
  // On-demand price of one GPU-hour in dollars (column usd_per_hour, with its source and
  // date in usd_per_hour_source); < 0 when the table knows none (the planner then needs
  // a price from the user, and the catalogue search skips the GPU).
  double usd_per_hour = -1;
  std::string usd_per_hour_source;
  std::string notes;
  std::string gpu_class;      // "datacenter", "workstation", "consumer", "apple" (the table's groups)

  bool is_nvidia() const { return vendor == "NVIDIA"; }
  bool is_apple() const { return vendor == "Apple"; }  // unified memory, Metal: llama.cpp and MLC only
  // Capability flags. AMD CDNA3 has BF16, FP8 and FlashAttention 2 (ROCm port).
  bool has_bf16() const;
  bool has_flash_attention2() const;
  bool has_flash_attention3() const;  // Hopper only
  bool has_fp8() const;               // FP8 tensor cores
  bool has_fp4() const;               // FP4 tensor cores (Blackwell)
  bool has_int8() const;              // INT8 tensor cores
  bool has_nvlink() const { return gpu_link_gbs_bidir > 0; }
  // GPUs one NVLink domain connects: the node's baseboard for SXM/OAM parts, the
  // bridge for PCIe cards (pairs; H200 NVL bridges up to 4), the rack for NVL72.
  int nvlink_domain() const;
  // Default GPUs per node: 8 for SXM/OAM baseboards, else 1 per "node" group of 8 PCIe cards.
  int default_gpus_per_node() const;
};

struct GpuCatalog {
  std::vector<Gpu> gpus;
  const Gpu* find(const std::string& id) const;
  int index_of(const std::string& id) const;  // -1 when absent
};

// Parses the GPU CSV format of assets/gpus.csv.
Expected<GpuCatalog> parse_gpu_csv(std::string_view text);

// The embedded catalog, parsed once.
const GpuCatalog& gpu_catalog();

}  // namespace infercalc
