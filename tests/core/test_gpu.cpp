// The embedded GPU table (assets/gpus.csv, from shared/reference/gpus.csv).
#include <doctest/doctest.h>

#include "core/gpu.h"

using namespace infercalc;

TEST_CASE("all 26 reference GPUs are embedded with their ids") {
  const GpuCatalog& cat = gpu_catalog();
  CHECK(cat.gpus.size() == 26);
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
