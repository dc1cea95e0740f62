// Small plots for the Lab widgets (Attention lab, Mamba simulator): a heatmap with hover and
// click, a numeric matrix view, and a multi-series line plot. Minimal stand-ins written before
// the UI kit (issue 6: ui/heatmap.h, ui/matrix_view.h, ui/line_plot.h) landed; the lead may
// swap them for the kit's versions.
#pragma once
#include <imgui.h>

#include <string>
#include <vector>

#include "core/tensor.h"

namespace tmx::ui {

struct LabHeatmapResult {
  int hover_row = -1, hover_col = -1;
  int clicked_row = -1;  // a click on any cell selects its row
};

// m: any (rows, cols) matrix; -inf cells (masked) are drawn hatched grey. Only visible rows are
// drawn and equal neighbouring colours merge, so 128 x 128 stays cheap. signed_scale: a
// blue-white-red scale symmetric around 0 (scores); else 0..vmax (weights).
LabHeatmapResult lab_heatmap(const char* id, const Mat& m, const std::vector<std::string>& row_labels,
                             const std::vector<std::string>& col_labels, bool signed_scale, float max_side,
                             int selected_row = -1);

// The actual numbers of a matrix, hover shows the full-precision value. Large matrices show
// their first max_rows x max_cols entries and say so.
void lab_matrix(const char* id, const Mat& m, const std::vector<std::string>& row_labels, int max_rows = 12,
                int max_cols = 10, int highlight_row = -1);

struct LabSeries {
  std::string name;
  std::vector<float> y;  // y[t] at x = t
  ImU32 color;
};
// Line plot over t = 0..L-1 with a hover readout of every series. Returns the hovered t or -1.
int lab_lines(const char* id, const std::vector<LabSeries>& series, float height, bool stems = false);

// A colour along the lab's sequential scale (t in [0, 1]) and the diverging one (t in [-1, 1]).
ImU32 lab_seq_color(float t);
ImU32 lab_div_color(float t);

}  // namespace tmx::ui
