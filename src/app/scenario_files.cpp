#include "app/scenario_files.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "app/app.h"
#include "app/i18n.h"
#include "app/settings.h"
#include "app/theme.h"
#include "app/ui_probe.h"
#include "app/widgets.h"
#include "core/scenario_file.h"
#include "platform/platform.h"

namespace infercalc {
namespace {

constexpr std::size_t kMaxNoteBytes = 4096;
constexpr int kGlfwKeyO = 'O', kGlfwKeyS = 'S';  // GLFW key codes = ASCII capitals

template <std::size_t N>
void copy_to(std::array<char, N>& buf, const std::string& s) {
  const std::size_t n = std::min(s.size(), N - 1);
  std::memcpy(buf.data(), s.data(), n);
  buf[n] = '\0';
}

std::string in_default_directory(const std::string& name) {
  const std::string dir = platform::default_directory();
  return dir.empty() || dir.back() == '/' ? dir + name : dir + "/" + name;
}

void open_prompt(App& app, FileState::Prompt kind, const std::string& path) {
  FileState& f = app.files;
  f.prompt = kind;
  f.prompt_requested = true;
  f.prompt_error.clear();
  copy_to(f.path, path);
  copy_to(f.note_edit, f.note);
}

void request_open(App& app) {
  open_prompt(app, FileState::Prompt::Open, app.files.current.empty() ? in_default_directory("") : app.files.current);
}

void request_save(App& app, bool ask) {
  if (!ask && !app.files.current.empty()) {
    if (auto e = save_scenario_file(app, app.files.current))
      flash(app, ui::printf_string(ui::tr("Not saved: %s"), e->text().c_str()));
    else
      flash(app, ui::printf_string(ui::tr("Saved to %s"), app.files.current.c_str()));
    return;
  }
  const std::string name = "scenario-" + export_file_name(app.scenario, ExportFormat::Json).substr(sizeof "infercalc-" - 1);
  open_prompt(app, FileState::Prompt::Save, app.files.current.empty() ? in_default_directory(name) : app.files.current);
}

void show_failure(App& app, const std::string& path, const Error& e) {
  app.files.failure = ui::printf_string(ui::tr("Cannot open %s:\n%s\n\nNothing was changed."), path.c_str(), e.text().c_str());
  app.files.failure_requested = true;
}

// The prompt's action on its path. True when done (the modal closes).
bool run_prompt(App& app) {
  FileState& f = app.files;
  const std::string path = f.path.data();
  if (path.empty()) {
    f.prompt_error = ui::tr("Enter a file name.");
    return false;
  }
  std::optional<Error> e;
  switch (f.prompt) {
    case FileState::Prompt::Open:
      e = open_scenario_file(app, path);
      if (!e) flash(app, ui::printf_string(ui::tr("Opened %s"), path.c_str()));
      break;
    case FileState::Prompt::Save:
      f.note = std::string(f.note_edit.data()).substr(0, kMaxNoteBytes);
      e = save_scenario_file(app, path);
      if (!e) flash(app, ui::printf_string(ui::tr("Saved to %s"), path.c_str()));
      break;
    case FileState::Prompt::Export:
      e = platform::write_file_atomic(path, export_text(app.scenario, f.export_format));
      if (!e) flash(app, ui::printf_string(ui::tr("%s saved to %s"), export_label(f.export_format), path.c_str()));
      break;
    case FileState::Prompt::None: return true;
  }
  if (e) f.prompt_error = e->text();
  return !e;
}

// The modal's title; its ID stays "###path-prompt" whatever the title and language.
std::string prompt_title(FileState::Prompt p) {
  const char* title = "";
  switch (p) {
    case FileState::Prompt::Open: title = ui::tr("Open scenario"); break;
    case FileState::Prompt::Save: title = ui::tr("Save scenario"); break;
    case FileState::Prompt::Export: title = ui::tr("Save report"); break;
    case FileState::Prompt::None: break;
  }
  return std::string(title) + "###path-prompt";
}

void draw_prompt(App& app) {
  FileState& f = app.files;
  const float em = ImGui::GetFontSize();
  ImGui::SetNextWindowSize(ImVec2(40 * em, 0));
  if (!ImGui::BeginPopupModal(prompt_title(f.prompt).c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
  bool done = false, cancel = false;
  ImGui::TextUnformatted(f.prompt == FileState::Prompt::Open ? ui::tr("Scenario file to open:") : ui::tr("Save to:"));
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(-1);
  const bool enter = ImGui::InputText("##path", f.path.data(), f.path.size(), ImGuiInputTextFlags_EnterReturnsTrue);
  ui::probe_item("prompt:path");
  if (f.prompt == FileState::Prompt::Save) {
    ImGui::TextUnformatted(ui::tr("Note (saved with the scenario):"));
    ImGui::InputTextMultiline("##note", f.note_edit.data(), f.note_edit.size(), ImVec2(-1, 5 * em));
    ui::probe_item("prompt:note");
  }
  if (!f.prompt_error.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ui::to_vec4(ui::palette().error), "%s", f.prompt_error.c_str());
    ImGui::PopTextWrapPos();
  }
  if (ImGui::Button(f.prompt == FileState::Prompt::Open ? ui::tr("Open") : ui::tr("Save")) || enter)
    done = run_prompt(app);
  ui::probe_item("prompt:ok");
  ImGui::SameLine();
  if (ImGui::Button(ui::tr("Cancel")) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) cancel = true;
  ui::probe_item("prompt:cancel");
  if (done || cancel) {
    f.prompt = FileState::Prompt::None;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void draw_failure(App& app) {
  const float em = ImGui::GetFontSize();
  ImGui::SetNextWindowSize(ImVec2(36 * em, 0));
  const std::string title = std::string(ui::tr("Cannot open the file")) + "###open-failed";
  if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(app.files.failure.c_str());
  ImGui::PopTextWrapPos();
  if (ImGui::Button(ui::tr("OK")) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) ||
      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
    ImGui::CloseCurrentPopup();
  ui::probe_item("failure:ok");
  ImGui::EndPopup();
}

}  // namespace

std::optional<Error> open_scenario_file(App& app, const std::string& path) {
  auto text = platform::read_file(path);
  if (!text) return text.error();
  auto file = read_scenario_file(text.value());
  if (!file) return file.error();
  app.scenario = file->scenario;
  app.plan = file->plan;
  app.files.note = file->note;
  app.files.current = path;
  add_recent(app.prefs.wanted, path);
  return std::nullopt;
}

std::optional<Error> save_scenario_file(App& app, const std::string& path) {
  ScenarioFile file;
  file.scenario = app.scenario;
  file.plan = app.plan;
  file.note = app.files.note.substr(0, kMaxNoteBytes);
  if (auto e = platform::write_file_atomic(path, write_scenario_file(file))) return e;
  app.files.current = path;
  add_recent(app.prefs.wanted, path);
  return std::nullopt;
}

void run_startup_actions(App& app) {
  const platform::Startup& s = platform::startup();
  if (!s.note.empty()) app.files.note = s.note.substr(0, kMaxNoteBytes);
  if (!s.open_file.empty()) {
    if (auto e = open_scenario_file(app, s.open_file)) {
      std::fprintf(stderr, "infercalc-desktop: cannot open %s: %s (nothing was changed)\n", s.open_file.c_str(),
                   e->text().c_str());
      show_failure(app, s.open_file, *e);
      platform::set_exit_code(1);
      return;  // and do not --save a state the user did not ask for
    }
  }
  if (!s.save_file.empty()) {
    if (auto e = save_scenario_file(app, s.save_file)) {
      std::fprintf(stderr, "infercalc-desktop: cannot save %s: %s\n", s.save_file.c_str(), e->text().c_str());
      platform::set_exit_code(1);
    }
  }
}

void draw_file_button(App& app) {
  if (ImGui::Button(ui::tr("File"))) ImGui::OpenPopup("file-menu");
  ui::probe_item("file");
  if (!ImGui::BeginPopup("file-menu")) return;
  if (ImGui::MenuItem(ui::tr("Open\xE2\x80\xA6"), "Ctrl+O")) request_open(app);
  ui::probe_item("file:open");
  if (ImGui::MenuItem(ui::tr("Save"), "Ctrl+S")) request_save(app, false);
  ui::probe_item("file:save");
  if (ImGui::MenuItem(ui::tr("Save as\xE2\x80\xA6"))) request_save(app, true);
  ui::probe_item("file:save-as");
  ImGui::Separator();
  const std::vector<std::string>& recent = app.prefs.wanted.recent;
  if (recent.empty()) ImGui::TextDisabled("%s", ui::tr("No recent files"));
  for (std::size_t i = 0; i < recent.size(); ++i) {
    const std::string path = recent[i];  // a copy: opening reorders the list
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::MenuItem(path.c_str())) {
      if (auto e = open_scenario_file(app, path))
        show_failure(app, path, *e);
      else
        flash(app, ui::printf_string(ui::tr("Opened %s"), path.c_str()));
    }
    ui::probe_item("file:recent:" + std::to_string(i));
    ImGui::PopID();
  }
  ImGui::EndPopup();
}

void request_export_prompt(App& app, ExportFormat f) {
  app.files.export_format = f;
  open_prompt(app, FileState::Prompt::Export, in_default_directory(export_file_name(app.scenario, f)));
}

void draw_file_modals(App& app) {
  FileState& f = app.files;
  const ImGuiIO& io = ImGui::GetIO();
  if (platform::has_files() && io.KeyCtrl && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) {
    if (ImGui::IsKeyPressed(kGlfwKeyO, false)) request_open(app);
    if (ImGui::IsKeyPressed(kGlfwKeyS, false)) request_save(app, false);
  }
  if (f.prompt_requested) {
    ImGui::OpenPopup("###path-prompt");
    f.prompt_requested = false;
  }
  draw_prompt(app);
  if (f.failure_requested) {
    ImGui::OpenPopup("###open-failed");
    f.failure_requested = false;
  }
  draw_failure(app);
}

}  // namespace infercalc
