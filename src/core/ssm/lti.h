// A discretized linear time-invariant SSM with diagonal Ā, computed three equivalent ways:
//
//   1. recurrence     h_t = Ā ⊙ h_{t-1} + B̄ u_t,   y_t = C·h_t + D u_t,   h_{-1} = 0
//   2. convolution    y_t = Σ_{k=0..t} K_k u_{t-k} + D u_t,  K_k = Σ_n C_n Ā_n^k B̄_n
//                     (the kernel K = (C B̄, C Ā B̄, C Ā² B̄, …) is the recurrence unrolled)
//   3. parallel scan  h_t is the prefix "product" of the pairs (Ā, B̄ u_s), s ≤ t, under the
//                     associative operator (a₁, b₁) • (a₂, b₂) = (a₂ a₁, a₂ b₁ + b₂),
//                     computed by a Blelloch up-sweep / down-sweep in O(log L) levels.
//
// The scan works for time-varying a_t too (the selective case); the UI animates its levels.
#pragma once
#include <vector>

#include "core/tensor.h"

namespace tmx::ssm {

struct LtiSSM {
  Vec A_bar;  // (N) diagonal of Ā
  Vec B_bar;  // (N)
  Vec C;      // (N)
  float D = 0;  // skip connection
  int N() const { return (int)A_bar.size(); }
};

// 1. Step-by-step recurrence. u (L) -> y (L); if h is given it receives every state (L, N).
void lti_recurrence(const LtiSSM& s, const Vec& u, Vec& y, Mat* h = nullptr);

// The convolution kernel K_k = C Ā^k B̄ for k = 0..L-1.  -> (L)
Vec lti_kernel(const LtiSSM& s, int L);

// 2. Causal convolution with the kernel. u (L) -> y (L)
void lti_convolution(const LtiSSM& s, const Vec& u, Vec& y);

// One element of the scan: the affine map h ↦ a h + b.
struct ScanElem {
  float a = 1, b = 0;  // identity by default
};
// (first, then second): applying `first` then `second` is the map (a₂a₁, a₂b₁ + b₂).
inline ScanElem scan_combine(const ScanElem& first, const ScanElem& second) {
  return {second.a * first.a, second.a * first.b + second.b};
}

// Every level of a Blelloch scan over one state's sequence, for the UI.
struct ScanTrace {
  int L = 0;      // sequence length
  int n_pad = 0;  // L rounded up to a power of two (padding is the identity (1, 0))
  std::vector<std::vector<ScanElem>> up;    // up[0] = leaves, up[d+1] = after up-sweep level d
  std::vector<std::vector<ScanElem>> down;  // down[0] = root cleared, down[k] = after down level k
  std::vector<float> h;                     // (L) inclusive result h_t
};

// Inclusive scan h_t = a_t h_{t-1} + b_t (h_{-1} = 0) by up-sweep / down-sweep.
// a, b, h: (L). work must hold n_pad elements (no allocation inside). trace is optional.
void associative_scan(const float* a, const float* b, int L, float* h,
                      std::vector<ScanElem>& work, ScanTrace* trace = nullptr);

// 3. The LTI SSM via one associative scan per state. u (L) -> y (L).
// traces (optional) receives one ScanTrace per state n.
void lti_parallel_scan(const LtiSSM& s, const Vec& u, Vec& y, std::vector<ScanTrace>* traces = nullptr);

}  // namespace tmx::ssm
