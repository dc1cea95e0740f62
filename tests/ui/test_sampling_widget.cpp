// The sampling widget on the shipped kjv-gpt: its continuation equals core::generate for the same
// prompt, settings and seed; every drawn token lies in the support of the step it was drawn from;
// the bars it shows are core::sampling_breakdown's (cut tokens never carry sampling probability);
// bad parameters are clamped with a warning; random weights when asked.
#include <catch2/catch.hpp>

#include <string>

#include "core/json.h"
#include "core/model_loader.h"
#include "core/sampling.h"
#include "core/tokenizer/tokenizer_spec.h"
#include "headless_imgui.h"
#include "ui/paths.h"
#include "ui/widget.h"

using namespace tmx;
using namespace tmx::ui;

namespace {

json::Value run_until_done(tmx::test::HeadlessImGui& g, Widget& w) {
  json::Value p;
  for (int i = 0; i < 4000; ++i) {
    g.frame([&] { w.draw(); });
    p = json::parse(w.probe_json());
    if (p.get_string("loaded", "") == p.get_string("model", "") && !p.get_bool("busy", true) &&
        (!p.find("steps")->arr.empty() || !p.get_string("error", "").empty()))
      break;
  }
  return p;
}

}  // namespace

TEST_CASE("sampling widget: the continuation is core::generate's and never leaves the kept support",
          "[ui][widgets][sampling]") {
  tmx::test::HeadlessImGui g;
  const WidgetInfo* info = find_widget("sampling");
  REQUIRE(info);
  auto w = info->create();
  const std::string dir = std::string(TMX_SOURCE_DIR) + "/assets/models/kjv-gpt";
  auto m = load_model(dir);
  std::string err;
  auto tk = tok::load_model_tokenizer(dir, gpt2_table_path(), err);
  REQUIRE(tk);
  const std::string prompt = "And God said unto";
  const std::vector<int> ids = tk->encode(prompt);
  struct Case {
    const char *t, *k, *p, *seed;
  };
  for (const Case c : {Case{"0.8", "15", "0.9", "7"}, Case{"1.5", "0", "0.5", "3"}, Case{"2", "4", "1", "11"},
                       Case{"0", "0", "1", "5"}, Case{"1", "0", "0.05", "9"}}) {
    INFO("T=" << c.t << " top_k=" << c.k << " top_p=" << c.p << " seed=" << c.seed);
    w->set_params({{"prompt", prompt}, {"model", "kjv-gpt"}, {"temperature", c.t}, {"top_k", c.k}, {"top_p", c.p},
                   {"seed", c.seed}, {"n", "16"}});
    CHECK(w->warnings().empty());
    const json::Value p = run_until_done(g, *w);
    REQUIRE(p.get_string("loaded", "") == "kjv-gpt");
    REQUIRE(p.get_string("error", "") == "");
    const SamplerConfig cfg{std::stof(c.t), std::stoi(c.k), std::stof(c.p)};
    const std::vector<int> want = generate(*m, ids, 16, cfg, static_cast<uint32_t>(std::stoi(c.seed)));
    const auto& tokens = p.find("tokens")->arr;
    REQUIRE(tokens.size() == want.size());
    for (size_t i = 0; i < want.size(); ++i) CHECK(static_cast<int>(tokens[i].num) == want[i]);
    // every draw inside its step's support (the support is the first `kept` ranks)
    for (const auto& s : p.find("steps")->arr) {
      CHECK(s.get_int("rank") >= 0);
      CHECK(s.get_int("rank") < s.get_int("kept"));
    }
    // the bars of the first step: core's breakdown of the prompt's next-token logits
    m->reset_state();
    RowVec lg;
    for (int id : ids) lg = m->step(id);
    const SamplingBreakdown b = sampling_breakdown(lg.data(), static_cast<int>(lg.size()), cfg);
    const auto& bars = p.find("bars")->arr;
    REQUIRE(bars.size() >= 20);
    CHECK(p.get_int("kept") == b.kept);
    CHECK(p.find("mass_kept")->num == Approx(b.mass_kept).epsilon(1e-6));
    for (size_t i = 0; i < 20; ++i) {
      CHECK(bars[i].get_int("id") == b.rows[i].id);
      CHECK(bars[i].find("p")->num == Approx(b.rows[i].p_final).margin(1e-7));
      CHECK(bars[i].find("temp")->num == Approx(b.rows[i].p_temp).margin(1e-7));
      CHECK(bars[i].get_bool("top_p", false) == (static_cast<int>(i) < b.kept));
      if (!bars[i].get_bool("top_p", false)) CHECK(bars[i].find("p")->num == 0.0);  // cut: nothing to sample
    }
  }
}

TEST_CASE("sampling widget: the same seed draws the same tokens, another seed others; bad input is clamped",
          "[ui][widgets][sampling]") {
  tmx::test::HeadlessImGui g;
  auto w = find_widget("sampling")->create();
  const Params base = {{"prompt", "In the beginning"}, {"temperature", "1.2"}, {"top_k", "0"}, {"top_p", "1"}, {"n", "12"}};
  auto with_seed = [&](const char* s) {
    Params p = base;
    p.emplace_back("seed", s);
    w->set_params(p);
    return run_until_done(g, *w).find("tokens")->arr;
  };
  const auto a = with_seed("1"), b = with_seed("1"), c = with_seed("2");
  REQUIRE(a.size() == 12);
  bool same = true, differs = false;
  for (size_t i = 0; i < a.size(); ++i) same &= a[i].num == b[i].num, differs |= a[i].num != c[i].num;
  CHECK(same);
  CHECK(differs);

  w->set_params({{"temperature", "99"}, {"top_k", "-3"}, {"top_p", "nan"}, {"n", "100000"}, {"model", "<b>x</b>"}});
  CHECK(w->warnings().size() >= 4);
  const Params back = w->params();
  auto val = [&](const std::string& k) {
    for (const auto& [key, v] : back)
      if (key == k) return v;
    return std::string();
  };
  CHECK(val("temperature") == "5");
  CHECK(val("top_k") == "0");
  CHECK(val("model") == "kjv-gpt");
  CHECK(val("n") == "200");

  // random weights: a byte-level model, labelled; draws still stay in the support
  w->set_params({{"model", "random"}, {"prompt", "hello"}, {"top_k", "5"}, {"n", "8"}});
  const json::Value r = run_until_done(g, *w);
  CHECK(r.get_string("loaded", "") == "random");
  REQUIRE(r.find("steps")->arr.size() == 8);
  for (const auto& s : r.find("steps")->arr) CHECK(s.get_int("rank") < 5);

  // Chinese on tang-gpt (characters)
  w->set_params({{"model", "tang-gpt"}, {"prompt", "\xE5\xBA\x8A\xE5\x89\x8D\xE6\x98\x8E\xE6\x9C\x88"}, {"n", "8"}});
  CHECK(w->warnings().empty());
  const json::Value t = run_until_done(g, *w);
  CHECK(t.get_string("loaded", "") == "tang-gpt");
  CHECK(t.get_string("error", "") == "");
  REQUIRE(t.find("steps")->arr.size() == 8);
  for (const auto& s : t.find("steps")->arr) CHECK(s.get_int("rank") < s.get_int("kept"));
}
