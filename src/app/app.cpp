#include "app/app.h"

#include <imgui.h>

#include <algorithm>
#include <optional>

#include "app/fonts.h"
#include "app/i18n.h"
#include "app/panels.h"
#include "app/ui_probe.h"
#include "core/link.h"
#include "core/scenario_check.h"
#include "platform/platform.h"

namespace infercalc {
namespace {

constexpr double kCopiedShownS = 2.0;

void draw_top_bar(App& app) {
  const float em = ImGui::GetFontSize();
  ImGui::PushFont(ui::font(ui::Font::Title));
  ImGui::TextUnformatted("infercalc");
  ImGui::PopFont();
  ImGui::SameLine(0, em);
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("%s", ui::tr("LLM inference GPU calculator"));

  const char* copy_label = "Copy link";
  const float button_w = ImGui::CalcTextSize(copy_label).x + ImGui::GetStyle().FramePadding.x * 2;
  const bool copied = app.copied_at_s >= 0 && ImGui::GetTime() - app.copied_at_s < kCopiedShownS;
  const char* copied_label = "Copied";
  const float copied_w = copied ? ImGui::CalcTextSize(copied_label).x + ImGui::GetStyle().ItemSpacing.x : 0;
  const float right_w = button_w + copied_w + preferences_width() + ImGui::GetStyle().ItemSpacing.x;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - right_w));
  draw_preferences(app);
  ImGui::SameLine();
  if (copied) {
    ImGui::TextColored(ImVec4(0.45f, 0.85f, 0.55f, 1), "%s", copied_label);
    ImGui::SameLine();
  }
  if (ImGui::Button(copy_label)) {
    platform::set_clipboard(platform::share_url(app.link));
    platform::announce("Link copied");
    app.copied_at_s = ImGui::GetTime();
  }
  ui::probe_item("copy-link");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Copies a link to this exact scenario:\n%s", app.link.c_str());

  if (!app.notice.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImVec4(1.0f, 0.72f, 0.30f, 1), "%s", app.notice.c_str());
    ImGui::PopTextWrapPos();
  }
}

}  // namespace

void app_init(App& app, std::string_view fragment) {
  app.link = make_link(app.scenario);
  if (!fragment.empty() && fragment != "#") app_apply_link(app, fragment);
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
  app.widget_active = ImGui::IsAnyItemActive();
  ImGui::End();
}

void app_apply_link(App& app, std::string_view fragment) {
  auto parsed = parse_link(fragment);
  std::optional<Error> invalid = parsed ? validate(parsed->scenario) : parsed.error();
  if (invalid) {
    app.notice = "Link not applied: " + invalid->text();
    platform::announce(app.notice);
    return;
  }
  app_set_scenario(app, parsed->scenario);
  for (const std::string& w : parsed->warnings) app.notice += (app.notice.empty() ? "Link: " : "; ") + w;
}

void app_set_scenario(App& app, const Scenario& s) {
  app.notice.clear();  // it was about the link this scenario replaces
  app.scenario = s;
  const std::string link = make_link(s);
  if (link == app.link) return;
  app.link = link;
  platform::set_link(link);
}

}  // namespace infercalc
