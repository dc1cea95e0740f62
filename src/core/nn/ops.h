// Transformer building blocks: one forward and one backward function per op.
//
// Conventions (see core/tensor.h): activations are row-major (T, C) with one row per token;
// `W` of a linear layer is (out, in) like torch.nn.Linear, except conv1d_* which takes GPT-2's
// Conv1D layout (in, out). Every backward ACCUMULATES into its outputs (dx, dW, db, ...): a
// gradient Mat of the wrong shape (e.g. empty) is first reset to zeros, so callers can pass
// fresh Mats or keep summing into existing ones.
//
// Every op is a template over the scalar S, instantiated for float (what models use) and double
// (what tests use for finite-difference gradient checks); call sites just pass Mats and S = float
// is deduced.
//
// [SECTION] Embeddings and positions    (embedding.cpp)
// [SECTION] Linear layers               (linear.cpp)
// [SECTION] Normalization               (norm.cpp)
// [SECTION] Activations, FFN, residual, dropout  (activation.cpp)
// [SECTION] Attention                   (attention.cpp)
// [SECTION] Blockwise attention         (flash_attention.cpp)
// [SECTION] Loss                        (loss.cpp)
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/rng.h"
#include "core/tensor.h"
#include "core/trace.h"

namespace tmx {

template <typename S>
using MatT = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;  // Mat is MatT<float>
template <typename S>
using VecT = Eigen::Matrix<S, Eigen::Dynamic, 1>;
// Optional (pointer) arguments do not take part in deducing S, so nullptr can be passed.
template <typename T>
struct NoDeduceT {
  using type = T;
};
template <typename T>
using NoDeduce = typename NoDeduceT<T>::type;
// A read-only view of a row-major matrix or of contiguous rows of one (e.g. the first n rows
// of a KV cache), so attention can read the cache in place instead of copying it every step.
template <typename S>
using ConstRowsRef = NoDeduce<Eigen::Ref<const MatT<S>>>;

// Resets d to zeros unless it already has shape (rows, cols). Every backward starts with it.
template <typename S>
inline void grad_init(MatT<S>& d, Eigen::Index rows, Eigen::Index cols) {
  if (d.rows() != rows || d.cols() != cols) d = MatT<S>::Zero(rows, cols);
}

//-----------------------------------------------------------------------------
// [SECTION] Embeddings and positions
//-----------------------------------------------------------------------------
// out[t] = W[ids[t]].  W: (V, C), out: (T, C). Throws tmx::Error naming the bad id.
template <typename S>
void embedding_forward(MatT<S>& out, const std::vector<int>& ids, const MatT<S>& W);
// dW[ids[t]] += dout[t]  (repeated ids sum).
template <typename S>
void embedding_backward(MatT<S>& dW, const MatT<S>& dout, const std::vector<int>& ids);

// Learned positions (GPT-2 wpe): out[t] = W[pos0 + t].  W: (n_positions, C), out: (T, C).
template <typename S>
void positional_embedding_forward(MatT<S>& out, int T, int pos0, const MatT<S>& W);
template <typename S>
void positional_embedding_backward(MatT<S>& dW, const MatT<S>& dout, int pos0);

// "Attention Is All You Need" sinusoids: pe[p, 2i] = sin(p / base^(2i/C)), pe[p, 2i+1] = cos(...).
// Returns (T, C) for positions pos0..pos0+T-1. No parameters: the backward of x + pe is identity.
Mat sinusoidal_encoding(int T, int C, int pos0 = 0, double base = 10000.0);

// RoPE, rotate-half form of HF LLaMA, applied per head of x (T, n_head*head_dim) at absolute
// positions pos0..pos0+T-1: with x1 = first half, x2 = second half of a head and
// angle(p, i) = p * theta^(-2i/head_dim):  out1 = x1 cos - x2 sin,  out2 = x2 cos + x1 sin.
template <typename S>
void rope_forward(MatT<S>& out, const MatT<S>& x, int n_head, int head_dim, int pos0, double theta = 10000.0);
// The inverse rotation applied to dout (rotation matrices are orthogonal).
template <typename S>
void rope_backward(MatT<S>& dx, const MatT<S>& dout, int n_head, int head_dim, int pos0, double theta = 10000.0);

//-----------------------------------------------------------------------------
// [SECTION] Linear layers
//-----------------------------------------------------------------------------
// y = x W^T + b.  x: (N, in), W: (out, in), b: (1, out) or nullptr, y: (N, out)
template <typename S>
void linear_forward(MatT<S>& y, const MatT<S>& x, const MatT<S>& W, const NoDeduce<MatT<S>>* b);
// dx += dy W, dW += dy^T x, db += colsum(dy). Pass nullptr for a gradient you do not need.
template <typename S>
void linear_backward(NoDeduce<MatT<S>>* dx, NoDeduce<MatT<S>>* dW, NoDeduce<MatT<S>>* db, const MatT<S>& dy,
                     const MatT<S>& x, const MatT<S>& W);

// GPT-2's Conv1D is a linear layer with the weight stored transposed: y = x W + b, W: (in, out).
template <typename S>
void conv1d_forward(MatT<S>& y, const MatT<S>& x, const MatT<S>& W, const NoDeduce<MatT<S>>* b);
template <typename S>
void conv1d_backward(NoDeduce<MatT<S>>* dx, NoDeduce<MatT<S>>* dW, NoDeduce<MatT<S>>* db, const MatT<S>& dy,
                     const MatT<S>& x, const MatT<S>& W);

//-----------------------------------------------------------------------------
// [SECTION] Normalization
//-----------------------------------------------------------------------------
// LayerNorm over the last axis: y = (x - mean) * rstd * w + b.  x, y: (N, C); w, b: (1, C);
// mean, rstd: (N) saved for the backward.
template <typename S>
void layernorm_forward(MatT<S>& y, VecT<S>& mean, VecT<S>& rstd, const MatT<S>& x, const MatT<S>& w, const MatT<S>& b,
                       float eps);
template <typename S>
void layernorm_backward(MatT<S>& dx, MatT<S>& dw, MatT<S>& db, const MatT<S>& dy, const MatT<S>& x, const VecT<S>& mean,
                        const VecT<S>& rstd, const MatT<S>& w);

// RMSNorm (LLaMA): y = x * rstd * w with rstd = 1/sqrt(mean(x^2) + eps).  x, y: (N, C); w: (1, C)
template <typename S>
void rmsnorm_forward(MatT<S>& y, VecT<S>& rstd, const MatT<S>& x, const MatT<S>& w, float eps);
template <typename S>
void rmsnorm_backward(MatT<S>& dx, MatT<S>& dw, const MatT<S>& dy, const MatT<S>& x, const VecT<S>& rstd,
                      const MatT<S>& w);

//-----------------------------------------------------------------------------
// [SECTION] Activations, FFN, residual, dropout
//-----------------------------------------------------------------------------
enum class Act { ReLU, GELU_tanh, GELU_erf, SiLU };
const char* act_name(Act a);
// y = act(x) elementwise, any shape.
template <typename S>
void act_forward(MatT<S>& y, const MatT<S>& x, Act a);
template <typename S>
void act_backward(MatT<S>& dx, const MatT<S>& dy, const MatT<S>& x, Act a);

// SwiGLU gate: h = silu(gate) * up.  gate, up, h: (N, F)
template <typename S>
void swiglu_forward(MatT<S>& h, const MatT<S>& gate, const MatT<S>& up);
template <typename S>
void swiglu_backward(MatT<S>& dgate, MatT<S>& dup, const MatT<S>& dh, const MatT<S>& gate, const MatT<S>& up);

// Residual connection out = x + f(x)-branch; its backward sends dout to both inputs.
template <typename S>
void residual_forward(MatT<S>& out, const MatT<S>& x, const MatT<S>& branch);
template <typename S>
void residual_backward(MatT<S>& dx, MatT<S>& dbranch, const MatT<S>& dout);

// Inverted dropout (training only): mask = 0 with probability p, else 1/(1-p); y = x * mask.
// Seeded by rng, so a step is reproducible. p = 0 gives mask = 1 (identity).
template <typename S>
void dropout_forward(MatT<S>& y, MatT<S>& mask, const MatT<S>& x, float p, Rng& rng);
template <typename S>
void dropout_backward(MatT<S>& dx, const MatT<S>& dy, const MatT<S>& mask);

//-----------------------------------------------------------------------------
// [SECTION] Attention
//-----------------------------------------------------------------------------
// Scaled dot-product attention for one head, with the intermediates the UI shows:
//   scores = q k^T (Tq, Tk); scaled = scores * scale; masked = scaled with -inf where the key
//   is in the future (causal: key j > pos0 + i) or padded (key_pad[j] != 0); weights =
//   softmax(masked); out = weights v (Tq, d).  A row with every key masked gets zero weights.
struct AttnMask {
  bool causal = false;
  int pos0 = 0;                                   // absolute position of query row 0 (KV cache: Tk - Tq)
  const std::vector<uint8_t>* key_pad = nullptr;  // (Tk) 1 = padding, never attended
};
template <typename S>
void sdpa_forward(MatT<S>& out, MatT<S>& weights, const MatT<S>& q, const MatT<S>& k, const MatT<S>& v, float scale,
                  const AttnMask& mask, NoDeduce<MatT<S>>* scores = nullptr, NoDeduce<MatT<S>>* masked = nullptr);
template <typename S>
void sdpa_backward(MatT<S>& dq, MatT<S>& dk, MatT<S>& dv, const MatT<S>& dout, const MatT<S>& q, const MatT<S>& k,
                   const MatT<S>& v, const MatT<S>& weights, float scale);

// Multi-head attention core over already-projected q (Tq, n_head*hd), k, v (Tk, n_kv_head*hd).
// n_kv_head divides n_head: MHA (equal), GQA (fewer), MQA (1); query head h reads KV head
// h / (n_head / n_kv_head), i.e. HF's repeat_kv. out: (Tq, n_head*hd).
// weights (n_head * Tq, Tk) keeps every head's softmax for the backward (head h = rows h*Tq..).
// If trace is set, records `prefix.head.{h}.{q,k,v,scores,scaled,masked,weights,out}`.
// k and v may be views (ConstRowsRef), e.g. the filled rows of a KV cache.
template <typename S>
void mha_forward(MatT<S>& out, MatT<S>& weights, const MatT<S>& q, const ConstRowsRef<S>& k, const ConstRowsRef<S>& v,
                 int n_head, int n_kv_head, const AttnMask& mask, Trace* trace = nullptr,
                 const std::string& prefix = "");
// dk, dv sum over the query heads sharing a KV head (the backward of repeat_kv).
template <typename S>
void mha_backward(MatT<S>& dq, MatT<S>& dk, MatT<S>& dv, const MatT<S>& dout, const MatT<S>& q, const MatT<S>& k,
                  const MatT<S>& v, const MatT<S>& weights, int n_head, int n_kv_head);

//-----------------------------------------------------------------------------
// [SECTION] Blockwise attention
//-----------------------------------------------------------------------------
// FlashAttention's forward pass (Dao et al., 2022) as plain CPU code: the same result as
// sdpa_forward without ever holding the (Tq, Tk) score matrix. Queries are taken block_q rows at a
// time and keys/values block_k rows at a time. Each query row keeps a running max m, a running sum
// l of exp(score - m) and an unnormalized output acc; when a key block raises the max, the old l
// and acc are rescaled by alpha = exp(m_old - m_new) (the online softmax), so after the last block
// out = acc / l is exactly softmax(scores) v. Tiles entirely in the causal future are skipped; a
// row with every key masked gets zeros (as in sdpa_forward). Forward only: the backward of the
// real kernel recomputes the tiles from lse; training here uses sdpa_backward.
struct FlashStep {                  // one (query block, key block) tile, for the notes and tests
  int q0 = 0, k0 = 0;               // first query row, first key of the tile
  int rows = 0, cols = 0;           // tile size (edge tiles are smaller)
  std::vector<double> block_max;    // (rows) max of the tile's scaled, masked scores (-inf: all masked)
  std::vector<double> m, alpha, l;  // (rows) running max after the tile, factor the old l and acc were
                                    // rescaled by, running sum after the tile
  MatD partial;                     // (rows, d) acc / l after the tile: the output if the keys ended here
};
struct FlashTrace {
  std::vector<FlashStep> steps;  // execution order: query blocks outer, key blocks inner
  int64_t peak_values = 0;       // largest working buffer held at once: tile + m + l (values)
};
// q (Tq, d), k (Tk, d), v (Tk, dv) -> out (Tq, dv); lse (Tq), if given, = log sum_j exp(score_ij)
// (-inf for a fully masked row). Throws tmx::Error on block sizes < 1 or shapes that do not fit.
template <typename S>
void flash_attention_forward(MatT<S>& out, const MatT<S>& q, const MatT<S>& k, const MatT<S>& v, float scale,
                             const AttnMask& mask, int block_q, int block_k, NoDeduce<VecT<S>>* lse = nullptr,
                             FlashTrace* trace = nullptr);

// Working memory of one head's attention in values (beyond q, k, v and out):
//   full      = Tq * Tk, the weight matrix sdpa_forward materializes;
//   blockwise = bq * bk + 2 * bq with bq = min(block_q, Tq), bk = min(block_k, Tk): one score tile
//               and the running max and sum of its query block (what flash_attention_forward holds).
struct AttnWorkingMemory {
  int64_t full = 0, blockwise = 0;
};
AttnWorkingMemory attention_working_memory(int64_t Tq, int64_t Tk, int64_t block_q, int64_t block_k);

//-----------------------------------------------------------------------------
// [SECTION] Loss
//-----------------------------------------------------------------------------
// Mean cross-entropy of logits (N, V) against targets (N); target == ignore_index rows do not
// count. probs (N, V) is saved for the backward. Throws tmx::Error on a target out of range or
// when every row is ignored.
template <typename S>
double cross_entropy_forward(MatT<S>& probs, const MatT<S>& logits, const std::vector<int>& targets,
                             int ignore_index = -1);
// dlogits += dloss * (probs - onehot(target)) / count  (0 for ignored rows).
template <typename S>
void cross_entropy_backward(MatT<S>& dlogits, const MatT<S>& probs, const std::vector<int>& targets, float dloss = 1.0f,
                            int ignore_index = -1);

}  // namespace tmx
