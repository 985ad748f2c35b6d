// The web platform: a WebGL 2 canvas, with Dear ImGui fed from the page's events. The
// only file that knows Emscripten; every browser call is html5.h or an EM_JS below. The
// page (web/page.js) provides Module.canvas and the Module.on* hooks used here, and calls
// the EMSCRIPTEN_KEEPALIVE functions at the end through window.infercalc.
//
// No GLFW here (Emscripten's GLFW port and its Browser library were 6 KB of the page's
// gzip, docs/perf.md): the WebGL context comes from emscripten_webgl_create_context, the
// frames from requestAnimationFrame (emscripten_request_animation_frame_loop: none while
// the tab is hidden), and ImGui's IO is filled here as imgui_impl_glfw filled it from the
// port:
// - the keyboard: keydown / keyup on the window, the DOM's key codes mapped to GLFW's
//   numbers (what io.KeyMap indexes), typed characters from keypress, every key released
//   when focus leaves; through the glue's queue (imgui_glue.cpp), as ImGui 1.86 has none;
// - the mouse on the canvas, in backing-store pixels; a press is seen for at least one
//   frame however quickly it is released;
// - HiDPI: the canvas backing store is sized to CSS size x devicePixelRatio every frame,
//   so the app works in physical pixels (fonts rebuilt per ratio);
// - the wheel in notches (emscripten_set_wheel_callback);
// - the clipboard: navigator.clipboard for writes, the paste event for reads;
// - cursors: the CSS cursor follows ImGui's;
// - touch: touch.cpp's taps, drag scrolling and momentum, fed from the canvas's touch
//   events (ImGui 1.86 would lose a tap delivered as an instant click);
// - no on-screen keyboard for a canvas: a DOM <input> over the tapped text field.
// Beyond that: the URL fragment and history (replaceState / pushState), downloads as
// Blobs, preferences in localStorage, navigator.language, the frame benchmark hook.
#include <GLES3/gl3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "platform/imgui_glue.h"
#include "platform/platform.h"
#include "platform/touch.h"

namespace {

// Sizes the canvas backing store to its CSS box x devicePixelRatio and writes the
// size (ImGui's display, in pixels) to size[0], size[1].
EM_JS(void, js_sync_canvas_size, (int* size), {
  var c = Module.canvas;
  var r = c.getBoundingClientRect();
  var dpr = window.devicePixelRatio || 1;
  var w = Math.max(1, Math.round(r.width * dpr));
  var h = Math.max(1, Math.round(r.height * dpr));
  if (c.width != w) c.width = w;
  if (c.height != h) c.height = h;
  HEAP32[size >> 2] = w;
  HEAP32[(size >> 2) + 1] = h;
});

// The keyboard and the mouse, as Emscripten 3.1.6's GLFW port read them
// (library_glfw.js): keydown / keypress / keyup / blur on the window in the capture
// phase, mousemove / mousedown / mouseup on the canvas. Key codes: the DOM's keyCode
// mapped to GLFW's key numbers by the port's own table (DOMToGLFWKeyCode, GLFW 3):
// letters, digits and space keep theirs, F1-F25 and the keypad's digits are runs, the
// rest is the map below; unknown keys are dropped. Backspace and Tab keep the browser
// from acting on them (going back, moving the focus out of the canvas); other keys
// keep their default so that keypress follows with the character. Keys typed into the
// text entry (below) go to that element, not to ImGui. Focus leaving anything (a blur
// in the capture phase) releases every key still down, as the port did. Mouse buttons:
// DOM 0 left, 1 middle, 2 right; GLFW 0 left, 1 right, 2 middle (the port's mapping).
EM_JS(void, js_install_input, (), {
  var c = Module.canvas;
  var map = {222: 39, 188: 44, 173: 45, 189: 45, 190: 46, 191: 47, 59: 59, 61: 61, 187: 61, 219: 91, 220: 92,
             221: 93, 192: 96, 27: 256, 13: 257, 9: 258, 8: 259, 45: 260, 46: 261, 39: 262, 37: 263, 40: 264,
             38: 265, 33: 266, 34: 267, 36: 268, 35: 269, 20: 280, 145: 281, 144: 282, 44: 283, 19: 284,
             110: 330, 111: 331, 106: 332, 109: 333, 107: 334, 16: 340, 17: 341, 18: 342, 91: 343, 93: 348};
  var down = {};
  var key = function(k, d) {
    var g = k >= 65 && k <= 90 || k >= 48 && k <= 57 || k == 32 ? k
          : k >= 112 && k <= 136 ? k + 178 : k >= 96 && k <= 105 ? k + 224 : map[k];
    if (!g) return;
    down[k] = d;
    _infercalc_key(g, k, d);
  };
  var ours = function(e) { return !e.target || e.target.id !== "text-entry"; };
  window.addEventListener("keydown", function(e) {
    if (!ours(e)) return;
    key(e.keyCode, 1);
    if (e.keyCode == 8 || e.keyCode == 9) e.preventDefault();
  }, true);
  window.addEventListener("keypress", function(e) {
    if (ours(e) && !e.ctrlKey && !e.metaKey && e.charCode >= 32) _infercalc_char(e.charCode);
  }, true);
  window.addEventListener("keyup", function(e) { if (ours(e)) key(e.keyCode, 0); }, true);
  window.addEventListener("blur", function() { for (var k in down) if (down[k]) key(+k, 0); }, true);
  var mouse = function(e, b) {
    var r = c.getBoundingClientRect();
    _infercalc_mouse((e.clientX - r.left) * c.width / r.width, (e.clientY - r.top) * c.height / r.height, b);
  };
  c.addEventListener("mousemove", function(e) { mouse(e, -1); }, true);
  c.addEventListener("mousedown", function(e) { mouse(e, e.button == 1 ? 2 : e.button > 0 ? 1 : 0); }, true);
  c.addEventListener("mouseup", function(e) { mouse(e, e.button == 1 ? 12 : e.button > 0 ? 11 : 10); }, true);
});

EM_JS(char*, js_location_hash, (), {
  var s = location.hash;
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});

EM_JS(void, js_set_hash, (const char* fragment, int push), {
  var f = UTF8ToString(fragment);
  if (location.hash == f) return;
  var url = f.length > 1 ? f : location.pathname + location.search;
  if (push) history.pushState(null, "", url);
  else history.replaceState(history.state, "", url);
});

EM_JS(char*, js_share_url, (const char* fragment), {
  var s = location.origin + location.pathname + location.search + UTF8ToString(fragment);
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});

// The last text copied or pasted: browsers give no synchronous clipboard read, so
// ImGui's paste returns what the page's paste event delivered (or our own copy). A
// paste while no ImGui text field has the focus goes to the app (a pasted link).
EM_JS(void, js_install_clipboard, (), {
  Module.clipboardText = "";
  document.addEventListener("paste", function(e) {
    if (!e.clipboardData) return;
    var text = e.clipboardData.getData("text/plain");
    Module.clipboardText = text;
    if (!Module.ccall("infercalc_wants_text", "number", [], [])) Module.ccall("infercalc_pasted", null, ["string"], [text]);
  });
});

// navigator.clipboard.readText asks for permission and may be refused: then the app
// gets "" and tells the user to press Ctrl+V instead.
EM_JS(void, js_request_paste, (), {
  var deliver = function(text) { Module.ccall("infercalc_pasted", null, ["string"], [text]); };
  if (!navigator.clipboard || !navigator.clipboard.readText) { deliver(""); return; }
  navigator.clipboard.readText().then(deliver, function() { deliver(""); });
});

// A Blob behind a temporary <a download>: no request leaves the page.
EM_JS(void, js_download, (const char* name, const char* mime, const char* data, int size), {
  var bytes = HEAPU8.slice(data, data + size);
  var url = URL.createObjectURL(new Blob([bytes], {type: UTF8ToString(mime)}));
  var a = document.createElement("a");
  a.href = url;
  a.download = UTF8ToString(name);
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(function() { URL.revokeObjectURL(url); }, 10000);
});

// Touch: a press and release at once (what a touch as a mouse would give) is never seen
// by ImGui 1.86, so the canvas's touch events feed touch.cpp one finger at a time and
// cancel on a second (a pinch neither zooms nor taps). preventDefault keeps the
// browser from scrolling, zooming and sending the compatibility mouse events; a real
// mouse moving hands the pointer back to it (infercalc_mouse). Times are the events'
// own (when the finger moved), not when the handler ran.
EM_JS(void, js_install_touch, (), {
  var c = Module.canvas;
  var finger = null;
  var at = function(t) {
    var r = c.getBoundingClientRect();
    var k = c.width / r.width;
    return [(t.clientX - r.left) * k, (t.clientY - r.top) * k];
  };
  var ours = function(e) {
    for (var i = 0; i < e.changedTouches.length; ++i)
      if (e.changedTouches[i].identifier === finger) return e.changedTouches[i];
    return null;
  };
  var opts = {passive: false};
  c.addEventListener("touchstart", function(e) {
    e.preventDefault();
    var entry = document.getElementById("text-entry");
    if (entry && document.activeElement === entry) entry.blur();
    if (e.touches.length > 1 || finger !== null) { finger = null; _infercalc_touch_cancel(); return; }
    var t = e.changedTouches[0];
    finger = t.identifier;
    var p = at(t);
    _infercalc_touch_start(p[0], p[1], e.timeStamp);
  }, opts);
  c.addEventListener("touchmove", function(e) {
    e.preventDefault();
    var t = ours(e);
    if (!t) return;
    var p = at(t);
    _infercalc_touch_move(p[0], p[1], e.timeStamp);
  }, opts);
  c.addEventListener("touchend", function(e) {
    e.preventDefault();
    var t = ours(e);
    if (!t) return;
    finger = null;
    var p = at(t);
    _infercalc_touch_end(p[0], p[1], e.timeStamp);
  }, opts);
  c.addEventListener("touchcancel", function() { finger = null; _infercalc_touch_cancel(); });
  document.addEventListener("gesturestart", function(e) { e.preventDefault(); });
  Module.placeTextEntry = function(x0, y0, x1, y1) {
    var el = document.getElementById("text-entry");
    if (!el) return;
    var r = c.getBoundingClientRect();
    var k = c.width / r.width;
    el.style.left = (r.left + x0 / k) + "px";
    el.style.top = (r.top + y0 / k) + "px";
    el.style.width = ((x1 - x0) / k) + "px";
    el.style.height = ((y1 - y0) / k) + "px";
  };
});

EM_JS(int, js_coarse_pointer, (), {
  return window.matchMedia && window.matchMedia("(pointer: coarse)").matches ? 1 : 0;
});

// The text entry: one <input> (or <textarea> for a multi-line field) over the field
// the finger tapped, focused within the touch's own event so that every browser opens
// its keyboard. What it holds goes to the app on every change; Enter, Done or leaving
// it commits. Coordinates in framebuffer pixels, as the app draws.
EM_JS(void, js_open_text_entry, (int kind, float x0, float y0, float x1, float y1, float em, const char* text,
                                 const char* fg, const char* bg, const char* edge), {
  var multi = kind == 3;
  var el = document.getElementById("text-entry");
  if (el && el.tagName != (multi ? "TEXTAREA" : "INPUT")) { el.remove(); el = null; }
  if (!el) {
    el = document.createElement(multi ? "textarea" : "input");
    el.id = "text-entry";
    if (!multi) el.type = "text";
    el.setAttribute("autocomplete", "off");
    el.setAttribute("autocapitalize", "off");
    el.setAttribute("autocorrect", "off");
    el.spellcheck = false;
    el.addEventListener("input", function() { Module.ccall("infercalc_text_entry_input", null, ["string"], [el.value]); });
    el.addEventListener("keydown", function(e) {
      if (e.key === "Enter" && !multi) { e.preventDefault(); el.blur(); }
    });
    el.addEventListener("blur", function() {
      if (el.style.display == "none") return;
      el.style.display = "none";
      _infercalc_text_entry_done();
    });
    document.body.appendChild(el);
  }
  el.setAttribute("inputmode", ["text", "numeric", "decimal", "text"][kind]);
  el.setAttribute("enterkeyhint", multi ? "enter" : "done");
  el.setAttribute("aria-label", "Edit the field");
  el.value = UTF8ToString(text);
  el.style.color = UTF8ToString(fg);
  el.style.background = UTF8ToString(bg);
  el.style.borderColor = UTF8ToString(edge);
  var k = Module.canvas.width / Module.canvas.getBoundingClientRect().width;
  el.style.fontSize = Math.max(16, em / k) + "px";  // smaller text makes iOS zoom the page
  el.style.display = "block";
  Module.placeTextEntry(x0, y0, x1, y1);
  el.focus();
  if (!multi) el.select();
});

EM_JS(void, js_place_text_entry, (float x0, float y0, float x1, float y1), { Module.placeTextEntry(x0, y0, x1, y1); });

EM_JS(void, js_close_text_entry, (), {
  var el = document.getElementById("text-entry");
  if (!el || el.style.display == "none") return;
  el.style.display = "none";
  if (document.activeElement === el) el.blur();
  Module.canvas.focus();
});

EM_JS(int, js_prefers_light, (), {
  return window.matchMedia && window.matchMedia("(prefers-color-scheme: light)").matches ? 1 : 0;
});

EM_JS(char*, js_system_language, (), {
  var s = navigator.language || "";
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});

// localStorage throws where storage is disabled: preferences then last one visit.
EM_JS(char*, js_read_preferences, (), {
  var s = "";
  try { s = localStorage.getItem("infercalc.settings") || ""; } catch (e) {}
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});

EM_JS(int, js_write_preferences, (const char* json), {
  try { localStorage.setItem("infercalc.settings", UTF8ToString(json)); return 1; } catch (e) { return 0; }
});

EM_JS(void, js_bench_done, (const char* json), {
  if (Module.onBenchDone) Module.onBenchDone(UTF8ToString(json));
});

EM_JS(void, js_clipboard_write, (const char* text), {
  var s = UTF8ToString(text);
  Module.clipboardText = s;
  if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(s).catch(function() {});
});

EM_JS(char*, js_clipboard_read, (), {
  var s = Module.clipboardText || "";
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});

EM_JS(void, js_set_cursor, (const char* css), { Module.canvas.style.cursor = UTF8ToString(css); });

EM_JS(void, js_first_frame, (), {
  if (Module.onFirstFrame) Module.onFirstFrame();
});

EM_JS(void, js_announce, (const char* text), {
  if (Module.onAnnounce) Module.onAnnounce(UTF8ToString(text));
});

EM_JS(void, js_set_document_language, (const char* code), { document.documentElement.lang = UTF8ToString(code); });

EM_JS(void, js_fail, (const char* message), {
  if (Module.onFail) Module.onFail(UTF8ToString(message));
});

std::string take_js_string(char* p) {
  std::string s = p ? p : "";
  std::free(p);
  return s;
}

const char* css_cursor(ImGuiMouseCursor c) {
  switch (c) {
    case ImGuiMouseCursor_None: return "none";
    case ImGuiMouseCursor_TextInput: return "text";
    case ImGuiMouseCursor_ResizeAll: return "move";
    case ImGuiMouseCursor_ResizeNS: return "ns-resize";
    case ImGuiMouseCursor_ResizeEW: return "ew-resize";
    case ImGuiMouseCursor_ResizeNESW: return "nesw-resize";
    case ImGuiMouseCursor_ResizeNWSE: return "nwse-resize";
    case ImGuiMouseCursor_Hand: return "pointer";
    case ImGuiMouseCursor_NotAllowed: return "not-allowed";
    default: return "default";
  }
}

// --- Text entry on touch screens ---------------------------------------------------

// A text field the app drew (platform::text_field): its box, and the part of it its
// window shows (what a finger can hit).
struct Field {
  std::string name;
  ImVec2 min, max;
  ImVec2 hit_min, hit_max;
  infercalc::platform::TextKind kind;
  std::string text;
  int order;      // its root window's place in ImGui's display order: higher is in front
  ImGuiID window;
};

// ImGui takes a tap in three frames; a field not active half a second after its tap
// never will be (the tap went elsewhere), and what was typed for it is dropped.
constexpr int kEntryWaitFrames = 30;

struct TextEntry {
  std::vector<Field> drawing;        // reported by the frame being drawn
  std::vector<Field> drawn;          // by the last complete frame: what taps hit
  std::string open;                  // the field the DOM element is over; empty = closed
  ImVec2 placed_min, placed_max;
  int open_frames = 0;
  bool seen_active = false;          // ImGui's field has had the keyboard since it opened
  std::optional<std::string> typed;  // the element's text, not yet given to ImGui
  bool commit = false;               // Enter, after `typed`
  int hold = 0;                      // frames between the text and the Enter
  int waiting_frames = 0;            // since `typed` or `commit` arrived
};

TextEntry& entry() {
  static TextEntry e;
  return e;
}

std::string css_color(ImGuiCol c) {
  const ImVec4 v = ImGui::GetStyle().Colors[c];
  char buf[64];
  std::snprintf(buf, sizeof buf, "rgb(%d,%d,%d)", static_cast<int>(v.x * 255), static_cast<int>(v.y * 255),
                static_cast<int>(v.z * 255));
  return buf;
}

void open_entry(const Field& f) {
  TextEntry& e = entry();
  e.open = f.name;
  e.placed_min = f.min;
  e.placed_max = f.max;
  e.open_frames = 0;
  e.seen_active = false;
  js_open_text_entry(static_cast<int>(f.kind), f.min.x, f.min.y, f.max.x, f.max.y, ImGui::GetFontSize(), f.text.c_str(),
                     css_color(ImGuiCol_Text).c_str(), css_color(ImGuiCol_FrameBg).c_str(),
                     css_color(ImGuiCol_NavHighlight).c_str());
}

void close_entry() {
  entry().open.clear();
  js_close_text_entry();
}

// The tapped field: the one under (x, y) in the frontmost window (a combo's search box
// over the fields its popup hides).
const Field* field_at(float x, float y) {
  const Field* hit = nullptr;
  for (const Field& f : entry().drawn)
    if (x >= f.hit_min.x && x < f.hit_max.x && y >= f.hit_min.y && y < f.hit_max.y && (!hit || f.order >= hit->order))
      hit = &f;
  return hit;
}

// Replaces the active ImGui field's text with `text`: Ctrl+A, then the characters
// (Delete when empty), as a keyboard would type them.
void type_into_imgui(const std::string& text) {
  namespace glue = infercalc::platform::glue;
  glue::queue_key(glue::key::LeftControl, glue::kPress, glue::kModControl);
  glue::queue_key(glue::key::A, glue::kPress, glue::kModControl);
  glue::queue_key(glue::key::A, glue::kRelease, glue::kModControl);
  glue::queue_key(glue::key::LeftControl, glue::kRelease, 0);
  if (text.empty()) {
    glue::queue_key(glue::key::Delete, glue::kPress, 0);
    glue::queue_key(glue::key::Delete, glue::kRelease, 0);
  }
  const char* p = text.c_str();
  const char* end = p + text.size();
  while (p < end) {
    unsigned c = 0;
    const int n = ImTextCharFromUtf8(&c, p, end);
    if (n <= 0) break;
    p += n;
    if (c != '\r') glue::queue_char(c);
  }
}

// After each frame: the element follows its field (or closes when the field is gone or
// lost the keyboard), and what was typed goes to ImGui once its field is active.
void sync_text_entry() {
  TextEntry& e = entry();
  std::swap(e.drawn, e.drawing);
  e.drawing.clear();
  const bool active = ImGui::GetIO().WantTextInput;
  if (e.typed || e.commit) {
    ++e.waiting_frames;
    if (active && e.typed) {
      type_into_imgui(*e.typed);
      e.typed.reset();
      e.hold = 2;
    } else if (active && e.commit) {
      if (--e.hold < 0) {
        namespace glue = infercalc::platform::glue;
        glue::queue_key(glue::key::Enter, glue::kPress, 0);
        glue::queue_key(glue::key::Enter, glue::kRelease, 0);
        e.commit = false;
      }
    } else if (e.waiting_frames > kEntryWaitFrames) {
      e.typed.reset();
      e.commit = false;
    }
  }
  if (e.open.empty()) return;
  const Field* f = nullptr;
  for (const Field& x : e.drawn)
    if (x.name == e.open) f = &x;
  ++e.open_frames;
  if (active) e.seen_active = true;
  const bool lost = e.seen_active ? !active && !e.typed && !e.commit : e.open_frames > kEntryWaitFrames;
  if (!f || lost) {
    close_entry();
    return;
  }
  // The on-screen keyboard shrinks the page (interactive-widget=resizes-content): the
  // field scrolls up to stay above it.
  const float margin = ImGui::GetFrameHeight() * 0.5f;
  const float below = f->max.y + margin - ImGui::GetIO().DisplaySize.y;
  if (below > 0) infercalc::platform::touch::scroll_content(f->window, below);
  if (f->min.x != e.placed_min.x || f->min.y != e.placed_min.y || f->max.x != e.placed_max.x ||
      f->max.y != e.placed_max.y) {
    e.placed_min = f->min;
    e.placed_max = f->max;
    js_place_text_entry(f->min.x, f->min.y, f->max.x, f->max.y);
  }
}

// Browser wheel deltas, converted to ImGui's units (1 = one notch of a wheel; positive
// = up/left): Chromium and Firefox report 100 px or 3 lines per notch.
EM_BOOL on_wheel(int, const EmscriptenWheelEvent* e, void*) {
  double per_notch = 1;
  if (e->deltaMode == DOM_DELTA_PIXEL) per_notch = 100;
  if (e->deltaMode == DOM_DELTA_LINE) per_notch = 3;
  ImGuiIO& io = ImGui::GetIO();
  io.MouseWheel -= static_cast<float>(e->deltaY / per_notch);
  io.MouseWheelH -= static_cast<float>(e->deltaX / per_notch);
  return EM_TRUE;  // the page itself never scrolls
}

void set_clipboard_for_imgui(void*, const char* text) { infercalc::platform::set_clipboard(text); }

const char* clipboard_for_imgui(void*) {
  static std::string text;
  text = infercalc::platform::clipboard();
  return text.c_str();
}

// --- ImGui's input, as imgui_impl_glfw fed it from Emscripten's GLFW port -------------

struct Input {
  int display[2] = {1, 1};  // the canvas backing store, pixels
  double last_ms = 0;       // the previous frame's time; 0 = none yet
  ImVec2 mouse{0, 0};       // the port started its pointer at the canvas's corner
  int buttons = 0;          // bit i: GLFW mouse button i is down
  bool pressed[ImGuiMouseButton_COUNT] = {};  // went down since the last frame
  bool held[infercalc::platform::glue::key::Last + 1] = {};  // GLFW keys down (repeats, modifiers)
};

Input& input() {
  static Input in;
  return in;
}

// The glue's keyboard events into io.KeysDown, as ImGui_ImplGlfw_KeyCallback does
// (repeats change nothing; the modifiers follow either side's key).
void imgui_key(int key, int, int action, int) {
  ImGuiIO& io = ImGui::GetIO();
  if (key >= 0 && key < IM_ARRAYSIZE(io.KeysDown)) {
    if (action == infercalc::platform::glue::kPress) io.KeysDown[key] = true;
    if (action == infercalc::platform::glue::kRelease) io.KeysDown[key] = false;
  }
  // GLFW_KEY_LEFT_/RIGHT_ SHIFT 340/344, CONTROL 341/345, ALT 342/346, SUPER 343/347.
  io.KeyShift = io.KeysDown[340] || io.KeysDown[344];
  io.KeyCtrl = io.KeysDown[341] || io.KeysDown[345];
  io.KeyAlt = io.KeysDown[342] || io.KeysDown[346];
  io.KeySuper = io.KeysDown[343] || io.KeysDown[347];
}

void imgui_char(unsigned codepoint) { ImGui::GetIO().AddInputCharacter(codepoint); }

// ImGui_ImplGlfw_NewFrame's work: display size, time step (1/60 s for the first
// frame), the pointer and the buttons (a press since the last frame counts as down for
// this one, so that a click shorter than a frame is not lost).
void imgui_new_frame() {
  Input& in = input();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(in.display[0]), static_cast<float>(in.display[1]));
  const double now = emscripten_get_now();
  io.DeltaTime = in.last_ms > 0 ? static_cast<float>((now - in.last_ms) / 1000) : 1.0f / 60.0f;
  in.last_ms = now;
  for (int i = 0; i < ImGuiMouseButton_COUNT; ++i) {
    io.MouseDown[i] = in.pressed[i] || (in.buttons >> i & 1);
    in.pressed[i] = false;
  }
  io.MousePos = in.mouse;
}

// Physical pixels: the display is the backing store, one ImGui unit per pixel. Touch
// then overrides the pointer the mouse gave. A finger that moves less than
// 10 CSS px still taps (about Android's touch slop, ViewConfiguration: 8 dp).
void after_new_frame() {
  ImGui::GetIO().DisplayFramebufferScale = ImVec2(1, 1);
  infercalc::platform::touch::apply(emscripten_get_now(), 10 * infercalc::platform::pixel_scale());
}

void iterate() {
  namespace glue = infercalc::platform::glue;
  Input& in = input();
  js_sync_canvas_size(in.display);
  const bool benchmarking = glue::bench_running();
  const int frame = glue::render_frame(infercalc::platform::pixel_scale(), after_new_frame);
  glViewport(0, 0, in.display[0], in.display[1]);
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  static ImGuiMouseCursor cursor = ImGuiMouseCursor_COUNT;
  if (ImGui::GetMouseCursor() != cursor) {
    cursor = ImGui::GetMouseCursor();
    js_set_cursor(css_cursor(cursor));
  }
  sync_text_entry();
  if (frame == 0) js_first_frame();
  if (benchmarking && !glue::bench_running()) js_bench_done(glue::bench_json().c_str());
}

EM_BOOL animation_frame(double, void*) {
  iterate();
  return EM_TRUE;
}

}  // namespace

namespace infercalc::platform {

// The page's title is its own (web/index.html): `title` is the desktop window's.
bool init(int, char**, const char*, int& exit_code) {
  // What the GLFW port asked for (its default hints: 8 bits of alpha, 24 of depth, 8 of
  // stencil, no multisampling), as WebGL 2.
  EmscriptenWebGLContextAttributes attributes;
  emscripten_webgl_init_context_attributes(&attributes);
  attributes.alpha = EM_TRUE;
  attributes.depth = EM_TRUE;
  attributes.stencil = EM_TRUE;
  attributes.antialias = EM_FALSE;
  attributes.majorVersion = 2;
  attributes.minorVersion = 0;
  const EMSCRIPTEN_WEBGL_CONTEXT_HANDLE context = emscripten_webgl_create_context("#canvas", &attributes);
  if (context <= 0 || emscripten_webgl_make_context_current(context) != EMSCRIPTEN_RESULT_SUCCESS) {
    js_fail("WebGL 2 is not available in this browser.");
    exit_code = 1;
    return false;
  }
  glue::create_context({imgui_key, imgui_char, imgui_new_frame});
  ImGuiIO& io = ImGui::GetIO();
  io.BackendPlatformName = "infercalc_web";
  io.BackendFlags |= ImGuiBackendFlags_HasMouseCursors;  // the CSS cursor follows ImGui's
  io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;  // ... set here, not by a backend
  // ImGui's keys, at GLFW's numbers (imgui_glue.h), as imgui_impl_glfw maps them.
  const int keys[][2] = {{ImGuiKey_Tab, 258},       {ImGuiKey_LeftArrow, 263}, {ImGuiKey_RightArrow, 262},
                         {ImGuiKey_UpArrow, 265},   {ImGuiKey_DownArrow, 264}, {ImGuiKey_PageUp, 266},
                         {ImGuiKey_PageDown, 267},  {ImGuiKey_Home, 268},      {ImGuiKey_End, 269},
                         {ImGuiKey_Insert, 260},    {ImGuiKey_Delete, 261},    {ImGuiKey_Backspace, 259},
                         {ImGuiKey_Space, 32},      {ImGuiKey_Enter, 257},     {ImGuiKey_Escape, 256},
                         {ImGuiKey_KeyPadEnter, 335}, {ImGuiKey_A, 65},        {ImGuiKey_C, 67},
                         {ImGuiKey_V, 86},          {ImGuiKey_X, 88},          {ImGuiKey_Y, 89},
                         {ImGuiKey_Z, 90}};
  for (const auto& k : keys) io.KeyMap[k[0]] = k[1];
  io.SetClipboardTextFn = set_clipboard_for_imgui;
  io.GetClipboardTextFn = clipboard_for_imgui;
  ImGui_ImplOpenGL3_Init(nullptr);
  emscripten_set_wheel_callback("#canvas", nullptr, EM_TRUE, on_wheel);
  js_install_input();
  js_install_clipboard();
  js_install_touch();
  return true;
}

std::string initial_link() { return take_js_string(js_location_hash()); }

const Startup& startup() {
  static const Startup none;
  return none;
}

void set_exit_code(int) {}

// Never returns: main() unwinds to the browser, which calls animation_frame from then on.
int run(Callbacks callbacks) {
  glue::set_callbacks(std::move(callbacks));
  iterate();  // the first frame now, not one animation frame later
  emscripten_request_animation_frame_loop(animation_frame, nullptr);
  emscripten_unwind_to_js_event_loop();
}

void shutdown() {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui::DestroyContext();
}

void set_link(const std::string& fragment, History how) { js_set_hash(fragment.c_str(), how == History::Push); }

std::string share_url(const std::string& fragment) { return take_js_string(js_share_url(fragment.c_str())); }

void set_clipboard(const std::string& text) { js_clipboard_write(text.c_str()); }

std::string clipboard() { return take_js_string(js_clipboard_read()); }

void request_paste() { js_request_paste(); }

float pixel_scale() { return static_cast<float>(emscripten_get_device_pixel_ratio()); }

void announce(const std::string& text) { js_announce(text.c_str()); }

bool coarse_pointer() { return js_coarse_pointer() != 0; }

void text_field(std::string_view name, float x0, float y0, float x1, float y1, TextKind kind, std::string_view text) {
  ImGuiContext& g = *GImGui;
  ImRect hit(x0, y0, x1, y1);
  hit.ClipWith(g.CurrentWindow->ClipRect);
  if (hit.Min.x > hit.Max.x || hit.Min.y > hit.Max.y) hit = ImRect(0, 0, 0, 0);
  ImGuiWindow* root = g.CurrentWindow->RootWindow;
  const int order = g.Windows.contains(root) ? g.Windows.index_from_ptr(g.Windows.find(root)) : 0;
  entry().drawing.push_back({std::string(name), ImVec2(x0, y0), ImVec2(x1, y1), hit.Min, hit.Max, kind,
                             std::string(text), order, g.CurrentWindow->ID});
}

void set_document_language(const std::string& code) { js_set_document_language(code.c_str()); }

std::string system_language() { return take_js_string(js_system_language()); }
bool system_prefers_light() { return js_prefers_light() != 0; }

std::string read_preferences() { return take_js_string(js_read_preferences()); }

std::optional<Error> write_preferences(const std::string& json) {
  if (js_write_preferences(json.c_str())) return std::nullopt;
  return Error{"settings", "the browser refused to store them (localStorage)"};
}

bool has_files() { return false; }

Expected<std::string> read_file(const std::string& path) { return Error{path, "no file system in the browser"}; }
bool has_file_system() { return false; }

std::optional<Error> write_file_atomic(const std::string& path, std::string_view) {
  return Error{path, "no file system in the browser"};
}

std::string default_directory() { return ""; }

bool download(const std::string& file_name, const std::string& mime_type, const std::string& content) {
  js_download(file_name.c_str(), mime_type.c_str(), content.data(), static_cast<int>(content.size()));
  return true;
}

}  // namespace infercalc::platform

// The page's window.infercalc (web/page.js) calls these. Strings returned stay valid
// until the next call of the same function.
extern "C" {

EMSCRIPTEN_KEEPALIVE const char* infercalc_link() {
  static std::string s;
  s = infercalc::platform::glue::callbacks().link();
  return s.c_str();
}

// window.infercalc.setLink: a new history entry.
EMSCRIPTEN_KEEPALIVE void infercalc_set_link(const char* fragment) {
  infercalc::platform::glue::callbacks().apply_link(fragment ? fragment : "", infercalc::platform::LinkSource::Request);
}

// popstate / hashchange: the URL already holds `fragment`.
EMSCRIPTEN_KEEPALIVE void infercalc_navigated(const char* fragment) {
  infercalc::platform::glue::callbacks().apply_link(fragment ? fragment : "",
                                                     infercalc::platform::LinkSource::Navigation);
}

EMSCRIPTEN_KEEPALIVE void infercalc_pasted(const char* text) { infercalc::platform::glue::queue_paste(text ? text : ""); }

// The canvas's touch events (js_install_touch), in framebuffer pixels. A tap on a text
// field opens the text entry over it, within the touch's event.
EMSCRIPTEN_KEEPALIVE void infercalc_touch_start(float x, float y, double t_ms) { infercalc::platform::touch::start(x, y, t_ms); }
EMSCRIPTEN_KEEPALIVE void infercalc_touch_move(float x, float y, double t_ms) { infercalc::platform::touch::move(x, y, t_ms); }
EMSCRIPTEN_KEEPALIVE void infercalc_touch_end(float x, float y, double t_ms) {
  if (!infercalc::platform::touch::end(x, y, t_ms)) return;
  if (const Field* f = field_at(x, y)) open_entry(*f);
}
EMSCRIPTEN_KEEPALIVE void infercalc_touch_cancel() { infercalc::platform::touch::cancel(); }

// The keyboard and the mouse (js_install_input). A key: its GLFW number, the DOM's key
// code, down or up; a repeat is a press of a key already down (GLFW_REPEAT), the
// modifiers are those held (GLFW_MOD_SHIFT 1, CONTROL 2, ALT 4, SUPER 8).
EMSCRIPTEN_KEEPALIVE void infercalc_key(int key, int dom_code, int down) {
  namespace glue = infercalc::platform::glue;
  Input& in = input();
  if (key < 0 || key > glue::key::Last) return;
  const int action = down ? (in.held[key] ? glue::kRepeat : glue::kPress) : glue::kRelease;
  in.held[key] = down != 0;
  const int mods = (in.held[340] ? 1 : 0) | (in.held[341] ? 2 : 0) | (in.held[342] ? 4 : 0) | (in.held[343] ? 8 : 0);
  glue::queue_key(key, action, mods, dom_code);
}
EMSCRIPTEN_KEEPALIVE void infercalc_char(unsigned codepoint) { infercalc::platform::glue::queue_char(codepoint); }
// The pointer in backing-store pixels, and `button`: -1 a move (a real mouse: it takes
// the pointer back from touch), 0-2 that button pressed, 10-12 released.
EMSCRIPTEN_KEEPALIVE void infercalc_mouse(float x, float y, int button) {
  Input& in = input();
  in.mouse = ImVec2(x, y);
  if (button < 0) {
    infercalc::platform::touch::mouse_used();
  } else if (button < 10) {
    in.buttons |= 1 << button;
    in.pressed[button] = true;
  } else {
    in.buttons &= ~(1 << (button - 10));
  }
}

// The text entry's text changed / it was committed (Enter, Done, or left).
EMSCRIPTEN_KEEPALIVE void infercalc_text_entry_input(const char* text) {
  entry().typed = text ? text : "";
  entry().waiting_frames = 0;
}
EMSCRIPTEN_KEEPALIVE void infercalc_text_entry_done() {
  entry().open.clear();
  entry().commit = true;
  entry().waiting_frames = 0;
}

EMSCRIPTEN_KEEPALIVE int infercalc_wants_text() { return ImGui::GetIO().WantTextInput ? 1 : 0; }

// window.infercalc.benchFrames(n): Module.onBenchDone gets glue::bench_json() after n frames.
EMSCRIPTEN_KEEPALIVE void infercalc_bench_start(int frames) { infercalc::platform::glue::bench_start(frames); }

EMSCRIPTEN_KEEPALIVE const char* infercalc_results() {
  static std::string s;
  s = infercalc::platform::glue::callbacks().results();
  return s.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* infercalc_ui_rect(const char* name) {
  static std::string s;
  s = infercalc::platform::glue::callbacks().ui_rect(name ? name : "");
  return s.c_str();
}

}  // extern "C"
