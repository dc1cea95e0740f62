// Trained-model downloads for the UI (ui::Host::models, used by ui/model_store.h).
// Web: wasm_shell/shell.js (window.explorerModels) fetches assets/models/NAME/FILE from the page's
// origin with progress and the browser's Cache API; when all files are in, the poll below writes
// them into the virtual file system (FS is in scope here, not in the shell) and the store checks
// their size and SHA-256. Native: no hooks, the store reads assets/models in place.
#include <cstdio>
#include <string>

#include "app/platform.h"
#include "ui/host.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

namespace tmx::platform {

#ifdef __EMSCRIPTEN__

namespace {

// obj: the shell's downloader, "explorerModels", "explorerFonts" or "explorerPacks" (same interface).
ui::ModelFetchStatus poll(const char* obj, const std::string& name) {
  double f[3] = {};
  char msg[512];
  msg[0] = 0;
  // f: phase (0 downloading, 1 written, 2 failed), bytes done, bytes total
  EM_ASM(
      {
        var M = window[UTF8ToString($4)];
        var F = $1 >> 3;
        var s = M ? M.poll(UTF8ToString($0)) : null;
        if (!s) {
          HEAPF64[F] = 2;
          stringToUTF8("this page cannot download it.", $2, $3);
          return;
        }
        HEAPF64[F + 1] = s.done || 0;
        HEAPF64[F + 2] = s.total || 0;
        if (s.phase === "failed") {
          HEAPF64[F] = 2;
          stringToUTF8(s.message || "unknown error", $2, $3);
          return;
        }
        if (s.phase !== "done") { HEAPF64[F] = 0; return; }
        try {
          var files = M.take(UTF8ToString($0));
          var dir = s.dir;
          FS.mkdirTree(dir);
          // canOwn: the file system keeps the downloaded array instead of copying it (the
          // downloader has let go of it; 6.7 ms of one frame for a 1.7 MB model before).
          Object.keys(files).forEach(function (k) { FS.writeFile(dir + "/" + k, files[k], { canOwn: true }); });
          HEAPF64[F] = 1;
        } catch (e) {
          HEAPF64[F] = 2;
          stringToUTF8("could not store it in memory (" + e + ")", $2, $3);
        }
      },
      name.c_str(), f, msg, static_cast<int>(sizeof msg), obj);
  ui::ModelFetchStatus s;
  const int p = static_cast<int>(f[0]);
  s.phase = p == 1 ? ui::ModelFetchStatus::Written : p == 2 ? ui::ModelFetchStatus::Failed : ui::ModelFetchStatus::Downloading;
  s.done = static_cast<size_t>(f[1]);
  s.total = static_cast<size_t>(f[2]);
  s.message = msg;
  return s;
}

}  // namespace

// The download hooks of one shell downloader (window[obj]: explorerModels or explorerFonts).
template <const char* Obj>
void install_fetch_hooks(ui::ModelHooks& h) {
  h.unavailable_reason = [] {
    char buf[512];
    EM_ASM(
        {
          var M = window[UTF8ToString($2)];
          stringToUTF8(M ? M.unavailable() : "this page cannot download it.", $0, $1);
        },
        buf, static_cast<int>(sizeof buf), Obj);
    return std::string(buf);
  };
  h.fetch = [](const std::string& name, const std::string& files_json, const std::string& dir) {
    EM_ASM({ var M = window[UTF8ToString($3)]; if (M) M.fetch(UTF8ToString($0), JSON.parse(UTF8ToString($1)), UTF8ToString($2)); },
           name.c_str(), files_json.c_str(), dir.c_str(), Obj);
  };
  h.poll = [](const std::string& name) { return poll(Obj, name); };
  h.forget = [](const std::string& name) {
    EM_ASM({ var M = window[UTF8ToString($1)]; if (M) M.forget(UTF8ToString($0)); }, name.c_str(), Obj);
  };
}
constexpr char kModelsObj[] = "explorerModels";
constexpr char kFontsObj[] = "explorerFonts";
constexpr char kPacksObj[] = "explorerPacks";

void install_model_hooks(ui::ModelHooks& h) {
  install_fetch_hooks<kModelsObj>(h);
  h.pick_files = [] { EM_ASM({ if (window.explorerDropIn) window.explorerDropIn.pick(); }); };
  // Each accepted drop gets its own folder /dropped/N (never reused, so a model in use stays intact).
  h.take_drop = [](std::string* error) {
    static int n = 0;
    char dir[64], msg[512];
    std::snprintf(dir, sizeof dir, "/dropped/%d", n + 1);
    msg[0] = 0;
    const int got = EM_ASM_INT(
        {
          var d = window.explorerDropIn ? window.explorerDropIn.take() : null;
          if (!d) return 0;
          if (d.error) { stringToUTF8(d.error, $1, $2); return 2; }
          try {
            var dir = UTF8ToString($0);
            FS.mkdirTree(dir);
            Object.keys(d.files).forEach(function (k) { FS.writeFile(dir + "/" + k, d.files[k]); });
            return 1;
          } catch (e) {
            stringToUTF8("could not store it in memory (" + e + ")", $1, $2);
            return 2;
          }
        },
        dir, msg, static_cast<int>(sizeof msg));
    if (got == 2 && error) *error = msg;
    if (got != 1) return std::string();
    ++n;
    return std::string(dir);
  };
}

void install_font_hooks(ui::ModelHooks& h) { install_fetch_hooks<kFontsObj>(h); }
void install_pack_hooks(ui::ModelHooks& h) { install_fetch_hooks<kPacksObj>(h); }

#else

void install_font_hooks(ui::ModelHooks&) {}  // natively (and offline) the files are read in place
void install_pack_hooks(ui::ModelHooks&) {}  // natively the packs' folders are read in place
void install_model_hooks(ui::ModelHooks&) {}  // natively the store reads assets/models in place

#endif

}  // namespace tmx::platform
