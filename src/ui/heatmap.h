// Heatmap (UI kit): a colormapped grid with row/column labels, colour bar, hover tooltip with the
// exact value, optional numbers in cells, click to select a row or column, PNG/CSV export.
// Draws straight into vertex buffers, only the rows in view, nothing at all when the map is
// scrolled out of view, and pools sub-pixel cells (see bench/bench_ui_lab_frame.cpp).
#pragma once
#include <cmath>
#include <string>
#include <vector>

#include "ui/colormap.h"

namespace tmx::ui {

struct HeatmapStyle {
  Colormap cmap = Colormap::Viridis;
  float vmin = NAN, vmax = NAN;   // NaN: taken from the data
  bool show_values = false;       // numbers in the cells (only drawn when cells are big enough)
  const char* value_format = "%.2f";
  float max_cell = 44.0f;         // CSS px
  float max_height = 520.0f;      // the grid shrinks to fit
  const std::vector<std::string>* row_labels = nullptr;
  const std::vector<std::string>* col_labels = nullptr;
  bool colorbar = true;
  const char* export_name = nullptr;  // non-null: show an Export button (PNG, CSV)
  // Cells smaller than this (CSS px) are drawn as blocks of k x k cells showing their mean, so a
  // 128 x 128 thumbnail costs a few thousand quads; hover and clicks still address single cells.
  float min_cell_px = 2.0f;
};

// Selection persists across frames in the caller. A cell click selects its row and column;
// a row label selects the row only, a column label the column only.
struct HeatmapSelection {
  int row = -1, col = -1;
};

struct HeatmapHover {
  int row = -1, col = -1;
  bool clicked = false;
};

// data: row-major rows x cols. Non-finite values are drawn grey.
HeatmapHover heatmap(const char* id, const float* data, int rows, int cols, const HeatmapStyle& style = {},
                     HeatmapSelection* selection = nullptr);

}  // namespace tmx::ui
