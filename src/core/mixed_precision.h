// A mixed-precision training step with dynamic loss scaling (torch.cuda.amp.GradScaler rules).
//
// What is emulated: float32 master weights; the forward/backward sees weights rounded to fp16 (or
// bf16); the loss is multiplied by `scale` and the gradients are stored in half precision, which
// is where overflow (inf) and underflow (flush to 0) happen in a real fp16 step. Arithmetic in
// between runs in float32 (this core has no fp16 kernels). Then, as GradScaler does:
//   any inf/NaN in the scaled grads -> skip the update, scale *= backoff_factor (0.5)
//   otherwise grads /= scale, optimizer step on the master weights, and after growth_interval
//   consecutive good steps scale *= growth_factor (2).
#pragma once
#include <cstdint>
#include <vector>

#include "core/language_model.h"
#include "core/optim.h"

namespace tmx {

enum class HalfFormat { FP16, BF16 };

struct LossScaler {
  float scale = 65536.0f;       // torch's init_scale 2^16
  float growth_factor = 2.0f;
  float backoff_factor = 0.5f;
  int growth_interval = 2000;   // good steps before the scale grows
  int good_steps = 0;           // consecutive steps without overflow
};

struct MixedStepResult {
  float loss = 0;               // unscaled loss of this step
  bool skipped = false;         // true: overflow, weights unchanged
  float scale_used = 0;         // the loss scale this step ran with
  int overflow_params = 0;      // how many parameter gradients held inf/NaN
};

// A value as stored in half precision (round to nearest even, overflow to inf, underflow to 0).
float to_half_format(float x, HalfFormat f);

// GradScaler's update after one step's scaled gradients were checked: found_inf -> the step is
// skipped, scale *= backoff_factor and the good-step count restarts; otherwise the step counts as
// good and after growth_interval of them scale *= growth_factor. Returns true if skipped.
bool loss_scaler_update(LossScaler& scaler, bool found_inf);

// The loss-scaling mini-simulation: gradients (float32, as backward would give them unscaled)
// multiplied by the scaler's scale and stored in half precision; what happens to each one, and
// the scaler updated by the same rule as mixed_precision_step.
struct LossScaleSim {
  float scale_used = 0;
  int zeros = 0;       // gradients that were exactly 0 before scaling
  int underflow = 0;   // nonzero gradients stored as 0 (lost)
  int subnormal = 0;   // stored as subnormals (few significant bits left)
  int normal = 0;      // stored with full precision
  int overflow = 0;    // stored as inf/NaN
  bool skipped = false;
};
LossScaleSim simulate_loss_scaling(const std::vector<float>& grads, LossScaler& scaler, HalfFormat fmt);

// n gradients with log-normal magnitudes (log10 |g| ~ N(log10_center, log10_spread)) and random
// signs, from a seed (core/rng.h: the same numbers natively and in the browser).
std::vector<float> seeded_gradients(int n, uint32_t seed, float log10_center = -6.0f, float log10_spread = 1.5f);

MixedStepResult mixed_precision_step(LanguageModel& model, Optimizer& opt, LossScaler& scaler,
                                     const std::vector<int>& ids, const std::vector<int>& targets,
                                     HalfFormat fmt = HalfFormat::FP16);

}  // namespace tmx
