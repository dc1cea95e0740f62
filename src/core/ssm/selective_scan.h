// Selective scan: the time-varying SSM at the heart of Mamba, with the arguments and semantics
// of the reference `selective_scan_ref` (state-spaces/mamba), real-valued.
//
// For every batch b, channel d, state n and step t (Δ = delta):
//   Δ_t    = softplus(delta_t + delta_bias[d])  (each part optional)
//   Ā_t    = exp(Δ_t A[d,n])                    ZOH for A ...
//   B̄_t u  = Δ_t B_t[n] u_t                     ... but Euler (B̄ = ΔB) for B, as the reference does
//   h_t    = Ā_t h_{t-1} + B̄_t u_t              h_{-1} = 0
//   y_t    = Σ_n C_t[n] h_t[n] + D[d] u_t
//   out_t  = y_t · silu(z_t)                    if z is given
//
// Forms of B and C (each independently):
//   Fixed    (D, N)         the same for every step (an LTI system per channel)
//   Variable (B, N, L)      input-dependent, shared by all channels (Mamba)
//   Grouped  (B, G, N, L)   channel d uses group d / (D/G)
//
// Templated on the scalar (float for use, double for finite-difference tests). All pointers
// are contiguous row-major buffers with the shapes in the comments.
#pragma once
#include <cstdint>
#include <vector>

namespace tmx::ssm {

enum class BCForm { Fixed, Variable, Grouped };

template <typename T>
struct SelectiveScanArgs {
  int batch = 1, dim = 0, dstate = 0, len = 0;  // B, D, N, L
  const T* u = nullptr;           // (B, D, L)
  const T* delta = nullptr;       // (B, D, L) before bias / softplus
  const T* A = nullptr;           // (D, N)  (Mamba: A = −exp(A_log) < 0)
  const T* Bm = nullptr;          // Fixed (D, N) | Variable (B, N, L) | Grouped (B, G, N, L)
  BCForm B_form = BCForm::Variable;
  int B_groups = 1;               // G for Grouped (must divide D)
  const T* Cm = nullptr;          // same forms as B
  BCForm C_form = BCForm::Variable;
  int C_groups = 1;
  const T* D = nullptr;           // (D) optional skip
  const T* z = nullptr;           // (B, D, L) optional gate
  const T* delta_bias = nullptr;  // (D) optional
  bool delta_softplus = false;
};

// What the forward keeps for the backward pass and for traces.
template <typename T>
struct SelectiveScanCache {
  std::vector<T> delta;  // (B, D, L) Δ after bias and softplus
  std::vector<T> h;      // (B, D, L, N) every state h_t
  std::vector<T> y;      // (B, D, L) C·h + D u, before the gate
};

// out (B, D, L) must hold B*D*L values; last_state (B, D, N) optional (return_last_state).
// Throws SsmError on bad shapes, NaN/Inf inputs, or a non-finite result (e.g. Δ so large the
// state overflows).
template <typename T>
void selective_scan_forward(const SelectiveScanArgs<T>& a, T* out, SelectiveScanCache<T>& cache,
                            T* last_state = nullptr);

// Gradients. Every non-null pointer is ACCUMULATED into (+=), with the shape of its input.
template <typename T>
struct SelectiveScanGrads {
  T* du = nullptr;          // (B, D, L)
  T* ddelta = nullptr;      // (B, D, L)
  T* dA = nullptr;          // (D, N)
  T* dB = nullptr;          // like Bm
  T* dC = nullptr;          // like Cm
  T* dD = nullptr;          // (D)
  T* dz = nullptr;          // (B, D, L)
  T* ddelta_bias = nullptr; // (D)
};

// dout (B, D, L). Uses the cache of the forward on the same args.
template <typename T>
void selective_scan_backward(const SelectiveScanArgs<T>& a, const SelectiveScanCache<T>& cache,
                             const T* dout, SelectiveScanGrads<T>& g);

// Number of values in B or C for a form: Fixed D*N, Variable B*N*L, Grouped B*G*N*L.
template <typename T>
int64_t bc_numel(const SelectiveScanArgs<T>& a, BCForm form, int groups);

// How B̄ is formed from Δ. selective_scan_forward (like the reference and the Mamba paper's
// code) uses the simplification B̄ = Δ B; the exact zero-order hold is B̄ = (e^{ΔA} − 1)/A · B
// = Δ B · φ(ΔA) with φ(x) = (e^x − 1)/x. Both give Ā = e^{ΔA}; they differ for large |ΔA|.
enum class BRule { Mamba, ZOH };
double zoh_b_factor(double x);  // φ(x), with φ(0) = 1
// For one channel (dim = 1, B in Variable form (N, L), Δ already after softplus): scales B_t[n]
// by φ(Δ_t A_n), so that selective_scan_forward with these B and delta_softplus = false applies
// the exact ZOH rule.
void scale_b_for_zoh(const float* A, const float* delta, float* Bm, int N, int L);

// The same selective recurrence by associative (parallel) scans, one per channel and state:
// a_t = exp(Δ_t A[d,n]), b_t = Δ_t B_t[n] u_t, y_t = Σ_n C_t[n] h_t[n] + D[d] u_t (before the
// gate). delta is the forward's Δ after bias and softplus (SelectiveScanCache::delta). B and C
// must be Variable. Returns y (B, D, L); it equals the cache's y up to rounding, which is the
// point: the check that a parallel scan computes the sequential recurrence.
std::vector<float> selective_scan_associative(const SelectiveScanArgs<float>& a, const std::vector<float>& delta);

// softplus with torch's threshold (x > 20 -> x) and its derivative sigmoid(x).
double softplus(double x);

}  // namespace tmx::ssm
