// A Cinema scene: data computed once by the core (in the constructor), objects declared once
// each with their drawing, and a timeline of chapters and tracks on those objects. A frame is
// a pure function of t: render() asks the timeline for each object's state and calls its
// drawing; nothing changes while drawing.
//
//   class MyScene : public Scene {
//    public:
//     MyScene() : Scene("Title on the stage", "subtitle, {0} args", {"4"}) {
//       const Mat m = ...;                                   // data, from src/core
//       int a = obj([=](Stage& s, const ObjState& o) { s.matrix({2, 2}, m, Mx().alpha(o.alpha)); });
//       tl_.chapter("First idea", "What the caption says.").create({a}, 0);   // 0 s: the poster
//       tl_.end();
//     }
//   };
//   TMX_REGISTER_SCENE(MyScene, "my-scene", "My scene", "one-line summary");
//
// Lambdas capture by value ([=]): the constructor's locals are gone when the scene is drawn.
// The Scene draws the title, the current chapter's caption and the progress bar in one shared
// style; objects draw between Stage::kContentTop and Stage::kContentBottom.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "anim/scene_registry.h"
#include "anim/stage.h"
#include "anim/timeline.h"

namespace tmx::anim {

class Scene {
 public:
  using Draw = std::function<void(Stage& s, const ObjState& o)>;
  Scene(std::string title, std::string subtitle = "", std::vector<std::string> subtitle_args = {})
      : title_(std::move(title)), subtitle_(std::move(subtitle)), subtitle_args_(std::move(subtitle_args)) {}
  virtual ~Scene() = default;
  float duration() const { return tl_.duration(); }
  const std::vector<Chapter>& chapters() const { return tl_.chapters(); }
  const Timeline& timeline() const { return tl_; }
  // t is clamped to [0, duration]; draws the background, the objects through the camera, then
  // the title, caption and progress.
  void render(Stage& s, float t) const;
  // Every English string the Scene itself draws (title, subtitle, chapter titles and captions),
  // for the translation table; labels drawn by objects go through Stage::tr and are found by
  // drawing (tests/ui/test_i18n.cpp).
  std::vector<std::string> strings() const;
  int objects() const { return static_cast<int>(objs_.size()); }

 protected:
  // Declares an object with its drawing; the timeline refers to the returned id.
  int obj(Draw d) {
    objs_.push_back(std::move(d));
    return static_cast<int>(objs_.size()) - 1;
  }
  ObjState st(int obj, float t) const { return tl_.state(obj, t); }
  Timeline tl_;

 private:
  void draw_chrome(Stage& s, float t) const;
  std::string title_, subtitle_;
  std::vector<std::string> subtitle_args_;
  std::vector<Draw> objs_;
};

// Chapter index at t (-1 before the first), and the start of the previous/next chapter.
int chapter_at(const Scene& s, float t);
float chapter_step(const Scene& s, float t, int dir);

}  // namespace tmx::anim

#define TMX_REGISTER_SCENE(Class, slug, title, summary)                                             \
  static const bool tmx_scene_registered_##Class = ::tmx::anim::register_scene(                   \
      {slug, title, summary, []() -> std::unique_ptr<::tmx::anim::Scene> { return std::make_unique<Class>(); }})
