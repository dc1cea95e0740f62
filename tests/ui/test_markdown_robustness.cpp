// Bad input never crashes the notes renderer: it parses, lays out and draws, and problems
// become visible error blocks.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "headless_imgui.h"
#include "ui/markdown/document.h"
#include "ui/markdown/note_view.h"

using namespace tmx::ui::md;

namespace {

int count_errors(const std::vector<Block>& blocks) {
  int n = 0;
  for (const Block& b : blocks) {
    n += b.kind == BlockKind::Error;
    for (const auto& item : b.items) n += count_errors(item);
  }
  return n;
}

// Parse + two frames of layout/draw; the scroll is moved so the end of the note is drawn too.
void render(const std::string& md, float* height = nullptr) {
  tmx::test::HeadlessImGui g(1280, 800);
  NoteView v;
  v.set_document(parse(md), "robust", ".", ".");
  for (int i = 0; i < 2; ++i) g.frame([&] { v.draw(); });
  g.frame([&] {
    ImGui::SetScrollY(1e9f);
    v.draw();
  });
  g.frame([&] { v.draw(); });
  if (height) *height = v.total_height();
}

}  // namespace

TEST_CASE("robustness: unclosed code fence", "[markdown][robust]") {
  const Document d = parse("# T\n\n```cpp\nint main() {\n  return 0;\n");
  REQUIRE(d.blocks.size() == 2);
  CHECK(d.blocks[1].kind == BlockKind::Code);  // runs to the end of the file, like GitHub
  const Document w = parse("```widget softmax T=0.5\n");  // unclosed directive
  REQUIRE(w.blocks.size() == 1);
  CHECK(w.blocks[0].kind == BlockKind::Directive);
  render("```\nunclosed\n\n> quote ```\n");
}

TEST_CASE("robustness: 200-deep nesting is flattened with a notice", "[markdown][robust]") {
  std::string quotes, lists;
  for (int i = 0; i < 200; ++i) quotes += "> ";
  quotes += "deep\n";
  for (int i = 0; i < 200; ++i) lists += std::string(static_cast<size_t>(i) * 2, ' ') + "- level " + std::to_string(i) + "\n";
  const Document dq = parse(quotes), dl = parse(lists);
  CHECK(count_errors(dq.blocks) == 1);
  CHECK(count_errors(dl.blocks) == 1);
  float h = 0;
  render(quotes, &h);
  CHECK(h > 0);
  render(lists, &h);
  CHECK(h > 200);
  // Mixed: lists inside quotes inside lists.
  std::string mixed;
  for (int i = 0; i < 200; ++i) mixed += std::string(static_cast<size_t>(i % 7), ' ') + (i % 2 ? "> " : "- ") + "x\n";
  render(mixed);
}

TEST_CASE("robustness: a 1 MB line is cut with a notice and still wraps", "[markdown][robust]") {
  const std::string line(1u << 20, 'a');
  const Document d = parse(line);
  CHECK(count_errors(d.blocks) == 1);
  float h = 0;
  render(line, &h);
  CHECK(h > 1000);  // wrapped into many lines, not one 1 MB-wide line
  std::string words;
  while (words.size() < (1u << 20)) words += "word ";
  render(words);
  render("```\n" + line + "\n```\n");
}

TEST_CASE("robustness: invalid UTF-8 and NUL bytes are replaced, not trusted", "[markdown][robust]") {
  const std::string bad = std::string("ok \xff\xfe bad \xc3 trunc \xe2\x82 also \xf0\x9f\x98 and ") + '\0' +
                          " nul \xed\xa0\x80 surrogate \xc0\xaf overlong";
  const Document d = parse("# T\xff\n\n" + bad + "\n\n| \xff | b |\n|--|--|\n| \xc3 | `\xe2` |\n");
  render("# T\xff\n\n" + bad + "\n\n| \xff | b |\n|--|--|\n| \xc3 | `\xe2` |\n");
  CHECK(d.headings.size() == 1);
}

TEST_CASE("robustness: unknown directives and bad parameters render as errors", "[markdown][robust]") {
  render("```widget\n```\n\n```widget does-not-exist a=1\n```\n\n```widget softmax T=1e30 logits=x,y,z\n```\n\n"
         "```scene\n```\n\n```video ../../etc/passwd\n```\n\n![](missing.png)\n\n$$\\undefined$$\n");
}

TEST_CASE("robustness: random bytes and markdown fragments", "[markdown][robust]") {
  std::mt19937 rng(1234);
  const char* pieces[] = {"# ", "## ", "> ", "- ", "1. ", "```", "`", "$", "$$", "*", "**", "_", "[", "](", ")", "!",
                          "|", "|--|", "\n", "\n\n", "    ", "<!--", "-->", "&amp;", "&#x1F600;", "\\", "~~", "[!NOTE]",
                          "text ", "\xff", "\xe2\x82", "<div>", "---"};
  for (int doc = 0; doc < 60; ++doc) {
    std::string s;
    const int n = 50 + static_cast<int>(rng() % 400);
    for (int i = 0; i < n; ++i) {
      if (rng() % 5 == 0) s += static_cast<char>(rng() % 256);
      else s += pieces[rng() % (sizeof pieces / sizeof pieces[0])];
    }
    INFO("document " << doc);
    render(s);
  }
}
