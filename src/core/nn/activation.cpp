// Activations (ReLU, GELU tanh/erf, SiLU), SwiGLU, residual, dropout.
#include <cmath>

#include "core/error.h"
#include "core/nn/elementwise.h"
#include "core/nn/ops.h"

namespace tmx {

const char* act_name(Act a) {
  switch (a) {
    case Act::ReLU: return "relu";
    case Act::GELU_tanh: return "gelu_tanh";
    case Act::GELU_erf: return "gelu";
    case Act::SiLU: return "silu";
  }
  return "?";
}

// The flat (size) array of a matrix's elements, for elementwise ops.
template <typename S>
static auto flat(const MatT<S>& m) {
  return Eigen::Map<const Eigen::Array<S, Eigen::Dynamic, 1>>(m.data(), m.size());
}
template <typename S>
static auto flat(MatT<S>& m) {
  return Eigen::Map<Eigen::Array<S, Eigen::Dynamic, 1>>(m.data(), m.size());
}

template <typename S>
void act_forward(MatT<S>& y, const MatT<S>& x, Act a) {
  y.resize(x.rows(), x.cols());  // same as x
  const auto xa = flat(x);
  auto ya = flat(y);
  switch (a) {
    case Act::ReLU: ya = (xa > S(0)).select(xa, S(0)); break;
    case Act::GELU_tanh: ya = ew::gelu_tanh(xa); break;
    case Act::GELU_erf: {  // Eigen's core has no SIMD erf: one value at a time
      const S inv_sqrt2 = S(0.7071067811865476);
      for (Eigen::Index i = 0; i < xa.size(); ++i) ya[i] = S(0.5) * xa[i] * (S(1) + std::erf(xa[i] * inv_sqrt2));
      break;
    }
    case Act::SiLU: ya = ew::silu(xa); break;
  }
}

template <typename S>
void act_backward(MatT<S>& dx, const MatT<S>& dy, const MatT<S>& x, Act a) {
  grad_init(dx, x.rows(), x.cols());
  const auto xa = flat(x), dya = flat(dy);
  auto dxa = flat(dx);
  switch (a) {
    case Act::ReLU: dxa += (xa > S(0)).select(dya, S(0)); break;
    case Act::GELU_tanh: dxa += dya * ew::gelu_tanh_grad(xa); break;
    case Act::GELU_erf: {
      const S inv_sqrt2 = S(0.7071067811865476), inv_sqrt_2pi = S(0.3989422804014327);
      for (Eigen::Index i = 0; i < xa.size(); ++i) {
        const S v = xa[i];
        dxa[i] += dya[i] * (S(0.5) * (S(1) + std::erf(v * inv_sqrt2)) + v * inv_sqrt_2pi * std::exp(S(-0.5) * v * v));
      }
      break;
    }
    case Act::SiLU: dxa += dya * ew::silu_grad(xa); break;
  }
}

template <typename S>
void swiglu_forward(MatT<S>& h, const MatT<S>& gate, const MatT<S>& up) {
  h.resize(gate.rows(), gate.cols());  // (N, F)
  flat(h) = ew::silu(flat(gate)) * flat(up);
}

template <typename S>
void swiglu_backward(MatT<S>& dgate, MatT<S>& dup, const MatT<S>& dh, const MatT<S>& gate, const MatT<S>& up) {
  grad_init(dgate, gate.rows(), gate.cols());
  grad_init(dup, up.rows(), up.cols());
  const auto g = flat(gate), u = flat(up), d = flat(dh);
  flat(dup) += d * ew::silu(g);
  flat(dgate) += d * u * ew::silu_grad(g);
}

template <typename S>
void residual_forward(MatT<S>& out, const MatT<S>& x, const MatT<S>& branch) {
  out = x + branch;
}

template <typename S>
void residual_backward(MatT<S>& dx, MatT<S>& dbranch, const MatT<S>& dout) {
  grad_init(dx, dout.rows(), dout.cols());
  grad_init(dbranch, dout.rows(), dout.cols());
  dx += dout;
  dbranch += dout;
}

template <typename S>
void dropout_forward(MatT<S>& y, MatT<S>& mask, const MatT<S>& x, float p, Rng& rng) {
  if (!(p >= 0.0f && p < 1.0f)) throw Error("dropout probability must be in [0, 1), got " + std::to_string(p));
  mask.resize(x.rows(), x.cols());  // same as x: 0 or 1/(1-p)
  const S keep_scale = S(1) / (S(1) - S(p));
  for (Eigen::Index i = 0; i < x.size(); ++i) mask.data()[i] = (p > 0 && rng.uniform() < p) ? S(0) : keep_scale;
  y = x.cwiseProduct(mask);
}

template <typename S>
void dropout_backward(MatT<S>& dx, const MatT<S>& dy, const MatT<S>& mask) {
  grad_init(dx, dy.rows(), dy.cols());
  dx += dy.cwiseProduct(mask);
}

#define TMX_INSTANTIATE(S)                                                                                         \
  template void act_forward<S>(MatT<S>&, const MatT<S>&, Act);                                                     \
  template void act_backward<S>(MatT<S>&, const MatT<S>&, const MatT<S>&, Act);                                    \
  template void swiglu_forward<S>(MatT<S>&, const MatT<S>&, const MatT<S>&);                                       \
  template void swiglu_backward<S>(MatT<S>&, MatT<S>&, const MatT<S>&, const MatT<S>&, const MatT<S>&);            \
  template void residual_forward<S>(MatT<S>&, const MatT<S>&, const MatT<S>&);                                     \
  template void residual_backward<S>(MatT<S>&, MatT<S>&, const MatT<S>&);                                          \
  template void dropout_forward<S>(MatT<S>&, MatT<S>&, const MatT<S>&, float, Rng&);                              \
  template void dropout_backward<S>(MatT<S>&, const MatT<S>&, const MatT<S>&);
TMX_INSTANTIATE(float)
TMX_INSTANTIATE(double)
#undef TMX_INSTANTIATE

}  // namespace tmx
