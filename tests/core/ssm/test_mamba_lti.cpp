// The Mamba block's LTI ablation (MambaConfig::lti, S4-like): Δ, B, C are parameters that do not
// depend on the input; forward/backward against finite differences; step mode == forward; the
// parameter budget; the LM and its config carry the option.
#include <catch2/catch.hpp>
#include <cmath>

#include "core/json.h"
#include "core/numeric.h"
#include "core/ssm/hidden_attention.h"
#include "core/ssm/mamba_block.h"
#include "core/ssm/mamba_lm.h"
#include "core/train.h"
#include "block_fd.h"

using namespace tmx;
using namespace tmx::ssm;

static MambaConfig small(bool lti) {
  MambaConfig c;
  c.d_model = 8, c.d_state = 4, c.d_conv = 3, c.expand = 2, c.dt_rank = 2;
  c.lti = lti;
  return c;
}

static Trace traced_forward(const MambaConfig& c, const MambaBlockParams& p, const Mat& x) {
  Trace tr;
  Mat out;
  MambaBlockCache k;
  mamba_block_forward(c, p, x, 1, (int)x.rows(), out, k, &tr);
  return tr;
}

static float max_diff(const Trace& a, const Trace& b, const std::string& name) {
  REQUIRE(a.has(name));
  REQUIRE(b.has(name));
  return (*a.get(name) - *b.get(name)).cwiseAbs().maxCoeff();
}

TEST_CASE("LTI ablation: perturbing the input does not change delta, B or C (and does in the default block)",
          "[ssm][block][lti]") {
  for (bool lti : {true, false}) {
    const MambaConfig c = small(lti);
    Rng rng(5);
    const MambaBlockParams p = mamba_block_init(c, rng);
    Mat x(9, c.d_model), x2(9, c.d_model);
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = rng.normal();
    for (Eigen::Index i = 0; i < x.size(); ++i) x2.data()[i] = x.data()[i] + rng.normal();  // a different input
    const Trace a = traced_forward(c, p, x), b = traced_forward(c, p, x2);
    CHECK(max_diff(a, b, "out") > 1e-3f);  // the input did change what the block computes
    INFO("lti = " << lti);
    if (lti) {
      CHECK(max_diff(a, b, "delta") == 0.0f);
      CHECK(max_diff(a, b, "B") == 0.0f);
      CHECK(max_diff(a, b, "C") == 0.0f);
      CHECK(max_diff(a, b, "A_bar") == 0.0f);
      CHECK(max_diff(a, b, "B_bar") == 0.0f);
      // Δ is the same at every step too: softplus(dt_proj.bias) per channel.
      const Mat& d = *a.get("delta");  // (L, E)
      for (int e = 0; e < c.d_inner(); ++e) {
        CHECK(d(0, e) == Approx(std::log1p(std::exp(p.dt_proj_bias(0, e)))).epsilon(1e-5));
        CHECK((d.col(e).array() - d(0, e)).abs().maxCoeff() == 0.0f);
      }
      CHECK(*a.get("B") == p.B);
      CHECK(*a.get("C") == p.C);
    } else {
      CHECK(max_diff(a, b, "delta") > 1e-6f);
      CHECK(max_diff(a, b, "B") > 1e-4f);
      CHECK(max_diff(a, b, "C") > 1e-4f);
    }
  }
}

TEST_CASE("LTI ablation: parameters, their names and budget", "[ssm][block][lti]") {
  const MambaConfig s = small(false), l = small(true);
  Rng r1(2), r2(2);
  MambaBlockParams ps = mamba_block_init(s, r1), pl = mamba_block_init(l, r2);
  auto count = [](const auto& named) {
    int64_t n = 0;
    for (const auto& nm : named) n += nm.m->size();
    return n;
  };
  const auto ns = mamba_block_named(s, ps), nl = mamba_block_named(l, pl);
  const int64_t E = l.d_inner(), N = l.d_state, R = l.rank();
  CHECK(count(ns) - count(nl) == 2 * E * R);  // x_proj (R + 2N)E and dt_proj.weight ER replaced by B, C: 2EN
  bool has_b = false, has_x = false;
  for (const auto& nm : nl) has_b |= nm.name == "B", has_x |= nm.name == "x_proj.weight";
  CHECK(has_b);
  CHECK_FALSE(has_x);
  CHECK(pl.B.rows() == E);
  CHECK(pl.B.cols() == N);
  CHECK(pl.B.minCoeff() == 1.0f);  // S4D init
  CHECK(pl.C.cwiseAbs().maxCoeff() > 0.1f);
  // The shared parts are drawn from the same stream up to x_proj: in_proj and conv agree.
  CHECK(ps.in_proj_weight == pl.in_proj_weight);
  CHECK(ps.conv1d_weight == pl.conv1d_weight);
}

TEST_CASE("LTI ablation: backward agrees with finite differences in double", "[ssm][block][lti][fd]") {
  MambaConfig c = small(true);
  c.d_model = 4, c.d_state = 3;
  test::check_mamba_block_fd(c, 17, 2, 6);  // B and C (the LTI parameters) included
}

TEST_CASE("LTI ablation: step mode reproduces the forward, and the block is a fixed convolution", "[ssm][block][lti][step]") {
  const MambaConfig c = small(true);
  Rng rng(8);
  const MambaBlockParams p = mamba_block_init(c, rng);
  const int L = 10;
  Mat x(L, c.d_model);
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = rng.normal();
  Mat full;
  MambaBlockCache k;
  mamba_block_forward(c, p, x, 1, L, full, k);
  MambaBlockState s;
  s.reset(c, p);
  RowVec o;
  for (int t = 0; t < L; ++t) {
    mamba_block_step(c, p, x.row(t), s, o);
    INFO("token " << t);
    CHECK(compare(o.data(), full.row(t).data(), o.size()).max_abs < 1e-5);
  }
  // Channel e's scan output (before the gate) is u convolved with one fixed kernel
  // K_j = Σ_n C[e,n] exp(ΔA[e,n])^j Δ B[e,n], plus D u: the same kernel for every input.
  const int E = c.d_inner(), N = c.d_state;
  for (int e = 0; e < E; e += 5) {
    const double d = std::log1p(std::exp((double)p.dt_proj_bias(0, e)));
    for (int t = 0; t < L; ++t) {
      double y = p.D(0, e) * k.u(t, e);
      for (int j = 0; j <= t; ++j) {
        double K = 0;
        for (int n = 0; n < N; ++n) K += p.C(e, n) * std::pow(std::exp(d * k.A(e, n)), j) * d * p.B(e, n);
        y += K * k.u(t - j, e);
      }
      CHECK(k.scan.y[(size_t)e * L + t] == Approx(y).margin(1e-5));
    }
  }
}

TEST_CASE("LTI ablation: hidden attention applied to the scan input reproduces the scan output", "[ssm][block][lti]") {
  const MambaConfig c = small(true);
  Rng rng(21);
  const MambaBlockParams p = mamba_block_init(c, rng);
  const int L = 7;
  Mat x(L, c.d_model), out;
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = rng.normal();
  MambaBlockCache k;
  mamba_block_forward(c, p, x, 1, L, out, k);
  for (int e = 0; e < c.d_inner(); e += 3) {
    const Mat a = hidden_attention(c, k, e);  // (L, L)
    for (int t = 0; t < L; ++t) {
      double y = p.D(0, e) * k.u(t, e);
      for (int s = 0; s <= t; ++s) y += a(t, s) * k.u(s, e);
      CHECK(k.scan.y[(size_t)e * L + t] == Approx(y).margin(1e-5));
    }
    // Time-invariant: the weight depends only on t − s.
    CHECK(a(5, 2) == Approx(a(4, 1)).margin(1e-6));
  }
}

TEST_CASE("LTI ablation: the language model carries the option through config.json and training", "[ssm][lti]") {
  const json::Value cfg = json::parse(
      R"({"model_type": "mamba", "d_model": 16, "n_layer": 2, "vocab_size": 10, "d_state": 4, "lti": true})");
  auto m = create_model(cfg, 3);
  auto* lm = dynamic_cast<MambaLM*>(m.get());
  REQUIRE(lm);
  CHECK(lm->config().block.lti);
  CHECK(json::parse(m->config_json()).get_bool("lti", false));
  bool has_b = false;
  for (const auto& p : m->params()) has_b |= p.name == "backbone.layers.1.mixer.B";
  CHECK(has_b);
  // A few optimizer steps on a repeating sequence lower the loss (B, C, Δ get gradients).
  std::vector<int> ids;
  for (int i = 0; i < 400; ++i) ids.push_back(i % 7);
  TrainOptions o;
  o.steps = 30, o.batch = 4, o.context = 16, o.lr = 1e-2f, o.warmup = 0;
  Trainer tr(*m, ids, {}, o);
  tr.step();
  const float first = tr.last_loss();
  while (tr.steps_done() < o.steps) tr.step();
  CHECK(tr.last_loss() < 0.7f * first);
  // A config without it stays the default block, and a wrong type is refused.
  CHECK_FALSE(mamba_config_from_json(json::parse(R"({"d_model": 16, "n_layer": 1, "vocab_size": 10})")).block.lti);
  CHECK_THROWS_WITH(mamba_config_from_json(json::parse(R"({"d_model": 16, "n_layer": 1, "vocab_size": 10, "lti": 1})")),
                    Catch::Contains("lti"));
  CHECK(json::parse(create_model(json::parse(R"({"model_type": "mamba", "d_model": 16, "n_layer": 1, "vocab_size": 10})"), 1)
                        ->config_json())
            .find("lti") == nullptr);
}
