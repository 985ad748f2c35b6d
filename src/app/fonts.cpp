#include "app/fonts.h"

#include <imgui.h>

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

}  // namespace

void load_fonts(float scale) {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  atlas->Clear();
  g_fonts[static_cast<int>(Font::Body)] = add_ui_font("inter-regular.otf", kBodyPx * scale, true);
  g_fonts[static_cast<int>(Font::Strong)] = add_ui_font("inter-semibold.otf", kBodyPx * scale, true);
  g_fonts[static_cast<int>(Font::Title)] = add_ui_font("inter-semibold.otf", kBodyPx * 1.35f * scale, true);
  g_fonts[static_cast<int>(Font::Big)] = add_ui_font("inter-semibold.otf", kBodyPx * 1.9f * scale, false);
  atlas->Build();
  apply_style(scale);
}

ImFont* font(Font f) { return g_fonts[static_cast<int>(f)]; }

}  // namespace infercalc::ui
