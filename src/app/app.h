// The application: current route, chrome (top bar + navigation), and page dispatch.
// Platform code (src/app/main.cpp) owns the window and calls frame(); tests drive it headless.
#pragma once
#include <imgui.h>

#include <map>
#include <memory>
#include <string>

#include "app/router.h"
#include "ui/fit.h"
#include "ui/widget.h"

namespace tmx {

struct FrameStats {
  static constexpr int kHistory = 120;
  float ms[kHistory] = {};
  int head = 0, count = 0;
  void push(float frame_ms);
  float mean_ms() const;
  float p95_ms() const;
  float last_ms() const;  // the latest frame's
  float percentile_ms(float q) const;  // q in [0, 1] over the history
};

// Where the typeset math (scripts/gen_math.mjs output) is: /math on the web, the build's gen/math
// natively ($TMX_MATH overrides). Notes and Cinema scenes both draw from it.
std::string app_math_dir();

class App {
 public:
  // Below this window width (CSS px: phones, tablets held upright) the navigation column becomes
  // a drawer behind the Menu button.
  static constexpr float kDrawerBelowPx = ui::kNarrowBelowPx;
  explicit App(std::string content_root);

  // Navigation. on_hash: the address changed (initial load, back/forward, typed URL, embedder).
  // go: the user clicked something in the app; pushes a history entry.
  void on_hash(const std::string& hash);
  void go(const Route& r);
  void go_hash(const std::string& hash) { go(parse_route(hash)); }
  // A page's state changed (slider moved): update the URL in place, without a history entry.
  void replace_params(const ui::Params& params);

  void frame(float dt_seconds);  // draws the whole UI for this frame (inside ImGui::NewFrame/Render)
  std::string status_json() const;
  std::string widget_probe_json() const;  // part of status_json: the Lab widget's numbers
  std::string catalog_json() const;  // ui/catalog.h, for this app's content
  // Whether the current route shows real content (not the not-found page), and its title.
  bool route_found(std::string* title = nullptr) const;

  const Route& route() const { return route_; }
  const std::string& content_root() const { return content_root_; }
  const FrameStats& stats() const { return stats_; }
  // CPU time the main loop spent on the last frames (events, UI, GL submission), measured by the
  // platform. Distinct from stats(), the interval between frames, which on the web includes the
  // browser's compositing and, in headless Chromium, SwiftShader's software rasterization.
  void record_work(float ms) { work_.push(ms); }
  const FrameStats& work() const { return work_; }
  void set_last_error(const std::string& e) { last_error_ = e; }
  bool dark_theme() const { return dark_; }
  void set_dark_theme(bool dark);
  bool narrow() const { return narrow_; }
  // The reader's language (app/language.h): applied at the start of the next frame. remember: an
  // explicit choice (the menu, the address), kept for the next visit.
  void set_language_choice(Lang l, bool remember);
  // The address named a language this site does not have ("" when it did not).
  const std::string& language_notice() const { return lang_notice_; }
  // prefers-reduced-motion: scenes never start by themselves, transitions are cut short.
  bool reduced_motion() const { return reduced_motion_; }

  // Live widget instances keyed by slug, so a widget keeps its state while you browse.
  ui::Widget* lab_widget(const std::string& slug);
  // Key of the URL params last pushed into the open widget ("" forces a re-apply).
  std::string& lab_params_applied() { return lab_params_applied_; }

 private:
  void draw_top_bar();
  static float top_bar_height();
  void draw_nav(float width);
  void draw_drawer();
  std::string drawer_json() const;
  void draw_settings_buttons();  // language menu + theme toggle
  void draw_page();          // the main landmark around draw_page_content()
  void draw_page_content();
  void apply_language(Lang l);
  void take_lang_param(Route& r);  // an embed's `lang` in the hash query

  Route route_;
  std::string content_root_;
  std::string last_error_;
  FrameStats stats_;
  FrameStats work_;
  bool dark_ = true;
  int pending_dark_ = -1;  // theme requested this frame (-1: none), applied before the next
  int pending_lang_ = -1;  // language requested this frame (-1: none), applied before the next
  std::string lang_notice_;
  bool narrow_ = false;
  bool reduced_motion_ = false;
  bool touch_sized_ = false;  // the theme's sizes are the touch ones
  bool nav_open_ = false;  // narrow layout: navigation drawer
  float drawer_rect_[4] = {0, 0, 0, 0};  // where it was last drawn (x, y, w, h)
  bool drawer_shown_ = false;            // drawn last frame
  ImDrawListSplitter card_layers_;       // frame(): the content card under the root's other drawing (kept: buffers reused)
  bool ready_reported_ = false;
  std::map<std::string, std::unique_ptr<ui::Widget>> lab_widgets_;
  std::string lab_params_applied_;  // route params last pushed into the current widget
};

}  // namespace tmx
