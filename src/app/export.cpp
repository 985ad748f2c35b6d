#include "app/export.h"

#include <imgui.h>

#include "app/app.h"
#include "app/i18n.h"
#include "app/scenario_files.h"
#include "app/theme.h"
#include "app/ui_probe.h"
#include "app/widgets.h"
#include "core/estimate.h"
#include "core/report.h"
#include "platform/platform.h"

namespace infercalc {
namespace {

// File names keep letters, digits, '.', '-' and '_'.
std::string file_safe(std::string_view s) {
  std::string out;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
                    c == '_';
    out += ok ? c : '-';
  }
  return out;
}

bool button(const char* label, const char* probe) {
  const bool pressed = ImGui::Button(label);
  ui::probe_item(probe);
  return pressed;
}

bool menu_item(const char* label, const std::string& probe) {
  const bool chosen = ui::selectable(label);
  ui::probe_item(probe);
  return chosen;
}

// Menu labels as whole sentences, so that each translates as one.
const char* save_label(ExportFormat f) {
  switch (f) {
    case ExportFormat::Markdown: return ui::tr("Save Markdown file\xE2\x80\xA6");
    case ExportFormat::Csv: return ui::tr("Save CSV file\xE2\x80\xA6");
    case ExportFormat::Json: return ui::tr("Save JSON file\xE2\x80\xA6");
  }
  return "";
}

const char* download_label(ExportFormat f) {
  switch (f) {
    case ExportFormat::Markdown: return ui::tr("Download Markdown (.md)");
    case ExportFormat::Csv: return ui::tr("Download CSV (.csv)");
    case ExportFormat::Json: return ui::tr("Download JSON (.json)");
  }
  return "";
}

const char* copy_label(ExportFormat f) {
  switch (f) {
    case ExportFormat::Markdown: return ui::tr("Copy Markdown");
    case ExportFormat::Csv: return ui::tr("Copy CSV");
    case ExportFormat::Json: return ui::tr("Copy JSON");
  }
  return "";
}

void draw_export_menu(App& app) {
  for (ExportFormat f : kExportFormats) {
    const std::string ext = export_extension(f);
    if (platform::has_files()) {
      if (menu_item(save_label(f), "export:save:" + ext)) request_export_prompt(app, f);
    } else if (menu_item(download_label(f), "export:download:" + ext)) {
      const std::string name = export_file_name(app.scenario, f);
      platform::download(name, export_mime(f), export_text(app.scenario, f));
      flash(app, ui::printf_string(ui::tr("Downloaded %s"), name.c_str()));
    }
  }
  ImGui::Separator();
  for (ExportFormat f : kExportFormats) {
    if (menu_item(copy_label(f), std::string("export:copy:") + export_extension(f))) {
      platform::set_clipboard(export_text(app.scenario, f));
      flash(app, ui::printf_string(ui::tr("%s copied"), export_label(f)));
    }
  }
}

}  // namespace

const char* export_label(ExportFormat f) {
  switch (f) {
    case ExportFormat::Markdown: return "Markdown";
    case ExportFormat::Csv: return "CSV";
    case ExportFormat::Json: return "JSON";
  }
  return "";
}

const char* export_extension(ExportFormat f) {
  switch (f) {
    case ExportFormat::Markdown: return "md";
    case ExportFormat::Csv: return "csv";
    case ExportFormat::Json: return "json";
  }
  return "";
}

const char* export_mime(ExportFormat f) {
  switch (f) {
    case ExportFormat::Markdown: return "text/markdown;charset=utf-8";
    case ExportFormat::Csv: return "text/csv;charset=utf-8";
    case ExportFormat::Json: return "application/json";
  }
  return "";
}

std::string export_text(const Scenario& s, ExportFormat f) {
  const Result r = estimate(s);
  switch (f) {
    case ExportFormat::Markdown: return report_markdown(s, r);
    case ExportFormat::Csv: return report_csv(s, r);
    case ExportFormat::Json: return report_json(s, r);
  }
  return "";
}

std::string export_file_name(const Scenario& s, ExportFormat f) {
  return "infercalc-" + file_safe(s.model_id) + "-" + file_safe(s.gpu_id) + "." + export_extension(f);
}

void flash(App& app, std::string text) {
  app.flash = std::move(text);
  app.flash_at_s = ImGui::GetTime();
  platform::announce(app.flash);
}

void draw_share_buttons(App& app) {
  if (button(ui::tr("Copy link"), "copy-link")) {
    platform::set_clipboard(platform::share_url(app.link));
    flash(app, ui::tr("Link copied"));
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip(ui::tr("Copies a link to this exact scenario:\n%s"), app.link.c_str());
  ImGui::SameLine();
  if (button(ui::tr("Paste link"), "paste-link")) platform::request_paste();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", ui::tr("Opens the infercalc link on the clipboard.\nCtrl+V does the same when no text field is active."));
  ImGui::SameLine();
  if (button(ui::tr("Export"), "export")) ImGui::OpenPopup("export-menu");
  if (ImGui::BeginPopup("export-menu")) {
    draw_export_menu(app);
    ImGui::EndPopup();
  }
  if (platform::has_files()) {
    ImGui::SameLine();
    draw_file_button(app);
  }
  draw_flash(app);
}

void draw_flash(App& app) {
  if (app.flash_at_s < 0 || ImGui::GetTime() - app.flash_at_s >= kFlashShownS) return;
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(ui::to_vec4(ui::palette().good), "%s", app.flash.c_str());
}

void draw_share_menu(App& app) {
  const float w = ImGui::GetFontSize() * 14;
  auto item = [&](const char* label, const std::string& probe) {
    const bool pressed = ImGui::Button(label, ImVec2(w, 0));
    ui::probe_item(probe);
    return pressed;
  };
  if (item(ui::tr("Copy link"), "copy-link")) {
    platform::set_clipboard(platform::share_url(app.link));
    flash(app, ui::tr("Link copied"));
    ImGui::CloseCurrentPopup();
  }
  if (item(ui::tr("Paste link"), "paste-link")) {
    platform::request_paste();
    ImGui::CloseCurrentPopup();
  }
  if (platform::has_files()) draw_file_button(app);
  ImGui::Separator();
  ImGui::TextDisabled("%s", ui::tr("Export"));
  for (ExportFormat f : kExportFormats) {
    const std::string ext = export_extension(f);
    if (platform::has_files()) {
      if (item(save_label(f), "export:save:" + ext)) {
        request_export_prompt(app, f);
        ImGui::CloseCurrentPopup();
      }
    } else if (item(download_label(f), "export:download:" + ext)) {
      const std::string name = export_file_name(app.scenario, f);
      platform::download(name, export_mime(f), export_text(app.scenario, f));
      flash(app, ui::printf_string(ui::tr("Downloaded %s"), name.c_str()));
      ImGui::CloseCurrentPopup();
    }
    if (item(copy_label(f), "export:copy:" + ext)) {
      platform::set_clipboard(export_text(app.scenario, f));
      flash(app, ui::printf_string(ui::tr("%s copied"), export_label(f)));
      ImGui::CloseCurrentPopup();
    }
  }
}

}  // namespace infercalc
