// The Mamba block (state-spaces/mamba, mamba_simple.py `Mamba`), forward, backward and
// recurrent step, with the reference's parameter names and initialization.
//
//   x (L, d_model)
//   ├─ in_proj ─────────────► [x_in | z]                        (L, 2E)    E = expand·d_model
//   x_in ─ causal depthwise conv1d (d_conv taps, bias) ─ SiLU ─► u   (L, E)
//   u ─ x_proj ─► [dt_low (R) | B (N) | C (N)]                   R = dt_rank
//   dt = dt_low · dt_projᵀ          (the bias is added inside the scan: delta_bias)
//   y = selective_scan(u, dt, A = −exp(A_log), B, C, D, z, delta_bias = dt_proj.bias, softplus)
//     = (C·h_t + D u_t) · SiLU(z_t)
//   out = y · out_projᵀ                                          (L, d_model)
//
// Batches are (B*L, C) matrices, batch-major (tensor.h). in_proj/out_proj have no bias
// (reference default bias=False); conv1d has one (conv_bias=True).
// Forward/backward are templated on the scalar: float for use, double for finite-difference
// tests (MambaBlockParams = MambaBlockParamsT<float>, etc.). The step mode is float only.
#pragma once
#include <string>
#include <vector>

#include "core/rng.h"
#include "core/ssm/selective_scan.h"
#include "core/tensor.h"
#include "core/trace.h"

namespace tmx::ssm {

struct MambaConfig {
  int d_model = 64;
  int d_state = 16;          // N, state size per channel
  int d_conv = 4;            // causal conv taps
  int expand = 2;            // E = expand * d_model
  int dt_rank = 0;           // R; 0 = "auto" = ceil(d_model / 16)
  float dt_min = 0.001f;     // Δ initialized log-uniform in [dt_min, dt_max]
  float dt_max = 0.1f;
  float dt_init_floor = 1e-4f;
  float dt_scale = 1.0f;     // dt_proj.weight ~ U(−s, s), s = dt_scale / sqrt(R)
  // The LTI ablation (S4-like, the Mamba paper's "Mamba architecture with an S4 layer"): Δ, B and C
  // are learned parameters that do not depend on the input — Δ = softplus(dt_proj.bias) per
  // channel, B and C per channel (E, N) — so each channel is a fixed linear time-invariant system
  // (still ZOH for A, Ā = exp(ΔA), and B̄ = ΔB like the default path). x_proj and dt_proj.weight
  // are then absent (0-size), replaced by the parameters "B" and "C": 2EN values instead of
  // (R + 2N)E + ER, the same budget but 2ER. Everything else (in_proj, conv, gate, D, out_proj)
  // is the Mamba block's. config.json: "lti": true.
  bool lti = false;
  int d_inner() const { return expand * d_model; }
  int rank() const { return dt_rank > 0 ? dt_rank : (d_model + 15) / 16; }
  void validate() const;     // throws SsmError on non-positive sizes
};

template <typename S>
using MatS = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Parameters under their checkpoint names (prefix "…mixer."). 1-D tensors are (1, n) rows.
template <typename S>
struct MambaBlockParamsT {
  using Mat = MatS<S>;
  Mat in_proj_weight;   // (2E, d_model)       in_proj.weight
  Mat conv1d_weight;    // (E, d_conv)         conv1d.weight, checkpoint shape (E, 1, d_conv)
  Mat conv1d_bias;      // (1, E)              conv1d.bias
  Mat x_proj_weight;    // (R + 2N, E)         x_proj.weight
  Mat dt_proj_weight;   // (E, R)              dt_proj.weight
  Mat dt_proj_bias;     // (1, E)              dt_proj.bias
  Mat A_log;            // (E, N)              A_log  (A = −exp(A_log))
  Mat D;                // (1, E)              D
  Mat out_proj_weight;  // (d_model, E)        out_proj.weight
  Mat B;                // (E, N)              B  (LTI ablation only; 0-size otherwise)
  Mat C;                // (E, N)              C  (LTI ablation only; 0-size otherwise)
};
using MambaBlockParams = MambaBlockParamsT<float>;

// Zero-filled parameters (or gradients) of the right shapes.
template <typename S = float>
MambaBlockParamsT<S> mamba_block_zeros(const MambaConfig& c);
// Reference initialization: Linear/Conv1d default U(±1/sqrt(fan_in)); dt_proj.weight U(±s);
// dt ~ exp(U(log dt_min, log dt_max)) clamped to dt_init_floor and dt_proj.bias = softplus⁻¹(dt)
// = dt + log(−expm1(−dt)); A_log[e, n] = log(n + 1); D = 1.
MambaBlockParams mamba_block_init(const MambaConfig& c, Rng& rng);

// Name, pointer and checkpoint shape of every parameter, in checkpoint order.
template <typename S>
struct NamedMatT {
  std::string name;            // e.g. "in_proj.weight"
  MatS<S>* m;
  std::vector<int64_t> shape;  // checkpoint shape
};
using NamedMat = NamedMatT<float>;
template <typename S>
std::vector<NamedMatT<S>> mamba_block_named(const MambaConfig& c, MambaBlockParamsT<S>& p);

// Everything the forward keeps for the backward and for the hidden-attention matrix.
template <typename S>
struct MambaBlockCacheT {
  using Mat = MatS<S>;
  int batch = 0, len = 0;
  Mat x;            // (BL, d_model) input
  Mat xz;           // (BL, 2E) in_proj output [x_in | z]
  Mat conv;         // (BL, E) conv1d output, before SiLU
  Mat u;            // (BL, E) SiLU(conv): the scan input
  Mat x_dbl;        // (BL, R + 2N) x_proj output [dt_low | B | C]  (0 columns in the LTI ablation)
  Mat dt;           // (BL, E) dt_proj output, before bias and softplus
  Mat A;            // (E, N) −exp(A_log)
  std::vector<S> s_u, s_dt, s_B, s_C, s_z;  // scan layout: (B, E, L), (B, E, L), (B, N, L), (B, N, L), (B, E, L)
  SelectiveScanCache<S> scan;                   // Δ (B, E, L), h (B, E, L, N), y before gate (B, E, L)
  std::vector<S> s_out;                         // (B, E, L) gated scan output
  Mat y;            // (BL, E) gated output, input of out_proj
};
using MambaBlockCache = MambaBlockCacheT<float>;

// out (BL, d_model). Trace (if given, batch 1 only) records under prefix + name:
//   in_proj.x, in_proj.z (L, E); conv.out, conv.act (L, E); x_proj.dt (L, R); B, C (L, N)
//   (LTI ablation: no x_proj.dt; B, C are the parameters (E, N));
//   dt (L, E) before bias; delta (L, E) = softplus(dt + bias); A (E, N); A_bar, B_bar, h (L, E*N)
//   with column e*N + n (Ā = exp(ΔA), B̄ = ΔB, h_t per channel); y (L, E) = C·h + D u;
//   gate (L, E) = SiLU(z); gated (L, E); out (L, d_model).
template <typename S>
void mamba_block_forward(const MambaConfig& c, const MambaBlockParamsT<S>& p, const MatS<S>& x, int batch, int len,
                         MatS<S>& out, MambaBlockCacheT<S>& cache, Trace* trace = nullptr,
                         const std::string& prefix = "");

// dout (BL, d_model) -> dx (BL, d_model, overwritten); parameter gradients ACCUMULATE into g.
template <typename S>
void mamba_block_backward(const MambaConfig& c, const MambaBlockParamsT<S>& p, const MambaBlockCacheT<S>& cache,
                          const MatS<S>& dout, MatS<S>& dx, MambaBlockParamsT<S>& g);

// Recurrent (decode) mode, one sequence: the reference's Mamba.step.
// Like a KV cache, the state belongs to the parameters it was reset with: reset after training.
struct MambaBlockState {
  Mat conv_state;  // (E, d_conv) the last d_conv values of x_in, oldest first
  Mat ssm_state;   // (E, N) h_{t-1}
  Mat A;           // (E, N) −exp(A_log), computed once at reset (halves the exps per token)
  RowVec xz, u, x_dbl, dt, y;  // scratch (1, 2E), (1, E), (1, R+2N), (1, E), (1, E): no per-token allocation
  void reset(const MambaConfig& c, const MambaBlockParams& p);
};
// x (1, d_model) -> out (1, d_model), advancing the state by one token.
void mamba_block_step(const MambaConfig& c, const MambaBlockParams& p, const RowVec& x, MambaBlockState& s,
                      RowVec& out);

}  // namespace tmx::ssm
