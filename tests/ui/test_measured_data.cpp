// Measured figures in scenes (anim/measured.h): the text the build embeds is the committed bench
// output, and the transformer-vs-mamba scene's measured chapter draws that file's numbers: its
// label names the file's machine and date, and the ratios it states are the file's (parsed back
// from the drawn text, so a number typed into the scene would fail).
#include <catch2/catch.hpp>
#include <imgui.h>

#include <algorithm>
#include <cstdlib>
#include <regex>
#include <string>

#include "anim/measured.h"
#include "anim/scene.h"
#include "anim/scene_registry.h"
#include "core/safetensors.h"  // read_file_text
#include "headless_imgui.h"
#include "ui/i18n.h"
#include "ui/math.h"
#include "ui/stage_hooks.h"

using namespace tmx;

namespace {
// The texts drawn at time t of a scene (1280 px wide, English).
std::vector<std::string> texts_at(const anim::Scene& s, float t) {
  if (ui::math_cache().size() == 0) ui::math_cache().load(TMX_MATH_DIR);
  ImDrawList dl(ImGui::GetDrawListSharedData());
  dl._ResetForNewFrame();
  dl.PushClipRectFullScreen();
  dl.PushTextureID(ImGui::GetIO().Fonts->TexID);
  anim::Stage stage = ui::make_stage(&dl, ImVec2(0, 0), 1280.0f, true);
  anim::StageLog log;
  stage.set_log(&log);
  s.render(stage, t);
  std::vector<std::string> out;
  for (const auto& x : log.texts)
    if (x.alpha > 0.5f) out.push_back(x.s);
  return out;
}
}  // namespace

TEST_CASE("the embedded decode latency is the committed file", "[measured]") {
  const std::string file = read_file_text(decode_latency_path(TMX_SOURCE_DIR), 1u << 20);
  CHECK(std::string(anim::decode_latency_json()) == file);
  CHECK_NOTHROW(anim::decode_latency());
}

TEST_CASE("the transformer-vs-mamba scene draws the measured file: label and ratios", "[measured][scenes]") {
  test::HeadlessImGui h;
  ImGui::NewFrame();
  set_language(Lang::En);
  const anim::SceneInfo* info = anim::find_scene("transformer-vs-mamba");
  REQUIRE(info);
  auto scene = info->create();
  const auto& cs = scene->chapters();
  size_t k = 0;
  while (k < cs.size() && cs[k].title != "Time per token, measured") ++k;
  REQUIRE(k + 1 < cs.size());
  const std::vector<std::string> texts = texts_at(*scene, cs[k + 1].start - 0.5f);  // all of it drawn
  const DecodeLatency d = parse_decode_latency(read_file_text(decode_latency_path(TMX_SOURCE_DIR), 1u << 20));
  auto drawn = [&](const std::string& s) { return std::find(texts.begin(), texts.end(), s) != texts.end(); };
  CHECK(drawn("measured: " + d.cpu + ", " + d.day()));
  // "kjv-gpt: ×28.80 native, ×19.03 wasm": both numbers are the file's ratios.
  const std::regex ratio_line(R"(^(kjv-gpt|kjv-mamba): \xC3\x97([0-9.]+) native, \xC3\x97([0-9.]+) wasm$)");
  int lines = 0;
  for (const std::string& t : texts) {
    std::smatch m;
    if (!std::regex_match(t, m, ratio_line)) continue;
    ++lines;
    INFO(t);
    CHECK(std::strtod(m[2].str().c_str(), nullptr) == Approx(d.ratio(LatencyBuild::Native, m[1].str())).margin(0.005));
    CHECK(std::strtod(m[3].str().c_str(), nullptr) == Approx(d.ratio(LatencyBuild::Wasm, m[1].str())).margin(0.005));
  }
  CHECK(lines == 2);
  // The positions under the bars are the file's.
  for (int p : d.positions) CHECK(drawn(std::to_string(p)));
  ImGui::EndFrame();
}
