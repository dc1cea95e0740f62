// Mamba simulator: every number it shows (u_t, h_t per state, y_t, the kernel K, recurrence /
// convolution / scan outputs and their differences, Δ_t) equals the core's computation
// (src/core/ssm) for the same parameters, in LTI mode with each discretization and in selective
// mode; and a plain double-precision loop written here agrees with both. The simulator
// recomputes only when an input changes.
#include <catch2/catch.hpp>
#include <imgui.h>

#include <cmath>
#include <string>

#include "core/rng.h"
#include "core/ssm_example.h"
#include "core/ssm/discretize.h"
#include "core/ssm/lti.h"
#include "core/ssm/selective_scan.h"
#include "headless_imgui.h"
#include "ui/fonts.h"
#include "ui/widgets/mamba_sim.h"

using namespace tmx;
using namespace tmx::ui;

namespace {

// Input signals, written from the simulator's documented formulas (not its code).
std::vector<float> signal(const std::string& sig, int L, float freq, int seed) {
  std::vector<float> u(L, 0.0f);
  Rng rng(static_cast<uint32_t>(seed));
  for (int t = 0; t < L; ++t) {
    if (sig == "impulse") u[t] = t == 0 ? 1.0f : 0.0f;
    if (sig == "step") u[t] = 1.0f;
    if (sig == "sine") u[t] = std::sin(6.2831853f * freq * t);
    if (sig == "noise") u[t] = rng.normal();
  }
  return u;
}

Vec vec(const std::vector<float>& v) {
  Vec x(static_cast<Eigen::Index>(v.size()));
  for (size_t i = 0; i < v.size(); ++i) x[static_cast<Eigen::Index>(i)] = v[i];
  return x;
}

void require_equal(const std::vector<float>& shown, const Vec& core, const char* what) {
  INFO(what);
  REQUIRE(shown.size() == static_cast<size_t>(core.size()));
  for (size_t t = 0; t < shown.size(); ++t) {
    INFO("t = " << t);
    REQUIRE(shown[t] == core[static_cast<Eigen::Index>(t)]);
  }
}

double softplus_ref(double x) { return x > 20 ? x : std::log1p(std::exp(x)); }

}  // namespace

TEST_CASE("Mamba simulator (LTI) shows exactly the core's discretization, recurrence, kernel, convolution and scan",
          "[ui][lab][mamba]") {
  const std::vector<float> A = {-0.5f, -1.5f, -4.0f}, B = {1.0f, 0.5f, -2.0f}, C = {0.7f, -1.0f, 0.25f};
  const float D = 0.3f, dt = 0.2f;
  const int L = 96;
  for (const char* disc : {"zoh", "bilinear", "euler"}) {
    for (const char* sig : {"impulse", "sine", "noise"}) {
      INFO(disc << " " << sig);
      MambaSim w;
      w.set_params({{"N", "3"}, {"A", "-0.5,-1.5,-4"}, {"B", "1,0.5,-2"}, {"C", "0.7,-1,0.25"}, {"D", "0.3"},
                    {"dt", "0.2"}, {"disc", disc}, {"sig", sig}, {"L", "96"}, {"freq", "0.05"}, {"seed", "7"}});
      REQUIRE(w.warnings().empty());
      w.compute_now();
      const MambaSimResult& r = w.result();
      CHECK(r.error.empty());

      const std::vector<float> u = signal(sig, L, 0.05f, 7);
      REQUIRE(r.u == u);

      const auto method = std::string(disc) == "zoh"        ? ssm::Discretization::ZOH
                          : std::string(disc) == "bilinear" ? ssm::Discretization::Bilinear
                                                            : ssm::Discretization::Euler;
      const ssm::DiagDiscrete dd = ssm::discretize_diag(method, dt, vec(A), vec(B));
      REQUIRE(r.dd.A_bar.size() == 3);
      for (int n = 0; n < 3; ++n) {
        CHECK(r.dd.A_bar[n] == dd.A_bar[n]);
        CHECK(r.dd.B_bar[n] == dd.B_bar[n]);
      }
      // The discretization formulas themselves, by hand in double.
      for (int n = 0; n < 3; ++n) {
        const double a = A[n], b = B[n], d = dt;
        double ab, bb;
        if (method == ssm::Discretization::ZOH) ab = std::exp(d * a), bb = (std::exp(d * a) - 1) / a * b;
        else if (method == ssm::Discretization::Bilinear) ab = (1 + d * a / 2) / (1 - d * a / 2), bb = d * b / (1 - d * a / 2);
        else ab = 1 + d * a, bb = d * b;
        CHECK(r.dd.A_bar[n] == Approx(ab).epsilon(1e-5));
        CHECK(r.dd.B_bar[n] == Approx(bb).epsilon(1e-5));
      }

      const ssm::LtiSSM s{dd.A_bar, dd.B_bar, vec(C), D};
      Vec y, yc, ys;
      Mat h;
      ssm::lti_recurrence(s, vec(u), y, &h);
      require_equal(r.y_rec, y, "y by recurrence");
      REQUIRE(r.h.size() == 3);
      for (int n = 0; n < 3; ++n) require_equal(r.h[n], h.col(n), "h_t[n]");
      require_equal(r.K, ssm::lti_kernel(s, L), "kernel K");
      ssm::lti_convolution(s, vec(u), yc);
      require_equal(r.y_conv, yc, "y by convolution");
      ssm::lti_parallel_scan(s, vec(u), ys);
      require_equal(r.y_scan, ys, "y by scan");
      CHECK(r.diff_conv == (yc - y).cwiseAbs().maxCoeff());
      CHECK(r.diff_scan == (ys - y).cwiseAbs().maxCoeff());
      CHECK(r.diff_conv < 1e-4f);
      CHECK(r.diff_scan < 1e-4f);

      // A plain loop in double: h_t = Ā h_{t-1} + B_d u_t, y_t = C·h_t + D u_t.
      std::vector<double> hs(3, 0.0);
      for (int t = 0; t < L; ++t) {
        double yt = D * u[t];
        for (int n = 0; n < 3; ++n) {
          hs[n] = dd.A_bar[n] * hs[n] + dd.B_bar[n] * u[t];
          yt += C[n] * hs[n];
          CHECK(r.h[n][t] == Approx(hs[n]).margin(1e-5));
        }
        CHECK(r.y_rec[t] == Approx(yt).margin(1e-5));
      }
    }
  }
}

TEST_CASE("Mamba simulator (selective) shows exactly the core's selective scan and the associative scan agrees",
          "[ui][lab][mamba]") {
  const std::vector<float> A = {-0.5f, -1.0f, -3.0f, -6.0f}, B = {1, 0.5f, -1, 2}, C = {1, -0.5f, 0.5f, 0.25f};
  const std::vector<float> wB = {0.5f, -0.25f, 0.1f, 0}, wC = {0.2f, 0.3f, -0.4f, 0.5f};
  const float D = -0.4f, wd = 1.5f, bd = -1.0f;
  const int L = 80;
  MambaSim w;
  w.set_params({{"N", "4"}, {"A", "-0.5,-1,-3,-6"}, {"B", "1,0.5,-1,2"}, {"C", "1,-0.5,0.5,0.25"}, {"D", "-0.4"},
                {"mode", "sel"}, {"sig", "noise"}, {"L", "80"}, {"seed", "3"}, {"wd", "1.5"}, {"bd", "-1"},
                {"wB", "0.5,-0.25,0.1,0"}, {"wC", "0.2,0.3,-0.4,0.5"}});
  REQUIRE(w.warnings().empty());
  w.compute_now();
  const MambaSimResult& r = w.result();
  CHECK(r.error.empty());
  const std::vector<float> u = signal("noise", L, 0.05f, 3);
  REQUIRE(r.u == u);
  CHECK(r.K.empty());     // no single kernel when Δ, B, C change with t
  CHECK(r.y_conv.empty());

  // The core's selective scan on the same inputs (Δ_t = softplus(wd u_t + bd), B_t = B + wB u_t, ...).
  std::vector<float> delta(L), Bt(4 * L), Ct(4 * L);
  for (int t = 0; t < L; ++t) {
    delta[t] = wd * u[t] + bd;
    for (int n = 0; n < 4; ++n) {
      Bt[n * L + t] = B[n] + wB[n] * u[t];
      Ct[n * L + t] = C[n] + wC[n] * u[t];
    }
  }
  ssm::SelectiveScanArgs<float> a;
  a.dim = 1, a.dstate = 4, a.len = L;
  a.u = u.data(), a.delta = delta.data(), a.A = A.data(), a.Bm = Bt.data(), a.Cm = Ct.data(), a.D = &D;
  a.delta_softplus = true;
  std::vector<float> out(L);
  ssm::SelectiveScanCache<float> cache;
  ssm::selective_scan_forward(a, out.data(), cache);
  CHECK(r.y_rec == out);
  CHECK(r.dt == cache.delta);
  for (int n = 0; n < 4; ++n)
    for (int t = 0; t < L; ++t) REQUIRE(r.h[n][t] == cache.h[static_cast<size_t>(t) * 4 + n]);

  // A plain loop in double: Mamba's rule Ā_t = exp(Δ_t A), B_d = Δ_t B_t.
  std::vector<double> hs(4, 0.0);
  double max_scan_diff = 0;
  for (int t = 0; t < L; ++t) {
    const double d = softplus_ref(wd * u[t] + bd);
    CHECK(r.dt[t] == Approx(d).epsilon(1e-5));
    double yt = D * u[t];
    for (int n = 0; n < 4; ++n) {
      hs[n] = std::exp(d * A[n]) * hs[n] + d * Bt[n * L + t] * u[t];
      yt += Ct[n * L + t] * hs[n];
      CHECK(r.h[n][t] == Approx(hs[n]).margin(1e-4));
    }
    CHECK(r.y_rec[t] == Approx(yt).margin(1e-4));
    CHECK(r.y_scan[t] == Approx(yt).margin(1e-4));
    max_scan_diff = std::max(max_scan_diff, static_cast<double>(std::fabs(r.y_scan[t] - r.y_rec[t])));
  }
  CHECK(r.diff_scan == Approx(max_scan_diff).margin(1e-12));
}

TEST_CASE("Mamba simulator recomputes only when an input changes", "[ui][lab][mamba]") {
  test::HeadlessImGui g;
  auto frames = [&g](MambaSim& w, int n) {
    for (int i = 0; i < n; ++i) g.frame([&] { w.draw(); }, ImGui::GetIO().DisplaySize);
  };
  MambaSim w;
  w.set_params({{"N", "16"}, {"L", "512"}, {"sig", "noise"}});
  frames(w, 10);
  CHECK(w.simulations() == 1);
  w.set_params({{"N", "16"}, {"L", "512"}, {"sig", "noise"}, {"dt", "0.3"}});
  frames(w, 10);
  CHECK(w.simulations() == 2);
  CHECK(w.result().u.size() == 512);
  w.set_params({{"sig", "text"}, {"text", "hello"}});  // the text signal sets L itself
  frames(w, 5);
  CHECK(w.simulations() == 3);
  CHECK(w.result().u.size() == 8);  // 5 characters, at least 8 steps
}

TEST_CASE("Mamba simulator: both B-bar rules on the chapter's selective example", "[ui][lab][mamba]") {
  // The ssm-mamba chapter's one-state example: A = -1, B = C = 1, Delta_t = softplus(2 x_t - 1).
  const std::vector<double> x = {1, 0, 0, 2, 0};
  std::vector<double> delta, a_bar, h_exact;
  const std::vector<double> y_exact = selective_recurrence(-1, 1, 1, 2, -1, x, &delta, &a_bar, &h_exact);
  const Params base = {{"N", "1"},  {"A", "-1"},   {"B", "1"},        {"C", "1"},     {"mode", "sel"}, {"wd", "2"},
                       {"bd", "-1"}, {"wB", "0"},  {"wC", "0"},       {"sig", "list"}, {"u", "1,0,0,2,0"}};
  for (const char* rule : {"zoh", "mamba"}) {
    INFO(rule);
    Params p = base;
    p.emplace_back("brule", rule);
    MambaSim w;
    w.set_params(p);
    REQUIRE(w.warnings().empty());
    w.compute_now();
    const MambaSimResult& r = w.result();
    REQUIRE(r.error.empty());
    REQUIRE(r.u.size() == 5);
    double h = 0;
    for (size_t t = 0; t < 5; ++t) {
      INFO("t = " << t);
      CHECK(r.dt[t] == Approx(delta[t]).epsilon(1e-6));
      if (std::string(rule) == "zoh") {
        CHECK(r.h[0][t] == Approx(h_exact[t]).margin(1e-5));  // the chapter's table (exact ZOH)
        CHECK(r.y_rec[t] == Approx(y_exact[t]).margin(1e-5));
      } else {
        h = a_bar[t] * h + delta[t] * x[t];  // Mamba: B-bar = Delta B
        CHECK(r.h[0][t] == Approx(h).margin(1e-5));
      }
      CHECK(r.y_scan[t] == Approx(r.y_rec[t]).margin(1e-5));
    }
  }
  // The two rules differ where the text said they do: h_0 = 1 - e^{-Delta_0} vs Delta_0.
  CHECK(h_exact[0] == Approx(0.7311).margin(1e-4));
  CHECK(delta[0] == Approx(1.3133).margin(1e-4));
}

TEST_CASE("Mamba simulator: the Delta_t plot is labelled \xCE\x94_t", "[ui][lab][mamba]") {
  MambaSim w;
  w.set_params({{"mode", "sel"}, {"sig", "step"}});
  w.compute_now();
  REQUIRE(w.delta_series().size() == 1);
  CHECK(w.delta_series()[0].name == "\xCE\x94_t");
}

TEST_CASE("Mamba simulator: a fast drag draws a continuous signal and every drawn point reaches the input", "[ui][lab][mamba]") {
  // Two mouse samples 30 points apart: the points between them lie on the line, no gap to 0.
  std::vector<float> pts(MambaSim::kDrawPoints, 0.0f);
  MambaSim::paint_segment(pts, 40, 1.0f, 10, -0.5f);
  for (int i = 10; i <= 40; ++i) {
    INFO(i);
    CHECK(pts[i] == Approx(-0.5f + 1.5f * (i - 10) / 30.0f).margin(0.006));  // rounded to 0.01 for short URLs
  }
  CHECK(pts[9] == 0.0f);
  CHECK(pts[41] == 0.0f);
  MambaSim::paint_segment(pts, 70, 9.0f, 70, 9.0f);  // off the canvas: ignored; values are clamped
  MambaSim::paint_segment(pts, 63, 9.0f, 63, 9.0f);
  CHECK(pts[63] == 2.0f);

  // As many steps as points: the points themselves. Fewer: each step the mean of its share.
  std::vector<float> ramp(MambaSim::kDrawPoints);
  for (int i = 0; i < MambaSim::kDrawPoints; ++i) ramp[i] = static_cast<float>(i);
  CHECK(MambaSim::drawn_signal(ramp, MambaSim::kDrawPoints) == ramp);
  const std::vector<float> u16 = MambaSim::drawn_signal(ramp, 16);
  REQUIRE(u16.size() == 16);
  double total = 0;
  for (int t = 0; t < 16; ++t) {
    CHECK(u16[t] == Approx(4 * t + 1.5f));  // mean of points 4t..4t+3
    total += u16[t] * 4;
  }
  CHECK(total == Approx(63.0 * 64 / 2));  // every point counted once
  const std::vector<float> u10 = MambaSim::drawn_signal(ramp, 10);  // uneven shares still cover all
  CHECK(u10.front() == Approx(2.5f));  // points 0..5
  CHECK(u10.back() == Approx(60.0f));  // points 57..63
  const std::vector<float> u128 = MambaSim::drawn_signal(ramp, 128);  // more steps: interpolated
  CHECK(u128.front() == 0.0f);
  CHECK(u128.back() == Approx(63.0f));

  // The widget feeds exactly this to the core.
  MambaSim sim;
  sim.set_params({{"sig", "drawn"}, {"L", "16"}, {"drawn", "1,1,1,1,0,0,0,0"}});
  sim.compute_now();
  std::vector<float> d(MambaSim::kDrawPoints, 0.0f);
  for (int i = 0; i < 4; ++i) d[i] = 1.0f;
  CHECK(sim.result().u == MambaSim::drawn_signal(d, 16));
}
