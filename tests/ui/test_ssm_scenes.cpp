// The numbers the scenes `mamba-math` and `discretization` draw (anim/scenes/ssm_scenes.h) against
// independent computations: the kernel summed by hand in double, convolution = recurrence = scan,
// the scan tree's levels against the combine rule, the hidden-attention rows reproducing the
// selective scan's output, and each discretization rule's |Ā| against its closed form, with
// Euler unstable exactly where ΔA < −2.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>

#include "anim/scene.h"
#include "anim/scenes/ssm_scenes.h"

using namespace tmx;
using anim::DiscretizationData;
using anim::MambaMathData;

namespace {
double softplus_d(double x) { return x > 20 ? x : std::log1p(std::exp(x)); }
}  // namespace

TEST_CASE("mamba-math scene: the kernel, the convolution and the scan equal the recurrence", "[scenes][ssm]") {
  const MambaMathData d = anim::mamba_math_data();
  const int N = MambaMathData::kN, L = MambaMathData::kL;
  REQUIRE(d.A.size() == N);
  for (int n = 0; n < N; ++n) CHECK(d.A[n] == Approx(-(n + 1.0)));  // Mamba's A_log = log(n + 1)
  // ZOH by hand, then the kernel K_k = Σ_n C_n Ā_n^k B̄_n in double.
  for (int n = 0; n < N; ++n) {
    const double ab = std::exp(double(d.delta) * d.A[n]);
    CHECK(d.zoh.A_bar[n] == Approx(ab).epsilon(1e-6));
    CHECK(d.zoh.B_bar[n] == Approx((ab - 1.0) / d.A[n] * d.B[n]).epsilon(1e-6));
  }
  for (int k = 0; k < L; ++k) {
    double K = 0;
    for (int n = 0; n < N; ++n) K += double(d.C[n]) * std::pow(double(d.zoh.A_bar[n]), k) * d.zoh.B_bar[n];
    CHECK(d.kernel[k] == Approx(K).epsilon(1e-5).margin(1e-7));
  }
  // The recurrence by hand; convolution and scan agree with it.
  std::vector<double> h(N, 0.0);
  for (int t = 0; t < L; ++t) {
    double y = 0;
    for (int n = 0; n < N; ++n) {
      h[n] = double(d.zoh.A_bar[n]) * h[n] + double(d.zoh.B_bar[n]) * d.u[t];
      y += double(d.C[n]) * h[n];
      CHECK(d.h_rec(t, n) == Approx(h[n]).margin(1e-5));
    }
    CHECK(d.y_rec[t] == Approx(y).margin(1e-5));
    CHECK(d.y_conv[t] == Approx(d.y_rec[t]).margin(1e-5));
    CHECK(d.y_scan[t] == Approx(d.y_rec[t]).margin(1e-5));
    for (int s = 0; s <= t; ++s) CHECK(d.alpha_lti(t, s) == d.kernel[t - s]);
  }
  // The tree: leaves are (Ā, B̄ u_t); each up-sweep node combines its two children; the scan's h
  // is the loop's.
  REQUIRE(d.traces.size() == size_t(N));
  for (int n = 0; n < N; ++n) {
    const ssm::ScanTrace& tr = d.traces[n];
    REQUIRE(tr.n_pad == 8);
    REQUIRE(tr.up.size() == 4);
    REQUIRE(tr.down.size() == 4);
    for (int t = 0; t < L; ++t) {
      CHECK(tr.up[0][t].a == d.zoh.A_bar[n]);
      CHECK(tr.up[0][t].b == Approx(d.zoh.B_bar[n] * d.u[t]));
      CHECK(tr.h[t] == Approx(d.h_rec(t, n)).margin(1e-5));
    }
    for (int lv = 1; lv < 4; ++lv) {
      const int stride = 1 << lv;
      for (int i = stride - 1; i < tr.n_pad; i += stride) {
        const ssm::ScanElem &l = tr.up[lv - 1][i - stride / 2], &r = tr.up[lv - 1][i];
        CHECK(tr.up[lv][i].a == Approx(r.a * l.a));
        CHECK(tr.up[lv][i].b == Approx(r.a * l.b + r.b).margin(1e-6));
      }
    }
    // The root after the up-sweep maps h_{-1} = 0 to h_{L-1}.
    CHECK(tr.up[3][7].b == Approx(d.h_rec(L - 1, n)).margin(1e-5));
    // Down-sweep ends with exclusive prefixes: node t maps 0 to h_{t-1}.
    for (int t = 1; t < L; ++t) CHECK(tr.down[3][t].b == Approx(d.h_rec(t - 1, n)).margin(1e-5));
    CHECK(tr.down[3][0].b == 0.0f);
  }
  // Selectivity: Δ_t, B_t, C_t from u_t with the seeded weights, Ā_t = exp(Δ_t A).
  for (int t = 0; t < L; ++t) {
    CHECK(d.sel_delta[t] == Approx(softplus_d(double(d.w_delta) * d.u[t] + d.b_delta)).epsilon(1e-5));
    for (int n = 0; n < N; ++n) {
      CHECK(d.sel_B(t, n) == Approx(d.w_B[n] * d.u[t]));
      CHECK(d.sel_C(t, n) == Approx(d.w_C[n] * d.u[t]));
      CHECK(d.sel_abar(t, n) == Approx(std::exp(double(d.sel_delta[t]) * d.A[n])).epsilon(1e-5));
    }
  }
  // The selective recurrence by hand (Mamba's B̄ = ΔB); the associative scan and the hidden
  // attention rows give the same y; the weights really differ from step to step (not Toeplitz).
  std::vector<double> hs(N, 0.0);
  bool toeplitz = true;
  for (int t = 0; t < L; ++t) {
    double y = 0, y_alpha = 0;
    for (int n = 0; n < N; ++n) {
      hs[n] = std::exp(double(d.sel_delta[t]) * d.A[n]) * hs[n] + double(d.sel_delta[t]) * d.sel_B(t, n) * d.u[t];
      y += double(d.sel_C(t, n)) * hs[n];
    }
    for (int s = 0; s <= t; ++s) y_alpha += double(d.alpha_sel(t, s)) * d.u[s];
    CHECK(d.sel_y[t] == Approx(y).margin(1e-5));
    CHECK(d.sel_y_assoc[t] == Approx(y).margin(1e-5));
    CHECK(y_alpha == Approx(y).margin(1e-5));
    // A convolution's matrix has one value on each diagonal (α[t, t] = K_0 for every t).
    if (std::fabs(d.alpha_sel(t, t) - d.alpha_sel(0, 0)) > 1e-3) toeplitz = false;
  }
  CHECK_FALSE(toeplitz);
  // Δ varies visibly across the steps (the point of the chapter).
  const auto [lo, hi] = std::minmax_element(d.sel_delta.begin(), d.sel_delta.end());
  CHECK(*hi > 2 * *lo);
}

TEST_CASE("discretization scene: each rule's numbers, and Euler unstable exactly where dA < -2", "[scenes][ssm]") {
  const DiscretizationData d = anim::discretization_data();
  const double a = d.a, b = d.b;
  // What Δ means: ZOH Ā = e^{Δa}; the pulse's share k tokens later is Ā^k.
  REQUIRE(d.pulse.size() == d.deltas.size());
  for (size_t i = 0; i < d.deltas.size(); ++i) {
    CHECK(d.abar_zoh[i] == Approx(std::exp(d.deltas[i] * a)).epsilon(1e-6));
    for (int k = 0; k <= DiscretizationData::kPulseSteps; ++k) CHECK(d.pulse[i][k] == Approx(std::pow(d.abar_zoh[i], k)).epsilon(1e-4).margin(1e-7));
    if (i > 0) CHECK(d.abar_zoh[i] < d.abar_zoh[i - 1]);  // larger step, faster forgetting
  }
  // The exact solution of h' = a h + b with h(0) = 0, and each rule's closed form.
  REQUIRE(d.exact.size() == size_t(DiscretizationData::kExactSamples));
  for (int i = 0; i < DiscretizationData::kExactSamples; ++i) {
    const double t = d.curve_T * i / (DiscretizationData::kExactSamples - 1);
    CHECK(d.exact[i] == Approx(b / a * (std::exp(a * t) - 1)).margin(1e-6));
  }
  const double dA = d.curve_delta * a;
  CHECK(d.d_bilinear.A_bar[0] == Approx((1 + dA / 2) / (1 - dA / 2)));
  CHECK(d.d_bilinear.B_bar[0] == Approx(d.curve_delta * b / (1 - dA / 2)));
  CHECK(d.d_euler.A_bar[0] == Approx(1 + dA));
  CHECK(d.d_euler.B_bar[0] == Approx(d.curve_delta * b));
  // ZOH lands on the exact curve at every step (input held constant); the others do not.
  const int per = (DiscretizationData::kExactSamples - 1) / static_cast<int>(d.zoh.size() - 1);
  REQUIRE(per * static_cast<int>(d.zoh.size() - 1) == DiscretizationData::kExactSamples - 1);
  double gap_b = 0, gap_e = 0;
  for (size_t k = 0; k < d.zoh.size(); ++k) {
    CHECK(d.zoh[k] == Approx(d.exact[k * per]).margin(1e-5));
    gap_b = std::max(gap_b, double(std::fabs(d.bilinear[k] - d.exact[k * per])));
    gap_e = std::max(gap_e, double(std::fabs(d.euler[k] - d.exact[k * per])));
  }
  CHECK(gap_b > 1e-3);
  CHECK(gap_e > gap_b);
  // Stability: |Ā| per rule at the ΔA values shown, and Euler's verdict at and around −2.
  REQUIRE(d.dA.size() == d.euler_stable.size());
  bool saw_boundary = false, saw_past = false;
  for (size_t i = 0; i < d.dA.size(); ++i) {
    const double x = d.dA[i];
    CHECK(d.r_zoh[i] == Approx(std::exp(x)).epsilon(1e-6));
    CHECK(d.r_bilinear[i] == Approx(std::fabs((1 + x / 2) / (1 - x / 2))).epsilon(1e-6));
    CHECK(d.r_euler[i] == Approx(std::fabs(1 + x)).epsilon(1e-6));
    CHECK(d.r_zoh[i] < 1);
    CHECK(d.r_bilinear[i] < 1);
    CHECK(d.euler_stable[i] == (x >= -2.0));
    CHECK((d.r_euler[i] > 1.0f) == (x < -2.0));
    saw_boundary |= x == -2.0f;
    saw_past |= x < -2.0f;
  }
  CHECK(saw_boundary);
  CHECK(saw_past);
  for (size_t i = 0; i < d.sweep_dA.size(); ++i) {
    CHECK(d.sweep_zoh[i] < 1);
    CHECK(d.sweep_bilinear[i] < 1);
    CHECK((d.sweep_euler[i] > 1.0f + 1e-6f) == (d.sweep_dA[i] < -2.0f - 1e-6f));
  }
  // Past the boundary Euler's h flips sign and grows; it passes 10× the steady state at blow_step.
  const double ae = 1 + d.blow_delta * a, be = d.blow_delta * b;
  double h = 0;
  int first = -1;
  for (size_t k = 0; k < d.blow_euler.size(); ++k) {
    if (k > 0) h = ae * h + be;
    CHECK(d.blow_euler[k] == Approx(h).margin(1e-4));
    if (first < 0 && std::fabs(h) > 10 * d.steady) first = int(k);
  }
  CHECK(d.blow_step == first);
  CHECK(d.blow_step > 0);
  CHECK(std::fabs(d.blow_zoh.back() - d.steady) < 1e-3);
  CHECK(std::fabs(d.blow_bilinear.back() - d.steady) < 1e-3);
}

TEST_CASE("mamba-math and discretization scenes: registered, 30 to 90 seconds, chaptered", "[scenes][ssm]") {
  for (const char* slug : {"mamba-math", "discretization"}) {
    INFO(slug);
    const anim::SceneInfo* info = anim::find_scene(slug);
    REQUIRE(info);
    const auto sc = info->create();
    CHECK(sc->duration() >= 30.0f);
    CHECK(sc->duration() <= 90.0f);
    CHECK(sc->chapters().size() >= 4);
  }
}
