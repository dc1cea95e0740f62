// Cross-entropy with an ignore index, on top of the shared softmax.
#include <cmath>

#include "core/error.h"
#include "core/nn/ops.h"
#include "core/softmax.h"

namespace tmx {

template <typename S>
double cross_entropy_forward(MatT<S>& probs, const MatT<S>& logits, const std::vector<int>& targets,
                             int ignore_index) {
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
    const S m = logits.row(i).maxCoeff();
    const double lse = std::log((logits.row(i).array() - m).exp().template cast<double>().sum());
    sum += lse - static_cast<double>(logits(i, t) - m);
    ++count;
  }
  if (count == 0) throw Error("cross-entropy: every target is ignored");
  return sum / count;
}

template <typename S>
void cross_entropy_backward(MatT<S>& dlogits, const MatT<S>& probs, const std::vector<int>& targets, float dloss,
                            int ignore_index) {
  grad_init(dlogits, probs.rows(), probs.cols());
  int count = 0;
  for (int t : targets) count += t != ignore_index;
  if (count == 0) return;
  const S s = S(dloss) / static_cast<S>(count);
  for (size_t i = 0; i < targets.size(); ++i) {
    if (targets[i] == ignore_index) continue;
    dlogits.row(i) += s * probs.row(i);
    dlogits(i, targets[i]) -= s;
  }
}

#define TMX_INSTANTIATE(S)                                                                          \
  template double cross_entropy_forward<S>(MatT<S>&, const MatT<S>&, const std::vector<int>&, int); \
  template void cross_entropy_backward<S>(MatT<S>&, const MatT<S>&, const std::vector<int>&, float, int);
TMX_INSTANTIATE(float)
TMX_INSTANTIATE(double)
#undef TMX_INSTANTIATE

}  // namespace tmx
