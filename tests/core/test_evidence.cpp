// "How right is this?" (src/core/evidence.h): the calibration rows the program ships in
// assets/evidence.csv, and the nearest of them to a scenario.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "asset_files.h"
#include "core/assets.h"
#include "core/calibration.h"
#include "core/evidence.h"

using namespace infercalc;

namespace {

std::vector<CalibrationRow> published_rows() {
  std::vector<CalibrationRow> rows;
  for (const char* file : {"calibration.csv", "calibration_more.csv"}) {
    auto parsed = parse_calibration_csv(asset_file(file));
    REQUIRE(parsed.ok());
    rows.insert(rows.end(), parsed->begin(), parsed->end());
  }
  return rows;
}

}  // namespace

// The program embeds the rows as the loader reads them, not the published files; the two
// must not drift apart when the files, the loader or the presets change.
TEST_CASE("assets/evidence.csv is what the loader makes of the published calibration files") {
  const bool current = write_evidence_table(published_rows()) == std::string(asset("evidence.csv"));
  CHECK_MESSAGE(current, "assets/evidence.csv is stale: build/native/infercalc calibrate --data assets/calibration.csv "
                         "--data assets/calibration_more.csv --write-evidence assets/evidence.csv");
}

TEST_CASE("every answered row survives the evidence table: scenario, value, metric, names, engine named") {
  const std::vector<CalibrationRow> rows = published_rows();
  auto back = parse_evidence_table(write_evidence_table(rows));
  REQUIRE(back.ok());
  std::size_t answered = 0, i = 0;
  for (const CalibrationRow& r : rows) {
    if (!r.unresolved.empty()) continue;
    ++answered;
    REQUIRE(i < back->size());
    const CalibrationRow& b = (*back)[i++];
    INFO("row " << r.id);
    CHECK(b.id == r.id);
    CHECK(b.source == r.source);
    CHECK(b.model == r.model);
    CHECK(b.gpu == r.gpu);
    CHECK(b.metric == r.metric);
    CHECK(b.measured == r.measured);
    CHECK(b.engine_named == r.engine_named);
    CHECK(b.median_itl == r.median_itl);
    CHECK(b.scenario == r.scenario);
  }
  CHECK(back->size() == answered);
  // All 394 published rows are answered (docs/accuracy.md).
  CHECK(answered == 394);
  CHECK(shipped_calibration_rows().size() == answered);
}

TEST_CASE("the evidence table names the field it cannot read") {
  const std::string header = "id,source,model,gpu,metric,value,named,link\n";
  auto no_link = parse_evidence_table("id,source,model,gpu,metric,value,named\nX,s,m,g,tpot_ms,1,1\n");
  REQUIRE(!no_link.ok());
  CHECK(no_link.error().message.find("link") != std::string::npos);
  auto bad_value = parse_evidence_table(header + "X,s,m,g,tpot_ms,-3,1,v=1&gpu=h100-sxm\n");
  REQUIRE(!bad_value.ok());
  CHECK(bad_value.error().field == "value");
  auto bad_gpu = parse_evidence_table(header + "X,s,m,g,tpot_ms,3,1,v=1&gpus=0\n");
  REQUIRE(!bad_gpu.ok());
  CHECK(bad_gpu.error().field == "gpus");
  // Quoted cells (sources with commas) read back as written.
  auto quoted = parse_evidence_table(header + "X,\"a, \"\"b\"\"\",m,g,tpot_ms,3,1,v=1\n");
  REQUIRE(quoted.ok());
  CHECK((*quoted)[0].source == "a, \"b\"");
}

// A scenario that is one of the measured setups finds that measurement first, with what the
// model predicts for it.
TEST_CASE("the nearest evidence to a measured setup is that measurement") {
  for (const CalibrationRow& r : shipped_calibration_rows()) {
    if (r.id != "C222" && r.id != "M030") continue;
    INFO("row " << r.id);
    const std::vector<Evidence> near = nearest_evidence(r.scenario);
    REQUIRE(near.size() == 3);
    CHECK(near[0].distance == 0);
    bool found = false;
    for (const Evidence& e : near) {
      CHECK(e.row->scenario.engine == r.scenario.engine);
      if (e.row->id != r.id) continue;
      found = true;
      CHECK(e.predicted == predict(*e.row, default_efficiency()));
      const std::string line = evidence_line(e);
      CHECK(line.find("measured") != std::string::npos);
      CHECK(line.find("we predict") != std::string::npos);
    }
    CHECK(found);
  }
}
