// What the UI layer needs from the application and the platform, without including them:
// navigation, links, clipboard, saving files, GPU textures and video playback. The app fills this in at
// start-up (src/app/app.cpp, src/app/main.cpp); headless tests leave the defaults, which do
// nothing (textures get fake ids) so every code path still runs without GL.
#pragma once
#include <imgui.h>

#include <cstddef>
#include <functional>
#include <string>

namespace tmx::ui {

// Videos (assets/videos/NAME.mp4). On the web the shell plays them in <video> elements it keeps
// by id (wasm_shell/shell.js) and the platform uploads the current frame into a GL texture, so
// the picture is drawn inside ImGui (it scrolls and clips with the page). ui/video_view.h is the
// component that uses these hooks.
enum class VideoPhase { Unavailable, Loading, Ready, Playing, Ended, Error };
enum class VideoCmd { Play, Pause, Seek, Rate, Loop, Mute };
struct VideoStatus {
  VideoPhase phase = VideoPhase::Unavailable;
  std::string message;             // Unavailable / Error: what went wrong, as a sentence
  double duration = 0, time = 0;   // seconds
  int width = 0, height = 0;       // pixels of the video (0 until its metadata has loaded)
  bool muted = true, loop = false;
  float rate = 1;
  ImTextureID texture = nullptr;   // the current frame (null until one has been decoded)
};
struct VideoHooks {
  // "" when this platform can play videos; otherwise a sentence saying why not.
  std::function<std::string()> unavailable_reason;
  // Whether NAME is in this build's video list (baked at build time; nothing is probed).
  std::function<bool(const std::string& name)> exists;
  std::function<void(int id, const std::string& name)> open;  // create or keep the element for id
  std::function<void(int id, VideoCmd cmd, double value)> control;
  std::function<VideoStatus(int id)> poll;  // state, and the current frame uploaded to the texture
  std::function<void(int id)> close;
};

// Trained models on the web (ui/model_store.h): the shell downloads a model's files from the same
// origin (assets/models/NAME/FILE), caches them (Cache API) and writes them into the virtual file
// system under dir. Left empty natively and in headless tests: models are then read in place.
struct ModelFetchStatus {
  enum Phase { Downloading, Written, Failed } phase = Downloading;
  size_t done = 0, total = 0;  // bytes
  std::string message;         // Failed: a sentence naming the file
};
struct ModelHooks {
  // "" when this platform can download models; otherwise a sentence saying why not.
  std::function<std::string()> unavailable_reason;
  // files_json: [{"name": "config.json", "bytes": N, "sha256": "..."}, ...] from the baked table.
  std::function<void(const std::string& name, const std::string& files_json, const std::string& dir)> fetch;
  std::function<ModelFetchStatus(const std::string& name)> poll;
  std::function<void(const std::string& name)> forget;  // drop the cached copy (it failed verification)
  // Drop-in checkpoints: open the browser's file picker (the shell also accepts files dropped on
  // the page); take_drop() writes the next dropped set into the virtual file system and returns its
  // folder, or "" with *error set when the shell refused it (too large, files missing), or "" alone.
  std::function<void()> pick_files;
  std::function<std::string(std::string* error)> take_drop;
};

struct Host {
  std::function<void(const std::string& hash)> navigate;        // in-app route, e.g. "#/notes/attention#masking"
  std::function<void(const std::string& url)> open_external;    // http(s) only; a new tab on the web
  // Returns false where the platform has no clipboard to write to (an insecure page, an old browser).
  std::function<bool(const std::string& text)> copy_to_clipboard;
  // A browser download on the web, a file in the working directory natively. Returns where it went.
  std::function<std::string(const std::string& name, const std::string& bytes, const char* mime)> save_file;
  // RGBA8 pixels -> texture id (0 on failure). Set by the platform main loop, which owns GL.
  std::function<ImTextureID(const unsigned char* rgba, int w, int h)> create_texture;
  // Data textures (large heatmaps): creates a texture when id is null, else replaces its pixels
  // (the size may change). Nearest filtering, so each data cell stays a crisp block. Returns the
  // id, null on failure. free_texture releases one made by either hook.
  std::function<ImTextureID(ImTextureID id, const unsigned char* rgba, int w, int h)> upload_data_texture;
  std::function<void(ImTextureID id)> free_texture;
  VideoHooks video;  // left empty by headless tests: videos then report "not available"
  ModelHooks models;  // web only (see above)
  // Chinese fonts on the web (ui/fonts.h): the same download path for assets/fonts/NAME (window.explorerFonts);
  // pick_files / take_drop unused.
  ModelHooks fonts;
  // Packs on the web (ui/pack_store.h): assets/packs/NAME.pack through the same download path
  // (window.explorerPacks); pick_files / take_drop unused.
  ModelHooks packs;
  // A draw callback that clears its ui::ClearRect (UserCallbackData) to that rect's colour, within
  // the command's clip rect: ui::fill_opaque_rect (ui/opaque_fill.h). Set by the platform main
  // loop, which owns GL; null in headless tests, where that helper draws an ordinary rect.
  ImDrawCallback clear_rect = nullptr;
};

Host& host();

// Safe wrappers: do nothing when the app did not provide the hook.
void host_navigate(const std::string& hash);
void host_open_external(const std::string& url);
bool host_copy(const std::string& text);  // false: no clipboard (or no hook)
std::string host_save_file(const std::string& name, const std::string& bytes, const char* mime);
// Without the hooks (headless tests, benches) these hand out stable fake ids, so layout and
// draw lists are exactly what the GL build produces.
ImTextureID host_upload_data_texture(ImTextureID id, const unsigned char* rgba, int w, int h);
void host_free_texture(ImTextureID id);

}  // namespace tmx::ui
