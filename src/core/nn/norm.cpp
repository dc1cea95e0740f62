// LayerNorm and RMSNorm.
#include <cmath>

#include "core/nn/ops.h"

namespace tmx {

template <typename S>
void layernorm_forward(MatT<S>& y, VecT<S>& mean, VecT<S>& rstd, const MatT<S>& x, const MatT<S>& w, const MatT<S>& b,
                       float eps) {
  const Eigen::Index N = x.rows(), C = x.cols();
  y.resize(N, C);  // (N, C)
  mean.resize(N);  // (N)
  rstd.resize(N);  // (N)
  for (Eigen::Index i = 0; i < N; ++i) {
    const S m = x.row(i).mean();
    const S var = (x.row(i).array() - m).square().mean();  // biased, like torch
    const S s = S(1) / std::sqrt(var + S(eps));
    mean[i] = m;
    rstd[i] = s;
    y.row(i) = ((x.row(i).array() - m) * s * w.row(0).array() + b.row(0).array()).matrix();
  }
}

template <typename S>
void layernorm_backward(MatT<S>& dx, MatT<S>& dw, MatT<S>& db, const MatT<S>& dy, const MatT<S>& x,
                        const VecT<S>& mean, const VecT<S>& rstd, const MatT<S>& w) {
  using RowArr = Eigen::Array<S, 1, Eigen::Dynamic>;
  const Eigen::Index N = x.rows(), C = x.cols();
  grad_init(dx, N, C);
  grad_init(dw, 1, C);
  grad_init(db, 1, C);
  for (Eigen::Index i = 0; i < N; ++i) {
    const RowArr xhat = (x.row(i).array() - mean[i]) * rstd[i];  // (C)
    const RowArr dxhat = dy.row(i).array() * w.row(0).array();   // (C)
    dw.row(0).array() += dy.row(i).array() * xhat;
    db.row(0) += dy.row(i);
    // dx = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat))
    const S m1 = dxhat.mean(), m2 = (dxhat * xhat).mean();
    dx.row(i).array() += rstd[i] * (dxhat - m1 - xhat * m2);
  }
}

template <typename S>
void rmsnorm_forward(MatT<S>& y, VecT<S>& rstd, const MatT<S>& x, const MatT<S>& w, float eps) {
  const Eigen::Index N = x.rows(), C = x.cols();
  y.resize(N, C);  // (N, C)
  rstd.resize(N);  // (N)
  for (Eigen::Index i = 0; i < N; ++i) {
    const S s = S(1) / std::sqrt(x.row(i).squaredNorm() / static_cast<S>(C) + S(eps));
    rstd[i] = s;
    y.row(i) = (x.row(i).array() * s * w.row(0).array()).matrix();
  }
}

template <typename S>
void rmsnorm_backward(MatT<S>& dx, MatT<S>& dw, const MatT<S>& dy, const MatT<S>& x, const VecT<S>& rstd,
                      const MatT<S>& w) {
  const Eigen::Index N = x.rows(), C = x.cols();
  grad_init(dx, N, C);
  grad_init(dw, 1, C);
  for (Eigen::Index i = 0; i < N; ++i) {
    const S s = rstd[i];
    dw.row(0).array() += dy.row(i).array() * x.row(i).array() * s;
    const Eigen::Array<S, 1, Eigen::Dynamic> g = dy.row(i).array() * w.row(0).array();  // (C)
    // d/dx (x * s): s * g - x * s^3 * mean(g * x)
    const S dot = (g * x.row(i).array()).sum() / static_cast<S>(C);
    dx.row(i).array() += s * g - x.row(i).array() * (s * s * s * dot);
  }
}

#define TMX_INSTANTIATE(S)                                                                                  \
  template void layernorm_forward<S>(MatT<S>&, VecT<S>&, VecT<S>&, const MatT<S>&, const MatT<S>&, const MatT<S>&, \
                                     float);                                                                    \
  template void layernorm_backward<S>(MatT<S>&, MatT<S>&, MatT<S>&, const MatT<S>&, const MatT<S>&,             \
                                      const VecT<S>&, const VecT<S>&, const MatT<S>&);                          \
  template void rmsnorm_forward<S>(MatT<S>&, VecT<S>&, const MatT<S>&, const MatT<S>&, float);                   \
  template void rmsnorm_backward<S>(MatT<S>&, MatT<S>&, const MatT<S>&, const MatT<S>&, const VecT<S>&,          \
                                    const MatT<S>&);
TMX_INSTANTIATE(float)
TMX_INSTANTIATE(double)
#undef TMX_INSTANTIATE

}  // namespace tmx
