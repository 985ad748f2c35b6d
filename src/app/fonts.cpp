#include "app/fonts.h"

#include <imgui.h>

#include "app/ui_assets.h"
#include "app/ui_glyph_ranges.h"  // generated: kGlyphRanges, the code points the subsets keep

namespace infercalc::ui {
namespace {

ImFont* g_fonts[3] = {};

ImFont* add_font(std::string_view file, float size_px) {
  const std::string_view bytes = asset(file);
  ImFontConfig cfg;
  cfg.FontDataOwnedByAtlas = false;  // static data
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  // ImGui's API takes a mutable pointer but does not write through it when it does not own the data.
  void* data = const_cast<char*>(bytes.data());
  return ImGui::GetIO().Fonts->AddFontFromMemoryTTF(data, static_cast<int>(bytes.size()), size_px, &cfg,
                                                     kGlyphRanges);
}

void apply_style(float scale) {
  ImGuiStyle style;
  ImGui::StyleColorsDark(&style);
  style.WindowPadding = ImVec2(14, 10);
  style.FramePadding = ImVec2(10, 5);
  style.ItemSpacing = ImVec2(10, 7);
  style.CellPadding = ImVec2(6, 5);
  style.ScrollbarSize = 15;
  style.FrameRounding = 4;
  style.PopupRounding = 4;
  style.ScrollbarRounding = 6;
  style.WindowBorderSize = 0;
  ImVec4* c = style.Colors;
  c[ImGuiCol_WindowBg] = ImVec4(0.086f, 0.094f, 0.114f, 1.0f);
  c[ImGuiCol_PopupBg] = ImVec4(0.11f, 0.12f, 0.15f, 0.98f);
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.14f, 0.16f, 0.20f, 1.0f);
  c[ImGuiCol_TableRowBgAlt] = ImVec4(1.0f, 1.0f, 1.0f, 0.035f);
  c[ImGuiCol_Header] = ImVec4(0.20f, 0.42f, 0.78f, 0.55f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.26f, 0.50f, 0.90f, 0.22f);
  c[ImGuiCol_HeaderActive] = ImVec4(0.26f, 0.50f, 0.90f, 0.65f);
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

}  // namespace

void load_fonts(float scale) {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  atlas->Clear();
  g_fonts[static_cast<int>(Font::Body)] = add_font("inter-regular.otf", kBodyPx * scale);
  g_fonts[static_cast<int>(Font::Strong)] = add_font("inter-semibold.otf", kBodyPx * scale);
  g_fonts[static_cast<int>(Font::Title)] = add_font("inter-semibold.otf", kBodyPx * 1.35f * scale);
  atlas->Build();
  apply_style(scale);
}

ImFont* font(Font f) { return g_fonts[static_cast<int>(f)]; }

}  // namespace infercalc::ui
