// Mamba block vs the PyTorch reference (tests/golden/mamba/block.safetensors: batch 2, L 7,
// d_model 8, d_state 4, d_conv 4, expand 2, dt_rank 2): output, input gradient and every
// parameter gradient; recurrent step mode == full forward; reference initialization; bad input.
#include <catch2/catch.hpp>
#include <cmath>

#include "core/numeric.h"
#include "core/ssm/check.h"
#include "core/ssm/mamba_block.h"
#include "block_fd.h"
#include "golden.h"

using namespace tmx;
using namespace tmx::ssm;

static void check_close(const Mat& a, const Mat& b, double rtol, double atol, const std::string& what) {
  REQUIRE(a.rows() == b.rows());
  REQUIRE(a.cols() == b.cols());
  double worst = 0;
  Eigen::Index wi = 0;
  for (Eigen::Index i = 0; i < a.size(); ++i) {
    REQUIRE(std::isfinite(a.data()[i]));
    const double e = std::fabs((double)a.data()[i] - b.data()[i]) / (atol + rtol * std::fabs((double)b.data()[i]));
    if (e > worst) worst = e, wi = i;
  }
  INFO(what << ": worst element " << wi << " got " << a.data()[wi] << " want " << b.data()[wi]);
  CHECK(worst <= 1.0);
}

static MambaConfig golden_config(const SafeTensors& st) {
  const Mat d = st.get("dims");  // d_model, d_state, d_conv, expand, dt_rank
  MambaConfig c;
  c.d_model = (int)d(0, 0), c.d_state = (int)d(0, 1), c.d_conv = (int)d(0, 2), c.expand = (int)d(0, 3);
  c.dt_rank = (int)d(0, 4);
  return c;
}

static MambaBlockParams golden_params(const MambaConfig& c, const SafeTensors& st, const std::string& prefix) {
  MambaBlockParams p = mamba_block_zeros(c);
  for (NamedMat& nm : mamba_block_named(c, p)) *nm.m = st.get(prefix + nm.name, nm.shape);
  return p;
}

TEST_CASE("Mamba block forward and gradients match the PyTorch reference", "[ssm][block][golden]") {
  const SafeTensors st = SafeTensors::from_file(tmx::test::mamba_golden("block.safetensors"));
  const MambaConfig c = golden_config(st);
  const MambaBlockParams p = golden_params(c, st, "param.");
  const Mat x = st.get("x");  // (2, 7, 8) -> (14, 8)
  Mat out;
  MambaBlockCache cache;
  mamba_block_forward(c, p, x, 2, 7, out, cache);
  check_close(out, st.get("out"), 1e-4, 1e-5, "out");

  MambaBlockParams g = mamba_block_zeros(c);
  Mat dx;
  mamba_block_backward(c, p, cache, st.get("dout"), dx, g);
  check_close(dx, st.get("dx"), 1e-4, 1e-5, "dx");
  for (NamedMat& nm : mamba_block_named(c, g)) {
    const Mat want = st.get("grad." + nm.name);
    check_close(*nm.m, Eigen::Map<const Mat>(want.data(), nm.m->rows(), nm.m->cols()), 1e-4, 1e-5, nm.name);
  }
  // Backward accumulates: a second call doubles every gradient.
  MambaBlockParams g2 = g;
  mamba_block_backward(c, p, cache, st.get("dout"), dx, g2);
  CHECK((g2.A_log - 2 * g.A_log).cwiseAbs().maxCoeff() < 1e-5f);
}

TEST_CASE("Mamba block step mode reproduces the full-sequence forward token by token", "[ssm][block][step]") {
  const SafeTensors st = SafeTensors::from_file(tmx::test::mamba_golden("block.safetensors"));
  const MambaConfig c = golden_config(st);
  const MambaBlockParams p = golden_params(c, st, "param.");
  const Mat x = st.get("x").topRows(7);  // first sequence of the batch, (7, 8)
  Mat full;
  MambaBlockCache cache;
  mamba_block_forward(c, p, x, 1, 7, full, cache);
  MambaBlockState s;
  s.reset(c, p);
  RowVec o;
  for (int t = 0; t < 7; ++t) {
    mamba_block_step(c, p, x.row(t), s, o);
    const Diff d = compare(o.data(), full.row(t).data(), o.size());
    INFO("token " << t);
    CHECK(d.max_abs < 1e-5);
  }
  // The SSM state after the last step equals the scan's last state.
  for (int e = 0; e < c.d_inner(); ++e)
    for (int n = 0; n < c.d_state; ++n)
      CHECK(s.ssm_state(e, n) == Approx(cache.scan.h[((size_t)e * 7 + 6) * c.d_state + n]).margin(1e-5));
  s.reset(c, p);
  mamba_block_step(c, p, x.row(0), s, o);
  CHECK(compare(o.data(), full.row(0).data(), o.size()).max_abs < 1e-5);
}

TEST_CASE("Mamba block reference initialization", "[ssm][block]") {
  MambaConfig c;
  c.d_model = 32, c.d_state = 8;
  CHECK(c.rank() == 2);  // "auto" = ceil(32 / 16)
  c.d_model = 33;
  CHECK(c.rank() == 3);
  c.d_model = 32;
  Rng rng(3);
  const MambaBlockParams p = mamba_block_init(c, rng);
  CHECK(p.A_log(5, 0) == Approx(0.0f));
  CHECK(p.A_log(5, 7) == Approx(std::log(8.0f)));
  CHECK(p.D.minCoeff() == 1.0f);
  CHECK(p.D.maxCoeff() == 1.0f);
  for (int e = 0; e < c.d_inner(); ++e) {
    const double dt = std::log1p(std::exp((double)p.dt_proj_bias(0, e)));  // softplus(bias)
    CHECK(dt >= c.dt_min * 0.999);
    CHECK(dt <= c.dt_max * 1.001);
  }
  CHECK(p.in_proj_weight.cwiseAbs().maxCoeff() <= 1 / std::sqrt(32.f));
  CHECK(p.in_proj_weight.cwiseAbs().maxCoeff() > 0.5f / std::sqrt(32.f));
}

TEST_CASE("Mamba block rejects bad input", "[ssm][block]") {
  MambaConfig c;
  c.d_model = 8, c.d_state = 4;
  Rng rng(1);
  const MambaBlockParams p = mamba_block_init(c, rng);
  Mat out;
  MambaBlockCache cache;
  CHECK_THROWS_AS(mamba_block_forward(c, p, Mat(Mat::Zero(5, 7)), 1, 5, out, cache), SsmError);
  Mat x = Mat::Ones(5, 8);
  x(2, 3) = NAN;
  CHECK_THROWS_AS(mamba_block_forward(c, p, x, 1, 5, out, cache), SsmError);
  MambaConfig bad = c;
  bad.d_state = 0;
  CHECK_THROWS_AS(mamba_block_forward(bad, p, Mat(Mat::Ones(5, 8)), 1, 5, out, cache), SsmError);
  MambaBlockState s;  // not reset
  RowVec o;
  CHECK_THROWS_AS(mamba_block_step(c, p, RowVec::Ones(8), s, o), SsmError);
}

// Finite differences in double through the whole block (block_fd.h).
TEST_CASE("Mamba block backward agrees with finite differences in double", "[ssm][block][fd]") {
  MambaConfig c;
  c.d_model = 4, c.d_state = 3, c.d_conv = 3, c.expand = 2, c.dt_rank = 2;
  test::check_mamba_block_fd(c, 11, 2, 5);
}
