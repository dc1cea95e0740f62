// Multi-head attention per head (core/multi_head.h): the cost formulas against a real GPT's
// parameters and the shapes of its forward pass, the fused c_attn columns against the per-head
// q, k, v the forward traces, head statistics on hand-made weight patterns, and head ablation
// against the same model with that head's rows of c_proj zeroed (a peer computation).
#include <catch2/catch.hpp>

#include <cmath>

#include "core/error.h"
#include "core/multi_head.h"
#include "core/nn/ops.h"
#include "core/optim.h"
#include "core/train.h"
#include "../max_abs_diff.h"

using namespace tmx;
using tmx::test::max_abs_diff;

namespace {

GPT small_gpt(int C, int H, int L, uint32_t seed) {
  GPTConfig c;
  c.vocab_size = 37;
  c.n_positions = 16;
  c.n_embd = C;
  c.n_head = H;
  c.n_layer = L;
  GPT m(c, true, false);
  m.init_random(seed);
  // nanoGPT's N(0, 0.02) makes near-uniform attention; wider q/k weights give real patterns.
  Rng rng(seed + 1);
  for (auto& layer : m.w.h)
    for (Eigen::Index i = 0; i < layer.c_attn_w.size(); ++i) layer.c_attn_w.data()[i] = 0.3f * rng.normal();
  return m;
}

std::vector<int> some_ids(int n, int vocab, uint32_t seed) {
  Rng rng(seed);
  std::vector<int> ids;
  for (int i = 0; i < n; ++i) ids.push_back(static_cast<int>(rng.uniform() * vocab) % vocab);
  return ids;
}

}  // namespace

TEST_CASE("head cost: params add up to a real GPT layer's attention, FLOPs to its matrix products", "[core][multi-head]") {
  for (auto [C, H] : {std::pair{24, 3}, std::pair{32, 4}, std::pair{30, 5}}) {
    INFO("C = " << C << ", H = " << H);
    GPT m = small_gpt(C, H, 1, 3);
    const GPTLayer& l = m.w.h[0];
    const int64_t attn = l.c_attn_w.size() + l.c_attn_b.size() + l.attn_proj_w.size() + l.attn_proj_b.size();
    const int T = 9;
    const HeadCost c = attention_head_cost(C, H, T);
    CHECK(c.head_dim * H == C);
    CHECK(c.layer_params == attn);
    CHECK(c.params * H + C == attn);
    // The layer's multiply-adds for T tokens, from the traced shapes: x (T,C) @ c_attn (C,3C),
    // per head q (T,d) @ k^T (d,T) and w (T,T) @ v (T,d) (the full square; causal masking skips
    // none in the core), merged (T,C) @ c_proj (C,C).
    Trace tr;
    m.forward(some_ids(T, 37, 5), &tr);
    const Mat& x = *tr.get("h.0.ln_1.out");
    const Mat& q0 = *tr.get("h.0.attn.head.0.q");
    const Mat& w0 = *tr.get("h.0.attn.head.0.weights");
    const int64_t proj = 2 * x.rows() * x.cols() * l.c_attn_w.cols() + 2 * x.rows() * C * l.attn_proj_w.cols();
    const int64_t attn_mm = H * (2 * q0.rows() * q0.cols() * w0.cols() + 2 * w0.rows() * w0.cols() * q0.cols());
    CHECK(H * T * (c.qkv_flops + c.out_flops) == proj);
    CHECK(H * T * (c.score_flops + c.mix_flops) == attn_mm);
  }
  CHECK(attention_head_cost(768, 12, 1024).head_dim == 64);
  CHECK_THROWS_AS(attention_head_cost(768, 10, 8), Error);
  CHECK_THROWS_AS(attention_head_cost(0, 1, 8), Error);
  CHECK_THROWS_AS(attention_head_cost(64, 4, 0), Error);
}

TEST_CASE("fused c_attn: each head's q, k, v columns reproduce the per-head q, k, v of the forward", "[core][multi-head]") {
  const int C = 24, H = 3;
  GPT m = small_gpt(C, H, 1, 7);
  Trace tr;
  m.forward(some_ids(6, 37, 9), &tr);
  const Mat& x = *tr.get("h.0.ln_1.out");
  const GPTLayer& l = m.w.h[0];
  const char* names[3] = {"q", "k", "v"};
  for (int p = 0; p < 3; ++p)
    for (int h = 0; h < H; ++h) {
      INFO(names[p] << ", head " << h);
      const ColumnRange r = c_attn_columns(C, H, static_cast<QKV>(p), h);
      CHECK(r.begin == p * C + h * (C / H));
      CHECK(r.end - r.begin == C / H);
      const Mat w = c_attn_head(l.c_attn_w, H, static_cast<QKV>(p), h);
      const Mat b = l.c_attn_b.middleCols(r.begin, r.end - r.begin);
      const Mat mine = (x * w).rowwise() + b.row(0);
      const Mat& traced = *tr.get("h.0.attn.head." + std::to_string(h) + "." + names[p]);
      CHECK(max_abs_diff(mine, traced) < 1e-5f);
    }
  CHECK_THROWS_AS(c_attn_columns(768, 12, QKV::Q, 12), Error);
  CHECK_THROWS_AS(c_attn_head(Mat::Zero(4, 4), 2, QKV::K, 0), Error);
}

TEST_CASE("head statistics: previous-token, first-token and uniform patterns", "[core][multi-head]") {
  const int T = 5;
  Mat prev = Mat::Zero(T, T), first = Mat::Zero(T, T), uni = Mat::Zero(T, T);
  prev(0, 0) = 1;
  for (int i = 1; i < T; ++i) prev(i, i - 1) = 1;
  for (int i = 0; i < T; ++i) first(i, 0) = 1;
  for (int i = 0; i < T; ++i)
    for (int j = 0; j <= i; ++j) uni(i, j) = 1.0f / (i + 1);
  const HeadStats a = head_stats(prev), b = head_stats(first), c = head_stats(uni);
  CHECK(a.prev == Approx(1));
  CHECK(a.first == Approx(0.25));  // row 1's previous token is the first
  CHECK(a.entropy == Approx(0).margin(1e-12));
  CHECK(b.first == Approx(1));
  CHECK(b.prev == Approx(0.25));
  CHECK(c.entropy == Approx(c.uniform).epsilon(1e-6));
  CHECK(c.uniform == Approx((std::log(2.0) + std::log(3.0) + std::log(4.0) + std::log(5.0)) / 4));
  CHECK(c.self == Approx((1 / 2.0 + 1 / 3.0 + 1 / 4.0 + 1 / 5.0) / 4).epsilon(1e-6));
  CHECK(a.rows == T - 1);
  const HeadStats m = merge_head_stats({a, b});
  CHECK(m.rows == 2 * (T - 1));
  CHECK(m.prev == Approx((1 + 0.25) / 2));
  CHECK_THROWS_AS(head_stats(Mat::Zero(1, 1)), Error);
  CHECK_THROWS_AS(head_stats(Mat::Zero(2, 3)), Error);
}

TEST_CASE("head report: the loss equals eval_loss; ablating a head equals zeroing its rows of c_proj", "[core][multi-head]") {
  const int C = 24, H = 3, L = 2;
  GPT m = small_gpt(C, H, L, 11);
  const std::vector<int> ids = some_ids(40, 37, 13);
  const HeadReport r = gpt_head_report(m, ids, 12, 0);
  REQUIRE(r.stats.size() == size_t(L * H));
  REQUIRE(r.ablated_loss.size() == size_t(L * H));
  CHECK(r.loss == Approx(eval_loss(m, ids, 12)).epsilon(1e-9));
  CHECK(r.tokens == 39);  // windows of 12, 12, 12, 3 ids
  for (const HeadStats& s : r.stats) {
    CHECK(s.rows == 11 + 11 + 11 + 2);
    CHECK(s.entropy <= s.uniform + 1e-6);
    CHECK(s.prev + s.first <= 1 + 0.5);  // row 1 counts w(1, 0) in both
  }
  for (int l = 0; l < L; ++l)
    for (int h = 0; h < H; ++h) {
      INFO("layer " << l << ", head " << h);
      GPT peer = m;
      peer.w.h[l].attn_proj_w.middleRows(h * (C / H), C / H).setZero();
      CHECK(r.ablated_loss[size_t(l) * H + h] == Approx(eval_loss(peer, ids, 12)).epsilon(1e-5));
      CHECK(r.ablated_loss[size_t(l) * H + h] != Approx(r.loss).epsilon(1e-7));  // every head matters a little
    }
}

TEST_CASE("concat then W_O equals the sum over heads of each head times its rows of W_O", "[core][multi-head]") {
  const int C = 24, H = 4, d = C / H;
  GPT m = small_gpt(C, H, 1, 17);
  Trace tr;
  m.forward(some_ids(7, 37, 19), &tr);
  const Mat& merged = *tr.get("h.0.attn.heads");
  const GPTLayer& l = m.w.h[0];
  Mat sum = Mat::Zero(merged.rows(), C);
  for (int h = 0; h < H; ++h) {
    const Mat& out = *tr.get("h.0.attn.head." + std::to_string(h) + ".out");
    CHECK(max_abs_diff(merged.middleCols(h * d, d), out) == 0);  // the concat is the heads side by side
    sum += out * l.attn_proj_w.middleRows(h * d, d);
  }
  sum.rowwise() += l.attn_proj_b.row(0);
  CHECK(max_abs_diff(sum, *tr.get("h.0.attn.out")) < 1e-5);
}
