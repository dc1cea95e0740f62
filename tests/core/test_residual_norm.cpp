// Residual stacks in Post-LN and Pre-LN placement: the backward equals finite differences of
// the loss, and the per-layer gradient norms have the shapes the residual-norm chapter teaches.
// LayerNorm / RMSNorm step by step agree with the definitions.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "core/error.h"
#include "core/residual_norm.h"

namespace {

// Central differences of the loss w.r.t. every entry of w (perturbing the stack in place).
tmx::MatD numeric_grad(tmx::ResidualStack& s, tmx::MatD& w) {
  const double h = 1e-5;
  tmx::MatD g(w.rows(), w.cols());
  for (Eigen::Index i = 0; i < w.size(); ++i) {
    const double keep = w.data()[i];
    w.data()[i] = keep + h;
    const double lp = tmx::residual_stack_loss(s);
    w.data()[i] = keep - h;
    const double lm = tmx::residual_stack_loss(s);
    w.data()[i] = keep;
    g.data()[i] = (lp - lm) / (2 * h);
  }
  return g;
}

}  // namespace

TEST_CASE("residual stack backward equals finite differences in both LN placements", "[core][residual-norm]") {
  for (auto placement : {tmx::NormPlacement::PostLN, tmx::NormPlacement::PreLN}) {
    INFO((placement == tmx::NormPlacement::PreLN ? "Pre-LN" : "Post-LN"));
    tmx::ResidualStackConfig cfg;
    cfg.placement = placement;
    cfg.depth = 4;
    cfg.d = 5;
    cfg.hidden = 7;
    cfg.tokens = 3;
    cfg.seed = 11;
    tmx::ResidualStack s = tmx::make_residual_stack(cfg);
    const auto g = tmx::residual_stack_backward(s);
    CHECK(g.loss == Approx(tmx::residual_stack_loss(s)).epsilon(1e-14));
    REQUIRE(g.weight_grad_norm.size() == 4);
    for (size_t l = 0; l < 4; ++l) {
      INFO("block " << l);
      const tmx::MatD n1 = numeric_grad(s, s.w1[l]), n2 = numeric_grad(s, s.w2[l]);
      CHECK((n1 - g.dw1[l]).cwiseAbs().maxCoeff() < 1e-8 * (1 + n1.cwiseAbs().maxCoeff()));
      CHECK((n2 - g.dw2[l]).cwiseAbs().maxCoeff() < 1e-8 * (1 + n2.cwiseAbs().maxCoeff()));
      // The per-layer norm the widget plots is the norm of the finite-difference gradient.
      const double fd_norm = std::sqrt(n1.squaredNorm() + n2.squaredNorm());
      CHECK(g.weight_grad_norm[l] == Approx(fd_norm).epsilon(1e-6));
      CHECK(g.weight_grad_norm[l] > 0);
    }
    // dL/dx (the stream gradient at the input) against finite differences too.
    const tmx::MatD nx = numeric_grad(s, s.x);
    CHECK(g.stream_grad_norm[0] == Approx(nx.norm()).epsilon(1e-6));
  }
}

TEST_CASE("Pre-LN gradients shrink with depth and are largest at the input; Post-LN's last layer does not shrink",
          "[core][residual-norm]") {
  auto norms = [](tmx::NormPlacement p, int depth) {
    tmx::ResidualStackConfig cfg;
    cfg.placement = p;
    cfg.depth = depth;
    return tmx::residual_stack_grad_norms(cfg).weight_grad_norm;
  };
  const auto pre6 = norms(tmx::NormPlacement::PreLN, 6), pre48 = norms(tmx::NormPlacement::PreLN, 48);
  const auto post6 = norms(tmx::NormPlacement::PostLN, 6), post48 = norms(tmx::NormPlacement::PostLN, 48);
  INFO("pre last: " << pre6.back() << " -> " << pre48.back() << ", post last: " << post6.back() << " -> "
                    << post48.back());
  CHECK(pre48.back() < 0.6 * pre6.back());       // the final LN divides by a stream that grows with depth
  CHECK(pre48.front() > 3 * pre48.back());        // the identity paths sum every later block's gradient
  CHECK(post48.back() > 0.8 * post6.back());      // Post-LN's last block: about the same at any depth
  CHECK(post48.back() > 2 * pre48.back());
  // Same seed, same weights: the two placements differ only in where LN sits.
  tmx::ResidualStackConfig cfg;
  cfg.placement = tmx::NormPlacement::PreLN;
  const auto a = tmx::make_residual_stack(cfg);
  cfg.placement = tmx::NormPlacement::PostLN;
  const auto b = tmx::make_residual_stack(cfg);
  CHECK(a.w1[5] == b.w1[5]);
  CHECK(a.x == b.x);
}

TEST_CASE("LayerNorm and RMSNorm step by step follow their definitions", "[core][residual-norm]") {
  const std::vector<double> x = {2, -1, 0.5, 4, -3, 1.5};
  const auto ln = tmx::layernorm_steps(x, 1.5, 0.25);
  double mean = 0;
  for (double v : x) mean += v / 6;
  CHECK(ln.mean == Approx(mean));
  double var = 0;
  for (double v : x) var += (v - mean) * (v - mean) / 6;
  CHECK(ln.var == Approx(var));
  CHECK(ln.rstd == Approx(1 / std::sqrt(var + 1e-5)));
  double nm = 0, nv = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    CHECK(ln.normalized[i] == Approx((x[i] - mean) / std::sqrt(var + 1e-5)));
    CHECK(ln.out[i] == Approx(1.5 * ln.normalized[i] + 0.25));
    nm += ln.normalized[i] / 6;
    nv += ln.normalized[i] * ln.normalized[i] / 6;
  }
  CHECK(nm == Approx(0).margin(1e-12));
  CHECK(nv == Approx(1).epsilon(1e-5));

  const auto rms = tmx::rmsnorm_steps(x, 2.0);
  double ms = 0;
  for (double v : x) ms += v * v / 6;
  CHECK(rms.var == Approx(ms));
  for (size_t i = 0; i < x.size(); ++i) CHECK(rms.out[i] == Approx(2.0 * x[i] / std::sqrt(ms + 1e-5)));

  // Shifting every value moves LayerNorm's mean but not its output; RMSNorm's output changes.
  std::vector<double> shifted = x;
  for (double& v : shifted) v += 10;
  const auto ln2 = tmx::layernorm_steps(shifted, 1.5, 0.25);
  for (size_t i = 0; i < x.size(); ++i) CHECK(ln2.out[i] == Approx(ln.out[i]).margin(1e-9));
  CHECK(tmx::rmsnorm_steps(shifted, 2.0).out[0] != Approx(rms.out[0]));

  CHECK_THROWS_AS(tmx::layernorm_steps({1.0}, 1, 0), tmx::Error);
  CHECK_THROWS_AS(tmx::rmsnorm_steps({1.0, NAN}, 1), tmx::Error);
  tmx::ResidualStackConfig bad;
  bad.depth = 0;
  CHECK_THROWS_AS(tmx::make_residual_stack(bad), tmx::Error);
}
