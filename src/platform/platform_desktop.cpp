// The desktop platform: system GLFW, OpenGL 3.3 core. Options come from argv:
//   --link FRAGMENT (or a bare '#v=1&...')  the scenario to open, as in the page URL
//   --open FILE / --save FILE               File > Open / File > Save at start-up
//   --note TEXT                             the note --save writes
//   --print-link                            print the final state's link on exit
//   --frames N                              exit after N frames (tests, screenshots)
//   --screenshot FILE.png                   save the last frame (implies --frames 30)
//   --bench-frames N                        time N frames that each recompute everything
// Files and preferences: files_posix.cpp.
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "platform/imgui_glue.h"
#include "platform/platform.h"
#include "platform/platform_glfw.h"
#include "platform/png.h"

namespace infercalc::platform {
namespace {

constexpr int kDefaultScreenshotFrames = 30;
constexpr int kBenchWarmupFrames = 10;

struct Options {
  std::string link;
  int frames = 0;  // 0 = run until the window closes
  std::string screenshot;
  int bench_frames = 0;
  Startup startup;
  int exit_code = 0;
};

Options& options() {
  static Options o;
  return o;
}

const char* const kUsage =
    "usage: infercalc-desktop [--link FRAGMENT | '#v=1&...'] [--open FILE] [--save FILE [--note TEXT]]\n"
    "                         [--print-link] [--frames N] [--screenshot FILE.png] [--bench-frames N]\n";

// A whole number from 1 to 1000000, or false.
bool parse_count(const char* text, int& out) {
  char* end = nullptr;
  const long n = std::strtol(text, &end, 10);
  if (*end != '\0' || n < 1 || n > 1'000'000) return false;
  out = static_cast<int>(n);
  return true;
}

// Parses argv into options(). On --help or an error sets `exit_code` and returns false.
bool parse_args(int argc, char** argv, int& exit_code) {
  Options& o = options();
  auto fail = [&](const std::string& message) {
    std::fprintf(stderr, "infercalc-desktop: %s\n%s", message.c_str(), kUsage);
    exit_code = 2;
    return false;
  };
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      exit_code = 0;
      return false;
    } else if (arg == "--link") {
      if (!has_value) return fail("--link needs a fragment, e.g. '#v=1&gpu=h200-sxm'");
      o.link = argv[++i];
    } else if (!arg.empty() && arg[0] == '#') {
      o.link = arg;
    } else if (arg == "--frames" || arg == "--bench-frames") {
      if (!has_value) return fail(arg + " needs a number of frames (1 or more)");
      if (!parse_count(argv[++i], arg == "--frames" ? o.frames : o.bench_frames))
        return fail(arg + ": allowed is a whole number from 1 to 1000000");
    } else if (arg == "--open" || arg == "--save" || arg == "--note") {
      if (!has_value) return fail(arg + (arg == "--note" ? " needs a text" : " needs a file name"));
      (arg == "--open" ? o.startup.open_file : arg == "--save" ? o.startup.save_file : o.startup.note) = argv[++i];
    } else if (arg == "--print-link") {
      o.startup.print_link = true;
    } else if (arg == "--screenshot") {
      if (!has_value) return fail("--screenshot needs a file name (.png)");
      o.screenshot = argv[++i];
    } else {
      return fail("unknown argument '" + arg + "'");
    }
  }
  if (!o.screenshot.empty() && o.frames == 0) o.frames = kDefaultScreenshotFrames;
  if (o.bench_frames > 0) o.frames = kBenchWarmupFrames + o.bench_frames;
  // Start-up actions without a window to look at: a few frames, then exit.
  if (o.frames == 0 && (!o.startup.open_file.empty() || !o.startup.save_file.empty() || o.startup.print_link))
    o.frames = 2;
  return true;
}

// Reads the back buffer of the frame just drawn (before the swap) into a PNG.
bool save_screenshot(const std::string& path) {
  int w = 0, h = 0;
  glfwGetFramebufferSize(glfw::window(), &w, &h);
  std::vector<uint8_t> bottom_up(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, bottom_up.data());
  const std::size_t row = static_cast<std::size_t>(w) * 3;
  std::vector<uint8_t> top_down(bottom_up.size());
  for (std::size_t y = 0; y < static_cast<std::size_t>(h); ++y)
    std::copy_n(bottom_up.begin() + static_cast<std::ptrdiff_t>((static_cast<std::size_t>(h) - 1 - y) * row), row,
                top_down.begin() + static_cast<std::ptrdiff_t>(y * row));
  return write_png(path, w, h, top_down);
}

}  // namespace

bool init(int argc, char** argv, const char* title, int& exit_code) {
  if (!parse_args(argc, argv, exit_code)) return false;
  if (!glfw::create(title, 1280, 800, "#version 150", true)) {
    std::fprintf(stderr, "infercalc-desktop: cannot open a window with OpenGL 3.3 (is there a display?)\n");
    exit_code = 1;
    return false;
  }
  glfw::set_ctrl_v_pastes(true);
  return true;
}

std::string initial_link() { return options().link; }
const Startup& startup() { return options().startup; }
void set_exit_code(int code) { options().exit_code = code; }

int run(Callbacks callbacks) {
  glue::set_callbacks(std::move(callbacks));
  const Options& o = options();
  GLFWwindow* window = glfw::window();
  glfwSwapInterval(o.frames > 0 ? 0 : 1);
  while (!glfwWindowShouldClose(window)) {
    // Interactive: sleep until input, but redraw a few times a second so that
    // hover delays and timed messages still advance.
    if (o.frames > 0)
      glfwPollEvents();
    else
      glfwWaitEventsTimeout(0.1);
    const int frame = glfw::render_frame(pixel_scale());
    if (o.bench_frames > 0 && frame + 1 == kBenchWarmupFrames) glue::bench_start(o.bench_frames);
    const bool last = o.frames > 0 && frame + 1 >= o.frames;
    if (last && !o.screenshot.empty() && !save_screenshot(o.screenshot)) {
      std::fprintf(stderr, "infercalc-desktop: cannot write %s\n", o.screenshot.c_str());
      return 1;
    }
    glfwSwapBuffers(window);
    if (last) break;
  }
  if (o.bench_frames > 0) std::printf("bench %s\n", glue::bench_json().c_str());
  if (o.startup.print_link) std::printf("%s\n", glue::callbacks().link().c_str());
  return o.exit_code;
}

void shutdown() { glfw::destroy(); }

void set_link(const std::string&, History) {}

std::string share_url(const std::string& fragment) { return fragment; }

void set_clipboard(const std::string& text) { glfwSetClipboardString(glfw::window(), text.c_str()); }

std::string clipboard() {
  const char* text = glfwGetClipboardString(glfw::window());
  return text ? text : "";
}

void request_paste() { glue::queue_paste(clipboard()); }

float pixel_scale() {
  float x = 1, y = 1;
  glfwGetWindowContentScale(glfw::window(), &x, &y);
  return x > 0 ? x : 1.0f;
}

void announce(const std::string&) {}

bool coarse_pointer() { return false; }

void text_field(std::string_view, float, float, float, float, TextKind, std::string_view) {}

void set_document_language(const std::string&) {}

bool download(const std::string&, const std::string&, const std::string&) { return false; }

}  // namespace infercalc::platform
