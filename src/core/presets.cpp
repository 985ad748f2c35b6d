#include "core/presets.h"

#include "core/assets.h"
#include "core/json.h"

namespace infercalc {

namespace {

std::string str(const json::Value& obj, std::string_view key) {
  const json::Value* v = obj.find(key);
  return v && v->is_string() ? v->string() : std::string();
}

double num(const json::Value* obj, std::string_view key) {
  const json::Value* v = obj ? obj->find(key) : nullptr;
  return v && v->is_number() ? v->number() : 0.0;
}

}  // namespace

Expected<std::vector<ModelPreset>> parse_model_presets(std::string_view json_text) {
  auto doc = json::parse(json_text);
  if (!doc) return Error{"models.json", doc.error().text()};
  const json::Value* models = doc->find("models");
  if (!models || !models->is_array()) return Error{"models.json", "missing the \"models\" array"};
  std::vector<ModelPreset> out;
  for (const json::Value& e : models->array()) {
    const json::Value* config = e.find("config");
    std::string id = str(e, "id");
    if (id.empty() || !config) return Error{"models.json", "every model needs an id and a config"};
    auto arch = import_config(*config);
    if (!arch) return Error{"models.json: " + id, arch.error().text()};
    ModelPreset p;
    p.arch = std::move(arch.value());
    p.arch.id = id;
    p.arch.name = str(e, "name");
    p.arch.source = str(e, "source");
    p.hf_repo = str(e, "hf_repo");
    p.official_total = str(e, "official_total");
    p.official_active = str(e, "official_active");
    const json::Value* ref = e.find("reference");
    p.reference_total_params = num(ref, "total_params");
    p.reference_active_params = num(ref, "active_params");
    p.reference_kv_bytes_per_token_bf16 = num(ref, "kv_bytes_per_token_bf16");
    p.card_total_params = num(ref, "card_total_params");
    p.card_active_params = num(ref, "card_active_params");
    p.notes = str(e, "notes");
    if (const json::Value* aliases = e.find("aliases"); aliases && aliases->is_array())
      for (const json::Value& a : aliases->array())
        if (a.is_string()) p.aliases.push_back(a.string());
    out.push_back(std::move(p));
  }
  return out;
}

const std::vector<ModelPreset>& model_presets() {
  // The asset is checked by the tests; a broken one leaves the list empty rather than aborting.
  static const std::vector<ModelPreset> presets = [] {
    auto parsed = parse_model_presets(asset("models.json"));
    return parsed ? std::move(parsed.value()) : std::vector<ModelPreset>{};
  }();
  return presets;
}

const ModelPreset* find_model_preset(std::string_view id) {
  for (const ModelPreset& p : model_presets()) {
    if (p.arch.id == id) return &p;
    for (const std::string& a : p.aliases)
      if (a == id) return &p;
  }
  return nullptr;
}

}  // namespace infercalc
