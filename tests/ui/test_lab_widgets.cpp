// Attention lab and Mamba simulator: what the lab shows equals the core's numbers for the same
// input, the pipeline survives absurd input, and both widgets draw headless at two widths.
#include <catch2/catch.hpp>
#include <imgui.h>

#include <cstdint>
#include <memory>
#include <string>

#include "core/nn/ops.h"
#include "core/rng.h"
#include "headless_imgui.h"
#include "lab_test_util.h"
#include "ui/fonts.h"
#include "ui/widgets/attention_example.h"
#include "ui/widgets/attention_lab.h"

using namespace tmx;
using namespace tmx::ui;
using tmx::test::max_abs_diff;

namespace {
// The shared headless context (tests/headless_imgui.h) drawing one widget full-window.
struct Headless : test::HeadlessImGui {
  explicit Headless(float w, float h = 900) : HeadlessImGui(w, h) {}
  void frames(Widget& w, int n) {
    for (int i = 0; i < n; ++i) {
      frame([&] { w.draw(); }, ImGui::GetIO().DisplaySize);
      REQUIRE(ImGui::GetDrawData()->TotalVtxCount > 0);
    }
  }
};
using test::max_abs_diff;
}  // namespace

TEST_CASE("Attention lab shows exactly the core GPT's trace for the chosen layer and head", "[ui][lab][attention]") {
  for (const char* tok : {"char", "gpt2"}) {
    INFO(tok);
    AttentionLab lab;
    lab.set_params({{"text", "The cat sat on the mat."}, {"tok", tok}, {"layers", "3"}, {"heads", "4"}, {"width", "32"},
                    {"layer", "2"}, {"head", "3"}, {"seed", "5"}});
    CHECK(lab.warnings().empty());
    lab.compute_now();
    REQUIRE(lab.ready());
    REQUIRE(lab.model() != nullptr);
    CHECK(lab.model()->cfg.n_layer == 3);
    CHECK(lab.model()->cfg.n_head == 4);
    if (std::string(tok) == "gpt2") {
      // GPT-2 BPE ids of the same text (checked against js-tiktoken in the tokenizer tests).
      CHECK(lab.ids() == std::vector<int>{464, 3797, 3332, 319, 262, 2603, 13});
      CHECK(lab.model()->cfg.vocab_size == 50257);
    } else {
      CHECK(lab.ids().size() == 23);
    }
    // An independent forward pass of the core model on the same ids.
    Trace tr;
    lab.model()->forward_with(lab.ids(), lab.forward_options(), &tr);
    CHECK(lab.layer() == 2);
    CHECK(lab.head() == 3);
    test::check_lab_shows_trace(lab, tr);
    const int hd = 32 / 4;
    // And the attention op by hand from the shown Q, K, V.
    Mat out, w, scores, masked;
    AttnMask mask;
    mask.causal = true;
    sdpa_forward(out, w, *lab.shown("q"), *lab.shown("k"), *lab.shown("v"), 1.0f / std::sqrt(float(hd)), mask, &scores,
                 &masked);
    CHECK(max_abs_diff(w, *lab.shown("weights")) < 1e-6f);
    CHECK(max_abs_diff(out, *lab.shown("out")) < 1e-6f);
  }
}

TEST_CASE("Attention lab: causal off and head ablation reach the core", "[ui][lab][attention]") {
  AttentionLab lab;
  lab.set_params({{"text", "abcdef"}, {"causal", "0"}, {"heads", "2"}, {"width", "16"}});
  lab.compute_now();
  const Mat& w = *lab.shown("weights");
  CHECK(w(0, 5) > 0.0f);  // the first token sees the last one
  const std::vector<float> base = lab.next_token_probs();
  lab.set_params({{"text", "abcdef"}, {"causal", "0"}, {"heads", "2"}, {"width", "16"}, {"ablate", "1,2"}});
  lab.compute_now();
  const GPTForwardOptions o = lab.forward_options();
  REQUIRE(o.zero_heads.size() == 4);
  CHECK(o.zero_heads == std::vector<uint8_t>{0, 1, 1, 0});
  const std::vector<float>& abl = lab.next_token_probs();
  REQUIRE(abl.size() == base.size());
  float diff = 0;
  for (size_t i = 0; i < abl.size(); ++i) diff = std::max(diff, std::fabs(abl[i] - base[i]));
  CHECK(diff > 0.0f);
}

TEST_CASE("Attention lab: absurd input is clamped with warnings, long text is sliced", "[ui][lab][attention]") {
  AttentionLab lab;
  lab.set_params({{"heads", "0"}, {"layers", "1e9"}, {"width", "NaN"}, {"layer", "-4"}, {"tok", "<script>"},
                  {"model", "../../etc"}, {"ablate", "1e999,zz"}});
  CHECK(lab.warnings().size() >= 6);
  lab.compute_now();
  REQUIRE(lab.ready());
  CHECK(lab.model()->cfg.n_head == 1);
  CHECK(lab.model()->cfg.n_layer == 6);
  // width 7 heads 3 -> a multiple of the heads.
  lab.set_params({{"heads", "3"}, {"width", "16"}});
  CHECK(!lab.warnings().empty());
  lab.compute_now();
  CHECK(lab.model()->cfg.n_embd % 3 == 0);

  // A 100k-character text: the model reads its first 128 tokens; nothing typed is lost.
  std::string big;
  while (big.size() < 100000) big += "the quick brown fox jumps over the lazy dog. ";
  for (const char* tok : {"char", "gpt2"}) {
    lab.set_params({{"text", big}, {"tok", tok}, {"model", "random"}});  // the random model reads 128 tokens
    Headless h(1280);
    h.frames(lab, 40);  // the pipeline advances a bounded slice per frame
    lab.compute_now();
    CHECK(lab.ids().size() == size_t(AttentionLab::kMaxTokens));
    // The URL keeps a prefix of the text, the widget the whole text.
    const std::string url_text = lab.params()[0].second;
    CHECK(url_text.size() < 1600);
    CHECK(big.compare(0, url_text.size(), url_text) == 0);
  }
}

TEST_CASE("Attention lab: stepping through starts at the first stage", "[ui][lab][attention]") {
  auto w = find_widget("attention")->create();
  w->set_params({{"step", "1"}});
  std::string stage;
  for (const auto& kv : w->params())
    if (kv.first == "stage") stage = kv.second;
  CHECK(stage == "0");  // shown as "stage 1 of 7: Embeddings"
  w->set_params({{"step", "1"}, {"stage", "4"}});  // a link to a later stage keeps it
  for (const auto& kv : w->params())
    if (kv.first == "stage") stage = kv.second;
  CHECK(stage == "4");
}

TEST_CASE("Lab widgets draw headless on every tab, wide and narrow, with hostile params", "[ui][lab]") {
  for (float width : {1280.0f, 400.0f}) {
    Headless h(width);
    for (const char* slug : {"attention", "mamba-sim"}) {
      auto w = find_widget(slug)->create();
      INFO(slug << " at " << width);
      const std::vector<Params> cases = {
          {},
          {{"tab", "heads"}, {"ablate", "0,3"}},
          {{"tab", "example"}, {"q", "1,2,3,NaN"}},
          {{"tab", "example"}, {"tokens", "a,b,c,d,e,f"}, {"d", "8"}, {"dv", "8"}, {"causal", "0"}},
          {{"mode", "sel"}, {"brule", "zoh"}, {"sig", "list"}, {"u", "1,0,0,2,0"}},
          {{"step", "1"}, {"stage", "5"}, {"query", "2"}},
          {{"mode", "sel"}, {"sig", "noise"}, {"L", "512"}, {"N", "16"}},
          {{"disc", "euler"}, {"dt", "1e9"}, {"A", "-50,-50"}, {"sig", "step"}},  // unstable: must overflow visibly
          {{"sig", "drawn"}, {"drawn", "1,2,3"}},
          {{"sig", "text"}, {"text", "hello world"}},
          {{"N", "0"}, {"A", "1,2,NaN"}, {"dt", "-5"}, {"mode", "<b>"}},
      };
      for (const auto& p : cases) {
        w->set_params(p);
        h.frames(*w, 4);
      }
    }
  }
}

TEST_CASE("Attention lab: the pipeline sliced over frames gives exactly the one-shot model, ids and trace", "[ui][lab][attention]") {
  // The lab's random model, built in one go from the core: blocks from init_random(seed) on a
  // one-row table, then the token table from its own seeded stream (kept since the first
  // release, so seeds in saved links keep their meaning).
  auto one_shot = [](int layers, int heads, int width, int seed, int vocab) {
    GPTConfig c;
    c.n_positions = AttentionLab::kMaxTokens, c.n_embd = width, c.n_head = heads, c.n_layer = layers, c.vocab_size = 1;
    auto m = std::make_unique<GPT>(c, false);
    m->init_random(static_cast<uint32_t>(seed));
    m->w.wte.resize(vocab, width);
    Rng rng(static_cast<uint32_t>(seed) * 2654435761u + 17u);
    for (int i = 0; i < vocab; ++i)
      for (int j = 0; j < width; ++j) m->w.wte(i, j) = rng.normal(0.0f, 0.02f);
    m->cfg.vocab_size = vocab;
    return m;
  };
  auto hash = [](GPT& m) {
    uint64_t x = 0xcbf29ce484222325ull;
    for (const auto& p : m.params()) {
      const auto* b = reinterpret_cast<const unsigned char*>(p.value->data());
      for (size_t i = 0; i < size_t(p.value->size()) * sizeof(float); ++i) x = (x ^ b[i]) * 0x100000001b3ull;
    }
    return x;
  };
  const std::string text = "Attention lets every token look at every earlier token.";
  Headless h(1280);
  for (const char* tok : {"char", "gpt2"}) {
    INFO(tok);
    AttentionLab lab;
    lab.set_params({{"text", text}, {"tok", tok}, {"layers", "6"}, {"heads", "8"}, {"width", "128"}, {"seed", "3"}});
    int frames = 0;
    while (!lab.ready() && frames < 2000) h.frames(lab, 1), ++frames;  // the frame budget slices it
    REQUIRE(lab.ready());
    CHECK(frames > 2);  // really sliced
    const bool gpt2 = std::string(tok) == "gpt2";
    REQUIRE(lab.model()->cfg.vocab_size == (gpt2 ? 50257 : 97));  // characters: newline, printable ASCII, <unk>
    auto ref = one_shot(6, 8, 128, 3, lab.model()->cfg.vocab_size);
    // Recorded before the model's init was sliced.
    CHECK(hash(*lab.model()) == hash(*ref));
    CHECK(hash(*ref) == (gpt2 ? 0x9861f5878224084cull : 0xf33cf2d828497372ull));
    if (gpt2) CHECK(lab.ids() == std::vector<int>{8086, 1463, 8781, 790, 11241, 804, 379, 790, 2961, 11241, 13});
    else CHECK(lab.ids().size() == text.size());
    Trace tr;
    ref->forward_with(lab.ids(), lab.forward_options(), &tr);
    test::check_lab_shows_trace(lab, tr);
  }
}

namespace {
// The worked example of the GPT chapter (tokens "cat sat on", d = 4), as a chapter links to it.
const Params kCatSatOn = {{"tab", "example"},
                          {"tokens", "cat,sat,on"},
                          {"d", "4"},
                          {"dv", "4"},
                          {"x", "1,0.5,0.3,0.2,0.2,1,0.4,0.1,0.3,0.2,1,0.5"},
                          {"q", "0.8,0.6,0.4,0.2,0.3,0.9,0.5,0.3,0.4,0.3,0.8,0.6"},
                          {"k", "0.9,0.7,0.5,0.3,0.4,0.8,0.6,0.2,0.5,0.4,0.9,0.7"},
                          {"v", "1.2,0.8,0.6,0.4,0.5,1.3,0.7,0.3,0.6,0.5,1.4,0.9"}};
Mat rows3x4(const char* csv) {
  std::vector<std::string> w;
  const std::vector<float> v = param_floats({{"v", csv}}, "v", {}, 12, -100, 100, w);
  REQUIRE(v.size() == 12);
  Mat m(3, 4);
  for (int i = 0; i < 12; ++i) m.data()[i] = v[static_cast<size_t>(i)];
  return m;
}
}  // namespace

TEST_CASE("Worked example: the lab's tab opens with X, Q, K, V from the link and shows sdpa_forward's numbers",
          "[ui][lab][attention]") {
  AttentionLab lab;
  lab.set_params(kCatSatOn);
  CHECK(lab.warnings().empty());
  const AttentionWorkedExample& ex = lab.worked_example();
  CHECK(ex.tokens() == std::vector<std::string>{"cat", "sat", "on"});
  CHECK(ex.d() == 4);
  CHECK(ex.dv() == 4);
  const Mat q = rows3x4("0.8,0.6,0.4,0.2,0.3,0.9,0.5,0.3,0.4,0.3,0.8,0.6");
  const Mat k = rows3x4("0.9,0.7,0.5,0.3,0.4,0.8,0.6,0.2,0.5,0.4,0.9,0.7");
  const Mat v = rows3x4("1.2,0.8,0.6,0.4,0.5,1.3,0.7,0.3,0.6,0.5,1.4,0.9");
  for (bool causal : {false, true}) {
    INFO("causal " << causal);
    const AttentionExample e = ex.compute(causal);
    Mat out, w, raw, masked;
    AttnMask mask;
    mask.causal = causal;
    sdpa_forward(out, w, q, k, v, 0.5f, mask, &raw, &masked);
    CHECK(max_abs_diff(e.raw, raw) == 0.0f);
    CHECK(max_abs_diff(e.scores, masked) == 0.0f);
    CHECK(max_abs_diff(e.weights, w) == 0.0f);
    CHECK(max_abs_diff(e.out, out) == 0.0f);
  }
  // The link survives a round trip through params() and draws.
  const Params p = lab.params();
  AttentionLab again;
  again.set_params(p);
  CHECK(again.warnings().empty());
  CHECK(again.params() == p);
  Headless h(1280);
  h.frames(again, 3);
}

TEST_CASE("Worked example: the widget and the chapter share one set of inputs", "[ui][lab][attention]") {
  auto w = find_widget("attention-example")->create();
  w->set_params({});
  Mat q, k, v;
  attention_example_inputs(q, k, v);
  // At its defaults the widget shows the chapter's example, computed by the same core call.
  const AttentionExample chapter = attention_example(q, k, v, false);
  AttentionLab lab;
  lab.set_params({{"tab", "example"}});
  const AttentionExample shown = lab.worked_example().compute(false);
  CHECK(max_abs_diff(shown.weights, chapter.weights) == 0.0f);
  CHECK(max_abs_diff(shown.out, chapter.out) == 0.0f);
  CHECK(lab.worked_example().tokens() == std::vector<std::string>{"the", "cat", "sat"});
  // Lists that do not fit the tokens are padded or cut, with a warning.
  lab.set_params({{"tab", "example"}, {"tokens", "a,b"}, {"q", "1,2,3"}});
  CHECK(lab.warnings().size() >= 2);
  lab.set_params({{"tab", "example"}, {"tokens", "only-one"}});
  CHECK(!lab.warnings().empty());
  CHECK(lab.worked_example().tokens().size() == 3);
}
