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

void gpt_chapter_example_inputs(Mat& x, Mat& q, Mat& k, Mat& v) {
  x.resize(3, 4);
  q.resize(3, 4);
  k.resize(3, 4);
  v.resize(3, 4);
  x << 1.0f, 0.5f, 0.3f, 0.2f,
       0.2f, 1.0f, 0.4f, 0.1f,
       0.3f, 0.2f, 1.0f, 0.5f;
  q << 0.8f, 0.6f, 0.4f, 0.2f,
       0.3f, 0.9f, 0.5f, 0.3f,
       0.4f, 0.3f, 0.8f, 0.6f;
  k << 0.9f, 0.7f, 0.5f, 0.3f,
       0.4f, 0.8f, 0.6f, 0.2f,
       0.5f, 0.4f, 0.9f, 0.7f;
  v << 1.2f, 0.8f, 0.6f, 0.4f,
       0.5f, 1.3f, 0.7f, 0.3f,
       0.6f, 0.5f, 1.4f, 0.9f;
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
