// The feed-forward block: counts against real torch modules and published configs, one token
// through the block against PyTorch (scripts/golden/ffn.py), and bad shapes refused.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "core/error.h"
#include "core/ffn.h"

namespace {

void check_row(const tmx::Mat& m, const std::vector<double>& want, double tol) {
  REQUIRE(m.rows() == 1);
  REQUIRE(m.cols() == static_cast<Eigen::Index>(want.size()));
  for (size_t i = 0; i < want.size(); ++i) {
    INFO("index " << i);
    CHECK(m(0, static_cast<Eigen::Index>(i)) == Approx(want[i]).margin(tol));
  }
}

}  // namespace

TEST_CASE("ffn counts: GPT-2 and LLaMA blocks match torch modules and published widths", "[ffn]") {
  // sum(p.numel()) of Linear(768, 3072) + Linear(3072, 768), and of three bias-free Linear(4096 <-> 11008).
  CHECK(tmx::ffn_params(768, 3072, false, true) == 4722432);
  CHECK(tmx::ffn_params(768, 3072, false, false) == 8LL * 768 * 768);
  CHECK(tmx::ffn_params(4096, 11008, true, false) == 135266304);
  CHECK(tmx::ffn_flops_per_token(768, 3072, false) == 2LL * 8 * 768 * 768);
  CHECK(tmx::ffn_flops_per_token(4096, 11008, true) == 2LL * 135266304);
  // intermediate_size of LLaMA 7B / 13B / 33B / 65B (dim 4096 / 5120 / 6656 / 8192).
  CHECK(tmx::swiglu_hidden(4096) == 11008);
  CHECK(tmx::swiglu_hidden(5120) == 13824);
  CHECK(tmx::swiglu_hidden(6656) == 17920);
  CHECK(tmx::swiglu_hidden(8192) == 22016);
  CHECK(tmx::format_count(4722432) == "4,722,432");
  CHECK(tmx::format_count(768) == "768");
  CHECK(tmx::format_count(-1000) == "-1,000");
  CHECK_THROWS_AS(tmx::ffn_params(0, 4, false, true), tmx::Error);
  CHECK_THROWS_AS(tmx::swiglu_hidden(-3), tmx::Error);
}

TEST_CASE("ffn forward of the chapter's example matches PyTorch for every activation", "[ffn]") {
  tmx::Mat x;
  tmx::FfnWeights w;
  tmx::ffn_example(x, w);
  struct Case { tmx::Act act; std::vector<double> hidden, out; };
  const std::vector<Case> cases = {
      {tmx::Act::ReLU, {1.0, 0.0, 0.5, 0.0}, {1.5, -0.5}},
      {tmx::Act::GELU_tanh, {0.841191991, -0.154285990, 0.345714010, -0.158808009}, {1.345714010, -0.658808009}},
      {tmx::Act::GELU_erf, {0.841344746, -0.154268769, 0.345731231, -0.158655254}, {1.345731231, -0.658655254}},
      {tmx::Act::SiLU, {0.731058579, -0.188770334, 0.311229666, -0.268941421}, {1.311229666, -0.768941421}},
  };
  for (const auto& c : cases) {
    INFO(tmx::act_name(c.act));
    const auto t = tmx::ffn_forward_token(x, w, c.act, false);
    check_row(t.pre, {1.0, -0.5, 0.5, -1.0}, 1e-6);
    check_row(t.hidden, c.hidden, 2e-6);
    check_row(t.out, c.out, 2e-6);
  }
  // SwiGLU: W_gate = W1 without bias, W_up as in the golden script, W_down = W2.
  tmx::FfnWeights g;
  g.w1 = w.w1;
  g.w2 = w.w2;
  g.w_up.resize(4, 2);
  g.w_up << 0.5f, 1.0f, 1.0f, -1.0f, -0.5f, 0.5f, 2.0f, 0.0f;
  const auto t = tmx::ffn_forward_token(x, g, tmx::Act::SiLU, true);
  check_row(t.hidden, {0.0, -0.283155502, -0.233422249, -0.547276571}, 2e-6);
  check_row(t.out, {0.313854322, -0.597009824}, 2e-6);
}

TEST_CASE("ffn forward refuses shapes that do not fit and random weights are seeded", "[ffn]") {
  tmx::Mat x;
  tmx::FfnWeights w;
  tmx::ffn_example(x, w);
  tmx::FfnWeights bad = w;
  bad.w2.resize(2, 3);
  CHECK_THROWS_AS(tmx::ffn_forward_token(x, bad, tmx::Act::ReLU, false), tmx::Error);
  CHECK_THROWS_AS(tmx::ffn_forward_token(x, w, tmx::Act::ReLU, true), tmx::Error);  // gated needs SiLU, W_up
  CHECK_THROWS_AS(tmx::ffn_forward_token(tmx::Mat::Zero(2, 2), w, tmx::Act::ReLU, false), tmx::Error);
  const auto a = tmx::ffn_random_weights(8, 32, true, 7), b = tmx::ffn_random_weights(8, 32, true, 7),
             c = tmx::ffn_random_weights(8, 32, true, 8);
  CHECK(a.w1 == b.w1);
  CHECK(a.w_up == b.w_up);
  CHECK(a.w1 != c.w1);
  CHECK(a.w_up.rows() == 32);
  CHECK(a.w2.cols() == 32);
  // Fan-in scaling keeps a unit token's hidden pre-activations O(1).
  const auto t = tmx::ffn_forward_token(tmx::Mat::Ones(1, 8) / std::sqrt(8.0f), a, tmx::Act::SiLU, true);
  CHECK(t.pre.cwiseAbs().maxCoeff() < 5.0f);
}
