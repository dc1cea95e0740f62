// UI kit: heatmap, matrix view, line plot, token chips, bar chart and exports, in a headless
// ImGui context. Interactions are driven with the mouse through ImGuiIO like a user would.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "headless_imgui.h"
#include "ui/bar_chart.h"
#include "ui/colormap.h"
#include "ui/export.h"
#include "ui/fonts.h"
#include "ui/heatmap.h"
#include "ui/host.h"
#include "ui/line_plot.h"
#include "ui/matrix_view.h"
#include "ui/token_chips.h"

using namespace tmx::ui;

namespace {

// Runs frames with the mouse at `pos`; `press` holds the button down on the middle frame.
void mouse_frames(tmx::test::HeadlessImGui& g, ImVec2 pos, bool press, const std::function<void()>& body) {
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = pos;
  g.frame(body);
  g.frame(body);
  if (press) {
    io.MouseDown[0] = true;
    g.frame(body);
    io.MouseDown[0] = false;
    g.frame(body);
  }
}

}  // namespace

TEST_CASE("kit: colormaps run from dark to bright, NaN is grey", "[kit]") {
  auto luma = [](ImU32 c) { return 0.299f * (c & 255) + 0.587f * ((c >> 8) & 255) + 0.114f * ((c >> 16) & 255); };
  CHECK(luma(colormap(Colormap::Viridis, 0.0f)) < luma(colormap(Colormap::Viridis, 0.5f)));
  CHECK(luma(colormap(Colormap::Viridis, 0.5f)) < luma(colormap(Colormap::Viridis, 1.0f)));
  CHECK(colormap(Colormap::Magma, -5.0f) == colormap(Colormap::Magma, 0.0f));  // clamped
  CHECK(colormap(Colormap::Viridis, NAN) == IM_COL32(128, 128, 128, 255));
}

TEST_CASE("kit: nice ticks and matrix precision", "[kit]") {
  const auto t = nice_ticks(0.0, 1.0, 5);
  REQUIRE(t.size() == 6);
  CHECK(t[1] == Approx(0.2));
  const auto u = nice_ticks(-3.7, 12.2, 4);
  REQUIRE(u.size() >= 3);
  CHECK(u.front() >= -3.7);
  CHECK(u.back() <= 12.2);
  for (size_t i = 1; i < u.size(); ++i) CHECK(u[i] - u[i - 1] == Approx(5.0));
  CHECK(nice_ticks(1, 1, 5).empty());
  CHECK(nice_ticks(0, NAN, 5).empty());
  const float ints[] = {1, -2, 30};
  const float small[] = {0.125f, 0.5f};
  const float big[] = {123.4f, 1.5f};
  CHECK(auto_decimals(ints, 3) == 0);
  CHECK(auto_decimals(small, 2) == 3);
  CHECK(auto_decimals(big, 2) == 1);
}

TEST_CASE("kit: CSV export escapes labels and keeps full precision", "[kit]") {
  const float m[] = {1.0f, 0.123456789f, -2.5f, 1e-8f};
  const std::vector<std::string> rows = {"a,b", "say \"hi\""}, cols = {"x", "y"};
  const std::string csv = matrix_csv(m, 2, 2, &rows, &cols);
  CHECK(csv == ",x,y\n\"a,b\",1,0.123456791\n\"say \"\"hi\"\"\",-2.5,9.99999994e-09\n");
  CHECK(matrix_csv(m, 1, 2) == "1,0.123456791\n");
  PngRequest r;
  CHECK_FALSE(take_png_request(r));
  request_png_export(ImVec2(1, 2), ImVec2(30, 40), "plot.png");
  REQUIRE(take_png_request(r));
  CHECK(r.filename == "plot.png");
  CHECK(r.max.x == 30.0f);
  CHECK_FALSE(take_png_request(r));  // taken once
}

TEST_CASE("kit: heatmap hover reports the cell; clicks select a row, a column or a cell", "[kit]") {
  tmx::test::HeadlessImGui g;
  std::vector<float> data(6 * 5);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<float>(i);
  const std::vector<std::string> rl = {"r0", "r1", "r2", "r3", "r4", "r5"}, cl = {"c0", "c1", "c2", "c3", "c4"};
  HeatmapStyle st;
  st.row_labels = &rl;
  st.col_labels = &cl;
  st.max_cell = 40.0f;
  HeatmapSelection sel;
  HeatmapHover hov;
  ImVec2 origin;
  auto body = [&] {
    origin = ImGui::GetCursorScreenPos();
    hov = heatmap("h", data.data(), 6, 5, st, &sel);
  };
  g.frame(body);
  // Geometry as drawn: a label gutter on the left and a label row on top; find the grid by hovering.
  const float gutter = ImGui::CalcTextSize("r0").x;  // small font is narrower: the grid starts after it
  (void)gutter;
  // Hover the centre of cell (row 2, col 3): scan x to find where columns start.
  float grid_x = -1, grid_y = -1;
  for (float x = origin.x; x < origin.x + 200 && grid_x < 0; x += 1) {
    mouse_frames(g, ImVec2(x, origin.y + 60), false, body);
    if (hov.col == 0) grid_x = x;
  }
  REQUIRE(grid_x > origin.x);
  for (float y = origin.y; y < origin.y + 100 && grid_y < 0; y += 1) {
    mouse_frames(g, ImVec2(grid_x + 1, y), false, body);
    if (hov.row == 0) grid_y = y;
  }
  REQUIRE(grid_y > origin.y);
  mouse_frames(g, ImVec2(grid_x + 40 * 3 + 20, grid_y + 40 * 2 + 20), true, body);
  CHECK(hov.row == 2);
  CHECK(hov.col == 3);
  CHECK(sel.row == 2);
  CHECK(sel.col == 3);
  // Row label: selects the row only.
  mouse_frames(g, ImVec2(grid_x - 5, grid_y + 40 * 4 + 20), true, body);
  CHECK(sel.row == 4);
  CHECK(sel.col == -1);
  // Column label: the column only.
  mouse_frames(g, ImVec2(grid_x + 40 * 1 + 20, grid_y - 5), true, body);
  CHECK(sel.row == -1);
  CHECK(sel.col == 1);
}

namespace {
// Stands in for the GL hooks: counts uploads and keeps the last pixels, so a test can see what
// the GPU would get. Restores the previous hooks when it goes out of scope.
struct FakeGpu {
  int uploads = 0, frees = 0, w = 0, h = 0;
  std::vector<ImU32> pixels;
  ImTextureID id = reinterpret_cast<ImTextureID>(static_cast<intptr_t>(0x5151));
  Host saved = host();
  FakeGpu() {
    host().upload_data_texture = [this](ImTextureID, const unsigned char* rgba, int w_, int h_) {
      ++uploads;
      w = w_;
      h = h_;
      const ImU32* p = reinterpret_cast<const ImU32*>(rgba);
      pixels.assign(p, p + static_cast<size_t>(w_) * h_);
      return id;
    };
    host().free_texture = [this](ImTextureID t) { frees += t == id; };
  }
  ~FakeGpu() { host() = saved; }
};
}  // namespace

TEST_CASE("kit: a 256 x 256 heatmap is one texture; hover reads back the exact cell value", "[kit]") {
  FakeGpu gpu;
  tmx::test::HeadlessImGui g(1280, 1400);
  const int n = 256;
  std::vector<float> data(n * n);
  for (size_t i = 0; i < data.size(); ++i) data[i] = std::sin(0.001f * static_cast<float>(i)) + 1e-7f * i;
  HeatmapStyle st;
  st.max_height = 1024.0f;
  st.max_cell = 4.0f;  // 4 CSS px per cell: the grid is 1024 x 1024
  st.colorbar = false;
  HeatmapHover hov;
  ImVec2 origin;
  auto body = [&] {
    origin = ImGui::GetCursorScreenPos();
    hov = heatmap("big", data.data(), n, n, st);
  };
  g.frame(body, ImVec2(1280, 1400));
  CHECK(hov.textured);
  CHECK(gpu.uploads == 1);
  REQUIRE(gpu.w == n);
  REQUIRE(gpu.h == n);
  // Few vertices (well inside 16-bit indices), and one draw command samples our texture.
  const ImDrawData* dd = ImGui::GetDrawData();
  REQUIRE(dd);
  CHECK(dd->TotalVtxCount < 1000);
  int cmds_with_tex = 0;
  for (int l = 0; l < dd->CmdListsCount; ++l)
    for (const ImDrawCmd& c : dd->CmdLists[l]->CmdBuffer) cmds_with_tex += c.TextureId == gpu.id;
  CHECK(cmds_with_tex == 1);
  // Texel (r, c) is cell (r, c) in the colormap.
  float lo = data[0], hi = data[0];
  for (float v : data) lo = std::min(lo, v), hi = std::max(hi, v);
  for (auto [r, c] : {std::pair{0, 0}, {17, 200}, {255, 255}, {128, 3}}) {
    const float v = data[static_cast<size_t>(r) * n + c];
    CHECK(gpu.pixels[static_cast<size_t>(r) * n + c] == colormap(Colormap::Viridis, (v - lo) / (hi - lo)));
  }
  // Hover: the centre of a cell returns that cell and its value, bit for bit.
  for (auto [r, c] : {std::pair{0, 0}, {200, 37}, {255, 255}, {99, 254}}) {
    ImGui::GetIO().MousePos = ImVec2(origin.x + c * 4.0f + 2.0f, origin.y + r * 4.0f + 2.0f);
    g.frame(body, ImVec2(1280, 1400));
    g.frame(body, ImVec2(1280, 1400));
    INFO("cell " << r << "," << c);
    CHECK(hov.row == r);
    CHECK(hov.col == c);
    CHECK(hov.value == data[static_cast<size_t>(r) * n + c]);
  }
  CHECK(gpu.uploads == 1);  // hovering and redrawing do not re-upload
  data[5] = 42.0f;
  g.frame(body, ImVec2(1280, 1400));
  CHECK(gpu.uploads == 2);  // the data changed
  st.cmap = Colormap::Magma;
  g.frame(body, ImVec2(1280, 1400));
  CHECK(gpu.uploads == 3);  // the colormap changed
  g.frame(body, ImVec2(1280, 1400));
  CHECK(gpu.uploads == 3);
  CHECK(heatmap_release_textures(true) == 0);
  CHECK(gpu.frees == 1);
}

TEST_CASE("kit: small heatmaps stay quads; a refused texture falls back to quads", "[kit]") {
  FakeGpu gpu;
  tmx::test::HeadlessImGui g(1280, 800);
  std::vector<float> data(16 * 16, 1.0f);
  HeatmapHover hov;
  g.frame([&] { hov = heatmap("small", data.data(), 16, 16); });
  CHECK_FALSE(hov.textured);
  CHECK(gpu.uploads == 0);
  CHECK(ImGui::GetDrawData()->TotalVtxCount >= 16 * 16 * 4);
  host().upload_data_texture = [](ImTextureID, const unsigned char*, int, int) { return ImTextureID{}; };
  std::vector<float> big(100 * 100, 0.5f);
  g.frame([&] { hov = heatmap("big", big.data(), 100, 100); });
  CHECK_FALSE(hov.textured);
  CHECK(ImGui::GetDrawData()->TotalVtxCount >= 100 * 100 * 4);
  heatmap_release_textures(true);
}

TEST_CASE("kit: matrix view shows shape, highlights the hovered row, elides big matrices", "[kit]") {
  tmx::test::HeadlessImGui g;
  std::vector<float> m(40 * 30, 0.5f);
  MatrixStyle st;
  st.name = "W";
  MatrixHover h;
  ImVec2 origin;
  auto body = [&] {
    origin = ImGui::GetCursorScreenPos();
    h = matrix_view("m", m.data(), 40, 30, st);
  };
  g.frame(body);
  // Below the title line, the last visible row is the matrix's last row (39), after the ellipsis.
  const float title_h = ImGui::GetTextLineHeightWithSpacing();
  float last_row = -1;
  for (float y = origin.y + title_h; y < origin.y + title_h + 400; y += 4) {
    mouse_frames(g, ImVec2(origin.x + 10, y), false, body);
    if (h.row >= 0) last_row = static_cast<float>(h.row);
  }
  CHECK(last_row == 39.0f);
}

TEST_CASE("kit: line plot auto-fits, pans on drag and fits again on double-click", "[kit]") {
  tmx::test::HeadlessImGui g;
  std::vector<Series> s(2);
  for (int i = 0; i <= 10; ++i) {
    s[0].x.push_back(static_cast<float>(i));
    s[0].y.push_back(static_cast<float>(i * i));
    s[1].x.push_back(static_cast<float>(i));
    s[1].y.push_back(static_cast<float>(-i));
  }
  s[0].name = "square";
  s[1].name = "minus";
  LinePlotView view;
  ImVec2 origin;
  auto body = [&] {
    origin = ImGui::GetCursorScreenPos();
    line_plot("p", s, view);
  };
  g.frame(body);
  CHECK(view.fit);
  CHECK(view.x0 == 0.0);
  CHECK(view.x1 == 10.0);
  CHECK(view.y0 < -10.0);
  CHECK(view.y1 > 100.0);
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(origin.x + 300, origin.y + 100);
  g.frame(body);
  io.MouseDown[0] = true;
  g.frame(body);
  for (int i = 0; i < 5; ++i) {
    io.MousePos.x += 20;
    g.frame(body);
  }
  io.MouseDown[0] = false;
  g.frame(body);
  CHECK_FALSE(view.fit);
  CHECK(view.x0 < 0.0);  // dragged right: the window onto the data moved left
  // Double-click fits again.
  for (int k = 0; k < 2; ++k) {
    io.MouseDown[0] = true;
    g.frame(body);
    io.MouseDown[0] = false;
    g.frame(body);
  }
  g.frame(body);
  CHECK(view.fit);
  CHECK(view.x0 == 0.0);
}

TEST_CASE("kit: token chips make spaces visible and select on click", "[kit]") {
  CHECK(visible_token(" cat") == "\xC2\xB7" "cat");
  CHECK(visible_token("a\n") == "a\xE2\x86\xB5");
  CHECK(visible_token("") == "\xE2\x88\x85");
  tmx::test::HeadlessImGui g;
  const std::vector<std::string> toks = {"The", " cat", " sat"};
  int selected = -1, hovered = -1;
  ImVec2 origin;
  auto body = [&] {
    origin = ImGui::GetCursorScreenPos();
    hovered = token_chips("c", toks, &selected);
  };
  g.frame(body);
  mouse_frames(g, ImVec2(origin.x + 5, origin.y + 8), true, body);
  CHECK(hovered == 0);
  CHECK(selected == 0);
  mouse_frames(g, ImVec2(origin.x + 5, origin.y + 8), true, body);
  CHECK(selected == -1);  // second click clears
}

TEST_CASE("kit: a token chip is wide enough for its id under a one-letter token", "[kit]") {
  tmx::test::HeadlessImGui g;
  const std::vector<std::string> toks = {"e", "x"};
  const std::vector<int> ids = {10101, 7};
  TokenChipsStyle st;
  st.ids = &ids;
  st.show_ids = true;
  int hovered = -1;
  ImVec2 origin;
  auto body = [&] {
    origin = ImGui::GetCursorScreenPos();
    hovered = token_chips("c", toks, nullptr, st);
  };
  g.frame(body);
  ImFont* small = tmx::ui::fonts().small;
  const float id_w = small->CalcTextSizeA(small->FontSize, FLT_MAX, 0, "10101").x;
  // Just inside the end of the id's text (7 px padding): still the first chip, not the gap after it.
  mouse_frames(g, ImVec2(origin.x + 7.0f + id_w - 1.0f, origin.y + 20), false, body);
  CHECK(hovered == 0);
}

TEST_CASE("kit: bar chart reports the hovered bar", "[kit]") {
  tmx::test::HeadlessImGui g;
  const std::vector<float> v = {0.1f, 0.7f, 0.2f};
  int hovered = -1;
  ImVec2 origin;
  float width = 0;
  auto body = [&] {
    origin = ImGui::GetCursorScreenPos();
    width = ImGui::GetContentRegionAvail().x;
    hovered = bar_chart("b", v, {"a", "b", "c"});
  };
  g.frame(body);
  // Plot area starts after a 44 px axis; three equal slots.
  const float slot = (width - 48.0f) / 3.0f;
  mouse_frames(g, ImVec2(origin.x + 44 + slot * 1.5f, origin.y + 100), false, body);
  CHECK(hovered == 1);
}

TEST_CASE("UI kit: a copy button says Copied, or offers the text to copy by hand without a clipboard", "[ui][kit]") {
  tmx::test::HeadlessImGui g(1280, 800);
  const tmx::ui::Host saved = tmx::ui::host();
  std::string got;
  bool has_clipboard = true;
  tmx::ui::host().copy_to_clipboard = [&](const std::string& t) {
    got = t;
    return has_clipboard;
  };
  ImVec2 lo, hi;
  bool box_drawn = false;
  auto body = [&] {
    tmx::ui::copy_button("Copy link", "https://example.org/#/lab/x");
    lo = ImGui::GetItemRectMin(), hi = ImGui::GetItemRectMax();
    const float y = ImGui::GetCursorPosY();
    tmx::ui::copy_fallback_box("Copy link", "https://example.org/#/lab/x");
    box_drawn = ImGui::GetCursorPosY() > y;
  };
  auto click = [&] {
    g.frame(body);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2((lo.x + hi.x) / 2, (lo.y + hi.y) / 2);
    g.frame(body);
    io.MouseDown[0] = true;
    g.frame(body);
    io.MouseDown[0] = false;
    g.frame(body);
  };
  click();
  CHECK(got == "https://example.org/#/lab/x");
  CHECK(tmx::ui::copy_feedback() == tmx::ui::CopyFeedback::Copied);
  CHECK_FALSE(box_drawn);
  for (int i = 0; i < 120; ++i) g.frame(body);  // 2 s later the label is back
  CHECK(tmx::ui::copy_feedback() == tmx::ui::CopyFeedback::None);

  has_clipboard = false;  // an insecure page: the text is offered in a box instead
  click();
  CHECK(tmx::ui::copy_feedback() == tmx::ui::CopyFeedback::Fallback);
  CHECK(box_drawn);
  click();  // a second click closes it
  CHECK_FALSE(box_drawn);
  tmx::ui::host() = saved;
}
