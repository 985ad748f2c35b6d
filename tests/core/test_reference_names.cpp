// Measurement files as people write them: the reference's own schema for engine start-up logs
// (/work/shared/reference/memory_logs.csv: a GPU written "h100", the engine version in words),
// read without the columns tests/data/memory_logs.csv adds by hand.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "asset_files.h"
#include "core/calibration.h"
#include "core/csv.h"
#include "core/memory_calibration.h"
#include "core/reference_names.h"

using namespace infercalc;

namespace {
std::string read_test_file(const char* name) {
  std::ifstream in(std::string(INFERCALC_TEST_DATA) + "/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The CSV text without some columns, as RFC 4180 rows again (fields quoted).
std::string without_columns(const std::string& text, const std::vector<std::string>& drop) {
  auto t = csv::parse(text);
  REQUIRE(t.ok());
  std::vector<int> keep;
  for (int i = 0; i < static_cast<int>(t->header.size()); ++i) {
    bool dropped = false;
    for (const std::string& d : drop) dropped = dropped || t->header[static_cast<std::size_t>(i)] == d;
    if (!dropped) keep.push_back(i);
  }
  auto line = [&](const std::vector<std::string>& fields) {
    std::string out;
    for (int i : keep) {
      std::string f = fields[static_cast<std::size_t>(i)], q;
      for (char ch : f) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      out += (out.empty() ? "\"" : ",\"") + q + "\"";
    }
    return out + "\n";
  };
  std::string out = line(t->header);
  for (const auto& row : t->rows) out += line(row);
  return out;
}
}  // namespace

TEST_CASE("engine versions written in words, as the reference writes them") {
  CHECK(reference_engine_version(Engine::Vllm, "vllm 0.6.4.dev9+g5d264f4a (ROCm source build, V0)").version ==
        "0.6.4.dev9+g5d264f4a-v0");
  CHECK(reference_engine_version(Engine::Vllm, "vllm main @73c8d677 (v0.4.1 era, V0)").version == "v0.4.1-v0");
  CHECK(reference_engine_version(Engine::Vllm, "vllm 0.19.0 (V1)").version == "0.19.0");
  CHECK(reference_engine_version(Engine::Sglang, "sglang 0.4.3.post4").version == "0.4.3.post4");
  CHECK(reference_engine_version(Engine::Trtllm, "TensorRT-LLM ~v0.5.0 (Oct 2023) via Triton").version == "v0.5.0");
  CHECK(reference_engine_version(Engine::Llamacpp, "llama.cpp build d5cb8684 (3891), ROCm 6.2").version == "b3891");
  CHECK(reference_engine_version(Engine::Llamacpp, "llama.cpp b4876").version == "b4876");
  // No number: the documented rules in force that month, within the generation named. V1 in
  // October 2025: #25359 (2025-09-23, the 0.11.0 entry); V0 in February 2025: #10511 (0.6.5).
  CHECK(reference_engine_version(Engine::Vllm, "vllm V1 (Oct 2025; version not stated)").version == "0.11.0");
  CHECK(reference_engine_version(Engine::Vllm, "vllm V0 (Feb 2025, model_runner.py:1115)").version == "0.6.5");
  CHECK(reference_engine_version(Engine::Vllm, "a build of some kind").version.empty());
}

TEST_CASE("GPU, engine and checkpoint names as the reference writes them") {
  CHECK(reference_gpu_id("h100") == "h100-sxm");  // "form factor not stated": the SXM part
  CHECK(reference_gpu_id("a100-80gb") == "a100-sxm4-80gb");
  CHECK(reference_gpu_id("mi300x") == "mi300x");
  CHECK(reference_engine("llama.cpp") == "llamacpp");
  CHECK(reference_engine("TensorRT-LLM") == "trtllm");
  CHECK(reference_engine("vLLM") == "vllm");
  CHECK(reference_engine("something else").empty());
  CHECK(reference_checkpoint("meta-llama/Meta-Llama-3.1-405B-Instruct-FP8 on 8xH100 TP8") == "llama-3.1-405b-fp8");
  CHECK(reference_checkpoint("meta-llama/Llama-3.1-405B-FP8 TP8; \"Loading model weights took\"") == "llama-3.1-405b-fp8");
  // AMD's quark checkpoint quantises every linear layer: the plain model in fp8.
  CHECK(reference_checkpoint("amd/Llama-3.1-405B-Instruct-FP8-KV (quark) TP8").empty());
}

// The 44 log lines in the reference's schema (without gpu_id, engine_version_used and mapping,
// which tests/data/memory_logs.csv adds by hand) give the same prediction for every row.
TEST_CASE("memory logs in the reference's own schema read as the curated copy does") {
  const std::string curated = read_test_file("memory_logs.csv");
  auto a = parse_memory_log_csv(curated);
  auto b = parse_memory_log_csv(without_columns(curated, {"gpu_id", "engine_version_used", "mapping"}));
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  REQUIRE(a->size() == b->size());
  for (std::size_t i = 0; i < a->size(); ++i) {
    INFO((*a)[i].id);
    CHECK((*b)[i].unresolved.empty());
    CHECK(predict_memory((*b)[i]) == doctest::Approx(predict_memory((*a)[i])).epsilon(1e-9));
  }
}

TEST_CASE("a memory-log row this build cannot read is listed with the reason, the others still count") {
  const std::string text =
      "id,model,gpu,n_gpus,tp,pp,weights,kv,engine,engine_version,metric,value\n"
      "A,llama-3.1-8b,h100,1,1,1,bf16,bf16,vllm,vllm 0.11.0,model_weights_gib,14.99\n"
      "B,llama-3.1-8b,h100,1,1,1,bf16,bf16,vllm,vllm 0.11.0,tokens_per_banana,3\n"
      "C,no-such-model,h100,1,1,1,bf16,bf16,vllm,vllm 0.11.0,kv_cache_gib,30\n"
      "D,llama-3.1-8b,rtx-4090,1,1,1,q4_k_m,fp16,llama.cpp,b4876,model_buffer_mib,4403.49\n";
  auto rows = parse_memory_log_csv(text);
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 4);
  CHECK((*rows)[0].unresolved.empty());
  CHECK((*rows)[1].unresolved.find("tokens_per_banana") != std::string::npos);
  CHECK((*rows)[2].unresolved.find("model") != std::string::npos);
  std::string why;
  CHECK(std::isnan(predict_memory((*rows)[2], &why)));
  CHECK(!why.empty());
  // llama.cpp's "CUDA0 model buffer size" in MiB: the Q4_K_M file (quantize prints 4.58G for
  // Llama-3-8B) less token_embd, 128,256 x 4,096 in Q4_K (144 B per 256), kept on the CPU.
  CHECK((*rows)[3].unresolved.empty());
  CHECK(predict_memory((*rows)[3]) == doctest::Approx(4.58 * 1024 - 128256.0 * 4096 * 144 / 256 / 1048576).epsilon(0.002));
  const MemoryLogStats st = evaluate_memory(*rows);
  CHECK(st.unpredicted == 2);
  CHECK(st.counted == 2);
  // A missing column is still an error naming it.
  CHECK(!parse_memory_log_csv("id,model\nA,b\n").ok());
}

// assets/calibration_more.csv is the reference's file as published; what each row's notes say
// about how it was run reaches the scenario through the reader (reference_names.cpp).
TEST_CASE("published measurement rows run the scenario their notes describe") {
  auto rows = parse_calibration_csv(asset_file("calibration_more.csv"));
  REQUIRE(rows.ok());
  auto find = [&](const char* id) -> const CalibrationRow& {
    for (const CalibrationRow& r : *rows)
      if (r.id == id) return r;
    FAIL("no row " << id);
    return rows->front();
  };
  // "vllm serve --max-model-len 2048 --gpu-memory-utilization 0.96; benchmark_serving 200
  // prompts at request rate 10 req/s (Poisson)"; batch blank; "June 2025 build".
  const Scenario& c222 = find("C222").scenario;
  CHECK(c222.workload == WorkloadMode::Rate);
  CHECK(c222.request_rate == 10);
  CHECK(c222.batch_max);
  CHECK(c222.max_model_len == 2048);
  CHECK(c222.gpu_util == doctest::Approx(0.96));
  CHECK(c222.engine_version == "0.9.1");  // #19312 (2025-06-09), the documented change in force
  // Output blank; the sonnet runs generate "up to 150" tokens.
  CHECK(find("C013").scenario.output_tokens == 150);
  // Meta's FP8 checkpoint named in the notes, and its --max-model-len.
  CHECK(find("C096").scenario.model_id == "llama-3.1-405b-fp8");
  CHECK(find("C096").scenario.max_model_len == 91680);
  // TensorRT-LLM's max_batch_size / max_num_tokens are its sequence cap and token budget.
  CHECK(find("C220").scenario.max_num_seqs == 512);
  CHECK(find("C220").scenario.max_num_batched_tokens == 16384);
  // A ROCm V0 image without a version number: the newest documented V0 rules.
  CHECK(find("C078").scenario.engine_version == "0.6.5");
  CHECK(find("C078").scenario.max_num_seqs == 3000);
  // Offline LLM.generate with a few prompts: a burst, not a closed loop.
  CHECK(find("C245").scenario.workload == WorkloadMode::Burst);
  for (const CalibrationRow& r : *rows) {
    INFO(r.id);
    CHECK(r.unresolved.empty());
  }
}
