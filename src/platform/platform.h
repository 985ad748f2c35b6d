// The platform layer: the window, the GL context, Dear ImGui's backends, the main loop
// and everything that differs between the browser and the desktop (clipboard, the URL
// fragment, pixel density, cursor, accessibility). One interface, two implementations
// chosen by CMake: platform_web.cpp (the only file that knows Emscripten) and
// platform_desktop.cpp; platform_glfw.cpp holds what both share.
//
// Coordinates: the app works in physical pixels on both targets. The web build sizes
// the GLFW window (the canvas backing store) to CSS size x devicePixelRatio every frame;
// fonts and style are rebuilt whenever that ratio changes (`Callbacks::load_fonts`).
#pragma once
#include <functional>
#include <string>

namespace infercalc::platform {

struct Callbacks {
  // Builds one frame of UI, between ImGui::NewFrame() and ImGui::Render().
  std::function<void()> frame;
  // (Re)builds the font atlas and the style for a pixel scale (1 = 96 dpi). Called
  // before the first frame and whenever the scale changes.
  std::function<void(float scale)> load_fonts;
  // What the page's JavaScript reaches through window.infercalc (web only).
  std::function<std::string()> link;                    // current fragment, "#v=1&..."
  std::function<void(const std::string&)> apply_link;   // a fragment from the page
  std::function<std::string()> results;                 // results JSON
  std::function<std::string(const std::string&)> ui_rect;  // "[x,y,w,h]" in pixels or "null"
};

// Reads the command line (desktop: --link FRAGMENT or a bare '#...', --frames N,
// --screenshot FILE), creates the window, the GL context and the ImGui context.
// Returns false (after saying why) when that fails; `exit_code` is then what main
// should return.
bool init(int argc, char** argv, const char* title, int& exit_code);

// The fragment the app starts from: location.hash on the web, --link on the desktop.
std::string initial_link();

// Runs the main loop and returns the process exit code. Desktop: returns when the
// window closes or after --frames N frames. Web: hands the loop to the browser and
// does not return.
int run(Callbacks callbacks);

// Releases the ImGui backends, the window and GLFW.
void shutdown();

// Writes the app's state into the page URL (history.replaceState, which fires no
// hashchange) on the web. The desktop has no URL: nothing to do there.
void set_link(const std::string& fragment);

// What "Copy link" copies: the page URL with `fragment` on the web, the fragment
// itself on the desktop (the desktop app takes it back with --link).
std::string share_url(const std::string& fragment);

// System clipboard. On the web, writes go to navigator.clipboard and reads return
// the text of the last paste event (browsers allow no synchronous read).
void set_clipboard(const std::string& text);
std::string clipboard();

// Pixels per CSS pixel (web: devicePixelRatio) or per 96-dpi point (desktop).
float pixel_scale();

// Says `text` to assistive technology (web: the page's aria-live region).
void announce(const std::string& text);

}  // namespace infercalc::platform
