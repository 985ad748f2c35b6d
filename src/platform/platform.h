// The platform layer: the window, the GL context, Dear ImGui's backends, the main loop
// and everything that differs between the browser and the desktop (clipboard, the URL
// fragment and history, downloads and files, preferences, pixel density, cursor,
// accessibility). One interface, two implementations chosen by CMake:
// platform_web.cpp (the only file that knows Emscripten; no GLFW) and
// platform_desktop.cpp + platform_glfw.cpp + files_posix.cpp; imgui_glue.cpp holds what
// both share.
//
// Coordinates: the app works in physical pixels on both targets. The web build sizes
// the canvas backing store to CSS size x devicePixelRatio every frame;
// fonts and style are rebuilt whenever that ratio changes (`Callbacks::load_fonts`).
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace infercalc::platform {

// Where a link applied from outside the app came from.
enum class LinkSource {
  Navigation,  // page load, back/forward, an edited URL: the URL already holds it
  Request,     // window.infercalc.setLink or a pasted link: a new history entry
};

struct Callbacks {
  // Builds one frame of UI, between ImGui::NewFrame() and ImGui::Render().
  std::function<void()> frame;
  // (Re)builds the font atlas and the style for a pixel scale (1 = 96 dpi). Called
  // before the first frame and whenever the scale changes.
  std::function<void(float scale)> load_fonts;
  // What the page's JavaScript reaches through window.infercalc (web only).
  std::function<std::string()> link;                                  // current fragment, "#v=1&..."
  std::function<void(const std::string&, LinkSource)> apply_link;     // a fragment from outside
  std::function<std::string()> results;                               // results JSON
  std::function<std::string(const std::string&)> ui_rect;  // "[x,y,w,h]" in pixels or "null"
  // Text pasted while no text field has the keyboard focus (Ctrl+V), or what
  // request_paste() read from the clipboard. Delivered between frames.
  std::function<void(const std::string&)> pasted;
  // Benchmarks (--bench-frames, infercalc.benchFrames): changes the scenario before
  // frame number `frame` so that every panel recomputes.
  std::function<void(int frame)> perturb;
};

// What the desktop command line asks for besides the window (empty on the web).
struct Startup {
  std::string open_file;   // --open FILE: open a scenario file as File > Open does
  std::string save_file;   // --save FILE: then save the scenario as File > Save does
  std::string note;        // --note TEXT: the note saved with --save
  bool print_link = false; // --print-link: print the link of the final state on exit
};

// Reads the command line (desktop: --link FRAGMENT or a bare '#...', --frames N,
// --screenshot FILE, --open/--save/--note/--print-link, --bench-frames N), creates
// the window, the GL context and the ImGui context. Returns false (after saying why)
// when that fails; `exit_code` is then what main should return.
bool init(int argc, char** argv, const char* title, int& exit_code);

// The fragment the app starts from: location.hash on the web, --link on the desktop.
std::string initial_link();
const Startup& startup();

// Makes run() return non-zero (a startup action such as --open failed) while still
// drawing the requested frames, so that a screenshot shows the message.
void set_exit_code(int code);

// Runs the main loop and returns the process exit code. Desktop: returns when the
// window closes or after --frames N frames. Web: hands the loop to the browser and
// does not return.
int run(Callbacks callbacks);

// Releases the ImGui backends, the window and GLFW (desktop).
void shutdown();

// Writes the app's state into the page URL on the web: history.replaceState, or
// pushState for a new back/forward entry (neither fires hashchange or popstate).
// The desktop has no URL: nothing to do there.
enum class History { Replace, Push };
void set_link(const std::string& fragment, History how);

// What "Copy link" copies: the page URL with `fragment` on the web, the fragment
// itself on the desktop (the desktop app takes it back with --link).
std::string share_url(const std::string& fragment);

// System clipboard. On the web, writes go to navigator.clipboard and reads return
// the text of the last paste event (browsers allow no synchronous read).
void set_clipboard(const std::string& text);
std::string clipboard();
// Reads the clipboard and hands it to Callbacks::pasted (web: asynchronously, through
// navigator.clipboard.readText, which may ask the user first).
void request_paste();

// Pixels per CSS pixel (web: devicePixelRatio) or per 96-dpi point (desktop).
float pixel_scale();

// Whether the primary pointer is coarse, a finger (web: the "pointer: coarse" media
// query; desktop: never). The style then makes controls at least 44 CSS px high.
bool coarse_pointer();

// Text entry on touch screens. The app reports every text field it draws, every frame:
// a name, its editable box in pixels, what it takes and the text it shows. On the web a
// tap on one puts a real <input> over it (inputmode "numeric" or "decimal" for numbers)
// and focuses it, so that the system keyboard opens; what is typed goes to the ImGui
// field as keystrokes, Enter or Done commits it. The desktop has a keyboard: no-op.
enum class TextKind { Text, Integer, Decimal, Multiline };
void text_field(std::string_view name, float x0, float y0, float x1, float y1, TextKind kind, std::string_view text);

// Says `text` to assistive technology (web: the page's aria-live region).
void announce(const std::string& text);

// The language the UI shows, for assistive technology (web: <html lang>).
void set_document_language(const std::string& code);

// The user's preferred language as a BCP 47-ish tag: navigator.language on the web,
// LC_ALL / LC_MESSAGES / LANG on the desktop ("ko_KR.UTF-8"). May be empty.
std::string system_language();

// Whether the system asks for a light theme: prefers-color-scheme on the web; on the
// desktop GTK_THEME naming a light variant (there is no portable query; default dark).
bool system_prefers_light();

// The app's preferences as one JSON text: localStorage on the web, the settings file
// ($XDG_CONFIG_HOME/infercalc/settings.json, else ~/.config/...) on the desktop.
// read_preferences returns "" when there are none yet.
std::string read_preferences();
std::optional<Error> write_preferences(const std::string& json);

// Files. The web build has no file system: it offers downloads instead.
bool has_files();
Expected<std::string> read_file(const std::string& path);
// Whether read_file can reach files at all (the desktop; not the browser).
bool has_file_system();
// Writes `path.tmp`, flushes it to disk, then renames it over `path`: a crash at any
// point leaves either the old file or the new one, never a torn one.
std::optional<Error> write_file_atomic(const std::string& path, std::string_view content);
// Where a file prompt starts: the current directory, else $HOME (desktop).
std::string default_directory();
// Web: offers `content` as a file download (a Blob and a temporary <a download>).
// False where there is nothing of the kind (desktop).
bool download(const std::string& file_name, const std::string& mime_type, const std::string& content);

}  // namespace infercalc::platform
