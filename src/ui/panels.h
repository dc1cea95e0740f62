// Panels side by side when the column is wide enough, one above the other (each the full width)
// when it is not: the one place widgets decide that, so a phone stacks every widget's panels the
// same way. Records where each group's panels went for the status probe (tests check that a
// phone's panels are stacked).
//
//   Panels p("tvm-plots", 2, 380.0f);          // two panels, each at least 380 px wide side by side
//   for (int i = 0; i < 2; ++i) {
//     p.begin_panel();                          // SameLine for the 2nd.. when side by side
//     ... draw panel i, p.width() wide ...
//     p.end_panel();
//   }
#pragma once
#include <imgui.h>

#include <string>

namespace tmx::ui {

class Panels {
 public:
  Panels(const char* id, int n, float min_width, float gap = 16.0f);
  ~Panels();
  Panels(const Panels&) = delete;
  Panels& operator=(const Panels&) = delete;
  // Whether n panels of min_width (and the gaps) fit in `avail` px side by side.
  static bool side_by_side(float avail, int n, float min_width, float gap = 16.0f);
  bool stacked() const { return stacked_; }
  float width() const { return width_; }  // one panel's width
  void begin_panel();
  void end_panel();

 private:
  std::string id_;
  int n_, i_ = 0;
  float width_, gap_;
  bool stacked_;
  ImVec2 rects_[8][2];
};

// Last frame's panel groups: [{"id":..,"stacked":..,"rects":[[x,y,w,h],..]},..].
std::string panels_json();
void panels_new_frame();  // the app, at the start of each frame

}  // namespace tmx::ui
