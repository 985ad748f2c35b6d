// Accuracy against the published measurements shipped in assets/calibration.csv
// (from shared/reference/calibration.csv: TensorRT-LLM tables, Splitwise, gpt-fast, MLC).
#include <doctest/doctest.h>

#include <cmath>

#include "core/assets.h"
#include "core/calibration.h"

using namespace infercalc;

TEST_CASE("every calibration row gets a number; median error <= 20 %, 90th percentile <= 50 %") {
  auto rows = parse_calibration_csv(asset("calibration.csv"));
  REQUIRE(rows.ok());
  CHECK(rows->size() == 111);
  const CalibrationStats st = evaluate(*rows, default_efficiency());
  CHECK(st.unpredicted == 0);
  CHECK(st.median_ape <= 20.0);
  CHECK(st.p90_ape <= 50.0);
  for (double p : st.predicted) CHECK(std::isfinite(p));
}

TEST_CASE("the error band covers most measurements") {
  auto rows = parse_calibration_csv(asset("calibration.csv"));
  REQUIRE(rows.ok());
  const Efficiency& eff = default_efficiency();
  CHECK(eff.band_low < 1.0);
  CHECK(eff.band_high > 1.0);
  int inside = 0;
  const CalibrationStats st = evaluate(*rows, eff);
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const CalibrationRow& r = (*rows)[i];
    const bool is_time = r.metric == "ttft_ms" || r.metric == "tpot_ms";
    const double ratio = is_time ? r.measured / st.predicted[i] : st.predicted[i] / r.measured;
    inside += ratio >= eff.band_low * 0.999 && ratio <= eff.band_high * 1.001;
  }
  CHECK(inside >= static_cast<int>(0.75 * static_cast<double>(rows->size())));
}

TEST_CASE("calibration CSV errors name the column and the row") {
  auto bad = parse_calibration_csv("id,model,gpu,n_gpus,tp,weights,kv,engine,input,output,batch,metric,value\n"
                                   "X1,llama-3.1-8b,h100-sxm,1,1,fp9,fp16,,128,128,1,tpot_ms,10\n");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().field == "weights");
  CHECK(bad.error().message.find("X1") != std::string::npos);
  auto missing = parse_calibration_csv("id,model\nX,y\n");
  REQUIRE_FALSE(missing.ok());
}

TEST_CASE("fit does not make the shipped parameters worse") {
  auto rows = parse_calibration_csv(asset("calibration.csv"));
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
