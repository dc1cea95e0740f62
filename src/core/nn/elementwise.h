// Elementwise math shared by the core's ops, the one home of exp (arrays), sigmoid, SiLU, softplus
// and the tanh GELU (value and derivative). Two forms of each:
//   - on Eigen arrays (any shape, any expression): natively evaluated with Eigen's SIMD exp/tanh/log1p
//     (SSE, AVX2/FMA or AVX-512), so a (T, 4C) activation costs a few ms, not tens; use these on
//     whole rows or matrices. In web builds Eigen 3.4 has no SIMD backend and calls std::exp per
//     element; ew::exp there is a polynomial that clang vectorises (see ExpPoly);
//   - on one scalar (float or double), with the same formula, for loops that produce one value at a
//     time (a recurrence, a single decode step).
// The array forms of float tanh/exp are polynomial approximations (a few ulp from std::tanh and
// std::exp); doubles fall back to the standard library where Eigen has no SIMD version.
#pragma once
#include <Eigen/Core>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
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
// exp(x) for float in web builds: Cephes' expf, the polynomial Eigen's SIMD exp uses natively,
// written without branches or calls so clang turns an Eigen loop over it into SIMD128 (~2x faster
// than std::exp per element). Within 2e-7 relative of exp for x in [-87.3, 88.3]; below that 0
// (exp < 1.2e-38 flushed, as with flush-to-zero), above it +inf; NaN gives NaN.
struct ExpPoly {
  float operator()(float x) const {
    const float xn = x != x ? 0.0f : x;  // NaN: computed on 0, returned as NaN below
    const float xc = xn > 88.37626f ? 88.37626f : (xn < -87.33654f ? -87.33654f : xn);
    const float k = std::floor(xc * 1.44269504088896341f + 0.5f);  // x = k ln2 + r, |r| <= ln2 / 2
    float r = xc - k * 0.693359375f;                                // ln2 in two parts: exact k * hi
    r = r - k * -2.12194440e-4f;
    float y = 1.9875691500e-4f;
    y = y * r + 1.3981999507e-3f;
    y = y * r + 8.3334519073e-3f;
    y = y * r + 4.1665795894e-2f;
    y = y * r + 1.6666665459e-1f;
    y = y * r + 5.0000001201e-1f;
    y = y * (r * r) + r + 1.0f;
    const std::int32_t bits = (static_cast<std::int32_t>(k) + 127) << 23;  // 2^k, k in [-126, 128]
    float p;
    std::memcpy(&p, &bits, sizeof p);
    const float out = xn < -87.33654f ? 0.0f : xn > 88.37626f ? std::numeric_limits<float>::infinity() : y * p;
    return x != x ? x : out;  // selects, not branches: the loop stays vectorisable
  }
};
#if defined(__EMSCRIPTEN__)
inline constexpr bool kExpPoly = true;  // every translation unit of a web build alike (see gemm.h)
#else
inline constexpr bool kExpPoly = false;
#endif
template <typename D>
inline auto exp(const Eigen::ArrayBase<D>& x) {
  if constexpr (kExpPoly && std::is_same_v<typename D::Scalar, float>) return x.unaryExpr(ExpPoly{});
  else return x.exp();
}

template <typename D>
inline auto sigmoid(const Eigen::ArrayBase<D>& x) {
  using S = typename D::Scalar;
  return (S(1) + ew::exp(-x)).inverse();
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
