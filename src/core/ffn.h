// The position-wise feed-forward block (the FFN chapter, the `ffn` widget and the `ffn-swiglu`
// scene all use these). Two shapes:
//   plain : y = W2 act(W1 x + b1) + b2          W1 (F, C), W2 (C, F)       (GPT-2, BERT, the 2017 paper)
//   gated : y = W_down (silu(W_gate x) * W_up x)  W_gate, W_up (F, C), W_down (C, F)  (LLaMA's SwiGLU)
// Counting and the forward pass of one token; the activations themselves are core/nn/ops.h's.
#pragma once
#include <cstdint>
#include <string>

#include "core/nn/ops.h"
#include "core/tensor.h"

namespace tmx {

// Parameters of one FFN block with model width C and hidden width F. bias: b1 (F) and b2 (C) for
// the plain shape; the gated shape (LLaMA) has no biases, and bias adds F + F + C there.
int64_t ffn_params(int64_t d_model, int64_t d_ff, bool gated, bool bias);
// Floating-point operations of the matrix products for one token (2 per multiply-add):
// 4·C·F plain, 6·C·F gated. Biases and the activation (O(F)) are not counted.
int64_t ffn_flops_per_token(int64_t d_model, int64_t d_ff, bool gated);
// LLaMA's SwiGLU width: int(2·(ratio·C)/3) (ratio 4, ffn_dim_multiplier 1) rounded UP to a
// multiple of multiple_of (256 in LLaMA-1/2), which keeps 3·C·F close to the plain 2·ratio·C².
int64_t swiglu_hidden(int64_t d_model, int64_t multiple_of = 256, int ratio = 4);
// A count as the widget and the scene print it: digits grouped by commas (4,722,432).
std::string format_count(int64_t v);

// One token through one FFN, with every intermediate the learner sees.
struct FfnTrace {
  Mat x;            // (1, C) the token
  Mat pre;          // (1, F) W1 x + b1 (plain) or W_gate x (gated)
  Mat up;           // (1, F) W_up x (gated only, else empty)
  Mat hidden;       // (1, F) act(pre) (plain) or silu(pre) * up (gated)
  Mat out;          // (1, C) W2 hidden + b2
};
// Weights (torch.nn.Linear layout, (out, in)). For the plain shape w_up is unused; b1/b2 may be
// empty (no bias). For the gated shape act must be SiLU (SwiGLU) and the biases empty.
struct FfnWeights {
  Mat w1, b1;       // (F, C), (1, F) — W1, or W_gate
  Mat w_up;         // (F, C) gated only
  Mat w2, b2;       // (C, F), (1, C) — W2, or W_down
};
// Throws tmx::Error on shapes that do not fit.
FfnTrace ffn_forward_token(const Mat& x, const FfnWeights& w, Act act, bool gated);
// Seeded random weights, N(0, 1/fan_in) (so hidden and output stay O(1)), biases zero.
FfnWeights ffn_random_weights(int d_model, int d_ff, bool gated, uint32_t seed);

// The chapter's hand-sized example: C = 2, F = 4 (ratio 2 so it fits on a page), x = (1, -0.5).
void ffn_example(Mat& x, FfnWeights& w);

}  // namespace tmx
