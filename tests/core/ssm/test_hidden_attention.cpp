// Hidden attention: the matrix applied to the scan input reproduces the Mamba block.
// Identity: for every channel e and step t, Σ_s α_e[t, s] u_s[e] + D[e] u_t[e] = y_t[e] (the scan
// output before the gate), and ((α u + D u) ⊙ SiLU(z)) · out_projᵀ = the block output.
#include <catch2/catch.hpp>
#include <cmath>

#include "core/numeric.h"
#include "core/ssm/hidden_attention.h"
#include "core/ssm/mamba_block.h"
#include "golden.h"

using namespace tmx;
using namespace tmx::ssm;

TEST_CASE("hidden attention reproduces the Mamba block's output", "[ssm][hidden_attention]") {
  const SafeTensors st = SafeTensors::from_file(tmx::test::mamba_golden("block.safetensors"));
  const Mat dims = st.get("dims");
  MambaConfig c;
  c.d_model = (int)dims(0, 0), c.d_state = (int)dims(0, 1), c.d_conv = (int)dims(0, 2), c.expand = (int)dims(0, 3);
  c.dt_rank = (int)dims(0, 4);
  MambaBlockParams p = mamba_block_zeros(c);
  for (NamedMat& nm : mamba_block_named(c, p)) *nm.m = st.get("param." + nm.name, nm.shape);
  const int L = 7, E = c.d_inner();
  const Mat x = st.get("x").topRows(L);
  Mat out;
  MambaBlockCache k;
  mamba_block_forward(c, p, x, 1, L, out, k);

  Mat gated(L, E);  // (L, E)
  for (int e = 0; e < E; ++e) {
    const Mat a = hidden_attention(c, k, e);  // (L, L)
    for (int t = 0; t < L; ++t) {
      for (int s = t + 1; s < L; ++s) CHECK(a(t, s) == 0.0f);  // causal
      double y = p.D(0, e) * k.u(t, e);
      for (int s = 0; s <= t; ++s) y += (double)a(t, s) * k.u(s, e);
      CHECK(y == Approx(k.scan.y[(size_t)e * L + t]).margin(1e-5));
      const float z = k.xz(t, E + e);
      gated(t, e) = (float)y * z / (1 + std::exp(-z));
    }
  }
  const Mat out2 = gated * p.out_proj_weight.transpose();
  CHECK(compare(out2.data(), out.data(), out.size()).max_abs < 1e-5);
  // ...and the block output itself is PyTorch's (first sequence of the golden batch).
  const Mat want = st.get("out").topRows(L);
  CHECK(compare(out2.data(), want.data(), want.size()).max_abs < 1e-4);
}

TEST_CASE("hidden attention of a one-state channel has the closed form", "[ssm][hidden_attention]") {
  // N = 1: α[t, s] = C_t · exp(A Σ_{k=s+1..t} Δ_k) · Δ_s B_s
  const float delta[3] = {0.5f, 0.2f, 0.1f}, A = -1.5f;
  Mat B(3, 1), C(3, 1);
  B << 1.0f, -2.0f, 0.5f;
  C << 0.3f, 1.0f, 2.0f;
  const Mat a = hidden_attention_channel(delta, &A, B, C);
  CHECK(a(0, 0) == Approx(0.3 * 0.5 * 1.0));
  CHECK(a(2, 0) == Approx(2.0 * std::exp(-1.5 * (0.2 + 0.1)) * 0.5 * 1.0));
  CHECK(a(2, 1) == Approx(2.0 * std::exp(-1.5 * 0.1) * 0.2 * -2.0));
  CHECK(a(0, 2) == 0.0f);
  const Mat r = row_normalize(a);
  CHECK(r.row(2).cwiseAbs().sum() == Approx(1.0f));
}

TEST_CASE("combined hidden attention is the channel mean", "[ssm][hidden_attention]") {
  MambaConfig c;
  c.d_model = 8, c.d_state = 4, c.expand = 1;
  Rng rng(5);
  const MambaBlockParams p = mamba_block_init(c, rng);
  Mat x(6, 8);
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = rng.normal();
  Mat out;
  MambaBlockCache k;
  mamba_block_forward(c, p, x, 1, 6, out, k);
  const Mat m = hidden_attention_combined(c, k, ChannelCombine::MeanAbs);
  const Mat s = hidden_attention_combined(c, k, ChannelCombine::Mean);
  Mat ref = Mat::Zero(6, 6);
  for (int e = 0; e < 8; ++e) ref += hidden_attention(c, k, e).cwiseAbs() / 8.0f;
  CHECK((m - ref).cwiseAbs().maxCoeff() < 1e-6f);
  CHECK((s.cwiseAbs().array() <= m.array() + 1e-6f).all());
}
