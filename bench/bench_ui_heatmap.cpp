// Heatmap cost per frame on the CPU (building ImGui draw lists, headless: no window, no GL), for
// 16 x 16, 64 x 64 and 256 x 256 grids, drawn as one quad per cell and as one texture, with the
// data static or changing every frame (a texture is then recoloured and "uploaded" each frame;
// the upload itself is the platform's and is not timed here). Prints a markdown table.
#include <imgui.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <vector>

#include "headless_imgui.h"
#include "ui/heatmap.h"

namespace {

struct Result {
  double ms = 0;
  int vtx = 0, idx = 0, cmds = 0;
};

Result run(int n, bool texture, bool changing) {
  std::vector<float> data(static_cast<size_t>(n) * n);
  for (size_t i = 0; i < data.size(); ++i) data[i] = std::sin(0.37f * static_cast<float>(i % n)) * std::cos(0.11f * (i / n));
  tmx::ui::HeatmapStyle st;
  st.max_height = 1024.0f;
  st.max_cell = 44.0f;
  st.texture_above = texture ? 0 : 1 << 30;
  Result res;
  auto frame = [&](int k) {
    if (changing) data[static_cast<size_t>(k) % data.size()] += 0.5f;
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(1280, 1100));
    ImGui::Begin("##bench", nullptr, ImGuiWindowFlags_NoDecoration);
    tmx::ui::heatmap("h", data.data(), n, n, st);
    ImGui::End();
    ImGui::Render();
  };
  for (int k = 0; k < 5; ++k) frame(k);  // warm-up (first texture upload, font lookups)
  using clk = std::chrono::steady_clock;
  const auto t0 = clk::now();
  int frames = 0;
  double el = 0;
  do {
    frame(frames++);
    el = std::chrono::duration<double>(clk::now() - t0).count();
  } while (el < 0.4 || frames < 20);
  res.ms = el * 1e3 / frames;
  const ImDrawData* dd = ImGui::GetDrawData();
  res.vtx = dd->TotalVtxCount;
  res.idx = dd->TotalIdxCount;
  for (int l = 0; l < dd->CmdListsCount; ++l) res.cmds += dd->CmdLists[l]->CmdBuffer.Size;
  tmx::ui::heatmap_release_textures(true);
  return res;
}

}  // namespace

int main() {
  tmx::test::HeadlessImGui imgui(1280, 1100);  // the tests' headless fixture: fonts, theme, no GL

  std::printf("Headless ImGui, 1280 x 1100 window; CPU time per frame (NewFrame + heatmap + Render).\n\n");
  std::printf("| grid | drawn as | data | ms / frame | vertices | indices | draw cmds |\n");
  std::printf("|---|---|---|---:|---:|---:|---:|\n");
  for (int n : {16, 64, 256})
    for (bool tex : {false, true})
      for (bool changing : {false, true}) {
        const Result r = run(n, tex, changing);
        std::printf("| %d x %d | %s | %s | %.3f | %d | %d | %d |\n", n, n, tex ? "1 texture" : "quads",
                    changing ? "changes every frame" : "static", r.ms, r.vtx, r.idx, r.cmds);
      }
  std::printf("\nThe app draws grids above %d cells as a texture (HeatmapStyle::texture_above).\n",
              tmx::ui::HeatmapStyle{}.texture_above);
  return 0;
}
