// Elementwise math shared by the core's ops, the one home of sigmoid, SiLU, softplus and the tanh
// GELU (value and derivative). Two forms of each:
//   - on Eigen arrays (any shape, any expression): evaluated with Eigen's SIMD exp/tanh/log1p (SSE,
//     AVX2/FMA or AVX-512 natively, 128-bit in wasm), so a (T, 4C) activation costs a few ms, not
//     tens; use these on whole rows or matrices;
//   - on one scalar (float or double), with the same formula, for loops that produce one value at a
//     time (a recurrence, a single decode step).
// The array forms of float tanh/exp are Eigen's polynomial approximations (a few ulp from std::tanh
// and std::exp); doubles fall back to the standard library where Eigen has no SIMD version.
#pragma once
#include <Eigen/Core>
#include <cmath>
#include <type_traits>

namespace tmx::ew {

template <typename S>
using if_scalar = std::enable_if_t<std::is_floating_point_v<S>, S>;

//-----------------------------------------------------------------------------
// Scalars
//-----------------------------------------------------------------------------
template <typename S>
inline if_scalar<S> sigmoid(S x) {
  return S(1) / (S(1) + std::exp(-x));
}
template <typename S>
inline if_scalar<S> silu(S x) {
  return x * sigmoid(x);
}
// d silu / dx = σ(x) (1 + x (1 − σ(x)))
template <typename S>
inline if_scalar<S> silu_grad(S x) {
  const S s = sigmoid(x);
  return s * (S(1) + x * (S(1) - s));
}
// softplus with torch's threshold: x above 20 is returned as is.
template <typename S>
inline if_scalar<S> softplus(S x) {
  return x > S(20) ? x : std::log1p(std::exp(x));
}

//-----------------------------------------------------------------------------
// Arrays (Eigen expressions; evaluate them into an array or matrix in the same statement)
//-----------------------------------------------------------------------------
template <typename D>
inline auto sigmoid(const Eigen::ArrayBase<D>& x) {
  using S = typename D::Scalar;
  return (S(1) + (-x).exp()).inverse();
}
template <typename D>
inline auto silu(const Eigen::ArrayBase<D>& x) {
  return x * sigmoid(x);
}
template <typename D>
inline auto silu_grad(const Eigen::ArrayBase<D>& x) {
  using S = typename D::Scalar;
  const auto s = sigmoid(x);
  return s * (S(1) + x * (S(1) - s));
}
template <typename D>
inline auto softplus(const Eigen::ArrayBase<D>& x) {
  using S = typename D::Scalar;
  return (x > S(20)).select(x, x.exp().log1p());
}

// GELU, tanh approximation (GPT-2's gelu_new): 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))
template <typename S>
struct GeluTanh {
  static constexpr S k = S(0.7978845608028654), c = S(0.044715);
};
template <typename D>
inline auto gelu_tanh(const Eigen::ArrayBase<D>& x) {
  using S = typename D::Scalar;
  using G = GeluTanh<S>;
  return S(0.5) * x * (S(1) + (G::k * (x + G::c * x.cube())).tanh());
}
// Its derivative: 0.5 (1 + th) + 0.5 x (1 − th²) √(2/π) (1 + 3·0.044715 x²), th = tanh(u).
// Returns the array (it uses tanh(u) twice, so it is evaluated once here).
template <typename D>
inline typename D::PlainObject gelu_tanh_grad(const Eigen::ArrayBase<D>& x) {
  using S = typename D::Scalar;
  using G = GeluTanh<S>;
  const typename D::PlainObject th = (G::k * (x + G::c * x.cube())).tanh();
  return S(0.5) * (S(1) + th) + S(0.5) * x * (S(1) - th.square()) * (G::k * (S(1) + S(3) * G::c * x.square()));
}

}  // namespace tmx::ew
