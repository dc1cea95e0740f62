// `tmx-render`: draws a Cinema scene offscreen (SDL hidden window + OpenGL 3.2 framebuffer
// object; under Xvfb on a headless machine) and pipes raw RGBA frames into Debian's ffmpeg
// (H.264, yuv420p, +faststart). Normally run through `tmx render-scene`.
//
//   tmx-render <slug> --out FILE.mp4 [--fps 30] [--size 1920x1080] [--from S] [--to S] [--light] [--lang en|zh]
//   tmx-render <slug> --stills DIR [--size 1280x720] [--light] [--lang en|zh]   PNGs at every chapter's start, middle, end
//   tmx-render --list
#define GL_GLEXT_PROTOTYPES 1
#include <filesystem>
#include <SDL.h>
#include <SDL_opengl.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "anim/scene.h"
#include "app/render/gl_texture.h"
#include "anim/scene_registry.h"
#include "ui/fonts.h"
#include "ui/host.h"
#include "ui/i18n.h"
#include "ui/image.h"
#include "ui/math.h"
#include "ui/scene_text.h"
#include "ui/stage_hooks.h"

namespace {

const char* kUsage =
    "usage: tmx render-scene <slug> --out FILE.mp4 [--fps 30] [--size 1920x1080] [--from S] [--to S] [--light]\n"
    "                        [--lang en|zh]\n"
    "       tmx render-scene <slug> --stills DIR [--size 1280x720] [--light] [--lang en|zh]\n"
    "       tmx render-scene --list\n";

int fail(const std::string& msg) {
  std::fprintf(stderr, "tmx render-scene: %s\n", msg.c_str());
  return 2;
}

bool parse_num(const char* s, double lo, double hi, double& out) {
  char* end = nullptr;
  const double v = std::strtod(s, &end);
  if (end == s || *end != 0 || !std::isfinite(v) || v < lo || v > hi) return false;
  out = v;
  return true;
}

// ffmpeg reading raw frames on its stdin; argv only (no shell), so any file name is safe.
struct Encoder {
  pid_t pid = -1;
  FILE* in = nullptr;
  bool start(const std::string& out, int w, int h, int fps) {
    int fds[2];
    if (pipe(fds) != 0) return false;
    const std::string size = std::to_string(w) + "x" + std::to_string(h), rate = std::to_string(fps);
    pid = fork();
    if (pid < 0) return false;
    if (pid == 0) {
      dup2(fds[0], 0);
      close(fds[0]);
      close(fds[1]);
      const char* argv[] = {"ffmpeg", "-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgba",
                            "-s", size.c_str(), "-r", rate.c_str(), "-i", "-", "-vf", "vflip",
                            "-c:v", "libx264", "-preset", "medium", "-crf", "18", "-pix_fmt", "yuv420p",
                            "-movflags", "+faststart", out.c_str(), nullptr};
      execvp("ffmpeg", const_cast<char* const*>(argv));
      std::fprintf(stderr, "tmx render-scene: cannot run ffmpeg (apt-get install ffmpeg)\n");
      _exit(127);
    }
    close(fds[0]);
    in = fdopen(fds[1], "wb");
    return in != nullptr;
  }
  int finish() {
    if (in) fclose(in);
    in = nullptr;
    int status = 0;
    if (pid > 0) waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
  }
};

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);  // ffmpeg failing must surface as an error, not kill us
  std::string slug, out, stills;
  double fps = 30, from = 0, to = -1;
  int W = 1920, H = 1080;
  bool light = false;
  tmx::Lang lang = tmx::Lang::En;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    const char* v = nullptr;
    if (a == "--help" || a == "-h") { std::fputs(kUsage, stdout); return 0; }
    if (a == "--list") {
      for (const auto& s : tmx::anim::scenes()) std::printf("%-28s %s\n", s.slug, s.title);
      return 0;
    }
    if (a == "--light") { light = true; continue; }
    if (a == "--lang") {  // the language of titles, captions and labels (scene_text.cpp / scene_text_zh.cpp)
      if (!(v = next())) return fail("--lang needs en or zh");
      const std::string l = v;
      if (l == "en") lang = tmx::Lang::En;
      else if (l == "zh") lang = tmx::Lang::Zh;
      else return fail("--lang must be en or zh, not '" + l + "'");
      continue;
    }
    if (a == "--stills") { if (!(v = next())) return fail("--stills needs a folder"); stills = v; continue; }
    if (a == "--out") { if (!(v = next())) return fail("--out needs a file name"); out = v; continue; }
    if (a == "--fps") { if (!(v = next()) || !parse_num(v, 1, 120, fps)) return fail("--fps must be 1..120"); continue; }
    if (a == "--from") { if (!(v = next()) || !parse_num(v, 0, 1e6, from)) return fail("--from must be a time >= 0"); continue; }
    if (a == "--to") { if (!(v = next()) || !parse_num(v, 0, 1e6, to)) return fail("--to must be a time >= 0"); continue; }
    if (a == "--size") {
      if (!(v = next()) || std::sscanf(v, "%dx%d", &W, &H) != 2 || W < 64 || H < 64 || W > 3840 || H > 2160 || W % 2 || H % 2)
        return fail("--size must be WxH, even, from 64x64 to 3840x2160");
      continue;
    }
    if (!a.empty() && a[0] == '-') return fail("unknown option " + a + "\n" + kUsage);
    if (!slug.empty()) return fail("one scene at a time");
    slug = a;
  }
  if (slug.empty() || (out.empty() == stills.empty())) { std::fputs(kUsage, stderr); return 2; }
  const tmx::anim::SceneInfo* info = tmx::anim::find_scene(slug);
  if (!info) return fail("unknown scene '" + slug + "' (tmx render-scene --list)");
  tmx::set_language(lang);
  auto scene = info->create();
  const double dur = scene->duration();
  if (to < 0 || to > dur) to = dur;
  if (from >= to) return fail("--from must be before --to (the scene lasts " + std::to_string(dur) + " s)");
  int frames = static_cast<int>(std::lround((to - from) * fps));
  // Stills: a chapter's start (+0.3 s), middle and end (-0.3 s), named slug-cNN-{start,mid,end}.png.
  std::vector<std::pair<float, std::string>> still_times;
  for (size_t k = 0; !stills.empty() && k < scene->chapters().size(); ++k) {
    const auto& cs = scene->chapters();
    const float a = cs[k].start, b = k + 1 < cs.size() ? cs[k + 1].start : static_cast<float>(dur);
    char name[64];
    const float ts[3] = {a + 0.3f, (a + b) / 2, b - 0.3f};
    const char* tag[3] = {"start", "mid", "end"};
    for (int i = 0; i < 3; ++i) {
      std::snprintf(name, sizeof name, "-c%02d-%s.png", static_cast<int>(k + 1), tag[i]);
      still_times.push_back({ts[i], stills + "/" + slug + name});
    }
  }
  if (!stills.empty()) frames = static_cast<int>(still_times.size());
  if (!stills.empty()) {  // the folder is made if missing (a bad path still fails on the first write)
    std::error_code ec;
    std::filesystem::create_directories(stills, ec);
  }

  if (SDL_Init(SDL_INIT_VIDEO) != 0) return fail(std::string("SDL_Init: ") + SDL_GetError() + " (run under xvfb-run)");
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, SDL_GL_CONTEXT_FORWARD_COMPATIBLE_FLAG);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 2);
  SDL_Window* win = SDL_CreateWindow("tmx-render", 0, 0, 64, 64, SDL_WINDOW_OPENGL | SDL_WINDOW_HIDDEN);
  if (!win) return fail(std::string("no window: ") + SDL_GetError());
  SDL_GLContext gl = SDL_GL_CreateContext(win);
  if (!gl) return fail(std::string("no OpenGL 3.2 context: ") + SDL_GetError());

  // Offscreen target.
  GLuint fbo = 0, rb = 0;
  glGenFramebuffers(1, &fbo);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo);
  glGenRenderbuffers(1, &rb);
  glBindRenderbuffer(GL_RENDERBUFFER, rb);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, W, H);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rb);
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) return fail("framebuffer incomplete");

  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(static_cast<float>(W), static_cast<float>(H));
  io.DeltaTime = static_cast<float>(1.0 / fps);
  // Rasterize the fonts near the size the stage draws them (body text ~ 0.3 units = H/30 px).
  const float ratio = std::max(1.0f, H / 540.0f);
  tmx::ui::fonts_update();  // Chinese: reads the CJK subset in place when the language is zh
  tmx::ui::build_fonts(ratio);
  ImGui_ImplOpenGL3_Init("#version 150");
  {  // Characters of the scene's titles and captions the fonts cannot draw (they would show as boxes).
    int missing = 0;
    unsigned first = 0;
    for (const std::string& key : scene->strings()) {
      const std::string text = tmx::ui::scene_text(key);
      for (const char* p = text.c_str(); *p;) {
        unsigned int c = 0;
        const int n = ImTextCharFromUtf8(&c, p, nullptr);
        p += n > 0 ? n : 1;
        if (c >= 0x20 && !tmx::ui::font_has_glyph(c)) {
          if (!missing) first = c;
          ++missing;
        }
      }
    }
    if (missing)
      std::fprintf(stderr, "tmx render-scene: warning: %d characters of the titles and captions (first U+%04X) have no glyph "
                   "in the fonts and draw as boxes%s\n", missing, first,
                   lang == tmx::Lang::Zh ? " (Chinese needs the CJK font in the build)" : "");
  }
  // Scene formulas: the math pipeline's PNGs as GL textures (a missing manifest means plain-text
  // formulas, with a warning, rather than no video).
  tmx::ui::host().create_texture = [](const unsigned char* rgba, int w, int h) {
    return tmx::gl::upload_rgba(nullptr, rgba, w, h, false);
  };
  const char* math_env = std::getenv("TMX_MATH");
  if (!tmx::ui::math_cache().load(math_env ? math_env : TMX_MATH_DIR))
    std::fprintf(stderr, "tmx render-scene: warning: %s; formulas are drawn as text\n", tmx::ui::math_cache().error().c_str());

  Encoder enc;
  if (stills.empty() && !enc.start(out, W, H, static_cast<int>(fps))) return fail("cannot start ffmpeg");
  std::vector<unsigned char> px(static_cast<size_t>(W) * H * 4);
  const tmx::anim::StageFonts fonts = tmx::ui::stage_fonts();
  const tmx::anim::StageMath math = tmx::ui::stage_math();
  const tmx::anim::StageText text = tmx::ui::stage_text();
  int written = 0;
  for (int i = 0; i < frames; ++i) {
    const float t = stills.empty() ? static_cast<float>(from + i / fps) : still_times[i].first;
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    // Letterbox other aspect ratios: the 16:9 stage as large as fits, centred.
    const float sw = std::min(static_cast<float>(W), H * 16.0f / 9.0f);
    const ImVec2 o((W - sw) / 2, (H - sw * 9.0f / 16.0f) / 2);
    tmx::anim::Stage stage(dl, o, sw, fonts, !light, math, text);
    scene->render(stage, t);
    ImGui::Render();
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glViewport(0, 0, W, H);
    glClearColor(0, 0, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);  // the backend may restore another binding
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, W, H, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
    if (!stills.empty()) {  // GL rows run bottom-up
      const size_t row = static_cast<size_t>(W) * 4;
      std::vector<unsigned char> flipped(px.size());
      for (int y = 0; y < H; ++y) std::memcpy(&flipped[y * row], &px[(H - 1 - y) * row], row);
      std::ofstream f(still_times[i].second, std::ios::binary);
      const std::string png = tmx::ui::encode_png(flipped.data(), W, H);
      if (png.empty() || !f.write(png.data(), static_cast<std::streamsize>(png.size()))) return fail("cannot write " + still_times[i].second);
      std::printf("%s  t = %.2f\n", still_times[i].second.c_str(), still_times[i].first);
      ++written;
      continue;
    }
    if (std::fwrite(px.data(), 1, px.size(), enc.in) != px.size()) break;
    ++written;
  }
  const int rc = stills.empty() ? enc.finish() : 0;
  ImGui_ImplOpenGL3_Shutdown();
  ImGui::DestroyContext();
  SDL_GL_DeleteContext(gl);
  SDL_DestroyWindow(win);
  SDL_Quit();
  if (rc != 0 || written != frames) return fail("ffmpeg failed (exit " + std::to_string(rc) + ")");
  if (!stills.empty()) return 0;
  std::printf("%s: %d frames at %g fps, %dx%d, t = %.2f..%.2f s -> %s\n", slug.c_str(), written, fps, W, H, from, to,
              out.c_str());
  return 0;
}
