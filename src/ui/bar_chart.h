// Bar chart for probability distributions and other non-negative values (UI kit).
#pragma once
#include <string>
#include <vector>

namespace tmx::ui {

struct BarChartStyle {
  float height = 220.0f;        // CSS px, including labels
  float y_max = 0.0f;           // 0 = auto (max value, rounded up to a nice tick)
  bool show_values = true;      // numbers above the bars
  const char* value_format = "%.3f";
  int highlight = -1;           // bar drawn in the accent colour
  const char* caption = nullptr;  // its name for screen readers (ui/a11y.h); default: the kind of figure
  bool tooltip = true;          // the hovered bar's label and value (off: the caller draws its own)
  // Optional layers, one value per bar (null: off). The sampling widget shows a distribution
  // before and after a change with them.
  const std::vector<float>* outline = nullptr;  // an earlier value, drawn as an outline behind the bar
  const std::vector<float>* base = nullptr;     // the solid part of the bar; the rest up to the value is lighter
  const std::vector<char>* dimmed = nullptr;    // non-zero: the bar is drawn grey (e.g. cut away)
  const std::vector<float>* line = nullptr;     // a polyline through the bar centres on its own 0..1 axis
                                                // (right side), e.g. a cumulative sum
  float line_mark = -1.0f;                      // >= 0: a dashed level on the line's axis (e.g. a threshold)
};

// Draws bars with labels; returns the index of the hovered bar or -1. The tooltip shows the exact value.
int bar_chart(const char* id, const std::vector<float>& values, const std::vector<std::string>& labels,
              const BarChartStyle& style = {});

}  // namespace tmx::ui
