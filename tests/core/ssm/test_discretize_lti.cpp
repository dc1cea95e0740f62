// Discretization vs closed forms, and the LTI SSM computed three ways (recurrence, convolution,
// parallel scan) on random systems.
#include <catch2/catch.hpp>
#include <cmath>
#include <Eigen/LU>
#include <random>

#include "core/numeric.h"
#include "core/ssm/check.h"
#include "core/ssm/discretize.h"
#include "core/ssm/lti.h"

using namespace tmx;
using namespace tmx::ssm;

TEST_CASE("scalar discretization matches closed forms", "[ssm][discretize]") {
  Vec A(3), B(3);
  A << -0.5f, -2.0f, -7.0f;
  B << 1.0f, 0.3f, -2.0f;
  const float dt = 0.1f;
  const DiagDiscrete z = discretize_diag(Discretization::ZOH, dt, A, B);
  const DiagDiscrete bl = discretize_diag(Discretization::Bilinear, dt, A, B);
  const DiagDiscrete eu = discretize_diag(Discretization::Euler, dt, A, B);
  for (int n = 0; n < 3; ++n) {
    const double a = A[n], b = B[n], d = dt;
    // ZOH: Ā = exp(ΔA), B̄ = (exp(ΔA) − 1)/A · B
    CHECK(z.A_bar[n] == Approx(std::exp(d * a)).epsilon(1e-6));
    CHECK(z.B_bar[n] == Approx((std::exp(d * a) - 1) / a * b).epsilon(1e-6));
    // bilinear: Ā = (2 + ΔA)/(2 − ΔA), B̄ = 2ΔB/(2 − ΔA)
    CHECK(bl.A_bar[n] == Approx((2 + d * a) / (2 - d * a)).epsilon(1e-6));
    CHECK(bl.B_bar[n] == Approx(2 * d * b / (2 - d * a)).epsilon(1e-6));
    // Euler: Ā = 1 + ΔA, B̄ = ΔB
    CHECK(eu.A_bar[n] == Approx(1 + d * a).epsilon(1e-6));
    CHECK(eu.B_bar[n] == Approx(d * b).epsilon(1e-6));
  }
  CHECK(z.stable);
  CHECK(bl.stable);
  CHECK(eu.stable);
}

TEST_CASE("ZOH with A = 0 is the integrator B̄ = ΔB", "[ssm][discretize]") {
  Vec A = Vec::Zero(1), B = Vec::Constant(1, 3.0f);
  const DiagDiscrete z = discretize_diag(Discretization::ZOH, 0.25f, A, B);
  CHECK(z.A_bar[0] == 1.0f);
  CHECK(z.B_bar[0] == Approx(0.75f));
}

TEST_CASE("Euler with ΔA < -2 is reported unstable; ZOH and bilinear stay stable", "[ssm][discretize]") {
  Vec A(2), B(2);
  A << -1.0f, -30.0f;
  B << 1.0f, 1.0f;
  const DiagDiscrete eu = discretize_diag(Discretization::Euler, 0.1f, A, B);  // ΔA = -3 on n=1
  CHECK_FALSE(eu.stable);
  CHECK(eu.spectral_radius == Approx(2.0f));
  const DiagDiscrete ok = discretize_diag(Discretization::Euler, 0.05f, A, B);  // ΔA = -1.5
  CHECK(ok.stable);
  CHECK(discretize_diag(Discretization::ZOH, 0.1f, A, B).stable);
  CHECK(discretize_diag(Discretization::Bilinear, 0.1f, A, B).stable);
  // A positive (unstable continuous system) is unstable under every rule.
  Vec Ap = Vec::Constant(1, 0.5f), B1 = Vec::Constant(1, 1.0f);
  CHECK_FALSE(discretize_diag(Discretization::ZOH, 0.1f, Ap, B1).stable);
}

TEST_CASE("discretization rejects bad input", "[ssm][discretize]") {
  Vec A = Vec::Constant(2, -1.0f), B = Vec::Constant(2, 1.0f);
  CHECK_THROWS_AS(discretize_diag(Discretization::ZOH, 0.0f, A, B), SsmError);
  CHECK_THROWS_AS(discretize_diag(Discretization::ZOH, NAN, A, B), SsmError);
  Vec An = A;
  An[1] = INFINITY;
  CHECK_THROWS_AS(discretize_diag(Discretization::ZOH, 0.1f, An, B), SsmError);
  CHECK_THROWS_AS(discretize_diag(Discretization::ZOH, 0.1f, A, Vec::Ones(3)), SsmError);
  CHECK_THROWS_AS(discretize_dense(Discretization::ZOH, 0.1, MatD::Ones(2, 3), MatD::Ones(2, 1)), SsmError);
  // Bilinear pole: ΔA = 2
  CHECK_THROWS_AS(discretize_diag(Discretization::Bilinear, 1.0f, Vec::Constant(1, 2.0f), Vec::Ones(1)), SsmError);
}

TEST_CASE("matrix exponential: rotation generator and diagonal closed forms", "[ssm][discretize]") {
  const double w = 2.5;
  MatD M(2, 2);
  M << 0, -w, w, 0;  // exp = rotation by w
  const MatD E = matrix_exp(M);
  CHECK(E(0, 0) == Approx(std::cos(w)).margin(1e-12));
  CHECK(E(0, 1) == Approx(-std::sin(w)).margin(1e-12));
  CHECK(E(1, 0) == Approx(std::sin(w)).margin(1e-12));
  CHECK(E(1, 1) == Approx(std::cos(w)).margin(1e-12));
  MatD Dg = MatD::Zero(3, 3);
  Dg.diagonal() << -40.0, 0.1, 3.0;  // large norm exercises scaling and squaring
  const MatD Ed = matrix_exp(Dg);
  CHECK(Ed(0, 0) == Approx(std::exp(-40.0)).epsilon(1e-9));
  CHECK(Ed(2, 2) == Approx(std::exp(3.0)).epsilon(1e-12));
  CHECK(std::fabs(Ed(0, 1)) < 1e-15);
}

TEST_CASE("dense discretization agrees with diagonal closed forms and the similarity transform",
          "[ssm][discretize]") {
  // Diagonal dense A must reproduce the scalar formulas.
  MatD A = MatD::Zero(3, 3);
  A.diagonal() << -0.5, -2.0, -7.0;
  MatD B(3, 1);
  B << 1.0, 0.3, -2.0;
  const double d = 0.1;
  for (auto m : {Discretization::ZOH, Discretization::Bilinear, Discretization::Euler}) {
    const DenseDiscrete r = discretize_dense(m, d, A, B);
    for (int n = 0; n < 3; ++n) {
      const double a = A(n, n), b = B(n, 0);
      double ab = 0, bb = 0;
      if (m == Discretization::ZOH) { ab = std::exp(d * a); bb = (std::exp(d * a) - 1) / a * b; }
      if (m == Discretization::Bilinear) { ab = (2 + d * a) / (2 - d * a); bb = 2 * d * b / (2 - d * a); }
      if (m == Discretization::Euler) { ab = 1 + d * a; bb = d * b; }
      CHECK(r.A_bar(n, n) == Approx(ab).epsilon(1e-12));
      CHECK(r.B_bar(n, 0) == Approx(bb).epsilon(1e-12));
    }
    CHECK(r.stable);
  }
  // Non-diagonal A = P diag(λ) P⁻¹: ZOH must give P diag(e^{Δλ}) P⁻¹ and
  // B̄ = P diag((e^{Δλ}-1)/λ) P⁻¹ B.
  MatD P(2, 2);
  P << 1.0, 0.5, -0.3, 2.0;
  MatD lam = MatD::Zero(2, 2);
  lam.diagonal() << -1.0, -4.0;
  const MatD Pinv = P.inverse();
  const MatD Ad = P * lam * Pinv;
  MatD B2(2, 1);
  B2 << 0.7, -1.1;
  const DenseDiscrete r = discretize_dense(Discretization::ZOH, 0.3, Ad, B2);
  MatD eA = MatD::Zero(2, 2), phi = MatD::Zero(2, 2);
  for (int i = 0; i < 2; ++i) {
    eA(i, i) = std::exp(0.3 * lam(i, i));
    phi(i, i) = (std::exp(0.3 * lam(i, i)) - 1) / lam(i, i);
  }
  const MatD Aexp = P * eA * Pinv, Bexp = P * phi * Pinv * B2;
  CHECK((r.A_bar - Aexp).cwiseAbs().maxCoeff() < 1e-12);
  CHECK((r.B_bar - Bexp).cwiseAbs().maxCoeff() < 1e-12);
  // Dense Euler with Δλ = −4·0.6 < −2 is unstable.
  CHECK_FALSE(discretize_dense(Discretization::Euler, 0.6, Ad, B2).stable);
}

static LtiSSM random_lti(std::mt19937& g, int N) {
  std::uniform_real_distribution<float> U(-1.f, 1.f), Apos(0.05f, 0.999f);
  LtiSSM s;
  s.A_bar.resize(N);
  s.B_bar.resize(N);
  s.C.resize(N);
  for (int n = 0; n < N; ++n) {
    s.A_bar[n] = (n % 3 == 2 ? -1.f : 1.f) * Apos(g);  // include oscillating negative Ā
    s.B_bar[n] = U(g);
    s.C[n] = U(g);
  }
  s.D = U(g);
  return s;
}

TEST_CASE("LTI: recurrence == convolution == parallel scan on random systems", "[ssm][lti]") {
  std::mt19937 g(1234);
  std::normal_distribution<float> nd(0.f, 1.f);
  for (int trial = 0; trial < 20; ++trial) {
    const int N = 1 + trial % 8;
    const int L = 1 + (trial * 7) % 70;  // includes non-powers of two and L = 1
    const LtiSSM s = random_lti(g, N);
    Vec u(L);
    for (int t = 0; t < L; ++t) u[t] = nd(g);
    Vec y_rec, y_conv, y_scan;
    lti_recurrence(s, u, y_rec);
    lti_convolution(s, u, y_conv);
    lti_parallel_scan(s, u, y_scan);
    const Diff d1 = compare(y_conv.data(), y_rec.data(), L);
    const Diff d2 = compare(y_scan.data(), y_rec.data(), L);
    INFO("trial " << trial << " N=" << N << " L=" << L);
    CHECK(d1.max_abs < 1e-5);
    CHECK(d2.max_abs < 1e-5);
    CHECK_FALSE(d1.non_finite);
  }
}

TEST_CASE("LTI: hand-computed 1-state example", "[ssm][lti]") {
  LtiSSM s;
  s.A_bar = Vec::Constant(1, 0.5f);
  s.B_bar = Vec::Constant(1, 2.0f);
  s.C = Vec::Constant(1, 1.0f);
  s.D = 0.0f;
  Vec u(3);
  u << 1.0f, 0.0f, 0.0f;  // impulse: y = K = (2, 1, 0.5)
  Vec y;
  lti_parallel_scan(s, u, y);
  CHECK(y[0] == Approx(2.0f));
  CHECK(y[1] == Approx(1.0f));
  CHECK(y[2] == Approx(0.5f));
  const Vec K = lti_kernel(s, 3);
  CHECK(K[2] == Approx(0.5f));
}

TEST_CASE("associative scan trace: levels, padding and time-varying a", "[ssm][lti]") {
  const int L = 5;  // padded to 8
  const float a[L] = {0.9f, -0.5f, 1.2f, 0.3f, 0.7f};
  const float b[L] = {1.0f, 2.0f, -1.0f, 0.5f, 3.0f};
  std::vector<ScanElem> work;
  ScanTrace tr;
  float h[L];
  associative_scan(a, b, L, h, work, &tr);
  CHECK(tr.n_pad == 8);
  CHECK(tr.up.size() == 4);    // leaves + log2(8) levels
  CHECK(tr.down.size() == 4);  // cleared root + 3 levels
  // Root after the up-sweep = the composite of all 5 maps (padding is identity).
  float A = 1, Bc = 0;
  float hr[L], prev = 0;
  for (int t = 0; t < L; ++t) {
    A = a[t] * A;
    Bc = a[t] * Bc + b[t];
    hr[t] = prev = a[t] * prev + b[t];
  }
  CHECK(tr.up.back()[7].a == Approx(A));
  CHECK(tr.up.back()[7].b == Approx(Bc));
  for (int t = 0; t < L; ++t) CHECK(h[t] == Approx(hr[t]).epsilon(1e-6));
  // Exclusive prefixes after the down-sweep: element t holds h_{t-1} in .b
  for (int t = 1; t < L; ++t) CHECK(tr.down.back()[t].b == Approx(hr[t - 1]).epsilon(1e-6));
}

TEST_CASE("LTI rejects NaN input and mismatched shapes", "[ssm][lti]") {
  LtiSSM s;
  s.A_bar = Vec::Constant(2, 0.5f);
  s.B_bar = Vec::Constant(2, 1.0f);
  s.C = Vec::Constant(3, 1.0f);
  Vec u = Vec::Ones(4), y;
  CHECK_THROWS_AS(lti_recurrence(s, u, y), SsmError);
  s.C = Vec::Constant(2, 1.0f);
  u[2] = NAN;
  CHECK_THROWS_AS(lti_parallel_scan(s, u, y), SsmError);
  CHECK_THROWS_AS(lti_convolution(s, u, y), SsmError);
}
