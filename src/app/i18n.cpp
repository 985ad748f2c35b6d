#include "app/i18n.h"

#include <cctype>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

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

// The records of ko.tr, in the order the generator writes them: sorted by hash, no hash
// twice (tools/i18n_glyphs.py, catalog()), so a binary search finds one. A sorted array
// rather than a hash map: the page needs no hash-table code (docs/perf.md), and a lookup
// is a hash of the English and about ten comparisons.
struct Entry {
  std::uint32_t hash;
  const char* korean;
};

const std::vector<Entry>& korean_catalog() {
  static const std::vector<Entry> c = [] {
    // Records: the hash (4 bytes, little-endian), the Korean, a NUL. The asset lives as
    // long as the program, so the entries point into it.
    const std::string_view data = asset("ko.tr");
    std::vector<Entry> cat;
    cat.reserve(data.size() / 8);
    std::size_t i = 0;
    while (i + 4 < data.size()) {
      const auto* b = reinterpret_cast<const unsigned char*>(data.data() + i);
      const std::uint32_t h = std::uint32_t{b[0]} | std::uint32_t{b[1]} << 8 | std::uint32_t{b[2]} << 16 | std::uint32_t{b[3]} << 24;
      const char* text = data.data() + i + 4;
      const void* nul = std::memchr(text, '\0', data.size() - i - 4);
      if (!nul) break;
      cat.push_back({h, text});
      i = static_cast<std::size_t>(static_cast<const char*>(nul) - data.data()) + 1;
    }
    return cat;
  }();
  return c;
}

const char* lookup(const char* english) {
  const std::vector<Entry>& cat = korean_catalog();
  const std::uint32_t h = text_hash(english);
  std::size_t lo = 0, hi = cat.size();
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (cat[mid].hash < h) lo = mid + 1;
    else hi = mid;
  }
  return lo < cat.size() && cat[lo].hash == h ? cat[lo].korean : english;
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

const char* tr(const char* english) { return g_language == Language::English ? english : lookup(english); }

const char* korean(const char* english) { return lookup(english); }

}  // namespace infercalc::ui
