// The hand-sized worked example of scaled dot-product attention (the attention chapter, the
// `attention-example` widget and the attention lab's worked-example tab all show this one).
// Every number comes from the models' attention op, sdpa_forward; this file only holds the
// chapter's inputs and collects the intermediate tables the learner sees.
#pragma once
#include <cstdint>
#include <vector>

#include "core/tensor.h"

namespace tmx {

struct AttentionExample {
  Mat q, k, v;       // (T, d_k), (T, d_k), (T, d_v)
  Mat raw;           // (T, T)  q k^T
  Mat scores;        // (T, T)  q k^T / sqrt(d_k), -inf where masked
  Mat weights;       // (T, T)  row-wise softmax of scores
  Mat out;           // (T, d_v) weights v
};

// The inputs used in content/en/notes/04-attention.md (tokens "the", "cat", "sat").
void attention_example_inputs(Mat& q, Mat& k, Mat& v);
// The GPT chapter's example (content/en/notes/09-gpt.md, tokens "cat", "sat", "on", d = 4): the
// earlier tool's inputs X, Q, K, V exactly as it printed them (X is shown; Q, K, V are given, not
// computed from X).
void gpt_chapter_example_inputs(Mat& x, Mat& q, Mat& k, Mat& v);
// sdpa_forward with scale 1/sqrt(d_k); causal = token i may only look at tokens j <= i;
// key_pad (T entries, 1 = padding) hides those columns from every row.
AttentionExample attention_example(const Mat& q, const Mat& k, const Mat& v, bool causal,
                                   const std::vector<uint8_t>* key_pad = nullptr);

}  // namespace tmx
