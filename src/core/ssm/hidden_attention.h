// Hidden attention of a selective SSM (Ali, Zimerman, Wolf 2024, "The Hidden Attention of Mamba
// Models"): unrolling h_t = Ā_t h_{t-1} + B̄_t u_t gives, for one channel e,
//
//   y_t = Σ_{s ≤ t} α[t, s] u_s + D u_t,     α[t, s] = C_t · (Π_{k=s+1..t} Ā_k) · B̄_s
//
// with Ā_k = exp(Δ_k A) (diagonal, so the product is element-wise over the N states) and
// B̄_s = Δ_s B_s. α is lower triangular (causal), like a Transformer's attention matrix, but it
// is not normalized (rows need not sum to 1, entries may be negative) and there is one per channel.
//
// Combining channels (for one picture beside a Transformer head): the mean over channels of |α_e|
// (MeanAbs, the default, as in the paper's visualizations) or the signed mean (Mean). For display,
// row_normalize() divides each row by its sum of absolute values.
//
// Identity tested (tests/core/ssm/test_hidden_attention.cpp): for every channel e and step t of a
// Mamba block, Σ_s α_e[t, s] u_s[e] + D[e] u_t[e] equals the scan output y_t[e] before the gate, and
// gating with SiLU(z) and applying out_proj reproduces the block's output.
#pragma once
#include <vector>

#include "core/ssm/mamba_block.h"
#include "core/tensor.h"

namespace tmx::ssm {

// One channel: delta (L) after softplus, A (N), B and C (L, N). -> α (L, L), zero above the diagonal.
Mat hidden_attention_channel(const float* delta, const float* A, const Mat& B, const Mat& C);

// Channel e of a block's last forward (batch 1). -> (L, L)
Mat hidden_attention(const MambaConfig& c, const MambaBlockCache& k, int channel);

enum class ChannelCombine { MeanAbs, Mean };
// All channels of a block's last forward (batch 1), combined. -> (L, L)
Mat hidden_attention_combined(const MambaConfig& c, const MambaBlockCache& k,
                              ChannelCombine how = ChannelCombine::MeanAbs);

// The sum hidden_attention_combined divides by E, over channels e0 <= e < e1 only, added to sum
// (an empty sum starts at (L, L) zeros): combined = sum over [0, E) / E, in pieces for a sliced UI.
void hidden_attention_accumulate(const MambaConfig& c, const MambaBlockCache& k, int e0, int e1, ChannelCombine how,
                                 Mat& sum);

// Each row divided by its sum of |entries| (rows of zeros stay zero).
Mat row_normalize(const Mat& a);

}  // namespace tmx::ssm
