// Desktop scenario files: File > Open / Save / Save as / recent files, Ctrl+O and
// Ctrl+S, and the path prompt (an ImGui modal with a text field) that exports use too.
// Files are core/scenario_file.h's JSON, written atomically (platform::write_file_atomic);
// a corrupt or foreign file changes nothing and says why in a modal. The recent list
// (at most 8) lives in the settings (settings.h). The command line's --open / --save
// run the same functions (run_startup_actions).
#pragma once
#include <array>
#include <optional>
#include <string>

#include "app/export.h"
#include "core/status.h"

namespace infercalc {

struct App;

struct FileState {
  enum class Prompt { None, Open, Save, Export };
  std::string current;                  // the file last opened or saved; "" = none
  std::string note;                     // saved with the scenario (at most 4096 bytes)
  Prompt prompt = Prompt::None;
  bool prompt_requested = false;        // open the modal on the next frame
  ExportFormat export_format = ExportFormat::Markdown;
  std::array<char, 4096> path{};
  std::array<char, 4097> note_edit{};
  std::string prompt_error;
  std::string failure;                  // why the last open failed: the modal's text
  bool failure_requested = false;
};

// The same steps as the menu: Open replaces the scenario only when the whole file is
// good; both add the file to the recent list.
std::optional<Error> open_scenario_file(App& app, const std::string& path);
std::optional<Error> save_scenario_file(App& app, const std::string& path);

// --open FILE, then --save FILE (with --note): errors go to stderr and the exit code.
void run_startup_actions(App& app);

// The "File" button and its menu (desktop only: platform::has_files()).
void draw_file_button(App& app);
// Opens the path prompt for saving the report in `f`.
void request_export_prompt(App& app, ExportFormat f);
// Ctrl+O / Ctrl+S and the modals; call once per frame inside the main window.
void draw_file_modals(App& app);

}  // namespace infercalc
