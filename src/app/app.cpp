#include "app/app.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cstring>

#include "app/export.h"
#include "app/fonts.h"
#include "app/i18n.h"
#include "app/link_sync.h"
#include "app/panels.h"
#include "app/scenario_files.h"
#include "app/settings.h"
#include "app/ui_probe.h"

namespace infercalc {
namespace {

// The widest the page gets: 150 em, 2550 CSS px of the 17 px body text. Beyond that
// (a 4K screen at scale 1, an ultra-wide one) lines of text and charts stretched
// edge to edge are hard to follow; the rest is background.
constexpr float kMaxContentEm = 150;

// The menu button of the narrow layout: three bars drawn, no glyph needed.
bool menu_button() {
  const float h = ImGui::GetFrameHeight();
  const bool pressed = ImGui::Button("##menu", ImVec2(h * 1.2f, h));
  ui::probe_item("menu");
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const float em = ImGui::GetFontSize();
  const float cx = (a.x + b.x) / 2, cy = (a.y + b.y) / 2, half = em * 0.5f;
  for (float i : {-1.0f, 0.0f, 1.0f})
    ImGui::GetWindowDrawList()->AddLine(ImVec2(cx - half, cy + i * em * 0.3f), ImVec2(cx + half, cy + i * em * 0.3f),
                                        ImGui::GetColorU32(ImGuiCol_Text), std::max(1.0f, em * 0.1f));
  return pressed;
}

// Narrow screens: the title, and every action in a menu at the right.
void draw_narrow_top_bar(App& app) {
  ImGui::AlignTextToFramePadding();  // level with the menu button
  ImGui::PushFont(ui::font(ui::Font::Title));
  ImGui::TextUnformatted("infercalc");
  ImGui::PopFont();
  draw_flash(app);
  const float w = ImGui::GetFrameHeight() * 1.2f;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - w));
  if (menu_button()) ImGui::OpenPopup("actions");
  if (ImGui::BeginPopup("actions")) {
    draw_share_menu(app);
    ImGui::Separator();
    draw_preferences(app);
    ImGui::EndPopup();
  }
  draw_link_banner(app);
}

void draw_top_bar(App& app) {
  if (narrow_layout()) {
    draw_narrow_top_bar(app);
    return;
  }
  const float em = ImGui::GetFontSize();
  ImGui::PushFont(ui::font(ui::Font::Title));
  ImGui::TextUnformatted("infercalc");
  ImGui::PopFont();
  ImGui::SameLine(0, em);
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("%s", ui::tr("LLM inference GPU calculator"));
  ImGui::SameLine(0, 2 * em);
  draw_share_buttons(app);
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - preferences_width()));
  draw_preferences(app);
  draw_link_banner(app);
}

// Keyboard users need a window with input fields to have the focus: Dear ImGui 1.86
// moves Tab only among the fields of the focused window, and the main window, which
// takes the focus when it appears or when its background is clicked, has none. So
// the scenario column (layout.cpp's child "scenario-column") takes the focus at the
// start and when Tab finds nothing to go to.
void keep_keyboard_entry(ImGuiWindow* main_window) {
  ImGuiContext& g = *GImGui;
  const bool tab = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Tab)) && g.ActiveId == 0;
  const bool starting = ImGui::GetFrameCount() <= 2;
  if (g.NavWindow && !(g.NavWindow == main_window && (tab || starting))) return;
  auto inside = [&](ImGuiWindow* w) {
    while (w && w != main_window) w = w->ParentWindow;
    return w != nullptr;
  };
  for (ImGuiWindow* w : g.Windows)
    if (w != main_window && inside(w) && w->Active && std::strstr(w->Name, "/scenario-column_")) {
      ImGui::FocusWindow(w);
      return;
    }
}

}  // namespace

void app_init(App& app, std::string_view fragment) {
  settings_load(app);
  link_sync_init(app, fragment);
  // Narrow screens: whoever opens a link came for its answer; a fresh page asks for input.
  app.panels.inputs_open = fragment.empty() || fragment == "#";
}

void app_frame(App& app) {
  ui::probe_begin_frame();
  // Very wide screens (4K at 1x, ultra-wide): the page keeps readable lines, centred.
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float max_w = ImGui::GetFontSize() * kMaxContentEm;
  const float w = std::min(vp->WorkSize.x, max_w);
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + (vp->WorkSize.x - w) / 2, vp->WorkPos.y));
  ImGui::SetNextWindowSize(ImVec2(w, vp->WorkSize.y));
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("infercalc", nullptr, kFlags);
  draw_top_bar(app);
  ImGui::Spacing();
  draw_body(app);
  draw_file_modals(app);
  app.widget_active = ImGui::IsAnyItemActive();
  keep_keyboard_entry(ImGui::GetCurrentWindow());
  ImGui::End();
  link_sync_end_frame(app);
  settings_save_if_changed(app);
}

void app_set_scenario(App& app, const Scenario& s) { app.scenario = s; }

void app_bench_perturb(App& app) {
  // One prompt token more or less, alternately: a new scenario for every view's
  // cache, the same workload to within a token.
  app.scenario.input_tokens += app.scenario.input_tokens % 2 ? 1 : -1;
}

}  // namespace infercalc
