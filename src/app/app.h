// The app's state: one Scenario (every user input, see core/scenario.h) and the UI's
// own flags. The link (URL fragment) is derived from the scenario and published to
// the platform whenever the scenario changes.
#pragma once
#include <string>
#include <string_view>

#include "app/panel_gpu_table.h"
#include "app/panels.h"
#include "core/explore.h"
#include "core/scenario.h"

namespace infercalc {

struct App {
  Scenario scenario;
  std::string link;          // make_link(scenario)
  std::string notice;        // why the last link from outside was not (fully) applied
  double copied_at_s = -1;   // ImGui time of the last "Copy link", for its confirmation
  GpuTablePanel gpu_table;
  // The calculator's panels (app/panels.h): their state, the open tab and cached views.
  // Language and theme live in app/i18n.h and app/theme.h (ui::language(), ui::theme()).
  Panels panels;
  HeatMetric heat_metric = HeatMetric::TokensPerSPerGpu;  // the heatmap's colour; link key heat=tpot
  bool widget_active = false;  // a control is being dragged or typed into: hold URL updates
};

// Starts from `fragment` (the page's location.hash or the desktop's --link; may be empty).
void app_init(App& app, std::string_view fragment);

// Draws one frame of the whole UI.
void app_frame(App& app);

// A link from outside (page load, hashchange, window.infercalc.setLink, --link):
// replaces the scenario, or keeps it and sets `notice` when the link is invalid.
void app_apply_link(App& app, std::string_view fragment);

// A change made in the UI: refreshes the link and writes it into the page URL.
void app_set_scenario(App& app, const Scenario& s);

}  // namespace infercalc
