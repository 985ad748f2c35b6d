// The link format: round trips, defaults omitted, hostile and bad input refused.
#include <doctest/doctest.h>

#include "core/link.h"
#include "core/presets.h"

using namespace infercalc;

TEST_CASE("a preset link round-trips and omits defaults") {
  auto p = parse_link("#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=4&tp=4&batch=max&weights=fp8&kv=fp8");
  REQUIRE(p.ok());
  const Scenario& s = p->scenario;
  CHECK(s.model_id == "llama-3.1-70b");
  CHECK(s.gpus == 4);
  CHECK(s.tp == 4);
  CHECK(s.batch_max);
  CHECK(make_link(s) == "#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=4&tp=4&weights=fp8&kv=fp8&batch=max");
  auto again = parse_link(make_link(s));
  REQUIRE(again.ok());
  CHECK(again->scenario == s);
  CHECK(make_link(Scenario{}) == "#v=1&model=llama-3.1-8b&gpu=h100-sxm");
}

TEST_CASE("a custom model travels inline and round-trips exactly") {
  for (const ModelPreset& p : model_presets()) {
    Scenario s;
    s.model_id = "custom";
    s.custom_model = p.arch;
    s.custom_model.id = "custom";
    s.custom_model.source.clear();
    s.custom_model.name = "My " + p.arch.name;
    const std::string link = make_link(s);
    CHECK(link.size() < 600);
    auto back = parse_link(link);
    REQUIRE_MESSAGE(back.ok(), p.arch.id, (back.ok() ? "" : back.error().text()));
    ModelArch a = back->scenario.custom_model, b = s.custom_model;
    a.family = b.family;  // carried, but compare the numbers
    CHECK_MESSAGE(a == b, p.arch.id);
  }
}

TEST_CASE("unknown keys are ignored with a warning; own keys pass through") {
  auto p = parse_link("#v=1&gpu=h200-sxm&frobnicate=1&panel=memory", Scenario{}, {"panel"});
  REQUIRE(p.ok());
  CHECK(p->scenario.gpu_id == "h200-sxm");
  REQUIRE(p->warnings.size() == 1);
  CHECK(p->warnings[0].find("frobnicate") != std::string::npos);
  REQUIRE(p->extra.size() == 1);
  CHECK(p->extra[0].second == "memory");
}

TEST_CASE("bad links are refused with an error naming the key") {
  struct Case { const char* link; const char* field; };
  const Case cases[] = {
      {"#v=2&gpu=h100-sxm", "v"},
      {"#v=1&gpu=nope", "gpu"},
      {"#v=1&model=nope", "model"},
      {"#v=1&gpus=abc", "gpus"},
      {"#v=1&gpus=-3", "gpus"},
      {"#v=1&gpus=1000000", "gpus"},
      {"#v=1&gpus=", "gpus"},
      {"#v=1&gpus=4&gpus=8", "gpus"},
      {"#v=1&gpus=4&tp=3", "gpus"},
      {"#v=1&tp=2", "tp"},
      {"#v=1&input=1000000000000", "input"},
      {"#v=1&output=0", "output"},
      {"#v=1&batch=lots", "batch"},
      {"#v=1&weights=fp7", "weights"},
      {"#v=1&kv=fp4", "kv"},
      {"#v=1&engine=ollama", "engine"},
      {"#v=1&util=2", "gpu-util"},
      {"#v=1&usd=nan", "usd"},
      {"#v=1&ib=0", "ib"},
      {"#v=1&ep=2", "ep"},
      {"#v=1&model=custom", "model"},
      {"#v=1&model=custom&arch=hidden:-1", "arch.hidden"},
      {"#v=1&model=custom&arch=hidden:4096,layers:32,heads:32,kv_heads:5,head_dim:128,vocab:32000", "arch.kv_heads"},
  };
  for (const Case& c : cases) {
    auto p = parse_link(c.link);
    REQUIRE_MESSAGE(!p.ok(), c.link);
    CHECK_MESSAGE(p.error().field == c.field, c.link, " -> ", p.error().text());
  }
}

TEST_CASE("an over-long link is refused, not processed") {
  std::string link = "#v=1&model=llama-3.1-8b&x=" + std::string(kMaxLinkLength, 'a');
  auto p = parse_link(link);
  REQUIRE_FALSE(p.ok());
  CHECK(p.error().field == "link");
}

TEST_CASE("script-like text in a link stays text") {
  auto p = parse_link("#v=1&name=%3Cscript%3Ealert(1)%3C%2Fscript%3E&model=custom&arch=hidden:64,layers:2,heads:4,"
                      "kv_heads:4,head_dim:16,intermediate:256,vocab:1000,norms_per_layer:2");
  REQUIRE(p.ok());
  CHECK(p->scenario.custom_model.name == "<script>alert(1)</script>");
  const std::string link = make_link(p->scenario);
  CHECK(link.find('<') == std::string::npos);
}

#include "core/scenario_file.h"

TEST_CASE("scenario files round-trip and a corrupt file is refused with a reason") {
  ScenarioFile f;
  f.scenario.model_id = "qwen3-30b-a3b";
  f.scenario.gpus = 2;
  f.scenario.tp = 2;
  f.note = "two L40S, \"quoted\"";
  auto back = read_scenario_file(write_scenario_file(f));
  REQUIRE(back.ok());
  CHECK(back->scenario == f.scenario);
  CHECK(back->note == f.note);
  for (const char* bad : {"", "{", "[]", "{\"format\": \"other\"}", "{\"format\": \"infercalc-scenario\", \"version\": 2}",
                          "{\"format\": \"infercalc-scenario\", \"version\": 1}",
                          "{\"format\": \"infercalc-scenario\", \"version\": 1, \"link\": \"#v=1&gpus=0\"}"}) {
    auto r = read_scenario_file(bad);
    CHECK_MESSAGE(!r.ok(), bad);
    if (!r.ok()) CHECK(r.error().field.rfind("scenario file", 0) == 0);
  }
}

TEST_CASE("regressions found by fuzzing the link and config parsers") {
  // C1: a family name with ',' ':' '%' survives the inline encoding.
  Scenario s;
  s.model_id = "custom";
  s.custom_model = find_model_preset("llama-3.1-8b")->arch;
  s.custom_model.id = "custom";
  s.custom_model.family = "odd,fam:ily%41+x";
  auto back = parse_link(make_link(s));
  REQUIRE(back.ok());
  CHECK(back->scenario.custom_model.family == "odd,fam:ily%41+x");
  // C2: Qwen-MoE's shared-expert gate travels in the link.
  const ModelPreset* q = find_model_preset("qwen3-30b-a3b");
  REQUIRE(q);
  ModelArch gated = q->arch;
  gated.moe.shared_experts = 1;
  gated.moe.shared_intermediate = 512;
  gated.moe.shared_expert_gate = true;
  s.custom_model = gated;
  s.custom_model.id = "custom";
  back = parse_link(make_link(s));
  REQUIRE(back.ok());
  CHECK(back->scenario.custom_model.moe.shared_expert_gate);
  // L1: an over-long name is capped so the link stays parseable.
  s.custom_model.name = std::string(5000, 'n');
  CHECK(make_link(s).size() < kMaxLinkLength);
  // L2: an MLA model without its per-head widths is refused, naming the field.
  auto mla = parse_link("#v=1&model=custom&arch=hidden:64,layers:2,heads:4,kv_heads:4,head_dim:16,vocab:100,"
                        "kv_lora_rank:32,norms_per_layer:2&gpu=t4");
  REQUIRE_FALSE(mla.ok());
  CHECK(mla.error().field.rfind("arch.", 0) == 0);
}
