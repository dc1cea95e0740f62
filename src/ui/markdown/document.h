// A parsed note: md4c's event stream turned into a small block tree that is laid out and drawn
// every frame without re-parsing. Parsing never fails: problems (too-deep nesting, huge blocks,
// bad directives) become Error blocks that the renderer shows inline.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace tmx::ui::md {

enum class InlineKind : uint8_t { Text, Code, Math, MathDisplay, Image, SoftBreak, HardBreak };
enum InlineStyle : uint8_t { kEm = 1, kStrong = 2, kDel = 4 };

struct Inline {
  InlineKind kind = InlineKind::Text;
  uint8_t style = 0;  // InlineStyle bits
  int link = -1;      // index into Document::links
  std::string text;   // Text/Code: the text; Math: the LaTeX; Image: the source path
  std::string alt;    // Image: alt text (the caption)
};

enum class BlockKind : uint8_t { Paragraph, Heading, List, Code, Table, Quote, Rule, Directive, Error };
enum class Callout : uint8_t { None, Note, Tip, Important, Warning, Caution };
enum class Align : uint8_t { Default, Left, Center, Right };

struct Block {
  BlockKind kind = BlockKind::Paragraph;
  int level = 0;                 // Heading: 1..6
  std::string anchor;            // Heading: unique slug for deep links
  std::vector<Inline> inlines;   // Paragraph, Heading
  // List: items, each a list of blocks. Quote: one item holding its blocks.
  std::vector<std::vector<Block>> items;
  bool ordered = false;
  unsigned start = 1;
  Callout callout = Callout::None;
  // Code: lang + text. Directive: lang = "widget" | "scene" | "video", text = name, params.
  // Error: text = the message.
  std::string lang, text;
  std::vector<std::pair<std::string, std::string>> params;
  // Table: rows[r][c] = inline content; the first header_rows rows are the header.
  std::vector<std::vector<std::vector<Inline>>> rows;
  std::vector<Align> aligns;
  int header_rows = 0;
  int id = 0;                    // unique per document, stable across frames (UI ids, caches)
};

struct Heading {
  int level = 1;
  std::string title;   // plain text
  std::string anchor;
};

// A searchable section: the text under one heading (until the next heading of any level).
struct Section {
  std::string anchor;  // "" before the first heading
  std::string title;
  std::string text;    // plain text, spaces between blocks
};

struct Document {
  std::string title;               // the first level-1 heading
  std::vector<Block> blocks;
  std::vector<std::string> links;  // hrefs, referenced by Inline::link
  std::vector<Heading> headings;   // in order, for the table of contents
  std::vector<Section> sections;
  int block_count = 0;
};

constexpr int kMaxNesting = 48;             // deeper containers are flattened (with a notice)
constexpr size_t kMaxInlineText = 200000;   // bytes of text per block before truncation (with a notice)

Document parse(const std::string& markdown);

// A heading's explicit anchor, as translations write it (content/zh: the English heading's anchor):
// "注意力的代价 {#what-attention-costs}" -> title "注意力的代价", returns "what-attention-costs".
// Returns "" (title unchanged) when the text does not end in " {#...}"; the anchor is returned as
// written, is_anchor() says whether it is valid.
std::string split_heading_anchor(std::string& title);
bool is_anchor(const std::string& a);  // [a-z0-9][a-z0-9-]{0,63}, what the router accepts

// GitHub-style heading slug: lowercase, spaces to '-', punctuation dropped. Valid for the router.
std::string slugify(const std::string& text);
// Plain text of inline content (math as readable text: ui/latex_text.h), for search, summaries, titles.
std::string plain_text(const std::vector<Inline>& inlines);

}  // namespace tmx::ui::md
