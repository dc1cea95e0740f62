// The timeline engine. A scene builds, once, a list of tracks (create, fade, move, transform,
// highlight, write) on numbered objects, grouped and placed in named chapters; drawing then
// asks the timeline for each object's state at time t. Nothing is mutated while drawing, so a
// frame is a pure function of t: scrubbing to t draws exactly what playing to t draws.
#pragma once
#include <imgui.h>

#include <initializer_list>
#include <string>
#include <vector>

namespace tmx::anim {

enum class Ease { Linear, InOutCubic, OutCubic, InOutSine, OutBack };
float ease(Ease e, float u);  // u clamped to [0, 1]

enum class TrackKind {
  Create,     // alpha 0 -> 1 and `create` 0 -> 1 (boxes grow, arrows extend)
  FadeOut,    // alpha 1 -> 0
  Move,       // offset -> `to` (scene units)
  Transform,  // morph 0 -> 1 (the scene interpolates its own values with it)
  Highlight,  // highlight 0 -> 1 -> 0 (a pulse)
  Write,      // write 0 -> 1 (text revealed left to right)
};

struct Track {
  int obj;
  TrackKind kind;
  float t0, dur;
  Ease ease;
  ImVec2 to;  // Move only
};

struct ObjState {
  float alpha = 0, create = 0, morph = 0, highlight = 0, write = 0;
  ImVec2 offset{0, 0};
  bool visible() const { return alpha > 0.003f; }
};

struct Chapter {
  std::string title;
  float start;
};

class Timeline {
 public:
  // Builder: tracks start at the cursor; `then` advances it past the last added track.
  Timeline& at(float t) { cursor_ = t; return *this; }
  Timeline& wait(float s) { cursor_ += s; return *this; }
  Timeline& then(float gap = 0.0f);
  Timeline& chapter(const std::string& title);  // starts at the cursor
  Timeline& create(std::initializer_list<int> objs, float dur = 0.8f, float stagger = 0.0f, Ease e = Ease::InOutCubic);
  Timeline& fade_out(std::initializer_list<int> objs, float dur = 0.6f, Ease e = Ease::InOutSine);
  Timeline& move(std::initializer_list<int> objs, ImVec2 to, float dur = 1.0f, Ease e = Ease::InOutCubic);
  Timeline& transform(std::initializer_list<int> objs, float dur = 1.2f, Ease e = Ease::InOutCubic);
  Timeline& highlight(std::initializer_list<int> objs, float dur = 1.0f);
  Timeline& write(std::initializer_list<int> objs, float dur = 1.0f);
  // Groups: the same track on a run of objects [first, first + n).
  Timeline& create_range(int first, int n, float dur = 0.6f, float stagger = 0.1f);
  Timeline& fade_out_range(int first, int n, float dur = 0.6f);
  void end(float hold = 1.5f) { duration_ = std::max(duration_, end_ + hold); }

  // Pure. Tracks fold in the order they were added (the builder adds them in time order).
  ObjState state(int obj, float t) const;
  float duration() const { return duration_; }
  const std::vector<Chapter>& chapters() const { return chapters_; }
  const std::vector<Track>& tracks() const { return tracks_; }
  float cursor() const { return cursor_; }

 private:
  void add(int obj, TrackKind k, float t0, float dur, Ease e, ImVec2 to = {0, 0});
  std::vector<Track> tracks_;
  std::vector<Chapter> chapters_;
  float cursor_ = 0, end_ = 0, duration_ = 0;
};

// Progress of a window [t0, t0 + dur] at t, eased, in [0, 1].
float window(float t, float t0, float dur, Ease e = Ease::InOutCubic);

}  // namespace tmx::anim
