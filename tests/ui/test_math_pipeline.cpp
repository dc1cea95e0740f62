// Math pipeline: scripts/gen_math.mjs (MathJax -> SVG -> rsvg-convert -> PNG) and the manifest
// the renderer reads. Runs the real script with node, as the build does.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "ui/markdown/document.h"
#include "ui/markdown/library.h"
#include "ui/math.h"

namespace {

struct Result {
  int status = -1;
  std::string output;
};

Result gen_math(const std::string& content, const std::string& out) {
  const std::string cmd = std::string("cd '") + TMX_SOURCE_DIR + "' && '" + TMX_NODE + "' scripts/gen_math.mjs --content '" +
                          content + "' --out '" + out + "' 2>&1";
  Result r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  char buf[512];
  while (fgets(buf, sizeof buf, p)) r.output += buf;
  r.status = pclose(p);
  return r;
}

// Width and height from a PNG's IHDR chunk (0, 0 if it is not a PNG).
std::pair<int, int> png_size(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  unsigned char h[24] = {};
  f.read(reinterpret_cast<char*>(h), sizeof h);
  if (!f || h[1] != 'P' || h[2] != 'N' || h[3] != 'G') return {0, 0};
  auto be = [&](int o) { return (h[o] << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3]; };
  return {be(16), be(20)};
}

std::string fresh_dir(const char* name) {
  const auto p = std::filesystem::temp_directory_path() / (std::string("tmx_math_") + name);
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p / "en" / "notes");
  return p.string();
}

}  // namespace

TEST_CASE("math pipeline: formulas become PNGs of plausible size at 1x and 2x", "[math]") {
  const std::string dir = fresh_dir("ok");
  std::ofstream(dir + "/en/notes/01-a.md") << "# A\n\nInline $x^2 + \\alpha$ here.\n\n$$\n\\frac{QK^\\top}{\\sqrt{d_k}}\n$$\n\n"
                                              "`$not math$`\n\n```\n$nor this$\n```\n";
  const std::string out = dir + "/out";
  const Result r = gen_math(dir, out);
  INFO(r.output);
  REQUIRE(r.status == 0);
  tmx::ui::MathCache cache;
  REQUIRE(cache.load(out));
  CHECK(cache.size() == 2);  // code spans and fences are not math
  const tmx::ui::MathEntry* inl = cache.find("x^2 + \\alpha", false);
  const tmx::ui::MathEntry* disp = cache.find("\\frac{QK^\\top}{\\sqrt{d_k}}", true);
  REQUIRE(inl);
  REQUIRE(disp);
  // Inline math is about one text line high and sits slightly below the baseline.
  CHECK(inl->height > 10.0f);
  CHECK(inl->height < 30.0f);
  CHECK(inl->width > 30.0f);
  CHECK(inl->width < 120.0f);
  CHECK(inl->depth >= 0.0f);
  CHECK(inl->depth < inl->height / 2);
  CHECK(disp->height > inl->height);  // a fraction is taller
  for (const auto* e : {inl, disp}) {
    const auto s1 = png_size(out + "/" + e->hash + ".1x.png");
    const auto s2 = png_size(out + "/" + e->hash + ".2x.png");
    INFO(e->hash);
    CHECK(std::abs(s1.first - e->width) <= 1.0f);
    CHECK(std::abs(s1.second - e->height) <= 1.0f);
    CHECK(std::abs(s2.first - 2 * e->width) <= 2.0f);
    CHECK(std::abs(s2.second - 2 * e->height) <= 2.0f);
  }
}

TEST_CASE("math pipeline: broken LaTeX fails with the file and line", "[math]") {
  const std::string dir = fresh_dir("bad");
  std::ofstream(dir + "/en/notes/01-bad.md") << "# Bad\n\nfine $x$\n\nbroken $\\frac{a}{$ here\n";
  const Result r = gen_math(dir, dir + "/out");
  CHECK(r.status != 0);
  CHECK(r.output.find("01-bad.md:5: LaTeX error") != std::string::npos);
  CHECK(r.output.find("\\frac{a}{") != std::string::npos);
}

// The build's extractor (JavaScript) and the renderer (md4c) must agree on what is math:
// every formula md4c finds in the shipped chapters has an image in the build's manifest.
TEST_CASE("math pipeline: every formula in content/ is in the build's manifest", "[math]") {
  tmx::ui::MathCache cache;
  REQUIRE(cache.load(TMX_MATH_DIR));
  tmx::ui::md::Library lib;
  lib.scan(std::string(TMX_SOURCE_DIR) + "/content");
  REQUIRE(lib.chapters().size() >= 2);
  int formulas = 0;
  std::function<void(const std::vector<tmx::ui::md::Block>&)> walk = [&](const std::vector<tmx::ui::md::Block>& bs) {
    for (const auto& b : bs) {
      auto check = [&](const std::vector<tmx::ui::md::Inline>& ins) {
        for (const auto& in : ins) {
          if (in.kind != tmx::ui::md::InlineKind::Math && in.kind != tmx::ui::md::InlineKind::MathDisplay) continue;
          ++formulas;
          INFO(in.text);
          CHECK(cache.find(in.text, in.kind == tmx::ui::md::InlineKind::MathDisplay) != nullptr);
        }
      };
      check(b.inlines);
      for (const auto& row : b.rows)
        for (const auto& cell : row) check(cell);
      for (const auto& item : b.items) walk(item);
    }
  };
  for (int i = 0; i < static_cast<int>(lib.chapters().size()); ++i) walk(lib.document(i).blocks);
  CHECK(formulas >= 50);
}
