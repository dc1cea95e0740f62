// What the positions chapter, widget and scenes rely on:
//  - attention without positions is permutation-equivariant (permute the tokens, the outputs
//    permute the same way), and adding positions (or a causal mask) breaks that;
//  - the sinusoidal encoding moves by a rotation per pair, so PE(p)·PE(q) depends on p − q only;
//  - RoPE (rope_forward): q_m · k_n depends on m − n only;
//  - rotate-half and interleaved RoPE are the same rotation up to a fixed permutation of each
//    head's dimensions (the one HF applies to LLaMA's W_q and W_k), and skipping that permutation
//    changes the scores.
// The sinusoidal encoding and rope_forward themselves are checked against PyTorch in test_ops.cpp.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "core/error.h"
#include "core/nn/ops.h"
#include "core/positions.h"
#include "core/rng.h"

using namespace tmx;

namespace {

template <typename S>
MatT<S> randn(Eigen::Index r, Eigen::Index c, uint32_t seed) {
  Rng rng(seed);
  MatT<S> m(r, c);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<S>(rng.normal());
  return m;
}

// Single-head self-attention of X with projections Wq, Wk, Wv (torch.nn.Linear layout).
MatD self_attention(const MatD& x, const MatD& wq, const MatD& wk, const MatD& wv, bool causal) {
  MatD q, k, v, out, w;
  linear_forward(q, x, wq, nullptr);
  linear_forward(k, x, wk, nullptr);
  linear_forward(v, x, wv, nullptr);
  AttnMask mask;
  mask.causal = causal;
  sdpa_forward(out, w, q, k, v, static_cast<float>(1.0 / std::sqrt(static_cast<double>(q.cols()))), mask);
  return out;
}

}  // namespace

TEST_CASE("attention without positions is permutation-equivariant; positions break it", "[core][positions]") {
  const int T = 6, C = 8;
  const MatD x = randn<double>(T, C, 3), wq = randn<double>(C, C, 4), wk = randn<double>(C, C, 5),
             wv = randn<double>(C, C, 6);
  const std::vector<int> order = {4, 0, 5, 2, 1, 3};
  const MatD out = self_attention(x, wq, wk, wv, false);
  const MatD out_p = self_attention(permute_rows(x, order), wq, wk, wv, false);
  // The outputs are the same rows, moved the way the inputs were.
  CHECK((out_p - permute_rows(out, order)).cwiseAbs().maxCoeff() < 1e-12);
  // ...and not simply equal in place (the permutation really moves different rows).
  CHECK((out_p - out).cwiseAbs().maxCoeff() > 1e-2);

  // With the sinusoidal encoding added to the tokens (at their new positions) it no longer holds.
  const MatD pe = sinusoidal_encoding(T, C).cast<double>();
  const MatD with_pos = self_attention(x + pe, wq, wk, wv, false);
  const MatD with_pos_p = self_attention(permute_rows(x, order) + pe, wq, wk, wv, false);
  CHECK((with_pos_p - permute_rows(with_pos, order)).cwiseAbs().maxCoeff() > 1e-2);
  // A causal mask is an order too: it also breaks equivariance.
  const MatD causal = self_attention(x, wq, wk, wv, true);
  const MatD causal_p = self_attention(permute_rows(x, order), wq, wk, wv, true);
  CHECK((causal_p - permute_rows(causal, order)).cwiseAbs().maxCoeff() > 1e-2);

  CHECK_THROWS_AS(permute_rows(x, {0, 1, 2}), Error);
  CHECK_THROWS_WITH(permute_rows(x, {0, 1, 2, 3, 4, 4}), Catch::Contains("not a permutation"));
}

TEST_CASE("sinusoidal encoding: each pair rotates with the offset, similarity depends on p - q only",
          "[core][positions]") {
  const int T = 40, C = 16;
  const Mat pe = sinusoidal_encoding(T, C);
  // Closed form: pe[p, 2i] = sin(p w_i), pe[p, 2i+1] = cos(p w_i), w_i = 10000^(-2i/C).
  for (int p = 0; p < T; ++p)
    for (int i = 0; i < C / 2; ++i) {
      const double w = 1.0 / std::pow(10000.0, 2.0 * i / C);
      CHECK(pe(p, 2 * i) == Approx(std::sin(p * w)).margin(1e-6));
      CHECK(pe(p, 2 * i + 1) == Approx(std::cos(p * w)).margin(1e-6));
      CHECK(sinusoid_wavelength(i, C) == Approx(2 * std::acos(-1.0) / w).epsilon(1e-12));
    }
  // PE(p + k) = R(k w_i) PE(p) pair by pair, with R independent of p.
  const int k = 7;
  for (int p = 0; p + k < T; p += 5)
    for (int i = 0; i < C / 2; ++i) {
      const double w = 1.0 / std::pow(10000.0, 2.0 * i / C), c = std::cos(k * w), s = std::sin(k * w);
      const double sp = pe(p, 2 * i), cp = pe(p, 2 * i + 1);
      CHECK(pe(p + k, 2 * i) == Approx(sp * c + cp * s).margin(1e-5));
      CHECK(pe(p + k, 2 * i + 1) == Approx(cp * c - sp * s).margin(1e-5));
    }
  // Similarity is a Toeplitz matrix: S(p, q) = (2/C) sum_i cos((p - q) w_i).
  const Mat sim = position_similarity(pe);
  for (int p = 0; p < T; ++p)
    for (int q = 0; q < T; ++q) {
      double e = 0;
      for (int i = 0; i < C / 2; ++i) e += std::cos((p - q) / std::pow(10000.0, 2.0 * i / C));
      CHECK(sim(p, q) == Approx(e * 2.0 / C).margin(1e-5));
    }
  CHECK(sim(3, 3) == Approx(1.0).margin(1e-6));
  CHECK(sim(0, 1) > sim(0, 5));  // nearby positions look more alike than far ones (at this width)
}

TEST_CASE("RoPE: q_m . k_n depends only on m - n", "[core][positions]") {
  const int hd = 64, T = 48;
  const MatD q = randn<double>(T, hd, 11), k0 = randn<double>(1, hd, 12);
  // Scores of one query vector at every position against one key vector at every position.
  MatD qrep(T, hd), krep(T, hd), qr, kr;
  for (int t = 0; t < T; ++t) {
    qrep.row(t) = q.row(0);
    krep.row(t) = k0.row(0);
  }
  rope_forward(qr, qrep, 1, hd, 0);
  rope_forward(kr, krep, 1, hd, 0);
  const MatD scores = qr * kr.transpose();  // (T, T): scores(m, n) = q_m . k_n
  for (int m = 1; m < T; ++m)
    for (int n = 1; n < T; ++n) CHECK(scores(m, n) == Approx(scores(m - 1, n - 1)).margin(1e-10));
  // Not trivially constant: different offsets give different scores.
  CHECK(std::fabs(scores(5, 0) - scores(0, 0)) > 1e-2);
  // The unrotated product is the offset-0 score.
  CHECK(scores(9, 9) == Approx(q.row(0).dot(k0.row(0))).margin(1e-10));

  // rope_dot (float, the chapter's and widget's path) agrees for the same offset at far positions.
  Mat qf, kf;
  rope_example(qf, kf);
  const double d0 = rope_dot(qf, kf, 5, 3);
  for (int m : {2, 10, 100, 1000}) CHECK(rope_dot(qf, kf, m, m - 2) == Approx(d0).margin(2e-3));
  CHECK(std::fabs(rope_dot(qf, kf, 5, 2) - d0) > 1e-2);
  CHECK(rope_frequency(0, 4) == 1.0);
  CHECK(rope_frequency(1, 4) == Approx(0.01));
  CHECK_THROWS_AS(rope_dot(qf, Mat::Zero(1, 6), 0, 0), Error);
}

TEST_CASE("RoPE layouts: rotate-half equals interleaved up to a fixed permutation of each head",
          "[core][positions]") {
  const int n_head = 3, hd = 8, T = 5, pos0 = 4;
  const std::vector<int> perm = rope_interleaved_to_half(hd);
  CHECK(perm == std::vector<int>{0, 2, 4, 6, 1, 3, 5, 7});
  for (uint32_t seed : {1u, 2u, 3u}) {
    const MatD x = randn<double>(T, n_head * hd, seed);
    MatD inter, half;
    rope_interleaved_forward(inter, x, n_head, hd, pos0);
    rope_forward(half, permute_head_dims(x, perm, n_head), n_head, hd, pos0);
    CHECK((half - permute_head_dims(inter, perm, n_head)).cwiseAbs().maxCoeff() < 1e-14);
  }
  // Float too, to rounding: both layouts compute the same angles and, per pair, o1 = x1 c - x2 s and
  // o2 = x2 c + x1 s. Built for a CPU with FMA the compiler may fuse one product of either formula
  // into the add (and the two loops need not be fused alike), which changes the result by at most the
  // rounding of one product plus the final rounding: 2 eps (|x1 c| + |x2 s|) <= 2 eps (|x1| + |x2|).
  const Mat xf = randn<float>(T, n_head * hd, 9);
  const Mat xf_half = permute_head_dims(xf, perm, n_head);
  Mat inter_f, half_f;
  rope_interleaved_forward(inter_f, xf, n_head, hd, pos0);
  rope_forward(half_f, xf_half, n_head, hd, pos0);
  const Mat inter_as_half = permute_head_dims(inter_f, perm, n_head);
  const float eps = std::numeric_limits<float>::epsilon();
  int over = 0;
  for (int t = 0; t < T; ++t)
    for (int h = 0; h < n_head; ++h)
      for (int j = 0; j < hd; ++j) {
        const int i = j % (hd / 2), c1 = h * hd + i, c2 = c1 + hd / 2;  // the pair in half layout
        const float bound = 2 * eps * (std::fabs(xf_half(t, c1)) + std::fabs(xf_half(t, c2)));
        if (std::fabs(half_f(t, h * hd + j) - inter_as_half(t, h * hd + j)) > bound) ++over;
      }
  CHECK(over == 0);
  // The bound is a few ULP, not a loose margin: a wrong angle (position off by one) breaks it.
  Mat shifted;
  rope_forward(shifted, xf_half, n_head, hd, pos0 + 1);
  CHECK((shifted - inter_as_half).cwiseAbs().maxCoeff() > 1e-3f);

  // Attention scores: permuting q and k's dimensions the same way keeps every q.k, so a checkpoint
  // trained with interleaved pairs runs in the rotate-half code once W_q and W_k rows are permuted...
  const MatD q = randn<double>(T, hd, 21), k = randn<double>(T, hd, 22);
  MatD qi, ki, qh, kh, qn, kn;
  rope_interleaved_forward(qi, q, 1, hd, 0);
  rope_interleaved_forward(ki, k, 1, hd, 0);
  rope_forward(qh, permute_head_dims(q, perm, 1), 1, hd, 0);
  rope_forward(kh, permute_head_dims(k, perm, 1), 1, hd, 0);
  const MatD s_inter = qi * ki.transpose(), s_half = qh * kh.transpose();
  CHECK((s_inter - s_half).cwiseAbs().maxCoeff() < 1e-12);
  // ...and without the permutation the same weights give different scores.
  rope_forward(qn, q, 1, hd, 0);
  rope_forward(kn, k, 1, hd, 0);
  CHECK((s_inter - qn * kn.transpose()).cwiseAbs().maxCoeff() > 1e-2);

  CHECK_THROWS_AS(rope_interleaved_to_half(7), Error);
  MatD o;
  CHECK_THROWS_AS(rope_interleaved_forward(o, MatD(MatD::Zero(1, 10)), 1, 8, 0), Error);
}
