// The link (URL fragment) and the app's state, kept equal both ways.
//
// Out: at the end of every frame the app's link (make_link of the scenario plus the
// UI keys below) is compared with the one last published; when it differs and no
// widget is being dragged or typed into, it goes into the page URL:
//   - pushState (a new back/forward entry) when a discrete choice changed: the model,
//     the GPU type, the weight or KV format, the engine;
//   - replaceState for everything continuous or cosmetic: counts, token lengths,
//     batch, prices, the open panel, the heatmap metric.
// So Back undoes "switched to H200" in one step, not every value a slider passed.
//
// In: a page load, back/forward (popstate / hashchange) and an edited URL apply the
// URL's fragment without writing history (only a non-canonical spelling is replaced
// by the canonical one); window.infercalc.setLink and a pasted link push a new entry.
// An invalid link changes nothing and shows why in a banner; unknown keys are
// ignored with a warning in the same banner.
//
// Screen readers: when the scenario has settled (kAnnounceAfterS without a change)
// its report_summary goes to the page's aria-live region, once per distinct scenario.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/scenario.h"
#include "platform/platform.h"

namespace infercalc {

struct App;

struct LinkSync {
  std::string published;        // the fragment last written to or read from the URL
  Scenario published_scenario;  // its scenario: tells discrete changes from continuous ones
  std::string announced;        // scenario link whose summary the screen reader last got
  std::string settling;         // scenario link waiting for kAnnounceAfterS of quiet
  double settling_since_s = 0;
};

inline constexpr double kAnnounceAfterS = 0.6;

// The UI state carried in links beside the scenario ("tab", "heat"): parse_link's own_keys.
std::vector<std::string> ui_link_keys();
// make_link(app.scenario) plus the UI keys that differ from their defaults.
std::string app_link(const App& app);

// Starts from `fragment` (location.hash, --link; may be empty) without writing history.
void link_sync_init(App& app, std::string_view fragment);

// A link from outside. Replaces the scenario and UI keys, or keeps them and sets the
// banner when the link is invalid. An empty fragment means the defaults.
void app_apply_link(App& app, std::string_view fragment, platform::LinkSource source);

// Text pasted outside a text field or read by "Paste link": a page URL, a fragment or
// "v=1&..."; anything else leaves the state alone and says so.
void app_paste(App& app, std::string_view text);

// Publishes the link and announces the summary (see above). Call after the UI is drawn.
void link_sync_end_frame(App& app);

// The banner under the top bar: the last link's error or warnings, with a close button.
void draw_link_banner(App& app);

}  // namespace infercalc
