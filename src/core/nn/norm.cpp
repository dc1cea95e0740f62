// LayerNorm and RMSNorm.
#include <cmath>

#include "core/nn/ops.h"

namespace tmx {

void layernorm_forward(Mat& y, Vec& mean, Vec& rstd, const Mat& x, const Mat& w, const Mat& b, float eps) {
  const Eigen::Index N = x.rows(), C = x.cols();
  y.resize(N, C);  // (N, C)
  mean.resize(N);  // (N)
  rstd.resize(N);  // (N)
  for (Eigen::Index i = 0; i < N; ++i) {
    const float m = x.row(i).mean();
    const float var = (x.row(i).array() - m).square().mean();  // biased, like torch
    const float s = 1.0f / std::sqrt(var + eps);
    mean[i] = m;
    rstd[i] = s;
    y.row(i) = ((x.row(i).array() - m) * s * w.row(0).array() + b.row(0).array()).matrix();
  }
}

void layernorm_backward(Mat& dx, Mat& dw, Mat& db, const Mat& dy, const Mat& x, const Vec& mean, const Vec& rstd,
                        const Mat& w) {
  const Eigen::Index N = x.rows(), C = x.cols();
  grad_init(dx, N, C);
  grad_init(dw, 1, C);
  grad_init(db, 1, C);
  for (Eigen::Index i = 0; i < N; ++i) {
    const Eigen::Array<float, 1, Eigen::Dynamic> xhat = (x.row(i).array() - mean[i]) * rstd[i];  // (C)
    const Eigen::Array<float, 1, Eigen::Dynamic> dxhat = dy.row(i).array() * w.row(0).array();   // (C)
    dw.row(0).array() += dy.row(i).array() * xhat;
    db.row(0) += dy.row(i);
    // dx = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat))
    const float m1 = dxhat.mean(), m2 = (dxhat * xhat).mean();
    dx.row(i).array() += rstd[i] * (dxhat - m1 - xhat * m2);
  }
}

void rmsnorm_forward(Mat& y, Vec& rstd, const Mat& x, const Mat& w, float eps) {
  const Eigen::Index N = x.rows(), C = x.cols();
  y.resize(N, C);  // (N, C)
  rstd.resize(N);  // (N)
  for (Eigen::Index i = 0; i < N; ++i) {
    const float s = 1.0f / std::sqrt(x.row(i).squaredNorm() / static_cast<float>(C) + eps);
    rstd[i] = s;
    y.row(i) = (x.row(i).array() * s * w.row(0).array()).matrix();
  }
}

void rmsnorm_backward(Mat& dx, Mat& dw, const Mat& dy, const Mat& x, const Vec& rstd, const Mat& w) {
  const Eigen::Index N = x.rows(), C = x.cols();
  grad_init(dx, N, C);
  grad_init(dw, 1, C);
  for (Eigen::Index i = 0; i < N; ++i) {
    const float s = rstd[i];
    dw.row(0).array() += dy.row(i).array() * x.row(i).array() * s;
    const Eigen::Array<float, 1, Eigen::Dynamic> g = dy.row(i).array() * w.row(0).array();  // (C)
    // d/dx (x * s): s * g - x * s^3 * mean(g * x)
    const float dot = (g * x.row(i).array()).sum() / static_cast<float>(C);
    dx.row(i).array() += s * g - x.row(i).array() * (s * s * s * dot);
  }
}

}  // namespace tmx
