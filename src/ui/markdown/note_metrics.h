// The note page's spacing rules, shared by the drawing (note_view.cpp) and the text layer that
// mirrors it in the web page's DOM (note_text_layer.cpp), so both place every block alike.
#pragma once
#include "ui/markdown/document.h"

namespace tmx::ui::md::metrics {

constexpr float kBlockGap = 14.0f;     // between paragraphs (≈ 0.9 em)
constexpr float kItemGap = 6.0f;       // between list items
constexpr float kListIndent = 28.0f;
constexpr float kQuotePad = 18.0f;
constexpr float kQuoteTop = 12.0f;     // above a quote's first block
constexpr float kCodePad = 14.0f;
constexpr float kCodeHeader = 30.0f;
constexpr float kCellPadX = 10.0f, kCellPadY = 7.0f;
constexpr float kNestedGapScale = 0.7f;  // blocks inside lists and quotes sit closer together
// Reading measure: text blocks wrap at about this many characters of body text; widgets, scenes,
// code, tables, display formulas and figures may use the whole column.
constexpr int kMaxLineChars = 78;
// Typical English prose, whose mean character width (body font) turns kMaxLineChars into pixels.
constexpr const char* kMeasureSample = "Attention lets each position pull in information from the others, with weights.";

// Top-level blocks that may be wider than the reading measure.
inline bool is_wide_block(const Block& b) {
  if (b.kind == BlockKind::Directive || b.kind == BlockKind::Code || b.kind == BlockKind::Table) return true;
  if (b.kind != BlockKind::Paragraph) return false;
  for (const Inline& in : b.inlines)
    if (in.kind == InlineKind::MathDisplay || in.kind == InlineKind::Image) return true;
  return false;
}

const char* callout_title(Callout c);  // "Note", "Tip", … ("" for a plain quote)

inline float gap_before(const Block& b, float base) {
  if (b.kind != BlockKind::Heading) return base;
  switch (b.level) {
    case 1: return 10.0f;
    case 2: return 34.0f;
    case 3: return 24.0f;
    default: return 18.0f;
  }
}

}  // namespace tmx::ui::md::metrics
