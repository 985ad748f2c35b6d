// Sharing from the top bar: "Copy link", "Paste link" and the "Export" menu with the
// report as Markdown, CSV or JSON (core/report.h): downloaded on the web (a Blob,
// nothing leaves the page), saved to a file on the desktop (scenario_files.h's path
// prompt, written atomically), or copied to the clipboard on both.
#pragma once
#include <string>

#include "core/scenario.h"

namespace infercalc {

struct App;

enum class ExportFormat { Markdown, Csv, Json };
inline constexpr ExportFormat kExportFormats[] = {ExportFormat::Markdown, ExportFormat::Csv, ExportFormat::Json};

const char* export_label(ExportFormat f);      // "Markdown", "CSV", "JSON"
const char* export_extension(ExportFormat f);  // "md", "csv", "json"
const char* export_mime(ExportFormat f);
// The report of `s` in format `f`: report_markdown / report_csv / report_json.
std::string export_text(const Scenario& s, ExportFormat f);
// "infercalc-llama-3.1-70b-h100-sxm.md"
std::string export_file_name(const Scenario& s, ExportFormat f);

// A short confirmation beside the buttons ("Link copied", "Saved to ..."), also said
// to screen readers.
inline constexpr double kFlashShownS = 3.0;
void flash(App& app, std::string text);

// Copy link, Paste link, Export (and File on the desktop), drawn on the current line.
void draw_share_buttons(App& app);
// The same actions one below the other, for the narrow layout's menu (a popup).
void draw_share_menu(App& app);
// The confirmation of the last action while it is fresh ("Link copied"), on the
// current line.
void draw_flash(App& app);

}  // namespace infercalc
