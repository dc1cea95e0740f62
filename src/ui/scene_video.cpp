#include "ui/scene_video.h"

#include <algorithm>

#include "ui/host.h"
#include "ui/i18n.h"
#include "ui/video_view.h"

namespace tmx::ui {

SceneVideo::SceneVideo() = default;
SceneVideo::~SceneVideo() = default;
SceneVideo::SceneVideo(SceneVideo&&) noexcept = default;
SceneVideo& SceneVideo::operator=(SceneVideo&&) noexcept = default;

void SceneVideo::reset(const std::string& slug) {
  if (slug == slug_ && available_ >= 0) return;
  slug_ = slug;
  on_ = false;
  view_.reset();
  const std::string name = slug + ".mp4";
  available_ = valid_video_name(name) && host().video.exists && host().video.exists(name) ? 1 : 0;
}

bool SceneVideo::available(const std::string& slug) {
  reset(slug);
  return available_ == 1;
}

void SceneVideo::draw_toggle(const std::string& slug) {
  if (!available(slug)) return;
  bool on = on_;
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x < 80.0f) ImGui::NewLine();
  ImGui::Checkbox(tr(S::VideoToggle), &on);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S::VideoToggleTip));
  if (!ImGui::GetIO().WantTextInput && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_V), false)) on = !on;
  if (on && !view_) {
    view_ = std::make_unique<VideoView>();
    view_->set_file(slug + ".mp4");
  }
  if (!on) view_.reset();  // releases the element; turning it on again seeks to the player's t
  on_ = on;
}

bool SceneVideo::draw_stage(const std::string& slug, ImDrawList* dl, ImVec2 p0, ImVec2 p1, float& t, bool& playing,
                            float speed, bool loop, float duration) {
  reset(slug);
  if (!on_ || !view_) return false;
  view_->follow(t, playing, speed, loop);
  t = std::min(std::max(0.0f, t), duration);
  view_->draw_picture(dl, p0, p1);
  return true;
}

}  // namespace tmx::ui
