#include "core/attention_example.h"

#include <cmath>
#include <limits>

#include "core/softmax.h"

namespace tmx {

void attention_example_inputs(Mat& q, Mat& k, Mat& v) {
  q.resize(3, 4);
  k.resize(3, 4);
  v.resize(3, 2);
  q << 1, 0, 1, 0,
       0, 2, 0, 1,
       1, 1, 0, 0;
  k << 1, 0, 1, 0,
       0, 1, 0, 1,
       1, 1, 1, 1;
  v << 1, 0,
       0, 1,
       1, 1;
}

AttentionExample attention_example(const Mat& q, const Mat& k, const Mat& v, bool causal) {
  AttentionExample e;
  e.q = q;
  e.k = k;
  e.v = v;
  const float scale = 1.0f / std::sqrt(static_cast<float>(q.cols()));
  e.scores = (q * k.transpose()) * scale;
  if (causal)
    for (Eigen::Index i = 0; i < e.scores.rows(); ++i)
      for (Eigen::Index j = i + 1; j < e.scores.cols(); ++j) e.scores(i, j) = -std::numeric_limits<float>::infinity();
  softmax_forward(e.weights, e.scores, 1.0f);
  e.out = e.weights * v;
  return e;
}

}  // namespace tmx
