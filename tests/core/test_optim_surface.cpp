// 2-D loss surfaces (gradients vs finite differences) and the optimizer race: trajectories equal
// the core's optimizers stepped by hand, Adam vs AdamW differ by the decoupled decay term.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "core/optim_surface.h"

using namespace tmx;

static const Surface kAll[] = {Surface::Quadratic, Surface::Rosenbrock, Surface::Saddle, Surface::NoisyBowl};

TEST_CASE("surface gradients match central finite differences", "[core][optim_surface]") {
  for (Surface s : kAll) {
    const SurfaceInfo& in = surface_info(s);
    for (int i = 0; i < 7; ++i)
      for (int j = 0; j < 7; ++j) {
        const double x = in.x0 + (in.x1 - in.x0) * (i + 0.37) / 7, y = in.y0 + (in.y1 - in.y0) * (j + 0.61) / 7;
        double gx, gy;
        surface_grad(s, x, y, gx, gy, 3);
        const double h = 1e-6;
        const double fx = (surface_value(s, x + h, y, 3) - surface_value(s, x - h, y, 3)) / (2 * h);
        const double fy = (surface_value(s, x, y + h, 3) - surface_value(s, x, y - h, 3)) / (2 * h);
        INFO(surface_info(s).slug << " at " << x << ", " << y);
        CHECK(gx == Approx(fx).epsilon(1e-6).margin(1e-6));
        CHECK(gy == Approx(fy).epsilon(1e-6).margin(1e-6));
      }
  }
}

TEST_CASE("surfaces have their minimum where they say", "[core][optim_surface]") {
  double gx, gy;
  surface_grad(Surface::Rosenbrock, 1, 1, gx, gy);
  CHECK(gx == 0);
  CHECK(gy == 0);
  CHECK(surface_value(Surface::Rosenbrock, 1, 1) == 0);
  surface_grad(Surface::Saddle, 0, 1, gx, gy);
  CHECK(gx == 0);
  CHECK(gy == 0);
  CHECK(surface_value(Surface::Saddle, 0, 0) > surface_value(Surface::Saddle, 0, 1));  // a saddle, not a minimum
  CHECK(surface_value(Surface::Saddle, 0.5, 0) > surface_value(Surface::Saddle, 0, 0));
  // the noisy bowl depends on its seed, and only on it
  CHECK(surface_value(Surface::NoisyBowl, 0.3, -0.2, 1) == surface_value(Surface::NoisyBowl, 0.3, -0.2, 1));
  CHECK(surface_value(Surface::NoisyBowl, 0.3, -0.2, 1) != surface_value(Surface::NoisyBowl, 0.3, -0.2, 2));
  const std::vector<float> grid = surface_grid(Surface::Quadratic, 4, 6);
  REQUIRE(grid.size() == 24u);
  const SurfaceInfo& q = surface_info(Surface::Quadratic);
  // row 0 is the top (y1), column 0 the left (x0)
  CHECK(grid[0] == Approx(surface_value(Surface::Quadratic, q.x0 + (q.x1 - q.x0) * 0.5 / 6, q.y1 - (q.y1 - q.y0) * 0.5 / 4)));
}

TEST_CASE("run_optimizer equals stepping the core optimizer directly", "[core][optim_surface]") {
  for (Surface s : kAll)
    for (int k = 0; k < kOptKindCount; ++k) {
      OptimRun r;
      r.kind = static_cast<OptKind>(k);
      r.lr = r.kind == OptKind::SGD || r.kind == OptKind::Momentum ? 1e-3f : 0.05f;
      r.weight_decay = 0.05f;
      r.cosine = k % 2 == 1;
      r.warmup = 5;
      r.steps = 60;
      r.seed = 4;
      const SurfaceInfo& in = surface_info(s);
      const Trajectory t = run_optimizer(s, r, in.start_x, in.start_y);
      INFO(in.slug << " " << opt_kind_name(r.kind));
      REQUIRE(t.diverged_at == -1);
      REQUIRE(t.x.size() == 61u);
      // by hand, with the core's classes
      Mat p(1, 2), g(1, 2);
      p << in.start_x, in.start_y;
      ParamList ps = {{"p", &p, &g, {2}}};
      std::unique_ptr<Optimizer> opt;
      if (r.kind == OptKind::SGD) opt = std::make_unique<SGD>(r.lr, 0.0f, r.weight_decay);
      else if (r.kind == OptKind::Momentum) opt = std::make_unique<SGD>(r.lr, 0.9f, r.weight_decay);
      else if (r.kind == OptKind::Adam) opt = std::make_unique<Adam>(r.lr, 0.9f, 0.999f, 1e-8f, r.weight_decay);
      else opt = std::make_unique<AdamW>(r.lr, 0.9f, 0.999f, 1e-8f, r.weight_decay);
      for (int i = 0; i < r.steps; ++i) {
        double gx, gy;
        surface_grad(s, p(0, 0), p(0, 1), gx, gy, 4);
        g << static_cast<float>(gx), static_cast<float>(gy);
        opt->lr = r.cosine ? lr_warmup_cosine(i, 5, 60, r.lr, r.lr * 0.1f) : r.lr;
        CHECK(t.lr[i] == opt->lr);
        opt->step(ps);
        CHECK(t.x[i + 1] == p(0, 0));
        CHECK(t.y[i + 1] == p(0, 1));
        CHECK(t.loss[i + 1] == static_cast<float>(surface_value(s, p(0, 0), p(0, 1), 4)));
      }
    }
}

TEST_CASE("Adam and AdamW differ by exactly the decoupled decay term", "[core][optim_surface]") {
  // From the same state, one AdamW step = one Adam step without decay, minus lr * wd * p.
  const float lr = 0.05f, wd = 0.3f;
  Mat pa(1, 2), pw(1, 2), g(1, 2);
  pa << -1.5f, 2.0f;
  pw = pa;
  Adam adam(lr, 0.9f, 0.999f, 1e-8f, 0.0f);
  AdamW adamw(lr, 0.9f, 0.999f, 1e-8f, wd);
  ParamList la = {{"p", &pa, &g, {2}}}, lw = {{"p", &pw, &g, {2}}};
  for (int k = 0; k < 5; ++k) {
    double gx, gy;
    surface_grad(Surface::Rosenbrock, pw(0, 0), pw(0, 1), gx, gy);
    g << static_cast<float>(gx), static_cast<float>(gy);
    pa = pw;  // Adam restarts from AdamW's point each step, with the same moments
    adam.first_moments() = adamw.first_moments();
    adam.second_moments() = adamw.second_moments();
    adam.t = adamw.t;
    const Mat before = pw;
    adam.step(la);
    adamw.step(lw);
    const Mat decay = -lr * wd * before;
    for (int i = 0; i < 2; ++i) CHECK(pw(0, i) == Approx(pa(0, i) + decay(0, i)).epsilon(1e-6).margin(1e-7));
    CHECK(adam.first_moments()[0] == adamw.first_moments()[0]);  // the moments never see the decay
  }
  // Adam with L2 in the gradient is different: the decay goes through the moments.
  Trajectory l2 = run_optimizer(Surface::Quadratic, OptimRun{OptKind::Adam, 0.05f, 0.9f, 0.9f, 0.999f, 1e-8f, wd}, 1, 1);
  Trajectory dec = run_optimizer(Surface::Quadratic, OptimRun{OptKind::AdamW, 0.05f, 0.9f, 0.9f, 0.999f, 1e-8f, wd}, 1, 1);
  CHECK(l2.x[5] != dec.x[5]);
}

TEST_CASE("divergence stops the run and is reported", "[core][optim_surface]") {
  OptimRun r;
  r.kind = OptKind::SGD;
  r.lr = 0.2f;  // far above 2 / L on the quadratic (L = 20)
  r.steps = 200;
  const Trajectory t = run_optimizer(Surface::Quadratic, r, 1.0f, 1.0f);
  CHECK(t.diverged_at > 0);
  CHECK(static_cast<int>(t.x.size()) == t.diverged_at);
  for (float v : t.loss) CHECK(std::isfinite(v));
  // a stable lr converges to the minimum
  r.lr = 0.04f;
  const Trajectory ok = run_optimizer(Surface::Quadratic, r, 1.0f, 1.0f);
  CHECK(ok.diverged_at == -1);
  CHECK(ok.loss.back() < 1e-3f);
}

TEST_CASE("a few steps of each optimizer on Rosenbrock match torch.optim", "[core][optim_surface]") {
  // scripts/golden/optim_surface.py: (x, y) after steps 1..10 from (-1.5, 2.5).
  const std::vector<std::vector<float>> golden = {
      // sgd
      {-1.64499998f, 2.45000005f, -1.47124565f, 2.50120497f, -1.66441596f, 2.43387675f, -1.43512082f, 2.50115752f, -1.68374217f, 2.41284037f, -1.39405978f, 2.49726987f, -1.69812131f, 2.38649654f, -1.35505748f, 2.48592043f, -1.7025212f, 2.35597253f, -1.3275969f, 2.46449375f},
      // momentum
      {-1.64499998f, 2.45000005f, -1.60174561f, 2.45620513f, -1.48753107f, 2.48366642f, -1.54096246f, 2.45419788f, -1.63305306f, 2.41174984f, -1.54402363f, 2.42456913f, -1.48385942f, 2.42799449f, -1.55897725f, 2.38584614f, -1.59367573f, 2.35682535f, -1.50307453f, 2.36730194f},
      // adam
      {-1.54999995f, 2.45000005f, -1.58917749f, 2.41002345f, -1.60075867f, 2.39484191f, -1.59232485f, 2.39899945f, -1.57446098f, 2.412714f, -1.55396914f, 2.429075f, -1.53647912f, 2.44225693f, -1.52618837f, 2.44800305f, -1.52428269f, 2.4452672f, -1.52936077f, 2.43559003f},
      // adamw_cosine
      {-1.51416659f, 2.47916675f, -1.54184771f, 2.43816757f, -1.57713878f, 2.38260055f, -1.59156418f, 2.34605598f, -1.58527446f, 2.33022261f, -1.56954527f, 2.32676864f, -1.55313873f, 2.32830596f, -1.54063678f, 2.33059049f, -1.53307128f, 2.33205438f, -1.52913868f, 2.3327117f},
  };
  OptimRun runs[4];
  runs[0].kind = OptKind::SGD, runs[0].lr = 1e-3f;
  runs[1].kind = OptKind::Momentum, runs[1].lr = 1e-3f, runs[1].momentum = 0.9f;
  runs[2].kind = OptKind::Adam, runs[2].lr = 0.05f, runs[2].weight_decay = 0.1f;
  runs[3].kind = OptKind::AdamW, runs[3].lr = 0.05f, runs[3].weight_decay = 0.1f, runs[3].cosine = true, runs[3].warmup = 3;
  for (int k = 0; k < 4; ++k) {
    runs[k].steps = 10;
    const Trajectory t = run_optimizer(Surface::Rosenbrock, runs[k], -1.5f, 2.5f);
    INFO(opt_kind_name(runs[k].kind));
    REQUIRE(t.x.size() == 11u);
    for (int i = 0; i < 10; ++i) {
      CHECK(t.x[i + 1] == Approx(golden[k][2 * i]).epsilon(2e-6));
      CHECK(t.y[i + 1] == Approx(golden[k][2 * i + 1]).epsilon(2e-6));
    }
  }
}
