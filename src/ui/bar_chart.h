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
};

// Draws bars with labels; returns the index of the hovered bar or -1. The tooltip shows the exact value.
int bar_chart(const char* id, const std::vector<float>& values, const std::vector<std::string>& labels,
              const BarChartStyle& style = {});

}  // namespace tmx::ui
