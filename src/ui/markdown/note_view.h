// Draws a parsed note as a book page: the caller opens a scrolling child of reading-column
// width; NoteView lays every block out once per width and draws only what is on screen.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "ui/markdown/document.h"
#include "ui/markdown/highlight.h"
#include "ui/markdown/text_layout.h"
#include "ui/scene_player.h"
#include "ui/video_view.h"
#include "ui/widget.h"

namespace tmx::ui::md {

class NoteView {
 public:
  // slug: this note's route name (for #anchor links); base_dir: folder for relative images;
  // content_root: the content folder (```video files live in assets/videos/, see ui/video_view.h).
  void set_document(Document doc, std::string slug, std::string base_dir, std::string content_root);
  // A top-level block's left edge in the column (after a draw): text keeps its reading measure and
  // is centred on the column, whose whole width figures, scenes and widgets take.
  float top_x(const Block& b) const;
  const Document& doc() const { return doc_; }

  // Draw into the current window (which should scroll). Uses the available width.
  void draw();

  // Deep links: scroll so this heading is at the top on the next draw.
  void request_anchor(const std::string& anchor) { pending_anchor_ = anchor; }
  void request_top() { pending_top_ = true; }
  // The heading the reader is in (the last one scrolled past), for the table of contents.
  const std::string& current_anchor() const { return current_anchor_; }
  float total_height() const { return total_h_; }
  // After a draw: heading -> y from the top of the note (content coordinates).
  float anchor_y(const std::string& anchor) const;
  int layout_errors() const;  // missing math/images in the laid-out blocks
  // For tests: live widget instances created from ```widget directives (by block id).
  const std::unordered_map<int, std::unique_ptr<Widget>>& widgets() const { return widgets_; }
  // For tests: inline scene players created from ```scene directives (by block id).
  const std::unordered_map<int, std::unique_ptr<ScenePlayer>>& players() const { return players_; }
  // The web page's text layer (note_text_layer.cpp, drawn by wasm_shell/text_layer.js): the note as
  // JSON, every block in reading order with its meaning (heading level, list, table, formula's
  // LaTeX, widget name) and its laid-out place in note coordinates. Valid after draw();
  // layout_key() changes whenever the JSON would (width, heights, fonts).
  std::string text_layer_json();
  std::string layout_key() const;
  // After a draw: the note's top-left on screen, and the window rectangle it is clipped to.
  ImVec2 screen_origin() const { return origin_; }
  ImVec4 clip_rect() const { return clip_; }
  // Scrolls by dy CSS px on the next draw (the text layer asks when the browser's find or a
  // screen reader moves to text out of view).
  void request_scroll_by(float dy) { pending_scroll_ += dy; }
  // Link resolution (exposed for tests): "" for links we cannot follow.
  std::string resolve_internal(const std::string& href) const;
  // The address a directive card's button opens ("Open in Lab" with the widget's current state,
  // "Open in Cinema" at the player's moment); "" when the block has no such button.
  std::string directive_link(const Block& b) const;
  // The address of a heading's deep link (the '#' in its margin).
  std::string heading_link(const Block& b) const;

 private:
  struct CodeRun { float x, y; uint32_t begin, end; Tok kind; };
  struct Cache {
    float width = -1;
    float height = 0;
    TextLayout text;                        // paragraphs, headings
    std::vector<TextLayout> cells;          // tables, row-major
    std::vector<float> col_x, col_w, row_y, row_h;
    std::vector<CodeRun> code;              // code blocks
    std::vector<TokSpan> tokens;
    double copied_at = -10;
  };

  struct Emit;  // note_text_layer.cpp
  float measure_blocks(std::vector<Block>& blocks, float width);
  float measure(Block& b, float width);
  void draw_blocks(std::vector<Block>& blocks, ImVec2 origin, float width, int depth);
  void draw_block(Block& b, ImVec2 origin, float width, int depth);
  void draw_paragraph(Block& b, ImVec2 origin);
  void draw_heading(Block& b, ImVec2 origin);
  void draw_list(Block& b, ImVec2 origin, float width, int depth);
  void draw_quote(Block& b, ImVec2 origin, float width, int depth);
  void draw_code(Block& b, ImVec2 origin, float width);
  void draw_table(Block& b, ImVec2 origin, float width);
  void draw_rule(ImVec2 origin, float width);
  void draw_directive(Block& b, ImVec2 origin, float width);
  // caption: a line under the header (a ```video block showing its scene live instead).
  void draw_scene(Block& b, ImVec2 origin, float width, const std::string& caption = "");
  void draw_error(Block& b, ImVec2 origin);
  void follow_link(int link);
  TextStyle style_for(const Block& b) const;

  Document doc_;
  std::string slug_, base_dir_, content_root_;
  LayoutContext ctx_;
  std::unordered_map<int, Cache> cache_;
  std::unordered_map<int, std::unique_ptr<Widget>> widgets_;
  std::unordered_map<int, std::unique_ptr<ScenePlayer>> players_;
  std::unordered_map<int, std::unique_ptr<VideoView>> videos_;  // ```video blocks, by block id
  std::unordered_map<int, float> directive_h_;   // measured after drawing
  std::vector<std::pair<std::string, float>> anchors_;
  std::string pending_anchor_, current_anchor_;
  float total_h_ = 0;
  float fonts_scale_ = 0;
  unsigned fonts_generation_ = 0;  // fonts().generation the cache was laid out with
  float clip_y0_ = 0, clip_y1_ = 0;
  int clicked_link_ = -1;
  int anchor_tries_ = 0;
  bool pending_top_ = false;
  ImVec2 origin_{0, 0};
  ImVec4 clip_{0, 0, 0, 0};
  float pending_scroll_ = 0;
  // Reading position across a width change: the top-level blocks' tops and heights last frame, and
  // the block (and how far into it) kept at the top while the new layout settles.
  float last_width_ = -1;
  float text_w_ = 0;  // the reading measure (metrics::kMaxLineChars of body text), <= the width
  std::vector<float> block_top_, block_h_;
  int keep_block_ = -1, keep_frames_ = 0;
  float keep_frac_ = 0;
  float top_width(const Block& b) const;  // a top-level block's width: the measure or the column
};

}  // namespace tmx::ui::md
