#include "core/residual_norm.h"

#include <cmath>

#include "core/error.h"
#include "core/nn/ops.h"
#include "core/rng.h"

namespace tmx {

namespace {

constexpr float kEps = 1e-5f;

MatD row_of(const std::vector<double>& v) {
  MatD m(1, static_cast<Eigen::Index>(v.size()));
  for (size_t i = 0; i < v.size(); ++i) m(0, static_cast<Eigen::Index>(i)) = v[i];
  return m;
}

std::vector<double> vec_of(const MatD& m) { return std::vector<double>(m.data(), m.data() + m.size()); }

void check_vector(const std::vector<double>& x) {
  if (x.size() < 2) throw Error("norm steps: the vector needs at least 2 values, got " + std::to_string(x.size()));
  for (double v : x)
    if (!std::isfinite(v)) throw Error("norm steps: the vector has a value that is not finite");
}

// Per-block activations kept for the backward.
struct BlockCache {
  MatD in;                   // h_l
  MatD a;                    // the MLP input: LN(h_l) (Pre-LN) or h_l (Post-LN)
  VecT<double> mean, rstd;   // of the block's LN
  MatD u, g, f;              // u = a W1^T, g = gelu(u), f = g W2^T
  MatD sum;                  // Post-LN: h_l + f (the LN input)
};

struct Forward {
  std::vector<BlockCache> blocks;
  MatD pre_final;            // Pre-LN: h_L (input of the final LN)
  VecT<double> fmean, frstd;
  MatD y;
};

Forward forward(const ResidualStack& s) {
  const auto& c = s.cfg;
  const MatD ones = MatD::Ones(1, c.d), zeros = MatD::Zero(1, c.d);
  Forward fw;
  fw.blocks.resize(static_cast<size_t>(c.depth));
  MatD h = s.x;
  for (int l = 0; l < c.depth; ++l) {
    BlockCache& b = fw.blocks[static_cast<size_t>(l)];
    b.in = h;
    if (c.placement == NormPlacement::PreLN) layernorm_forward(b.a, b.mean, b.rstd, h, ones, zeros, kEps);
    else b.a = h;
    linear_forward<double>(b.u, b.a, s.w1[static_cast<size_t>(l)], nullptr);
    act_forward(b.g, b.u, Act::GELU_erf);
    linear_forward<double>(b.f, b.g, s.w2[static_cast<size_t>(l)], nullptr);
    if (c.placement == NormPlacement::PreLN) {
      residual_forward(h, b.in, b.f);
    } else {
      residual_forward(b.sum, b.in, b.f);
      layernorm_forward(h, b.mean, b.rstd, b.sum, ones, zeros, kEps);
    }
  }
  if (c.placement == NormPlacement::PreLN) {
    fw.pre_final = h;
    layernorm_forward(fw.y, fw.fmean, fw.frstd, h, ones, zeros, kEps);
  } else {
    fw.y = h;
  }
  return fw;
}

}  // namespace

NormSteps layernorm_steps(const std::vector<double>& x, double gamma, double beta, double eps) {
  check_vector(x);
  NormSteps st;
  st.x = x;
  const MatD xr = row_of(x);
  MatD y;
  VecT<double> mean, rstd;
  const Eigen::Index C = xr.cols();
  const MatD w = MatD::Constant(1, C, gamma), b = MatD::Constant(1, C, beta);
  layernorm_forward(y, mean, rstd, xr, w, b, static_cast<float>(eps));
  st.mean = mean[0];
  st.rstd = rstd[0];
  for (double v : x) st.centered.push_back(v - st.mean);
  for (double v : st.centered) st.var += v * v / static_cast<double>(x.size());
  for (double v : st.centered) st.normalized.push_back(v * st.rstd);
  st.out = vec_of(y);
  return st;
}

NormSteps rmsnorm_steps(const std::vector<double>& x, double gamma, double eps) {
  check_vector(x);
  NormSteps st;
  st.x = x;
  const MatD xr = row_of(x);
  MatD y;
  VecT<double> rstd;
  const MatD w = MatD::Constant(1, xr.cols(), gamma);
  rmsnorm_forward(y, rstd, xr, w, static_cast<float>(eps));
  st.mean = 0;
  st.rstd = rstd[0];
  for (double v : x) st.var += v * v / static_cast<double>(x.size());
  st.centered = x;
  for (double v : x) st.normalized.push_back(v * st.rstd);
  st.out = vec_of(y);
  return st;
}

ResidualStack make_residual_stack(const ResidualStackConfig& cfg) {
  if (cfg.depth < 1 || cfg.depth > 64) throw Error("residual stack: depth must be 1..64, got " + std::to_string(cfg.depth));
  if (cfg.d < 2 || cfg.hidden < 1 || cfg.tokens < 1 || cfg.d > 1024 || cfg.hidden > 4096 || cfg.tokens > 1024)
    throw Error("residual stack: d, hidden or tokens out of range");
  ResidualStack s;
  s.cfg = cfg;
  Rng rng(cfg.seed);
  const double xavier = std::sqrt(2.0 / static_cast<double>(cfg.d + cfg.hidden));
  for (int l = 0; l < cfg.depth; ++l) {
    MatD w1(cfg.hidden, cfg.d), w2(cfg.d, cfg.hidden);
    for (Eigen::Index i = 0; i < w1.size(); ++i) w1.data()[i] = xavier * rng.normal();
    for (Eigen::Index i = 0; i < w2.size(); ++i) w2.data()[i] = xavier * rng.normal();
    s.w1.push_back(std::move(w1));
    s.w2.push_back(std::move(w2));
  }
  s.x.resize(cfg.tokens, cfg.d);
  s.target.resize(cfg.tokens, cfg.d);
  for (Eigen::Index i = 0; i < s.x.size(); ++i) s.x.data()[i] = rng.normal();
  for (Eigen::Index i = 0; i < s.target.size(); ++i) s.target.data()[i] = rng.normal();
  return s;
}

double residual_stack_loss(const ResidualStack& s) {
  const Forward fw = forward(s);
  return (fw.y - s.target).squaredNorm() / (2.0 * s.cfg.tokens);
}

ResidualStackGrads residual_stack_backward(const ResidualStack& s) {
  const auto& c = s.cfg;
  const Forward fw = forward(s);
  const MatD ones = MatD::Ones(1, c.d);
  ResidualStackGrads g;
  g.loss = (fw.y - s.target).squaredNorm() / (2.0 * c.tokens);
  const size_t L = static_cast<size_t>(c.depth);
  g.dw1.resize(L);
  g.dw2.resize(L);
  g.weight_grad_norm.resize(L);
  g.stream_grad_norm.resize(L);
  MatD dy = (fw.y - s.target) / static_cast<double>(c.tokens);
  MatD dh;  // dL/d(output of the current block)
  if (c.placement == NormPlacement::PreLN) {
    MatD dgam, dbet;
    layernorm_backward(dh, dgam, dbet, dy, fw.pre_final, fw.fmean, fw.frstd, ones);
  } else {
    dh = dy;
  }
  for (size_t l = L; l-- > 0;) {
    const BlockCache& b = fw.blocks[l];
    MatD dbranch;  // dL/df
    MatD din;      // dL/dh_l
    if (c.placement == NormPlacement::PreLN) {
      residual_backward(din, dbranch, dh);  // both get dh: the identity path is the "+1"
    } else {
      MatD dsum, dgam, dbet;
      layernorm_backward(dsum, dgam, dbet, dh, b.sum, b.mean, b.rstd, ones);
      residual_backward(din, dbranch, dsum);
    }
    MatD dg, du, da;
    linear_backward<double>(&dg, &g.dw2[l], nullptr, dbranch, b.g, s.w2[l]);
    act_backward(du, dg, b.u, Act::GELU_erf);
    linear_backward<double>(&da, &g.dw1[l], nullptr, du, b.a, s.w1[l]);
    if (c.placement == NormPlacement::PreLN) {
      MatD dgam, dbet;
      layernorm_backward(din, dgam, dbet, da, b.in, b.mean, b.rstd, ones);  // accumulates into din
    } else {
      din += da;
    }
    g.weight_grad_norm[l] = std::sqrt(g.dw1[l].squaredNorm() + g.dw2[l].squaredNorm());
    g.stream_grad_norm[l] = din.norm();
    dh = std::move(din);
  }
  return g;
}

ResidualStackGrads residual_stack_grad_norms(const ResidualStackConfig& cfg) {
  return residual_stack_backward(make_residual_stack(cfg));
}

}  // namespace tmx
