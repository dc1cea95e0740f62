// Positions in a Transformer, for the `positions` chapter, the `positions` widget and the
// `positional-encoding` / `rope` scenes. The encodings themselves are core/nn/ops.h's
// (sinusoidal_encoding, rope_forward); this file holds what the teaching adds around them:
//  * wavelengths and frequencies of the sinusoid / RoPE pairs;
//  * the similarity of every position to every other (cosine of their encodings);
//  * RoPE in the interleaved layout (RoFormer, Meta's original LLaMA checkpoints, GPT-J: pairs
//    (2i, 2i+1)) next to the rotate-half layout of rope_forward (HF LLaMA, GPT-NeoX: pairs
//    (i, i + hd/2)), and the fixed per-head permutation that maps one onto the other (the one
//    HF's LLaMA conversion script applies to the rows of W_q and W_k);
//  * q_m · k_n for one head with RoPE (rope_forward at positions m and n);
//  * row permutations, to show that attention without positions is permutation-equivariant.
#pragma once
#include <utility>
#include <vector>

#include "core/nn/ops.h"
#include "core/tensor.h"

namespace tmx {

// Wavelength, in positions, of pair i (dimensions 2i, 2i+1) of a width-C sinusoidal encoding:
// 2π · base^(2i/C). Pair 0 repeats every 2π ≈ 6.28 positions, the last pair every ~2π·base.
double sinusoid_wavelength(int pair, int C, double base = 10000.0);
// Angular frequency of pair i of a RoPE head of width head_dim: theta^(-2i/head_dim) radians per
// position (the same numbers rope_forward uses, in double).
double rope_frequency(int pair, int head_dim, double theta = 10000.0);

// Cosine similarity of every row of pe with every other: (T, T). For the sinusoidal encoding
// entry (p, q) is (2/C) Σ_i cos((p − q) ω_i): a function of the offset p − q only.
Mat position_similarity(const Mat& pe);

// RoPE in the interleaved layout: each head of x (T, n_head*head_dim) rotates the pairs
// (x[2i], x[2i+1]) by angle (pos0 + t) · theta^(-2i/head_dim).
template <typename S>
void rope_interleaved_forward(MatT<S>& out, const MatT<S>& x, int n_head, int head_dim, int pos0,
                              double theta = 10000.0);
// The per-head permutation from the interleaved layout to rotate-half: new dimension j of a head
// takes old dimension perm[j], perm = (0, 2, 4, …, hd−2, 1, 3, …, hd−1). With P this gather,
// rope_forward(x P) = rope_interleaved_forward(x) P. Throws tmx::Error for an odd head_dim.
std::vector<int> rope_interleaved_to_half(int head_dim);
// out[:, h*hd + j] = x[:, h*hd + perm[j]] for every head h (x: (T, n_head*hd)).
template <typename S>
MatT<S> permute_head_dims(const MatT<S>& x, const std::vector<int>& perm, int n_head);

// q_m · k_n of one head (q, k: (1, head_dim)) after rope_forward rotates q at position m and k at
// position n. Depends on m − n only (up to float rounding of the angles).
double rope_dot(const Mat& q, const Mat& k, int m, int n, double theta = 10000.0);

// out.row(i) = x.row(order[i]). Throws tmx::Error unless order is a permutation of 0..rows-1.
template <typename S>
MatT<S> permute_rows(const MatT<S>& x, const std::vector<int>& order);

// The chapter's RoPE example: one head of width 4 (two pairs), q = (1, 0.5, 0, 1) and
// k = (0.5, 1, 1, -0.5) in rotate-half order (pairs (q1, q3) and (q2, q4)).
void rope_example(Mat& q, Mat& k);
// The chapter's other inputs: the new token order of the permutation example (the attention
// chapter's "the cat sat" fed as "sat the cat"), the offsets k of the PE(p)·PE(p + k) table and the
// (m, n) position pairs of the RoPE table.
std::vector<int> positions_example_order();
std::vector<int> positions_example_offsets();
std::vector<std::pair<int, int>> positions_example_rope_pairs();
// The permutation example: the attention chapter's q, k, v (core/attention_example.h) through
// attention_example as given (out) and with their rows reordered by positions_example_order()
// (out_permuted): row i of out_permuted equals row order[i] of out.
void positions_permutation_example(Mat& out, Mat& out_permuted);

}  // namespace tmx
