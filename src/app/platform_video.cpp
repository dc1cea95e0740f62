// Video playback hooks for the UI (ui::Host::video, used by ui/video_view.h).
// Web: wasm_shell/shell.js keeps the <video> elements (window.explorerVideo); here each poll
// uploads the element's current frame into a GL texture through the WebGL context that
// Emscripten's GL layer knows by id, so ImGui draws the video like any image (it scrolls and
// clips with the page). Native: videos are not played; the hooks say so, clearly.
#include <filesystem>
#include <map>
#include <string>

#include "app/platform.h"
#include "app/present.h"
#include "ui/host.h"
#include "ui/video_view.h"

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#include <emscripten.h>
#endif

namespace tmx::platform {

#ifdef __EMSCRIPTEN__

namespace {

std::map<int, GLuint> g_textures;  // video id -> texture holding its current frame

GLuint texture_for(int id) {
  GLuint& tex = g_textures[id];
  if (tex) return tex;
  glGenTextures(1, &tex);
  GLint prev = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &prev);
  glBindTexture(GL_TEXTURE_2D, tex);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(prev));
  return tex;
}

const char* cmd_name(ui::VideoCmd c) {
  switch (c) {
    case ui::VideoCmd::Play: return "play";
    case ui::VideoCmd::Pause: return "pause";
    case ui::VideoCmd::Seek: return "seek";
    case ui::VideoCmd::Rate: return "rate";
    case ui::VideoCmd::Loop: return "loop";
    case ui::VideoCmd::Mute: return "mute";
  }
  return "";
}

ui::VideoStatus poll_video(int id) {
  const GLuint tex = texture_for(id);
  double f[10] = {};
  char msg[256];
  msg[0] = 0;
  // f: phase, duration, time, width, height, muted, loop, rate, has_frame, uploaded a new frame
  EM_ASM(
      {
        var V = window.explorerVideo;
        var s = V ? V.state($0) : null;
        var F = $1 >> 3;
        var phases = new Object();
        phases.unavailable = 0; phases.loading = 1; phases.ready = 2; phases.playing = 3; phases.ended = 4; phases.error = 5;
        if (!s) {
          HEAPF64[F] = 0;
          stringToUTF8("this page has no video player.", $2, $3);
          return;
        }
        HEAPF64[F] = phases[s.phase] || 0;
        HEAPF64[F + 1] = s.duration || 0;
        HEAPF64[F + 2] = s.time || 0;
        HEAPF64[F + 3] = s.width || 0;
        HEAPF64[F + 4] = s.height || 0;
        HEAPF64[F + 5] = s.muted ? 1 : 0;
        HEAPF64[F + 6] = s.loop ? 1 : 0;
        HEAPF64[F + 7] = s.rate || 1;
        stringToUTF8(s.message || "", $2, $3);
        // Upload the current frame when there is a new one: while playing, and when the shell marked
        // one (v.tmxDirty: loaded, seeked, a frame presented).
        var v = V.element($0);
        var tex = GL.textures[$4];
        if (!v || !tex) return;
        if (v.readyState >= 2 && !v.seeking && v.videoWidth > 0 && (!v.paused || v.tmxDirty > 0 || v.tmxTex !== $4)) {
          v.tmxDirty = Math.max(0, (v.tmxDirty | 0) - 1);
          var gl = GLctx;
          var prev = gl.getParameter(gl.TEXTURE_BINDING_2D);
          gl.bindTexture(gl.TEXTURE_2D, tex);
          gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
          gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
          try {
            gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, v);
            v.tmxTex = $4;
            HEAPF64[F + 9] = 1;
          } catch (e) {
            v.tmxTex = 0;
          }
          gl.bindTexture(gl.TEXTURE_2D, prev);
        }
        HEAPF64[F + 8] = v.tmxTex === $4 ? 1 : 0;
      },
      id, f, msg, static_cast<int>(sizeof msg), static_cast<int>(tex));
  ui::VideoStatus s;
  s.phase = static_cast<ui::VideoPhase>(static_cast<int>(f[0]) >= 0 && static_cast<int>(f[0]) <= 5 ? static_cast<int>(f[0]) : 0);
  s.message = msg;
  s.duration = f[1];
  s.time = f[2];
  s.width = static_cast<int>(f[3]);
  s.height = static_cast<int>(f[4]);
  s.muted = f[5] != 0;
  s.loop = f[6] != 0;
  s.rate = static_cast<float>(f[7]);
  if (f[8] != 0) s.texture = reinterpret_cast<ImTextureID>(static_cast<intptr_t>(tex));
  if (f[9] != 0) present::invalidate();  // same quad, new pixels: the frame must be drawn
  return s;
}

}  // namespace

void install_video_hooks(ui::VideoHooks& h) {
  h.unavailable_reason = [] {
    char buf[512];
    EM_ASM(
        {
          var s = window.explorerVideo ? window.explorerVideo.unavailable() : "This page has no video player.";
          stringToUTF8(s, $0, $1);
        },
        buf, static_cast<int>(sizeof buf));
    return std::string(buf);
  };
  h.exists = [](const std::string& name) {
    if (!ui::valid_video_name(name)) return false;
    return EM_ASM_INT({ return window.explorerVideo && window.explorerVideo.has(UTF8ToString($0)) ? 1 : 0; },
                      name.c_str()) != 0;
  };
  h.open = [](int id, const std::string& name) {
    EM_ASM({ if (window.explorerVideo) window.explorerVideo.open($0, UTF8ToString($1)); }, id, name.c_str());
  };
  h.control = [](int id, ui::VideoCmd cmd, double value) {
    EM_ASM({ if (window.explorerVideo) window.explorerVideo.control($0, UTF8ToString($1), $2); }, id, cmd_name(cmd),
           value);
  };
  h.poll = poll_video;
  h.close = [](int id) {
    EM_ASM({ if (window.explorerVideo) window.explorerVideo.close($0); }, id);
    auto it = g_textures.find(id);
    if (it != g_textures.end()) {
      glDeleteTextures(1, &it->second);
      g_textures.erase(it);
    }
  };
}

void video_end_frame() {
  EM_ASM({ if (window.explorerVideo) window.explorerVideo.endFrame(); });
}

#else

void install_video_hooks(ui::VideoHooks& h) {
  h.unavailable_reason = [] {
    return std::string("Video playback is available in the web build; the desktop app draws scenes live.");
  };
  // The Cinema shows its Video toggle when the file is there, so the desktop app says why it cannot play it.
  h.exists = [](const std::string& name) {
    std::error_code ec;
    return ui::valid_video_name(name) &&
           std::filesystem::is_regular_file(std::string(TMX_ASSETS_DIR) + "/videos/" + name, ec);
  };
}

void video_end_frame() {}

#endif

}  // namespace tmx::platform
