// CPU work per frame of the Lab widgets: the whole app drawn headless (ImGui, no window, no GL)
// at 1280 x 800, timed with steady_clock around NewFrame + App::frame + Render. This is our own
// work per frame, without the browser's GL and compositor (SwiftShader adds its own floor; see
// bench/web_frame_time.mjs). Native timings; wasm is typically 1.5-3x slower.
//
// Table 1, steady state: p50 / p95 / max per frame once the widget has finished computing.
// Table 2, a parameter change: frames until the new result is complete and the slowest of them
// (the issue asks that no frame blocks for more than 50 ms).
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "app/app.h"
#include "ui/fonts.h"
#include "ui/widgets/attention_lab.h"

using namespace tmx;
using Clock = std::chrono::steady_clock;

namespace {

struct Sample {
  double ms;
  int vertices;
};

Sample one_frame(App& app) {
  const auto t0 = Clock::now();
  ImGui::NewFrame();
  app.frame(1.0f / 60.0f);
  ImGui::Render();
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  return {ms, ImGui::GetDrawData()->TotalVtxCount};
}

bool attention_ready(App& app) {
  auto* lab = dynamic_cast<ui::AttentionLab*>(app.lab_widget("attention"));
  return lab && lab->ready() && !lab->busy();
}

double pct(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

std::string long_text(size_t n) {
  std::string s;
  while (s.size() < n) s += "Attention lets every token look at every earlier token and mix their values by relevance. ";
  s.resize(n);
  return s;
}

std::string enc(const std::string& s) {  // percent-encoding for the route
  std::string o;
  char b[4];
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') o += static_cast<char>(c);
    else std::snprintf(b, sizeof b, "%%%02X", c), o += b;
  }
  return o;
}

}  // namespace

int main() {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(1280, 800);
  io.DeltaTime = 1.0f / 60.0f;
  ui::build_fonts(1.0f);
  unsigned char* px;
  int tw, th;
  io.Fonts->GetTexDataAsRGBA32(&px, &tw, &th);
  App app(std::string(TMX_SOURCE_DIR) + "/content");

  const std::string t128 = enc(long_text(140));  // >= 128 characters: 128 char tokens
  const std::vector<std::pair<const char*, std::string>> pages = {
      {"attention 128 tok 4x4 (pipeline)", "#/lab/attention?layers=4&heads=4&width=64&text=" + t128},
      {"attention 128 tok 4x4 (step, weights)", "#/lab/attention?layers=4&heads=4&width=64&step=1&stage=5&text=" + t128},
      {"attention 128 tok 4x4 (all heads)", "#/lab/attention?layers=4&heads=4&width=64&tab=heads&text=" + t128},
      {"attention gpt2 128 tok 6x8 w128 (all heads)",
       "#/lab/attention?tok=gpt2&layers=6&heads=8&width=128&tab=heads&text=" + t128},
      {"mamba-sim N16 L512 noise (LTI)", "#/lab/mamba-sim?N=16&L=512&sig=noise"},
      {"mamba-sim N16 L512 noise (selective)", "#/lab/mamba-sim?N=16&L=512&sig=noise&mode=sel"},
  };
  constexpr int kFrames = 120;

  std::printf("Steady state, CPU work per frame (native, headless ImGui, 1280 x 800, %d frames)\n\n", kFrames);
  std::printf("| page | p50 ms | p95 ms | max ms | vertices |\n|---|---:|---:|---:|---:|\n");
  for (const auto& [name, hash] : pages) {
    app.on_hash(hash);
    for (int i = 0; i < 400 && !(std::string(name).rfind("attention", 0) == 0 && attention_ready(app) && i > 4); ++i)
      one_frame(app);
    for (int i = 0; i < 5; ++i) one_frame(app);
    std::vector<double> ms;
    int vtx = 0;
    for (int i = 0; i < kFrames; ++i) {
      const Sample s = one_frame(app);
      ms.push_back(s.ms);
      vtx = s.vertices;
    }
    std::printf("| %s | %.2f | %.2f | %.2f | %d |\n", name, pct(ms, 0.5), pct(ms, 0.95), pct(ms, 1.0), vtx);
  }

  // A change of parameters: every frame from the change until the new result is shown.
  // A 100k-character text is pasted, not linked (the router refuses addresses that long).
  const std::string big = long_text(100000);
  const std::vector<std::pair<const char*, std::string>> changes = {
      {"4x4 w64, 128 char tokens", "#/lab/attention?layers=4&heads=4&width=64&seed=2&text=" + t128},
      {"6x8 w128, GPT-2 BPE (50257-row table)", "#/lab/attention?tok=gpt2&layers=6&heads=8&width=128&seed=3&text=" + t128},
      {"6x8 w128, GPT-2 BPE, all heads", "#/lab/attention?tok=gpt2&layers=6&heads=8&width=128&seed=4&tab=heads&text=" + t128},
      {"100k-character text pasted, GPT-2 BPE", "#/lab/attention?tok=gpt2&layers=6&heads=8&width=128&seed=5&text=x"},
      {"100k-character text pasted, characters", "#/lab/attention?layers=6&heads=8&width=128&seed=6&text=x"},
  };
  std::printf("\nAttention lab, a parameter change until the new result is complete (the previous one stays on screen)\n\n");
  std::printf("| change | frames | max ms per frame | total ms |\n|---|---:|---:|---:|\n");
  for (const auto& [name, hash] : changes) {
    app.on_hash("#/lab/attention?layers=1&heads=1&width=8&text=x");
    for (int i = 0; i < 400 && !attention_ready(app); ++i) one_frame(app);
    one_frame(app);
    app.on_hash(hash);
    if (std::string(name).find("100k") != std::string::npos) {
      for (int i = 0; i < 400 && !attention_ready(app); ++i) one_frame(app);
      ui::Widget* w = app.lab_widget("attention");
      ui::Params p = w->params();
      for (auto& kv : p)
        if (kv.first == "text") kv.second = big;
      w->set_params(p);
    }
    std::vector<double> ms;
    double total = 0;
    do {
      const Sample s = one_frame(app);
      ms.push_back(s.ms);
      total += s.ms;
    } while (!attention_ready(app) && ms.size() < 2000);
    std::printf("| %s | %zu | %.1f | %.1f |\n", name, ms.size(), pct(ms, 1.0), total);
  }
  ImGui::DestroyContext();
  return 0;
}
