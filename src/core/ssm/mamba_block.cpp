// [SECTION] index
//   config, parameters, initialization
//   forward
//   backward
//   recurrent step
#include "core/ssm/mamba_block.h"

#include <cmath>
#include <type_traits>

#include "core/nn/elementwise.h"
#include "core/nn/gemm.h"
#include "core/ssm/check.h"

namespace tmx::ssm {

//-----------------------------------------------------------------------------
// [SECTION] config, parameters, initialization
//-----------------------------------------------------------------------------
void MambaConfig::validate() const {
  ssm_check(d_model > 0 && d_state > 0 && d_conv > 0 && expand > 0 && dt_rank >= 0,
            "mamba config: d_model, d_state, d_conv, expand must be > 0");
  ssm_check(d_model <= 65536 && d_state <= 4096 && d_conv <= 64 && expand <= 64 && rank() <= 65536,
            "mamba config: sizes out of range");
}

template <typename S>
MambaBlockParamsT<S> mamba_block_zeros(const MambaConfig& c) {
  using Mat = MatS<S>;
  const int E = c.d_inner(), N = c.d_state, R = c.rank();
  MambaBlockParamsT<S> p;
  p.in_proj_weight = Mat::Zero(2 * E, c.d_model);
  p.conv1d_weight = Mat::Zero(E, c.d_conv);
  p.conv1d_bias = Mat::Zero(1, E);
  p.x_proj_weight = c.lti ? Mat::Zero(0, E) : Mat::Zero(R + 2 * N, E);
  p.dt_proj_weight = c.lti ? Mat::Zero(E, 0) : Mat::Zero(E, R);
  p.dt_proj_bias = Mat::Zero(1, E);
  p.A_log = Mat::Zero(E, N);
  p.D = Mat::Zero(1, E);
  p.out_proj_weight = Mat::Zero(c.d_model, E);
  if (c.lti) {
    p.B = Mat::Zero(E, N);
    p.C = Mat::Zero(E, N);
  }
  return p;
}

static void fill_uniform(Mat& m, Rng& rng, float bound) {
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = (2 * rng.uniform() - 1) * bound;
}

MambaBlockParams mamba_block_init(const MambaConfig& c, Rng& rng) {
  c.validate();
  const int E = c.d_inner(), N = c.d_state, R = c.rank();
  MambaBlockParams p = mamba_block_zeros(c);
  fill_uniform(p.in_proj_weight, rng, 1.0f / std::sqrt((float)c.d_model));  // nn.Linear default
  fill_uniform(p.conv1d_weight, rng, 1.0f / std::sqrt((float)c.d_conv));    // fan_in = 1 * d_conv
  fill_uniform(p.conv1d_bias, rng, 1.0f / std::sqrt((float)c.d_conv));
  if (!c.lti) {
    fill_uniform(p.x_proj_weight, rng, 1.0f / std::sqrt((float)E));
    fill_uniform(p.dt_proj_weight, rng, c.dt_scale / std::sqrt((float)R));   // dt_init = "random"
  }
  for (int e = 0; e < E; ++e) {
    // dt = exp(U(log dt_min, log dt_max)) ≥ floor;  bias = softplus⁻¹(dt) = dt + log(−expm1(−dt))
    const double lo = std::log((double)c.dt_min), hi = std::log((double)c.dt_max);
    const double dt = std::max(std::exp(lo + rng.uniform() * (hi - lo)), (double)c.dt_init_floor);
    p.dt_proj_bias(0, e) = (float)(dt + std::log(-std::expm1(-dt)));
    for (int n = 0; n < N; ++n) p.A_log(e, n) = std::log((float)(n + 1));  // S4D-Real: A = −(n+1)
  }
  p.D.setOnes();
  fill_uniform(p.out_proj_weight, rng, 1.0f / std::sqrt((float)E));
  if (c.lti) {  // S4D: B = 1, C ~ N(0, 1)
    p.B.setOnes();
    for (Eigen::Index i = 0; i < p.C.size(); ++i) p.C.data()[i] = rng.normal();
  }
  return p;
}

template <typename S>
std::vector<NamedMatT<S>> mamba_block_named(const MambaConfig& c, MambaBlockParamsT<S>& p) {
  const int64_t E = c.d_inner(), N = c.d_state, R = c.rank(), M = c.d_model;
  if (c.lti)
    return {{"in_proj.weight", &p.in_proj_weight, {2 * E, M}},
            {"conv1d.weight", &p.conv1d_weight, {E, 1, c.d_conv}},
            {"conv1d.bias", &p.conv1d_bias, {E}},
            {"B", &p.B, {E, N}},
            {"C", &p.C, {E, N}},
            {"dt_proj.bias", &p.dt_proj_bias, {E}},
            {"A_log", &p.A_log, {E, N}},
            {"D", &p.D, {E}},
            {"out_proj.weight", &p.out_proj_weight, {M, E}}};
  return {{"in_proj.weight", &p.in_proj_weight, {2 * E, M}},
          {"conv1d.weight", &p.conv1d_weight, {E, 1, c.d_conv}},
          {"conv1d.bias", &p.conv1d_bias, {E}},
          {"x_proj.weight", &p.x_proj_weight, {R + 2 * N, E}},
          {"dt_proj.weight", &p.dt_proj_weight, {E, R}},
          {"dt_proj.bias", &p.dt_proj_bias, {E}},
          {"A_log", &p.A_log, {E, N}},
          {"D", &p.D, {E}},
          {"out_proj.weight", &p.out_proj_weight, {M, E}}};
}

using ew::silu;

// (B*L, C) rows ↔ scan layout (B, C, L).
template <typename S>
static void to_scan(const S* src, int ld, int col0, int C, int batch, int len, std::vector<S>& dst) {
  dst.resize((size_t)batch * C * len);
  for (int b = 0; b < batch; ++b)
    for (int t = 0; t < len; ++t) {
      const S* row = src + (size_t)(b * len + t) * ld + col0;
      for (int c = 0; c < C; ++c) dst[((size_t)b * C + c) * len + t] = row[c];
    }
}
template <typename S>
static void from_scan(const S* src, int C, int batch, int len, S* dst, int ld, int col0) {
  for (int b = 0; b < batch; ++b)
    for (int t = 0; t < len; ++t) {
      S* row = dst + (size_t)(b * len + t) * ld + col0;
      for (int c = 0; c < C; ++c) row[c] = src[((size_t)b * C + c) * len + t];
    }
}

// The scan's arguments for a forward cache: B, C Variable (from x_proj) or Fixed (LTI ablation).
template <typename S>
static SelectiveScanArgs<S> block_scan_args(const MambaConfig& c, const MambaBlockParamsT<S>& p,
                                            const MambaBlockCacheT<S>& k) {
  SelectiveScanArgs<S> a;
  a.batch = k.batch, a.dim = c.d_inner(), a.dstate = c.d_state, a.len = k.len;
  a.u = k.s_u.data(), a.delta = k.s_dt.data(), a.A = k.A.data();
  const BCForm form = c.lti ? BCForm::Fixed : BCForm::Variable;
  a.Bm = k.s_B.data(), a.B_form = form;
  a.Cm = k.s_C.data(), a.C_form = form;
  a.D = p.D.data(), a.z = k.s_z.data(), a.delta_bias = p.dt_proj_bias.data(), a.delta_softplus = true;
  return a;
}

//-----------------------------------------------------------------------------
// [SECTION] forward
//-----------------------------------------------------------------------------
template <typename S>
void mamba_block_forward(const MambaConfig& c, const MambaBlockParamsT<S>& p, const MatS<S>& x, int batch, int len,
                         MatS<S>& out, MambaBlockCacheT<S>& k, Trace* trace, const std::string& prefix) {
  c.validate();
  const int E = c.d_inner(), N = c.d_state, R = c.rank(), K = c.d_conv;
  ssm_check(batch > 0 && len > 0 && x.rows() == (Eigen::Index)batch * len && x.cols() == c.d_model,
            "mamba block: input must be (batch*len, d_model)");
  ssm_check(x.allFinite(), "mamba block: input has NaN/Inf");
  k.batch = batch;
  k.len = len;
  k.x = x;                                           // (BL, d_model)
  k.xz.resize((Eigen::Index)batch * len, 2 * E);     // (BL, 2E) [x_in | z]
  matmul<false, true>(k.xz, x, p.in_proj_weight, false);  // x W_in^T

  // Causal depthwise conv: conv[t, e] = bias[e] + Σ_j w[e, j] x_in[t − (K−1) + j, e]
  // (zero padding on the left, so step t sees only x_in[t−K+1 .. t]).
  k.conv.resize((Eigen::Index)batch * len, E);       // (BL, E)
  for (int b = 0; b < batch; ++b)
    for (int t = 0; t < len; ++t) {
      S* o = k.conv.data() + (size_t)(b * len + t) * E;
      for (int e = 0; e < E; ++e) o[e] = p.conv1d_bias(0, e);
      for (int j = 0; j < K; ++j) {
        const int s = t - (K - 1) + j;
        if (s < 0) continue;
        const S* xin = k.xz.data() + (size_t)(b * len + s) * 2 * E;  // first E columns
        for (int e = 0; e < E; ++e) o[e] += p.conv1d_weight(e, j) * xin[e];
      }
    }
  k.u = silu(k.conv.array()).matrix();                  // (BL, E)
  if (c.lti) {
    // Δ, B, C do not depend on the input: dt = 0 (Δ = softplus(bias)), B and C the (E, N) parameters.
    ssm_check(p.B.rows() == E && p.B.cols() == N && p.C.rows() == E && p.C.cols() == N, "mamba block: LTI B, C must be (E, N)");
    k.x_dbl.resize((Eigen::Index)batch * len, 0);
    k.dt = MatS<S>::Zero((Eigen::Index)batch * len, E);
  } else {
    k.x_dbl.resize((Eigen::Index)batch * len, R + 2 * N);         // (BL, R + 2N)
    matmul<false, true>(k.x_dbl, k.u, p.x_proj_weight, false);     // u W_x^T
    k.dt.resize((Eigen::Index)batch * len, E);                     // (BL, E)
    matmul<false, true>(k.dt, k.x_dbl.leftCols(R), p.dt_proj_weight, false);  // dt_low W_dt^T
  }
  k.A = -p.A_log.array().exp().matrix();                        // (E, N) A = −exp(A_log)

  to_scan(k.u.data(), E, 0, E, batch, len, k.s_u);             // (B, E, L)
  to_scan(k.dt.data(), E, 0, E, batch, len, k.s_dt);           // (B, E, L)
  if (c.lti) {
    k.s_B.assign(p.B.data(), p.B.data() + p.B.size());         // (E, N) Fixed
    k.s_C.assign(p.C.data(), p.C.data() + p.C.size());
  } else {
    to_scan(k.x_dbl.data(), R + 2 * N, R, N, batch, len, k.s_B); // (B, N, L)
    to_scan(k.x_dbl.data(), R + 2 * N, R + N, N, batch, len, k.s_C);
  }
  to_scan(k.xz.data(), 2 * E, E, E, batch, len, k.s_z);        // (B, E, L)

  const SelectiveScanArgs<S> a = block_scan_args(c, p, k);
  k.s_out.resize((size_t)batch * E * len);
  selective_scan_forward(a, k.s_out.data(), k.scan);

  k.y.resize((Eigen::Index)batch * len, E);                    // (BL, E)
  from_scan(k.s_out.data(), E, batch, len, k.y.data(), E, 0);
  out.resize((Eigen::Index)batch * len, c.d_model);            // (BL, d_model)
  matmul<false, true>(out, k.y, p.out_proj_weight, false);     // y W_out^T

  if constexpr (std::is_same_v<S, float>) {
  if (trace && batch == 1) {
    const std::string& P = prefix;
    trace->put(P + "in_proj.x", k.xz.leftCols(E));
    trace->put(P + "in_proj.z", k.xz.rightCols(E));
    trace->put(P + "conv.out", k.conv);
    trace->put(P + "conv.act", k.u);
    if (c.lti) {
      trace->put(P + "B", Mat(p.B));
      trace->put(P + "C", Mat(p.C));
    } else {
      trace->put(P + "x_proj.dt", k.x_dbl.leftCols(R));
      trace->put(P + "B", k.x_dbl.middleCols(R, N));
      trace->put(P + "C", k.x_dbl.rightCols(N));
    }
    trace->put(P + "dt", k.dt);
    Mat delta(len, E), Abar(len, E * N), Bbar(len, E * N), h(len, E * N), y(len, E), gate(len, E);
    from_scan(k.scan.delta.data(), E, 1, len, delta.data(), E, 0);
    from_scan(k.scan.y.data(), E, 1, len, y.data(), E, 0);
    for (int t = 0; t < len; ++t)
      for (int e = 0; e < E; ++e) {
        const float d = delta(t, e);
        gate(t, e) = silu(k.xz(t, E + e));
        for (int n = 0; n < N; ++n) {
          Abar(t, e * N + n) = std::exp(d * k.A(e, n));          // Ā = exp(ΔA)
          Bbar(t, e * N + n) = d * (c.lti ? p.B(e, n) : k.x_dbl(t, R + n));  // B̄ = ΔB
          h(t, e * N + n) = k.scan.h[((size_t)e * len + t) * N + n];
        }
      }
    trace->put(P + "delta", delta);
    trace->put(P + "A", k.A);
    trace->put(P + "A_bar", Abar);
    trace->put(P + "B_bar", Bbar);
    trace->put(P + "h", h);
    trace->put(P + "y", y);
    trace->put(P + "gate", gate);
    trace->put(P + "gated", k.y);
    trace->put(P + "out", out);
  }
  }
}

//-----------------------------------------------------------------------------
// [SECTION] backward
//-----------------------------------------------------------------------------
template <typename S>
void mamba_block_backward(const MambaConfig& c, const MambaBlockParamsT<S>& p, const MambaBlockCacheT<S>& k,
                          const MatS<S>& dout, MatS<S>& dx, MambaBlockParamsT<S>& g) {
  using Mat = MatS<S>;
  const int E = c.d_inner(), N = c.d_state, R = c.rank(), K = c.d_conv;
  const int batch = k.batch, len = k.len;
  ssm_check(dout.rows() == k.x.rows() && dout.cols() == c.d_model, "mamba block backward: dout shape");
  // out = y · W_outᵀ
  matmul<true, false>(g.out_proj_weight, dout, k.y, true);    // += dout^T y, (d_model, E)
  Mat dy((Eigen::Index)batch * len, E);                        // (BL, E)
  matmul<false, false>(dy, dout, p.out_proj_weight, false);    // dout W_out
  std::vector<S> s_dy;
  to_scan(dy.data(), E, 0, E, batch, len, s_dy);               // (B, E, L)

  // Selective scan backward.
  const SelectiveScanArgs<S> a = block_scan_args(c, p, k);
  std::vector<S> s_du(k.s_u.size(), S(0)), s_ddt(k.s_dt.size(), S(0)), s_dB(k.s_B.size(), S(0)),
      s_dC(k.s_C.size(), S(0)), s_dz(k.s_z.size(), S(0));
  Mat dA = Mat::Zero(E, N);                                    // (E, N)
  SelectiveScanGrads<S> sg;
  sg.du = s_du.data(), sg.ddelta = s_ddt.data(), sg.dA = dA.data(), sg.dB = s_dB.data(), sg.dC = s_dC.data();
  sg.dD = g.D.data(), sg.dz = s_dz.data(), sg.ddelta_bias = g.dt_proj_bias.data();
  selective_scan_backward(a, k.scan, s_dy.data(), sg);
  // A = −exp(A_log)  ⇒  dA_log = dA ⊙ A
  g.A_log.array() += dA.array() * k.A.array();
  Mat du((Eigen::Index)batch * len, E);                         // (BL, E)
  if (c.lti) {
    // B and C are the parameters themselves (Fixed form, (E, N) like the scan's); Δ's only
    // parameter is the bias (already accumulated by the scan). u feeds only the scan.
    g.B += Eigen::Map<const Mat>(s_dB.data(), E, N);
    g.C += Eigen::Map<const Mat>(s_dC.data(), E, N);
    from_scan(s_du.data(), E, batch, len, du.data(), E, 0);
  } else {

  // dt = dt_low · W_dtᵀ
  Mat ddt((Eigen::Index)batch * len, E);                       // (BL, E)
  from_scan(s_ddt.data(), E, batch, len, ddt.data(), E, 0);
  matmul<true, false>(g.dt_proj_weight, ddt, k.x_dbl.leftCols(R), true);  // += ddt^T dt_low, (E, R)
  Mat dx_dbl((Eigen::Index)batch * len, R + 2 * N);            // (BL, R + 2N)
  matmul<false, false>(dx_dbl.leftCols(R), ddt, p.dt_proj_weight, false);  // ddt W_dt
  from_scan(s_dB.data(), N, batch, len, dx_dbl.data(), R + 2 * N, R);
  from_scan(s_dC.data(), N, batch, len, dx_dbl.data(), R + 2 * N, R + N);
  // x_dbl = u · W_xᵀ ; u also feeds the scan directly
  matmul<true, false>(g.x_proj_weight, dx_dbl, k.u, true);     // += dx_dbl^T u, (R + 2N, E)
  matmul<false, false>(du, dx_dbl, p.x_proj_weight, false);     // dx_dbl W_x, (BL, E)
  Mat du_scan((Eigen::Index)batch * len, E);
  from_scan(s_du.data(), E, batch, len, du_scan.data(), E, 0);
  du += du_scan;
  }
  // u = SiLU(conv):  SiLU'(v) = σ(v)(1 + v(1 − σ(v)))
  Mat dconv = du;                                               // (BL, E)
  dconv.array() *= ew::silu_grad(k.conv.array());
  // Causal depthwise conv backward, and the z half of in_proj from the scan's dz.
  Mat dxz = Mat::Zero((Eigen::Index)batch * len, 2 * E);       // (BL, 2E)
  from_scan(s_dz.data(), E, batch, len, dxz.data(), 2 * E, E);
  for (int b = 0; b < batch; ++b)
    for (int t = 0; t < len; ++t) {
      const S* dc = dconv.data() + (size_t)(b * len + t) * E;
      for (int e = 0; e < E; ++e) g.conv1d_bias(0, e) += dc[e];
      for (int j = 0; j < K; ++j) {
        const int s = t - (K - 1) + j;
        if (s < 0) continue;
        const S* xin = k.xz.data() + (size_t)(b * len + s) * 2 * E;
        S* dxin = dxz.data() + (size_t)(b * len + s) * 2 * E;
        for (int e = 0; e < E; ++e) {
          g.conv1d_weight(e, j) += dc[e] * xin[e];
          dxin[e] += dc[e] * p.conv1d_weight(e, j);
        }
      }
    }
  // xz = x · W_inᵀ
  matmul<true, false>(g.in_proj_weight, dxz, k.x, true);       // += dxz^T x, (2E, d_model)
  dx.resize((Eigen::Index)batch * len, c.d_model);              // (BL, d_model)
  matmul<false, false>(dx, dxz, p.in_proj_weight, false);       // dxz W_in
}

//-----------------------------------------------------------------------------
// [SECTION] recurrent step
//-----------------------------------------------------------------------------
void MambaBlockState::reset(const MambaConfig& c, const MambaBlockParams& p) {
  ssm_check(p.A_log.rows() == c.d_inner() && p.A_log.cols() == c.d_state, "mamba step: A_log shape");
  conv_state = Mat::Zero(c.d_inner(), c.d_conv);
  ssm_state = Mat::Zero(c.d_inner(), c.d_state);
  A = -p.A_log.array().exp().matrix();
  xz.resize(2 * c.d_inner());
  u.resize(c.d_inner());
  x_dbl.resize(c.lti ? 0 : c.rank() + 2 * c.d_state);
  dt.resize(c.d_inner());
  y.resize(c.d_inner());
}

// Same math as the forward for one new token, O(E·(N + d_conv)) work and constant memory:
//   conv_state ← shift left, append x_in;  u = SiLU(Σ_j w[:, j] conv_state[:, j] + b)
//   Δ = softplus(dt + bias);  h ← exp(ΔA) ⊙ h + ΔB u;  y = (C·h + D u) · SiLU(z)
void mamba_block_step(const MambaConfig& c, const MambaBlockParams& p, const RowVec& x, MambaBlockState& s,
                      RowVec& out) {
  const int E = c.d_inner(), N = c.d_state, R = c.rank(), K = c.d_conv;
  ssm_check(x.size() == c.d_model && x.allFinite(), "mamba step: input must be (1, d_model) and finite");
  ssm_check(s.conv_state.rows() == E && s.ssm_state.rows() == E && s.ssm_state.cols() == N && s.A.rows() == E,
            "mamba step: state not reset for this config");
  s.xz.resize(2 * E);
  matmul<false, true>(s.xz, x, p.in_proj_weight, false);      // (1, 2E) = x in_proj^T
  for (int e = 0; e < E; ++e) {
    float* cs = s.conv_state.data() + (size_t)e * K;            // (K) oldest first
    for (int j = 0; j + 1 < K; ++j) cs[j] = cs[j + 1];
    cs[K - 1] = s.xz[e];
    float acc = p.conv1d_bias(0, e);
    for (int j = 0; j < K; ++j) acc += p.conv1d_weight(e, j) * cs[j];
    s.u[e] = silu(acc);
  }
  if (c.lti) {
    s.dt.setZero();  // Δ = softplus(bias): no input dependence
  } else {
    s.x_dbl.resize(R + 2 * N);
    matmul<false, true>(s.x_dbl, s.u, p.x_proj_weight, false);             // (1, R + 2N)
    s.dt.resize(E);
    matmul<false, true>(s.dt, s.x_dbl.head(R), p.dt_proj_weight, false);  // (1, E)
  }
  for (int e = 0; e < E; ++e) {
    // B_t, C_t from x_proj, or channel e's fixed rows (LTI ablation).
    const Eigen::Map<const Eigen::ArrayXf> Bt(c.lti ? p.B.data() + (size_t)e * N : s.x_dbl.data() + R, N);      // (N)
    const Eigen::Map<const Eigen::ArrayXf> Ct(c.lti ? p.C.data() + (size_t)e * N : s.x_dbl.data() + R + N, N);  // (N)
    const float delta = (float)softplus((double)s.dt[e] + p.dt_proj_bias(0, e));
    Eigen::Map<Eigen::ArrayXf> h(s.ssm_state.data() + (size_t)e * N, N);                 // (N)
    const Eigen::Map<const Eigen::ArrayXf> A(s.A.data() + (size_t)e * N, N);            // (N)
    // h = exp(Δ·A) ⊙ h + Δ B u   (Eigen's vectorized exp over the N states)
    h = ew::exp(A * delta) * h + Bt * (delta * s.u[e]);
    s.y[e] = ((Ct * h).sum() + p.D(0, e) * s.u[e]) * silu(s.xz[E + e]);
  }
  ssm_check(s.y.allFinite(), "mamba step: state overflowed (non-finite output)");
  out.resize(c.d_model);
  matmul<false, true>(out, s.y, p.out_proj_weight, false);     // (1, d_model)
}

//-----------------------------------------------------------------------------
// [SECTION] explicit instantiations (float for use, double for finite-difference tests)
//-----------------------------------------------------------------------------
#define TMX_MAMBA_BLOCK_INSTANTIATE(S)                                                                          \
  template MambaBlockParamsT<S> mamba_block_zeros<S>(const MambaConfig&);                                       \
  template std::vector<NamedMatT<S>> mamba_block_named<S>(const MambaConfig&, MambaBlockParamsT<S>&);           \
  template void mamba_block_forward<S>(const MambaConfig&, const MambaBlockParamsT<S>&, const MatS<S>&, int, int, \
                                       MatS<S>&, MambaBlockCacheT<S>&, Trace*, const std::string&);             \
  template void mamba_block_backward<S>(const MambaConfig&, const MambaBlockParamsT<S>&,                       \
                                        const MambaBlockCacheT<S>&, const MatS<S>&, MatS<S>&, MambaBlockParamsT<S>&);
TMX_MAMBA_BLOCK_INSTANTIATE(float)
TMX_MAMBA_BLOCK_INSTANTIATE(double)

}  // namespace tmx::ssm
