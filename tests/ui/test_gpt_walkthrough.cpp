// The gpt-walkthrough widget: its code panels quote the files they name verbatim; on the shipped
// kjv-gpt its ids, stages, logit lens and next token equal core::gpt_walk's for the same prompt;
// URL values beyond the model are clamped with a warning; random weights are labelled.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>

#include "app/router.h"
#include "core/attention_example.h"
#include "core/gpt_walk.h"
#include "core/json.h"
#include "core/model_loader.h"
#include "core/tokenizer/tokenizer_spec.h"
#include "headless_imgui.h"
#include "ui/paths.h"
#include "ui/widget.h"
#include "ui/widgets/gpt_walkthrough.h"

using namespace tmx;
using namespace tmx::ui;

namespace {

std::string read_source(const std::string& rel) {
  std::ifstream f(std::string(TMX_SOURCE_DIR) + "/" + rel, std::ios::binary);
  INFO(rel);
  REQUIRE(f.good());
  return std::string(std::istreambuf_iterator<char>(f), {});
}

json::Value run_until_walked(tmx::test::HeadlessImGui& g, Widget& w, ImVec2 size = ImVec2(760, 780)) {
  json::Value p;
  for (int i = 0; i < 4000; ++i) {
    g.frame([&] { w.draw(); }, size);
    p = json::parse(w.probe_json());
    if (!p.get_string("loaded", "").empty() && (p.find("stages") || !p.get_string("error", "").empty())) break;
  }
  return p;
}

std::vector<int> ints(const json::Value& a) {
  std::vector<int> v;
  for (const auto& x : a.arr) v.push_back(static_cast<int>(x.num));
  return v;
}

}  // namespace

TEST_CASE("gpt-walkthrough: every code snippet is verbatim in the file it names", "[ui][widgets][gpt_walk]") {
  const auto& sn = gpt_walk_snippets();
  REQUIRE(sn.size() == size_t(WalkStage::Token) + 1);
  const std::string py = read_source(kWalkPyFile);
  for (size_t i = 0; i < sn.size(); ++i) {
    INFO("stage " << walk_stage_name(sn[i].kind));
    CHECK(static_cast<size_t>(sn[i].kind) == i);
    CHECK(std::string(sn[i].py).size() > 5);
    CHECK(py.find(sn[i].py) != std::string::npos);
    CHECK(read_source(sn[i].cpp_file).find(sn[i].cpp) != std::string::npos);
  }
}

TEST_CASE("gpt-walkthrough: on kjv-gpt the widget shows core::gpt_walk's numbers", "[ui][widgets][gpt_walk]") {
  tmx::test::HeadlessImGui g;
  const WidgetInfo* info = find_widget("gpt-walkthrough");
  REQUIRE(info);
  auto w = info->create();
  const std::string prompt = "In the beginning God created the";
  w->set_params({{"prompt", prompt}, {"stage", "0"}});
  json::Value p = run_until_walked(g, *w);
  REQUIRE(p.get_string("loaded", "") == "kjv-gpt");
  CHECK_FALSE(p.get_bool("random", true));
  CHECK(p.get_string("error", "") == "");

  const std::string dir = std::string(TMX_SOURCE_DIR) + "/assets/models/kjv-gpt";
  std::string err;
  auto tk = tok::load_model_tokenizer(dir, gpt2_table_path(), err);
  REQUIRE(tk);
  auto lm = load_model(dir);
  auto* gpt = dynamic_cast<GPT*>(lm.get());
  REQUIRE(gpt);
  const std::vector<int> ids = tk->encode(prompt);
  const GptWalk walk = gpt_walk(*gpt, ids);
  CHECK(ints(*p.find("ids")) == ids);
  REQUIRE(p.get_int("stages") == static_cast<int>(walk.stages.size()));
  CHECK(p.get_int("token") == walk.token);

  // Every stage: what the widget holds is the walk's tensor (kind, trace name, shape, sum).
  for (size_t k = 0; k < walk.stages.size(); ++k) {
    w->set_params({{"prompt", prompt}, {"stage", std::to_string(k)}});
    g.frame([&] { w->draw(); });
    const json::Value s = json::parse(w->probe_json());
    const GptWalkStage& ws = walk.stages[k];
    INFO("stage " << k << " " << walk_stage_name(ws.kind));
    CHECK(w->warnings().empty());
    CHECK(s.get_int("stage") == static_cast<int>(k));
    CHECK(s.get_string("kind", "") == walk_stage_name(ws.kind));
    CHECK(s.get_string("trace", "") == ws.trace_name);
    CHECK(s.get_int("layer") == ws.layer);
    CHECK(s.get_int("rows") == ws.value.rows());
    CHECK(s.get_int("cols") == ws.value.cols());
    CHECK(s.get_number("sum", 1e30) == Approx(ws.value.cast<double>().sum()).margin(1e-3));
  }
  // The logit lens of the last position, each layer.
  const auto& lens = p.find("lens")->arr;
  REQUIRE(lens.size() == walk.lens.size());
  for (size_t r = 0; r < lens.size(); ++r) {
    std::vector<int> want;
    for (const auto& e : walk.lens[r].back()) want.push_back(e.id);
    CHECK(ints(lens[r]) == want);
  }
  // Another position.
  w->set_params({{"prompt", prompt}, {"pos", "1"}});
  g.frame([&] { w->draw(); });
  const json::Value p1 = json::parse(w->probe_json());
  std::vector<int> want1;
  for (const auto& e : walk.lens[0][1]) want1.push_back(e.id);
  CHECK(ints(p1.find("lens")->arr[0]) == want1);

  // A new prompt changes the tokens; stage and position beyond the walk are clamped with warnings.
  w->set_params({{"prompt", "And"}, {"stage", "999"}, {"pos", "40"}});
  g.frame([&] { w->draw(); });
  g.frame([&] { w->draw(); });
  const json::Value c = json::parse(w->probe_json());
  CHECK(ints(*c.find("ids")) == tk->encode("And"));
  CHECK(c.get_int("stage") == c.get_int("stages") - 1);
  CHECK(w->warnings().size() == 2);

  // Narrow (phone landscape) draws too, without a walk change.
  g.frame([&] { w->draw(); }, ImVec2(420, 390));
  CHECK(json::parse(w->probe_json()).get_int("stages") == c.get_int("stages"));
}

TEST_CASE("gpt-walkthrough: bad input gets a message; random weights are labelled", "[ui][widgets][gpt_walk]") {
  tmx::test::HeadlessImGui g;
  auto w = find_widget("gpt-walkthrough")->create();
  w->set_params({{"model", "no-such-model"}, {"prompt", ""}});
  CHECK(w->warnings().size() == 1);
  const json::Value p = run_until_walked(g, *w);
  CHECK(p.get_string("model", "") == "kjv-gpt");
  CHECK_FALSE(p.get_string("error", "").empty());
  CHECK(p.find("stages") == nullptr);

  w->set_params({{"model", "random"}, {"prompt", "hello"}, {"stage", "5"}});
  const json::Value r = run_until_walked(g, *w);
  CHECK(r.get_bool("random", false));
  CHECK(r.get_int("stages") == 4 + 6 * 2 + 4);
  CHECK(ints(*r.find("ids")).size() == 5);
  CHECK(r.get_string("kind", "") == "attn");  // ids, wte, wpe, x, ln_1, attn
}

TEST_CASE("GPT chapter: its Lab link opens attention-example with exactly the chapter's X, Q, K, V", "[ui][widgets][notes]") {
  const std::string md = read_source("content/en/notes/09-gpt.md");
  const size_t a = md.find("](#/lab/attention-example?");
  REQUIRE(a != std::string::npos);
  const size_t b = md.find(')', a);
  REQUIRE(b != std::string::npos);
  const Route r = parse_route(md.substr(a + 2, b - a - 2));
  CHECK(r.room == Room::Lab);
  CHECK(r.slug == "attention-example");
  auto w = find_widget("attention-example")->create();
  w->set_params(r.params);
  CHECK(w->warnings().empty());
  auto get = [&](const std::string& key) {
    for (const auto& [k, v] : w->params())
      if (k == key) return v;
    return std::string("(absent)");
  };
  Mat x, q, k, v;
  gpt_chapter_example_inputs(x, q, k, v);
  auto flat = [](const Mat& m) { return format_floats(std::vector<float>(m.data(), m.data() + m.size())); };
  CHECK(get("tokens") == "cat,sat,on");
  for (const char* key : {"d", "dv"}) {  // optional: left out of params() while at the default
    INFO(key);
    const std::string d = get(key) == "(absent)" ? w->param_specs().find(key)->def : get(key);
    CHECK(d == "4");
  }
  CHECK(get("x") == flat(x));
  CHECK(get("q") == flat(q));
  CHECK(get("k") == flat(k));
  CHECK(get("v") == flat(v));
  CHECK(get("causal") != "0");
  CHECK(get("causal") != "(absent)");
  // ...and the widget then computes the chapter's causal weights (the same sdpa_forward).
  const AttentionExample e = attention_example(q, k, v, true);
  CHECK(e.weights(1, 0) == Approx(0.5050).margin(5e-5));
  CHECK(e.weights(2, 2) == Approx(0.3772).margin(5e-5));
}
