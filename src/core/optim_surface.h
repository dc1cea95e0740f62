// Two-dimensional loss surfaces and a runner that races the core's optimizers (core/optim.h:
// the real SGD / Adam / AdamW classes, stepping one 2-element Param) across them. The numbers of
// the `optimizers` widget and the `adamw` scene come from here.
//
//   Trajectory t = run_optimizer(Surface::Rosenbrock, OptimRun{OptKind::AdamW, 0.05f}, {-1.5f, 2.0f});
//   t.x[k], t.y[k]: the point after k steps (k = 0 is the start); t.loss[k] = f(t.x[k], t.y[k]).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/optim.h"

namespace tmx {

enum class Surface { Quadratic, Rosenbrock, Saddle, NoisyBowl };
constexpr int kSurfaceCount = 4;

struct SurfaceInfo {
  const char* slug;             // "quadratic", "rosenbrock", "saddle", "noisy"
  float x0, x1, y0, y1;         // the region worth drawing
  float start_x, start_y;       // a start point that shows the surface's character
  float min_x, min_y;           // a (global) minimum inside the region, or the saddle's low point
};
const SurfaceInfo& surface_info(Surface s);

// f and its gradient (analytic; the tests check them against finite differences).
//   Quadratic: 0.5 (x^2 + 20 y^2)                    (condition number 20)
//   Rosenbrock: (1 - x)^2 + 100 (y - x^2)^2          (minimum 0 at (1, 1))
//   Saddle: 0.5 x^2 - 0.5 y^2 + 0.25 y^4             (saddle at the origin, minima at (0, +-1))
//   NoisyBowl: 0.5 (x^2 + y^2) + 0.15 sum_k a_k sin(u_k . (x, y) + phi_k), six waves drawn from `seed`
double surface_value(Surface s, double x, double y, uint32_t seed = 1);
void surface_grad(Surface s, double x, double y, double& gx, double& gy, uint32_t seed = 1);

// f on a rows x cols grid over the surface's region, row 0 at the top (y1), for a contour heatmap.
std::vector<float> surface_grid(Surface s, int rows, int cols, uint32_t seed = 1);

enum class OptKind { SGD, Momentum, Adam, AdamW };
constexpr int kOptKindCount = 4;
const char* opt_kind_name(OptKind k);  // "SGD", "Momentum", "Adam", "AdamW"

struct OptimRun {
  OptKind kind = OptKind::SGD;
  float lr = 0.01f;
  float momentum = 0.9f;            // Momentum only
  float beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;  // Adam / AdamW
  float weight_decay = 0.0f;        // SGD / Momentum / Adam: L2 added to the gradient; AdamW: decoupled
  bool cosine = false;              // lr_warmup_cosine(step, warmup, steps, lr, lr * min_lr_ratio)
  int warmup = 0;
  float min_lr_ratio = 0.1f;
  int steps = 100;
  uint32_t seed = 1;                // the noisy bowl's waves
};

// The optimizer a run uses (the core's classes, configured from the run).
std::unique_ptr<Optimizer> make_optimizer(const OptimRun& r);
// The learning rate at step k of a run (constant, or warmup + cosine).
float run_lr(const OptimRun& r, int step);

struct Trajectory {
  std::vector<float> x, y;      // steps + 1 points (fewer if it diverged)
  std::vector<float> loss;      // f at each point
  std::vector<float> lr;        // lr used for the step leaving point k (steps entries)
  int diverged_at = -1;         // first step whose point was non-finite or left |p| <= 1e6, else -1
};

// Runs r.steps steps from (x0, y0). The gradient is computed in double and stored in the Param's
// float grad; the Param holds the point as a (1, 2) Mat. Stops at divergence.
Trajectory run_optimizer(Surface s, const OptimRun& r, float x0, float y0);

}  // namespace tmx
