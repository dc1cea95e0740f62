#include "core/attention_example.h"

#include <cmath>

#include "core/nn/ops.h"

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

AttentionExample attention_example(const Mat& q, const Mat& k, const Mat& v, bool causal,
                                   const std::vector<uint8_t>* key_pad) {
  AttentionExample e;
  e.q = q;
  e.k = k;
  e.v = v;
  AttnMask mask;
  mask.causal = causal;
  mask.key_pad = key_pad;
  sdpa_forward(e.out, e.weights, q, k, v, 1.0f / std::sqrt(static_cast<float>(q.cols())), mask, &e.raw, &e.scores);
  return e;
}

}  // namespace tmx
