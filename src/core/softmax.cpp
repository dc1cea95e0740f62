#include "core/softmax.h"

#include <algorithm>
#include <cmath>

namespace tmx {

template <typename M, typename S>
static void softmax_forward_impl(M& probs, const M& logits, S temperature) {
  probs.resize(logits.rows(), logits.cols());
  const S inv_t = S(1) / temperature;
  for (Eigen::Index r = 0; r < logits.rows(); ++r) {
    const S m = logits.row(r).maxCoeff();
    probs.row(r) = ((logits.row(r).array() - m) * inv_t).exp();
    probs.row(r) /= probs.row(r).sum();
  }
}

template <typename M, typename S>
static void softmax_backward_impl(M& dlogits, const M& dprobs, const M& probs, S temperature) {
  // y = softmax(x / t):  dx = (y * (dy - <dy, y>)) / t
  if (dlogits.size() == 0) dlogits = M::Zero(probs.rows(), probs.cols());
  for (Eigen::Index r = 0; r < probs.rows(); ++r) {
    const S dot = dprobs.row(r).dot(probs.row(r));
    dlogits.row(r).array() += probs.row(r).array() * (dprobs.row(r).array() - dot) / temperature;
  }
}

void softmax_forward(Mat& probs, const Mat& logits, float temperature) {
  softmax_forward_impl(probs, logits, temperature);
}
void softmax_forward(MatD& probs, const MatD& logits, double temperature) {
  softmax_forward_impl(probs, logits, temperature);
}
void softmax_backward(Mat& dlogits, const Mat& dprobs, const Mat& probs, float temperature) {
  softmax_backward_impl(dlogits, dprobs, probs, temperature);
}
void softmax_backward(MatD& dlogits, const MatD& dprobs, const MatD& probs, double temperature) {
  softmax_backward_impl(dlogits, dprobs, probs, temperature);
}

Vec entropy(const Mat& probs) {
  Vec h(probs.rows());
  for (Eigen::Index r = 0; r < probs.rows(); ++r) {
    double s = 0;
    for (Eigen::Index c = 0; c < probs.cols(); ++c) {
      const double p = probs(r, c);
      if (p > 0) s -= p * std::log(p);
    }
    h[r] = static_cast<float>(s);
  }
  return h;
}

float clamp_temperature(float t, float lo, float hi) {
  if (std::isnan(t)) return 1.0f;
  return std::clamp(t, lo, hi);
}

}  // namespace tmx
