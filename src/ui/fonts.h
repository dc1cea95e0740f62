// Fonts embedded at build time (Inter, Inter SemiBold, JetBrains Mono), rasterized at the
// display's pixel ratio so text is crisp on HiDPI screens; sizes below are in CSS pixels.
#pragma once
#include <imgui.h>

namespace tmx::ui {

struct Fonts {
  ImFont* body = nullptr;   // 16 px Inter: UI and reading text
  ImFont* small = nullptr;  // 13 px Inter: captions, axis labels
  ImFont* bold = nullptr;   // 16 px Inter SemiBold
  ImFont* h1 = nullptr;     // 30 px Inter SemiBold
  ImFont* h2 = nullptr;     // 22 px Inter SemiBold
  ImFont* h3 = nullptr;     // 18 px Inter SemiBold
  ImFont* mono = nullptr;   // 14 px JetBrains Mono: code and numbers
  float scale = 0.0f;       // pixel ratio the atlas was built for
};

// (Re)builds the atlas for `pixel_ratio`; the caller re-uploads the texture. Returns the fonts.
const Fonts& build_fonts(float pixel_ratio);
const Fonts& fonts();

}  // namespace tmx::ui
