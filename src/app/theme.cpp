#include "app/theme.h"

#include <cmath>

#include "app/fonts.h"
#include "platform/platform.h"

namespace infercalc::ui {
namespace {

constexpr ImU32 rgb(unsigned r, unsigned g, unsigned b, unsigned a = 255) { return IM_COL32(r, g, b, a); }

// Colours chosen for contrast on their background (WCAG AA for text) and for
// telling the memory parts and series apart with red-green colour blindness too:
// blue / orange / purple / grey, with good-tight-bad also differing in lightness.
const Palette kDark = {
    .good = rgb(96, 206, 128), .tight = rgb(240, 184, 72), .bad = rgb(246, 104, 94),
    .text = rgb(228, 231, 236), .text_dim = rgb(146, 152, 163), .accent = rgb(110, 168, 254),
    .card_bg = rgb(30, 34, 42), .card_border = rgb(58, 64, 78),
    .weights = rgb(86, 140, 230), .kv_cache = rgb(236, 150, 60), .activations = rgb(170, 120, 220),
    .reserved = rgb(130, 136, 150), .free_mem = rgb(48, 54, 66), .limit_mark = rgb(240, 240, 240),
    .series = {rgb(110, 168, 254), rgb(236, 150, 60), rgb(96, 206, 128)},
    .ideal = rgb(180, 184, 192), .grid = rgb(255, 255, 255, 26), .axis = rgb(146, 152, 163),
    .oom_a = rgb(58, 62, 70), .oom_b = rgb(44, 47, 54),
    .error = rgb(255, 110, 100), .seed_wrong = rgb(255, 120, 110),
};

const Palette kLight = {
    .good = rgb(24, 128, 56), .tight = rgb(168, 104, 0), .bad = rgb(196, 40, 32),
    .text = rgb(28, 32, 40), .text_dim = rgb(92, 98, 110), .accent = rgb(30, 96, 200),
    .card_bg = rgb(246, 247, 250), .card_border = rgb(206, 210, 218),
    .weights = rgb(52, 108, 204), .kv_cache = rgb(222, 124, 28), .activations = rgb(142, 88, 196),
    .reserved = rgb(124, 130, 142), .free_mem = rgb(222, 226, 232), .limit_mark = rgb(30, 30, 30),
    .series = {rgb(30, 96, 200), rgb(210, 110, 10), rgb(24, 138, 64)},
    .ideal = rgb(110, 114, 122), .grid = rgb(0, 0, 0, 24), .axis = rgb(92, 98, 110),
    .oom_a = rgb(214, 216, 222), .oom_b = rgb(236, 238, 242),
    .error = rgb(196, 40, 32), .seed_wrong = rgb(196, 40, 32),
};

// Apple HIG, "Layout": controls at least 44 x 44 pt; WCAG 2.2 SC 2.5.5: 44 x 44 CSS px.
constexpr float kTouchTargetPx = 44;

Theme g_theme = Theme::Dark;
float g_scale = 1;
bool g_touch = false;

void dark_colors(ImVec4* c) {
  ImGuiStyle s;
  ImGui::StyleColorsDark(&s);
  for (int i = 0; i < ImGuiCol_COUNT; ++i) c[i] = s.Colors[i];
  c[ImGuiCol_WindowBg] = ImVec4(0.086f, 0.094f, 0.114f, 1.0f);
  c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_PopupBg] = ImVec4(0.11f, 0.12f, 0.15f, 0.98f);
  c[ImGuiCol_Text] = to_vec4(kDark.text);
  c[ImGuiCol_TextDisabled] = to_vec4(kDark.text_dim);
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.14f, 0.16f, 0.20f, 1.0f);
  c[ImGuiCol_TableRowBgAlt] = ImVec4(1.0f, 1.0f, 1.0f, 0.035f);
  c[ImGuiCol_Header] = ImVec4(0.20f, 0.42f, 0.78f, 0.55f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.26f, 0.50f, 0.90f, 0.22f);
  c[ImGuiCol_HeaderActive] = ImVec4(0.26f, 0.50f, 0.90f, 0.65f);
  c[ImGuiCol_FrameBg] = ImVec4(0.16f, 0.18f, 0.23f, 1.0f);
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.22f, 0.25f, 0.32f, 1.0f);
  c[ImGuiCol_FrameBgActive] = ImVec4(0.26f, 0.30f, 0.38f, 1.0f);
  c[ImGuiCol_Tab] = ImVec4(0.14f, 0.16f, 0.20f, 1.0f);
  c[ImGuiCol_TabHovered] = ImVec4(0.26f, 0.50f, 0.90f, 0.55f);
  c[ImGuiCol_TabActive] = ImVec4(0.20f, 0.38f, 0.70f, 1.0f);
  c[ImGuiCol_Border] = to_vec4(kDark.card_border);
}

void light_colors(ImVec4* c) {
  ImGuiStyle s;
  ImGui::StyleColorsLight(&s);
  for (int i = 0; i < ImGuiCol_COUNT; ++i) c[i] = s.Colors[i];
  c[ImGuiCol_WindowBg] = ImVec4(1, 1, 1, 1);
  c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_PopupBg] = ImVec4(1, 1, 1, 0.99f);
  c[ImGuiCol_Text] = to_vec4(kLight.text);
  c[ImGuiCol_TextDisabled] = to_vec4(kLight.text_dim);
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.91f, 0.92f, 0.95f, 1.0f);
  c[ImGuiCol_TableRowBgAlt] = ImVec4(0, 0, 0, 0.03f);
  c[ImGuiCol_Header] = ImVec4(0.24f, 0.48f, 0.86f, 0.30f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.24f, 0.48f, 0.86f, 0.14f);
  c[ImGuiCol_HeaderActive] = ImVec4(0.24f, 0.48f, 0.86f, 0.40f);
  c[ImGuiCol_FrameBg] = ImVec4(0.93f, 0.94f, 0.96f, 1.0f);
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.88f, 0.90f, 0.94f, 1.0f);
  c[ImGuiCol_FrameBgActive] = ImVec4(0.84f, 0.87f, 0.92f, 1.0f);
  c[ImGuiCol_Tab] = ImVec4(0.90f, 0.91f, 0.94f, 1.0f);
  c[ImGuiCol_TabHovered] = ImVec4(0.24f, 0.48f, 0.86f, 0.35f);
  c[ImGuiCol_TabActive] = ImVec4(0.24f, 0.48f, 0.86f, 0.55f);
  c[ImGuiCol_Border] = to_vec4(kLight.card_border);
}

}  // namespace

const char* code(Theme t) { return t == Theme::Light ? "light" : "dark"; }

void set_theme(Theme t) {
  if (t == g_theme) return;
  g_theme = t;
  if (ImGui::GetCurrentContext()) apply_style(g_scale);
}

Theme theme() { return g_theme; }

bool touch_style() { return g_touch; }

const Palette& palette() { return g_theme == Theme::Light ? kLight : kDark; }

void apply_style(float scale) {
  g_scale = scale;
  ImGuiStyle style;
  style.WindowPadding = ImVec2(14, 10);
  style.FramePadding = ImVec2(8, 5);
  style.ItemSpacing = ImVec2(10, 7);
  style.ItemInnerSpacing = ImVec2(6, 5);
  style.CellPadding = ImVec2(6, 5);
  style.ScrollbarSize = 15;
  style.FrameRounding = 4;
  style.PopupRounding = 4;
  style.ChildRounding = 6;
  style.TabRounding = 4;
  style.ScrollbarRounding = 6;
  style.GrabRounding = 3;
  style.WindowBorderSize = 0;
  style.ChildBorderSize = 1;
  g_touch = platform::coarse_pointer();
  if (g_touch) {
    // Fingers: every frame (fields, buttons, tabs, checkboxes) and table row at least
    // 44 CSS px high, the smallest touch target of Apple's Human Interface Guidelines
    // and of WCAG 2.5.5. A frame is the font's height plus its padding above and below.
    const float pad = std::ceil((kTouchTargetPx - kBodyPx) / 2);  // ScaleAllSizes rounds down
    style.FramePadding.y = pad;
    style.CellPadding.y = pad;
    style.ScrollbarSize = 8;  // a position indicator: fingers drag the content itself
    style.SelectableTextAlign.y = 0.5f;  // list rows made taller (ui::selectable) keep their text centred
  }
  if (g_theme == Theme::Light) light_colors(style.Colors);
  else dark_colors(style.Colors);
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

ImU32 rating_color(Rating r) {
  const Palette& p = palette();
  switch (r) {
    case Rating::Good: return p.good;
    case Rating::Tight: return p.tight;
    case Rating::Impossible: return p.bad;
  }
  return p.text;
}

ImVec4 to_vec4(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

}  // namespace infercalc::ui
