// Test helpers: golden files from scripts/golden/*.py and error measures shared by tests.
#pragma once
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <functional>
#include <string>

#include "core/safetensors.h"
#include "core/tensor.h"
#include "core/trace.h"

namespace tmx::test {

inline std::string golden(const std::string& rel) { return std::string(TMX_SOURCE_DIR) + "/tests/golden/" + rel; }

// Max relative error of a vs the reference b, where "relative" divides by max(|b_i|, 1% of
// max|b|): entries that are tiny compared to the tensor's scale don't turn rounding noise into
// huge ratios, everything else is a true per-element relative error.
template <typename A, typename B>
double rel_err(const A& a, const B& b) {
  REQUIRE(a.rows() == b.rows());
  REQUIRE(a.cols() == b.cols());
  const double scale = std::max(1e-30, static_cast<double>(b.cwiseAbs().maxCoeff()));
  double e = 0;
  for (Eigen::Index i = 0; i < a.size(); ++i) {
    const double d = std::fabs(static_cast<double>(a.data()[i]) - b.data()[i]);
    if (!std::isfinite(d)) return INFINITY;
    e = std::max(e, d / std::max(std::fabs(static_cast<double>(b.data()[i])), 0.01 * scale));
  }
  return e;
}

#define CHECK_REL(a, b, tol)                       \
  do {                                             \
    const double e_ = ::tmx::test::rel_err(a, b);  \
    INFO(#a << " vs " << #b << ": rel err " << e_); \
    CHECK(e_ <= (tol));                            \
  } while (0)

// Central finite differences of a scalar loss with respect to every entry of x, compared with the
// analytic gradient g (rel_err). With double ops (MatD, h ~ 1e-5) agreement is ~1e-8; with a
// float32 forward (whole models) accuracy is ~1e-3, still far below what a wrong formula gives.
template <typename M>
M finite_differences(M& x, const std::function<double()>& loss, double h) {
  using S = typename M::Scalar;
  M fd(x.rows(), x.cols());
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const S x0 = x.data()[i];
    x.data()[i] = x0 + h;
    const double lp = loss();
    x.data()[i] = x0 - h;
    const double lm = loss();
    x.data()[i] = x0;
    fd.data()[i] = static_cast<S>((lp - lm) / (2.0 * h));
  }
  return fd;
}
template <typename M>
double fd_err(M& x, const M& g, const std::function<double()>& loss, double h = 1e-2) {
  return rel_err(g, finite_differences(x, loss, h));
}
// For float32 forwards of whole models: max |g - fd| relative to max |g| (float noise in the
// loss swamps per-element relative errors of the smallest entries).
template <typename M>
double fd_err_scaled(M& x, const M& g, const std::function<double()>& loss, double h) {
  const M fd = finite_differences(x, loss, h);
  return static_cast<double>((g - fd).cwiseAbs().maxCoeff()) / std::max(1e-30, double(g.cwiseAbs().maxCoeff()));
}

// Worst ratio |g - fd| / (atol + rtol |fd|) over all entries, fd from central differences: < 1
// means every entry is within atol + rtol |fd| (gradients whose entries span many magnitudes).
template <typename M>
double fd_worst(M& x, const M& g, const std::function<double()>& loss, double h, double atol, double rtol) {
  const M fd = finite_differences(x, loss, h);
  double worst = 0;
  for (Eigen::Index i = 0; i < fd.size(); ++i) {
    const double num = fd.data()[i], d = std::fabs(num - static_cast<double>(g.data()[i]));
    worst = std::isfinite(d) ? std::max(worst, d / (atol + rtol * std::fabs(num))) : INFINITY;
  }
  return worst;
}

// sum(y * w) in double: the scalar whose gradient the goldens store (w = dy).
template <typename A, typename B>
double dot(const A& y, const B& w) {
  return (y.template cast<double>().array() * w.template cast<double>().array()).sum();
}

inline std::vector<int> to_ids(const Mat& m) {
  std::vector<int> v;
  for (Eigen::Index i = 0; i < m.size(); ++i) v.push_back(static_cast<int>(std::lround(m.data()[i])));
  return v;
}

// Two traces of the same computation done two ways (e.g. at once and in slices): the same names and
// every value bit for bit (an infinity, as in masked scores, equals itself).
inline void check_same_trace(const Trace& a, const Trace& b) {
  REQUIRE(a.names() == b.names());
  for (const std::string& n : a.names()) {
    INFO(n);
    const Mat& x = *a.get(n);
    const Mat& y = *b.get(n);
    REQUIRE(x.rows() == y.rows());
    REQUIRE(x.cols() == y.cols());
    for (Eigen::Index i = 0; i < x.size(); ++i)
      if (!(std::isinf(x.data()[i]) && x.data()[i] == y.data()[i])) CHECK(x.data()[i] == y.data()[i]);
  }
}

}  // namespace tmx::test
