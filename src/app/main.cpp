// infercalc's UI, on the desktop and in the browser: orders the platform, the app
// and the main loop. Everything target-specific lives behind src/platform/platform.h.
#include <string>

#include "app/app.h"
#include "app/fonts.h"
#include "app/link_sync.h"
#include "app/results.h"
#include "app/scenario_files.h"
#include "app/ui_probe.h"
#include "platform/platform.h"

int main(int argc, char** argv) {
  namespace platform = infercalc::platform;
  static infercalc::App app;  // static: on the web the main loop outlives main()
  int exit_code = 0;
  if (!platform::init(argc, argv, "infercalc \xE2\x80\x94 LLM inference GPU calculator", exit_code)) return exit_code;
  infercalc::app_init(app, platform::initial_link());
  infercalc::run_startup_actions(app);
  exit_code = platform::run({
      .frame = [] { infercalc::app_frame(app); },
      .load_fonts = [](float scale) { infercalc::ui::load_fonts(scale); },
      .link = [] { return app.link; },
      .apply_link = [](const std::string& fragment, platform::LinkSource source) {
        infercalc::app_apply_link(app, fragment, source);
      },
      .results = [] { return infercalc::results_json(app); },
      .ui_rect = [](const std::string& name) { return infercalc::ui::probe_json(name); },
      .pasted = [](const std::string& text) { infercalc::app_paste(app, text); },
      .perturb = [](int) { infercalc::app_bench_perturb(app); },
  });
  platform::shutdown();
  return exit_code;
}
