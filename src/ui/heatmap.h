// Heatmap (UI kit): a colormapped grid with row/column labels, colour bar, hover tooltip with the
// exact value, optional numbers in cells, click to select a row or column, PNG/CSV export.
// Small grids are one quad per cell, only the rows in view, nothing at all when the map is
// scrolled out of view. Larger ones (more than texture_above cells) are colormapped into an RGBA
// texture, one texel per cell, re-uploaded only when the data, range or colormap change, and
// drawn as a single image: a 256 x 256 grid costs 4 vertices instead of 262,144
// (bench/bench_ui_heatmap.cpp, bench/web_frame_time.mjs). Without a texture, sub-pixel cells are
// pooled into blocks (bench/bench_ui_lab_frame.cpp).
#pragma once
#include <cmath>
#include <string>
#include <vector>

#include "ui/colormap.h"
#include "ui/i18n.h"

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
  // What a cell is, for its tooltip: "{0}" is the row's label, "{1}" the column's ("score of
  // query {0} against key {1}"); the value follows.
  S cell_text = S::UiCellRowCol;
  bool colorbar = true;
  const char* caption = nullptr;  // its name for screen readers (ui/a11y.h); default: the kind of figure
  const char* export_name = nullptr;  // non-null: show an Export button (PNG, CSV)
  int texture_above = 64 * 64;        // cells; beyond this the grid is drawn as one texture
  // Quads only: cells smaller than this (CSS px) are drawn as blocks of k x k cells showing their
  // mean; hover and clicks still address single cells.
  float min_cell_px = 2.0f;
};

// Selection persists across frames in the caller. A cell click selects its row and column;
// a row label selects the row only, a column label the column only.
struct HeatmapSelection {
  int row = -1, col = -1;
};

struct HeatmapHover {
  int row = -1, col = -1;
  float value = NAN;  // the hovered cell's value, exactly as passed in
  bool clicked = false;
  bool textured = false;  // drawn as one texture (large grid) rather than one quad per cell
};

// data: row-major rows x cols. Non-finite values are drawn grey.
HeatmapHover heatmap(const char* id, const float* data, int rows, int cols, const HeatmapStyle& style = {},
                     HeatmapSelection* selection = nullptr);

// Frees the textures of heatmaps that are no longer drawn (also done automatically after a
// couple of seconds off screen). Returns how many are still alive.
int heatmap_release_textures(bool all = false);

}  // namespace tmx::ui
