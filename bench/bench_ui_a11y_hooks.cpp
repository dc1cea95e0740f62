// What the page's DOM controls cost per frame (ui/a11y.h): every Lab widget drawn headless at
// 1280 x 800, each frame either plain (ImGui's item hooks off, nothing recorded: as a native build
// without a page) or inside a region (hooks on for every item, records, the frame's JSON built as
// control_layer does). Rounds alternate between the two so load on the machine hits both alike.
// Prints thread CPU time per frame (median of the rounds) and the JSON's size.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <time.h>

#include "headless_imgui.h"
#include "ui/a11y.h"
#include "ui/i18n.h"
#include "ui/widget.h"

using namespace tmx;

namespace {
double cpu_us() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}
double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}
}  // namespace

int main() {
  set_language(Lang::En);
  test::HeadlessImGui g(1280, 800);
  const int rounds = 15, frames = 8;
  std::printf("%-24s %10s %10s %10s %8s %8s %9s\n", "widget", "plain us", "a11y us", "extra us", "items", "records",
              "json B");
  double sum_plain = 0, sum_a11y = 0;
  int n = 0;
  for (const ui::WidgetInfo& info : ui::widgets()) {
    std::unique_ptr<ui::Widget> w = info.create();
    w->set_params({});
    for (int i = 0; i < 20; ++i) g.frame([&] { w->draw(); }, ImVec2(1280, 800));  // finish sliced work
    std::vector<double> plain, a11y;
    size_t json = 0;
    for (int r = 0; r < rounds; ++r) {
      for (int mode = 0; mode < 2; ++mode) {
        const double t0 = cpu_us();
        for (int f = 0; f < frames; ++f) {
          g.frame([&] {
            if (mode) ui::a11y::begin_region("Widget");
            w->draw();
            if (mode) ui::a11y::end_region();
          }, ImVec2(1280, 800));
          if (mode) json = ui::a11y::take_frame_json(0).size();
        }
        (mode ? a11y : plain).push_back((cpu_us() - t0) / frames);
      }
    }
    const double p = median(plain), a = median(a11y);
    sum_plain += p, sum_a11y += a, ++n;
    std::printf("%-24s %10.0f %10.0f %10.0f %8d %8d %9zu\n", info.slug, p, a, a - p, ui::a11y::items_last_frame(),
                ui::a11y::controls_last_frame(), json);
  }
  std::printf("%-24s %10.0f %10.0f %10.0f\n", "mean", sum_plain / n, sum_a11y / n, (sum_a11y - sum_plain) / n);
  return 0;
}
