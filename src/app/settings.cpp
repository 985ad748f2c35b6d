#include "app/settings.h"

#include <algorithm>
#include <cstdio>

#include "app/app.h"
#include "app/i18n.h"
#include "app/theme.h"
#include "core/json.h"
#include "platform/platform.h"

namespace infercalc {
namespace {

constexpr std::size_t kMaxPathBytes = 4096;

}  // namespace

Settings parse_settings(std::string_view text) {
  Settings s;
  auto doc = json::parse(text);
  if (!doc || !doc->is_object()) return s;
  if (const json::Value* v = doc->find("language"); v && v->is_string() && ui::parse_language(v->string()))
    s.language = v->string();
  if (const json::Value* v = doc->find("theme"); v && v->is_string() && (v->string() == "dark" || v->string() == "light"))
    s.theme = v->string();
  if (const json::Value* v = doc->find("recent"); v && v->is_array())
    for (const json::Value& p : v->array())
      if (p.is_string() && !p.string().empty() && p.string().size() <= kMaxPathBytes &&
          std::find(s.recent.begin(), s.recent.end(), p.string()) == s.recent.end() && s.recent.size() < kMaxRecentFiles)
        s.recent.push_back(p.string());
  return s;
}

std::string settings_json(const Settings& s) {
  std::string out = "{\n  \"language\": " + json::quote(s.language) + ",\n  \"theme\": " + json::quote(s.theme) +
                    ",\n  \"recent\": [";
  for (std::size_t i = 0; i < s.recent.size(); ++i) out += (i ? ", " : "") + json::quote(s.recent[i]);
  return out + "]\n}\n";
}

void add_recent(Settings& s, const std::string& path) {
  s.recent.erase(std::remove(s.recent.begin(), s.recent.end(), path), s.recent.end());
  s.recent.insert(s.recent.begin(), path);
  if (s.recent.size() > kMaxRecentFiles) s.recent.resize(kMaxRecentFiles);
}

void settings_load(App& app) {
  Preferences& p = app.prefs;
  p.wanted = parse_settings(platform::read_preferences());
  p.stored = p.wanted;
  const std::string tag = p.wanted.language.empty() ? platform::system_language() : p.wanted.language;
  ui::set_language(ui::parse_language(tag) == ui::Language::Korean ? ui::Language::Korean : ui::Language::English);
  // The stored choice wins; without one the theme follows the system's preference.
  const bool light = p.wanted.theme.empty() ? platform::system_prefers_light() : p.wanted.theme == "light";
  ui::set_theme(light ? ui::Theme::Light : ui::Theme::Dark);
  p.seen_language = ui::code(ui::language());
  p.seen_theme = ui::code(ui::theme());
  platform::set_document_language(p.seen_language);
}

void settings_save_if_changed(App& app) {
  Preferences& p = app.prefs;
  // A language or theme taken from the system is stored only once the user picks one.
  if (const std::string l = ui::code(ui::language()); l != p.seen_language) {
    p.wanted.language = p.seen_language = l;
    platform::set_document_language(l);
  }
  if (const std::string t = ui::code(ui::theme()); t != p.seen_theme) p.wanted.theme = p.seen_theme = t;
  if (p.wanted == p.stored) return;
  p.stored = p.wanted;
  if (auto e = platform::write_preferences(settings_json(p.wanted)))
    std::fprintf(stderr, "infercalc: settings not saved: %s\n", e->text().c_str());
}

}  // namespace infercalc
