#include "ui/scene_description.h"

#include <imgui.h>

#include <algorithm>

#include "anim/scene.h"
#include "anim/stage.h"
#include "ui/i18n.h"
#include "ui/stage_hooks.h"
#include "ui/theme.h"

namespace tmx::ui {

std::string scene_description(const anim::Scene& scene, float t) {
  const auto& chs = scene.chapters();
  const int ch = chs.empty() ? -1 : std::max(0, anim::chapter_at(scene, t));
  static const anim::Scene* last_scene = nullptr;
  static int last_chapter = -2;
  static Lang last_lang = Lang::En;
  static std::string last;
  if (&scene == last_scene && ch == last_chapter && language() == last_lang) return last;
  last_scene = &scene, last_chapter = ch, last_lang = language();
  last.clear();
  if (ch < 0) return last;
  const anim::Chapter& c = chs[static_cast<size_t>(ch)];
  // Drawn once into a scratch draw list with a log: what is on the stage just before the next chapter.
  const float end = static_cast<size_t>(ch) + 1 < chs.size() ? chs[static_cast<size_t>(ch) + 1].start : scene.duration();
  ImDrawList dl(ImGui::GetDrawListSharedData());
  dl._ResetForNewFrame();
  dl.PushClipRectFullScreen();
  dl.PushTextureID(ImGui::GetIO().Fonts->TexID);
  anim::Stage stage = make_stage(&dl, ImVec2(0, 0), 1280.0f, theme_is_dark());
  anim::StageLog log;
  stage.set_log(&log);
  scene.render(stage, std::max(c.start, end - 0.05f));
  std::string formulas;
  std::vector<std::string> seen;
  for (const anim::StageLog::Text& x : log.texts) {
    if (!x.math || x.alpha < 0.5f || x.s.empty() || std::find(seen.begin(), seen.end(), x.s) != seen.end()) continue;
    seen.push_back(x.s);
    formulas += (formulas.empty() ? "" : "; ") + x.s;
  }
  const std::string caption = c.caption.empty() ? "" : stage.tr(c.caption, c.args);
  last = trf(S::A11ySceneNow, {std::to_string(ch + 1), std::to_string(chs.size()), stage.tr(c.title), caption});
  if (!formulas.empty()) last += " " + trf(S::A11ySceneFormulas, {formulas});
  return last;
}

}  // namespace tmx::ui
