// Exports on the desktop build: the UI kit's Export menu, clicked like a user would in a headless
// ImGui context, saves through the app's native save path (platform::save_file), and the files on
// disk are the plot's data (CSV) and a decodable PNG. (The browser download path is tested in
// tests/browser/export.test.mjs.)
#include <catch2/catch.hpp>
#include <imgui.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/platform.h"
#include "headless_imgui.h"
#include "temp_dir.h"
#include "ui/export.h"
#include "ui/heatmap.h"
#include "ui/host.h"
#include "ui/image.h"

using namespace tmx;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

const ui::ExportTarget* find_target(const std::string& name) {
  for (const ui::ExportTarget& t : ui::export_targets())
    if (t.name == name) return &t;
  return nullptr;
}

}  // namespace

TEST_CASE("export: the Export menu saves CSV through the native save path", "[app][export]") {
  test::TempDir dir("export");
  const ui::Host saved = ui::host();
  ui::host().save_file = platform::save_file;
  test::HeadlessImGui g(1280, 800);
  const std::vector<float> data = {0.5f, -1.25f, 3.0f, 0.1f, 2.0f, 1e-7f};
  const std::vector<std::string> rows = {"a", "b"}, cols = {"x", "y, z", "w"};
  const std::string base = (dir.path / "heat").string();
  ui::HeatmapStyle st;
  st.row_labels = &rows;
  st.col_labels = &cols;
  st.export_name = base.c_str();
  auto body = [&] { ui::heatmap("h", data.data(), 2, 3, st); };
  auto click = [&](const std::string& name) {
    g.frame(body);
    const ui::ExportTarget* t = find_target(name);
    REQUIRE(t);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2((t->min.x + t->max.x) * 0.5f, (t->min.y + t->max.y) * 0.5f);
    g.frame(body);
    io.MouseDown[0] = true;
    g.frame(body);
    io.MouseDown[0] = false;
    g.frame(body);
  };
  click(base);           // the Export button opens the menu
  click(base + ".csv");  // "Data (CSV)"
  const fs::path csv = dir.path / "heat.csv";
  REQUIRE(fs::exists(csv));
  CHECK(slurp(csv) == ",x,\"y, z\",w\na,0.5,-1.25,3\nb,0.100000001,2,1.00000001e-07\n");
  CHECK(slurp(csv) == ui::matrix_csv(data.data(), 2, 3, &rows, &cols));
  // "Image (PNG)" queues a read-back for the platform loop (GL lives there), for the plot's rectangle.
  click(base);
  click(base + ".png");
  ui::PngRequest req;
  REQUIRE(ui::take_png_request(req));
  CHECK(req.filename == base + ".png");
  CHECK(req.max.x > req.min.x);
  CHECK(req.max.y > req.min.y);
  ui::host() = saved;
}

TEST_CASE("export: encoded PNGs written by the native save path decode to the same image", "[app][export]") {
  test::TempDir dir("export");
  const int w = 7, h = 3;
  std::vector<unsigned char> rgba(w * h * 4);
  for (size_t i = 0; i < rgba.size(); ++i) rgba[i] = static_cast<unsigned char>(i * 37 % 251);
  const std::string png = ui::encode_png(rgba.data(), w, h);
  REQUIRE(png.size() > 8);
  CHECK(png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
  const std::string path = (dir.path / "plot.png").string();
  CHECK(platform::save_file(path, png, "image/png") == path);
  CHECK(slurp(path) == png);
  ui::clear_texture_cache();
  const ui::Texture& t = ui::load_texture(path);
  CHECK(t.error.empty());
  CHECK(t.width == w);
  CHECK(t.height == h);
  // An unwritable destination reports failure (empty) instead of pretending it saved.
  CHECK(platform::save_file((dir.path / "no-such-dir" / "x.csv").string(), "a,b\n", "text/csv").empty());
  ui::clear_texture_cache();
}
