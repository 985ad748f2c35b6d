#include "app/i18n.h"

#include <cctype>
#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_map>

#include "app/ui_assets.h"

namespace infercalc::ui {
namespace {

Language g_language = Language::English;

// FNV-1a, 32 bits, over the UTF-8 bytes: the key of ko.tr, which tools/i18n_glyphs.py
// writes from assets/i18n/ko.json with the same hash (keys by hash instead of the English
// text: smaller page, docs/perf.md). The generator rejects two keys with one hash.
std::uint32_t text_hash(const char* text) {
  std::uint32_t h = 0x811C9DC5u;
  for (const auto* p = reinterpret_cast<const unsigned char*>(text); *p; ++p) h = (h ^ std::uint32_t{*p}) * 0x01000193u;
  return h;
}

struct Catalog {
  std::unordered_map<std::uint32_t, const char*> by_hash;  // hash of the English -> Korean
  std::unordered_map<const char*, const char*> by_address;  // cache over by_hash
};

Catalog& korean_catalog() {
  static Catalog c = [] {
    Catalog cat;
    // Records: the hash (4 bytes, little-endian), the Korean, a NUL. The asset lives as
    // long as the program, so the map points into it.
    const std::string_view data = asset("ko.tr");
    std::size_t i = 0;
    while (i + 4 < data.size()) {
      const auto* b = reinterpret_cast<const unsigned char*>(data.data() + i);
      const std::uint32_t h = std::uint32_t{b[0]} | std::uint32_t{b[1]} << 8 | std::uint32_t{b[2]} << 16 | std::uint32_t{b[3]} << 24;
      const char* text = data.data() + i + 4;
      const void* nul = std::memchr(text, '\0', data.size() - i - 4);
      if (!nul) break;
      cat.by_hash.emplace(h, text);
      i = static_cast<std::size_t>(static_cast<const char*>(nul) - data.data()) + 1;
    }
    return cat;
  }();
  return c;
}

const char* lookup(Catalog& cat, const char* english) {
  auto found = cat.by_hash.find(text_hash(english));
  return found != cat.by_hash.end() ? found->second : english;
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
  const char* text = lookup(cat, english);
  cat.by_address.emplace(english, text);
  return text;
}

const char* korean(const char* english) { return lookup(korean_catalog(), english); }

}  // namespace infercalc::ui
