// Building the font atlas (ui/fonts.h), which the app does before its first frame and again when
// the pixel ratio changes or a Chinese font file arrives: milliseconds per build_fonts() at pixel
// ratios 1, 1.5, 2 and 3, Latin fonts only (the English page's start) and with the Chinese subset
// (the Chinese page's start), with the atlas's size and glyph count. Headless: no window, no GL
// upload. Prints a markdown table.
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "headless_imgui.h"
#include "ui/fonts.h"

int main() {
  tmx::test::HeadlessImGui imgui;
  std::printf("| fonts | pixel ratio | build_fonts ms (median of 9) | atlas px | glyphs |\n|---|---:|---:|---:|---:|\n");
  for (int zh = 0; zh < 2; ++zh)
  for (float r : {1.0f, 1.5f, 2.0f, 3.0f}) {
    if (zh) tmx::ui::fonts_want(tmx::ui::CjkFile::Subset);  // read from the build's gen/fonts
    std::vector<double> ms;
    for (int k = 0; k < 9; ++k) {
      const auto t0 = std::chrono::steady_clock::now();
      tmx::ui::build_fonts(r);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    const ImFontAtlas& a = *ImGui::GetIO().Fonts;
    int glyphs = 0;
    for (const ImFont* f : a.Fonts) glyphs += f->Glyphs.Size;
    std::printf("| %s | %.1f | %.1f | %d x %d | %d |\n", zh ? "Latin + Chinese subset" : "Latin", r, ms[ms.size() / 2],
                a.TexWidth, a.TexHeight, glyphs);
  }
  return 0;
}
