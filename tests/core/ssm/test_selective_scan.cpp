// Selective scan forward/backward vs the PyTorch reference (tests/golden/mamba/selective_scan.safetensors,
// 15 cases: every B/C form, with/without z, delta_bias, softplus, and mixed forms), plus
// finite differences in double and bad-input handling.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "core/ssm/check.h"
#include "core/ssm/lti.h"
#include "core/ssm/selective_scan.h"
#include "golden.h"

using namespace tmx;
using namespace tmx::ssm;
using tmx::test::golden_vec;

// |a - b| <= atol + rtol |b| for every element; reports the worst element.
static void check_close(const std::vector<float>& a, const std::vector<float>& b, double rtol, double atol,
                        const std::string& what) {
  REQUIRE(a.size() == b.size());
  double worst = 0;
  size_t wi = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    REQUIRE(std::isfinite(a[i]));
    const double excess = std::fabs((double)a[i] - b[i]) / (atol + rtol * std::fabs((double)b[i]));
    if (excess > worst) worst = excess, wi = i;
  }
  INFO(what << ": worst element " << wi << " got " << a[wi] << " want " << b[wi]);
  CHECK(worst <= 1.0);
}

static BCForm form_of(float code) { return code == 0 ? BCForm::Fixed : code == 1 ? BCForm::Variable : BCForm::Grouped; }

TEST_CASE("selective scan forward and backward match the PyTorch reference", "[ssm][scan][golden]") {
  const SafeTensors st = SafeTensors::from_file(tmx::test::mamba_golden("selective_scan.safetensors"));
  const double rtol = 1e-4, atol = 1e-5;  // issue asks for ≤ 6e-4 / 2e-3; we hold 1e-4 / 1e-5
  int n_cases = 0;
  for (int c = 0; st.has("c" + std::to_string(c) + ".dims"); ++c, ++n_cases) {
    const std::string p = "c" + std::to_string(c) + ".";
    const auto dims = golden_vec<float>(st, p + "dims");    // B, D, N, L, G
    const auto flags = golden_vec<float>(st, p + "flags");  // B form, C form, z, bias, softplus
    auto v = [&](const std::string& k) { return golden_vec<float>(st, p + k); };
    const auto u = v("u"), delta = v("delta"), A = v("A"), Bm = v("B"), Cm = v("C"), D = v("D");
    const bool has_z = flags[2] != 0, has_bias = flags[3] != 0;
    std::vector<float> z, bias;
    if (has_z) z = v("z");
    if (has_bias) bias = v("delta_bias");

    SelectiveScanArgs<float> a;
    a.batch = (int)dims[0], a.dim = (int)dims[1], a.dstate = (int)dims[2], a.len = (int)dims[3];
    a.u = u.data(), a.delta = delta.data(), a.A = A.data();
    a.Bm = Bm.data(), a.B_form = form_of(flags[0]), a.B_groups = (int)dims[4];
    a.Cm = Cm.data(), a.C_form = form_of(flags[1]), a.C_groups = (int)dims[4];
    a.D = D.data();
    a.z = has_z ? z.data() : nullptr;
    a.delta_bias = has_bias ? bias.data() : nullptr;
    a.delta_softplus = flags[4] != 0;
    INFO("case " << c << " B form " << flags[0] << " C form " << flags[1] << " z " << has_z << " bias "
                 << has_bias << " softplus " << a.delta_softplus);

    std::vector<float> out(u.size()), last((size_t)a.batch * a.dim * a.dstate);
    SelectiveScanCache<float> cache;
    selective_scan_forward(a, out.data(), cache, last.data());
    check_close(out, v("out"), rtol, atol, "out");
    check_close(last, v("last_state"), rtol, atol, "last_state");

    const auto dout = v("dout");
    std::vector<float> du(u.size()), dd(delta.size()), dA(A.size()), dB(Bm.size()), dC(Cm.size()), dD(D.size()),
        dz(z.size()), dbias(bias.size());
    SelectiveScanGrads<float> g;
    g.du = du.data(), g.ddelta = dd.data(), g.dA = dA.data(), g.dB = dB.data(), g.dC = dC.data(), g.dD = dD.data();
    g.dz = has_z ? dz.data() : nullptr;
    g.ddelta_bias = has_bias ? dbias.data() : nullptr;
    selective_scan_backward(a, cache, dout.data(), g);
    check_close(du, v("du"), rtol, atol, "du");
    check_close(dd, v("ddelta"), rtol, atol, "ddelta");
    check_close(dA, v("dA"), rtol, atol, "dA");
    check_close(dB, v("dB"), rtol, atol, "dB");
    check_close(dC, v("dC"), rtol, atol, "dC");
    check_close(dD, v("dD"), rtol, atol, "dD");
    if (has_z) check_close(dz, v("dz"), rtol, atol, "dz");
    if (has_bias) check_close(dbias, v("ddelta_bias"), rtol, atol, "ddelta_bias");
  }
  CHECK(n_cases == 15);
}

// Finite differences in double on loss = Σ out·w for every input, for each B/C form.
TEST_CASE("selective scan backward agrees with finite differences in double", "[ssm][scan][fd]") {
  std::mt19937 rng(7);
  std::normal_distribution<double> nd(0.0, 1.0);
  const int Bsz = 2, D = 4, N = 3, L = 5, G = 2;
  for (BCForm form : {BCForm::Fixed, BCForm::Variable, BCForm::Grouped}) {
    SelectiveScanArgs<double> a;
    a.batch = Bsz, a.dim = D, a.dstate = N, a.len = L;
    a.B_form = a.C_form = form;
    a.B_groups = a.C_groups = G;
    const size_t nbc = (size_t)bc_numel(a, form, G);
    auto randv = [&](size_t n, double s) {
      std::vector<double> x(n);
      for (auto& e : x) e = s * nd(rng);
      return x;
    };
    std::vector<double> u = randv(Bsz * D * L, 1), delta = randv(Bsz * D * L, 0.5), A = randv(D * N, 0.5),
                        Bm = randv(nbc, 1), Cm = randv(nbc, 1), Dv = randv(D, 1), z = randv(Bsz * D * L, 1),
                        bias = randv(D, 0.3), w = randv(Bsz * D * L, 1);
    for (auto& x : A) x = -std::exp(x);
    a.u = u.data(), a.delta = delta.data(), a.A = A.data(), a.Bm = Bm.data(), a.Cm = Cm.data(), a.D = Dv.data();
    a.z = z.data(), a.delta_bias = bias.data(), a.delta_softplus = true;
    auto loss = [&]() {
      std::vector<double> out(u.size());
      SelectiveScanCache<double> c;
      selective_scan_forward(a, out.data(), c);
      double s = 0;
      for (size_t i = 0; i < out.size(); ++i) s += out[i] * w[i];
      return s;
    };
    std::vector<double> out(u.size());
    SelectiveScanCache<double> cache;
    selective_scan_forward(a, out.data(), cache);
    std::vector<double> du(u.size()), dd(u.size()), dA(A.size()), dB(nbc), dC(nbc), dD(D), dz(z.size()), db(D);
    SelectiveScanGrads<double> g{du.data(), dd.data(), dA.data(), dB.data(), dC.data(), dD.data(), dz.data(), db.data()};
    selective_scan_backward(a, cache, w.data(), g);
    auto fd_check = [&](std::vector<double>& x, const std::vector<double>& dx, const char* name) {
      double worst = 0;
      for (size_t i = 0; i < x.size(); ++i) {
        const double x0 = x[i], h = 1e-6;
        x[i] = x0 + h;
        const double lp = loss();
        x[i] = x0 - h;
        const double lm = loss();
        x[i] = x0;
        const double num = (lp - lm) / (2 * h);
        // central differences in double: ~1e-9 absolute noise at h = 1e-6
        worst = std::max(worst, std::fabs(num - dx[i]) / (1e-8 + 1e-6 * std::fabs(num)));
      }
      INFO("form " << (int)form << " grad " << name);
      CHECK(worst < 1.0);
    };
    fd_check(u, du, "u");
    fd_check(delta, dd, "delta");
    fd_check(A, dA, "A");
    fd_check(Bm, dB, "B");
    fd_check(Cm, dC, "C");
    fd_check(Dv, dD, "D");
    fd_check(z, dz, "z");
    fd_check(bias, db, "delta_bias");
  }
}

TEST_CASE("selective scan with fixed B, C and constant delta equals the LTI recurrence", "[ssm][scan]") {
  // Closed form for one channel, one state: h_t = e^{ΔA} h_{t-1} + ΔB u_t, y_t = C h_t + D u_t.
  const float u[4] = {1, -2, 0.5f, 3}, delta[4] = {0.1f, 0.1f, 0.1f, 0.1f}, A = -2, B = 0.7f, C = 1.3f, Dd = 0.25f;
  SelectiveScanArgs<float> a;
  a.dim = 1, a.dstate = 1, a.len = 4;
  a.u = u, a.delta = delta, a.A = &A, a.Bm = &B, a.Cm = &C, a.D = &Dd;
  a.B_form = a.C_form = BCForm::Fixed;
  float out[4];
  SelectiveScanCache<float> cache;
  selective_scan_forward(a, out, cache);
  double h = 0;
  for (int t = 0; t < 4; ++t) {
    h = std::exp(0.1 * A) * h + 0.1 * B * u[t];
    CHECK(out[t] == Approx(C * h + Dd * u[t]).epsilon(1e-6));
  }
}

TEST_CASE("selective scan gives the same bits wherever its buffers sit in memory", "[ssm][scan]") {
  // SIMD code may treat a row's first elements apart when the row is not aligned; the scan's
  // results must not depend on that (two loaded copies of one model give the same logits).
  std::mt19937 rng(11);
  std::normal_distribution<float> nd(0.0f, 1.0f);
  for (int N : {16, 5}) {
    for (BCForm form : {BCForm::Fixed, BCForm::Variable}) {
      const int D = 3, L = 6;
      SelectiveScanArgs<float> a;
      a.dim = D, a.dstate = N, a.len = L;
      a.B_form = a.C_form = form;
      const size_t nbc = (size_t)bc_numel(a, form, 1);
      auto randv = [&](size_t n, float s) {
        std::vector<float> x(n);
        for (auto& e : x) e = s * nd(rng);
        return x;
      };
      std::vector<float> u = randv(D * L, 1), delta = randv(D * L, 0.5f), A = randv(D * N, 0.5f),
                         Bm = randv(nbc, 1), Cm = randv(nbc, 1), z = randv(D * L, 1), w = randv(D * L, 1);
      for (auto& x : A) x = -std::exp(x);
      a.u = u.data(), a.delta = delta.data(), a.A = A.data(), a.Bm = Bm.data(), a.Cm = Cm.data(), a.z = z.data();
      a.delta_softplus = true;
      // 8 runs: the caches are kept alive so each gets a new address (glibc steps them by 16 bytes
      // mod 32: without the scan's aligned work array this fails natively; sanitizer allocators
      // align them all alike); the gradients go to buffers offset by k floats (every alignment).
      std::vector<SelectiveScanCache<float>> caches(8);
      std::vector<std::vector<float>> outs, grads;
      for (int k = 0; k < 8; ++k) {
        std::vector<float> out(D * L);
        selective_scan_forward(a, out.data(), caches[k]);
        std::vector<float> gbuf(8 + A.size() + 2 * nbc, 0.0f);  // dA, dB, dC at offset k
        float* g0 = gbuf.data() + k;
        SelectiveScanGrads<float> g;
        g.dA = g0, g.dB = g0 + A.size(), g.dC = g0 + A.size() + nbc;
        selective_scan_backward(a, caches[k], w.data(), g);
        outs.push_back(out);
        grads.emplace_back(g0, g0 + A.size() + 2 * nbc);
      }
      INFO("N = " << N << ", form " << (int)form);
      for (int k = 1; k < 8; ++k) {
        CHECK(outs[k] == outs[0]);
        CHECK(caches[k].h == caches[0].h);
        CHECK(grads[k] == grads[0]);
      }
    }
  }
}

TEST_CASE("selective scan rejects bad input", "[ssm][scan]") {
  std::vector<float> u(8, 1.f), delta(8, 0.1f), A(2, -1.f), Bm(2, 1.f), Cm(2, 1.f);
  SelectiveScanArgs<float> a;
  a.dim = 2, a.dstate = 1, a.len = 4;
  a.u = u.data(), a.delta = delta.data(), a.A = A.data(), a.Bm = Bm.data(), a.Cm = Cm.data();
  a.B_form = a.C_form = BCForm::Fixed;
  std::vector<float> out(8);
  SelectiveScanCache<float> cache;
  REQUIRE_NOTHROW(selective_scan_forward(a, out.data(), cache));
  u[3] = NAN;
  CHECK_THROWS_AS(selective_scan_forward(a, out.data(), cache), SsmError);
  u[3] = 1;
  delta[0] = INFINITY;
  CHECK_THROWS_AS(selective_scan_forward(a, out.data(), cache), SsmError);
  // Δ huge but finite: the state overflows float -> a clear error, not Inf in the output.
  delta[0] = 1e38f;
  Bm[0] = 100.f;
  CHECK_THROWS_AS(selective_scan_forward(a, out.data(), cache), SsmError);
  delta[0] = 0.1f;
  // Groups must divide D.
  a.B_form = BCForm::Grouped;
  a.B_groups = 3;
  std::vector<float> Bg(3 * 4, 1.f);
  a.Bm = Bg.data();
  CHECK_THROWS_AS(selective_scan_forward(a, out.data(), cache), SsmError);
  a.dim = 0;
  CHECK_THROWS_AS(selective_scan_forward(a, out.data(), cache), SsmError);
}

TEST_CASE("selective scan equals the parallel associative scan with time-varying Ā_t", "[ssm][scan]") {
  // Per (channel, state): a_t = exp(Δ_t A), b_t = Δ_t B_t u_t; the Blelloch scan must give the same h_t.
  const SafeTensors st = SafeTensors::from_file(tmx::test::mamba_golden("selective_scan.safetensors"));
  const std::string p = "c6.";  // variable B and C, no delta_bias, no softplus (z and D do not touch h)
  REQUIRE(golden_vec<float>(st, p + "flags")[0] == 1);
  REQUIRE(golden_vec<float>(st, p + "flags")[4] == 0);
  const auto dims = golden_vec<float>(st, p + "dims");
  const int Bsz = (int)dims[0], D = (int)dims[1], N = (int)dims[2], L = (int)dims[3];
  const auto u = golden_vec<float>(st, p + "u"), delta = golden_vec<float>(st, p + "delta"),
             A = golden_vec<float>(st, p + "A"), Bm = golden_vec<float>(st, p + "B"), Cm = golden_vec<float>(st, p + "C");
  SelectiveScanArgs<float> a;
  a.batch = Bsz, a.dim = D, a.dstate = N, a.len = L;
  a.u = u.data(), a.delta = delta.data(), a.A = A.data(), a.Bm = Bm.data(), a.Cm = Cm.data();
  std::vector<float> out(u.size());
  SelectiveScanCache<float> cache;
  selective_scan_forward(a, out.data(), cache);
  std::vector<float> at(L), bt(L), h(L);
  std::vector<ScanElem> work;
  double worst = 0;
  for (int b = 0; b < Bsz; ++b)
    for (int d = 0; d < D; ++d)
      for (int n = 0; n < N; ++n) {
        for (int t = 0; t < L; ++t) {
          const float dt = delta[((size_t)b * D + d) * L + t];
          at[t] = std::exp(dt * A[d * N + n]);
          bt[t] = dt * Bm[((size_t)b * N + n) * L + t] * u[((size_t)b * D + d) * L + t];
        }
        associative_scan(at.data(), bt.data(), L, h.data(), work);
        for (int t = 0; t < L; ++t)
          worst = std::max(worst, (double)std::fabs(h[t] - cache.h[(((size_t)b * D + d) * L + t) * N + n]));
      }
  CHECK(worst < 1e-5);
}
