// Multi-head attention, per head: what one head costs, where its columns sit in GPT-2's fused
// c_attn weight, what it attends to, and what the model loses without it. For the `multi-head`
// chapter, the `multi-head-attention` scene and their tests.
//
// GPT-2 layout (core/models/gpt.h): c_attn_w is (C, 3C), x · c_attn_w = [q | k | v], each (T, C),
// and head h owns columns h·d .. (h+1)·d - 1 of each of q, k, v (d = C / n_head). The merged heads
// (T, C) go through c_proj (C, C), whose rows h·d .. (h+1)·d - 1 read head h.
#pragma once
#include <cstdint>
#include <vector>

#include "core/models/gpt.h"
#include "core/tensor.h"

namespace tmx {

// Parameters and floating-point operations (2 per multiply-add) of one attention head of a
// layer with model width d_model and n_head heads, for a token attending to `context` keys.
struct HeadCost {
  int64_t head_dim = 0;        // d = d_model / n_head
  int64_t params = 0;          // W_Q, W_K, W_V columns (3·C·d) + their biases (3·d) + W_O rows (d·C)
  int64_t qkv_flops = 0;       // per token: q, k, v of this head, 2·3·C·d
  int64_t score_flops = 0;     // per token: q·k with `context` keys, 2·context·d
  int64_t mix_flops = 0;       // per token: the weighted sum of `context` values, 2·context·d
  int64_t out_flops = 0;       // per token: this head's share of W_O, 2·d·C
  int64_t flops() const { return qkv_flops + score_flops + mix_flops + out_flops; }
  int64_t layer_params = 0;    // the whole layer: n_head · params + W_O's bias (C)
};
// Throws tmx::Error unless n_head divides d_model (all positive, d_model <= 1e6, context <= 1e7).
HeadCost attention_head_cost(int64_t d_model, int64_t n_head, int64_t context);

// Which of the fused projections: c_attn's columns are [q | k | v].
enum class QKV { Q = 0, K = 1, V = 2 };
struct ColumnRange {
  int64_t begin = 0, end = 0;  // [begin, end)
};
// The columns of c_attn (C, 3C) that make head `head`'s part (q, k or v). Throws on bad indices.
ColumnRange c_attn_columns(int64_t d_model, int64_t n_head, QKV part, int64_t head);
// That block of a (C, 3C) c_attn weight, (C, d): x · block is the head's q, k or v.
Mat c_attn_head(const Mat& c_attn_w, int n_head, QKV part, int head);

// What one head's causal attention weights (T, T) look like, averaged over the query rows
// 1..T-1 (row 0 can only attend to itself, so it says nothing):
struct HeadStats {
  double prev = 0;      // weight on the previous token, w(i, i-1)
  double first = 0;     // weight on the first token, w(i, 0) (a "sink")
  double self = 0;      // weight on the token itself, w(i, i)
  double entropy = 0;   // -sum_j w(i, j) ln w(i, j), nats
  double uniform = 0;   // the entropy of a uniform row over the i+1 keys it may see, ln(i+1)
  int rows = 0;         // rows averaged
};
// Throws on a matrix that is not square or smaller than 2 x 2.
HeadStats head_stats(const Mat& weights);
// Row-weighted mean of several (each a block of `rows` rows).
HeadStats merge_head_stats(const std::vector<HeadStats>& parts);

// A GPT's heads on a text: stats of every head (layer-major, layer * n_head + head) over the
// eval windows of `ids` (as eval_loss: windows of `context` ids, the first max_tokens ids), and
// the held-out loss without each head (its output zeroed before c_proj, GPTForwardOptions).
struct HeadReport {
  int n_layer = 0, n_head = 0;
  int64_t tokens = 0;                // predicted tokens the losses average over
  std::vector<HeadStats> stats;      // n_layer * n_head
  double loss = 0;                   // all heads on (equals eval_loss)
  std::vector<double> ablated_loss;  // n_layer * n_head: that one head off
};
HeadReport gpt_head_report(GPT& model, const std::vector<int>& ids, int context, int max_tokens, bool ablations = true);

}  // namespace tmx
