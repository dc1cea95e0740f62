#include "core/ssm/lti.h"

#include <cmath>

#include "core/ssm/check.h"

namespace tmx::ssm {

static void check_lti(const LtiSSM& s, const Vec& u) {
  const int N = s.N();
  ssm_check(N > 0 && s.B_bar.size() == N && s.C.size() == N, "LTI SSM: Ā, B̄, C must all be (N)");
  ssm_check(s.A_bar.allFinite() && s.B_bar.allFinite() && s.C.allFinite() && std::isfinite(s.D),
            "LTI SSM: parameters have NaN/Inf");
  ssm_check(u.allFinite(), "LTI SSM: input has NaN/Inf");
}

void lti_recurrence(const LtiSSM& s, const Vec& u, Vec& y, Mat* h) {
  check_lti(s, u);
  const int L = (int)u.size(), N = s.N();
  y.resize(L);                     // (L)
  Vec state = Vec::Zero(N);        // (N) h_{t-1}
  if (h) h->resize(L, N);          // (L, N)
  for (int t = 0; t < L; ++t) {
    // h_t = Ā ⊙ h_{t-1} + B̄ u_t ;  y_t = C·h_t + D u_t
    state = s.A_bar.cwiseProduct(state) + s.B_bar * u[t];
    y[t] = s.C.dot(state) + s.D * u[t];
    if (h) h->row(t) = state.transpose();
  }
}

Vec lti_kernel(const LtiSSM& s, int L) {
  Vec K(L);                        // (L)
  Vec p = s.B_bar;                 // (N) Ā^k B̄, starting at k = 0
  for (int k = 0; k < L; ++k) {
    K[k] = s.C.dot(p);             // K_k = C Ā^k B̄
    p = s.A_bar.cwiseProduct(p);
  }
  return K;
}

void lti_convolution(const LtiSSM& s, const Vec& u, Vec& y) {
  check_lti(s, u);
  const int L = (int)u.size();
  const Vec K = lti_kernel(s, L);  // (L)
  y.resize(L);                     // (L)
  for (int t = 0; t < L; ++t) {
    // y_t = Σ_{k=0..t} K_k u_{t-k} + D u_t   (causal: only past and present inputs)
    double acc = 0;
    for (int k = 0; k <= t; ++k) acc += (double)K[k] * u[t - k];
    y[t] = (float)acc + s.D * u[t];
  }
}

static int next_pow2(int n) {
  int p = 1;
  while (p < n) p <<= 1;
  return p;
}

void associative_scan(const float* a, const float* b, int L, float* h,
                      std::vector<ScanElem>& x, ScanTrace* trace) {
  const int n = next_pow2(L);
  x.resize(n);  // (n_pad) no-op when the caller sized it already
  for (int t = 0; t < n; ++t) x[t] = t < L ? ScanElem{a[t], b[t]} : ScanElem{};
  if (trace) {
    trace->L = L;
    trace->n_pad = n;
    trace->up.assign(1, x);
    trace->down.clear();
  }
  // Up-sweep (reduce): after level d, x[i + 2^{d+1} − 1] holds the composite of its 2^{d+1}
  // leaves. The root x[n−1] ends as the composite of the whole sequence.
  for (int stride = 1; stride < n; stride *= 2) {
    for (int i = 0; i < n; i += 2 * stride) {
      ScanElem& right = x[i + 2 * stride - 1];
      right = scan_combine(x[i + stride - 1], right);
    }
    if (trace) trace->up.push_back(x);
  }
  // Down-sweep: clear the root to the identity, then each node passes its prefix to its left
  // child and (prefix • left subtree) to its right child. Result: exclusive prefixes.
  x[n - 1] = ScanElem{};
  if (trace) trace->down.push_back(x);
  for (int stride = n / 2; stride >= 1; stride /= 2) {
    for (int i = 0; i < n; i += 2 * stride) {
      ScanElem& left = x[i + stride - 1];
      ScanElem& right = x[i + 2 * stride - 1];
      const ScanElem left_total = left;
      left = right;                                // prefix before this subtree
      right = scan_combine(right, left_total);     // prefix before the right subtree
    }
    if (trace) trace->down.push_back(x);
  }
  // Inclusive: h_t = a_t · h_{t-1} + b_t, where the exclusive prefix applied to h_{-1}=0 is x[t].b.
  for (int t = 0; t < L; ++t) h[t] = a[t] * x[t].b + b[t];
  if (trace) trace->h.assign(h, h + L);
}

void lti_parallel_scan(const LtiSSM& s, const Vec& u, Vec& y, std::vector<ScanTrace>* traces) {
  check_lti(s, u);
  const int L = (int)u.size(), N = s.N();
  y = s.D * u;                                // (L) skip term, states added below
  std::vector<float> a(L), b(L), h(L);        // (L) per state n
  std::vector<ScanElem> work(next_pow2(L));   // (n_pad)
  if (traces) traces->assign(N, ScanTrace{});
  for (int n = 0; n < N; ++n) {
    for (int t = 0; t < L; ++t) {
      a[t] = s.A_bar[n];                      // LTI: the same Ā at every step
      b[t] = s.B_bar[n] * u[t];
    }
    associative_scan(a.data(), b.data(), L, h.data(), work, traces ? &(*traces)[n] : nullptr);
    for (int t = 0; t < L; ++t) y[t] += s.C[n] * h[t];
  }
}

}  // namespace tmx::ssm
