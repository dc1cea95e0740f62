#include "core/mixed_precision.h"

#include "core/halfprec.h"

namespace tmx {

static float to_half(float x, HalfFormat f) { return f == HalfFormat::FP16 ? round_to_half(x) : round_to_bf16(x); }

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
    r.skipped = true;
    scaler.scale *= scaler.backoff_factor;
    scaler.good_steps = 0;
    zero_grad(ps);
    return r;
  }
  const float inv = 1.0f / scaler.scale;
  for (Param& p : ps) *p.grad *= inv;
  opt.step(ps);
  if (++scaler.good_steps >= scaler.growth_interval) {
    scaler.scale *= scaler.growth_factor;
    scaler.good_steps = 0;
  }
  return r;
}

}  // namespace tmx
