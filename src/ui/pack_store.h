// Packs: what the website does not put into its first download (explorer.data), fetched when first
// needed. scripts/make_packs.py splits the typeset math and figure PNGs per chapter and pixel ratio,
// the Chinese edition's text and the GPT-2 tokenizer table into packs and lists them in a manifest
// (format in make_packs.py) that the web build preloads at /packs/manifest.txt: each pack's size and
// SHA-256, and each file's path in the virtual file system (and a PNG's pixel size, so a page lays
// out before its images arrive).
//
//   ModelState s = pack_store().want("zh");        // every frame: starts / advances the work
//   if (s.phase != ModelPhase::Ready) return draw_pack_wait(tr(S::PackChinese), "zh", s);
//   const Texture& t = load_texture(path);          // ui/image.h asks want_path() by itself
//
// On the web the shell downloads assets/packs/NAME.pack (same origin, Cache API, byte progress:
// Host::packs, the same hooks as the models) into the virtual file system; the store checks its size
// and SHA-256, then writes its files where the manifest says (only under /math, /figures,
// /figures-zh, /content/zh and /assets/gen) and drops the pack. A missing, short or damaged pack
// fails with a message naming it (never a crash), and retry() tries again. Without a manifest
// (native builds, the offline file, headless tests) the store is inactive: every file is in place.
#pragma once
#include <cstddef>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "ui/model_store.h"  // ModelState / ModelPhase: a pack goes through the same phases

namespace tmx::ui {

struct PackFile {
  std::string pack;
  size_t offset = 0, bytes = 0;
  int width = 0, height = 0;  // PNG size in pixels (0 for other files)
};
struct PackInfo {
  std::string name, sha256;
  size_t bytes = 0;
  std::vector<std::string> files;  // virtual file system paths, in pack order
};

class PackStore {
 public:
  // Reads a manifest; false (and error()) when it is missing or malformed: the store stays inactive.
  bool load(const std::string& manifest_path);
  bool active() const { return !packs_.empty(); }
  const std::string& error() const { return error_; }

  const PackFile* file(const std::string& path) const;  // nullptr: not in any pack (in place)
  const PackInfo* pack(const std::string& name) const;
  bool has(const std::string& name) const { return pack(name) != nullptr; }

  // Requests the pack and advances it; Ready at once when inactive or when no pack has that name
  // and `must_exist` is false (e.g. want("en") for the edition that is preloaded).
  ModelState want(const std::string& name, bool must_exist = false);
  // The pack holding path (Ready when the file is not in a pack); fetch=false only reports.
  ModelState want_path(const std::string& path, bool fetch = true);
  ModelState state(const std::string& name) const;
  void retry(const std::string& name);   // a failed pack: forget the failure, fetch again
  std::vector<std::string> failed() const;
  std::vector<std::string> downloading() const;  // asked for and not yet ready or failed
  // Moves every download on (poll, check, unpack), also those no page asks for any more (a chapter
  // left before its pack arrived): once a frame, so none waits forever with its progress shown.
  void step();
  // {"active": true, "packs": {"en-04-1x": {"phase": "ready", "done": N, "total": N, "message": ""}}}
  std::string status_json() const;

  // Where downloads are written before they are checked and unpacked, and a folder the files'
  // paths are taken relative to (tests; "" on the web: the virtual file system's root).
  void set_download_dir(std::string dir) { download_dir_ = std::move(dir); }
  void set_root(std::string root) { root_ = std::move(root); }

 private:
  void fail(const std::string& name, ModelState& st, std::string message);
  void unpack(const PackInfo& p, ModelState& st);
  std::map<std::string, PackInfo> packs_;
  std::unordered_map<std::string, PackFile> files_;
  std::map<std::string, ModelState> states_;
  std::string error_, download_dir_ = "/packs/downloads", root_;
};

PackStore& pack_store();  // the app's store (web: loads /packs/manifest.txt on first use)

// A page waiting for a pack: a progress bar and "Downloading <label>: 0.1 of 0.3 MB", or the
// failure and a Retry button.
void draw_pack_wait(const std::string& label, const std::string& name, const ModelState& s);
// A small panel in the window's bottom-right corner: packs that failed, each with its message and a
// Retry button, and packs downloading for more than half a second, with their progress. Nothing
// otherwise. The app draws it every frame (like the Chinese fonts' progress).
void draw_pack_progress();

}  // namespace tmx::ui
