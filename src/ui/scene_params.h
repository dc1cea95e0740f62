// The parameters of a scene player, read in one place for the Cinema page
// (#/cinema/<slug>?t=12.5&speed=0.5&loop=1, also chapter=3) and for ```scene blocks in notes:
//   t        seconds from the start; clamped to [0, duration] (a little past the end is the end,
//            since addresses keep hundredths); not a number: start at 0
//   chapter  1..number of chapters, starts at that chapter; wins over t (both given: a warning)
//   speed    one of the player's speeds (0.25x..2x); anything else: the nearest one, with a warning
//   loop     1 or 0; anything else: off, with a warning
// Every problem is a translated sentence for the page or the note to show; nothing is silently
// accepted, and unknown keys are reported too.
#pragma once
#include <string>
#include <vector>

#include "ui/url.h"

namespace tmx::anim {
class Scene;
}

namespace tmx::ui {

class ScenePlayer;

// How far past the end a t= may be and still count as the end (addresses round t to hundredths).
constexpr float kSceneTimeSlack = 0.01f;

struct SceneParams {
  bool has_start = false;  // a usable t= or chapter= was given
  float t = 0;             // where to start (valid when has_start)
  float speed = 1;         // one of the player's speeds
  bool loop = false;
  std::vector<std::string> problems;
};

// Reads params for scene s. Keys in also_allowed (besides t, chapter, speed, loop and keys
// starting with '#', which are internal) are not reported as unknown.
SceneParams read_scene_params(const Params& params, const anim::Scene& s,
                              const std::vector<std::string>& also_allowed = {});
// Sets speed and loop, and seeks to the start when one was given (otherwise t is left alone, so an
// inline player keeps its poster frame).
void apply_scene_params(ScenePlayer& p, const SceneParams& sp);

}  // namespace tmx::ui
