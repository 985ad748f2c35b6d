// The embedded GPU table (assets/gpus.csv, from shared/reference/gpus.csv).
#include <doctest/doctest.h>

#include <cmath>

#include <fstream>
#include <string>
#include <vector>

#include "core/gpu.h"
#include "core/estimate.h"
#include "core/formats.h"
#include "core/scenario_check.h"

using namespace infercalc;

namespace {

// tests/data/gpus_new_ids.txt: the id column of shared/reference/gpus_new.csv, one a line.
std::vector<std::string> gpus_new_ids() {
  std::ifstream in(std::string(INFERCALC_TEST_DATA) + "/gpus_new_ids.txt");
  std::vector<std::string> ids;
  std::string line;
  while (std::getline(in, line))
    if (!line.empty() && line[0] != '#') ids.push_back(line);
  return ids;
}

}  // namespace

TEST_CASE("the 26 reference GPUs and all 35 of gpus_new.csv are embedded with their ids") {
  const GpuCatalog& cat = gpu_catalog();
  const std::vector<std::string> ids = gpus_new_ids();
  REQUIRE(ids.size() == 35);  // shared/reference/README.md: "35 more GPUs"
  for (const std::string& id : ids) CHECK_MESSAGE(cat.find(id) != nullptr, id);
  CHECK(cat.gpus.size() == 61);  // 26 + 35
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

// The engines size their budgets from the CUDA runtime's total (torch.cuda.mem_get_info), which
// is below nvidia-smi's by what the driver keeps.
TEST_CASE("usable memory is the CUDA runtime's total, not the datasheet or nvidia-smi figure") {
  const double mib = 1024.0 * 1024;
  // Measured on an H200 (docs/data/h200_evidence.json): mem_get_info 143,155.94 MiB, nvidia-smi 143,771.
  CHECK(std::fabs(gpu_catalog().find("h200-sxm")->usable_memory_bytes / mib - 143155.94) < 1);
  // TensorRT-LLM's memory doc on an 80 GB card: "total: 79.10 GiB" (nvidia-smi on H100 SXM: 81,559 MiB).
  CHECK(std::fabs(gpu_catalog().find("h100-sxm")->usable_memory_bytes / (1024 * mib) - 79.10) < 0.005);
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

// The rows gpus_new.csv left without compute rates, derived from each row's own facts.
TEST_CASE("Apple M3/M4 and Intel Max 1550: compute derived from cores x clock, memory the OS leaves") {
  const GpuCatalog& cat = gpu_catalog();
  // Apple: cores x 128 FP32 ALUs x 2 FLOP x 1.398 GHz (philipturner/metal-benchmarks; the
  // M2 clock assumed, no Apple figure), FP16 at the FP32 rate. Cores and bandwidth from
  // Apple's tech specs as gpus_new.csv gives them.
  struct AppleRow { const char* id; int cores; double ram_gb; double bw; };
  for (const AppleRow& a : {AppleRow{"m3-max", 40, 128, 400}, AppleRow{"m3-ultra", 80, 512, 819},
                            AppleRow{"m4-max", 40, 128, 546}}) {
    INFO(a.id);
    const Gpu* g = cat.find(a.id);
    REQUIRE(g);
    CHECK(g->is_apple());
    CHECK(g->gpu_class == "apple");
    CHECK(g->sm_count == a.cores);
    CHECK(g->mem_bw_gbs == a.bw);
    CHECK(g->fp32_tflops == doctest::Approx(a.cores * 128 * 2 * 1.398e-3).epsilon(0.005));
    CHECK(g->fp16_tflops == g->fp32_tflops);
    CHECK(g->fp8_tflops == 0);
    // As the M2 Ultra row: macOS's default GPU wired limit, 3/4 of the unified memory.
    CHECK(g->usable_memory_bytes == doctest::Approx(0.75 * a.ram_gb * 1024.0 * 1024 * 1024));
    CHECK(g->notes.find("APPROXIMATE") != std::string::npos);  // the tooltip's caveat
  }
  // Intel Max 1550: 128 Xe-cores at 1600 MHz (Intel product brief, in the row). Per Xe-core
  // per clock, 8 XMX engines give 4096 dense FP16/BF16 FLOP and 8 vector engines x 16 FP32
  // lanes x 2 give 256 FP32 FLOP: 839 and 52.4 TFLOPS. No FP8 hardware.
  const Gpu* x = cat.find("max-1550");
  REQUIRE(x);
  CHECK(x->sm_count == 128);
  CHECK(x->mem_bw_gbs == 3276.8);
  CHECK(x->bf16_tflops == doctest::Approx(128 * 1.6e9 * 4096 / 1e12).epsilon(0.001));
  CHECK(x->fp16_tflops == x->bf16_tflops);
  CHECK(x->fp32_tflops == doctest::Approx(128 * 1.6e9 * 256 / 1e12).epsilon(0.002));
  CHECK_FALSE(x->has_fp8());
  CHECK(x->gpu_class == "datacenter");
}

TEST_CASE("engines a GPU cannot run are refused with a reason naming the engine") {
  const GpuCatalog& cat = gpu_catalog();
  for (const char* id : {"m2-ultra", "m3-max", "m3-ultra", "m4-max"}) {
    INFO(id);
    const Gpu& g = *cat.find(id);
    // Metal: llama.cpp and MLC have backends; vLLM, SGLang, TensorRT-LLM, lmdeploy need CUDA/ROCm.
    for (Engine e : {Engine::Vllm, Engine::Sglang, Engine::Trtllm, Engine::Hf, Engine::Tgi, Engine::Lmdeploy}) {
      const char* why = engine_unsupported(e, g);
      REQUIRE(why != nullptr);
      CHECK(std::string(why).find("Apple") != std::string::npos);
    }
    CHECK(engine_unsupported(Engine::Llamacpp, g) == nullptr);
    CHECK(engine_unsupported(Engine::Mlc, g) == nullptr);
  }
  const Gpu& x = *cat.find("max-1550");
  for (Engine e : {Engine::Trtllm, Engine::Lmdeploy, Engine::Mlc}) CHECK(engine_unsupported(e, x) != nullptr);
  for (Engine e : {Engine::Vllm, Engine::Sglang, Engine::Llamacpp, Engine::Hf, Engine::Tgi})
    CHECK(engine_unsupported(e, x) == nullptr);
  // NVIDIA parts run every engine.
  for (Engine e : kAllEngines) CHECK(engine_unsupported(e, *cat.find("h100-sxm")) == nullptr);
}

// A whole scenario on the new rows: refused by validate() naming the engine, or estimated.
// Llama 3.1 8B in Q4_K_M is about 4.9 GB: it fits the 96 GiB an M3 Max's GPU may wire.
TEST_CASE("a vLLM or SGLang scenario on an Apple part is refused naming the engine; llama.cpp runs") {
  for (const char* id : {"m3-max", "m3-ultra", "m4-max"}) {
    INFO(id);
    Scenario s;
    s.model_id = "llama-3.1-8b";
    s.gpu_id = id;
    for (Engine e : {Engine::Vllm, Engine::Sglang}) {
      s.engine = e;
      auto err = validate(s);
      REQUIRE(err.has_value());
      CHECK(err->field == "engine");
      CHECK(err->message.find(std::string(name(e))) == 0);  // "vllm runs on CUDA or ROCm GPUs only; ..."
      CHECK(err->message.find("Apple") != std::string::npos);
      CHECK_FALSE(estimate(s).valid);
    }
    s.engine = Engine::Llamacpp;
    s.weights = WeightFormat::Q4_K_M;
    CHECK_FALSE(validate(s).has_value());
    const Result r = estimate(s);
    REQUIRE(r.valid);
    CHECK(r.fits);
    CHECK(r.tpot_ms > 0);
  }
  Scenario x;
  x.gpu_id = "max-1550";
  x.engine = Engine::Trtllm;
  auto err = validate(x);
  REQUIRE(err.has_value());
  CHECK(err->message.find("trtllm") == 0);
  x.engine = Engine::Vllm;
  CHECK_FALSE(validate(x).has_value());
  CHECK(estimate(x).valid);
}
