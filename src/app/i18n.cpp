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

// The records of ko.tr: sorted by hash, no hash twice (tools/i18n_glyphs.py, catalog()),
// so a binary search finds one. A sorted array rather than a hash map: the page needs no
// hash-table code (docs/perf.md), and a lookup is a hash of the English and about ten
// comparisons.
struct Entry {
  std::uint32_t hash;
  const char* korean;
};

// One LEB128 number of ko.tr (7 bits a byte, low bits first); 0 past the end.
std::uint32_t read_varint(std::string_view data, std::size_t& i) {
  std::uint32_t v = 0;
  for (int shift = 0; i < data.size() && shift < 35; shift += 7) {
    const auto b = static_cast<unsigned char>(data[i++]);
    v |= std::uint32_t{b & 0x7Fu} << shift;
    if (b < 0x80) break;
  }
  return v;
}

// ko.tr as tools/i18n_glyphs.py (catalog()) lays it out for LZMA: the record count, the
// Hangul syllables of the translations (ascending, as distances), the hashes (ascending,
// as distances), then the translations, NUL-terminated, a syllable coded as two bytes
// 0xF0 | (i >> 8), i & 0xFF (i its index among the syllables). They are decoded to UTF-8
// once, into one buffer that lives as long as the program.
const std::vector<Entry>& korean_catalog() {
  static const std::vector<Entry> c = [] {
    const std::string_view data = asset("ko.tr");
    std::size_t i = 0;
    const std::uint32_t count = read_varint(data, i);
    std::vector<std::uint32_t> syllables(read_varint(data, i));
    std::uint32_t code = 0;
    for (std::uint32_t& s : syllables) s = code += read_varint(data, i);
    std::vector<Entry> cat(count);
    std::uint32_t hash = 0;
    for (Entry& e : cat) e.hash = hash += read_varint(data, i);
    static std::string text;  // the translations in UTF-8, one after the other
    text.reserve(data.size() + data.size() / 2);  // a 2-byte syllable becomes 3 bytes
    std::vector<std::size_t> starts;
    for (std::uint32_t n = 0; n < count && i < data.size(); ++n) {
      starts.push_back(text.size());
      while (i < data.size() && data[i] != '\0') {
        const auto b = static_cast<unsigned char>(data[i++]);
        const std::size_t k = (b & 0x07u) << 8 | (i < data.size() ? static_cast<unsigned char>(data[i]) : 0u);
        if ((b & 0xF8u) != 0xF0u || k >= syllables.size()) {
          text += static_cast<char>(b);
          continue;
        }
        ++i;
        const std::uint32_t s = syllables[k];  // U+AC00..U+D7A3: three bytes of UTF-8
        text += static_cast<char>(0xE0 | s >> 12);
        text += static_cast<char>(0x80 | (s >> 6 & 0x3F));
        text += static_cast<char>(0x80 | (s & 0x3F));
      }
      ++i;
      text += '\0';
    }
    cat.resize(starts.size());
    for (std::size_t n = 0; n < cat.size(); ++n) cat[n].korean = text.data() + starts[n];
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
