// Line plot (UI kit): several series, nice ticks, legend, hover readout, drag to pan,
// Ctrl + wheel to zoom (a plain wheel keeps scrolling the page), double-click to fit; PNG/CSV export.
// Series longer than the plot is wide are drawn as a min/max envelope per pixel column, and a
// plot scrolled out of view draws nothing, so many long series stay cheap.
#pragma once
#include <string>
#include <vector>

namespace tmx::ui {

struct Series {
  std::string name;
  std::vector<float> x, y;  // same length; x ascending for the fastest hover readout
  int color = -1;           // palette series index; -1 = by position
};

struct LinePlotView {
  bool fit = true;          // auto-fit to the data (until the user pans or zooms)
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
};

struct LinePlotStyle {
  float height = 260.0f;
  const char* x_label = nullptr;
  const char* y_label = nullptr;
  bool legend = true;
  const char* caption = nullptr;  // its name for screen readers (ui/a11y.h); default: the kind of figure
  bool log_x = false;
  const char* export_name = nullptr;
  bool stems = false;       // a line from y = 0 to every sample (short discrete sequences, <= 128 samples)
};

// "Nice" tick positions (1, 2, 5 x 10^k steps) covering [lo, hi], about `target` of them.
std::vector<double> nice_ticks(double lo, double hi, int target = 5);
void line_plot(const char* id, const std::vector<Series>& series, LinePlotView& view, const LinePlotStyle& style = {});

}  // namespace tmx::ui
