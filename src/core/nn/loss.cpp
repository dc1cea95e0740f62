// Cross-entropy with an ignore index, on top of the shared softmax.
#include <cmath>

#include "core/error.h"
#include "core/nn/ops.h"
#include "core/softmax.h"

namespace tmx {

float cross_entropy_forward(Mat& probs, const Mat& logits, const std::vector<int>& targets, int ignore_index) {
  if (static_cast<Eigen::Index>(targets.size()) != logits.rows())
    throw Error("cross-entropy: " + std::to_string(targets.size()) + " targets for " + std::to_string(logits.rows()) +
                " positions");
  softmax_forward(probs, logits);  // (N, V)
  double sum = 0;
  int count = 0;
  for (size_t i = 0; i < targets.size(); ++i) {
    const int t = targets[i];
    if (t == ignore_index) continue;
    if (t < 0 || t >= logits.cols())
      throw Error("cross-entropy: target " + std::to_string(t) + " at position " + std::to_string(i) +
                  " is outside the vocabulary");
    // log p = (x_t - max) - log(sum exp(x - max)): exact even when p underflows to 0
    const float m = logits.row(i).maxCoeff();
    const double lse = std::log((logits.row(i).array() - m).exp().cast<double>().sum());
    sum += lse - (logits(i, t) - m);
    ++count;
  }
  if (count == 0) throw Error("cross-entropy: every target is ignored");
  return static_cast<float>(sum / count);
}

void cross_entropy_backward(Mat& dlogits, const Mat& probs, const std::vector<int>& targets, float dloss,
                            int ignore_index) {
  grad_init(dlogits, probs.rows(), probs.cols());
  int count = 0;
  for (int t : targets) count += t != ignore_index;
  if (count == 0) return;
  const float s = dloss / static_cast<float>(count);
  for (size_t i = 0; i < targets.size(); ++i) {
    if (targets[i] == ignore_index) continue;
    dlogits.row(i) += s * probs.row(i);
    dlogits(i, targets[i]) -= s;
  }
}

}  // namespace tmx
