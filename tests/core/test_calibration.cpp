// Accuracy against the published measurements shipped in assets/calibration.csv
// (from shared/reference/calibration.csv: TensorRT-LLM tables, Splitwise, gpt-fast, MLC).
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "asset_files.h"
#include "core/calibration.h"

using namespace infercalc;

// The reference (shared/reference/README.md): "a model that lands within about 15-25 % of
// most rows is doing well". Rows whose source names no engine (the Splitwise profiling
// stack, gpt-fast) are estimated with the default engine's priors and teach no engine
// factor (calibration.h, engine_named): the 90th-percentile bound applies to the rows of
// named engines.
TEST_CASE("every calibration row gets a number; median error <= 20 %, 90th percentile <= 50 % on named engines") {
  auto rows = parse_calibration_csv(asset_file("calibration.csv"));
  REQUIRE(rows.ok());
  CHECK(rows->size() == 111);
  const CalibrationStats st = evaluate(*rows, default_efficiency());
  CHECK(st.unpredicted == 0);
  CHECK(st.median_ape <= 20.0);
  std::vector<CalibrationRow> named;
  for (const CalibrationRow& r : *rows)
    if (r.engine_named) named.push_back(r);
  CHECK(named.size() >= 60);
  CHECK(evaluate(named, default_efficiency()).p90_ape <= 50.0);
  for (double p : st.predicted) CHECK(std::isfinite(p));
}

// The bands come from held-out (cross-validated) residuals per engine and metric class;
// applied to every shipped row they must cover most measurements.
TEST_CASE("the error bands cover most measurements") {
  std::vector<CalibrationRow> rows;
  for (const char* file : {"calibration.csv", "calibration_more.csv"}) {
    auto parsed = parse_calibration_csv(asset_file(file));
    REQUIRE(parsed.ok());
    rows.insert(rows.end(), parsed->begin(), parsed->end());
  }
  const Efficiency& eff = default_efficiency();
  const CalibrationStats st = evaluate(rows, eff);
  int inside = 0, answered = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!std::isfinite(st.predicted[i])) continue;
    ++answered;
    const CalibrationRow& r = rows[i];
    const auto k = static_cast<std::size_t>(metric_class(r.metric));
    const EngineFit& f = eff.engine[static_cast<std::size_t>(r.scenario.engine)];
    // A band may sit on one side of 1 when every held-out row of the class errs one way.
    CHECK(f.band_low[k] <= 1.0);
    CHECK(f.band_high[k] >= 1.0);
    CHECK(f.band_high[k] > f.band_low[k]);
    const bool is_time = r.metric == "ttft_ms" || r.metric == "tpot_ms" || r.metric == "e2e_latency_ms";
    const double ratio = is_time ? r.measured / st.predicted[i] : st.predicted[i] / r.measured;
    inside += ratio >= f.band_low[k] * 0.999 && ratio <= f.band_high[k] * 1.001;
  }
  CHECK(inside >= static_cast<int>(0.75 * answered));
}

TEST_CASE("calibration_more.csv: every row parses; names outside the presets are unanswered, with the reason") {
  auto rows = parse_calibration_csv(asset_file("calibration_more.csv"));
  REQUIRE(rows.ok());
  CHECK(rows->size() == 283);
  for (const CalibrationRow& r : *rows)
    if (!r.unresolved.empty()) CHECK(r.unresolved.find("not one this build knows") != std::string::npos);
  // Every row names a model, GPU and format this build knows (the Tesla P40 rows as `p40`,
  // the GGUF Q3_K_S / Q4_K_S files): every row is answered.
  for (const CalibrationRow& r : *rows) CHECK_MESSAGE(r.unresolved.empty(), std::string(r.id + ": " + r.unresolved));
  // The reference's pipeline column reaches the scenario (llama.cpp's 8-GPU layer split, C003).
  bool layer_split = false;
  for (const CalibrationRow& r : *rows) layer_split = layer_split || (r.id == "C003" && r.scenario.pp == 8);
  CHECK(layer_split);
  // The checkpoint the notes name: dstack's H100 rows ran meta-llama/Llama-3.1-405B-FP8
  // (attention and the first and last layers BF16), its MI300X rows AMD's quark FP8-KV
  // checkpoint (every linear layer fp8), both written `llama-3.1-405b` by the reference.
  auto model_of = [&](const char* id) {
    for (const CalibrationRow& r : *rows)
      if (r.id == id) return r.scenario.model_id;
    return std::string();
  };
  CHECK(model_of("C096") == "llama-3.1-405b-fp8");
  CHECK(model_of("C112") == "llama-3.1-405b-fp8");
  CHECK(model_of("C113") == "llama-3.1-405b");
}

TEST_CASE("fit does not make the shipped parameters worse") {
  auto rows = parse_calibration_csv(asset_file("calibration.csv"));
  REQUIRE(rows.ok());
  // A small subset keeps the test quick; fitting must not raise its median error.
  std::vector<CalibrationRow> subset(rows->begin(), rows->begin() + 20);
  const Efficiency start = default_efficiency();
  const double before = evaluate(subset, start).median_ape;
  const double after = evaluate(subset, fit(subset, start)).median_ape;
  CHECK(after <= before * 1.05 + 0.5);
}

TEST_CASE("a measured value outside 1e-6..1e12 is refused (fuzz finding K1)") {
  const char* header = "id,model,gpu,n_gpus,tp,weights,kv,engine,input,output,batch,metric,value\n";
  for (const char* value : {"1e999", "1e-320", "0", "-5", "nan"}) {
    auto rows = parse_calibration_csv(std::string(header) + "X,llama-3.1-8b,h100-sxm,1,1,bf16,bf16,,128,128,1,tpot_ms," +
                                      value + "\n");
    CHECK_MESSAGE(!rows.ok(), value);
  }
}

// A blank engine column means a stack that is none of the named engines (the reference's
// Splitwise and gpt-fast rows): such rows are estimated with the default engine's priors
// and must not move that engine's fitted factors, which describe vLLM as measured.
TEST_CASE("rows of an unnamed stack teach no engine factor") {
  const std::string csv =
      "id,model,gpu,n_gpus,tp,weights,kv,engine,input,output,batch,metric,value,source\n"
      "U1,llama-2-7b,a100-sxm4-80gb,1,1,fp16,fp16,,1,128,1,tpot_ms,40,s\n"
      "U2,llama-2-7b,h100-sxm,1,1,fp16,fp16,,1,128,1,tpot_ms,30,s\n";
  auto rows = parse_calibration_csv(csv);
  REQUIRE(rows.ok());
  CHECK_FALSE((*rows)[0].engine_named);
  const Efficiency start = fit_start();
  const Efficiency fitted = fit(*rows, start);
  const EngineFit& v = fitted.engine[static_cast<std::size_t>(Engine::Vllm)];
  CHECK(v.bandwidth == start.engine[static_cast<std::size_t>(Engine::Vllm)].bandwidth);
  CHECK(v.overhead == start.engine[static_cast<std::size_t>(Engine::Vllm)].overhead);
  CHECK(fitted.bandwidth != start.bandwidth);  // the global fraction learns from them
}
