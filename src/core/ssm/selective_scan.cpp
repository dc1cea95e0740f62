// [SECTION] index
//   helpers: softplus, silu, B/C row access
//   selective_scan_forward
//   selective_scan_backward
//   explicit instantiations (float, double)
#include "core/ssm/selective_scan.h"

#include <Eigen/Core>
#include <cmath>
#include <string>

#include "core/nn/elementwise.h"
#include "core/ssm/check.h"
#include "core/ssm/lti.h"

namespace tmx::ssm {

//-----------------------------------------------------------------------------
// [SECTION] helpers
//-----------------------------------------------------------------------------
double softplus(double x) { return ew::softplus(x); }  // torch threshold 20
using ew::sigmoid;

template <typename T>
int64_t bc_numel(const SelectiveScanArgs<T>& a, BCForm form, int groups) {
  const int64_t B = a.batch, D = a.dim, N = a.dstate, L = a.len;
  switch (form) {
    case BCForm::Fixed: return D * N;
    case BCForm::Variable: return B * N * L;
    case BCForm::Grouped: return B * groups * N * L;
  }
  return 0;
}

// Row access for B or C: row(b, d, t) points at the N values used by channel d at step t.
// Variable/Grouped inputs are (B, G, N, L) in memory (N-major); the scan reads them as
// (B, G, L, N) so its inner loop over n is contiguous — we transpose once per call.
template <typename P>
struct BCRows {
  P base = nullptr;
  int64_t s_b = 0, s_g = 0, s_t = 0;  // strides of batch, group, step
  int group_size = 1;                 // channels per group
  P row(int b, int d, int t) const { return base + b * s_b + (d / group_size) * s_g + t * s_t; }
};

template <typename T, typename P>
static BCRows<P> make_rows(const SelectiveScanArgs<T>& a, BCForm form, int groups, P src,
                           std::vector<T>& buf) {
  const int N = a.dstate, L = a.len;
  BCRows<P> r;
  if (form == BCForm::Fixed) {  // (D, N): the same row at every step
    r.base = src;
    r.s_g = N;
    return r;
  }
  const int G = form == BCForm::Grouped ? groups : 1;
  buf.assign((size_t)a.batch * G * L * N, T(0));  // (B, G, L, N)
  if (src) {
    for (int bg = 0; bg < a.batch * G; ++bg)
      for (int n = 0; n < N; ++n)
        for (int t = 0; t < L; ++t) buf[((size_t)bg * L + t) * N + n] = src[((size_t)bg * N + n) * L + t];
  }
  r.base = buf.data();
  r.s_b = (int64_t)G * L * N;
  r.s_g = (int64_t)L * N;
  r.s_t = N;
  r.group_size = a.dim / G;
  return r;
}

// Adds the (B, G, L, N) gradient workspace back into dst laid out as (B, G, N, L).
template <typename T>
static void scatter_rows(const SelectiveScanArgs<T>& a, BCForm form, int groups, const std::vector<T>& buf, T* dst) {
  if (form == BCForm::Fixed || !dst) return;  // Fixed accumulated in place
  const int N = a.dstate, L = a.len, G = form == BCForm::Grouped ? groups : 1;
  for (int bg = 0; bg < a.batch * G; ++bg)
    for (int n = 0; n < N; ++n)
      for (int t = 0; t < L; ++t) dst[((size_t)bg * N + n) * L + t] += buf[((size_t)bg * L + t) * N + n];
}

template <typename T>
static bool all_finite(const T* p, int64_t n) {
  for (int64_t i = 0; i < n; ++i)
    if (!std::isfinite(p[i])) return false;
  return true;
}

template <typename T>
static void validate(const SelectiveScanArgs<T>& a) {
  ssm_check(a.batch > 0 && a.dim > 0 && a.dstate > 0 && a.len > 0, "selective_scan: B, D, N, L must be > 0");
  ssm_check(a.u && a.delta && a.A && a.Bm && a.Cm, "selective_scan: u, delta, A, B, C are required");
  auto check_groups = [&](BCForm form, int G, const char* name) {
    if (form == BCForm::Grouped)
      ssm_check(G > 0 && a.dim % G == 0,
                std::string("selective_scan: groups of ") + name + " must divide D = " + std::to_string(a.dim));
  };
  check_groups(a.B_form, a.B_groups, "B");
  check_groups(a.C_form, a.C_groups, "C");
  const int64_t BDL = (int64_t)a.batch * a.dim * a.len;
  ssm_check(all_finite(a.u, BDL), "selective_scan: u has NaN/Inf");
  ssm_check(all_finite(a.delta, BDL), "selective_scan: delta has NaN/Inf");
  ssm_check(all_finite(a.A, (int64_t)a.dim * a.dstate), "selective_scan: A has NaN/Inf");
  ssm_check(all_finite(a.Bm, bc_numel(a, a.B_form, a.B_groups)), "selective_scan: B has NaN/Inf");
  ssm_check(all_finite(a.Cm, bc_numel(a, a.C_form, a.C_groups)), "selective_scan: C has NaN/Inf");
  if (a.z) ssm_check(all_finite(a.z, BDL), "selective_scan: z has NaN/Inf");
  if (a.D) ssm_check(all_finite(a.D, a.dim), "selective_scan: D has NaN/Inf");
  if (a.delta_bias) ssm_check(all_finite(a.delta_bias, a.dim), "selective_scan: delta_bias has NaN/Inf");
}

//-----------------------------------------------------------------------------
// [SECTION] forward
//-----------------------------------------------------------------------------
template <typename T>
void selective_scan_forward(const SelectiveScanArgs<T>& a, T* out, SelectiveScanCache<T>& cache, T* last_state) {
  using Arr = Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>>;  // views over N states
  using ConstArr = Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>>;
  validate(a);
  const int Bsz = a.batch, D = a.dim, N = a.dstate, L = a.len;
  std::vector<T> bbuf, cbuf;
  const BCRows<const T*> Brows = make_rows(a, a.B_form, a.B_groups, a.Bm, bbuf);
  const BCRows<const T*> Crows = make_rows(a, a.C_form, a.C_groups, a.Cm, cbuf);
  cache.delta.resize((size_t)Bsz * D * L);     // (B, D, L)
  cache.h.resize((size_t)Bsz * D * L * N);     // (B, D, L, N)
  cache.y.resize((size_t)Bsz * D * L);         // (B, D, L)
  // h_t is computed in this aligned array, then copied: computed in place in cache.h, Eigen would
  // run the first elements of a row whose address is not 32-byte aligned as scalar code (std::exp,
  // a fused multiply-add), so two copies of one model could differ in the last bit.
  Eigen::Array<T, Eigen::Dynamic, 1> hw(N);    // (N)
  for (int b = 0; b < Bsz; ++b) {
    for (int d = 0; d < D; ++d) {
      const size_t bd = (size_t)b * D + d;
      const T* u = a.u + bd * L;               // (L)
      T* dt = cache.delta.data() + bd * L;     // (L)
      T* h = cache.h.data() + bd * L * N;      // (L, N)
      for (int t = 0; t < L; ++t) {
        // Δ_t = softplus(delta_t + bias)
        T x = a.delta[bd * L + t] + (a.delta_bias ? a.delta_bias[d] : T(0));
        dt[t] = a.delta_softplus ? (T)softplus((double)x) : x;
      }
      const ConstArr Ad(a.A + (size_t)d * N, N);  // (N)
      for (int t = 0; t < L; ++t) {
        const ConstArr Bt(Brows.row(b, d, t), N);  // (N)
        const ConstArr Ct(Crows.row(b, d, t), N);  // (N)
        Arr ht(h + (size_t)t * N, N);              // (N) h_t
        const T du = dt[t] * u[t];
        // h_t = exp(Δ A) ⊙ h_{t-1} + Δ B u ;  y_t = C·h_t   (vectorized over the N states)
        if (t > 0)
          hw = ew::exp(Ad * dt[t]) * hw + Bt * du;
        else
          hw = Bt * du;
        ht = hw;
        const T acc = (Ct * hw).sum();
        const T y = acc + (a.D ? a.D[d] * u[t] : T(0));
        cache.y[bd * L + t] = y;
        if (a.z) {
          const T zz = a.z[bd * L + t];
          out[bd * L + t] = y * zz * sigmoid(zz);  // y · silu(z)
        } else {
          out[bd * L + t] = y;
        }
      }
      if (last_state)
        for (int n = 0; n < N; ++n) last_state[bd * N + n] = h[(size_t)(L - 1) * N + n];
    }
  }
  ssm_check(all_finite(out, (int64_t)Bsz * D * L),
            "selective_scan: result is not finite (delta or inputs too large for float)");
}

//-----------------------------------------------------------------------------
// [SECTION] backward
//-----------------------------------------------------------------------------
// Reverse-time sweep per (b, d). With g_t = dL/dh_t (from y_t and from h_{t+1}):
//   g_t   = dy_t C_t + Ā_{t+1} ⊙ g_{t+1}
//   dC_t += dy_t h_t
//   dΔ_t += Σ_n g_t[n] (h_{t-1}[n] Ā_t[n] A[n] + B_t[n] u_t)
//   dA   += Σ_t g_t h_{t-1} Ā_t Δ_t ;  dB_t += g_t Δ_t u_t ;  du_t += Σ_n g_t[n] Δ_t B_t[n] + dy_t D
// and through the gate out = y·silu(z):  dy = dout·silu(z),  dz = dout·y·silu'(z).
template <typename T>
void selective_scan_backward(const SelectiveScanArgs<T>& a, const SelectiveScanCache<T>& cache, const T* dout,
                             SelectiveScanGrads<T>& g) {
  using Arr = Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>>;  // views over N states
  using ConstArr = Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>>;
  const int Bsz = a.batch, D = a.dim, N = a.dstate, L = a.len;
  ssm_check(cache.h.size() == (size_t)Bsz * D * L * N, "selective_scan_backward: cache does not match args");
  std::vector<T> bbuf, cbuf, dbbuf, dcbuf;
  const BCRows<const T*> Brows = make_rows(a, a.B_form, a.B_groups, a.Bm, bbuf);
  const BCRows<const T*> Crows = make_rows(a, a.C_form, a.C_groups, a.Cm, cbuf);
  // Gradient rows for B and C: in place for Fixed, else a zeroed (B, G, L, N) workspace.
  BCRows<T*> dBrows, dCrows;
  std::vector<T> sink((size_t)N, T(0));  // target when a gradient is not requested
  auto grad_rows = [&](BCForm form, int G, T* dst, std::vector<T>& buf) {
    BCRows<T*> r;
    if (!dst) {
      r.base = sink.data();
      return r;  // all strides 0: every row is the sink
    }
    const BCRows<const T*> shape = make_rows<T, const T*>(a, form, G, nullptr, buf);
    r.base = form == BCForm::Fixed ? dst : buf.data();
    r.s_b = shape.s_b;
    r.s_g = shape.s_g;
    r.s_t = shape.s_t;
    r.group_size = shape.group_size;
    return r;
  };
  dBrows = grad_rows(a.B_form, a.B_groups, g.dB, dbbuf);
  dCrows = grad_rows(a.C_form, a.C_groups, g.dC, dcbuf);

  std::vector<T> ddt((size_t)L);  // (L) dL/dΔ
  // (N) work arrays: carried dL/dh, dL/dh_t, Ā_t, dL/dĀ_t·Ā_t, and a sink when dA is not wanted
  // Products are evaluated into these aligned arrays and only then added to the gradients (whose
  // rows may sit at any address): the same rounding wherever the caller's buffers live (see forward).
  Eigen::Array<T, Eigen::Dynamic, 1> gh(N), gt(N), abar(N), da(N), dA_sink(N), inc(N);
  for (int b = 0; b < Bsz; ++b) {
    for (int d = 0; d < D; ++d) {
      const size_t bd = (size_t)b * D + d;
      const T* u = a.u + bd * L;                  // (L)
      const ConstArr Ad(a.A + (size_t)d * N, N);  // (N)
      Arr dA(g.dA ? g.dA + (size_t)d * N : dA_sink.data(), N);  // (N)
      const T* dt = cache.delta.data() + bd * L;  // (L)
      const T* h = cache.h.data() + bd * L * N;   // (L, N)
      gh.setZero();
      T dD_acc = 0;
      for (int t = L - 1; t >= 0; --t) {
        const size_t i = bd * L + t;
        T dy = dout[i];
        if (a.z) {
          // out = y·silu(z), silu'(z) = σ(z)(1 + z(1 − σ(z)))
          const T zz = a.z[i], s = sigmoid(zz);
          if (g.dz) g.dz[i] += dout[i] * cache.y[i] * s * (T(1) + zz * (T(1) - s));
          dy = dout[i] * zz * s;
        }
        if (a.D) {
          dD_acc += dy * u[t];
          if (g.du) g.du[i] += dy * a.D[d];
        }
        const ConstArr Bt(Brows.row(b, d, t), N), Ct(Crows.row(b, d, t), N);  // (N)
        Arr dBt(dBrows.row(b, d, t), N), dCt(dCrows.row(b, d, t), N);        // (N)
        const ConstArr ht(h + (size_t)t * N, N);                               // (N)
        gt = gh + dy * Ct;                        // dL/dh_t
        inc = dy * ht;
        dCt += inc;
        abar = ew::exp(Ad * dt[t]);                // Ā_t
        T ddt_t = 0;
        if (t > 0) {
          const ConstArr hp(ht.data() - N, N);    // h_{t-1}
          da = gt * hp * abar;                    // dL/dĀ_t · Ā_t
          ddt_t += (da * Ad).sum();
          inc = da * dt[t];
          dA += inc;
        }
        const T gB = (gt * Bt).sum();
        ddt_t += gB * u[t];
        inc = gt * (dt[t] * u[t]);
        dBt += inc;
        const T du_t = gB * dt[t];
        gh = gt * abar;                           // flows to h_{t-1}
        if (g.du) g.du[i] += du_t;
        ddt[t] = ddt_t;
      }
      if (g.dD && a.D) g.dD[d] += dD_acc;
      T dbias = 0;
      for (int t = 0; t < L; ++t) {
        // Δ = softplus(x), x = delta + bias:  dx = dΔ · σ(x)  (1 above torch's threshold 20)
        T dx = ddt[t];
        if (a.delta_softplus) {
          const T x = a.delta[bd * L + t] + (a.delta_bias ? a.delta_bias[d] : T(0));
          dx *= x > T(20) ? T(1) : sigmoid(x);
        }
        if (g.ddelta) g.ddelta[bd * L + t] += dx;
        dbias += dx;
      }
      if (g.ddelta_bias && a.delta_bias) g.ddelta_bias[d] += dbias;
    }
  }
  scatter_rows(a, a.B_form, a.B_groups, dbbuf, g.dB);
  scatter_rows(a, a.C_form, a.C_groups, dcbuf, g.dC);
}

//-----------------------------------------------------------------------------
// [SECTION] explicit instantiations
//-----------------------------------------------------------------------------
template void selective_scan_forward<float>(const SelectiveScanArgs<float>&, float*, SelectiveScanCache<float>&, float*);
template void selective_scan_forward<double>(const SelectiveScanArgs<double>&, double*, SelectiveScanCache<double>&,
                                             double*);
template void selective_scan_backward<float>(const SelectiveScanArgs<float>&, const SelectiveScanCache<float>&,
                                             const float*, SelectiveScanGrads<float>&);
template void selective_scan_backward<double>(const SelectiveScanArgs<double>&, const SelectiveScanCache<double>&,
                                              const double*, SelectiveScanGrads<double>&);
template int64_t bc_numel<float>(const SelectiveScanArgs<float>&, BCForm, int);
template int64_t bc_numel<double>(const SelectiveScanArgs<double>&, BCForm, int);


double zoh_b_factor(double x) { return std::fabs(x) < 1e-8 ? 1.0 + x / 2 : std::expm1(x) / x; }

void scale_b_for_zoh(const float* A, const float* delta, float* Bm, int N, int L) {
  for (int n = 0; n < N; ++n)
    for (int t = 0; t < L; ++t)
      Bm[static_cast<size_t>(n) * L + t] *= static_cast<float>(zoh_b_factor(static_cast<double>(delta[t]) * A[n]));
}

std::vector<float> selective_scan_associative(const SelectiveScanArgs<float>& a, const std::vector<float>& delta) {
  ssm_check(a.B_form == BCForm::Variable && a.C_form == BCForm::Variable,
            "selective_scan_associative needs input-dependent (Variable) B and C");
  const int Bt = a.batch, D = a.dim, N = a.dstate, L = a.len;
  ssm_check(Bt > 0 && D > 0 && N > 0 && L > 0 && delta.size() == static_cast<size_t>(Bt) * D * L,
            "selective_scan_associative: shapes do not match");
  std::vector<float> y(static_cast<size_t>(Bt) * D * L, 0.0f), as(L), bs(L), hs(L);
  int pad = 1;
  while (pad < L) pad *= 2;
  std::vector<ScanElem> work(static_cast<size_t>(pad));
  for (int b = 0; b < Bt; ++b)
    for (int d = 0; d < D; ++d) {
      const size_t row = (static_cast<size_t>(b) * D + d) * L;
      const float* u = a.u + row;
      const float* dt = delta.data() + row;
      float* yr = y.data() + row;
      for (int t = 0; t < L; ++t) yr[t] = a.D ? a.D[d] * u[t] : 0.0f;
      for (int n = 0; n < N; ++n) {
        const float* Bn = a.Bm + (static_cast<size_t>(b) * N + n) * L;
        const float* Cn = a.Cm + (static_cast<size_t>(b) * N + n) * L;
        for (int t = 0; t < L; ++t) {
          as[t] = std::exp(dt[t] * a.A[static_cast<size_t>(d) * N + n]);
          bs[t] = dt[t] * Bn[t] * u[t];
        }
        associative_scan(as.data(), bs.data(), L, hs.data(), work);
        for (int t = 0; t < L; ++t) yr[t] += Cn[t] * hs[t];
      }
    }
  return y;
}

}  // namespace tmx::ssm
