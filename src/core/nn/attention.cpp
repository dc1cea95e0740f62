// Scaled dot-product attention (one head) and multi-head attention with n_kv_head <= n_head.
#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/nn/attention_mask.h"
#include "core/nn/gemm.h"
#include "core/nn/ops.h"

namespace tmx {

// Row softmax that tolerates -inf and gives all-zero rows when every entry is -inf. Eigen's
// vectorized exp clamps its input (exp(-inf) -> ~1e-39), so masked entries are zeroed exactly.
// The exp runs on the whole row first: Eigen 3.4 does not vectorize select(), and an exp inside
// one ran scalar (~3% of a native GPT forward).
template <typename S>
static void masked_softmax_rows(MatT<S>& w, bool has_mask) {
  const S ninf = -std::numeric_limits<S>::infinity();
  Eigen::Array<S, 1, Eigen::Dynamic> e(w.cols());  // (Tk) one row's exp
  for (Eigen::Index i = 0; i < w.rows(); ++i) {
    const S m = w.row(i).maxCoeff();
    if (m == ninf) {
      w.row(i).setZero();
      continue;
    }
    e = (w.row(i).array() - m).exp();
    if (has_mask)
      w.row(i) = (w.row(i).array() == ninf).select(S(0), e).matrix();
    else
      w.row(i) = e.matrix();
    w.row(i) /= w.row(i).sum();
  }
}

template <typename S, typename Q, typename K, typename V>
static void sdpa_core(MatT<S>& out, MatT<S>& weights, const Q& q, const K& k, const V& v, float scale,
                      const AttnMask& mask, MatT<S>* scores, MatT<S>* masked) {
  weights.resize(q.rows(), k.rows());  // (Tq, Tk)
  matmul<false, true>(weights, q, k, false);  // q k^T
  if (scores) *scores = weights;
  weights *= S(scale);
  const bool has_mask = mask.causal || mask.key_pad;
  if (has_mask) detail::apply_attn_mask<S>(weights, mask);
  if (masked) *masked = weights;
  masked_softmax_rows(weights, has_mask);
  matmul<false, false>(out, weights, v, false);  // (Tq, d)
}

template <typename S>
void sdpa_forward(MatT<S>& out, MatT<S>& weights, const MatT<S>& q, const MatT<S>& k, const MatT<S>& v, float scale,
                  const AttnMask& mask, NoDeduce<MatT<S>>* scores, NoDeduce<MatT<S>>* masked) {
  if (mask.key_pad && static_cast<Eigen::Index>(mask.key_pad->size()) != k.rows())
    throw Error("attention: key padding mask has " + std::to_string(mask.key_pad->size()) + " entries for " +
                std::to_string(k.rows()) + " keys");
  out.resize(q.rows(), v.cols());
  sdpa_core(out, weights, q, k, v, scale, mask, scores, masked);
}

// dS = W * (dW - rowsum(dW * W)) then scaled; masked entries have W = 0 so get no gradient.
template <typename S, typename Q, typename K, typename V, typename DO, typename DQ, typename DK, typename DV>
static void sdpa_core_backward(DQ&& dq, DK&& dk, DV&& dv, const DO& dout, const Q& q, const K& k, const V& v,
                               const MatT<S>& w, float scale) {
  matmul<true, false>(dv, w, dout, true);                           // += w^T dout, (Tk, d)
  MatT<S> dw(dout.rows(), v.rows());                                // (Tq, Tk)
  matmul<false, true>(dw, dout, v, false);                          // dout v^T
  const VecT<S> dot = (dw.cwiseProduct(w)).rowwise().sum();         // (Tq)
  const MatT<S> ds = w.cwiseProduct(dw.colwise() - dot) * S(scale);  // (Tq, Tk) grad of the scaled scores
  matmul<false, false>(dq, ds, k, true);              // += ds k, (Tq, d)
  matmul<true, false>(dk, ds, q, true);               // += ds^T q, (Tk, d)
}

template <typename S>
void sdpa_backward(MatT<S>& dq, MatT<S>& dk, MatT<S>& dv, const MatT<S>& dout, const MatT<S>& q, const MatT<S>& k,
                   const MatT<S>& v, const MatT<S>& weights, float scale) {
  grad_init(dq, q.rows(), q.cols());
  grad_init(dk, k.rows(), k.cols());
  grad_init(dv, v.rows(), v.cols());
  sdpa_core_backward<S>(dq, dk, dv, dout, q, k, v, weights, scale);
}

template <typename S>
static void check_heads(const MatT<S>& q, const ConstRowsRef<S>& k, const ConstRowsRef<S>& v, int n_head,
                        int n_kv_head) {
  if (n_head <= 0 || n_kv_head <= 0 || n_head % n_kv_head != 0)
    throw Error("attention: n_head (" + std::to_string(n_head) + ") must be a multiple of n_kv_head (" +
                std::to_string(n_kv_head) + ")");
  if (q.cols() % n_head != 0) throw Error("attention: query width is not a multiple of n_head");
  const Eigen::Index hd = q.cols() / n_head;
  if (k.cols() != n_kv_head * hd || v.cols() != n_kv_head * hd || k.rows() != v.rows())
    throw Error("attention: key/value shapes do not match n_kv_head * head_dim");
}

template <typename S>
void mha_forward(MatT<S>& out, MatT<S>& weights, const MatT<S>& q, const ConstRowsRef<S>& k, const ConstRowsRef<S>& v,
                 int n_head, int n_kv_head, const AttnMask& mask, Trace* trace, const std::string& prefix) {
  check_heads<S>(q, k, v, n_head, n_kv_head);
  if (mask.key_pad && static_cast<Eigen::Index>(mask.key_pad->size()) != k.rows())
    throw Error("attention: key padding mask length does not match the keys");
  const Eigen::Index Tq = q.rows(), Tk = k.rows(), hd = q.cols() / n_head;
  const int group = n_head / n_kv_head;  // query heads per KV head (repeat_kv)
  const float scale = 1.0f / std::sqrt(static_cast<float>(hd));
  out.resize(Tq, q.cols());        // (Tq, n_head*hd)
  weights.resize(n_head * Tq, Tk);  // (n_head*Tq, Tk)
  MatT<S> w, o;                     // (Tq, Tk), (Tq, hd)
  MatT<S> scores, masked;           // (Tq, Tk), only when tracing
  for (int h = 0; h < n_head; ++h) {
    const int kvh = h / group;
    o.resize(Tq, hd);
    sdpa_core<S>(o, w, q.middleCols(h * hd, hd), k.middleCols(kvh * hd, hd), v.middleCols(kvh * hd, hd), scale, mask,
              trace ? &scores : nullptr, trace ? &masked : nullptr);
    weights.middleRows(h * Tq, Tq) = w;
    out.middleCols(h * hd, hd) = o;
    if (trace) {
      const std::string p = prefix + "head." + std::to_string(h) + ".";
      trace->put(p + "q", MatT<S>(q.middleCols(h * hd, hd)).template cast<float>());
      trace->put(p + "k", MatT<S>(k.middleCols(kvh * hd, hd)).template cast<float>());  // its KV head's
      trace->put(p + "v", MatT<S>(v.middleCols(kvh * hd, hd)).template cast<float>());
      trace->put(p + "scores", scores.template cast<float>());
      trace->put(p + "scaled", (scores * S(scale)).template cast<float>());
      trace->put(p + "masked", masked.template cast<float>());
      trace->put(p + "weights", w.template cast<float>());
      trace->put(p + "out", o.template cast<float>());
    }
  }
}

template <typename S>
void mha_backward(MatT<S>& dq, MatT<S>& dk, MatT<S>& dv, const MatT<S>& dout, const MatT<S>& q, const MatT<S>& k,
                  const MatT<S>& v, const MatT<S>& weights, int n_head, int n_kv_head) {
  check_heads<S>(q, k, v, n_head, n_kv_head);
  const Eigen::Index Tq = q.rows(), hd = q.cols() / n_head;
  const int group = n_head / n_kv_head;
  const float scale = 1.0f / std::sqrt(static_cast<float>(hd));
  grad_init(dq, q.rows(), q.cols());
  grad_init(dk, k.rows(), k.cols());
  grad_init(dv, v.rows(), v.cols());
  for (int h = 0; h < n_head; ++h) {
    const int kvh = h / group;
    const MatT<S> w = weights.middleRows(h * Tq, Tq);  // (Tq, Tk)
    sdpa_core_backward<S>(dq.middleCols(h * hd, hd), dk.middleCols(kvh * hd, hd), dv.middleCols(kvh * hd, hd),
                       dout.middleCols(h * hd, hd), q.middleCols(h * hd, hd), k.middleCols(kvh * hd, hd),
                       v.middleCols(kvh * hd, hd), w, scale);
  }
}

#define TMX_INSTANTIATE(S)                                                                                       \
  template void sdpa_forward<S>(MatT<S>&, MatT<S>&, const MatT<S>&, const MatT<S>&, const MatT<S>&, float,         \
                                const AttnMask&, MatT<S>*, MatT<S>*);                                              \
  template void sdpa_backward<S>(MatT<S>&, MatT<S>&, MatT<S>&, const MatT<S>&, const MatT<S>&, const MatT<S>&,     \
                                 const MatT<S>&, const MatT<S>&, float);                                           \
  template void mha_forward<S>(MatT<S>&, MatT<S>&, const MatT<S>&, const ConstRowsRef<S>&, const ConstRowsRef<S>&, \
                               int, int, const AttnMask&, Trace*, const std::string&);                              \
  template void mha_backward<S>(MatT<S>&, MatT<S>&, MatT<S>&, const MatT<S>&, const MatT<S>&, const MatT<S>&,      \
                                const MatT<S>&, const MatT<S>&, int, int);
TMX_INSTANTIATE(float)
TMX_INSTANTIATE(double)
#undef TMX_INSTANTIATE

}  // namespace tmx
