// The user's preferences, kept between visits: language, theme and (desktop) the
// recently used scenario files. One JSON text, stored by the platform: localStorage
// on the web, $XDG_CONFIG_HOME/infercalc/settings.json (else ~/.config/...) on the
// desktop, written atomically.
//   {"language": "ko", "theme": "dark", "recent": ["/home/me/a.json", ...]}
// Without a stored language the browser's (navigator.language) or the system's
// (LC_ALL / LC_MESSAGES / LANG) decides: Korean when it starts with "ko".
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace infercalc {

struct App;

inline constexpr std::size_t kMaxRecentFiles = 8;

struct Settings {
  std::string language;              // "en", "ko"; empty = from the browser / system
  std::string theme;                 // "dark", "light"; empty = the default
  std::vector<std::string> recent;   // most recent first, at most kMaxRecentFiles
  bool operator==(const Settings&) const = default;
};

// Tolerant: anything missing or malformed reads as the default.
Settings parse_settings(std::string_view json);
std::string settings_json(const Settings& s);

// The app's copy: what to store, what was stored, and the language and theme the UI
// had at the last look (a difference is the user's choice).
struct Preferences {
  Settings wanted;
  Settings stored;
  std::string seen_language, seen_theme;
};

// Puts `path` first in the recent list (once), dropping the oldest beyond the limit.
void add_recent(Settings& s, const std::string& path);

// At start-up: reads the stored settings and applies language and theme.
void settings_load(App& app);
// After each frame: stores the settings when language, theme or recent files changed.
void settings_save_if_changed(App& app);

}  // namespace infercalc
