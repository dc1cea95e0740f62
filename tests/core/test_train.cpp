// The trainer (core/train.h): loss goes down on a tiny corpus for every architecture, the same
// seed gives the same run, a resumed run equals an uninterrupted one, and the bigram baseline
// equals a direct count.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <string>

#include "core/error.h"
#include "core/json.h"
#include "core/model_loader.h"
#include "core/safetensors.h"
#include "core/tokenizer/char_tokenizer.h"
#include "core/train.h"

using namespace tmx;

namespace {

// A tiny corpus with structure to learn: a repeated rhyme over 12 symbols, with a little variety.
std::vector<int> corpus(int n, int vocab) {
  std::vector<int> ids;
  uint32_t s = 7;
  while (int(ids.size()) < n) {
    for (int v : {1, 2, 3, 4, 5, 1, 2, 6}) ids.push_back(v % vocab);
    s = s * 1103515245u + 12345u;
    ids.push_back(7 + int((s >> 16) % 5));  // one of 7..11
    ids.push_back(0);
  }
  ids.resize(n);
  return ids;
}

const char* kGpt = R"({"model_type": "gpt2", "vocab_size": 12, "n_positions": 16, "n_embd": 16, "n_head": 2, "n_layer": 2})";
const char* kLlama =
    R"({"model_type": "llama", "vocab_size": 12, "hidden_size": 16, "num_hidden_layers": 2, "num_attention_heads": 4,
        "num_key_value_heads": 2, "intermediate_size": 32, "max_position_embeddings": 16, "tie_word_embeddings": true})";
const char* kMamba = R"({"model_type": "mamba", "vocab_size": 12, "d_model": 16, "n_layer": 2, "d_state": 4})";

TrainOptions tiny_opts() {
  TrainOptions o;
  o.steps = 40;
  o.batch = 4;
  o.context = 16;
  o.lr = 1e-2f;
  o.min_lr = 1e-3f;
  o.warmup = 5;
  o.val_tokens = 0;
  return o;
}

std::vector<float> run(const char* cfg, const TrainOptions& o, int steps, uint32_t init_seed = 1337) {
  auto m = create_model(json::parse(cfg), init_seed);
  Trainer tr(*m, corpus(600, 12), corpus(130, 12), o);
  std::vector<float> losses;
  while (tr.steps_done() < steps) {
    tr.step();
    losses.push_back(tr.last_loss());
  }
  return losses;
}

std::vector<Mat> values(LanguageModel& m) {
  std::vector<Mat> v;
  for (const auto& p : m.params()) v.push_back(*p.value);
  return v;
}

}  // namespace

TEST_CASE("training lowers the train and held-out loss of GPT, LLaMA and Mamba on a tiny corpus", "[core][train]") {
  for (const char* cfg : {kGpt, kLlama, kMamba}) {
    INFO(cfg);
    auto m = create_model(json::parse(cfg), 1);
    Trainer tr(*m, corpus(600, 12), corpus(130, 12), tiny_opts());
    const double val0 = tr.eval_val();
    CHECK(std::abs(val0 - std::log(12.0)) < 0.3);  // random init: about uniform over 12 symbols
    float first = 0, last = 0;
    for (int s = 0; s < 40; ++s) {
      tr.step();
      if (s < 3) first += tr.last_loss() / 3;
      if (s >= 37) last += tr.last_loss() / 3;
    }
    const double val1 = tr.eval_val();
    CHECK(last < 0.7f * first);
    CHECK(val1 < 0.7 * val0);
    CHECK(val1 == tr.eval_val());  // evaluating changes nothing
  }
}

TEST_CASE("the same seed gives the same run; a different seed a different one", "[core][train]") {
  const TrainOptions o = tiny_opts();
  const auto a = run(kGpt, o, 12), b = run(kGpt, o, 12);
  CHECK(a == b);  // bit-identical
  TrainOptions o2 = o;
  o2.seed = 99;
  CHECK(run(kGpt, o2, 12, 99) != a);
  // Two threads: deterministic too, and equal to one thread up to the rounding of the gradient sum.
  TrainOptions t2 = o;
  t2.threads = 2;
  const auto c = run(kMamba, t2, 8), d = run(kMamba, t2, 8), e = run(kMamba, o, 8);
  CHECK(c == d);
  for (size_t i = 0; i < c.size(); ++i) CHECK(c[i] == Approx(e[i]).epsilon(1e-4));
}

TEST_CASE("a run resumed from a saved state equals the uninterrupted run", "[core][train]") {
  for (const char* cfg : {kGpt, kLlama, kMamba}) {
    INFO(cfg);
    const TrainOptions o = tiny_opts();
    auto full = create_model(json::parse(cfg), 1337);
    Trainer ta(*full, corpus(600, 12), corpus(130, 12), o);
    std::vector<float> la;
    for (int s = 0; s < 20; ++s) ta.step(), la.push_back(ta.last_loss());

    const std::string path = "test_train_state.safetensors";
    std::vector<float> lb;
    {
      auto first = create_model(json::parse(cfg), 1337);
      Trainer tb(*first, corpus(600, 12), corpus(130, 12), o);
      for (int s = 0; s < 9; ++s) tb.step(), lb.push_back(tb.last_loss());
      tb.save_state(path);
    }
    auto second = create_model(json::parse(cfg), 4242);  // other initial weights: all overwritten
    Trainer tc(*second, corpus(600, 12), corpus(130, 12), o);
    tc.load_state(path);
    CHECK(tc.steps_done() == 9);
    while (tc.steps_done() < 20) tc.step(), lb.push_back(tc.last_loss());
    std::remove(path.c_str());
    CHECK(la == lb);
    const auto va = values(*full), vc = values(*second);
    REQUIRE(va.size() == vc.size());
    for (size_t i = 0; i < va.size(); ++i) CHECK(va[i] == vc[i]);
  }
}

TEST_CASE("a saved state refuses another model type, and bad options are named", "[core][train]") {
  const TrainOptions o = tiny_opts();
  auto g = create_model(json::parse(kGpt), 1);
  Trainer tg(*g, corpus(600, 12), {}, o);
  tg.step();
  tg.save_state("test_train_state2.safetensors");
  auto l = create_model(json::parse(kLlama), 1);
  Trainer tl(*l, corpus(600, 12), {}, o);
  CHECK_THROWS_WITH(tl.load_state("test_train_state2.safetensors"), Catch::Contains("gpt2 model, not llama"));
  std::remove("test_train_state2.safetensors");
  CHECK(std::isnan(tl.eval_val()));  // no held-out ids

  TrainOptions bad = o;
  bad.context = 17;  // the GPT has 16 positions
  CHECK_THROWS_WITH(Trainer(*g, corpus(600, 12), {}, bad), Catch::Contains("longer than the model's 16 positions"));
  CHECK_THROWS_WITH(Trainer(*g, {1, 2, 40, 3}, {}, o), Catch::Contains("fewer than context + 2"));
  std::vector<int> wide = corpus(600, 12);
  wide[300] = 12;
  CHECK_THROWS_WITH(Trainer(*g, wide, {}, o), Catch::Contains("token id 12 is outside the model's vocabulary of 12"));
  bad = o;
  bad.threads = 8;  // more than batch
  CHECK_THROWS_WITH(Trainer(*g, corpus(600, 12), {}, bad), Catch::Contains("threads"));
  CHECK_THROWS_WITH(create_model(json::parse(R"({"model_type": "bert"})"), 1), Catch::Contains("'bert' cannot be trained"));
}

TEST_CASE("the bigram baseline is the add-k count estimate with the best k", "[core][train]") {
  const std::vector<int> train = {0, 1, 0, 1, 0, 2, 0, 1}, val = {0, 1, 0, 2};
  double k = 0;
  const double got = bigram_val_loss(train, val, 3, &k);
  // Counts: 0->1 x3, 0->2 x1, 1->0 x2, 2->0 x1. Rows: c(0) = 4, c(1) = 2, c(2) = 1.
  auto loss = [&](double k) {
    return -(std::log((3 + k) / (4 + 3 * k)) + std::log((2 + k) / (2 + 3 * k)) + std::log((1 + k) / (4 + 3 * k))) / 3;
  };
  double best = 1e9;
  for (double c : {1.0, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001, 0.0003, 0.0001}) best = std::min(best, loss(c));
  CHECK(got == Approx(best).epsilon(1e-12));
  CHECK(got == Approx(loss(k)).epsilon(1e-12));
}

TEST_CASE("eval_loss averages over windows, the last one partial", "[core][train]") {
  auto m = create_model(json::parse(kGpt), 3);
  const std::vector<int> ids = corpus(40, 12);
  // context 16 over 40 ids: windows of 16, 16 and 7 predicted tokens (39 in all).
  const Mat a = m->forward({ids.begin(), ids.begin() + 16}), b = m->forward({ids.begin() + 16, ids.begin() + 32}),
            c = m->forward({ids.begin() + 32, ids.begin() + 39});
  double s = 0;
  auto add = [&](const Mat& lg, int off) {
    for (int t = 0; t < lg.rows(); ++t) {
      const double mx = lg.row(t).maxCoeff();
      s += mx + std::log((lg.row(t).array() - float(mx)).exp().cast<double>().sum()) - lg(t, ids[off + t + 1]);
    }
  };
  add(a, 0), add(b, 16), add(c, 32);
  CHECK(eval_loss(*m, ids, 16) == Approx(s / 39).epsilon(1e-6));
}

TEST_CASE("a step in pieces (begin, one sequence at a time, finish) equals step()", "[core][train]") {
  for (const char* cfg : {kGpt, kLlama, kMamba}) {
    INFO(cfg);
    const TrainOptions o = tiny_opts();
    auto a = create_model(json::parse(cfg), 1337), b = create_model(json::parse(cfg), 1337);
    Trainer ta(*a, corpus(600, 12), corpus(130, 12), o), tb(*b, corpus(600, 12), corpus(130, 12), o);
    for (int s = 0; s < 12; ++s) {
      ta.step();
      tb.begin_step();
      CHECK(tb.step_pending());
      int pieces = 1;
      while (tb.step_sequence()) ++pieces;
      CHECK(pieces == o.batch);
      CHECK(tb.finish_step() == s + 1);
      CHECK(!tb.step_pending());
      CHECK(ta.last_loss() == tb.last_loss());
      CHECK(ta.last_grad_norm() == tb.last_grad_norm());
    }
    const auto va = values(*a), vb = values(*b);
    for (size_t i = 0; i < va.size(); ++i) CHECK(va[i] == vb[i]);
    CHECK_THROWS_AS(tb.step_sequence(), Error);  // outside a step
    CHECK_THROWS_AS(tb.finish_step(), Error);
    tb.begin_step();
    CHECK_THROWS_AS(tb.begin_step(), Error);  // one step at a time
  }
}

TEST_CASE("split_train_val holds out the last fraction from a line start", "[core][train]") {
  const auto [a, b] = split_train_val("one\ntwo\nthree\nfour\n", 0.4);  // 19 bytes: the cut at 11 falls in "three"
  CHECK(a == "one\ntwo\n");
  CHECK(b == "three\nfour\n");
  const auto [c, d] = split_train_val("no line ends here", 0.5);  // no line start before the cut: cut there
  CHECK(c + d == "no line ends here");
  CHECK(d.size() == 9);
}

TEST_CASE("the train widget's default run: 20 steps give the losses native tmx train logged", "[core][train]") {
  // tests/golden/train/kjv-char-gpt.log.jsonl is `tmx train`'s log (scripts/golden/train_widget_log.sh)
  // of the widget's default run; this test runs natively and in the wasm build (tmx_core_tests_wasm),
  // so it also says wasm training gives the native numbers. Tolerance as for the shipped recipe:
  // other vector instructions round the matmuls differently and 20 AdamW steps carry that along.
  const std::vector<uint8_t> raw = read_file_bytes(std::string(TMX_GEN_DIR) + "/assets/corpora/kjv.txt");
  const auto [train_text, val_text] = split_train_val(std::string(raw.begin(), raw.end()), 0.1);
  const auto tk = tok::CharTokenizer::from_text(train_text);
  json::Value cfg = json::parse(read_file_text(std::string(TMX_SOURCE_DIR) + "/tests/golden/train/kjv-char-gpt.json"));
  cfg.obj.emplace_back("vocab_size", json::parse(std::to_string(tk.vocab_size())));
  cfg.obj.emplace_back("n_positions", json::parse("64"));
  TrainOptions o;
  o.steps = 600;
  o.batch = 8;
  o.context = 64;
  o.lr = 3e-3f;
  o.min_lr = 3e-4f;
  o.warmup = 30;
  o.weight_decay = 0.1f;
  o.grad_clip = 1.0f;
  o.seed = 1337;
  o.val_tokens = 512;
  auto model = create_model(cfg, o.seed);
  Trainer tr(*model, tk.encode(train_text), tk.encode(val_text), o);
  std::vector<double> logged;
  for (const auto& row : read_train_log(std::string(TMX_SOURCE_DIR) + "/tests/golden/train/kjv-char-gpt.log.jsonl"))
    logged.push_back(row.get_number("loss"));
  REQUIRE(logged.size() == 20);
  for (int s = 0; s < 20; ++s) {
    tr.step();
    INFO("step " << s + 1);
    CHECK(tr.last_loss() == Approx(logged[size_t(s)]).margin(2e-3));
  }
  CHECK(logged.back() < logged.front() - 0.3);  // it learns within 20 steps (the check can fail)
}
