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

MixedStepResult mixed_precision_step(LanguageModel& model, Optimizer& opt, LossScaler& scaler,
                                     const std::vector<int>& ids, const std::vector<int>& targets,
                                     HalfFormat fmt = HalfFormat::FP16);

}  // namespace tmx
