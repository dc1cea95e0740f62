#include "core/optim_surface.h"

#include <cmath>

#include "core/rng.h"

namespace tmx {

namespace {

const SurfaceInfo kSurfaces[kSurfaceCount] = {
    {"quadratic", -2.0f, 2.0f, -1.5f, 1.5f, -1.8f, 1.2f, 0.0f, 0.0f},
    {"rosenbrock", -2.0f, 2.0f, -1.0f, 3.0f, -1.5f, 2.5f, 1.0f, 1.0f},
    {"saddle", -2.0f, 2.0f, -2.0f, 2.0f, -1.8f, 0.02f, 0.0f, 1.0f},
    {"noisy", -2.0f, 2.0f, -2.0f, 2.0f, -1.7f, 1.6f, 0.0f, 0.0f},
};

struct Waves {
  double ux[6], uy[6], a[6], phi[6];
};

// Six plane waves drawn from the seed: directions on the circle, wave numbers 2..5, amplitudes
// 0.5..1, phases uniform. The same seed gives the same bowl natively and in the browser (core/rng.h).
Waves waves(uint32_t seed) {
  Waves w;
  Rng rng(seed * 2654435761u + 17u);
  for (int k = 0; k < 6; ++k) {
    const double ang = 6.283185307179586 * rng.uniform_double();
    const double kk = 2.0 + 3.0 * rng.uniform_double();
    w.ux[k] = kk * std::cos(ang);
    w.uy[k] = kk * std::sin(ang);
    w.a[k] = 0.5 + 0.5 * rng.uniform_double();
    w.phi[k] = 6.283185307179586 * rng.uniform_double();
  }
  return w;
}

constexpr double kNoise = 0.15;

}  // namespace

const SurfaceInfo& surface_info(Surface s) { return kSurfaces[static_cast<int>(s)]; }

double surface_value(Surface s, double x, double y, uint32_t seed) {
  switch (s) {
    case Surface::Quadratic: return 0.5 * (x * x + 20.0 * y * y);
    case Surface::Rosenbrock: return (1 - x) * (1 - x) + 100.0 * (y - x * x) * (y - x * x);
    case Surface::Saddle: return 0.5 * x * x - 0.5 * y * y + 0.25 * y * y * y * y;
    case Surface::NoisyBowl: {
      const Waves w = waves(seed);
      double f = 0.5 * (x * x + y * y);
      for (int k = 0; k < 6; ++k) f += kNoise * w.a[k] * std::sin(w.ux[k] * x + w.uy[k] * y + w.phi[k]);
      return f;
    }
  }
  return 0;
}

void surface_grad(Surface s, double x, double y, double& gx, double& gy, uint32_t seed) {
  switch (s) {
    case Surface::Quadratic: gx = x, gy = 20.0 * y; return;
    case Surface::Rosenbrock:
      gx = -2.0 * (1 - x) - 400.0 * x * (y - x * x);
      gy = 200.0 * (y - x * x);
      return;
    case Surface::Saddle: gx = x, gy = -y + y * y * y; return;
    case Surface::NoisyBowl: {
      const Waves w = waves(seed);
      gx = x, gy = y;
      for (int k = 0; k < 6; ++k) {
        const double c = kNoise * w.a[k] * std::cos(w.ux[k] * x + w.uy[k] * y + w.phi[k]);
        gx += c * w.ux[k];
        gy += c * w.uy[k];
      }
      return;
    }
  }
  gx = gy = 0;
}

std::vector<float> surface_grid(Surface s, int rows, int cols, uint32_t seed) {
  const SurfaceInfo& in = surface_info(s);
  std::vector<float> g(static_cast<size_t>(rows) * cols);
  for (int i = 0; i < rows; ++i) {
    const double y = in.y1 - (in.y1 - in.y0) * (i + 0.5) / rows;
    for (int j = 0; j < cols; ++j) {
      const double x = in.x0 + (in.x1 - in.x0) * (j + 0.5) / cols;
      g[static_cast<size_t>(i) * cols + j] = static_cast<float>(surface_value(s, x, y, seed));
    }
  }
  return g;
}

const char* opt_kind_name(OptKind k) {
  static const char* const kNames[kOptKindCount] = {"SGD", "Momentum", "Adam", "AdamW"};
  return kNames[static_cast<int>(k)];
}

std::unique_ptr<Optimizer> make_optimizer(const OptimRun& r) {
  switch (r.kind) {
    case OptKind::SGD: return std::make_unique<SGD>(r.lr, 0.0f, r.weight_decay);
    case OptKind::Momentum: return std::make_unique<SGD>(r.lr, r.momentum, r.weight_decay);
    case OptKind::Adam: return std::make_unique<Adam>(r.lr, r.beta1, r.beta2, r.eps, r.weight_decay, false);
    case OptKind::AdamW: return std::make_unique<AdamW>(r.lr, r.beta1, r.beta2, r.eps, r.weight_decay);
  }
  return nullptr;
}

float run_lr(const OptimRun& r, int step) {
  if (!r.cosine) return r.lr;
  return lr_warmup_cosine(step, r.warmup, r.steps, r.lr, r.lr * r.min_lr_ratio);
}

Trajectory run_optimizer(Surface s, const OptimRun& r, float x0, float y0) {
  Trajectory t;
  Mat p(1, 2), g(1, 2);
  p << x0, y0;
  g.setZero();
  ParamList ps = {{"p", &p, &g, {2}}};
  auto opt = make_optimizer(r);
  auto record = [&] {
    t.x.push_back(p(0, 0));
    t.y.push_back(p(0, 1));
    t.loss.push_back(static_cast<float>(surface_value(s, p(0, 0), p(0, 1), r.seed)));
  };
  auto bad = [&] { return !p.allFinite() || std::abs(p(0, 0)) > 1e6f || std::abs(p(0, 1)) > 1e6f; };
  record();
  for (int k = 0; k < r.steps; ++k) {
    double gx, gy;
    surface_grad(s, p(0, 0), p(0, 1), gx, gy, r.seed);
    g << static_cast<float>(gx), static_cast<float>(gy);
    opt->lr = run_lr(r, k);
    t.lr.push_back(opt->lr);
    opt->step(ps);
    if (bad()) {
      t.diverged_at = k + 1;
      break;
    }
    record();
  }
  return t;
}

}  // namespace tmx
