#include "anim/timeline.h"

#include <algorithm>
#include <cmath>

namespace tmx::anim {

float ease(Ease e, float u) {
  u = std::isfinite(u) ? std::min(1.0f, std::max(0.0f, u)) : 0.0f;
  switch (e) {
    case Ease::Linear: return u;
    case Ease::InOutCubic: return u < 0.5f ? 4 * u * u * u : 1 - std::pow(-2 * u + 2, 3.0f) / 2;
    case Ease::OutCubic: return 1 - std::pow(1 - u, 3.0f);
    case Ease::InOutSine: return -(std::cos(3.14159265f * u) - 1) / 2;
    case Ease::OutBack: {
      const float c1 = 1.70158f, c3 = c1 + 1;
      return 1 + c3 * std::pow(u - 1, 3.0f) + c1 * std::pow(u - 1, 2.0f);
    }
  }
  return u;
}

float window(float t, float t0, float dur, Ease e) {
  if (dur <= 0) return t >= t0 ? 1.0f : 0.0f;
  return ease(e, (t - t0) / dur);
}

void Timeline::add(int obj, TrackKind k, float t0, float dur, Ease e, ImVec2 to, float zoom) {
  tracks_.push_back({obj, k, t0, dur, e, to, zoom});
  end_ = std::max(end_, t0 + dur);
  duration_ = std::max(duration_, end_);
}

Timeline& Timeline::then(float gap) {
  cursor_ = end_ + gap;
  return *this;
}

Timeline& Timeline::chapter(const std::string& title, const std::string& caption, std::vector<std::string> args) {
  chapters_.push_back({title, cursor_, caption, std::move(args)});
  return *this;
}

Timeline& Timeline::create(const std::vector<int>& objs, float dur, float stagger, Ease e) {
  float t = cursor_;
  for (int o : objs) { add(o, TrackKind::Create, t, dur, e); t += stagger; }
  return *this;
}
Timeline& Timeline::fade_out(const std::vector<int>& objs, float dur, Ease e) {
  for (int o : objs) add(o, TrackKind::FadeOut, cursor_, dur, e);
  return *this;
}
Timeline& Timeline::move(const std::vector<int>& objs, ImVec2 to, float dur, Ease e) {
  for (int o : objs) add(o, TrackKind::Move, cursor_, dur, e, to);
  return *this;
}
Timeline& Timeline::transform(const std::vector<int>& objs, float dur, Ease e) {
  for (int o : objs) add(o, TrackKind::Transform, cursor_, dur, e);
  return *this;
}
Timeline& Timeline::highlight(const std::vector<int>& objs, float dur) {
  for (int o : objs) add(o, TrackKind::Highlight, cursor_, dur, Ease::Linear);
  return *this;
}
Timeline& Timeline::write(const std::vector<int>& objs, float dur) {
  for (int o : objs) add(o, TrackKind::Write, cursor_, dur, Ease::Linear);
  return *this;
}
Timeline& Timeline::camera(ImVec2 center, float zoom, float dur, Ease e) {
  add(kCameraObj, TrackKind::Camera, cursor_, dur, e, center, zoom);
  return *this;
}

// Folds the object's tracks in start order. Later tracks start from where earlier ones left.
ObjState Timeline::state(int obj, float t) const {
  ObjState s;
  if (!std::isfinite(t)) t = 0;
  s.t = t;
  for (const Track& k : tracks_) {
    if (k.obj != obj || t < k.t0) continue;
    const float u = window(t, k.t0, k.dur, k.ease);
    switch (k.kind) {
      case TrackKind::Create: s.alpha = std::max(s.alpha, std::min(1.0f, u * 1.5f)); s.create = u; break;
      case TrackKind::FadeOut: s.alpha = std::min(s.alpha, 1.0f - u); break;
      case TrackKind::Move: s.offset = lerp(s.offset, k.to, u); break;
      case TrackKind::Transform: s.morph = u; break;
      case TrackKind::Highlight: s.highlight = std::sin(3.14159265f * u); break;
      case TrackKind::Write: s.write = u; if (s.alpha < 1e-3f) s.alpha = 1; s.create = 1; break;
      case TrackKind::Camera: break;
    }
  }
  return s;
}

Camera Timeline::camera_at(float t) const {
  Camera c;
  if (!std::isfinite(t)) t = 0;
  for (const Track& k : tracks_) {
    if (k.kind != TrackKind::Camera || t < k.t0) continue;
    const float u = window(t, k.t0, k.dur, k.ease);
    c.center = lerp(c.center, k.to, u);
    c.zoom = lerp(c.zoom, k.zoom, u);
  }
  return c;
}

}  // namespace tmx::anim
