// The file a new scene starts from (copy it to src/anim/scenes/my_scene.cpp). It is compiled
// and drawn by the tests like every scene, but not registered, so it never shows in the Cinema.
// What goes where:
//   1. Data: computed once in the constructor with src/core (never typed-in numbers).
//   2. Objects: `int id = obj([=](Stage& s, const ObjState& o) { ... });` — one declaration per
//      object, with its drawing. Capture by value ([=]): the constructor's locals are gone when
//      the scene is drawn. o.alpha / o.create / o.morph / o.offset / o.highlight / o.write come
//      from the timeline; st(other, o.t) reads another object's state.
//   3. Timeline: chapters carry their title and caption (English templates, "{0}" = args[0];
//      add each string to the table in src/ui/scene_text.cpp). The Scene draws title, caption
//      and progress; objects draw in the band between Stage::kContentTop and kContentBottom.
//   4. Register: TMX_REGISTER_SCENE(MyScene, "my-scene", "My scene", "one-line summary");
#include <memory>

#include "anim/scene.h"
#include "core/softmax.h"

namespace tmx::anim {
namespace scene_template {

class MyScene : public Scene {
 public:
  MyScene() : Scene("Softmax of three scores", "computed by the core") {
    // 1. Data.
    Mat z(1, 3), p;
    z << 2.0f, 1.0f, 0.1f;
    softmax_forward(p, z);

    // 2. Objects. Layout helpers derive positions from each other.
    const Rect zr = Rect::at({3.0f, 3.5f}, matrix_size(z, {1.0f, 0.6f}));
    const Rect pr = zr.right_of(zr.size(), 3.0f);
    int scores = obj([=](Stage& s, const ObjState& o) {
      s.matrix(zr.min, z, Mx().cell(1.0f, 0.6f).tint(2.0f).alpha(o.alpha));
      s.text(zr.label_above(), s.tr("scores"), Txt::label().center().alpha(o.alpha));
    });
    int arrow = obj([=](Stage& s, const ObjState& o) {
      s.arrow({zr.max.x + 0.2f, zr.center().y}, {pr.min.x - 0.2f, pr.center().y}, s.col().accent, o.alpha, o.create);
      s.text({(zr.max.x + pr.min.x) / 2, zr.center().y - 0.35f}, "softmax", Txt::label().col(s.col().accent).center().alpha(o.alpha));
    });
    int probs = obj([=](Stage& s, const ObjState& o) {  // slides in from the scores (a move between layouts)
      s.matrix(lerp(zr.min, pr.min, o.morph), p, Mx().cell(1.0f, 0.6f).tint(1.0f).alpha(o.alpha).moving(o.morph < 1));
      s.text(pr.label_above(), s.tr("probabilities"), Txt::label().center().alpha(o.alpha * o.morph));
    });

    // 3. Timeline. The first picture is on screen at t = 0 (the poster).
    tl_.chapter("Scores", "Three raw scores, one per option.").create({scores}, 0).wait(2.0f);
    tl_.chapter("Softmax", "Softmax turns them into probabilities that sum to 1.")
        .create({arrow}, 0.8f).then().create({probs}, 0.3f).transform({probs}, 1.2f).then(2.0f);
    tl_.end();
  }
};

}  // namespace scene_template

// 4. A real scene registers itself here instead:
//    TMX_REGISTER_SCENE(MyScene, "my-scene", "My scene", "one-line summary");
std::unique_ptr<Scene> make_template_scene() { return std::make_unique<scene_template::MyScene>(); }

}  // namespace tmx::anim
