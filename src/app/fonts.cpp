#include "app/fonts.h"

#include <imgui.h>

#include <vector>

#include "app/i18n.h"
#include "app/theme.h"
#include "app/ui_assets.h"
#include "app/ui_glyph_ranges.h"   // generated: kGlyphRanges, the code points the Inter subsets keep
#include "app/ui_hangul_ranges.h"  // generated: kHangulRanges, the Hangul of assets/i18n/ko.json

namespace infercalc::ui {
namespace {

constexpr int kFontCount = 4;
ImFont* g_fonts[kFontCount] = {};

ImFont* add_font(std::string_view file, float size_px, const ImWchar* ranges, bool merge) {
  const std::string_view bytes = asset(file);
  ImFontConfig cfg;
  cfg.FontDataOwnedByAtlas = false;  // static data
  cfg.OversampleH = merge ? 1 : 2;   // Hangul is dense enough without; halves its atlas area
  cfg.OversampleV = 1;
  cfg.MergeMode = merge;
  // ImGui's API takes a mutable pointer but does not write through it when it does not own the data.
  void* data = const_cast<char*>(bytes.data());
  return ImGui::GetIO().Fonts->AddFontFromMemoryTTF(data, static_cast<int>(bytes.size()), size_px, &cfg, ranges);
}

// Inter for Latin text, then the Hangul subset merged into the same ImFont.
ImFont* add_ui_font(std::string_view inter_file, float size_px, bool hangul) {
  ImFont* f = add_font(inter_file, size_px, kGlyphRanges, false);
  // Nanum's Hangul sits a little small beside Inter's x-height: 8 % larger matches them.
  if (hangul) add_font("hangul.ttf", size_px * 1.08f, kHangulRanges, true);
  return f;
}

// The Hangul the Big font needs: the summary's verdicts in Korean ("Yes", "No",
// "Tight"), a handful of syllables rather than the whole subset at 1.9x size.
const ImWchar* big_hangul_ranges() {
  static std::vector<ImWchar> ranges;
  if (!ranges.empty()) return ranges.data();
  for (const char* english : {"Yes", "No", "Tight"}) {
    const auto* p = reinterpret_cast<const unsigned char*>(korean(english));
    for (; *p; ++p) {
      if ((*p & 0xF0) != 0xE0 || !p[1] || !p[2]) continue;  // Hangul syllables are 3-byte UTF-8
      const auto cp = static_cast<ImWchar>(((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu));
      ranges.push_back(cp);
      ranges.push_back(cp);
      p += 2;
    }
  }
  ranges.push_back(0);
  return ranges.data();
}

}  // namespace

void load_fonts(float scale) {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  atlas->Clear();
  g_fonts[static_cast<int>(Font::Body)] = add_ui_font("inter-regular.otf", kBodyPx * scale, true);
  g_fonts[static_cast<int>(Font::Strong)] = add_ui_font("inter-semibold.otf", kBodyPx * scale, true);
  g_fonts[static_cast<int>(Font::Title)] = add_ui_font("inter-semibold.otf", kBodyPx * 1.35f * scale, true);
  g_fonts[static_cast<int>(Font::Big)] = add_ui_font("inter-semibold.otf", kBodyPx * 1.9f * scale, false);
  if (big_hangul_ranges()[0] != 0) add_font("hangul.ttf", kBodyPx * 1.9f * 1.08f * scale, big_hangul_ranges(), true);
  atlas->Build();
  apply_style(scale);
}

ImFont* font(Font f) { return g_fonts[static_cast<int>(f)]; }

}  // namespace infercalc::ui
