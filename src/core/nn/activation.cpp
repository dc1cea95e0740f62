// Activations (ReLU, GELU tanh/erf, SiLU), SwiGLU, residual, dropout.
#include <cmath>

#include "core/error.h"
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

template <typename S>
static inline S sigmoid(S x) {
  return S(1) / (S(1) + std::exp(-x));
}

template <typename S>
static inline S act_value(S x, Act a) {
  const S sqrt_2_over_pi = S(0.7978845608028654), inv_sqrt2 = S(0.7071067811865476);
  switch (a) {
    case Act::ReLU: return x > 0 ? x : S(0);
    case Act::GELU_tanh: return S(0.5) * x * (S(1) + std::tanh(sqrt_2_over_pi * (x + S(0.044715) * x * x * x)));
    case Act::GELU_erf: return S(0.5) * x * (S(1) + std::erf(x * inv_sqrt2));
    case Act::SiLU: return x * sigmoid(x);
  }
  return 0;
}

template <typename S>
static inline S act_grad(S x, Act a) {
  const S sqrt_2_over_pi = S(0.7978845608028654), inv_sqrt2 = S(0.7071067811865476);
  const S inv_sqrt_2pi = S(0.3989422804014327);
  switch (a) {
    case Act::ReLU: return x > 0 ? S(1) : S(0);
    case Act::GELU_tanh: {
      const S u = sqrt_2_over_pi * (x + S(0.044715) * x * x * x);
      const S th = std::tanh(u);
      const S du = sqrt_2_over_pi * (S(1) + S(3 * 0.044715) * x * x);
      return S(0.5) * (S(1) + th) + S(0.5) * x * (S(1) - th * th) * du;
    }
    case Act::GELU_erf: return S(0.5) * (S(1) + std::erf(x * inv_sqrt2)) + x * inv_sqrt_2pi * std::exp(S(-0.5) * x * x);
    case Act::SiLU: {
      const S s = sigmoid(x);
      return s * (S(1) + x * (S(1) - s));
    }
  }
  return 0;
}

template <typename S>
void act_forward(MatT<S>& y, const MatT<S>& x, Act a) {
  y.resize(x.rows(), x.cols());  // same as x
  for (Eigen::Index i = 0; i < x.size(); ++i) y.data()[i] = act_value(x.data()[i], a);
}

template <typename S>
void act_backward(MatT<S>& dx, const MatT<S>& dy, const MatT<S>& x, Act a) {
  grad_init(dx, x.rows(), x.cols());
  for (Eigen::Index i = 0; i < x.size(); ++i) dx.data()[i] += dy.data()[i] * act_grad(x.data()[i], a);
}

template <typename S>
void swiglu_forward(MatT<S>& h, const MatT<S>& gate, const MatT<S>& up) {
  h.resize(gate.rows(), gate.cols());  // (N, F)
  for (Eigen::Index i = 0; i < gate.size(); ++i) {
    const S g = gate.data()[i];
    h.data()[i] = g * sigmoid(g) * up.data()[i];
  }
}

template <typename S>
void swiglu_backward(MatT<S>& dgate, MatT<S>& dup, const MatT<S>& dh, const MatT<S>& gate, const MatT<S>& up) {
  grad_init(dgate, gate.rows(), gate.cols());
  grad_init(dup, up.rows(), up.cols());
  for (Eigen::Index i = 0; i < gate.size(); ++i) {
    const S g = gate.data()[i], s = sigmoid(g);
    dup.data()[i] += dh.data()[i] * g * s;
    dgate.data()[i] += dh.data()[i] * up.data()[i] * s * (S(1) + g * (S(1) - s));
  }
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

}  // namespace tmx
