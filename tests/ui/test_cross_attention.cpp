// The cross-attention widget on the shipped dates-encdec: its output and maps equal the core's
// (greedy_decode, dates_walk) for the same text; the self-attention view greys the causal mask;
// text that is not a date gets a message and is kept.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/json.h"
#include "core/seq2seq.h"
#include "headless_imgui.h"
#include "ui/widget.h"

using namespace tmx;
using namespace tmx::ui;

namespace {

json::Value run_until_loaded(tmx::test::HeadlessImGui& g, Widget& w) {
  json::Value p;
  for (int i = 0; i < 4000; ++i) {
    g.frame([&] { w.draw(); });
    p = json::parse(w.probe_json());
    if (p.get_bool("loaded", false) && (!p.get_string("output", "").empty() || !p.get_string("error", "").empty()))
      break;
  }
  return p;
}

}  // namespace

TEST_CASE("cross-attention widget: output and maps equal the core's on dates-encdec", "[ui][widgets][seq2seq]") {
  tmx::test::HeadlessImGui g;
  const WidgetInfo* info = find_widget("cross-attention");
  REQUIRE(info);
  auto w = info->create();
  const std::string text = "the fourteenth of march nineteen eighty seven";
  w->set_params({{"text", text}, {"layer", "0"}, {"head", "-1"}, {"view", "cross"}});
  const json::Value p = run_until_loaded(g, *w);
  REQUIRE(p.get_bool("loaded", false));
  CHECK(p.get_string("error", "") == "");
  CHECK(p.get_string("output", "") == "1987-03-14");

  auto m = load_encdec(std::string(TMX_SOURCE_DIR) + "/assets/models/dates-encdec");
  const Seq2SeqWalk walk = dates_walk(*m, text, 0);
  REQUIRE(p.get_int("rows") == walk.cross.rows());
  REQUIRE(p.get_int("cols") == walk.cross.cols());
  const auto& map = p.find("map")->arr;
  REQUIRE(map.size() == size_t(walk.cross.size()));
  for (Eigen::Index i = 0; i < walk.cross.rows(); ++i)
    for (Eigen::Index j = 0; j < walk.cross.cols(); ++j)
      CHECK(map[size_t(i * walk.cross.cols() + j)].num == Approx(walk.cross(i, j)).margin(1e-6));

  // Decoder self-attention, 4 symbols shown: a lower triangle, the masked cells grey (-1 in the probe).
  w->set_params({{"text", text}, {"view", "self"}, {"step", "4"}, {"head", "2"}});
  g.frame([&] { w->draw(); });
  const json::Value s = json::parse(w->probe_json());
  REQUIRE(s.get_int("rows") == 4);
  REQUIRE(s.get_int("cols") == 4);
  const auto& sm = s.find("map")->arr;
  for (int i = 0; i < 4; ++i) {
    double sum = 0;
    for (int j = 0; j < 4; ++j) {
      if (j > i) CHECK(sm[size_t(i * 4 + j)].num == -1.0);
      else sum += sm[size_t(i * 4 + j)].num;
    }
    CHECK(sum == Approx(1.0).margin(1e-5));
  }

  // Not a date: a message, the text kept.
  w->set_params({{"text", "march fourteenth nineteen eighty sevn"}});
  g.frame([&] { w->draw(); });
  const json::Value bad = json::parse(w->probe_json());
  CHECK(bad.get_string("error", "").find("sevn") != std::string::npos);
  CHECK(std::find(w->params().begin(), w->params().end(),
                  std::pair<std::string, std::string>{"text", "march fourteenth nineteen eighty sevn"}) != w->params().end());
}

TEST_CASE("cross-attention widget: a link's layer beyond the model is clamped when the model arrives, even for text that is not a date",
          "[ui][widgets][seq2seq]") {
  tmx::test::HeadlessImGui g;
  auto w = find_widget("cross-attention")->create();
  w->set_params({{"text", "not a date at all"}, {"layer", "7"}, {"head", "9"}});
  const json::Value p = run_until_loaded(g, *w);  // the text gives an error, not an output
  REQUIRE(p.get_bool("loaded", false));
  CHECK_FALSE(p.get_string("error", "").empty());
  // The reported state is the clamped one, and applying it again raises no warning.
  const Params back = w->params();
  for (const auto& kv : back) {
    if (kv.first == "layer") CHECK(std::stoi(kv.second) < 7);
    if (kv.first == "head") CHECK(std::stoi(kv.second) < 9);
  }
  w->set_params(back);
  CHECK(w->warnings().empty());
  CHECK(w->params() == back);
}
