// The embedded GPU table (assets/gpus.csv, from shared/reference/gpus.csv).
#include <doctest/doctest.h>

#include "core/gpu.h"

using namespace infercalc;

TEST_CASE("the 26 reference GPUs and 31 of gpus_new.csv are embedded with their ids") {
  const GpuCatalog& cat = gpu_catalog();
  // gpus_new.csv has 35 rows; M3 Max, M3 Ultra, M4 Max and Max 1550 have no compute figure.
  CHECK(cat.gpus.size() == 57);
  for (const char* id : {"rtx-5090", "rtx-pro-6000", "b300", "gb300", "h20", "l20", "a800-sxm4-80gb", "h800-sxm",
                         "a40", "l40", "a30", "rtx-a6000", "rtx-6000-ada", "p40", "p100-pcie-16gb", "rtx-2080-ti",
                         "mi250x", "mi210", "mi350x", "mi355x", "rx-7900-xtx", "w7900", "m2-ultra", "gaudi-3"})
    CHECK_MESSAGE(cat.find(id) != nullptr, id);
  for (const Gpu& g : cat.gpus) {
    INFO(g.id);
    CHECK_FALSE(g.source.empty());
    CHECK((g.gpu_class == "datacenter" || g.gpu_class == "workstation" || g.gpu_class == "consumer" ||
           g.gpu_class == "apple"));
  }
  for (const char* id : {"v100-sxm2-16gb", "t4", "a100-sxm4-80gb", "rtx-4090", "l40s", "h100-sxm", "h200-sxm",
                         "b200", "gb200", "mi300x", "mi325x"})
    CHECK_MESSAGE(cat.find(id) != nullptr, id);
}

TEST_CASE("datasheet figures are kept exactly (dense, not sparse, rates)") {
  const Gpu* h100 = gpu_catalog().find("h100-sxm");
  REQUIRE(h100);
  CHECK(h100->mem_bw_gbs == 3350);
  CHECK(h100->bf16_tflops == 989.5);
  CHECK(h100->fp8_tflops == 1979);
  CHECK(h100->gpu_link_gbs_bidir == 900);
  CHECK(h100->cc == 90);
  const Gpu* v100 = gpu_catalog().find("v100-sxm2-16gb");
  REQUIRE(v100);
  CHECK(v100->fp16_tflops == 125);
  CHECK(v100->gpu_link_gbs_bidir == 300);  // the seed article's 25 GB/s is wrong
}

TEST_CASE("usable memory is the driver-visible total, not the datasheet figure") {
  CHECK(gpu_catalog().find("h100-sxm")->usable_memory_bytes == 81559.0 * 1024 * 1024);
  CHECK(gpu_catalog().find("h200-sxm")->usable_memory_bytes == 143771.0 * 1024 * 1024);
  CHECK(gpu_catalog().find("a100-sxm4-40gb")->usable_memory_bytes == doctest::Approx(39.5 * 1024 * 1024 * 1024));
  // vLLM's memory-profiling log on MI300X: "total_gpu_memory 191.98 GiB" (memory_logs.csv L032).
  CHECK(gpu_catalog().find("mi300x")->usable_memory_bytes / (1024.0 * 1024 * 1024) == doctest::Approx(191.98).epsilon(1e-4));
}

TEST_CASE("capability flags follow compute capability") {
  const GpuCatalog& cat = gpu_catalog();
  CHECK_FALSE(cat.find("v100-sxm2-16gb")->has_bf16());
  CHECK_FALSE(cat.find("t4")->has_flash_attention2());
  CHECK(cat.find("a100-sxm4-80gb")->has_bf16());
  CHECK(cat.find("a100-sxm4-80gb")->has_flash_attention2());
  CHECK_FALSE(cat.find("a100-sxm4-80gb")->has_fp8());
  CHECK(cat.find("l40s")->has_fp8());
  CHECK(cat.find("h100-sxm")->has_flash_attention3());
  CHECK_FALSE(cat.find("h100-sxm")->has_fp4());
  CHECK(cat.find("b200")->has_fp4());
  CHECK_FALSE(cat.find("b200")->has_flash_attention3());
}

// gpus_new.csv rows and the corrections its notes and shared/reference/README.md list.
TEST_CASE("gpus_new.csv: new rows and corrections to existing ones") {
  const GpuCatalog& cat = gpu_catalog();
  CHECK(cat.find("b200")->mem_bw_gbs == 7700);   // Oct-2025 HGX B200 datasheet: 7.7 TB/s
  CHECK(cat.find("b200")->fp32_tflops == 75);
  CHECK(cat.find("mi300x")->l2_mb == 32);        // 256 MB is the Infinity Cache, not L2
  CHECK(cat.find("rtx-3090-ti")->has_nvlink());  // NVLink connector, pairs
  CHECK(cat.find("rtx-5090")->mem_bw_gbs == 1792);  // RTX Blackwell whitepaper Table 3
  CHECK(cat.find("rtx-5090")->gpu_class == "consumer");
  CHECK(cat.find("rtx-pro-6000")->gpu_class == "workstation");
  CHECK(cat.find("rtx-pro-6000")->usable_memory_bytes == 97887.0 * 1024 * 1024);  // nvidia-smi
  const Gpu* m2 = cat.find("m2-ultra");
  REQUIRE(m2);
  CHECK(m2->gpu_class == "apple");
  CHECK(m2->is_apple());
  // macOS lets the GPU wire about 3/4 of the 192 GB (recommendedMaxWorkingSetSize).
  CHECK(m2->usable_memory_bytes == doctest::Approx(0.75 * 192 * 1024.0 * 1024 * 1024));
}
