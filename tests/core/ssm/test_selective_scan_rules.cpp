// The selective scan's two checks that the Lab's simulator shows: the associative (parallel)
// scan reproduces the sequential scan, and the exact zero-order-hold rule for B-bar (by scaling
// B) matches a plain double-precision loop, while the default rule is Mamba's B-bar = Delta B.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "core/ssm/check.h"
#include "core/ssm/selective_scan.h"

using namespace tmx::ssm;

namespace {
struct Problem {
  int Bt = 2, D = 3, N = 4, L = 37;
  std::vector<float> u, delta, A, Bm, Cm, Dv;
  explicit Problem(unsigned seed) {
    std::mt19937 g(seed);
    std::normal_distribution<float> n(0.0f, 1.0f);
    auto fill = [&](std::vector<float>& v, size_t k, float s, float off) {
      v.resize(k);
      for (float& x : v) x = off + s * n(g);
    };
    fill(u, size_t(Bt) * D * L, 1, 0);
    fill(delta, size_t(Bt) * D * L, 0.7f, -0.5f);
    fill(A, size_t(D) * N, 0.3f, 0);
    for (float& a : A) a = -std::exp(a) * 1.5f;
    fill(Bm, size_t(Bt) * N * L, 1, 0);
    fill(Cm, size_t(Bt) * N * L, 1, 0);
    fill(Dv, size_t(D), 0.5f, 0);
  }
  SelectiveScanArgs<float> args() const {
    SelectiveScanArgs<float> a;
    a.batch = Bt, a.dim = D, a.dstate = N, a.len = L;
    a.u = u.data(), a.delta = delta.data(), a.A = A.data(), a.Bm = Bm.data(), a.Cm = Cm.data(), a.D = Dv.data();
    a.delta_softplus = true;
    return a;
  }
};
}  // namespace

TEST_CASE("selective scan: the associative scan gives the sequential scan's outputs", "[ssm][selective]") {
  const Problem p(11);
  const auto a = p.args();
  std::vector<float> out(p.u.size());
  SelectiveScanCache<float> cache;
  selective_scan_forward(a, out.data(), cache);
  const std::vector<float> y = selective_scan_associative(a, cache.delta);
  REQUIRE(y.size() == cache.y.size());
  double worst = 0, scale = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    worst = std::max(worst, double(std::fabs(y[i] - cache.y[i])));
    scale = std::max(scale, double(std::fabs(cache.y[i])));
  }
  CHECK(scale > 0.1);
  CHECK(worst < 1e-5 * std::max(1.0, scale));
  // Fixed B/C are not what the check is for: a clear error, not a wrong answer.
  auto fixed = a;
  fixed.B_form = BCForm::Fixed;
  CHECK_THROWS_AS(selective_scan_associative(fixed, cache.delta), SsmError);
}

TEST_CASE("selective scan: Mamba's B-bar = Delta B by default, exact ZOH after scale_b_for_zoh", "[ssm][selective]") {
  CHECK(zoh_b_factor(0.0) == 1.0);
  CHECK(zoh_b_factor(-1.3) == Approx(std::expm1(-1.3) / -1.3).epsilon(1e-12));
  CHECK(zoh_b_factor(1e-10) == Approx(1.0).epsilon(1e-9));
  // One channel, N = 3 states, softplus Delta.
  const int N = 3, L = 20;
  const std::vector<float> A = {-0.5f, -2.0f, -6.0f};
  std::vector<float> u(L), delta(L), Bm(N * L), Cm(N * L, 1.0f);
  for (int t = 0; t < L; ++t) {
    u[t] = std::sin(0.7f * t) + (t == 3 ? 2.0f : 0.0f);
    delta[t] = static_cast<float>(softplus(1.5 * u[t] - 0.2));
    for (int n = 0; n < N; ++n) Bm[n * L + t] = 1.0f + 0.3f * n - 0.2f * u[t];
  }
  for (BRule rule : {BRule::Mamba, BRule::ZOH}) {
    INFO(static_cast<int>(rule));
    std::vector<float> B = Bm;
    if (rule == BRule::ZOH) scale_b_for_zoh(A.data(), delta.data(), B.data(), N, L);
    SelectiveScanArgs<float> a;
    a.dim = 1, a.dstate = N, a.len = L;
    a.u = u.data(), a.delta = delta.data(), a.A = A.data(), a.Bm = B.data(), a.Cm = Cm.data();
    std::vector<float> out(L);
    SelectiveScanCache<float> cache;
    selective_scan_forward(a, out.data(), cache);
    std::vector<double> h(N, 0.0);
    for (int t = 0; t < L; ++t) {
      double y = 0;
      for (int n = 0; n < N; ++n) {
        const double d = delta[t], an = A[n], b = Bm[n * L + t];
        const double b_bar = rule == BRule::ZOH ? std::expm1(d * an) / an * b : d * b;
        h[n] = std::exp(d * an) * h[n] + b_bar * u[t];
        y += h[n];
      }
      CHECK(out[t] == Approx(y).margin(1e-4));
    }
  }
}
