// Exporting what a plot shows (UI kit): its data as CSV and its pixels as PNG. CSV is written
// directly; PNG is a request for the platform loop, which reads the framebuffer region back after
// the frame is rendered (GL lives there) and saves it. Both go through host().save_file: a
// browser download on the web, a file natively.
#pragma once
#include <imgui.h>

#include <string>
#include <vector>

namespace tmx::ui {

// RFC 4180 CSV of a row-major matrix with optional labels (header row / first column).
std::string matrix_csv(const float* data, int rows, int cols, const std::vector<std::string>* row_labels = nullptr,
                       const std::vector<std::string>* col_labels = nullptr);
std::string csv_escape(const std::string& s);

// Queue a PNG export of a screen rectangle (CSS px) under this file name.
void request_png_export(ImVec2 min, ImVec2 max, const std::string& filename);
struct PngRequest {
  ImVec2 min, max;
  std::string filename;
};
// For the platform loop: takes the pending request, if any.
bool take_png_request(PngRequest& out);

// Where the export controls were drawn in the latest frame (CSS px), for automation and the
// browser tests (App::status_json lists them): the "Export" button of each plot, and while its
// menu is open the two items, named after the file they save ("heatmap.png", "heatmap.csv").
struct ExportTarget {
  std::string name;       // basename for the button, file name for a menu item
  ImVec2 min, max;        // the control
  ImVec2 plot_min, plot_max;  // what a PNG export captures
};
const std::vector<ExportTarget>& export_targets();

// A small "Export" button with a popup (PNG, CSV) placed at the current cursor. Returns true if
// an export was started. The CSV text is built only when chosen.
bool export_button(const char* id, ImVec2 rect_min, ImVec2 rect_max, const std::string& basename,
                   const std::string& (*csv)(void* user), void* user);

// A button that copies text ("Copy link", "Copy embed code"): it says "Copied" for a moment after
// the click; where the platform has no clipboard it opens a read-only box with the text selected
// instead, for the reader to copy by hand (a second click closes it): copy_fallback_box draws it,
// after the row of buttons. copy_button is true on the click's frame.
bool copy_button(const char* label, const std::string& text);
void copy_fallback_box(const char* label, const std::string& text);
enum class CopyFeedback { None, Copied, Fallback };
CopyFeedback copy_feedback();  // what the last clicked copy button shows now (status(), tests)

}  // namespace tmx::ui
