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

void draw_top_bar(App& app) {
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
  for (ImGuiWindow* w : g.Windows)
    if (w->ParentWindow == main_window && w->Active && std::strstr(w->Name, "/scenario-column_")) {
      ImGui::FocusWindow(w);
      return;
    }
}

}  // namespace

void app_init(App& app, std::string_view fragment) {
  settings_load(app);
  link_sync_init(app, fragment);
}

void app_frame(App& app) {
  ui::probe_begin_frame();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
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
