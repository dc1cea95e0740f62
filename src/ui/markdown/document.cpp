// md4c event stream -> Document.
// [SECTION] Text helpers (UTF-8, entities, slugs)
// [SECTION] Parser state and md4c callbacks
// [SECTION] Post-processing (callouts, directives, headings, sections)
#include "ui/markdown/document.h"
#include "ui/latex_text.h"

#include <md4c.h>

#include <cstring>
#include <map>
#include <set>

#include "core/tokenizer/utf8.h"
#include "ui/i18n.h"

namespace tmx::ui::md {

//-----------------------------------------------------------------------------
// [SECTION] Text helpers (UTF-8, entities, slugs)
//-----------------------------------------------------------------------------
// Numeric entities: a valid scalar value, else U+FFFD (NUL, surrogates, > U+10FFFF).
static void append_utf8(std::string& out, unsigned cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  tok::utf8_append(out, cp);
}

// The entities notes actually use; unknown ones stay as written.
static std::string decode_entity(const char* t, size_t n) {
  const std::string e(t, n);
  std::string out;
  if (n > 3 && e[1] == '#') {
    const bool hex = e[2] == 'x' || e[2] == 'X';
    const unsigned long v = std::strtoul(e.c_str() + (hex ? 3 : 2), nullptr, hex ? 16 : 10);
    append_utf8(out, static_cast<unsigned>(v > 0x10FFFF ? 0xFFFD : v));
    return out;
  }
  static const std::map<std::string, const char*> kNamed = {
      {"&amp;", "&"},        {"&lt;", "<"},         {"&gt;", ">"},         {"&quot;", "\""},
      {"&apos;", "'"},       {"&nbsp;", "\xC2\xA0"}, {"&mdash;", "\xE2\x80\x94"}, {"&ndash;", "\xE2\x80\x93"},
      {"&hellip;", "\xE2\x80\xA6"}, {"&times;", "\xC3\x97"}, {"&middot;", "\xC2\xB7"}, {"&rarr;", "\xE2\x86\x92"},
      {"&larr;", "\xE2\x86\x90"},   {"&le;", "\xE2\x89\xA4"}, {"&ge;", "\xE2\x89\xA5"}, {"&copy;", "\xC2\xA9"}};
  auto it = kNamed.find(e);
  return it != kNamed.end() ? std::string(it->second) : e;
}

std::string slugify(const std::string& text) {
  std::string s;
  bool dash = false;
  for (unsigned char c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (dash && !s.empty()) s += '-';
      dash = false;
      s += static_cast<char>(c);
    } else if (c == ' ' || c == '-' || c == '_' || c == '\t') {
      dash = true;
    }
    // Everything else (punctuation, non-ASCII) is dropped: the router accepts [a-z0-9-] only.
    if (s.size() >= 60) break;
  }
  return s.empty() ? "section" : s;
}

std::string split_heading_anchor(std::string& title) {
  size_t end = title.size();
  while (end > 0 && (title[end - 1] == ' ' || title[end - 1] == '\t')) --end;
  if (end < 4 || title[end - 1] != '}') return "";
  const size_t open = title.rfind("{#", end - 1);
  if (open == std::string::npos || (open > 0 && title[open - 1] != ' ' && title[open - 1] != '\t')) return "";
  std::string anchor = title.substr(open + 2, end - 1 - (open + 2));
  if (anchor.find_first_of("{} \t") != std::string::npos) return "";
  size_t keep = open;
  while (keep > 0 && (title[keep - 1] == ' ' || title[keep - 1] == '\t')) --keep;
  title.resize(keep);
  return anchor.empty() ? std::string("{}") : anchor;  // "{#}": an (invalid) empty anchor
}

bool is_anchor(const std::string& a) {
  if (a.empty() || a.size() > 64) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const char c = a[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0))) return false;
  }
  return true;
}

std::string plain_text(const std::vector<Inline>& inlines) {
  std::string s;
  for (const Inline& in : inlines) {
    switch (in.kind) {
      case InlineKind::Text: case InlineKind::Code: s += in.text; break;
      case InlineKind::Math: case InlineKind::MathDisplay: s += latex_to_text(in.text); break;
      case InlineKind::Image: s += in.alt; break;
      case InlineKind::SoftBreak: case InlineKind::HardBreak: s += ' '; break;
    }
  }
  return s;
}

//-----------------------------------------------------------------------------
// [SECTION] Parser state and md4c callbacks
//-----------------------------------------------------------------------------
namespace {

struct Frame {
  MD_BLOCKTYPE type = MD_BLOCK_DOC;
  Block* block = nullptr;                 // the block this frame builds (null: pass-through)
  std::vector<Block>* children = nullptr; // where nested blocks go
  std::vector<Inline>* inl = nullptr;     // where inline content goes
  bool ignore_text = false;               // HTML blocks
  bool flattened = false;                 // beyond kMaxNesting: a pass-through container
  size_t text_bytes = 0;
  bool truncated = false;
};

struct Parser {
  Document doc;
  std::vector<Frame> stack;
  uint8_t style = 0;
  int link = -1;
  int span_depth_img = 0;   // >0: inside an image (text is its alt)
  int span_depth_code = 0;
  int span_math = 0;        // 0 none, 1 inline, 2 display
  bool warned_nesting = false;
  bool in_thead = false;
  std::map<std::string, int> anchor_counts;
  std::set<std::string> used_anchors;  // every anchor given so far (unique per document)

  Frame& top() { return stack.back(); }

  // The nearest frame that accepts child blocks.
  std::vector<Block>* children() {
    for (auto it = stack.rbegin(); it != stack.rend(); ++it)
      if (it->children) return it->children;
    return &doc.blocks;
  }

  Block& add_block(BlockKind k) {
    std::vector<Block>* c = children();
    c->emplace_back();
    c->back().kind = k;
    c->back().id = ++doc.block_count;
    // A nested block ends the implicit paragraph of a tight list item.
    for (auto it = stack.rbegin(); it != stack.rend(); ++it)
      if (it->children == c) { it->inl = nullptr; break; }
    return c->back();
  }

  // Errors are queued and inserted when the innermost open frame owns a block list: inserting
  // into a list that still holds an open block (a table, a list) would move it under our feet.
  std::vector<std::string> pending_errors;
  void add_error(const std::string& msg) { pending_errors.push_back(msg); }
  void flush_errors() {
    if (pending_errors.empty() || (!stack.empty() && !top().children)) return;
    for (const std::string& m : pending_errors) {
      Block& b = add_block(BlockKind::Error);
      b.text = m;
    }
    pending_errors.clear();
  }

  // Inline target; tight list items get an implicit paragraph on first text.
  std::vector<Inline>* inlines() {
    Frame& f = top();
    if (f.inl) return f.inl;
    if (f.children && f.type == MD_BLOCK_LI) {
      Block& p = add_block(BlockKind::Paragraph);
      top().inl = &p.inlines;
      return top().inl;
    }
    return nullptr;
  }

  bool nesting_exceeded() const { return stack.size() > static_cast<size_t>(kMaxNesting); }
};

std::string attr(const MD_ATTRIBUTE& a) {
  std::string s;
  if (!a.text) return s;
  for (unsigned i = 0; a.substr_offsets[i] < a.size; ++i) {
    const MD_OFFSET b = a.substr_offsets[i], e = a.substr_offsets[i + 1];
    if (a.substr_types[i] == MD_TEXT_ENTITY) s += decode_entity(a.text + b, e - b);
    else if (a.substr_types[i] == MD_TEXT_NULLCHAR) s += "\xEF\xBF\xBD";
    else s.append(a.text + b, e - b);
  }
  return s;
}

int enter_block(MD_BLOCKTYPE type, void* detail, void* ud) {
  Parser& P = *static_cast<Parser*>(ud);
  P.flush_errors();
  Frame f;
  f.type = type;
  const bool container = type == MD_BLOCK_QUOTE || type == MD_BLOCK_UL || type == MD_BLOCK_OL || type == MD_BLOCK_LI;
  if (container && P.nesting_exceeded()) {
    if (!P.warned_nesting) {
      P.warned_nesting = true;
      P.add_error(trf(S::NoteNestedTooDeep, {std::to_string(kMaxNesting)}));
    }
    f.flattened = true;  // children fall through to the nearest real container
    P.stack.push_back(f);
    return 0;
  }
  switch (type) {
    case MD_BLOCK_DOC: f.children = &P.doc.blocks; break;
    case MD_BLOCK_QUOTE: {
      Block& b = P.add_block(BlockKind::Quote);
      b.items.emplace_back();
      f.block = &b;
      f.children = &b.items.back();
      break;
    }
    case MD_BLOCK_UL: case MD_BLOCK_OL: {
      Block& b = P.add_block(BlockKind::List);
      b.ordered = type == MD_BLOCK_OL;
      if (b.ordered) b.start = static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start;
      f.block = &b;
      break;
    }
    case MD_BLOCK_LI: {
      Block* list = P.top().block;
      if (list && list->kind == BlockKind::List) {
        list->items.emplace_back();
        f.children = &list->items.back();
      } else {
        f.flattened = true;  // an item of a flattened list
      }
      break;
    }
    case MD_BLOCK_HR: P.add_block(BlockKind::Rule); break;
    case MD_BLOCK_H: {
      Block& b = P.add_block(BlockKind::Heading);
      b.level = static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level);
      f.block = &b;
      f.inl = &b.inlines;
      break;
    }
    case MD_BLOCK_CODE: {
      auto* d = static_cast<MD_BLOCK_CODE_DETAIL*>(detail);
      Block& b = P.add_block(BlockKind::Code);
      b.lang = attr(d->lang);
      b.params = {{"info", attr(d->info)}};
      f.block = &b;
      break;
    }
    case MD_BLOCK_HTML: f.ignore_text = true; break;  // raw HTML is not rendered (comments mark checked tables)
    case MD_BLOCK_P: {
      Block& b = P.add_block(BlockKind::Paragraph);
      f.block = &b;
      f.inl = &b.inlines;
      break;
    }
    case MD_BLOCK_TABLE: f.block = &P.add_block(BlockKind::Table); break;
    case MD_BLOCK_THEAD: P.in_thead = true; f.block = P.top().block; break;
    case MD_BLOCK_TBODY: P.in_thead = false; f.block = P.top().block; break;
    case MD_BLOCK_TR: {
      Block* t = P.top().block;
      if (t && t->kind == BlockKind::Table) {
        t->rows.emplace_back();
        if (P.in_thead) t->header_rows++;
      }
      f.block = t;
      break;
    }
    case MD_BLOCK_TH: case MD_BLOCK_TD: {
      Block* t = P.top().block;
      if (t && t->kind == BlockKind::Table && !t->rows.empty()) {
        t->rows.back().emplace_back();
        f.inl = &t->rows.back().back();
        if (t->rows.size() == 1) {
          const MD_ALIGN a = static_cast<MD_BLOCK_TD_DETAIL*>(detail)->align;
          t->aligns.push_back(a == MD_ALIGN_LEFT ? Align::Left : a == MD_ALIGN_CENTER ? Align::Center
                                                 : a == MD_ALIGN_RIGHT ? Align::Right : Align::Default);
        }
      }
      break;
    }
  }
  P.stack.push_back(f);
  return 0;
}

void finish_heading(Parser& P, Block& b);
void finish_code(Block& b);
void finish_quote(Block& b);
void add_section_text(Parser& P, const std::string& s);

int leave_block(MD_BLOCKTYPE type, void*, void* ud) {
  Parser& P = *static_cast<Parser*>(ud);
  if (P.stack.empty()) return 0;
  Frame f = P.top();
  P.stack.pop_back();
  if (f.flattened || !f.block) {
    P.flush_errors();
    return 0;
  }
  Block& b = *f.block;
  switch (type) {
    case MD_BLOCK_H: finish_heading(P, b); break;
    case MD_BLOCK_P: add_section_text(P, plain_text(b.inlines)); break;
    case MD_BLOCK_CODE: {
      std::string t;  // tabs -> 4 spaces: code is laid out on a fixed column grid
      for (char ch : b.text) t += ch == '\t' ? std::string("    ") : std::string(1, ch);
      b.text = std::move(t);
      add_section_text(P, b.text);
      finish_code(b);
      break;
    }
    case MD_BLOCK_QUOTE: finish_quote(b); break;
    case MD_BLOCK_TD: case MD_BLOCK_TH: break;
    case MD_BLOCK_TABLE:
      for (const auto& row : b.rows)
        for (const auto& cell : row) add_section_text(P, plain_text(cell));
      break;
    default: break;
  }
  if (f.truncated)
    P.add_error(trf(S::NoteBlockCut, {std::to_string(kMaxInlineText)}));
  P.flush_errors();
  return 0;
}

int enter_span(MD_SPANTYPE type, void* detail, void* ud) {
  Parser& P = *static_cast<Parser*>(ud);
  switch (type) {
    case MD_SPAN_EM: P.style |= kEm; break;
    case MD_SPAN_STRONG: P.style |= kStrong; break;
    case MD_SPAN_DEL: P.style |= kDel; break;
    case MD_SPAN_A:
      P.doc.links.push_back(attr(static_cast<MD_SPAN_A_DETAIL*>(detail)->href));
      P.link = static_cast<int>(P.doc.links.size()) - 1;
      break;
    case MD_SPAN_IMG: {
      if (P.span_depth_img++ > 0) break;  // an image inside an image's alt text: ignore
      if (auto* v = P.inlines()) {
        Inline in;
        in.kind = InlineKind::Image;
        in.text = attr(static_cast<MD_SPAN_IMG_DETAIL*>(detail)->src);
        in.link = P.link;
        v->push_back(in);
      }
      break;
    }
    case MD_SPAN_CODE: case MD_SPAN_LATEXMATH: case MD_SPAN_LATEXMATH_DISPLAY: {
      if (P.span_depth_img) break;
      if (type == MD_SPAN_CODE) P.span_depth_code++;
      else P.span_math = type == MD_SPAN_LATEXMATH ? 1 : 2;
      if (auto* v = P.inlines()) {
        Inline in;
        in.kind = type == MD_SPAN_CODE ? InlineKind::Code
                  : type == MD_SPAN_LATEXMATH ? InlineKind::Math : InlineKind::MathDisplay;
        in.style = P.style;
        in.link = P.link;
        v->push_back(in);
      }
      break;
    }
    default: break;
  }
  return 0;
}

int leave_span(MD_SPANTYPE type, void*, void* ud) {
  Parser& P = *static_cast<Parser*>(ud);
  switch (type) {
    case MD_SPAN_EM: P.style &= static_cast<uint8_t>(~kEm); break;
    case MD_SPAN_STRONG: P.style &= static_cast<uint8_t>(~kStrong); break;
    case MD_SPAN_DEL: P.style &= static_cast<uint8_t>(~kDel); break;
    case MD_SPAN_A: P.link = -1; break;
    case MD_SPAN_IMG: if (P.span_depth_img > 0) P.span_depth_img--; break;
    case MD_SPAN_CODE: if (P.span_depth_code > 0 && !P.span_depth_img) P.span_depth_code--; break;
    case MD_SPAN_LATEXMATH: case MD_SPAN_LATEXMATH_DISPLAY: if (!P.span_depth_img) P.span_math = 0; break;
    default: break;
  }
  return 0;
}

int text(MD_TEXTTYPE type, const MD_CHAR* t, MD_SIZE size, void* ud) {
  Parser& P = *static_cast<Parser*>(ud);
  if (P.stack.empty()) return 0;
  Frame& f = P.top();
  if (f.ignore_text || type == MD_TEXT_HTML) return 0;
  if (f.truncated) return 0;
  if (f.text_bytes + size > kMaxInlineText) {
    // Keep what fits (cut at a character boundary), then ignore the rest of this block.
    size = static_cast<MD_SIZE>(tok::utf8_floor(std::string_view(t, size), kMaxInlineText - f.text_bytes));
    f.truncated = true;
  }
  f.text_bytes += size;
  std::string s;
  switch (type) {
    case MD_TEXT_ENTITY: s = decode_entity(t, size); break;
    case MD_TEXT_NULLCHAR: s = "\xEF\xBF\xBD"; break;
    case MD_TEXT_BR: case MD_TEXT_SOFTBR: s = type == MD_TEXT_BR ? "\n" : " "; break;
    default: s.assign(t, size); break;
  }
  if (f.block && f.block->kind == BlockKind::Code) {
    f.block->text += s;
    return 0;
  }
  std::vector<Inline>* v = P.inlines();
  if (!v) return 0;
  if (P.span_depth_img) {
    for (auto it = v->rbegin(); it != v->rend(); ++it)
      if (it->kind == InlineKind::Image) { it->alt += s; break; }
    return 0;
  }
  if (P.span_math || P.span_depth_code) {
    if (!v->empty()) v->back().text += (type == MD_TEXT_SOFTBR ? " " : s);
    return 0;
  }
  if (type == MD_TEXT_BR || type == MD_TEXT_SOFTBR) {
    Inline in;
    in.kind = type == MD_TEXT_BR ? InlineKind::HardBreak : InlineKind::SoftBreak;
    v->push_back(in);
    return 0;
  }
  if (!v->empty() && v->back().kind == InlineKind::Text && v->back().style == P.style && v->back().link == P.link) {
    v->back().text += s;
    return 0;
  }
  Inline in;
  in.kind = InlineKind::Text;
  in.style = P.style;
  in.link = P.link;
  in.text = std::move(s);
  v->push_back(std::move(in));
  return 0;
}

//-----------------------------------------------------------------------------
// [SECTION] Post-processing (callouts, directives, headings, sections)
//-----------------------------------------------------------------------------
void add_section_text(Parser& P, const std::string& s) {
  if (P.doc.sections.empty()) P.doc.sections.emplace_back();
  std::string& t = P.doc.sections.back().text;
  if (!t.empty()) t += ' ';
  t += s;
}

void finish_heading(Parser& P, Block& b) {
  // An explicit " {#anchor}" at the end of the last text run: taken off the title, used if valid and new.
  std::string wanted;
  if (!b.inlines.empty() && b.inlines.back().kind == InlineKind::Text && b.inlines.back().link < 0) {
    wanted = split_heading_anchor(b.inlines.back().text);
    if (!wanted.empty() && b.inlines.back().text.empty()) b.inlines.pop_back();
  }
  const std::string title = plain_text(b.inlines);
  std::string a;
  if (!wanted.empty()) {
    const std::string shown = tok::utf8_printable(wanted == "{}" ? std::string() : wanted, 70);
    if (!is_anchor(wanted)) P.add_error(trf(S::NoteAnchorBad, {shown}));
    else if (!P.used_anchors.insert(wanted).second) P.add_error(trf(S::NoteAnchorDuplicate, {shown}));
    else a = wanted;
  }
  const std::string base = slugify(title);
  if (a.empty()) {
    // "-N" for repeats, the base shortened so the anchor stays a valid slug (<= 64 chars); skip any N
    // another heading already took as its own slug ("Title", "Title", "Title 1").
    do {
      const int n = P.anchor_counts[base]++;
      a = base;
      if (n > 0) {
        const std::string suffix = "-" + std::to_string(n);
        a.resize(std::min(a.size(), 64 - suffix.size()));
        while (a.size() > 1 && a.back() == '-') a.pop_back();
        a += suffix;
      }
    } while (!P.used_anchors.insert(a).second);
  }
  b.anchor = a;
  P.doc.headings.push_back({b.level, title, a});
  if (b.level == 1 && P.doc.title.empty()) P.doc.title = title;
  Section s;
  s.anchor = a;
  s.title = title;
  P.doc.sections.push_back(s);
}

// "```widget softmax T=0.7" (plus optional key=value lines in the body) -> Directive.
void finish_code(Block& b) {
  if (b.lang != "widget" && b.lang != "scene" && b.lang != "video") return;
  const std::string info = b.params.empty() ? "" : b.params[0].second;
  std::string words = info.substr(std::min(info.size(), b.lang.size())) + "\n" + b.text;
  b.params.clear();
  std::vector<std::string> tokens;
  std::string cur;
  for (char c : words) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!cur.empty()) tokens.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) tokens.push_back(cur);
  std::string problems;
  std::string name;
  for (const std::string& word : tokens) {
    const size_t eq = word.find('=');
    if (name.empty() && eq == std::string::npos) {
      name = word;
    } else if (eq == std::string::npos || eq == 0) {
      problems += (problems.empty() ? "" : "; ") + trf(S::NoteNotKeyValue, {tok::utf8_printable(word, 40)});
    } else if (b.params.size() < 32) {
      b.params.emplace_back(word.substr(0, eq), word.substr(eq + 1));
    }
  }
  const std::string kind = b.lang;
  if (name.empty()) {
    b.kind = BlockKind::Error;
    b.text = trf(S::NoteDirectiveNoName, {kind, kind == "widget" ? "softmax T=0.7" : kind == "scene" ? "attention" : "clip.mp4"});
    return;
  }
  b.kind = BlockKind::Directive;
  b.text = name.substr(0, 200);
  if (!problems.empty()) b.params.emplace_back("#problems", problems);
}

void finish_quote(Block& b) {
  if (b.items.empty() || b.items[0].empty()) return;
  Block& first = b.items[0][0];
  if (first.kind != BlockKind::Paragraph || first.inlines.empty() || first.inlines[0].kind != InlineKind::Text) return;
  std::string& t = first.inlines[0].text;
  static const struct { const char* tag; Callout c; } kTags[] = {
      {"[!NOTE]", Callout::Note}, {"[!TIP]", Callout::Tip}, {"[!IMPORTANT]", Callout::Important},
      {"[!WARNING]", Callout::Warning}, {"[!CAUTION]", Callout::Caution}};
  for (const auto& k : kTags) {
    const size_t n = std::strlen(k.tag);
    if (t.compare(0, n, k.tag) != 0) continue;
    b.callout = k.c;
    t.erase(0, n);
    while (!t.empty() && t[0] == ' ') t.erase(0, 1);
    if (t.empty()) {
      first.inlines.erase(first.inlines.begin());
      if (!first.inlines.empty() && first.inlines[0].kind == InlineKind::SoftBreak)
        first.inlines.erase(first.inlines.begin());
    }
    if (first.inlines.empty()) b.items[0].erase(b.items[0].begin());
    return;
  }
}

}  // namespace

Document parse(const std::string& markdown) {
  const std::string src = tok::utf8_sanitize(markdown);
  Parser P;
  MD_PARSER parser = {};
  parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_LATEXMATHSPANS | MD_FLAG_PERMISSIVEURLAUTOLINKS |
                 MD_FLAG_NOINDENTEDCODEBLOCKS;
  parser.enter_block = enter_block;
  parser.leave_block = leave_block;
  parser.enter_span = enter_span;
  parser.leave_span = leave_span;
  parser.text = text;
  P.stack.reserve(256);
  const int rc = md_parse(src.data(), static_cast<MD_SIZE>(src.size()), &parser, &P);
  P.stack.clear();
  P.flush_errors();
  if (rc != 0) {
    Block e;
    e.kind = BlockKind::Error;
    e.text = tr(S::NoteParserStopped);
    e.id = ++P.doc.block_count;
    P.doc.blocks.push_back(e);
  }
  return std::move(P.doc);
}

}  // namespace tmx::ui::md
