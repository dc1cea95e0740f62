#include "ui/video_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/error_text.h"
#include "ui/fonts.h"
#include "ui/i18n.h"
#include "ui/markdown/text_layout.h"  // the notes' error box
#include "ui/theme.h"
#include "ui/touch.h"

namespace tmx::ui {

namespace {

int g_next_id = 1;

// A name as it may be shown: printable ASCII only, at most 60 characters.
std::string shown(const std::string& s) {
  std::string o;
  for (unsigned char c : s) {
    if (o.size() >= 60) {
      o += "...";
      break;
    }
    o += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
  }
  return o;
}

// tr() strings carry "{file}" where the file name goes.
std::string with_file(S id, const std::string& file) {
  std::string s = tr(id);
  const size_t at = s.find("{file}");
  if (at != std::string::npos) s.replace(at, 6, shown(file));
  return s;
}

std::string fmt_time(double t) {
  if (!std::isfinite(t) || t < 0) t = 0;
  const int s = static_cast<int>(t);
  char b[32];
  std::snprintf(b, sizeof b, "%d:%02d", s / 60, s % 60);
  return b;
}

VideoHooks& hooks() { return host().video; }

}  // namespace

bool valid_video_name(const std::string& name, std::string* why) {
  auto fail = [&](S reason) {
    if (why) *why = trf(S::VideoNameBad, {shown(name), tr(reason)});
    return false;
  };
  if (name.empty()) return fail(S::VideoNameEmpty);
  if (name.size() > 85) return fail(S::VideoNameLong);
  if (name.find('/') != std::string::npos || name.find('\\') != std::string::npos) return fail(S::VideoNameFolders);
  if (name.find("..") != std::string::npos) return fail(S::VideoNameDots);
  if (name.size() < 5 || name.compare(name.size() - 4, 4, ".mp4") != 0) return fail(S::VideoNameExt);
  const unsigned char first = static_cast<unsigned char>(name[0]);
  if (!((first >= 'a' && first <= 'z') || (first >= '0' && first <= '9')))
    return fail(S::VideoNameFirst);
  for (unsigned char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
      return fail(S::VideoNameChars);
  return true;
}

VideoView::VideoView() : id_(g_next_id++) {}

VideoView::~VideoView() {
  if (opened_ && hooks().close) hooks().close(id_);
}

void VideoView::set_file(const std::string& name) {
  if (name == file_ && (opened_ || !problem_.empty())) return;
  if (opened_ && hooks().close) hooks().close(id_);
  opened_ = false;
  file_ = name;
  problem_.clear();
  platform_problem_ = false;
  st_ = VideoStatus();
  followed_t_ = -1;
  std::string why;
  if (!valid_video_name(name, &why)) {
    problem_ = why;
    return;
  }
  const std::string reason = hooks().unavailable_reason ? hooks().unavailable_reason() : std::string();
  if (!reason.empty() || !hooks().poll) {
    problem_ = with_file(S::VideoUnavailable, name) + " " + (reason.empty() ? tr(S::VideoWebOnly) : reason);
    platform_problem_ = true;
    return;
  }
  if (!hooks().exists || !hooks().exists(name)) problem_ = with_file(S::VideoMissing, name);
}

void VideoView::poll() {
  if (!problem_.empty() || !hooks().poll) return;
  const int frame = ImGui::GetFrameCount();
  if (frame == polled_frame_) return;
  polled_frame_ = frame;
  if (hooks().open) hooks().open(id_, file_);  // idempotent; re-creates an element the shell evicted
  opened_ = true;
  st_ = hooks().poll(id_);
}

void VideoView::play() {
  if (problem_.empty() && hooks().control) hooks().control(id_, VideoCmd::Play, 0);
}
void VideoView::pause() {
  if (problem_.empty() && hooks().control) hooks().control(id_, VideoCmd::Pause, 0);
}
void VideoView::seek(double seconds) {
  if (problem_.empty() && hooks().control && std::isfinite(seconds)) hooks().control(id_, VideoCmd::Seek, std::max(0.0, seconds));
}
void VideoView::set_rate(float rate) {
  if (problem_.empty() && hooks().control && std::isfinite(rate))
    hooks().control(id_, VideoCmd::Rate, std::min(4.0f, std::max(0.25f, rate)));
}
void VideoView::set_loop(bool loop) {
  if (problem_.empty() && hooks().control) hooks().control(id_, VideoCmd::Loop, loop ? 1 : 0);
}
void VideoView::set_muted(bool muted) {
  if (problem_.empty() && hooks().control) hooks().control(id_, VideoCmd::Mute, muted ? 1 : 0);
}

void VideoView::follow(float& t, bool& playing, float speed, bool loop) {
  poll();
  if (!problem_.empty() || st_.phase == VideoPhase::Unavailable || st_.phase == VideoPhase::Error) {
    was_playing_ = playing;
    return;  // the player keeps its own clock; draw_picture shows the problem
  }
  if (std::fabs(st_.rate - speed) > 1e-3f) set_rate(speed);
  if (st_.loop != loop) set_loop(loop);
  // A jump is a change of t the player did not make by playing (scrub, chapter step, address):
  // the player may advance t by its own frame time first, and rounds t for the URL when paused.
  const float dt = std::isfinite(ImGui::GetIO().DeltaTime) ? std::min(0.25f, std::max(0.0f, ImGui::GetIO().DeltaTime)) : 0.0f;
  const float kTol = 0.01f;
  const bool jumped = followed_t_ < 0 ||
                      (std::fabs(t - followed_t_) > kTol && std::fabs(t - (followed_t_ + dt * speed)) > kTol);
  if (jumped) seek(t);
  if (playing) {
    if (st_.phase == VideoPhase::Ended && !jumped) {
      if (was_playing_) {  // it ran to its end while we played: stop there
        playing = false;
        t = static_cast<float>(st_.duration);
      } else {  // play pressed at the end: start over
        t = 0;
        seek(0);
        play();
      }
    } else if (st_.phase != VideoPhase::Playing) {
      play();
    } else if (!jumped) {
      t = static_cast<float>(st_.time);
    }
  } else if (st_.phase == VideoPhase::Playing) {
    pause();
    settling_pause_ = true;
  } else if (settling_pause_) {
    // The element reports a coarse time while playing and the exact one once paused: the player's t
    // becomes the frame the picture stopped at, so the URL names what is on screen.
    settling_pause_ = false;
    if (!jumped && std::isfinite(st_.time)) t = static_cast<float>(st_.time);
  }
  if (playing) settling_pause_ = false;
  followed_t_ = t;
  was_playing_ = playing;
}

void VideoView::draw_message(ImDrawList* dl, ImVec2 p0, ImVec2 p1, const std::string& text, bool error) {
  const Palette& pal = palette();
  dl->AddRectFilled(p0, p1, error ? IM_COL32(58, 31, 36, 255) : IM_COL32(24, 26, 32, 255), 6.0f);
  if (error) dl->AddRect(p0, p1, pal.error, 6.0f);
  ImFont* f = fonts().body;
  const float size = f->FontSize * ImGui::GetIO().FontGlobalScale;
  const float wrap = std::max(60.0f, (p1.x - p0.x) - 48.0f);
  const ImVec2 ts = f->CalcTextSizeA(size, FLT_MAX, wrap, text.c_str());
  const ImVec2 at(p0.x + std::max(24.0f, ((p1.x - p0.x) - ts.x) * 0.5f), p0.y + std::max(12.0f, ((p1.y - p0.y) - ts.y) * 0.5f));
  dl->PushClipRect(p0, p1, true);
  dl->AddText(f, size, at, error ? IM_COL32(255, 215, 215, 255) : IM_COL32(200, 205, 214, 255), text.c_str(), nullptr, wrap);
  dl->PopClipRect();
}

bool VideoView::draw_picture(ImDrawList* dl, ImVec2 p0, ImVec2 p1) {
  if (!problem_.empty()) {
    draw_message(dl, p0, p1, problem_, !platform_problem_);
    return false;
  }
  poll();
  if (st_.phase == VideoPhase::Error || st_.phase == VideoPhase::Unavailable) {
    draw_message(dl, p0, p1, with_file(S::VideoFailed, file_) + " " + page_message_text(shown(st_.message)), true);
    return false;
  }
  dl->AddRectFilled(p0, p1, IM_COL32(0, 0, 0, 255));
  if (!st_.texture || st_.width <= 0 || st_.height <= 0) {
    draw_message(dl, p0, p1, tr(S::VideoLoading), false);
    return false;
  }
  // Letterbox: the largest rect of the video's aspect ratio inside [p0, p1].
  const float w = p1.x - p0.x, h = p1.y - p0.y, a = static_cast<float>(st_.width) / st_.height;
  const float dw = std::min(w, h * a), dh = dw / a;
  const ImVec2 q0(p0.x + (w - dw) * 0.5f, p0.y + (h - dh) * 0.5f);
  dl->AddImage(st_.texture, q0, ImVec2(q0.x + dw, q0.y + dh));
  return true;
}

void VideoView::draw_controls() {
  const Palette& pal = palette();
  const bool playing = st_.phase == VideoPhase::Playing;
  if (ImGui::Button(playing ? tr(S::VideoPause) : tr(S::VideoPlay), ImVec2(72, 0))) {
    if (playing) pause();
    else {
      if (st_.phase == VideoPhase::Ended) seek(0);
      play();
    }
  }
  ImGui::SameLine();
  const std::string time = fmt_time(st_.time) + " / " + fmt_time(st_.duration);
  const char* mute = st_.muted ? tr(S::VideoUnmute) : tr(S::VideoMute);
  const ImGuiStyle& style = ImGui::GetStyle();
  const float right = ImGui::CalcTextSize(time.c_str()).x + ImGui::CalcTextSize(mute).x + 2 * style.FramePadding.x +
                      2 * style.ItemSpacing.x + 4.0f;
  const float bar_w = std::max(40.0f, ImGui::GetContentRegionAvail().x - right);
  const float bar_h = ImGui::GetFrameHeight();
  const ImVec2 b0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##vscrub", ImVec2(bar_w, bar_h));
  touch_drag_item();  // a finger on it drags (ui/touch.h), not the page
  const bool active = ImGui::IsItemActive(), hovered = ImGui::IsItemHovered();
  if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  const double dur = st_.duration > 0 && std::isfinite(st_.duration) ? st_.duration : 0.0;
  if (active && dur > 0) {
    const double u = std::min(1.0, std::max(0.0, (ImGui::GetIO().MousePos.x - b0.x) / static_cast<double>(bar_w)));
    if (std::fabs(u * dur - st_.time) > 0.05) seek(u * dur);
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float y = b0.y + bar_h * 0.5f;
  const float xt = b0.x + bar_w * static_cast<float>(dur > 0 ? std::min(1.0, st_.time / dur) : 0.0);
  dl->AddRectFilled(ImVec2(b0.x, y - 3), ImVec2(b0.x + bar_w, y + 3), pal.border, 3);
  dl->AddRectFilled(ImVec2(b0.x, y - 3), ImVec2(xt, y + 3), pal.accent, 3);
  dl->AddCircleFilled(ImVec2(xt, y), active || hovered ? 7.5f : 6.0f, pal.accent, 20);
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(time.c_str());
  ImGui::SameLine();
  if (ImGui::Button(mute)) set_muted(!st_.muted);
}

void VideoView::draw(float width) {
  ImGui::PushID(id_);
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (!problem_.empty()) {
    if (platform_problem_) {
      const float h = std::max(56.0f, md::error_box_height(problem_, width));
      ImGui::Dummy(ImVec2(width, h));
      draw_message(dl, o, ImVec2(o.x + width, o.y + h), problem_, false);
    } else {
      md::draw_error_box(problem_.data(), problem_.data() + problem_.size(), o, width);
      ImGui::Dummy(ImVec2(width, md::error_box_height(problem_, width)));
    }
    ImGui::PopID();
    return;
  }
  poll();
  const float aspect = st_.width > 0 && st_.height > 0 ? static_cast<float>(st_.width) / st_.height : 16.0f / 9.0f;
  const float h = std::floor(width / std::min(4.0f, std::max(0.5f, aspect)));
  if (ImGui::InvisibleButton("##picture", ImVec2(width, h))) {
    if (st_.phase == VideoPhase::Playing) pause();
    else if (st_.phase == VideoPhase::Ready || st_.phase == VideoPhase::Ended) {
      if (st_.phase == VideoPhase::Ended) seek(0);
      play();
    }
  }
  const bool shown_frame = draw_picture(dl, o, ImVec2(o.x + width, o.y + h));
  if (shown_frame && st_.phase != VideoPhase::Playing) {  // a big play mark while paused
    const ImVec2 c(o.x + width * 0.5f, o.y + h * 0.5f);
    dl->AddCircleFilled(c, 26.0f, IM_COL32(0, 0, 0, 120), 32);
    dl->AddTriangleFilled(ImVec2(c.x - 8, c.y - 13), ImVec2(c.x - 8, c.y + 13), ImVec2(c.x + 14, c.y),
                          IM_COL32(255, 255, 255, 230));
  }
  if (st_.phase != VideoPhase::Error && st_.phase != VideoPhase::Unavailable) {
    ImGui::Dummy(ImVec2(0, 2));
    draw_controls();
  }
  ImGui::PopID();
}

}  // namespace tmx::ui
