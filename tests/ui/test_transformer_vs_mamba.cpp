// The transformer-vs-mamba widget on the shipped kjv-gpt and kjv-mamba: the memory it reports is
// the bytes the KV cache and the Mamba state hold (the core's own matrices, checked against the
// configs), its held-out loss is the figure each model's train_log.jsonl recorded on the same
// 8,192 held-out tokens, the mixing matrices cover the prompt, and the long run reaches 2,048
// tokens with kjv-gpt's extended twin. (Its matrices are core::mixing_matrix's, whose identity
// with the Mamba block is tests/core/test_decode_compare.cpp's.)
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "core/decode_compare.h"
#include "core/json.h"
#include "core/model_loader.h"
#include "core/models/gpt.h"
#include "core/ssm/mamba_lm.h"
#include "core/tokenizer/tokenizer_spec.h"
#include "core/train.h"
#include "headless_imgui.h"
#include "ui/widget.h"

using namespace tmx;
using namespace tmx::ui;

namespace {

const std::string kModels = std::string(TMX_SOURCE_DIR) + "/assets/models";

json::Value run_until(tmx::test::HeadlessImGui& g, Widget& w, bool (*done)(const json::Value&), int frames = 20000) {
  json::Value p;
  for (int i = 0; i < frames; ++i) {
    g.frame([&] { w.draw(); });
    p = json::parse(w.probe_json());
    if (done(p)) break;
  }
  return p;
}

const json::Value& model(const json::Value& p, int i) { return p.find("models")->arr.at(size_t(i)); }

double logged_val_loss(const std::string& name) {
  double v = NAN;
  for (const json::Value& r : read_train_log(kModels + "/" + name + "/train_log.jsonl"))
    if (r.get_bool("final", false)) v = r.get_number("val_loss");
  return v;
}

}  // namespace

TEST_CASE("transformer-vs-mamba widget: memory is the bytes held, loss is the logged held-out loss",
          "[ui][widgets][transformer_vs_mamba]") {
  tmx::test::HeadlessImGui g;
  const WidgetInfo* info = find_widget("transformer-vs-mamba");
  REQUIRE(info);
  auto w = info->create();
  const std::string prompt = "And God said unto Moses";
  w->set_params({{"prompt", prompt}, {"gen", "20"}, {"seed", "4"}});
  CHECK(w->warnings().empty());
  const json::Value p = run_until(g, *w, [](const json::Value& p) {
    if (p.get_bool("busy", true) || p.get_bool("validating", true)) return false;
    for (const json::Value& m : p.find("models")->arr)
      if (m.get_string("loaded", "") != m.get_string("name", "-") || m.find("val")->is_null()) return false;
    return true;
  });
  REQUIRE(p.get_string("error", "?") == "");
  auto gpt = load_model(kModels + "/kjv-gpt");
  auto mamba = load_model(kModels + "/kjv-mamba");
  std::string err;
  auto tk = tok::load_model_tokenizer(kModels + "/kjv-gpt", "", err);
  REQUIRE(tk);
  const int prompt_len = static_cast<int>(tk->encode(prompt).size());
  const json::Value &a = model(p, 0), &b = model(p, 1);
  CHECK(a.get_string("name", "") == "kjv-gpt");
  CHECK(b.get_string("name", "") == "kjv-mamba");
  for (const json::Value* m : {&a, &b}) CHECK(m->get_int("positions") == prompt_len + 20);
  // kjv-gpt: K and V rows of every token stepped, every layer; reserved: the whole 64-row cache.
  const GPTConfig& gc = dynamic_cast<GPT&>(*gpt).cfg;
  CHECK(a.get_int("held") == int64_t(prompt_len + 20) * 2 * gc.n_layer * gc.n_embd * 4);
  CHECK(a.get_int("allocated") == int64_t(gc.n_positions) * 2 * gc.n_layer * gc.n_embd * 4);
  CHECK_FALSE(a.get_bool("recurrent", true));
  // kjv-mamba: conv_state + ssm_state of every layer, whatever the position.
  const ssm::MambaLMConfig& mc = dynamic_cast<ssm::MambaLM&>(*mamba).config();
  CHECK(b.get_int("held") == int64_t(mc.n_layer) * mc.block.d_inner() * (mc.block.d_conv + mc.block.d_state) * 4);
  CHECK(b.get_bool("recurrent", false));
  // Held-out loss: the same 8,192 tokens and windows as the trainer's eval (train_log.jsonl).
  for (const json::Value* m : {&a, &b}) {
    INFO(m->get_string("name", ""));
    CHECK(m->get_int("val_tokens") == 8192);
    CHECK(m->get_number("val") == Approx(logged_val_loss(m->get_string("name", ""))).margin(2e-3));
  }
  // The mixing matrices: one row and column per prompt token.
  for (const json::Value* m : {&a, &b}) {
    CHECK(m->find("mix")->arr.at(0).num == prompt_len);
    CHECK(m->find("mix")->arr.at(1).num == prompt_len);
  }
  CHECK(a.get_int("unit") == 0);
  CHECK(b.get_int("unit") == -1);  // kjv-mamba: all channels combined by default

  // The long run: both to 2,048 tokens; kjv-gpt as its extended twin.
  w->set_params({{"prompt", prompt}, {"long", "1"}, {"seed", "4"}});
  const json::Value q = run_until(g, *w, [](const json::Value& p) {
    return !p.get_bool("busy", true) && model(p, 0).get_int("positions") == 2048 && model(p, 1).get_int("positions") == 2048;
  });
  REQUIRE(model(q, 0).get_int("positions") == 2048);
  CHECK(model(q, 0).get_bool("extended", false));
  CHECK(model(q, 0).get_int("held") == int64_t(2048) * kv_bytes_per_token(*gpt));
  CHECK(model(q, 0).get_int("allocated") == int64_t(2049) * kv_bytes_per_token(*gpt));  // 2,049 rows reserved
  CHECK(model(q, 1).get_int("held") == mamba_state_bytes(mc, 4));
}

TEST_CASE("transformer-vs-mamba widget: unknown models and heads out of range are reported and clamped",
          "[ui][widgets][transformer_vs_mamba]") {
  tmx::test::HeadlessImGui g;
  auto w = find_widget("transformer-vs-mamba")->create();
  w->set_params({{"a", "no-such-model"}, {"ua", "99"}, {"lb", "40"}});
  REQUIRE(w->warnings().size() == 1);
  CHECK(w->warnings()[0].find("no-such-model") != std::string::npos);
  const json::Value p = run_until(g, *w, [](const json::Value& p) {
    return model(p, 0).get_string("loaded", "") == "kjv-gpt" && model(p, 1).get_string("loaded", "") == "kjv-mamba" &&
           model(p, 0).find("mix")->arr.at(0).num > 0;
  }, 2000);
  CHECK(model(p, 0).get_int("unit") == 3);
  CHECK(model(p, 1).get_int("layer") == 6);
  CHECK(w->warnings().size() >= 2);  // the clamp is said, not silent
}

TEST_CASE("transformer-vs-mamba widget: a changed layer's matrix is computed over later frames and equals the matrix "
          "at once", "[ui][widgets][transformer_vs_mamba]") {
  tmx::test::HeadlessImGui g;
  auto w = find_widget("transformer-vs-mamba")->create();
  const std::string prompt = "And God said, Let there be light: and there was light.";
  w->set_params({{"prompt", prompt}});
  auto settled = [](const json::Value& p) {
    for (const json::Value& m : p.find("models")->arr)
      if (m.get_string("loaded", "") != m.get_string("name", "-") || m.get_bool("mix_busy", true) ||
          m.find("mix")->arr.at(0).num == 0)
        return false;
    return true;
  };
  REQUIRE(settled(run_until(g, *w, settled, 4000)));
  auto gpt = load_model(kModels + "/kjv-gpt");
  auto mamba = load_model(kModels + "/kjv-mamba");
  std::string err;
  auto tk = tok::load_model_tokenizer(kModels + "/kjv-gpt", "", err);
  REQUIRE(tk);
  const std::vector<int> ids = tk->encode(prompt);
  struct Change {
    const char* key_layer;
    const char* key_unit;
    int side, layer, unit;
    LanguageModel* m;
  };
  for (const Change& c : {Change{"lb", "ub", 1, 5, -1, mamba.get()}, Change{"lb", "ub", 1, 2, 40, mamba.get()},
                          Change{"la", "ua", 0, 3, 2, gpt.get()}}) {
    INFO("side " << c.side << " layer " << c.layer << " unit " << c.unit);
    w->set_params({{"prompt", prompt}, {c.key_layer, std::to_string(c.layer)}, {c.key_unit, std::to_string(c.unit)}});
    g.frame([&] { w->draw(); });  // the frame of the change: the job starts, nothing is computed yet
    json::Value p = json::parse(w->probe_json());
    CHECK(model(p, c.side).get_bool("mix_busy", false));
    CHECK(model(p, c.side).find("mix")->arr.at(0).num == 0);  // "computing...", not the old matrix
    int frames = 1;
    while (model(p, c.side).get_bool("mix_busy", false) && frames < 2000) {
      g.frame([&] { w->draw(); });
      p = json::parse(w->probe_json());
      ++frames;
    }
    CHECK(frames >= 2);  // finished by a later frame
    const Mat at_once = mixing_matrix(*c.m, ids, c.layer, c.unit);
    CHECK(model(p, c.side).find("mix")->arr.at(0).num == at_once.rows());
    const float mix_sum = static_cast<float>(model(p, c.side).get_number("mix_sum"));
    if (c.m == mamba.get())  // Mamba's scan sums in an order that follows buffer alignment under AVX-512
      CHECK(std::abs(mix_sum - at_once.sum()) <= 1e-6f * at_once.cwiseAbs().sum());  // (test_decode_compare.cpp)
    else
      CHECK(mix_sum == at_once.sum());
    CHECK(model(p, c.side).get_number("mix_worst_ms") > 0);
  }
  // A LLaMA model's matrix is cut the same way: the embedding, then one layer a piece up to the one shown.
  auto llama = load_model(kModels + "/kjv-llama");
  w->set_params({{"prompt", prompt}, {"a", "kjv-llama"}, {"la", "3"}, {"ua", "1"}});
  json::Value p = json::parse(w->probe_json());
  for (int frames = 0; frames < 4000 && !(model(p, 0).get_string("loaded", "") == "kjv-llama" &&
                                         !model(p, 0).get_bool("mix_busy", true) && model(p, 0).find("mix")->arr.at(0).num > 0);
       ++frames) {
    g.frame([&] { w->draw(); });
    p = json::parse(w->probe_json());
  }
  REQUIRE(model(p, 0).get_string("loaded", "") == "kjv-llama");
  CHECK(model(p, 0).get_number("mix_pieces") == 3 + 2);
  std::string lerr;
  auto ltk = tok::load_model_tokenizer(kModels + "/kjv-llama", "", lerr);
  REQUIRE(ltk);
  const Mat llama_at_once = mixing_matrix(*llama, ltk->encode(prompt), 3, 1);
  CHECK(model(p, 0).find("mix")->arr.at(0).num == llama_at_once.rows());
  CHECK(static_cast<float>(model(p, 0).get_number("mix_sum")) == llama_at_once.sum());
}
