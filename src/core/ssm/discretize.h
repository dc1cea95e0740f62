// Discretization of the continuous state space model
//     x'(t) = A x(t) + B u(t),   y(t) = C x(t) + D u(t)
// into the recurrence  h_k = Ā h_{k-1} + B̄ u_k,  y_k = C h_k + D u_k  with step Δ.
//
// Three rules (formulas next to each implementation in discretize.cpp):
//   ZOH       Ā = exp(ΔA)                      B̄ = A⁻¹ (exp(ΔA) − I) B
//   bilinear  Ā = (I − ΔA/2)⁻¹ (I + ΔA/2)      B̄ = (I − ΔA/2)⁻¹ Δ B
//   Euler     Ā = I + ΔA                       B̄ = Δ B
// Mamba itself uses ZOH for Ā and the Euler rule B̄ = ΔB (see selective_scan.h).
//
// Diagonal A (the Mamba case) works element-wise on N-vectors; small dense A (N×N, e.g. the
// HiPPO-LegS matrix of S4) goes through the matrix exponential, computed in double.
#pragma once
#include "core/tensor.h"

namespace tmx::ssm {

enum class Discretization { ZOH, Bilinear, Euler };
const char* discretization_name(Discretization m);

// Result of a discretization. `stable` is false when some |eigenvalue of Ā| > 1 (+ slack):
// then h_k grows without bound. Euler is only stable for −2 ≤ ΔA ≤ 0 on real diagonal A.
struct DiagDiscrete {
  Vec A_bar;            // (N)
  Vec B_bar;            // (N)
  bool stable = true;
  float spectral_radius = 0;  // max |Ā_n|
};
struct DenseDiscrete {
  MatD A_bar;           // (N, N)
  MatD B_bar;           // (N, 1)
  bool stable = true;
  double spectral_radius = 0;  // max |λ(Ā)|
};

// Diagonal A: A, B are (N) vectors, delta > 0. Throws SsmError on NaN/Inf or delta <= 0.
DiagDiscrete discretize_diag(Discretization m, float delta, const Vec& A, const Vec& B);

// Dense A (N, N), B (N, 1). Throws SsmError on bad shapes, NaN/Inf, delta <= 0, or a singular
// (I − ΔA/2) for the bilinear rule.
DenseDiscrete discretize_dense(Discretization m, double delta, const MatD& A, const MatD& B);

// exp(M) by scaling and squaring with a Taylor series (double, small matrices).
MatD matrix_exp(const MatD& M);

// Spectral radius max |λ(M)| of a small square matrix.
double spectral_radius(const MatD& M);

}  // namespace tmx::ssm
