#include "app/i18n.h"

#include <cctype>
#include <string>
#include <unordered_map>

#include "app/ui_assets.h"
#include "core/json.h"

namespace infercalc::ui {
namespace {

Language g_language = Language::English;

struct Catalog {
  std::unordered_map<std::string, std::string> by_text;  // English -> Korean
  std::unordered_map<const char*, const char*> by_address;  // cache over by_text
};

Catalog& korean_catalog() {
  static Catalog c = [] {
    Catalog cat;
    auto doc = json::parse(asset("ko.json"));
    if (doc && doc->is_object())
      for (const auto& [key, value] : doc->object())
        if (value.is_string() && !value.string().empty()) cat.by_text.emplace(key, value.string());
    return cat;
  }();
  return c;
}

}  // namespace

const char* code(Language l) { return l == Language::Korean ? "ko" : "en"; }

const char* native_name(Language l) { return l == Language::Korean ? "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4" : "English"; }

std::optional<Language> parse_language(std::string_view tag) {
  std::string primary;
  for (char c : tag) {
    if (c == '-' || c == '_') break;
    primary += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (primary == "ko") return Language::Korean;
  if (primary == "en") return Language::English;
  return std::nullopt;
}

void set_language(Language l) { g_language = l; }
Language language() { return g_language; }

const char* tr(const char* english) {
  if (g_language == Language::English) return english;
  Catalog& cat = korean_catalog();
  auto hit = cat.by_address.find(english);
  if (hit != cat.by_address.end()) return hit->second;
  auto found = cat.by_text.find(english);
  const char* text = found != cat.by_text.end() ? found->second.c_str() : english;
  cat.by_address.emplace(english, text);
  return text;
}

const char* korean(const char* english) {
  const Catalog& cat = korean_catalog();
  auto found = cat.by_text.find(english);
  return found != cat.by_text.end() ? found->second.c_str() : english;
}

}  // namespace infercalc::ui
