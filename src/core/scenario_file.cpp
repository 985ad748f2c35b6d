#include "core/scenario_file.h"

#include "core/json.h"
#include "core/link.h"

namespace infercalc {

std::string write_scenario_file(const ScenarioFile& f) {
  return "{\n  \"format\": \"infercalc-scenario\",\n  \"version\": 1,\n  \"link\": " + json::quote(make_link(f.scenario, f.plan)) +
         ",\n  \"note\": " + json::quote(f.note) + "\n}\n";
}

Expected<ScenarioFile> read_scenario_file(std::string_view text) {
  if (text.size() > (1u << 20)) return Error{"scenario file", "larger than 1 MiB; not a scenario file"};
  auto doc = json::parse(text);
  if (!doc) return Error{"scenario file", "not valid JSON: " + doc.error().message};
  const json::Value* format = doc->find("format");
  if (!format || !format->is_string() || format->string() != "infercalc-scenario")
    return Error{"scenario file", "not an infercalc scenario (\"format\" must be \"infercalc-scenario\")"};
  const json::Value* version = doc->find("version");
  if (!version || !version->is_number() || version->number() != 1)
    return Error{"scenario file", "unsupported version (this build reads version 1)"};
  const json::Value* link = doc->find("link");
  if (!link || !link->is_string()) return Error{"scenario file", "missing \"link\""};
  auto parsed = parse_link(link->string());
  if (!parsed) return Error{"scenario file: " + parsed.error().field, parsed.error().message};
  ScenarioFile f;
  f.scenario = parsed->scenario;
  f.plan = parsed->plan;
  if (const json::Value* note = doc->find("note"); note && note->is_string()) f.note = note->string().substr(0, 4096);
  return f;
}

}  // namespace infercalc
