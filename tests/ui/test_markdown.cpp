// Notes renderer: one test per element kind, on md4c output, laid out and drawn in a headless
// ImGui context (no GL: textures get fake ids).
#include <map>
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "headless_imgui.h"
#include "ui/host.h"
#include "ui/image.h"
#include "ui/markdown/document.h"
#include "ui/markdown/highlight.h"
#include "ui/markdown/library.h"
#include "core/checksum.h"
#include "ui/markdown/note_view.h"
#include "ui/markdown/text_layout.h"
#include "ui/math.h"

using namespace tmx::ui;
using namespace tmx::ui::md;

namespace {

LayoutContext ctx_for(const Document& d) {
  LayoutContext c;
  c.doc = &d;
  c.base_dir = ".";
  c.math = &math_cache();
  return c;
}

TextStyle body_style() {
  TextStyle st;
  st.font = fonts().body;
  st.bold = fonts().bold;
  st.mono = fonts().mono;
  return st;
}

// Draws a note in a headless frame and returns the view (for assertions).
void draw_note(tmx::test::HeadlessImGui& g, NoteView& v, int frames = 2) {
  for (int i = 0; i < frames; ++i) g.frame([&] { v.draw(); });
}

std::string temp_dir(const char* name) {
  const auto p = std::filesystem::temp_directory_path() / (std::string("tmx_notes_") + name);
  std::filesystem::create_directories(p);
  return p.string();
}

}  // namespace

TEST_CASE("markdown: headings get unique router-safe anchors and feed the TOC", "[markdown]") {
  const Document d = parse("# Title\n\n## Why attention?\n\ntext\n\n## Why attention?\n\n### Q, K & V\n");
  REQUIRE(d.headings.size() == 4);
  CHECK(d.title == "Title");
  CHECK(d.headings[1].anchor == "why-attention");
  CHECK(d.headings[2].anchor == "why-attention-1");
  CHECK(d.headings[3].anchor == "q-k-v");
  CHECK(d.headings[3].level == 3);
  CHECK(slugify("√d_k: the argument!") == "d-k-the-argument");
  CHECK(slugify("???") == "section");
  tmx::test::HeadlessImGui g;
  NoteView v;
  v.set_document(parse("# Title\n\npara\n\n## Second\n\nmore"), "n", ".", ".");
  draw_note(g, v);
  CHECK(v.anchor_y("title") == 0.0f);
  CHECK(v.anchor_y("second") > 40.0f);
  CHECK(v.anchor_y("missing") < 0.0f);
}

TEST_CASE("markdown: paragraphs wrap to the width with emphasis, strong, code and strike runs", "[markdown]") {
  tmx::test::HeadlessImGui g;
  const Document d = parse("Plain *em* **strong** `code span` ~~gone~~ and a long tail of words that must wrap "
                           "onto several lines when the column is narrow enough to force it.");
  REQUIRE(d.blocks.size() == 1);
  const auto& in = d.blocks[0].inlines;
  bool em = false, strong = false, code = false, del = false;
  for (const Inline& i : in) {
    em |= (i.style & kEm) && i.text == "em";
    strong |= (i.style & kStrong) && i.text == "strong";
    code |= i.kind == InlineKind::Code && i.text == "code span";
    del |= (i.style & kDel) && i.text == "gone";
  }
  CHECK(em);
  CHECK(strong);
  CHECK(code);
  CHECK(del);
  g.frame([&] {
    TextLayout wide, narrow;
    layout_inlines(wide, in, 2000, body_style(), ctx_for(d));
    layout_inlines(narrow, in, 200, body_style(), ctx_for(d));
    CHECK(narrow.height > wide.height * 3);
    for (const Run& r : narrow.runs) CHECK(r.x + r.w <= 200.0f + 0.5f);
    bool bold_font = false, code_run = false;
    for (const Run& r : wide.runs) {
      bold_font |= r.font == fonts().bold;
      code_run |= r.code && r.font == fonts().mono;
    }
    CHECK(bold_font);
    CHECK(code_run);
  });
}

TEST_CASE("markdown: links resolve (internal, anchors, external) and a click navigates", "[markdown]") {
  tmx::test::HeadlessImGui g;
  NoteView v;
  v.set_document(parse("See [next](02-ssm-mamba.md#the-scan), [here](#masking), [web](https://example.org)."),
                 "attention", ".", ".");
  CHECK(v.resolve_internal("02-ssm-mamba.md#the-scan") == "#/notes/ssm-mamba#the-scan");
  CHECK(v.resolve_internal("./notes/02-ssm-mamba.md") == "#/notes/ssm-mamba");
  CHECK(v.resolve_internal("#Masking") == "#/notes/attention#masking");
  CHECK(v.resolve_internal("#/lab/softmax") == "#/lab/softmax");
  CHECK(v.resolve_internal("https://example.org").empty());
  CHECK(v.resolve_internal("notes.txt").empty());

  // Click the first link: lay the paragraph out, put the mouse on its run, press.
  std::string navigated, opened;
  host().navigate = [&](const std::string& h) { navigated = h; };
  host().open_external = [&](const std::string& u) { opened = u; };
  const Document& d = v.doc();
  TextLayout l;
  g.frame([&] { layout_inlines(l, d.blocks[0].inlines, 700, body_style(), ctx_for(d)); });
  const Run* link_run = nullptr;
  for (const Run& r : l.runs)
    if (r.link == 0) link_run = &r;
  REQUIRE(link_run);
  // The paragraph starts at the test window's padding, moved right to centre its measure.
  draw_note(g, v, 1);
  const float x0 = v.top_x(d.blocks[0]);
  CHECK(x0 >= 0);
  const ImVec2 pad = ImGui::GetStyle().WindowPadding;
  const ImVec2 target(pad.x + x0 + link_run->x + link_run->w / 2, pad.y + link_run->y + link_run->h / 2);
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = target;
  draw_note(g, v, 2);  // hover
  io.MouseDown[0] = true;
  draw_note(g, v, 1);  // press = click
  io.MouseDown[0] = false;
  draw_note(g, v, 1);
  CHECK(navigated == "#/notes/ssm-mamba#the-scan");
  CHECK(opened.empty());
  host() = Host();
}

TEST_CASE("markdown: ordered, unordered and nested lists", "[markdown]") {
  const Document d = parse("3. three\n4. four\n   - nested a\n   - nested b\n     1. deep\n5. five\n");
  REQUIRE(d.blocks.size() == 1);
  const Block& list = d.blocks[0];
  CHECK(list.kind == BlockKind::List);
  CHECK(list.ordered);
  CHECK(list.start == 3u);
  REQUIRE(list.items.size() == 3);
  REQUIRE(list.items[1].size() == 2);  // "four" + the nested list
  CHECK(list.items[1][0].kind == BlockKind::Paragraph);
  CHECK(list.items[1][1].kind == BlockKind::List);
  CHECK_FALSE(list.items[1][1].ordered);
  CHECK(list.items[1][1].items[1][1].kind == BlockKind::List);
  tmx::test::HeadlessImGui g;
  NoteView v;
  v.set_document(d, "n", ".", ".");
  draw_note(g, v);
  CHECK(v.total_height() > 5 * 20.0f);
}

TEST_CASE("markdown: tables keep header, cells and alignment; columns fit the width", "[markdown]") {
  const Document d = parse("| a | b | c |\n|:--|:-:|--:|\n| 1 | **two** | 3.000 |\n| x | y | z |\n");
  REQUIRE(d.blocks.size() == 1);
  const Block& t = d.blocks[0];
  CHECK(t.kind == BlockKind::Table);
  CHECK(t.header_rows == 1);
  REQUIRE(t.rows.size() == 3);
  REQUIRE(t.aligns.size() == 3);
  CHECK(t.aligns[0] == Align::Left);
  CHECK(t.aligns[1] == Align::Center);
  CHECK(t.aligns[2] == Align::Right);
  CHECK(plain_text(t.rows[1][2]) == "3.000");
  tmx::test::HeadlessImGui g;
  NoteView v;
  std::string wide = "| h1 | h2 |\n|--|--|\n| " + std::string(300, 'w') + " | " +
                     std::string(40, 'x') + " " + std::string(40, 'y') + " |\n";
  v.set_document(parse(wide), "n", ".", ".");
  draw_note(g, v);
  CHECK(v.total_height() > 0);
  CHECK(v.layout_errors() == 0);
}

TEST_CASE("markdown: block quotes and GitHub-style callouts", "[markdown]") {
  const Document d = parse("> plain quote\n\n> [!WARNING]\n> Careful here.\n\n> [!TIP] Inline tip text\n");
  REQUIRE(d.blocks.size() == 3);
  CHECK(d.blocks[0].kind == BlockKind::Quote);
  CHECK(d.blocks[0].callout == Callout::None);
  CHECK(d.blocks[1].callout == Callout::Warning);
  REQUIRE_FALSE(d.blocks[1].items[0].empty());
  CHECK(plain_text(d.blocks[1].items[0][0].inlines) == "Careful here.");
  CHECK(d.blocks[2].callout == Callout::Tip);
  CHECK(plain_text(d.blocks[2].items[0][0].inlines) == "Inline tip text");
  tmx::test::HeadlessImGui g;
  NoteView v;
  v.set_document(d, "n", ".", ".");
  draw_note(g, v);
  CHECK(v.total_height() > 100);
}

TEST_CASE("markdown: fenced code is highlighted (C++, Python) and the copy button copies it", "[markdown]") {
  const Document d = parse("```cpp\n// c\nint x = 42; \"s\"\n```\n\n```python\ndef f(): return 1.5  # c\n```\n");
  REQUIRE(d.blocks.size() == 2);
  CHECK(d.blocks[0].kind == BlockKind::Code);
  CHECK(d.blocks[0].lang == "cpp");
  auto has = [](const std::vector<TokSpan>& t, const std::string& s, const std::string& text, Tok k) {
    for (const TokSpan& sp : t)
      if (sp.kind == k && text.substr(sp.begin, sp.end - sp.begin) == s) return true;
    return false;
  };
  const std::string& c = d.blocks[0].text;
  const auto tc = highlight(c, CodeLang::Cpp);
  CHECK(has(tc, "// c", c, Tok::Comment));
  CHECK(has(tc, "int", c, Tok::Type));
  CHECK(has(tc, "42", c, Tok::Number));
  CHECK(has(tc, "\"s\"", c, Tok::String));
  const std::string& p = d.blocks[1].text;
  const auto tp = highlight(p, code_lang("python"));
  CHECK(has(tp, "def", p, Tok::Keyword));
  CHECK(has(tp, "return", p, Tok::Keyword));
  CHECK(has(tp, "# c", p, Tok::Comment));
  CHECK(has(tp, "1.5", p, Tok::Number));

  // Click "Copy" on the first block (top-right of the block).
  std::string copied;
  host().copy_to_clipboard = [&](const std::string& s) {
    copied = s;
    return true;
  };
  tmx::test::HeadlessImGui g;
  NoteView v;
  v.set_document(d, "n", ".", ".");
  draw_note(g, v);
  ImGuiIO& io = ImGui::GetIO();
  const ImVec2 pad = ImGui::GetStyle().WindowPadding;
  io.MousePos = ImVec2(760 - pad.x - 30, pad.y + 14);  // the button's centre, top right of the block
  draw_note(g, v, 1);
  io.MouseDown[0] = true;
  draw_note(g, v, 1);
  io.MouseDown[0] = false;
  draw_note(g, v, 1);
  CHECK(copied == "// c\nint x = 42; \"s\"");
  host() = Host();
}

TEST_CASE("markdown: images load (PNG via stb_image) or show an inline error", "[markdown]") {
  const std::string dir = temp_dir("img");
  std::vector<unsigned char> px(8 * 6 * 4, 200);
  const std::string png = encode_png(px.data(), 8, 6);
  REQUIRE(png.size() > 20);
  std::ofstream(dir + "/fig.png", std::ios::binary) << png;
  std::ofstream(dir + "/bad.png", std::ios::binary) << "not a png";
  clear_texture_cache();
  const Document d = parse("![A caption](fig.png)\n\n![missing](nope.png)\n\n![corrupt](bad.png)\n\n![escape](../x.png)");
  tmx::test::HeadlessImGui g;
  g.frame([&] {
    LayoutContext c = ctx_for(d);
    c.base_dir = dir;
    TextLayout ok, missing, bad, esc;
    layout_inlines(ok, d.blocks[0].inlines, 700, body_style(), c);
    layout_inlines(missing, d.blocks[1].inlines, 700, body_style(), c);
    layout_inlines(bad, d.blocks[2].inlines, 700, body_style(), c);
    layout_inlines(esc, d.blocks[3].inlines, 700, body_style(), c);
    REQUIRE_FALSE(ok.runs.empty());
    CHECK(ok.runs[0].kind == RunKind::Image);
    CHECK(ok.runs[0].img_w == Approx(4.0f));  // authored at 2x
    CHECK(ok.text.find("A caption") != std::string::npos);
    CHECK(ok.errors == 0);
    CHECK(missing.errors == 1);
    CHECK(missing.text.find("file not found") != std::string::npos);
    CHECK(bad.errors == 1);
    CHECK(esc.errors == 1);
  });
}

TEST_CASE("markdown: horizontal rules", "[markdown]") {
  const Document d = parse("above\n\n---\n\nbelow\n");
  REQUIRE(d.blocks.size() == 3);
  CHECK(d.blocks[1].kind == BlockKind::Rule);
}

TEST_CASE("markdown: math spans come from the manifest; missing formulas show an error", "[markdown]") {
  const std::string dir = temp_dir("math");
  {
    std::ofstream m(dir + "/manifest.txt");
    m << "tmx-math 1\n"
      << "aaaa 0 30.5 14 3.5\tx^2\n"
      << "bbbb 1 120 40 12\t\\frac{a}{b}\n";
  }
  MathCache cache;
  REQUIRE(cache.load(dir));
  CHECK(cache.size() == 2);
  REQUIRE(cache.find("  x^2 ", false));
  CHECK(cache.find("x^2", true) == nullptr);  // inline and display are different images
  CHECK(cache.find("\\frac{a}{b}", true)->depth == 12.0f);
  const Document d = parse("Inline $x^2$ and display $$\\frac{a}{b}$$ and unknown $y$.");
  tmx::test::HeadlessImGui g;
  g.frame([&] {
    LayoutContext c = ctx_for(d);
    c.math = &cache;
    TextLayout l;
    layout_inlines(l, d.blocks[0].inlines, 700, body_style(), c);
    int inline_math = 0, display = 0;
    for (const Run& r : l.runs)
      if (r.kind == RunKind::Math) (r.math->display ? display : inline_math)++;
    CHECK(inline_math == 1);
    CHECK(display == 1);
    CHECK(l.errors == 1);  // $y$ is not in this manifest
  });
  MathCache none;
  CHECK_FALSE(none.load(dir + "/nowhere"));
  CHECK(none.error().find("not found") != std::string::npos);
}

// The manifest's numbers are read without strtof when they are short decimals (ui/math.cpp); every
// form must give strtof's float, bit for bit, and a malformed number still makes the line malformed.
TEST_CASE("markdown: the math manifest's numbers read exactly as strtof reads them", "[markdown]") {
  const std::vector<std::string> nums = {"0", "0.1", "295.9", "19.08", "4.26", "-2.5", "+7", ".5", "3.",
                                         "16777215", "16777217", "123456789.123", "0.0000000001",
                                         "0.00000000001", "1e3", "2.5E-2", "0x1p3", "-0", "1.17549435e-38",
                                         "3.4e38", "99999.99", "0.3333333333333"};
  const std::string dir = temp_dir("math-numbers");
  {
    std::ofstream m(dir + "/manifest.txt");
    m << "tmx-math 1\n";
    for (size_t i = 0; i < nums.size(); ++i) m << "h" << i << " 0 " << nums[i] << " " << nums[i] << " " << nums[i] << "\tx_" << i << "\n";
    m << "bad 0 1.5 abc 2\ty_0\n";
  }
  MathCache cache;
  CHECK_FALSE(cache.load(dir));  // the bad line is reported ...
  CHECK(cache.error().find("line " + std::to_string(nums.size() + 2)) != std::string::npos);
  CHECK(cache.find("y_0", false) == nullptr);  // ... and left out
  for (size_t i = 0; i < nums.size(); ++i) {
    INFO(nums[i]);
    const MathEntry* e = cache.find("x_" + std::to_string(i), false);
    REQUIRE(e);
    const float want = std::strtof(nums[i].c_str(), nullptr);
    CHECK(std::memcmp(&e->width, &want, sizeof want) == 0);
    CHECK(std::memcmp(&e->depth, &want, sizeof want) == 0);
  }
}

TEST_CASE("markdown: widget directives embed live widgets; problems show inline", "[markdown]") {
  const Document d = parse("```widget softmax T=0.7\n```\n\n```widget nosuch\n```\n\n```widget softmax T=banana junk\n```\n\n"
                           "```scene nosuch\n```\n\n```video missing.mp4\n```\n\n```widget\n```\n");
  REQUIRE(d.blocks.size() == 6);
  CHECK(d.blocks[0].kind == BlockKind::Directive);
  CHECK(d.blocks[0].text == "softmax");
  CHECK(d.blocks[5].kind == BlockKind::Error);
  tmx::test::HeadlessImGui g(1280, 3000);
  NoteView v;
  v.set_document(d, "n", ".", "/nonexistent");
  REQUIRE(v.widgets().size() == 2);  // softmax twice; the unknown one has none
  const tmx::ui::Widget& w = *v.widgets().at(d.blocks[0].id);
  CHECK(tmx::ui::param_get(w.params(), "T") == "0.7");
  const tmx::ui::Widget& bad = *v.widgets().at(d.blocks[2].id);
  CHECK_FALSE(bad.warnings().empty());  // T=banana
  CHECK(tmx::ui::param_get(d.blocks[2].params, "#problems").find("junk") != std::string::npos);
  for (int i = 0; i < 3; ++i) g.frame([&] { v.draw(); }, ImVec2(760, 3000));
  CHECK(v.total_height() > 600);
}

TEST_CASE("library: chapters scan in order, search finds text with context", "[markdown]") {
  const std::string root = temp_dir("lib");
  std::filesystem::create_directories(root + "/en/notes");
  std::ofstream(root + "/en/notes/02-second.md") << "# Second\n\n## Part\n\nThe selective scan is here.\n";
  std::ofstream(root + "/en/notes/01-first.md") << "# First chapter\n\nNothing about it.\n\n## Scan basics\n\ntext\n";
  Library lib;
  lib.scan(root);
  REQUIRE(lib.chapters().size() == 2);
  CHECK(lib.chapters()[0].slug == "first");
  CHECK(lib.chapters()[1].title == "Second");
  CHECK(lib.find("second") == 1);
  const auto hits = lib.search("SCAN");
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].in_title);  // title matches rank first
  CHECK(hits[0].anchor == "scan-basics");
  CHECK(hits[1].chapter == 1);
  CHECK(hits[1].anchor == "part");
  CHECK(hits[1].match == "scan");
  CHECK(hits[1].before.find("selective") != std::string::npos);
  CHECK(lib.search("s").empty());
  CHECK(lib.search("zzzz").empty());
}

// The website ships every chapter's facts as notes/facts.tsv (`tmx note-facts`), so its first frame
// parses no chapter. The table must give what parsing gives, be used when it matches the chapter, and
// never win over a chapter edited since.
TEST_CASE("library: the chapter facts table gives what parsing gives and yields to an edited chapter", "[markdown]") {
  namespace fs = std::filesystem;
  const auto same = [](const ChapterFacts& a, const ChapterFacts& b) {
    return a.summary == b.summary && a.words == b.words && a.cjk_chars == b.cjk_chars && a.minutes == b.minutes &&
           a.scene == b.scene && a.widget == b.widget;
  };
  for (const char* lang : {"en", "zh"}) {
    INFO(lang);
    Library parsed;
    parsed.scan(std::string(TMX_SOURCE_DIR) + "/content", lang);
    REQUIRE(parsed.chapters().size() >= 10);
    const std::string table = parsed.facts_table();
    // A copy of the edition with the table beside its chapters, as the website has it.
    const fs::path root = temp_dir((std::string("facts-") + lang).c_str());
    fs::remove_all(fs::path(root) / lang);
    fs::create_directories(fs::path(root) / lang / "notes");
    for (const auto& c : parsed.chapters()) fs::copy_file(c.path, fs::path(root) / lang / "notes" / fs::path(c.path).filename());
    std::ofstream(fs::path(root) / lang / "notes" / Library::kFactsFile) << table;
    Library fast;
    fast.scan(root.string(), lang);
    REQUIRE(fast.chapters().size() == parsed.chapters().size());
    CHECK(fast.use_facts_table(table) == static_cast<int>(parsed.chapters().size()));  // every chapter has a row
    for (int i = 0; i < static_cast<int>(parsed.chapters().size()); ++i) {
      INFO(parsed.chapters()[i].slug);
      CHECK(same(fast.facts(i), parsed.facts(i)));
    }
  }
  // Used when it matches; an edited chapter is parsed again; malformed rows are skipped.
  const fs::path root = temp_dir("facts-edit");
  fs::remove_all(root / "en");
  fs::create_directories(root / "en" / "notes");
  const std::string text = "# One\n\nThe first sentence of this chapter is long enough to be its summary on the home page. More.\n";
  std::ofstream(root / "en" / "notes" / "01-one.md") << text;
  char sum[9];
  std::snprintf(sum, sizeof sum, "%08x", static_cast<unsigned>(tmx::fnv1a32(text)));
  const std::string row = "one\t" + std::to_string(text.size()) + "\t" + sum + "\t900\t0\t5\tscene-x\twidget-y\tFrom the table.\n";
  std::ofstream(root / "en" / "notes" / Library::kFactsFile)
      << "tmx-note-facts 1\n" << row
      << "two\t10\tzz\t1\t0\t1\t\t\tbad checksum\n"           // not hex
      << "three\t10\t0\t-1\t0\t1\t\t\tnegative words\n"
      << "four\t10\t0\t1\t0\t1\tonly seven cells\n"
      << "\t10\t0\t1\t0\t1\t\t\tno slug\n"
      << "five\t99999999999999999999999\t0\t1\t0\t1\t\t\ttoo big\n";
  Library lib;
  lib.scan(root.string());
  CHECK(lib.facts(0).summary == "From the table.");
  CHECK(lib.facts(0).minutes == 5);
  CHECK(lib.facts(0).scene == "scene-x");
  CHECK(lib.use_facts_table("tmx-note-facts 1\n" + row + "two\t10\tzz\t1\t0\t1\t\t\tx\nthree\t10\t0\t-1\t0\t1\t\t\tx\n") == 1);
  CHECK(lib.use_facts_table("tmx-note-facts 2\n" + row) == 0);  // an unknown format is not read
  std::ofstream(root / "en" / "notes" / "01-one.md", std::ios::app) << "\nOne more line.\n";
  lib.scan(root.string());
  CHECK(lib.facts(0).summary.rfind("The first sentence", 0) == 0);  // parsed: the table no longer matches
  CHECK(lib.facts(0).minutes == 1);
}

TEST_CASE("markdown: Chinese text breaks between characters, not only at spaces, and never before a full stop", "[markdown]") {
  tmx::test::HeadlessImGui g;
  const Document d = parse(
      "在\xE2\x80\x9C" "the cat sat on the mat because **it** was warm\xE2\x80\x9D"
      "\xEF\xBC\x88\xE7\x8C\xAB\xE5\x9D\x90\xE5\x9C\xA8\xE5\x9E\xAB\xE5\xAD\x90\xE4\xB8\x8A\xEF\xBC\x89"  // （猫坐在垫子上）
      "\xE8\xBF\x99\xE5\x8F\xA5\xE8\xAF\x9D\xE9\x87\x8C\xEF\xBC\x8C*it* \xE5\xBA\x94\xE8\xAF\xA5\xE4\xBB\x8E *mat* "
      "\xE5\x80\x9F\xE6\x9D\xA5\xE5\x90\xAB\xE4\xB9\x89\xE3\x80\x82"  // 借来含义。
      "\xE6\xB3\xA8\xE6\x84\x8F\xE5\x8A\x9B\xE6\xAD\xA3\xE6\x98\xAF\xE8\xAE\xA9\xE6\xAF\x8F\xE4\xB8\xAA\xE4\xBD\x8D"
      "\xE7\xBD\xAE\xE4\xBB\x8E\xE5\x85\xB6\xE4\xBB\x96\xE4\xBD\x8D\xE7\xBD\xAE\xE6\xB1\xB2\xE5\x8F\x96\xE4\xBF\xA1"
      "\xE6\x81\xAF\xE7\x9A\x84\xE6\x9C\xBA\xE5\x88\xB6\xE3\x80\x82");
  g.frame([&] {
    for (const float width : {180.0f, 260.0f, 400.0f}) {
      TextLayout l;
      layout_inlines(l, d.blocks[0].inlines, width, body_style(), ctx_for(d));
      // Lines by their y; each line's right edge.
      std::map<int, float> right;
      std::map<int, std::string> first_text;
      for (const Run& r : l.runs) {
        const int y = static_cast<int>(std::lround(r.y));
        right[y] = std::max(right[y], r.x + r.w);
        if (r.kind == RunKind::Text && (first_text.find(y) == first_text.end() || r.x < 1))
          if (r.x < 1) first_text[y] = l.text.substr(r.begin, r.end - r.begin);
        CHECK(r.x + r.w <= width + 0.5f);
      }
      REQUIRE(right.size() >= 2);
      // A line opened inside Chinese text is glued to the one before (no space in copied text).
      int glued = 0;
      for (const Run& r : l.runs) glued += r.glue;
      CHECK(glued >= 1);
      int k = 0;
      for (const auto& [y, rx] : right) {
        INFO("width " << width << ", line " << k);
        if (++k < static_cast<int>(right.size())) CHECK(rx > 0.6f * width);  // no half-empty lines
      }
      for (const auto& [y, t] : first_text) {
        INFO("a line starts with '" << t << "'");
        CHECK(t.rfind("\xEF\xBC\x8C", 0) != 0);  // ，
        CHECK(t.rfind("\xE3\x80\x82", 0) != 0);  // 。
        CHECK(t.rfind("\xEF\xBC\x89", 0) != 0);  // ）
      }
    }
  });
}
