// Blockwise attention with the online softmax equals the full softmax attention (sdpa_forward,
// itself checked against PyTorch in test_ops.cpp) for random sizes, block sizes and masks, and
// holds only the working memory attention_working_memory says.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "core/error.h"
#include "core/nn/ops.h"
#include "core/rng.h"
#include "../max_abs_diff.h"

using namespace tmx;

namespace {

template <typename S>
MatT<S> random_mat(Rng& rng, int r, int c, float scale = 1.0f) {
  MatT<S> m(r, c);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = S(rng.normal() * scale);
  return m;
}

int uniform_int(Rng& rng, int lo, int hi) {  // [lo, hi]
  return lo + static_cast<int>(std::floor(rng.uniform() * (hi - lo + 1))) % (hi - lo + 1);
}

}  // namespace

TEST_CASE("blockwise attention equals full softmax attention for random sizes, blocks and masks", "[core][flash]") {
  Rng rng(2024);
  for (int trial = 0; trial < 60; ++trial) {
    const int Tk = uniform_int(rng, 1, 40), Tq = uniform_int(rng, 1, Tk), d = uniform_int(rng, 1, 12),
              dv = uniform_int(rng, 1, 9);
    const int bq = uniform_int(rng, 1, Tq + 3), bk = uniform_int(rng, 1, Tk + 3);
    AttnMask mask;
    mask.causal = trial % 3 != 0;
    mask.pos0 = mask.causal ? Tk - Tq : 0;  // queries are the last Tq positions (a KV cache)
    std::vector<uint8_t> pad;
    if (trial % 4 == 1) {  // pad some keys, sometimes all of them
      for (int j = 0; j < Tk; ++j) pad.push_back(trial % 8 == 1 ? 1 : rng.uniform() < 0.3f);
      mask.key_pad = &pad;
    }
    const float scale = 1.0f / std::sqrt(static_cast<float>(d));
    INFO("trial " << trial << ": Tq " << Tq << " Tk " << Tk << " d " << d << " blocks " << bq << "x" << bk
                  << (mask.causal ? " causal" : "") << (mask.key_pad ? " padded" : ""));
    {  // float: the model's precision
      const Mat q = random_mat<float>(rng, Tq, d, 2.0f), k = random_mat<float>(rng, Tk, d, 2.0f),
                v = random_mat<float>(rng, Tk, dv);
      Mat full, w, flash;
      sdpa_forward(full, w, q, k, v, scale, mask);
      flash_attention_forward(flash, q, k, v, scale, mask, bq, bk);
      CHECK(test::max_abs_diff(flash, full) < 1e-5);
    }
    {  // double: equal to rounding
      const MatD q = random_mat<double>(rng, Tq, d, 2.0f), k = random_mat<double>(rng, Tk, d, 2.0f),
                 v = random_mat<double>(rng, Tk, dv);
      MatD full, w, flash, scores;
      VecT<double> lse;
      FlashTrace tr;
      sdpa_forward(full, w, q, k, v, scale, mask, nullptr, &scores);
      flash_attention_forward(flash, q, k, v, scale, mask, bq, bk, &lse, &tr);
      CHECK((flash - full).cwiseAbs().maxCoeff() < 1e-12);
      // lse = log sum_j exp(masked score): what the real kernel keeps for its backward.
      for (int i = 0; i < Tq; ++i) {
        const double m = scores.row(i).maxCoeff();
        if (std::isinf(m)) {
          CHECK(std::isinf(lse(i)));
          continue;
        }
        double s = 0;
        for (int j = 0; j < Tk; ++j)
          if (!std::isinf(scores(i, j))) s += std::exp(scores(i, j) - m);
        CHECK(std::fabs(lse(i) - (m + std::log(s))) < 1e-12);
      }
      // The memory it held is what attention_working_memory predicts; full attention holds Tq x Tk.
      const AttnWorkingMemory mem = attention_working_memory(Tq, Tk, bq, bk);
      CHECK(tr.peak_values == mem.blockwise);
      CHECK(w.size() == mem.full);
      // The last tile of each query block carries the finished rows.
      for (size_t s = 0; s < tr.steps.size(); ++s) {
        const FlashStep& st = tr.steps[s];
        if (s + 1 < tr.steps.size() && tr.steps[s + 1].q0 == st.q0) continue;
        for (int i = 0; i < st.rows; ++i)
          if (st.l[static_cast<size_t>(i)] > 0)
            CHECK((st.partial.row(i) - full.row(st.q0 + i)).cwiseAbs().maxCoeff() < 1e-12);
      }
    }
  }
}

TEST_CASE("online softmax: the running max only grows and the rescale factor is exp(m_old - m_new)", "[core][flash]") {
  // One query, six keys in blocks of two; the scores rise then fall so the max moves twice.
  MatD q(1, 1), k(6, 1), v(6, 1);
  q << 1;
  k << 0.5, 1.0, 2.0, -1.0, 3.0, 0.0;
  v << 1, 2, 3, 4, 5, 6;
  MatD out, full, w;
  FlashTrace tr;
  flash_attention_forward(out, q, k, v, 1.0f, AttnMask{}, 1, 2, nullptr, &tr);
  sdpa_forward(full, w, q, k, v, 1.0f, AttnMask{});
  REQUIRE(tr.steps.size() == 3);
  CHECK(tr.steps[0].alpha[0] == 0.0);  // nothing to rescale before the first block
  double m_prev = -std::numeric_limits<double>::infinity(), l_check = 0;
  for (const FlashStep& st : tr.steps) {
    CHECK(st.m[0] >= m_prev);
    CHECK(st.m[0] == std::max(m_prev, st.block_max[0]));
    if (!std::isinf(m_prev)) CHECK(st.alpha[0] == Approx(std::exp(m_prev - st.m[0])).epsilon(1e-15));
    l_check = st.alpha[0] * l_check;
    for (int j = st.k0; j < st.k0 + st.cols; ++j) l_check += std::exp(k(j, 0) - st.m[0]);
    CHECK(st.l[0] == Approx(l_check).epsilon(1e-14));
    m_prev = st.m[0];
  }
  CHECK(tr.steps[1].alpha[0] == Approx(std::exp(1.0 - 2.0)));
  CHECK(tr.steps[2].alpha[0] == Approx(std::exp(2.0 - 3.0)));
  CHECK(std::fabs(out(0, 0) - full(0, 0)) < 1e-14);
}

TEST_CASE("blockwise attention: causal tiles in the future are skipped, bad arguments are refused", "[core][flash]") {
  Rng rng(5);
  const Mat q = random_mat<float>(rng, 8, 4), k = random_mat<float>(rng, 8, 4), v = random_mat<float>(rng, 8, 4);
  Mat out;
  FlashTrace tr;
  AttnMask causal;
  causal.causal = true;
  flash_attention_forward(out, q, k, v, 0.5f, causal, 2, 2, nullptr, &tr);
  CHECK(tr.steps.size() == 4 + 3 + 2 + 1);  // query block b sees key blocks 0..b
  flash_attention_forward(out, q, k, v, 0.5f, AttnMask{}, 2, 2, nullptr, &tr);
  CHECK(tr.steps.size() == 16);
  CHECK_THROWS_AS(flash_attention_forward(out, q, k, v, 0.5f, causal, 0, 2), Error);
  CHECK_THROWS_AS(flash_attention_forward(out, q, Mat(k.leftCols(3)), v, 0.5f, causal, 2, 2), Error);
  std::vector<uint8_t> short_pad(3, 0);
  AttnMask pad;
  pad.key_pad = &short_pad;
  CHECK_THROWS_AS(flash_attention_forward(out, q, k, v, 0.5f, pad, 2, 2), Error);
  CHECK_THROWS_AS(attention_working_memory(0, 4, 1, 1), Error);
  // 4096 tokens, one head: 16.8M weights in full, one 128 x 128 tile and two 128-vectors blockwise.
  const AttnWorkingMemory m = attention_working_memory(4096, 4096, 128, 128);
  CHECK(m.full == 16777216);
  CHECK(m.blockwise == 16384 + 256);
}
