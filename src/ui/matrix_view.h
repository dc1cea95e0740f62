// Matrix view (UI kit): the actual numbers of a small matrix, at a sensible precision, with its
// name and shape, optional labels, value-tinted cells and row/column highlight on hover.
#pragma once
#include <string>
#include <vector>

#include "ui/i18n.h"

namespace tmx::ui {

struct MatrixStyle {
  const char* name = nullptr;     // shown before the shape, e.g. "Q"
  int decimals = -1;              // -1: chosen from the values (0 for integers)
  const char* caption = nullptr;  // its name for screen readers (ui/a11y.h); default: the kind of figure
  bool tint = true;               // diverging background by value
  const std::vector<std::string>* row_labels = nullptr;
  const std::vector<std::string>* col_labels = nullptr;
  S cell_text = S::UiCellRowCol;  // tooltip: "{0}" the row's label (or index), "{1}" the column's
  int highlight_row = -1, highlight_col = -1;  // e.g. the query being explained
  int max_rows = 16, max_cols = 12;             // larger matrices show their corners and "…"
  const char* export_name = nullptr;
};

struct MatrixHover {
  int row = -1, col = -1;
};

int auto_decimals(const float* data, int n);  // 0 if all integers, else 1-3 from the magnitude
MatrixHover matrix_view(const char* id, const float* data, int rows, int cols, const MatrixStyle& style = {});

}  // namespace tmx::ui
