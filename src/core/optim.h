// Optimizers over a list of named parameters, with the exact update rules of torch.optim
// (SGD with momentum, Adam, AdamW), a linear-warmup + cosine learning-rate schedule and
// global-norm gradient clipping (torch.nn.utils.clip_grad_norm_).
//
//   ParamList ps = model.params();        // {name, &value, &grad, shape} for every parameter
//   zero_grad(ps);
//   float loss = model.forward_backward(ids, targets);   // accumulates into the grads
//   clip_grad_norm(ps, 1.0f);
//   AdamW opt(/*lr=*/1e-3f);  opt.lr = lr_warmup_cosine(step, ...);  opt.step(ps);
//
// Optimizer state is per parameter *position* in the list: pass the same list (same order)
// every step.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace tmx {

struct Param {
  std::string name;             // checkpoint name, e.g. "transformer.h.0.attn.c_attn.weight"
  Mat* value = nullptr;         // stored as a Mat: 1-D tensors are (1, n)
  Mat* grad = nullptr;          // same shape as value
  std::vector<int64_t> shape;   // checkpoint shape, e.g. {n_embd} for a bias
  bool decay = true;            // weight decay applies (nanoGPT: only to 2-D weights)
};
using ParamList = std::vector<Param>;

void zero_grad(ParamList& ps);
int64_t param_count(const ParamList& ps);

// Scales all grads so their global L2 norm is at most max_norm; returns the norm before
// clipping. Like torch: scale = max_norm / (norm + 1e-6), applied only if < 1.
float clip_grad_norm(ParamList& ps, float max_norm);

// nanoGPT's schedule: linear warmup from 0 over `warmup` steps (lr*(step+1)/warmup), then cosine
// from max_lr to min_lr until `decay_steps`, then min_lr.  step counts from 0.
float lr_warmup_cosine(int step, int warmup, int decay_steps, float max_lr, float min_lr);

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  virtual void step(ParamList& ps) = 0;  // one update using the grads in ps
  virtual const char* name() const = 0;
  float lr = 1e-3f;
};

// torch.optim.SGD: g += wd*p; buf = momentum*buf + (1-dampening)*g (buf = g on the first step);
// nesterov: g = g + momentum*buf else g = buf; p -= lr*g.
class SGD : public Optimizer {
 public:
  explicit SGD(float lr_, float momentum = 0, float weight_decay = 0, float dampening = 0, bool nesterov = false);
  void step(ParamList& ps) override;
  const char* name() const override { return "SGD"; }
  float momentum, weight_decay, dampening;
  bool nesterov;

 private:
  std::vector<Mat> buf_;  // momentum buffers, one per parameter
  bool started_ = false;
};

// torch.optim.Adam (weight_decay = L2 added to the gradient) and torch.optim.AdamW
// (decoupled: p *= 1 - lr*wd before the Adam update). Both use bias correction and
// denom = sqrt(v)/sqrt(1-beta2^t) + eps, like torch.
class Adam : public Optimizer {
 public:
  Adam(float lr_ = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f, float weight_decay = 0,
       bool decoupled = false);
  void step(ParamList& ps) override;
  const char* name() const override { return decoupled ? "AdamW" : "Adam"; }
  float beta1, beta2, eps, weight_decay;
  bool decoupled;
  int t = 0;  // steps taken

  // The moments, one per parameter position (empty before the first step); the trainer saves
  // and restores them with t to resume a run exactly.
  std::vector<Mat>& first_moments() { return m_; }
  std::vector<Mat>& second_moments() { return v_; }

 protected:
  std::vector<Mat> m_, v_;  // first and second moments, one per parameter
};

class AdamW : public Adam {
 public:
  // torch.optim.AdamW's defaults (weight_decay 0.01).
  explicit AdamW(float lr_ = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f,
                 float weight_decay = 0.01f)
      : Adam(lr_, beta1, beta2, eps, weight_decay, true) {}
};

}  // namespace tmx
