// Residual connections and normalization, for the `residual-norm` chapter, scene and the `norms`
// widget:
//  * LayerNorm and RMSNorm of one vector step by step (every intermediate value), the output
//    taken from the core's layernorm_forward / rmsnorm_forward;
//  * a deep stack of residual MLP blocks in Post-LN ("Attention Is All You Need":
//    h' = LN(h + F(h))) or Pre-LN (GPT-2: h' = h + F(LN(h)), one final LN) placement, with its
//    forward, loss and backward built from the core's ops, to measure the gradient norm per
//    layer at initialization (Xiong et al. 2020, "On Layer Normalization in the Transformer
//    Architecture"). F(a) = W2 gelu(W1 a), Xavier-normal init, LN with gamma = 1, beta = 0.
#pragma once
#include <cstdint>
#include <vector>

#include "core/tensor.h"

namespace tmx {

struct NormSteps {
  std::vector<double> x;
  double mean = 0;                  // LayerNorm: mean(x); RMSNorm: 0 (no centring)
  double var = 0;                   // LayerNorm: mean((x - mean)^2); RMSNorm: mean(x^2)
  double rstd = 0;                  // 1 / sqrt(var + eps)
  std::vector<double> centered;     // x - mean
  std::vector<double> normalized;   // centered * rstd
  std::vector<double> out;          // gamma * normalized + beta (RMSNorm: beta = 0), from the core op
};
// gamma and beta are the same for every channel here (the widget's sliders); x has >= 2 values.
NormSteps layernorm_steps(const std::vector<double>& x, double gamma, double beta, double eps = 1e-5);
NormSteps rmsnorm_steps(const std::vector<double>& x, double gamma, double eps = 1e-5);

enum class NormPlacement { PostLN, PreLN };

struct ResidualStackConfig {
  NormPlacement placement = NormPlacement::PreLN;
  int depth = 12;    // number of residual blocks (1..64)
  int d = 16;        // width of the residual stream
  int hidden = 64;   // MLP hidden width
  int tokens = 8;    // rows of the input
  uint32_t seed = 1;
};

// The stack's parameters and data (double, so finite differences are exact to ~1e-9).
struct ResidualStack {
  ResidualStackConfig cfg;
  std::vector<MatD> w1, w2;  // per block: (hidden, d), (d, hidden) like torch.nn.Linear
  MatD x, target;            // (tokens, d): input and regression target, both N(0, 1)
};

// Seeded: the same config gives the same stack (the two placements share weights and data).
ResidualStack make_residual_stack(const ResidualStackConfig& cfg);

// Loss L = sum((y - target)^2) / (2 * tokens), y = output of the stack.
double residual_stack_loss(const ResidualStack& s);

struct ResidualStackGrads {
  double loss = 0;
  std::vector<MatD> dw1, dw2;               // dL/dW per block
  std::vector<double> weight_grad_norm;     // per block l = 0..depth-1: sqrt(|dW1|^2 + |dW2|^2)
  std::vector<double> stream_grad_norm;     // |dL/dh_l|, h_l = the input of block l
};
ResidualStackGrads residual_stack_backward(const ResidualStack& s);

// The widget's and chapter's measurement: per-layer gradient norms at initialization.
ResidualStackGrads residual_stack_grad_norms(const ResidualStackConfig& cfg);

}  // namespace tmx
