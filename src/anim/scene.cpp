#include "anim/scene.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/tokenizer/utf8.h"

namespace tmx::anim {

namespace {
// The shared chrome: title and subtitle above the content band, caption and progress below.
constexpr float kCaptionY = 8.32f, kCaptionSize = 0.32f, kBarY = 8.78f;
constexpr float kClipTop = 1.25f, kClipBottom = 8.1f;
constexpr float kCaptionIn = 1.2f, kCaptionOut = 0.4f;  // reveal at a chapter's start, fade before the next
}  // namespace

void Scene::render(Stage& s, float t) const {
  if (!std::isfinite(t)) t = 0;
  t = std::min(duration(), std::max(0.0f, t));
  s.background();
  ImDrawList* dl = s.draw_list();
  const ImVec2 p0 = s.px({0, 0}), p1 = s.px({Stage::kW, Stage::kH});
  dl->PushClipRect(p0, p1, true);
  // Objects stay in the content band, whatever the camera does.
  dl->PushClipRect(s.px({0, kClipTop}), s.px({Stage::kW, kClipBottom}), true);
  s.set_camera(tl_.camera_at(t));
  for (int i = 0; i < objects(); ++i) {
    const ObjState o = tl_.state(i, t);
    if (o.visible()) objs_[i](s, o);
  }
  s.set_camera(Camera());
  dl->PopClipRect();
  draw_chrome(s, t);
  dl->PopClipRect();
}

// The caption, centred under the content; one wider than the stage (a long translation, or text
// the floor enlarged) wraps into two lines (at a space; Chinese between any two characters),
// revealed one after the other.
static void draw_caption(Stage& s, const std::string& text, float alpha, float reveal) {
  const Txt o = Txt().size(kCaptionSize).center().alpha(alpha);
  const float room = Stage::kW - 0.4f;
  size_t cut = std::string::npos;
  bool space = false;
  if (s.text_width(text, o) > room) {
    for (size_t i = text.find(' '); i != std::string::npos && s.text_width(text.substr(0, i), o) <= room; i = text.find(' ', i + 1))
      cut = i, space = true;
    if (cut == std::string::npos)
      for (size_t i = tok::utf8_ceil(text, 1); i < text.size() && s.text_width(text.substr(0, i), o) <= room;
           i = tok::utf8_ceil(text, i + 1))
        cut = i;
  }
  if (cut == std::string::npos) {
    s.text({8.0f, kCaptionY}, text, Txt(o).reveal(reveal));
    return;
  }
  const std::string a = text.substr(0, cut), b = text.substr(space ? cut + 1 : cut);
  const float na = static_cast<float>(a.size()), shown = reveal * (na + static_cast<float>(b.size()));
  const float line = 1.1f * std::max(kCaptionSize, s.text_floor() / s.scale());  // the drawn size, in units
  s.text({8.0f, kCaptionY - line / 2}, a, Txt(o).reveal(std::min(1.0f, shown / na)));
  if (shown > na) s.text({8.0f, kCaptionY + line / 2}, b, Txt(o).reveal((shown - na) / std::max(1.0f, static_cast<float>(b.size()))));
}

void Scene::draw_chrome(Stage& s, float t) const {
  const StageColors& c = s.col();
  s.text({0.6f, 0.55f}, s.tr(title_), Txt().size(kTitleSize).bold());
  if (!subtitle_.empty()) s.text({0.6f, 1.05f}, s.tr(subtitle_, subtitle_args_), Txt::label().col(c.dim));
  const auto& cs = tl_.chapters();
  const int k = chapter_at(*this, t);
  if (k >= 0) {
    const Chapter& ch = cs[k];
    const float next = k + 1 < static_cast<int>(cs.size()) ? cs[k + 1].start : duration() + kCaptionOut + 1;
    const float a = 1.0f - window(t, next - kCaptionOut, kCaptionOut, Ease::InOutSine);
    const float reveal = window(t, ch.start, kCaptionIn, Ease::Linear);
    if (!ch.caption.empty()) draw_caption(s, s.tr(ch.caption, ch.args), a, reveal);
    // Chapter number and title, top right.
    const std::string head = std::to_string(k + 1) + "/" + std::to_string(cs.size()) + "  " + s.tr(ch.title);
    s.text({15.4f, 0.55f}, head, Txt::label().col(c.dim).right());
  }
  // Progress: the whole scene, chapter marks, the played part.
  const float x0 = 0.6f, x1 = 15.4f, dur = std::max(0.01f, duration());
  s.box(Rect{{x0, kBarY - 0.025f}, {x1, kBarY + 0.025f}}, c.faint, 0, 1, 0.02f);
  s.box(Rect{{x0, kBarY - 0.025f}, {x0 + (x1 - x0) * t / dur, kBarY + 0.025f}}, c.accent, 0, 1, 0.02f);
  for (const Chapter& ch : cs) {
    const float x = x0 + (x1 - x0) * ch.start / dur;
    s.box(Rect{{x - 0.015f, kBarY - 0.08f}, {x + 0.015f, kBarY + 0.08f}}, t + 1e-4f >= ch.start ? c.accent : c.dim, 0);
  }
}

std::vector<std::string> Scene::strings() const {
  std::vector<std::string> out = {title_};
  if (!subtitle_.empty()) out.push_back(subtitle_);
  for (const Chapter& c : tl_.chapters()) {
    out.push_back(c.title);
    if (!c.caption.empty()) out.push_back(c.caption);
  }
  return out;
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
