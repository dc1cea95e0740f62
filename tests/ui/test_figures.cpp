// Figures in the notes: every content/en/figures/*.svg (authored by this project) is rasterized
// by the build at 1x and 2x; every chapter shows at least one; the renderer lays a figure out at
// its 1x size in CSS px (shrunk to fit a narrow column) with its caption, picks the 2x raster on
// HiDPI screens, and shows an inline error box for a missing or badly named figure.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "headless_imgui.h"
#include "ui/fonts.h"
#include "ui/image.h"
#include "ui/markdown/document.h"
#include "ui/markdown/text_layout.h"
#include "ui/math.h"

using namespace tmx::ui;
using namespace tmx::ui::md;
namespace fs = std::filesystem;

namespace {

const fs::path kContent = fs::path(TMX_SOURCE_DIR) / "content" / "en";

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::vector<fs::path> figure_svgs() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(kContent / "figures"))
    if (e.path().extension() == ".svg") out.push_back(e.path());
  return out;
}

struct FigureDir {  // points the renderer at the build's figures for one test
  std::string saved = figure_dir();
  FigureDir() {
    figure_dir() = TMX_FIGURES_DIR;
    clear_texture_cache();
  }
  ~FigureDir() {
    figure_dir() = saved;
    clear_texture_cache();
  }
};

TextStyle body_style() {
  TextStyle st;
  st.font = fonts().body;
  st.bold = fonts().bold;
  st.mono = fonts().mono;
  return st;
}

}  // namespace

TEST_CASE("figures: every SVG is rasterized at 1x and 2x with its authored size", "[figures]") {
  tmx::test::HeadlessImGui g;
  FigureDir fd;
  const auto svgs = figure_svgs();
  REQUIRE(svgs.size() >= 2);
  for (const fs::path& svg : svgs) {
    INFO(svg.filename().string());
    const std::string text = slurp(svg);
    std::smatch m;
    REQUIRE(std::regex_search(text, m, std::regex(R"re(<svg[^>]*\swidth="(\d+)"[^>]*\sheight="(\d+)")re")));
    const int w = std::stoi(m[1]), h = std::stoi(m[2]);
    CHECK(w >= 320);
    CHECK(w <= 720);  // fits the reading column at 1x
    CHECK(h >= 120);
    const Texture& t1 = load_texture(figure_png(svg.filename().string(), 1.0f));
    const Texture& t2 = load_texture(figure_png(svg.filename().string(), 2.0f));
    REQUIRE(t1.error.empty());
    REQUIRE(t2.error.empty());
    CHECK(t1.width == w);
    CHECK(t1.height == h);
    CHECK(t2.width == 2 * w);
    CHECK(t2.height == 2 * h);
    // Authored, not pasted: the source says so and carries no embedded raster.
    CHECK(text.find("Authored for this project") != std::string::npos);
    CHECK(text.find("<image") == std::string::npos);
  }
}

TEST_CASE("figures: every chapter shows at least one, and every reference resolves", "[figures]") {
  int chapters = 0;
  for (const auto& e : fs::directory_iterator(kContent / "notes")) {
    if (e.path().extension() != ".md") continue;
    ++chapters;
    INFO(e.path().filename().string());
    const std::string md = slurp(e.path());
    const std::regex img(R"re(!\[[^\]]*\]\(([^)\s]+\.svg)\))re");
    int figures = 0;
    for (auto it = std::sregex_iterator(md.begin(), md.end(), img); it != std::sregex_iterator(); ++it) {
      const std::string src = (*it)[1];
      INFO(src);
      CHECK(fs::exists(e.path().parent_path() / src));  // also right for GitHub's markdown view
      CHECK_FALSE(figure_png(src, 1.0f).empty());
      ++figures;
    }
    CHECK(figures >= 1);
  }
  CHECK(chapters >= 2);
}

TEST_CASE("figures: laid out at 1x size with a caption, shrunk to fit, errors for bad names", "[figures]") {
  tmx::test::HeadlessImGui g;
  FigureDir fd;
  const Document d = parse("![Attention, step by step](../figures/attention-flow.svg)\n\n"
                           "![](../figures/no-such-figure.svg)\n\n"
                           "![](../figures/Bad_Name.svg)\n\n"
                           "![](../../etc/x.svg)\n");
  REQUIRE(d.blocks.size() == 4);
  LayoutContext c;
  c.doc = &d;
  c.base_dir = (kContent / "notes").string();
  c.math = &math_cache();
  const Texture& t1 = load_texture(std::string(TMX_FIGURES_DIR) + "/attention-flow.1x.png");
  REQUIRE(t1.error.empty());

  TextLayout wide, narrow;
  layout_inlines(wide, d.blocks[0].inlines, 720, body_style(), c);
  layout_inlines(narrow, d.blocks[0].inlines, 360, body_style(), c);
  for (TextLayout* l : {&wide, &narrow}) {
    REQUIRE(l->runs.size() >= 2);
    const Run& r = l->runs[0];
    REQUIRE(r.kind == RunKind::Image);
    CHECK(r.path == std::string(TMX_FIGURES_DIR) + "/attention-flow.1x.png");
    CHECK(r.path_2x == std::string(TMX_FIGURES_DIR) + "/attention-flow.2x.png");
    CHECK(l->runs[1].kind == RunKind::Text);  // the caption, under the image
    CHECK(l->runs[1].y >= r.y + r.img_h);
    CHECK(l->errors == 0);
  }
  CHECK(wide.runs[0].img_w == Approx(t1.width));  // 1x pixels are CSS px
  CHECK(wide.runs[0].img_h == Approx(t1.height));
  CHECK(narrow.runs[0].img_w == Approx(360.0f));
  CHECK(narrow.runs[0].img_h == Approx(t1.height * 360.0f / t1.width));
  CHECK(wide.height > t1.height);

  for (size_t b = 1; b < 4; ++b) {
    INFO("block " << b);
    TextLayout bad;
    layout_inlines(bad, d.blocks[b].inlines, 720, body_style(), c);
    CHECK(bad.errors == 1);
    REQUIRE(bad.runs.size() == 1);
    CHECK(bad.runs[0].kind == RunKind::Error);
  }
  TextLayout missing;
  layout_inlines(missing, d.blocks[1].inlines, 720, body_style(), c);
  const std::string msg = missing.text.substr(missing.runs[0].begin, missing.runs[0].end - missing.runs[0].begin);
  CHECK(msg.find("no-such-figure.svg") != std::string::npos);
  CHECK(msg.find("not generated") != std::string::npos);
}

TEST_CASE("figures: drawn from the 2x raster on HiDPI screens", "[figures]") {
  tmx::test::HeadlessImGui g;
  FigureDir fd;
  const Document d = parse("![caption](../figures/ssm-unrolled.svg)\n");
  LayoutContext c;
  c.doc = &d;
  c.base_dir = (kContent / "notes").string();
  c.math = &math_cache();
  TextLayout l;
  layout_inlines(l, d.blocks[0].inlines, 720, body_style(), c);
  const ImTextureID lo = load_texture(figure_png("ssm-unrolled.svg", 1.0f)).id;
  const ImTextureID hi = load_texture(figure_png("ssm-unrolled.svg", 2.0f)).id;
  REQUIRE(lo != hi);
  for (float ratio : {1.0f, 2.0f}) {
    ImGui::GetIO().DisplayFramebufferScale = ImVec2(ratio, ratio);
    bool saw = false;
    g.frame([&] {
      draw_text_layout(l, ImGui::GetCursorScreenPos(), 0, 10000, c);
      for (const ImDrawCmd& cmd : ImGui::GetWindowDrawList()->CmdBuffer)
        if (cmd.TextureId == (ratio > 1 ? hi : lo)) saw = true;
    });
    CHECK(saw);
  }
  ImGui::GetIO().DisplayFramebufferScale = ImVec2(1, 1);
}
