// The numbers of the scenes `mamba-math` and `discretization`, computed by the core when a scene
// is built (seeded, nothing typed in). The scenes draw these structs; tests/ui/test_ssm_scenes.cpp
// recomputes them with independent core calls (kernel = lti_kernel, convolution = recurrence,
// scan = loop, Euler's |Ā| > 1 exactly where ΔA < −2).
#pragma once
#include <vector>

#include "core/ssm/discretize.h"
#include "core/ssm/lti.h"
#include "core/tensor.h"

namespace tmx::anim {

// `mamba-math`: one diagonal LTI system (A from Mamba's initialization, B and C seeded), its ZOH
// discretization, the kernel and both outputs on a seeded input; then the same A with Δ_t, B_t
// and C_t computed from u_t by seeded weights (the selective scan and its hidden-attention rows);
// and the parallel scan's traces.
struct MambaMathData {
  static constexpr int kN = 3, kL = 8;
  static constexpr unsigned kSeed = 7;
  float delta = 0.5f;           // the LTI step
  Vec A, B, C;                  // (N) continuous system (D = 0)
  ssm::DiagDiscrete zoh;        // Ā, B̄ at delta
  ssm::LtiSSM lti;              // Ā, B̄, C, D = 0
  Vec u;                        // (L) seeded input
  Vec kernel;                   // (L) lti_kernel
  Vec y_rec, y_conv, y_scan;    // (L) recurrence, convolution, parallel scan
  Mat h_rec;                    // (L, N) states of the recurrence
  std::vector<ssm::ScanTrace> traces;  // one per state
  std::vector<std::vector<float>> decay;  // per state: e^{A_n τ} at τ = 0, 0.1, ..., 4 (ZOH Ā at step τ)
  // Selective: Δ_t = softplus(w_Δ u_t + b_Δ), B_t = w_B u_t, C_t = w_C u_t (weights seeded).
  float w_delta = 0, b_delta = 0;
  Vec w_B, w_C;                 // (N)
  std::vector<float> sel_delta; // (L) after softplus (the scan's cache)
  Mat sel_B, sel_C;             // (L, N)
  Mat sel_abar;                 // (L, N) exp(Δ_t A_n)
  std::vector<float> sel_y;     // (L) selective_scan_forward
  std::vector<float> sel_y_assoc;  // (L) selective_scan_associative
  Mat alpha_lti, alpha_sel;     // (L, L) y_t = Σ_s α[t, s] u_s: Toeplitz K_{t−s}, and the hidden attention
};
MambaMathData mamba_math_data();

// `discretization`: a scalar system h' = a h + b u under ZOH, bilinear and Euler.
struct DiscretizationData {
  float a = -1.0f, b = 1.0f;
  std::vector<float> deltas;                 // the Δ shown for "what Δ means"
  std::vector<float> abar_zoh;               // exp(Δ a) for each
  // Per Δ: h_k / h_0 after a unit pulse at step 0 (lti_recurrence), k = 0..kPulseSteps: the share
  // of the pulse still in the state k tokens later (= Ā^k).
  std::vector<std::vector<float>> pulse;
  static constexpr int kPulseSteps = 12;
  // Curves: input u(t) = 1 for t ≥ 0 (a step). The exact h(t) = (b/a)(e^{a t} − 1) at kExactSamples
  // points over [0, curve_T]; each rule's recurrence h_k at t = k·curve_delta, k = 0..K (h_0 = 0).
  float curve_delta = 0.8f, curve_T = 8.0f;
  static constexpr int kExactSamples = 81;
  std::vector<float> exact, zoh, bilinear, euler;
  ssm::DiagDiscrete d_zoh, d_bilinear, d_euler;  // at curve_delta
  // |Ā| against ΔA = −4.0, −3.9, ..., −0.1 (a = −1) for the stability plot.
  std::vector<float> sweep_dA, sweep_zoh, sweep_bilinear, sweep_euler;
  // Stability: at ΔA on each side of −2, |Ā| per rule; Euler's run that blows up.
  std::vector<float> dA;                     // ΔA values (a = −1, so Δ = −ΔA)
  std::vector<float> r_zoh, r_bilinear, r_euler;  // |Ā| (spectral radius) per ΔA
  std::vector<bool> euler_stable;            // DiagDiscrete::stable
  float blow_delta = 2.5f;                   // Euler past the boundary (ΔA = −2.5)
  std::vector<float> blow_euler, blow_zoh, blow_bilinear;  // h_k on the step input, k = 0..kBlowSteps
  static constexpr int kBlowSteps = 10;
  float steady = 0;                          // the exact steady state b/(−a) of the step input
  int blow_step = -1;                        // first k where Euler's |h_k| exceeds 10× the steady state
};
DiscretizationData discretization_data();

}  // namespace tmx::anim
