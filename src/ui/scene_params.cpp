#include "ui/scene_params.h"

#include <algorithm>
#include <cmath>

#include "anim/scene.h"
#include "core/tokenizer/utf8.h"
#include "ui/i18n.h"
#include "ui/scene_player.h"
#include "ui/widget.h"  // param_get, parse_finite_float

namespace tmx::ui {

namespace {
// Untrusted text as it appears inside a message.
std::string shown(const std::string& s) { return tok::utf8_printable(s, 40); }
}  // namespace

SceneParams read_scene_params(const Params& params, const anim::Scene& s, const std::vector<std::string>& also_allowed) {
  SceneParams out;
  const float dur = s.duration();
  const std::string t = param_get(params, "t"), chapter = param_get(params, "chapter");
  if (!chapter.empty()) {
    float c = 0;
    const int n = static_cast<int>(s.chapters().size());
    if (!parse_finite_float(chapter, c) || c != std::floor(c) || c < 1 || c > n) {
      out.problems.push_back(trf(S::SceneParamChapter, {shown(chapter), std::to_string(n)}));
    } else {
      out.has_start = true;
      out.t = s.chapters()[static_cast<size_t>(c) - 1].start;
    }
    if (!t.empty()) out.problems.push_back(trf(S::SceneParamBoth, {shown(chapter)}));
  } else if (!t.empty()) {
    float v = 0;
    if (!parse_finite_float(t, v)) {
      out.problems.push_back(trf(S::SceneTNotNumber, {shown(t)}));
    } else {
      const float clamped = std::min(dur, std::max(0.0f, v));
      if (v < 0 || v > dur + kSceneTimeSlack)
        out.problems.push_back(trf(S::SceneTOutside, {shown(t), fmt_scene_time(dur), fmt_scene_time(clamped)}));
      out.has_start = true;
      out.t = clamped;
    }
  }
  const std::string speed = param_get(params, "speed");
  if (!speed.empty()) {
    float v = 1;
    const bool ok = parse_finite_float(speed, v);
    // Clamped first: far from the range, float rounding makes every offered speed equally near.
    const float in_range = std::min(scene_speed(kSceneSpeedCount - 1), std::max(scene_speed(0), ok ? v : 1.0f));
    out.speed = scene_speed(nearest_scene_speed(in_range));
    if (!ok || std::fabs(out.speed - v) > 1e-4f)
      out.problems.push_back(trf(S::SceneSpeedInvalid, {shown(speed), scene_speed_name(nearest_scene_speed(out.speed))}));
  }
  const std::string loop = param_get(params, "loop");
  if (!loop.empty()) {
    if (loop != "0" && loop != "1") out.problems.push_back(trf(S::SceneParamLoop, {shown(loop)}));
    out.loop = loop == "1";
  }
  for (const auto& kv : params) {
    const std::string& k = kv.first;
    if (k == "t" || k == "chapter" || k == "speed" || k == "loop" || (!k.empty() && k[0] == '#') ||
        std::find(also_allowed.begin(), also_allowed.end(), k) != also_allowed.end())
      continue;
    out.problems.push_back(trf(S::SceneParamUnknown, {shown(k)}));
  }
  return out;
}

void apply_scene_params(ScenePlayer& p, const SceneParams& sp) {
  if (sp.has_start) p.seek(sp.t);
  p.set_speed(sp.speed);
  p.set_loop(sp.loop);
}

}  // namespace tmx::ui
