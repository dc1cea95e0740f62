#include "anim/scene.h"

#include <algorithm>
#include <cmath>

namespace tmx::anim {

void Scene::render(Stage& s, float t) const {
  if (!std::isfinite(t)) t = 0;
  t = std::min(duration(), std::max(0.0f, t));
  s.background();
  ImDrawList* dl = s.draw_list();
  dl->PushClipRect(s.px({0, 0}), s.px({Stage::kW, Stage::kH}), true);
  draw(s, t);
  dl->PopClipRect();
}

int chapter_at(const Scene& s, float t) {
  int k = -1;
  const auto& cs = s.chapters();
  for (int i = 0; i < static_cast<int>(cs.size()); ++i)
    if (t + 1e-4f >= cs[i].start) k = i;
  return k;
}

float chapter_step(const Scene& s, float t, int dir) {
  const auto& cs = s.chapters();
  if (cs.empty()) return dir < 0 ? 0.0f : s.duration();
  if (dir > 0) {
    for (const auto& c : cs)
      if (c.start > t + 1e-3f) return c.start;
    return s.duration();
  }
  // Back: to the current chapter's start, or the previous one if we are within 1 s of it.
  float best = 0;
  for (const auto& c : cs)
    if (c.start < t - 1.0f) best = c.start;
  return best;
}

}  // namespace tmx::anim
