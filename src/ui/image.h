// Images for the UI (figures in notes, typeset math): decoded once with stb_image, uploaded
// through host().create_texture, cached by path. Also PNG encoding for exports.
#pragma once
#include <imgui.h>

#include <string>

namespace tmx::ui {

struct Texture {
  ImTextureID id = nullptr;  // may be a fake id in headless tests
  int width = 0, height = 0; // pixels
  std::string error;         // non-empty: could not be loaded (shown to the user)
  bool pending = false;      // its pack (ui/pack_store.h) is on its way: no id yet, size known
};

// Cached: the file is read and decoded once per path. Never returns null. A file in a pack that has
// not arrived gives a pending texture with the size from the pack manifest (fetch: ask for the
// pack; false to only lay out), or the pack's failure as its error; neither is cached.
const Texture& load_texture(const std::string& path, bool fetch = true);
void clear_texture_cache();  // drops the cache (tests); GPU textures are not freed
// For tests: {"loaded": N, "failed": N, "pending": N}: images decoded, images that could not be
// loaded, and images whose pack is still on its way (asked for since the cache was cleared).
std::string texture_status_json();

// Figures: content/<lang>/figures/NAME.svg rasterized by the build to <figure_dir>/NAME.1x.png and
// NAME.2x.png (1x pixels = CSS px). The app sets the folder at start-up.
std::string& figure_dir();
// The PNG for a figure source ("../figures/attention-flow.svg") at a pixel ratio (2x above 1.25),
// or "" when the name is not a plain figure name ([a-z0-9_-]+.svg, no folders but "figures/").
std::string figure_png(const std::string& svg_src, float pixel_ratio);

// RGBA8 -> PNG bytes (stb_image_write). Empty on failure.
std::string encode_png(const unsigned char* rgba, int w, int h);

}  // namespace tmx::ui
