// The optimizers and number-formats widgets show the core's numbers: the trajectories' end points
// are run_optimizer's with the address's settings, the bits are the converters', and the
// loss-scaling verdict is simulate_loss_scaling's (which shares GradScaler's rule with the
// mixed-precision step).
#include <catch2/catch.hpp>
#include <imgui.h>

#include <cmath>
#include <string>

#include "core/float_format.h"
#include "core/json.h"
#include "core/mixed_precision.h"
#include "core/optim_surface.h"
#include "headless_imgui.h"
#include "ui/widget.h"

using namespace tmx;
using namespace tmx::ui;

namespace {

json::Value probe_after_drawing(Widget& w, const Params& p) {
  w.set_params(p);
  test::HeadlessImGui h(1280, 900);
  for (int i = 0; i < 2; ++i) h.frame([&] { w.draw(); }, ImGui::GetIO().DisplaySize);
  return json::parse(w.probe_json());
}

}  // namespace

TEST_CASE("optimizers widget: every trajectory is run_optimizer's with the address's settings", "[ui][lab][optim]") {
  auto w = find_widget("optimizers")->create();
  const Params p = {{"surface", "noisy"}, {"x", "-1.2"}, {"y", "0.7"}, {"lr", "0.02"}, {"alr", "0.03"},
                    {"mom", "0.8"}, {"b1", "0.85"}, {"b2", "0.99"}, {"wd", "0.2"}, {"sched", "cosine"},
                    {"warmup", "7"}, {"steps", "120"}, {"seed", "5"}};
  const json::Value v = probe_after_drawing(*w, p);
  REQUIRE(w->warnings().empty());
  CHECK(v.get_string("surface") == "noisy");
  const json::Value* runs = v.find("runs");
  REQUIRE(runs);
  REQUIRE(runs->arr.size() == 4u);
  for (int k = 0; k < kOptKindCount; ++k) {
    OptimRun r;
    r.kind = static_cast<OptKind>(k);
    r.lr = k < 2 ? 0.02f : 0.03f;
    r.momentum = 0.8f, r.beta1 = 0.85f, r.beta2 = 0.99f, r.weight_decay = 0.2f;
    r.cosine = true, r.warmup = 7, r.steps = 120, r.seed = 5;
    const Trajectory t = run_optimizer(Surface::NoisyBowl, r, -1.2f, 0.7f);
    const json::Value& got = runs->arr[k];
    INFO(opt_kind_name(r.kind));
    CHECK(got.get_string("name") == opt_kind_name(r.kind));
    CHECK(got.get_int("n") == static_cast<int64_t>(t.x.size()));
    CHECK(static_cast<float>(got.get_number("x")) == t.x.back());
    CHECK(static_cast<float>(got.get_number("y")) == t.y.back());
    CHECK(static_cast<float>(got.get_number("loss")) == t.loss.back());
  }
  // another surface without a start point starts at that surface's own
  const json::Value q = probe_after_drawing(*w, {{"surface", "saddle"}});
  CHECK(w->warnings().empty());
  CHECK(static_cast<float>(q.find("start")->arr[0].num) == surface_info(Surface::Saddle).start_x);
}

TEST_CASE("number-formats widget: bits from the converters, the skip from the scaling rule", "[ui][lab][optim]") {
  auto w = find_widget("number-formats")->create();
  for (const char* text : {"0.1", "-2.5e-7", "65520", "1e-9", "3.4e38", "-0", "nan", "inf"}) {
    const json::Value v = probe_after_drawing(*w, {{"v", text}, {"scale", "12"}});
    INFO(text);
    CHECK(v.get_string("error").empty());
    double d;
    std::string why;
    REQUIRE(parse_number(text, d, why));
    const json::Value* f = v.find("formats");
    REQUIRE(f->arr.size() == 3u);
    for (int k = 0; k < kFloatFormatCount; ++k) {
      const FloatFormat fmt = static_cast<FloatFormat>(k);
      const FloatFields x = float_fields_of(fmt, double_to_float(d));
      CHECK(f->arr[k].get_int("bits") == x.bits);
      CHECK(f->arr[k].get_string("class") == float_class_name(x.cls));
    }
  }
  for (int e : {0, 8, 16, 24, 32, 40}) {
    const json::Value v = probe_after_drawing(*w, {{"v", "1"}, {"scale", std::to_string(e)}, {"gc", "-5"}, {"gs", "2"}});
    const std::vector<float> g = seeded_gradients(4000, 1, -5.0f, 2.0f);
    for (int k = 0; k < 2; ++k) {
      LossScaler sc;
      sc.scale = std::ldexp(1.0f, e);
      const LossScaleSim s = simulate_loss_scaling(g, sc, k == 0 ? HalfFormat::FP16 : HalfFormat::BF16);
      const json::Value& got = v.find("sim")->arr[k];
      INFO("scale 2^" << e << (k == 0 ? " fp16" : " bf16"));
      CHECK(got.get_bool("skipped", !s.skipped) == s.skipped);
      CHECK(got.get_int("underflow") == s.underflow);
      CHECK(got.get_int("overflow") == s.overflow);
      CHECK(got.get_number("scale_after") == sc.scale);
    }
  }
  // text that is not a number: a message, the text kept
  const json::Value bad = probe_after_drawing(*w, {{"v", "0x1p3"}});
  CHECK_FALSE(bad.get_string("error").empty());
  CHECK(bad.get_string("text") == "0x1p3");
}
