// Heatmap (UI kit): a colormapped grid with row/column labels, colour bar, hover tooltip with the
// exact value, optional numbers in cells, click to select a row or column, PNG/CSV export.
// Draws straight into vertex buffers, so a 256 x 256 grid is cheap (see bench/notes_bench.mjs).
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
