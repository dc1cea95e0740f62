#include "core/optim.h"

#include <cmath>

#include "core/error.h"

namespace tmx {

void zero_grad(ParamList& ps) {
  for (auto& p : ps) p.grad->setZero(p.value->rows(), p.value->cols());
}

int64_t param_count(const ParamList& ps) {
  int64_t n = 0;
  for (const auto& p : ps) n += p.value->size();
  return n;
}

float clip_grad_norm(ParamList& ps, float max_norm) {
  double ss = 0;
  for (const auto& p : ps) ss += p.grad->cast<double>().squaredNorm();
  const float norm = static_cast<float>(std::sqrt(ss));
  const float coef = max_norm / (norm + 1e-6f);
  if (coef < 1.0f)
    for (auto& p : ps) *p.grad *= coef;
  return norm;
}

float lr_warmup_cosine(int step, int warmup, int decay_steps, float max_lr, float min_lr) {
  if (step < warmup) return max_lr * static_cast<float>(step + 1) / static_cast<float>(warmup);
  if (step > decay_steps) return min_lr;
  const double ratio = static_cast<double>(step - warmup) / std::max(1, decay_steps - warmup);
  const double coeff = 0.5 * (1.0 + std::cos(3.14159265358979323846 * ratio));  // 1 -> 0
  return static_cast<float>(min_lr + coeff * (max_lr - min_lr));
}

static void check_state(const std::vector<Mat>& st, const ParamList& ps, const char* who) {
  if (st.size() != ps.size()) throw Error(std::string(who) + ": parameter list changed between steps");
}

SGD::SGD(float lr_, float momentum_, float wd, float damp, bool nest)
    : momentum(momentum_), weight_decay(wd), dampening(damp), nesterov(nest) {
  lr = lr_;
}

void SGD::step(ParamList& ps) {
  if (buf_.empty()) {
    for (const auto& p : ps) buf_.push_back(Mat::Zero(p.value->rows(), p.value->cols()));
  }
  check_state(buf_, ps, "SGD");
  for (size_t i = 0; i < ps.size(); ++i) {
    Mat& w = *ps[i].value;
    Mat g = *ps[i].grad;  // (same as w)
    if (weight_decay != 0) g += weight_decay * w;
    if (momentum != 0) {
      if (!started_) buf_[i] = g;
      else buf_[i] = momentum * buf_[i] + (1 - dampening) * g;
      if (nesterov) g += momentum * buf_[i];
      else g = buf_[i];
    }
    w -= lr * g;
  }
  started_ = true;
}

Adam::Adam(float lr_, float b1, float b2, float e, float wd, bool dec)
    : beta1(b1), beta2(b2), eps(e), weight_decay(wd), decoupled(dec) {
  lr = lr_;
}

void Adam::step(ParamList& ps) {
  if (m_.empty()) {
    for (const auto& p : ps) {
      m_.push_back(Mat::Zero(p.value->rows(), p.value->cols()));
      v_.push_back(Mat::Zero(p.value->rows(), p.value->cols()));
    }
  }
  check_state(m_, ps, name());
  ++t;
  // Bias corrections in double, as torch computes them in Python floats.
  const double bc1 = 1.0 - std::pow(static_cast<double>(beta1), t);
  const double bc2 = 1.0 - std::pow(static_cast<double>(beta2), t);
  const float step_size = static_cast<float>(lr / bc1);
  const float bc2_sqrt = static_cast<float>(std::sqrt(bc2));
  const float b1 = beta1, b2 = beta2;
  for (size_t i = 0; i < ps.size(); ++i) {
    // One fused pass per tensor, in torch's operation order (no temporaries: 15M-parameter
    // models step in tens of milliseconds).
    float* w = ps[i].value->data();
    const float* gp = ps[i].grad->data();
    float* m = m_[i].data();
    float* v = v_[i].data();
    const float wd = ps[i].decay ? weight_decay : 0.0f;
    const float keep = 1.0f - lr * wd;  // decoupled decay factor
    const Eigen::Index n = ps[i].value->size();
    for (Eigen::Index j = 0; j < n; ++j) {
      float g = gp[j];
      if (wd != 0) {
        if (decoupled) w[j] *= keep;
        else g += wd * w[j];
      }
      m[j] = m[j] * b1 + g * (1 - b1);
      v[j] = v[j] * b2 + (1 - b2) * g * g;
      const float denom = std::sqrt(v[j]) / bc2_sqrt + eps;
      w[j] -= step_size * m[j] / denom;
    }
  }
}

}  // namespace tmx
