// Softmax with temperature: hand-computed values, invariants and a finite-difference gradient.
#include <catch2/catch.hpp>
#include <cmath>

#include "core/numeric.h"
#include "core/softmax.h"

using namespace tmx;

TEST_CASE("softmax matches hand-computed values", "[core][softmax]") {
  Mat logits(1, 3);
  logits << 1.0f, 2.0f, 3.0f;
  Mat p;
  softmax_forward(p, logits, 1.0f);
  // e^0, e^1, e^2 over their sum (computed independently of the code under test)
  const double z = 1.0 + std::exp(1.0) + std::exp(2.0);
  CHECK(p(0, 0) == Approx(1.0 / z).epsilon(1e-6));
  CHECK(p(0, 1) == Approx(std::exp(1.0) / z).epsilon(1e-6));
  CHECK(p(0, 2) == Approx(std::exp(2.0) / z).epsilon(1e-6));

  softmax_forward(p, logits, 0.5f);  // temperature 0.5 doubles the logits
  const double z2 = 1.0 + std::exp(2.0) + std::exp(4.0);
  CHECK(p(0, 2) == Approx(std::exp(4.0) / z2).epsilon(1e-6));
}

TEST_CASE("softmax is stable for huge logits and rows sum to one", "[core][softmax]") {
  Mat logits(2, 4);
  logits << 1000.0f, 999.0f, -1000.0f, 0.0f,  //
      -3e4f, -3e4f, -3e4f, -3e4f;
  Mat p;
  softmax_forward(p, logits, 1.0f);
  REQUIRE(p.allFinite());
  CHECK(p.row(0).sum() == Approx(1.0f).epsilon(1e-6));
  CHECK(p(1, 0) == Approx(0.25f));
  const Vec h = entropy(p);
  CHECK(h[1] == Approx(std::log(4.0)).epsilon(1e-6));
}

TEST_CASE("softmax backward agrees with finite differences", "[core][softmax]") {
  Mat x(2, 5);
  x << 0.3f, -1.2f, 2.0f, 0.0f, 0.7f,  //
      -0.5f, 0.25f, 1.5f, -2.0f, 0.1f;
  Mat w(2, 5);  // loss = sum(w * softmax(x / t))
  w << 1, -2, 0.5f, 3, -1,  //
      0.2f, 0.4f, -0.6f, 0.8f, 1;
  const float t = 0.7f;
  Mat p, dx;
  softmax_forward(p, x, t);
  softmax_backward(dx, w, p, t);

  auto loss = [&](const Mat& xx) {
    Mat pp;
    softmax_forward(pp, xx, t);
    return static_cast<double>((pp.array() * w.array()).sum());
  };
  Mat fd(2, 5);
  const float h = 1e-3f;
  for (int i = 0; i < x.size(); ++i) {
    Mat xp = x, xm = x;
    xp.data()[i] += h;
    xm.data()[i] -= h;
    fd.data()[i] = static_cast<float>((loss(xp) - loss(xm)) / (2 * h));
  }
  const Diff d = compare(dx.data(), fd.data(), dx.size(), 1e-2);
  CHECK(d.max_abs < 2e-3);
  CHECK_FALSE(d.non_finite);
}

TEST_CASE("temperature input is clamped, never NaN", "[core][softmax]") {
  CHECK(clamp_temperature(0.0f) == Approx(0.01f));
  CHECK(clamp_temperature(-5.0f) == Approx(0.01f));
  CHECK(clamp_temperature(1e30f) == Approx(100.0f));
  CHECK(clamp_temperature(std::nanf("")) == 1.0f);
  CHECK(clamp_temperature(0.8f) == Approx(0.8f));
}

TEST_CASE("compare reports errors and non-finite mismatches", "[core][numeric]") {
  const float a[3] = {1.0f, 2.0f, INFINITY};
  const float b[3] = {1.0f, 2.5f, INFINITY};
  Diff d = compare(a, b, 3);
  CHECK(d.max_abs == Approx(0.5));
  CHECK(d.max_rel == Approx(0.2));
  CHECK_FALSE(d.non_finite);
  const float c[3] = {1.0f, 2.5f, NAN};
  d = compare(c, b, 3);
  CHECK(d.non_finite);
}
