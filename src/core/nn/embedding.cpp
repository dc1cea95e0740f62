// Embedding lookup, learned and sinusoidal positions, RoPE.
#include <cmath>

#include "core/error.h"
#include "core/nn/ops.h"

namespace tmx {

template <typename S>
void embedding_forward(MatT<S>& out, const std::vector<int>& ids, const MatT<S>& W) {
  const Eigen::Index T = static_cast<Eigen::Index>(ids.size());
  out.resize(T, W.cols());  // (T, C)
  for (Eigen::Index t = 0; t < T; ++t) {
    const int id = ids[t];
    if (id < 0 || id >= W.rows())
      throw Error(ErrorKind::TokenOutOfRange, std::to_string(id), "token id " + std::to_string(id) + " at position " + std::to_string(t) + " is outside the vocabulary [0, " +
                  std::to_string(W.rows()) + ")");
    out.row(t) = W.row(id);
  }
}

template <typename S>
void embedding_backward(MatT<S>& dW, const MatT<S>& dout, const std::vector<int>& ids) {
  // dW has the vocabulary's shape; the caller owns it (it is a parameter gradient).
  for (size_t t = 0; t < ids.size(); ++t) dW.row(ids[t]) += dout.row(t);
}

template <typename S>
void positional_embedding_forward(MatT<S>& out, int T, int pos0, const MatT<S>& W) {
  if (pos0 < 0 || pos0 + T > W.rows())
    throw Error(ErrorKind::TooLong, std::to_string(W.rows()), "sequence of " + std::to_string(pos0 + T) + " tokens exceeds the " + std::to_string(W.rows()) +
                " learned positions");
  out = W.middleRows(pos0, T);  // (T, C)
}

template <typename S>
void positional_embedding_backward(MatT<S>& dW, const MatT<S>& dout, int pos0) { dW.middleRows(pos0, dout.rows()) += dout; }

Mat sinusoidal_encoding(int T, int C, int pos0, double base) {
  Mat pe(T, C);  // (T, C)
  for (int t = 0; t < T; ++t) {
    for (int i = 0; i < C; i += 2) {
      const double angle = (pos0 + t) / std::pow(base, static_cast<double>(i) / C);
      pe(t, i) = static_cast<float>(std::sin(angle));
      if (i + 1 < C) pe(t, i + 1) = static_cast<float>(std::cos(angle));
    }
  }
  return pe;
}

// Rotates each head's (x1, x2) halves by +angle (sign = +1) or -angle (sign = -1).
template <typename S>
static void rope_rotate(MatT<S>& out, const MatT<S>& x, int n_head, int hd, int pos0, double theta, S sign) {
  if (hd % 2 != 0) throw Error("RoPE needs an even head dimension, got " + std::to_string(hd));
  const int half = hd / 2;
  out.resize(x.rows(), x.cols());  // (T, n_head*hd)
  std::vector<S> cs(half), sn(half);
  for (Eigen::Index t = 0; t < x.rows(); ++t) {
    for (int i = 0; i < half; ++i) {
      // inv_freq and the angle in S (float32 as HF computes them)
      const S inv_freq = static_cast<S>(1.0 / std::pow(theta, (2.0 * i) / hd));
      const S ang = static_cast<S>(pos0 + t) * inv_freq;
      cs[i] = std::cos(ang);
      sn[i] = sign * std::sin(ang);
    }
    for (int h = 0; h < n_head; ++h) {
      const S* xr = x.data() + t * x.cols() + h * hd;
      S* o = out.data() + t * out.cols() + h * hd;
      for (int i = 0; i < half; ++i) {
        const S x1 = xr[i], x2 = xr[i + half];
        o[i] = x1 * cs[i] - x2 * sn[i];
        o[i + half] = x2 * cs[i] + x1 * sn[i];
      }
    }
  }
}

template <typename S>
void rope_forward(MatT<S>& out, const MatT<S>& x, int n_head, int head_dim, int pos0, double theta) {
  rope_rotate(out, x, n_head, head_dim, pos0, theta, S(1));
}

template <typename S>
void rope_backward(MatT<S>& dx, const MatT<S>& dout, int n_head, int head_dim, int pos0, double theta) {
  MatT<S> r;  // (T, n_head*hd)
  rope_rotate(r, dout, n_head, head_dim, pos0, theta, S(-1));
  grad_init(dx, dout.rows(), dout.cols());
  dx += r;
}

#define TMX_INSTANTIATE(S)                                                                        \
  template void embedding_forward<S>(MatT<S>&, const std::vector<int>&, const MatT<S>&);           \
  template void embedding_backward<S>(MatT<S>&, const MatT<S>&, const std::vector<int>&);          \
  template void positional_embedding_forward<S>(MatT<S>&, int, int, const MatT<S>&);               \
  template void positional_embedding_backward<S>(MatT<S>&, const MatT<S>&, int);                   \
  template void rope_forward<S>(MatT<S>&, const MatT<S>&, int, int, int, double);                  \
  template void rope_backward<S>(MatT<S>&, const MatT<S>&, int, int, int, double);
TMX_INSTANTIATE(float)
TMX_INSTANTIATE(double)
#undef TMX_INSTANTIATE

}  // namespace tmx
