// Transformer building blocks: one forward and one backward function per op.
//
// Conventions (see core/tensor.h): activations are row-major (T, C) with one row per token;
// `W` of a linear layer is (out, in) like torch.nn.Linear, except conv1d_* which takes GPT-2's
// Conv1D layout (in, out). Every backward ACCUMULATES into its outputs (dx, dW, db, ...): a
// gradient Mat of the wrong shape (e.g. empty) is first reset to zeros, so callers can pass
// fresh Mats or keep summing into existing ones.
//
// [SECTION] Embeddings and positions    (embedding.cpp)
// [SECTION] Linear layers               (linear.cpp)
// [SECTION] Normalization               (norm.cpp)
// [SECTION] Activations, FFN, residual, dropout  (activation.cpp)
// [SECTION] Attention                   (attention.cpp)
// [SECTION] Loss                        (loss.cpp)
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/rng.h"
#include "core/tensor.h"
#include "core/trace.h"

namespace tmx {

// Resets d to zeros unless it already has shape (rows, cols). Every backward starts with it.
inline void grad_init(Mat& d, Eigen::Index rows, Eigen::Index cols) {
  if (d.rows() != rows || d.cols() != cols) d = Mat::Zero(rows, cols);
}

//-----------------------------------------------------------------------------
// [SECTION] Embeddings and positions
//-----------------------------------------------------------------------------
// out[t] = W[ids[t]].  W: (V, C), out: (T, C). Throws tmx::Error naming the bad id.
void embedding_forward(Mat& out, const std::vector<int>& ids, const Mat& W);
// dW[ids[t]] += dout[t]  (repeated ids sum).
void embedding_backward(Mat& dW, const Mat& dout, const std::vector<int>& ids);

// Learned positions (GPT-2 wpe): out[t] = W[pos0 + t].  W: (n_positions, C), out: (T, C).
void positional_embedding_forward(Mat& out, int T, int pos0, const Mat& W);
void positional_embedding_backward(Mat& dW, const Mat& dout, int pos0);

// "Attention Is All You Need" sinusoids: pe[p, 2i] = sin(p / base^(2i/C)), pe[p, 2i+1] = cos(...).
// Returns (T, C) for positions pos0..pos0+T-1. No parameters: the backward of x + pe is identity.
Mat sinusoidal_encoding(int T, int C, int pos0 = 0, double base = 10000.0);

// RoPE, rotate-half form of HF LLaMA, applied per head of x (T, n_head*head_dim) at absolute
// positions pos0..pos0+T-1: with x1 = first half, x2 = second half of a head and
// angle(p, i) = p * theta^(-2i/head_dim):  out1 = x1 cos - x2 sin,  out2 = x2 cos + x1 sin.
void rope_forward(Mat& out, const Mat& x, int n_head, int head_dim, int pos0, double theta = 10000.0);
// The inverse rotation applied to dout (rotation matrices are orthogonal).
void rope_backward(Mat& dx, const Mat& dout, int n_head, int head_dim, int pos0, double theta = 10000.0);

//-----------------------------------------------------------------------------
// [SECTION] Linear layers
//-----------------------------------------------------------------------------
// y = x W^T + b.  x: (N, in), W: (out, in), b: (1, out) or nullptr, y: (N, out)
void linear_forward(Mat& y, const Mat& x, const Mat& W, const Mat* b);
// dx += dy W, dW += dy^T x, db += colsum(dy). Pass nullptr for a gradient you do not need.
void linear_backward(Mat* dx, Mat* dW, Mat* db, const Mat& dy, const Mat& x, const Mat& W);

// GPT-2's Conv1D is a linear layer with the weight stored transposed: y = x W + b, W: (in, out).
void conv1d_forward(Mat& y, const Mat& x, const Mat& W, const Mat* b);
void conv1d_backward(Mat* dx, Mat* dW, Mat* db, const Mat& dy, const Mat& x, const Mat& W);

//-----------------------------------------------------------------------------
// [SECTION] Normalization
//-----------------------------------------------------------------------------
// LayerNorm over the last axis: y = (x - mean) * rstd * w + b.  x, y: (N, C); w, b: (1, C);
// mean, rstd: (N) saved for the backward.
void layernorm_forward(Mat& y, Vec& mean, Vec& rstd, const Mat& x, const Mat& w, const Mat& b, float eps);
void layernorm_backward(Mat& dx, Mat& dw, Mat& db, const Mat& dy, const Mat& x, const Vec& mean, const Vec& rstd,
                        const Mat& w);

// RMSNorm (LLaMA): y = x * rstd * w with rstd = 1/sqrt(mean(x^2) + eps).  x, y: (N, C); w: (1, C)
void rmsnorm_forward(Mat& y, Vec& rstd, const Mat& x, const Mat& w, float eps);
void rmsnorm_backward(Mat& dx, Mat& dw, const Mat& dy, const Mat& x, const Vec& rstd, const Mat& w);

//-----------------------------------------------------------------------------
// [SECTION] Activations, FFN, residual, dropout
//-----------------------------------------------------------------------------
enum class Act { ReLU, GELU_tanh, GELU_erf, SiLU };
const char* act_name(Act a);
// y = act(x) elementwise, any shape.
void act_forward(Mat& y, const Mat& x, Act a);
void act_backward(Mat& dx, const Mat& dy, const Mat& x, Act a);

// SwiGLU gate: h = silu(gate) * up.  gate, up, h: (N, F)
void swiglu_forward(Mat& h, const Mat& gate, const Mat& up);
void swiglu_backward(Mat& dgate, Mat& dup, const Mat& dh, const Mat& gate, const Mat& up);

// Residual connection out = x + f(x)-branch; its backward sends dout to both inputs.
void residual_forward(Mat& out, const Mat& x, const Mat& branch);
void residual_backward(Mat& dx, Mat& dbranch, const Mat& dout);

// Inverted dropout (training only): mask = 0 with probability p, else 1/(1-p); y = x * mask.
// Seeded by rng, so a step is reproducible. p = 0 gives mask = 1 (identity).
void dropout_forward(Mat& y, Mat& mask, const Mat& x, float p, Rng& rng);
void dropout_backward(Mat& dx, const Mat& dy, const Mat& mask);

//-----------------------------------------------------------------------------
// [SECTION] Attention
//-----------------------------------------------------------------------------
// Scaled dot-product attention for one head, with the intermediates the UI shows:
//   scores = q k^T (Tq, Tk); scaled = scores * scale; masked = scaled with -inf where the key
//   is in the future (causal: key j > pos0 + i) or padded (key_pad[j] != 0); weights =
//   softmax(masked); out = weights v (Tq, d).  A row with every key masked gets zero weights.
struct AttnMask {
  bool causal = false;
  int pos0 = 0;                        // absolute position of query row 0 (KV cache: Tk - Tq)
  const std::vector<uint8_t>* key_pad = nullptr;  // (Tk) 1 = padding, never attended
};
void sdpa_forward(Mat& out, Mat& weights, const Mat& q, const Mat& k, const Mat& v, float scale, const AttnMask& mask,
                  Mat* scores = nullptr, Mat* masked = nullptr);
void sdpa_backward(Mat& dq, Mat& dk, Mat& dv, const Mat& dout, const Mat& q, const Mat& k, const Mat& v,
                   const Mat& weights, float scale);

// Multi-head attention core over already-projected q (Tq, n_head*hd), k, v (Tk, n_kv_head*hd).
// n_kv_head divides n_head: MHA (equal), GQA (fewer), MQA (1); query head h reads KV head
// h / (n_head / n_kv_head), i.e. HF's repeat_kv. out: (Tq, n_head*hd).
// weights (n_head * Tq, Tk) keeps every head's softmax for the backward (head h = rows h*Tq..).
// If trace is set, records `prefix.head.{h}.{scores,scaled,masked,weights,out}`.
void mha_forward(Mat& out, Mat& weights, const Mat& q, const Mat& k, const Mat& v, int n_head, int n_kv_head,
                 const AttnMask& mask, Trace* trace = nullptr, const std::string& prefix = "");
// dk, dv sum over the query heads sharing a KV head (the backward of repeat_kv).
void mha_backward(Mat& dq, Mat& dk, Mat& dv, const Mat& dout, const Mat& q, const Mat& k, const Mat& v,
                  const Mat& weights, int n_head, int n_kv_head);

//-----------------------------------------------------------------------------
// [SECTION] Loss
//-----------------------------------------------------------------------------
// Mean cross-entropy of logits (N, V) against targets (N); target == ignore_index rows do not
// count. probs (N, V) is saved for the backward. Throws tmx::Error on a target out of range or
// when every row is ignored.
float cross_entropy_forward(Mat& probs, const Mat& logits, const std::vector<int>& targets, int ignore_index = -1);
// dlogits += dloss * (probs - onehot(target)) / count  (0 for ignored rows).
void cross_entropy_backward(Mat& dlogits, const Mat& probs, const std::vector<int>& targets, float dloss = 1.0f,
                            int ignore_index = -1);

}  // namespace tmx
