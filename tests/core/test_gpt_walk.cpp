// gpt_walk: every stage is the model's own traced tensor; the logit lens equals ln_f + lm_head
// computed by hand (double, loops); the last block's residual through ln_f and lm_head gives
// forward()'s logits; the residual norms are the norms of the stages' tensors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.h"
#include "core/gpt_walk.h"
#include "core/model_loader.h"
#include "core/trace.h"
#include "../max_abs_diff.h"
#include "../tiny_models.h"

using namespace tmx;
using tmx::test::max_abs_diff;

namespace {

// ln_f then the tied lm_head on one row of the residual stream, by hand in double.
std::vector<double> lens_logits_by_hand(const GPT& m, const Mat& x, Eigen::Index t) {
  const int C = m.cfg.n_embd;
  double mean = 0, var = 0;
  for (int c = 0; c < C; ++c) mean += x(t, c);
  mean /= C;
  for (int c = 0; c < C; ++c) var += (x(t, c) - mean) * (x(t, c) - mean);
  var /= C;
  const double rstd = 1.0 / std::sqrt(var + m.cfg.layer_norm_epsilon);
  std::vector<double> y(static_cast<size_t>(C));
  for (int c = 0; c < C; ++c) y[c] = (x(t, c) - mean) * rstd * m.w.ln_f_w(0, c) + m.w.ln_f_b(0, c);
  std::vector<double> logits(static_cast<size_t>(m.cfg.vocab_size));
  for (int v = 0; v < m.cfg.vocab_size; ++v)
    for (int c = 0; c < C; ++c) logits[v] += y[c] * m.w.wte(v, c);
  return logits;
}

void check_walk(GPT& m, const std::vector<int>& ids) {
  const GptWalk w = gpt_walk(m, ids);
  Trace tr;
  const Mat logits = m.forward(ids, &tr);
  const int L = m.cfg.n_layer, T = static_cast<int>(ids.size());

  // Stages in forward order: ids, wte, wpe, x, 6 per block, ln_f, logits, probs, token.
  REQUIRE(w.stages.size() == size_t(4 + 6 * L + 4));
  CHECK(w.stages.front().kind == WalkStage::Ids);
  CHECK(w.stages.back().kind == WalkStage::Token);
  for (const auto& s : w.stages) {
    INFO(walk_stage_name(s.kind) << " layer " << s.layer);
    if (s.trace_name.empty()) continue;
    const Mat* t = tr.get(s.trace_name);
    REQUIRE(t);
    REQUIRE(s.value.rows() == t->rows());
    REQUIRE(s.value.cols() == t->cols());
    CHECK(max_abs_diff(s.value, *t) == 0.0);
    if (s.kind == WalkStage::Attn) {
      REQUIRE(s.heads.size() == size_t(m.cfg.n_head));
      for (int h = 0; h < m.cfg.n_head; ++h)
        CHECK(max_abs_diff(s.heads[h], *tr.get("h." + std::to_string(s.layer) + ".attn.head." + std::to_string(h) +
                                                ".weights")) == 0.0);
    }
  }
  // x = wte + wpe
  CHECK(max_abs_diff(w.stages[3].value, Mat(w.stages[1].value + w.stages[2].value)) < 1e-6);
  for (int t = 0; t < T; ++t) CHECK(w.stages[0].value(0, t) == ids[t]);

  // Residual norms: one row per change of the stream, each the norm of that stage's tensor.
  REQUIRE(w.resid_norm.rows() == 1 + 2 * L);
  REQUIRE(w.resid_norm.cols() == T);
  for (Eigen::Index r = 0; r < w.resid_norm.rows(); ++r) {
    const Mat& x = w.stages[size_t(w.resid_stage[size_t(r)])].value;
    for (int t = 0; t < T; ++t) {
      double s = 0;
      for (Eigen::Index c = 0; c < x.cols(); ++c) s += double(x(t, c)) * x(t, c);
      CHECK(w.resid_norm(r, t) == Approx(std::sqrt(s)).epsilon(1e-5));
    }
  }

  // Logit lens top-5, per layer and position, against the hand computation.
  REQUIRE(w.lens.size() == size_t(L + 1));
  for (int r = 0; r <= L; ++r) {
    const Mat& x = *tr.get(r == 0 ? std::string("h.0.in") : "h." + std::to_string(r - 1) + ".res_2");
    for (int t = 0; t < T; ++t) {
      const std::vector<double> lg = lens_logits_by_hand(m, x, t);
      const double mx = *std::max_element(lg.begin(), lg.end());
      double z = 0;
      for (double v : lg) z += std::exp(v - mx);
      std::vector<int> order(lg.size());
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return lg[a] > lg[b]; });
      INFO("lens row " << r << ", position " << t);
      REQUIRE(w.lens[r][t].size() == 5);
      for (int k = 0; k < 5; ++k) {
        CHECK(w.lens[r][t][k].id == order[k]);
        CHECK(w.lens[r][t][k].p == Approx(std::exp(lg[order[k]] - mx) / z).margin(1e-5));
      }
    }
  }

  // The residual after the last block + ln_f + lm_head (by hand) is forward()'s logits.
  const Mat& last = w.stages[3 + 6 * L].value;  // h.{L-1}.res_2
  REQUIRE(w.stages[3 + 6 * L].kind == WalkStage::Res2);
  for (int t = 0; t < T; ++t) {
    const std::vector<double> lg = lens_logits_by_hand(m, last, t);
    for (int v = 0; v < m.cfg.vocab_size; ++v) CHECK(logits(t, v) == Approx(lg[v]).margin(2e-4));
  }
  // Final distribution and the greedy token.
  int arg = 0;
  for (int v = 1; v < m.cfg.vocab_size; ++v)
    if (logits(T - 1, v) > logits(T - 1, arg)) arg = v;
  CHECK(w.token == arg);
  CHECK(w.probs.sum() == Approx(1.0).margin(1e-5));
  CHECK(w.lens[L][T - 1][0].id == arg);
}

}  // namespace

TEST_CASE("gpt_walk: stages are the trace, the logit lens and the logits agree with a hand computation", "[gpt_walk]") {
  GPT m(tmx::test::tiny_gpt());
  m.init_random(7);
  check_walk(m, {3, 14, 15, 9, 26, 5});
  check_walk(m, {0});
}

TEST_CASE("gpt_walk: on the shipped kjv-gpt", "[gpt_walk]") {
  auto lm = load_model(std::string(TMX_SOURCE_DIR) + "/assets/models/kjv-gpt");
  auto* gpt = dynamic_cast<GPT*>(lm.get());
  REQUIRE(gpt);
  check_walk(*gpt, {10, 200, 33, 400, 7});
}

TEST_CASE("gpt_walk: sampling with a seed is reproducible and draws from the sampler's distribution", "[gpt_walk]") {
  GPT m(tmx::test::tiny_gpt());
  m.init_random(3);
  const SamplerConfig s{1.0f, 5, 1.0f};
  const GptWalk a = gpt_walk(m, {1, 2, 3}, s, 42), b = gpt_walk(m, {1, 2, 3}, s, 42);
  CHECK(a.token == b.token);
  REQUIRE(a.sampled_from.size() == size_t(m.cfg.vocab_size));
  CHECK(a.sampled_from[size_t(a.token)] > 0.0f);
  CHECK(std::count_if(a.sampled_from.begin(), a.sampled_from.end(), [](float p) { return p > 0; }) == 5);
}

TEST_CASE("gpt_walk: bad input is an error, not a crash", "[gpt_walk]") {
  GPT m(tmx::test::tiny_gpt());
  CHECK_THROWS_AS(gpt_walk(m, {}), Error);
  CHECK_THROWS_AS(gpt_walk(m, {1, 40}), Error);  // vocabulary 40
  CHECK_THROWS_AS(gpt_walk(m, {-1}), Error);
  CHECK_THROWS_AS(gpt_walk(m, std::vector<int>(17, 1)), Error);  // context 16
}

TEST_CASE("top_indices: largest first, ties by lower index, k clamped", "[gpt_walk]") {
  const float v[] = {0.1f, 0.5f, 0.5f, -1.0f, 0.9f};
  CHECK(top_indices(v, 5, 3) == std::vector<int>{4, 1, 2});
  CHECK(top_indices(v, 5, 9).size() == 5);
  CHECK(top_indices(v, 5, 0).empty());
}
