// Scaled dot-product attention (one head) and multi-head attention with n_kv_head <= n_head.
#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/nn/ops.h"

namespace tmx {

// Writes -inf into the masked entries of s (Tq, Tk) in place.
static void apply_mask(Mat& s, const AttnMask& mask) {
  const float ninf = -std::numeric_limits<float>::infinity();
  for (Eigen::Index i = 0; i < s.rows(); ++i) {
    for (Eigen::Index j = 0; j < s.cols(); ++j) {
      const bool future = mask.causal && j > mask.pos0 + i;
      const bool pad = mask.key_pad && (*mask.key_pad)[j];
      if (future || pad) s(i, j) = ninf;
    }
  }
}

// Row softmax that tolerates -inf and gives all-zero rows when every entry is -inf. Eigen's
// vectorized exp clamps its input (exp(-inf) -> ~1e-39), so masked entries are zeroed exactly.
static void masked_softmax_rows(Mat& w, bool has_mask) {
  const float ninf = -std::numeric_limits<float>::infinity();
  for (Eigen::Index i = 0; i < w.rows(); ++i) {
    const float m = w.row(i).maxCoeff();
    if (m == ninf) {
      w.row(i).setZero();
      continue;
    }
    if (has_mask)
      w.row(i) = (w.row(i).array() == ninf).select(0.0f, (w.row(i).array() - m).exp()).matrix();
    else
      w.row(i) = (w.row(i).array() - m).exp().matrix();
    w.row(i) /= w.row(i).sum();
  }
}

template <typename Q, typename K, typename V>
static void sdpa_core(Mat& out, Mat& weights, const Q& q, const K& k, const V& v, float scale, const AttnMask& mask,
                      Mat* scores, Mat* masked) {
  weights.resize(q.rows(), k.rows());  // (Tq, Tk)
  weights.noalias() = q * k.transpose();
  if (scores) *scores = weights;
  weights *= scale;
  const bool has_mask = mask.causal || mask.key_pad;
  if (has_mask) apply_mask(weights, mask);
  if (masked) *masked = weights;
  masked_softmax_rows(weights, has_mask);
  out.noalias() = weights * v;  // (Tq, d)
}

void sdpa_forward(Mat& out, Mat& weights, const Mat& q, const Mat& k, const Mat& v, float scale, const AttnMask& mask,
                  Mat* scores, Mat* masked) {
  if (mask.key_pad && static_cast<Eigen::Index>(mask.key_pad->size()) != k.rows())
    throw Error("attention: key padding mask has " + std::to_string(mask.key_pad->size()) + " entries for " +
                std::to_string(k.rows()) + " keys");
  out.resize(q.rows(), v.cols());
  sdpa_core(out, weights, q, k, v, scale, mask, scores, masked);
}

// dS = W * (dW - rowsum(dW * W)) then scaled; masked entries have W = 0 so get no gradient.
template <typename Q, typename K, typename V, typename DO, typename DQ, typename DK, typename DV>
static void sdpa_core_backward(DQ&& dq, DK&& dk, DV&& dv, const DO& dout, const Q& q, const K& k, const V& v,
                               const Mat& w, float scale) {
  dv.noalias() += w.transpose() * dout;               // (Tk, d)
  Mat dw = dout * v.transpose();                      // (Tq, Tk)
  const Eigen::VectorXf dot = (dw.cwiseProduct(w)).rowwise().sum();  // (Tq)
  Mat ds = w.cwiseProduct(dw.colwise() - dot) * scale;  // (Tq, Tk) grad of the scaled scores
  dq.noalias() += ds * k;                             // (Tq, d)
  dk.noalias() += ds.transpose() * q;                 // (Tk, d)
}

void sdpa_backward(Mat& dq, Mat& dk, Mat& dv, const Mat& dout, const Mat& q, const Mat& k, const Mat& v,
                   const Mat& weights, float scale) {
  grad_init(dq, q.rows(), q.cols());
  grad_init(dk, k.rows(), k.cols());
  grad_init(dv, v.rows(), v.cols());
  sdpa_core_backward(dq, dk, dv, dout, q, k, v, weights, scale);
}

static void check_heads(const Mat& q, const Mat& k, const Mat& v, int n_head, int n_kv_head) {
  if (n_head <= 0 || n_kv_head <= 0 || n_head % n_kv_head != 0)
    throw Error("attention: n_head (" + std::to_string(n_head) + ") must be a multiple of n_kv_head (" +
                std::to_string(n_kv_head) + ")");
  if (q.cols() % n_head != 0) throw Error("attention: query width is not a multiple of n_head");
  const Eigen::Index hd = q.cols() / n_head;
  if (k.cols() != n_kv_head * hd || v.cols() != n_kv_head * hd || k.rows() != v.rows())
    throw Error("attention: key/value shapes do not match n_kv_head * head_dim");
}

void mha_forward(Mat& out, Mat& weights, const Mat& q, const Mat& k, const Mat& v, int n_head, int n_kv_head,
                 const AttnMask& mask, Trace* trace, const std::string& prefix) {
  check_heads(q, k, v, n_head, n_kv_head);
  if (mask.key_pad && static_cast<Eigen::Index>(mask.key_pad->size()) != k.rows())
    throw Error("attention: key padding mask length does not match the keys");
  const Eigen::Index Tq = q.rows(), Tk = k.rows(), hd = q.cols() / n_head;
  const int group = n_head / n_kv_head;  // query heads per KV head (repeat_kv)
  const float scale = 1.0f / std::sqrt(static_cast<float>(hd));
  out.resize(Tq, q.cols());        // (Tq, n_head*hd)
  weights.resize(n_head * Tq, Tk);  // (n_head*Tq, Tk)
  Mat w, o;                         // (Tq, Tk), (Tq, hd)
  Mat scores, masked;               // (Tq, Tk), only when tracing
  for (int h = 0; h < n_head; ++h) {
    const int kvh = h / group;
    o.resize(Tq, hd);
    sdpa_core(o, w, q.middleCols(h * hd, hd), k.middleCols(kvh * hd, hd), v.middleCols(kvh * hd, hd), scale, mask,
              trace ? &scores : nullptr, trace ? &masked : nullptr);
    weights.middleRows(h * Tq, Tq) = w;
    out.middleCols(h * hd, hd) = o;
    if (trace) {
      const std::string p = prefix + "head." + std::to_string(h) + ".";
      trace->put(p + "scores", scores);
      trace->put(p + "scaled", scores * scale);
      trace->put(p + "masked", masked);
      trace->put(p + "weights", w);
      trace->put(p + "out", o);
    }
  }
}

void mha_backward(Mat& dq, Mat& dk, Mat& dv, const Mat& dout, const Mat& q, const Mat& k, const Mat& v,
                  const Mat& weights, int n_head, int n_kv_head) {
  check_heads(q, k, v, n_head, n_kv_head);
  const Eigen::Index Tq = q.rows(), hd = q.cols() / n_head;
  const int group = n_head / n_kv_head;
  const float scale = 1.0f / std::sqrt(static_cast<float>(hd));
  grad_init(dq, q.rows(), q.cols());
  grad_init(dk, k.rows(), k.cols());
  grad_init(dv, v.rows(), v.cols());
  for (int h = 0; h < n_head; ++h) {
    const int kvh = h / group;
    const Mat w = weights.middleRows(h * Tq, Tq);  // (Tq, Tk)
    sdpa_core_backward(dq.middleCols(h * hd, hd), dk.middleCols(kvh * hd, hd), dv.middleCols(kvh * hd, hd),
                       dout.middleCols(h * hd, hd), q.middleCols(h * hd, hd), k.middleCols(kvh * hd, hd),
                       v.middleCols(kvh * hd, hd), w, scale);
  }
}

}  // namespace tmx
