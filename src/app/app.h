// The app's state: one Scenario (every user input, see core/scenario.h) and the UI's
// own flags. The link (URL fragment) is derived from the scenario and published to
// the platform whenever the scenario changes.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "app/link_sync.h"
#include "app/panel_cluster.h"
#include "app/panel_gpu_table.h"
#include "app/panels.h"
#include "app/scenario_files.h"
#include "app/settings.h"
#include "core/explore.h"
#include "core/plan_spec.h"
#include "core/scenario.h"

namespace infercalc {

struct App {
  Scenario scenario;
  // The pinned setup the scenario is compared with (Pin in the summary; link key vs=,
  // core/link.h make_compare_link); none = no comparison.
  std::optional<Scenario> pinned;
  PlanSpec plan;             // the planner's inputs (Cluster tab), in links beside the scenario
  std::string link;          // make_link(scenario) + UI keys: app_link(), link_sync.h
  std::string notice;        // why the last link from outside was not (fully) applied
  bool notice_is_error = false;
  std::string flash;         // a short confirmation ("Link copied"), export.h
  double flash_at_s = -1;    // ImGui time it was set
  LinkSync sync;             // what the URL and screen readers were last told, link_sync.h
  FileState files;           // desktop scenario files and path prompts, scenario_files.h
  Preferences prefs;         // language, theme, recent files kept between visits, settings.h
  GpuTablePanel gpu_table;
  ClusterPanel cluster;      // the Cluster tab: fleet, targets, cached plans (panel_cluster.h)
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

// A change made in the UI. The link follows at the end of the frame (link_sync.h);
// links from outside go through app_apply_link there.
void app_set_scenario(App& app, const Scenario& s);

// Benchmarks: a scenario change before every timed frame, so that every view recomputes.
void app_bench_perturb(App& app);

}  // namespace infercalc
