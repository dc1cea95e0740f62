// Hand-sized scaled dot-product attention for the notes' worked examples (3 tokens, d_k = 4).
// Deliberately small and explicit; the model's batched attention op lives elsewhere.
#pragma once
#include "core/tensor.h"

namespace tmx {

struct AttentionExample {
  Mat q, k, v;       // (T, d_k), (T, d_k), (T, d_v)
  Mat scores;        // (T, T)  q k^T / sqrt(d_k), -inf where masked
  Mat weights;       // (T, T)  row-wise softmax of scores
  Mat out;           // (T, d_v) weights v
};

// The inputs used in content/en/notes/01-attention.md (tokens "the", "cat", "sat").
void attention_example_inputs(Mat& q, Mat& k, Mat& v);
// Runs the three steps; causal = token i may only look at tokens j <= i.
AttentionExample attention_example(const Mat& q, const Mat& k, const Mat& v, bool causal);

}  // namespace tmx
