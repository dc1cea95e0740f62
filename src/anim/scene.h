// A Cinema scene: data computed once by the core (in the constructor), a timeline of tracks,
// and draw(stage, t), which is const so a frame depends on t alone.
//   class MyScene : public Scene { ... };
//   TMX_REGISTER_SCENE(MyScene, "my-scene", "My scene", "one-line summary");
#pragma once
#include <memory>

#include "anim/scene_registry.h"
#include "anim/stage.h"
#include "anim/timeline.h"

namespace tmx::anim {

class Scene {
 public:
  virtual ~Scene() = default;
  float duration() const { return tl_.duration(); }
  const std::vector<Chapter>& chapters() const { return tl_.chapters(); }
  const Timeline& timeline() const { return tl_; }
  // t is clamped to [0, duration]; draws the background then the scene.
  void render(Stage& s, float t) const;
  // A representative time for thumbnails.
  virtual float poster_time() const { return duration() * 0.6f; }

 protected:
  virtual void draw(Stage& s, float t) const = 0;
  ObjState st(int obj, float t) const { return tl_.state(obj, t); }
  Timeline tl_;
};

// Chapter index at t (-1 before the first), and the start of the previous/next chapter.
int chapter_at(const Scene& s, float t);
float chapter_step(const Scene& s, float t, int dir);

}  // namespace tmx::anim

#define TMX_REGISTER_SCENE(Class, slug, title, summary)                                             \
  static const bool tmx_scene_registered_##Class = ::tmx::anim::register_scene(                   \
      {slug, title, summary, []() -> std::unique_ptr<::tmx::anim::Scene> { return std::make_unique<Class>(); }})
