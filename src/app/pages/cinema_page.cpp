// Cinema: the scene index and the scene player (#/cinema/<slug>?t=12.5).
#include <imgui.h>

#include <algorithm>

#include "anim/scene_registry.h"
#include "app/app.h"
#include "app/pages/pages.h"
#include "ui/i18n.h"

namespace tmx {

void draw_cinema_page(App& app) {
  const Route& route = app.route();
  if (!route.slug.empty()) {
    const anim::SceneInfo* info = anim::find_scene(route.slug);
    if (!info) return draw_not_found_page(app, tr(S::UnknownScene));
    page_title(info->title, info->summary);
    return;
  }
  if (route.embed) return draw_not_found_page(app, tr(S::UnknownScene));
  page_title(tr(S::CinemaIndexTitle), tr(S::CinemaIndexIntro));
  const auto& ss = anim::scenes();
  if (ss.empty()) ImGui::TextDisabled("%s", tr(S::CinemaEmpty));
  const float w = std::min(ImGui::GetContentRegionAvail().x, 520.0f);
  for (const auto& s : ss) {
    if (link_card(s.slug, s.title, s.summary, w, 92.0f)) app.go_hash(std::string("#/cinema/") + s.slug);
    ImGui::Dummy(ImVec2(0, 4));
  }
}

}  // namespace tmx
