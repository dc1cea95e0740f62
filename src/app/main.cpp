// Platform entry point for the desktop app (`tmx-app`) and the web module (`explorer`):
// SDL2 window + OpenGL 3 / WebGL2 context, Dear ImGui, and the main loop around tmx::App.
//
// [SECTION] Web API (exported to JavaScript)
// [SECTION] Events
// [SECTION] Frame
// [SECTION] Setup and main
#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#include <emscripten.h>
#else
#include <SDL_opengl.h>
#endif

#include "app/app.h"
#include "app/control_layer.h"
#include "app/keyboard_nav.h"
#include "app/present.h"
#include "app/render/gl_texture.h"
#include "app/platform.h"
#include "app/text_input.h"
#include "app/touch_input.h"
#include "ui/sliced_job.h"
#include "ui/fonts.h"
#include "ui/i18n.h"
#include "ui/export.h"
#include "ui/host.h"
#include "ui/image.h"
#include "ui/opaque_fill.h"

static_assert(SDL_MAJOR_VERSION == 2, "SDL2 headers required (emcc also ships SDL 1.3 headers)");

namespace {

struct Platform {
  SDL_Window* window = nullptr;
  SDL_GLContext gl = nullptr;
  std::unique_ptr<tmx::App> app;
  float font_scale = 0.0f;  // pixel ratio the font atlas was built for
  bool gl_objects = false;  // ImGui's shaders and font texture exist (made with the first atlas)
  bool quit = false;
  std::string status;       // storage for tmx_status_json's and tmx_catalog_json's return value
};
Platform g;

}  // namespace

// ui::fill_opaque_rect's clears (ui/opaque_fill.h): the pixels a triangle over its rect would
// cover (centres inside, GL's rule) within the scissor imgui_impl_opengl3 would set for this command
// (truncated as it does), cleared to its colour. GL's y axis points up.
static void clear_rect_callback(const ImDrawList*, const ImDrawCmd* cmd) {
  const auto* r = static_cast<const tmx::ui::ClearRect*>(cmd->UserCallbackData);
  const ImDrawData* dd = ImGui::GetDrawData();
  const ImVec2 o = dd->DisplayPos, s = dd->FramebufferScale;
  const int fb_h = static_cast<int>(dd->DisplaySize.y * s.y);
  const float cx0 = (cmd->ClipRect.x - o.x) * s.x, cy0 = (cmd->ClipRect.y - o.y) * s.y;
  const float cx1 = (cmd->ClipRect.z - o.x) * s.x, cy1 = (cmd->ClipRect.w - o.y) * s.y;
  if (cx1 <= cx0 || cy1 <= cy0) return;
  const int sx = static_cast<int>(cx0), sw = static_cast<int>(cx1 - cx0);
  const int sy = static_cast<int>(fb_h - cy1), sh = static_cast<int>(cy1 - cy0);
  const auto first = [](float v) { return static_cast<int>(std::ceil(v - 0.5f)); };  // first pixel centre >= v
  const int x0 = std::max(sx, first((r->min.x - o.x) * s.x)), x1 = std::min(sx + sw, first((r->max.x - o.x) * s.x));
  const int y0 = std::max(sy, fb_h - first((r->max.y - o.y) * s.y)), y1 = std::min(sy + sh, fb_h - first((r->min.y - o.y) * s.y));
  if (x1 <= x0 || y1 <= y0) return;
  glScissor(x0, y0, x1 - x0, y1 - y0);  // the backend sets the scissor again for each command
  const ImVec4 c = ImGui::ColorConvertU32ToFloat4(r->col);
  glClearColor(c.x, c.y, c.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
}

//-----------------------------------------------------------------------------
// [SECTION] Web API (exported to JavaScript)
//-----------------------------------------------------------------------------
// The shell (wasm_shell/shell.js) wraps these as window.explorer.navigate/status/catalog. Every
// call that changes something wakes a sleeping app (app/present.h); the status reads do not.
extern "C" {
#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
#endif
void tmx_navigate(const char* hash) {
  tmx::present::wake();
  if (g.app && hash) g.app->on_hash(hash);
}

#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
#endif
void tmx_wake() { tmx::present::wake(); }  // the page's input listener, while the app sleeps

#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
#endif
const char* tmx_status_json() {
  g.status = g.app ? g.app->status_json() : "{\"ready\":false}";
  return g.status.c_str();
}

#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
#endif
const char* tmx_catalog_json() {
  g.status = g.app ? g.app->catalog_json() : "{\"notes\":[],\"scenes\":[],\"widgets\":[]}";
  return g.status.c_str();
}

#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
#endif
void tmx_tofu_check(int on) { tmx::ui::set_tofu_check(on != 0), tmx::present::wake(); }  // tests: count missing-glyph boxes

#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
#endif
void tmx_present_always(int on) { tmx::present::set_always(on != 0), tmx::present::wake(); }  // benches: draw every frame, as before

#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
#endif
// tests: the content card and the stage filled by clears (on, the default) or drawn by ImGui (ui/opaque_fill.h)
void tmx_clear_fills(int on) {
  tmx::ui::host().clear_rect = on ? clear_rect_callback : nullptr;
  tmx::present::invalidate();
  tmx::present::wake();
}

#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
#endif
void tmx_slice_budget(double ms) { tmx::ui::set_frame_slice_ms(ms), tmx::present::wake(); }  // tests: long runs in fewer frames

#ifdef __EMSCRIPTEN__
EMSCRIPTEN_KEEPALIVE
#endif
void tmx_debug_language(int zh) { tmx::set_language(zh ? tmx::Lang::Zh : tmx::Lang::En), tmx::present::wake(); }  // tests (no URL yet)

#ifdef __EMSCRIPTEN__
// Back/forward, typed URLs and embedders change the hash. Read it through the capped buffer
// in platform.cpp rather than passing an arbitrarily long string through the JS stack.
EMSCRIPTEN_KEEPALIVE void tmx_on_hashchange() {
  tmx::present::wake();
  if (g.app) g.app->on_hash(tmx::platform::initial_hash());
}
#endif
}

//-----------------------------------------------------------------------------
// [SECTION] Events
//-----------------------------------------------------------------------------
static void handle_event(const SDL_Event& e) {
  ImGuiIO& io = ImGui::GetIO();
  if (e.type == SDL_MOUSEWHEEL) {
    // The 1.86 backend turns every wheel event into ±1; use SDL's precise deltas so
    // trackpads and touch scrolling are smooth (SDL reports 100 CSS px per step on the web).
#ifdef __EMSCRIPTEN__
    io.MouseWheelH -= e.wheel.preciseX / 100.0f;
#else
    io.MouseWheelH += e.wheel.preciseX;
#endif
    io.MouseWheel += e.wheel.preciseY;
    return;
  }
  // Fingers are recognised by app/touch_input (SDL's touch-to-mouse emulation is off).
  if (e.type == SDL_FINGERDOWN || e.type == SDL_FINGERMOTION || e.type == SDL_FINGERUP) {
    int w = 0, h = 0;
    SDL_GetWindowSize(g.window, &w, &h);
    const float x = e.tfinger.x * static_cast<float>(w), y = e.tfinger.y * static_cast<float>(h);
    const double t = SDL_GetTicks() / 1000.0;  // (tfinger.timestamp stays 0 in the web build)
    tmx::TouchInput& ti = tmx::touch_input();
    if (e.type == SDL_FINGERDOWN) ti.finger_down(e.tfinger.fingerId, x, y, t);
    else if (e.type == SDL_FINGERMOTION) ti.finger_move(e.tfinger.fingerId, x, y, t);
    else ti.finger_up(e.tfinger.fingerId, x, y, t);
    return;
  }
  if ((e.type == SDL_MOUSEMOTION && e.motion.which != SDL_TOUCH_MOUSEID) ||
      (e.type == SDL_MOUSEBUTTONDOWN && e.button.which != SDL_TOUCH_MOUSEID))
    tmx::touch_input().mouse_used();
  ImGui_ImplSDL2_ProcessEvent(&e);
  if (e.type == SDL_KEYDOWN || e.type == SDL_KEYUP) {
    // The 1.86 backend reads the modifiers from SDL_GetModState(), i.e. after every queued event:
    // a quick Shift+Tab whose Shift-up arrived in the same frame would be seen as a plain Tab.
    // The event's own modifiers are the ones that were down when this key moved.
    const Uint16 mod = e.key.keysym.mod;
    io.KeyShift = (mod & KMOD_SHIFT) != 0;
    io.KeyCtrl = (mod & KMOD_CTRL) != 0;
    io.KeyAlt = (mod & KMOD_ALT) != 0;
    io.KeySuper = (mod & KMOD_GUI) != 0;
  }
  if (e.type == SDL_WINDOWEVENT) tmx::present::invalidate();  // resized, shown, exposed: draw again
  if (e.type == SDL_QUIT) g.quit = true;
  if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_CLOSE &&
      e.window.windowID == SDL_GetWindowID(g.window))
    g.quit = true;
}

//-----------------------------------------------------------------------------
// [SECTION] Frame
//-----------------------------------------------------------------------------
static float framebuffer_scale() {
  int w = 0, h = 0, dw = 0, dh = 0;
  SDL_GetWindowSize(g.window, &w, &h);
  SDL_GL_GetDrawableSize(g.window, &dw, &dh);
  return w > 0 ? static_cast<float>(dw) / static_cast<float>(w) : 1.0f;
}

// A plot asked to be saved as PNG (ui/export.h): read its rectangle back from the frame just
// rendered (before the swap), flip it to top-down rows and hand it to the platform's save_file.
static void save_png_export(const tmx::ui::PngRequest& r, int fb_h) {
  const float s = ImGui::GetIO().DisplayFramebufferScale.x;
  const int x = static_cast<int>(r.min.x * s), y = static_cast<int>(r.min.y * s);
  const int w = static_cast<int>((r.max.x - r.min.x) * s), h = static_cast<int>((r.max.y - r.min.y) * s);
  if (w <= 0 || h <= 0 || w > 8192 || h > 8192) return;
  std::string px(static_cast<size_t>(w) * h * 4, '\0');
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(x, fb_h - y - h, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  std::string flipped(px.size(), '\0');
  for (int row = 0; row < h; ++row)
    std::copy_n(px.data() + static_cast<size_t>(h - 1 - row) * w * 4, static_cast<size_t>(w) * 4,
                flipped.data() + static_cast<size_t>(row) * w * 4);
  for (size_t i = 3; i < flipped.size(); i += 4) flipped[i] = static_cast<char>(255);
  const std::string png = tmx::ui::encode_png(reinterpret_cast<const unsigned char*>(flipped.data()), w, h);
  if (!png.empty()) tmx::ui::host_save_file(r.filename, png, "image/png");
}

static std::vector<SDL_Event> g_held;  // events held back by the previous frame, oldest first

// ImGui 1.86's SDL backend writes io.KeysDown directly, so a key pressed and released within
// one frame (a quick tap on a slow frame, or an automated key press) would never be seen as
// pressed. A frame takes events in order up to the first key-up whose key-down it already took;
// that key-up and everything after it wait for the next frame, so order is kept: in a quick
// Shift+Tab, Shift's key-up must not reach this frame after Tab's key-up was held back.
static void pump_events() {
  std::vector<SDL_Event>& queue = g_held;
  SDL_Event e;
  while (SDL_PollEvent(&e)) queue.push_back(e);
  std::vector<SDL_Keycode> down_this_frame;
  size_t taken = 0;
  for (; taken < queue.size(); ++taken) {
    const SDL_Event& q = queue[taken];
    if (q.type == SDL_KEYUP && std::find(down_this_frame.begin(), down_this_frame.end(),
                                         q.key.keysym.sym) != down_this_frame.end())
      break;
    if (q.type == SDL_KEYDOWN) down_this_frame.push_back(q.key.keysym.sym);
    handle_event(q);
  }
  queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(taken));
}

// The frame's own CPU work (status().work), and what it leaves sliced work next frame.
static void record_work(std::chrono::steady_clock::time_point t0) {
  const float ms = std::chrono::duration<float, std::milli>(std::chrono::steady_clock::now() - t0).count();
  g.app->record_work(ms);
  tmx::ui::slice_frame_end(ms);
}

// ImGui's GL objects for a new atlas: the first time its shaders and the atlas's texture, once
// (ImGui_ImplOpenGL3_NewFrame would otherwise make them itself, uploading the atlas a second time and
// dropping the first texture without deleting it: up to 20 MB of GPU memory at DPR 3); later a new
// texture. The backend uploads the atlas as RGBA, converted texel by texel, and keeps that copy; on
// the web it makes its texture from a 1-texel stand-in instead, and the atlas goes in as
// LUMINANCE_ALPHA (gl_texture.h): half the bytes, no copy kept (the Chinese atlas at DPR 1, 2048 x
// 3042: 12 MB uploaded instead of 25, and 25 MB of memory freed).
static void make_font_texture() {
#ifdef __EMSCRIPTEN__
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  unsigned char* alpha = nullptr;
  int w = 0, h = 0;
  atlas->GetTexDataAsAlpha8(&alpha, &w, &h);
  unsigned int white = 0xFFFFFFFFu;
  atlas->TexPixelsRGBA32 = &white;  // what the backend's GetTexDataAsRGBA32 returns, with the size below
  atlas->TexWidth = atlas->TexHeight = 1;
#endif
  if (!g.gl_objects) {
    ImGui_ImplOpenGL3_CreateDeviceObjects();
    g.gl_objects = true;
  } else {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
#ifdef __EMSCRIPTEN__
  atlas->TexPixelsRGBA32 = nullptr;
  atlas->TexWidth = w;
  atlas->TexHeight = h;
  tmx::gl::upload_alpha_as_luminance_alpha(atlas->TexID, alpha, w, h);
#endif
}

static void frame() {
  const auto t0 = std::chrono::steady_clock::now();
  pump_events();

  // Re-rasterize fonts when the pixel ratio changes (window moved to a HiDPI screen, zoom).
  // Also when a Chinese font file arrived (ui/fonts.h).
  const float scale = framebuffer_scale();
  if (tmx::ui::fonts_update() || scale != g.font_scale) {
    tmx::ui::build_fonts(scale);
    make_font_texture();
    g.font_scale = scale;
    tmx::present::invalidate();
  }

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  tmx::touch_input().apply(ImGui::GetIO(), SDL_GetTicks() / 1000.0, ImGui::GetIO().DeltaTime);
  tmx::text_input().apply(ImGui::GetIO());
  tmx::keyboard_nav::before_new_frame();
  ImGui::NewFrame();
  tmx::keyboard_nav::after_new_frame();
  g.app->frame(ImGui::GetIO().DeltaTime);
  tmx::control_layer::end_frame();  // the widgets' controls and figures to the page's DOM
  tmx::platform::video_end_frame();  // videos that were not drawn this frame pause
  ImGui::Render();
  if (tmx::ui::tofu_check()) tmx::ui::tofu_scan(ImGui::GetDrawData());
  static tmx::TextInputBridge::Field shown;  // the page's hidden input follows the active text field
  const tmx::TextInputBridge::Field field = tmx::text_input().field();
  if (field != shown) {
    shown = field;
    tmx::platform::text_field_changed(field.active, field.x, field.y, field.h);
  }

  tmx::ui::PngRequest png;
  const bool want_png = tmx::ui::take_png_request(png);  // read back from this frame's pixels
  if (want_png) tmx::present::invalidate();
  if (tmx::ui::slice_spent_ms() > 0) tmx::present::wake();
#ifdef __EMSCRIPTEN__
  // The picture did not change: keep the one on screen (app/present.h). Desktop always draws;
  // its buffer swap is what paces the loop.
  if (!tmx::present::should_present(*ImGui::GetDrawData(), SDL_GetTicks() / 1000.0)) {
    record_work(t0);
    return;
  }
#endif
  int dw = 0, dh = 0;
  SDL_GL_GetDrawableSize(g.window, &dw, &dh);
  glViewport(0, 0, dw, dh);
  const ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  if (want_png) save_png_export(png, dh);
  record_work(t0);
  SDL_GL_SwapWindow(g.window);
}

#ifdef __EMSCRIPTEN__
// An idle page sleeps (app/present.h): its loop runs on a timer, one frame every kSleepTickMs, and
// the browser draws no frames, until an input event, a call from the page, a changed picture or
// sliced work wakes it.

// Back on animation frames now. The pending timer tick belongs to the loop that pause() ends, so it
// does not run; the new loop's first frame is the next animation frame. Also safe inside a frame
// (the runner sees its loop ended and schedules nothing).
EM_JS(void, tmx_loop_on_animation_frames, (), {
  Browser.mainLoop.pause();
  Browser.mainLoop.timingMode = 1;  // EM_TIMING_RAF, every frame
  Browser.mainLoop.timingValue = 1;
  Browser.mainLoop.resume();
});

// Input wakes a sleeping app before SDL's handlers queue it (capture, on the window: every
// element's events), so it is handled on the next animation frame, not a timer tick later.
EM_JS(void, tmx_listen_for_wake, (), {
  var wake = function() { if (Module.tmxAsleep) Module._tmx_wake(); };
  var types = ["pointerdown", "pointermove", "pointerup", "pointercancel", "mousedown", "mousemove", "mouseup", "wheel",
    "touchstart", "touchmove", "touchend", "touchcancel", "keydown", "keyup", "compositionstart", "input", "focus",
    "blur", "resize", "scroll", "visibilitychange", "message", "dragover", "drop", "webglcontextrestored"];
  types.forEach(function(t) { window.addEventListener(t, wake, {capture: true, passive: true}); });
});

// present::asleep() changed (after a frame, or on a wake from the page or from input); Module.tmxAsleep
// tells the input listener whether to call in.
static void on_sleep(bool asleep) {
  if (asleep) {
    emscripten_set_main_loop_timing(EM_TIMING_SETTIMEOUT, tmx::present::kSleepTickMs);  // from the next frame
  } else {
    tmx_loop_on_animation_frames();
  }
  EM_ASM({ Module.tmxAsleep = !!$0; }, asleep);
}

static void web_frame() {
  const bool events = !g_held.empty() || SDL_PeepEvents(nullptr, 0, SDL_PEEKEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT) > 0;
  if (events) tmx::present::wake();
  frame();
  tmx::present::settle_sleep();
}
#endif

//-----------------------------------------------------------------------------
// [SECTION] Setup and main
//-----------------------------------------------------------------------------
static std::string content_root(int argc, char** argv) {
#ifdef __EMSCRIPTEN__
  (void)argc;
  (void)argv;
  return "/content";  // preloaded/embedded into the virtual file system at build time
#else
  if (const char* env = std::getenv("TMX_CONTENT")) return env;
  (void)argc;
  (void)argv;
  return std::string(TMX_SOURCE_DIR) + "/content";
#endif
}

int main(int argc, char** argv) {
#ifdef __EMSCRIPTEN__
  // Keyboard goes to the canvas only, so the rest of the page (and browser shortcuts) keep working.
  SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
#endif
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");  // fingers: app/touch_input.h, not a fake mouse
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_EVENTS) != 0) {
    std::fprintf(stderr, "SDL_Init failed: %s\n", SDL_GetError());
    return 1;
  }
#ifdef __EMSCRIPTEN__
  const char* glsl_version = "#version 300 es";  // WebGL2 = OpenGL ES 3.0
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
#else
  const char* glsl_version = "#version 150";
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, SDL_GL_CONTEXT_FORWARD_COMPATIBLE_FLAG);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 2);
#endif
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
  SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 8);
  const auto flags =
      static_cast<SDL_WindowFlags>(SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  g.window = SDL_CreateWindow("Transformer & Mamba Explorer", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280,
                              800, flags);
  if (!g.window) {
    std::fprintf(stderr, "SDL_CreateWindow failed: %s\n", SDL_GetError());
    return 1;
  }
  g.gl = SDL_GL_CreateContext(g.window);
  if (!g.gl) {
    std::fprintf(stderr, "OpenGL context creation failed: %s\n", SDL_GetError());
    return 1;
  }
  SDL_GL_MakeCurrent(g.window, g.gl);
  SDL_GL_SetSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no imgui.ini: layout is code, state lives in the URL
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  ImGui_ImplSDL2_InitForOpenGL(g.window, g.gl);
  ImGui_ImplOpenGL3_Init(glsl_version);

  // Images and typeset math for the UI layer: RGBA8 -> GL texture (ui stays GL-agnostic).
  tmx::ui::host().create_texture = [](const unsigned char* rgba, int w, int h) {
    tmx::present::invalidate();
    return tmx::gl::upload_rgba(nullptr, rgba, w, h, false);
  };
  // Large heatmaps: one texel per cell, re-uploaded only when the data or colormap change.
  // A new texture's content is not in the draw data: the frame is presented (app/present.h).
  tmx::ui::host().upload_data_texture = [](ImTextureID id, const unsigned char* rgba, int w, int h) {
    tmx::present::invalidate();
    return tmx::gl::upload_rgba(id, rgba, w, h, true);
  };
  tmx::ui::host().free_texture = [](ImTextureID id) {
    tmx::present::invalidate();  // a new texture may get its id
    tmx::gl::free_texture(id);
  };
  tmx_clear_fills(1);
  g.app = std::make_unique<tmx::App>(content_root(argc, argv));
#ifdef __EMSCRIPTEN__
  g.app->on_hash(tmx::platform::initial_hash());
  EM_ASM({ window.addEventListener("hashchange", function() { Module._tmx_on_hashchange(); }); });
  tmx::present::set_on_sleep(on_sleep);
  tmx_listen_for_wake();
  emscripten_set_main_loop(web_frame, 0, 1);
#else
  // Desktop: an optional route as the first argument, e.g. `tmx-app '#/lab/softmax?T=0.5'`.
  if (argc > 1) g.app->on_hash(argv[1]);
  while (!g.quit) frame();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  SDL_GL_DeleteContext(g.gl);
  SDL_DestroyWindow(g.window);
  SDL_Quit();
#endif
  return 0;
}
