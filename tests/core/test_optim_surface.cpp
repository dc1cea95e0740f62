// 2-D loss surfaces (gradients vs finite differences) and the optimizer race: trajectories equal
// the core's optimizers stepped by hand, Adam vs AdamW differ by the decoupled decay term.
#include <catch2/catch.hpp>

#include <cmath>

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
