#include "core/mixed_precision.h"

#include <algorithm>
#include <cmath>

#include "core/halfprec.h"
#include "core/rng.h"

namespace tmx {

float to_half_format(float x, HalfFormat f) { return f == HalfFormat::FP16 ? round_to_half(x) : round_to_bf16(x); }

static float to_half(float x, HalfFormat f) { return to_half_format(x, f); }

bool loss_scaler_update(LossScaler& scaler, bool found_inf) {
  if (found_inf) {
    scaler.scale *= scaler.backoff_factor;
    scaler.good_steps = 0;
    return true;
  }
  if (++scaler.good_steps >= scaler.growth_interval) {
    scaler.scale *= scaler.growth_factor;
    scaler.good_steps = 0;
  }
  return false;
}

LossScaleSim simulate_loss_scaling(const std::vector<float>& grads, LossScaler& scaler, HalfFormat fmt) {
  LossScaleSim r;
  r.scale_used = scaler.scale;
  const float min_normal = fmt == HalfFormat::FP16 ? half_bits_to_float(0x0400) : bf16_bits_to_float(0x0080);
  for (float g : grads) {
    const float h = to_half(g * scaler.scale, fmt);
    if (!std::isfinite(h)) ++r.overflow;
    else if (g == 0) ++r.zeros;
    else if (h == 0) ++r.underflow;
    else if (std::fabs(h) < min_normal) ++r.subnormal;
    else ++r.normal;
  }
  r.skipped = loss_scaler_update(scaler, r.overflow > 0);
  return r;
}

std::vector<float> seeded_gradients(int n, uint32_t seed, float log10_center, float log10_spread) {
  Rng rng(seed);
  std::vector<float> g(static_cast<size_t>(std::max(0, n)));
  for (float& x : g) {
    const float mag = std::pow(10.0f, log10_center + log10_spread * rng.normal());
    x = rng.uniform() < 0.5f ? -mag : mag;
  }
  return g;
}

MixedStepResult mixed_precision_step(LanguageModel& model, Optimizer& opt, LossScaler& scaler,
                                     const std::vector<int>& ids, const std::vector<int>& targets, HalfFormat fmt) {
  MixedStepResult r;
  r.scale_used = scaler.scale;
  ParamList ps = model.params();

  // forward/backward on half-precision copies of the weights; keep the float32 masters
  std::vector<Mat> master;  // one per parameter, same shapes
  master.reserve(ps.size());
  for (Param& p : ps) {
    master.push_back(*p.value);
    *p.value = p.value->unaryExpr([fmt](float x) { return to_half(x, fmt); });
  }
  zero_grad(ps);
  r.loss = model.forward_backward(ids, targets);
  for (size_t i = 0; i < ps.size(); ++i) *ps[i].value = master[i];

  // scaled gradients as they would be stored in half precision
  for (Param& p : ps) {
    *p.grad = p.grad->unaryExpr([&](float g) { return to_half(g * scaler.scale, fmt); });
    if (!p.grad->allFinite()) ++r.overflow_params;
  }
  if (r.overflow_params > 0) {
    r.skipped = loss_scaler_update(scaler, true);
    zero_grad(ps);
    return r;
  }
  const float inv = 1.0f / scaler.scale;
  for (Param& p : ps) *p.grad *= inv;
  opt.step(ps);
  loss_scaler_update(scaler, false);
  return r;
}

}  // namespace tmx
