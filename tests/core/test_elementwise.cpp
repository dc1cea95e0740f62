// ew::exp on float arrays (core/nn/elementwise.h): Eigen's SIMD exp natively, ExpPoly in web builds
// (these tests also run as wasm: scripts/test.sh "core tests as wasm"). Checked against std::exp in
// double, which is independent of both.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "core/nn/elementwise.h"

using namespace tmx;

TEST_CASE("ExpPoly is within 2e-7 relative of exp on its range; flushes below, overflows above, keeps NaN",
          "[core][elementwise]") {
  const ew::ExpPoly e;
  double worst = 0;
  float worst_at = 0;
  for (float x = -87.3f; x <= 88.3f; x += 0.00731f) {
    const double want = std::exp(static_cast<double>(x));
    const double rel = std::fabs(e(x) - want) / want;
    if (rel > worst) worst = rel, worst_at = x;
  }
  INFO("worst relative error " << worst << " at x = " << worst_at);
  CHECK(worst < 2e-7);
  CHECK(e(0.0f) == 1.0f);
  CHECK(e(-88.0f) == 0.0f);  // exp(-88) = 6e-39 is below FLT_MIN: flushed
  CHECK(e(-std::numeric_limits<float>::infinity()) == 0.0f);
  CHECK(std::isinf(e(89.0f)));
  CHECK(std::isinf(e(std::numeric_limits<float>::infinity())));
  CHECK(std::isnan(e(std::numeric_limits<float>::quiet_NaN())));
}

TEST_CASE("ew::exp on an array: within 2e-7 of exp; in web builds element for element ExpPoly", "[core][elementwise]") {
  Eigen::ArrayXf x(1003);  // not a multiple of the SIMD width: the loop's tail too
  for (Eigen::Index i = 0; i < x.size(); ++i) x[i] = -60.0f + 0.117f * static_cast<float>(i);
  const Eigen::ArrayXf y = ew::exp(x * 0.5f);
  const ew::ExpPoly e;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double want = std::exp(static_cast<double>(x[i] * 0.5f));
    INFO("x = " << x[i] * 0.5f);
    CHECK(std::fabs(y[i] - want) / want < 2e-7);
    if (ew::kExpPoly) CHECK(y[i] == e(x[i] * 0.5f));  // the vectorised loop computes the same floats
  }
  // sigmoid goes through ew::exp: 1 / (1 + exp(-x)).
  const Eigen::ArrayXf s = ew::sigmoid(x * 0.1f);
  for (Eigen::Index i = 0; i < x.size(); ++i)
    CHECK(std::fabs(s[i] - 1.0 / (1.0 + std::exp(-static_cast<double>(x[i] * 0.1f)))) < 1e-7);
}
