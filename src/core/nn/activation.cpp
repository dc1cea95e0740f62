// Activations (ReLU, GELU tanh/erf, SiLU), SwiGLU, residual, dropout.
#include <cmath>

#include "core/error.h"
#include "core/nn/ops.h"

namespace tmx {

const char* act_name(Act a) {
  switch (a) {
    case Act::ReLU: return "relu";
    case Act::GELU_tanh: return "gelu_tanh";
    case Act::GELU_erf: return "gelu";
    case Act::SiLU: return "silu";
  }
  return "?";
}

static constexpr float kSqrt2OverPi = 0.7978845608028654f;
static constexpr float kInvSqrt2 = 0.7071067811865476f;
static constexpr float kInvSqrt2Pi = 0.3989422804014327f;

static inline float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

static inline float act_value(float x, Act a) {
  switch (a) {
    case Act::ReLU: return x > 0 ? x : 0.0f;
    case Act::GELU_tanh: return 0.5f * x * (1.0f + std::tanh(kSqrt2OverPi * (x + 0.044715f * x * x * x)));
    case Act::GELU_erf: return 0.5f * x * (1.0f + std::erf(x * kInvSqrt2));
    case Act::SiLU: return x * sigmoid(x);
  }
  return 0;
}

static inline float act_grad(float x, Act a) {
  switch (a) {
    case Act::ReLU: return x > 0 ? 1.0f : 0.0f;
    case Act::GELU_tanh: {
      const float u = kSqrt2OverPi * (x + 0.044715f * x * x * x);
      const float th = std::tanh(u);
      const float du = kSqrt2OverPi * (1.0f + 3.0f * 0.044715f * x * x);
      return 0.5f * (1.0f + th) + 0.5f * x * (1.0f - th * th) * du;
    }
    case Act::GELU_erf: return 0.5f * (1.0f + std::erf(x * kInvSqrt2)) + x * kInvSqrt2Pi * std::exp(-0.5f * x * x);
    case Act::SiLU: {
      const float s = sigmoid(x);
      return s * (1.0f + x * (1.0f - s));
    }
  }
  return 0;
}

void act_forward(Mat& y, const Mat& x, Act a) {
  y.resize(x.rows(), x.cols());  // same as x
  const float* xp = x.data();
  float* yp = y.data();
  for (Eigen::Index i = 0; i < x.size(); ++i) yp[i] = act_value(xp[i], a);
}

void act_backward(Mat& dx, const Mat& dy, const Mat& x, Act a) {
  grad_init(dx, x.rows(), x.cols());
  for (Eigen::Index i = 0; i < x.size(); ++i) dx.data()[i] += dy.data()[i] * act_grad(x.data()[i], a);
}

void swiglu_forward(Mat& h, const Mat& gate, const Mat& up) {
  h.resize(gate.rows(), gate.cols());  // (N, F)
  for (Eigen::Index i = 0; i < gate.size(); ++i) {
    const float g = gate.data()[i];
    h.data()[i] = g * sigmoid(g) * up.data()[i];
  }
}

void swiglu_backward(Mat& dgate, Mat& dup, const Mat& dh, const Mat& gate, const Mat& up) {
  grad_init(dgate, gate.rows(), gate.cols());
  grad_init(dup, up.rows(), up.cols());
  for (Eigen::Index i = 0; i < gate.size(); ++i) {
    const float g = gate.data()[i], s = sigmoid(g);
    dup.data()[i] += dh.data()[i] * g * s;
    dgate.data()[i] += dh.data()[i] * up.data()[i] * s * (1.0f + g * (1.0f - s));
  }
}

void residual_forward(Mat& out, const Mat& x, const Mat& branch) { out = x + branch; }

void residual_backward(Mat& dx, Mat& dbranch, const Mat& dout) {
  grad_init(dx, dout.rows(), dout.cols());
  grad_init(dbranch, dout.rows(), dout.cols());
  dx += dout;
  dbranch += dout;
}

void dropout_forward(Mat& y, Mat& mask, const Mat& x, float p, Rng& rng) {
  if (!(p >= 0.0f && p < 1.0f)) throw Error("dropout probability must be in [0, 1), got " + std::to_string(p));
  mask.resize(x.rows(), x.cols());  // same as x: 0 or 1/(1-p)
  const float keep_scale = 1.0f / (1.0f - p);
  for (Eigen::Index i = 0; i < x.size(); ++i) mask.data()[i] = (p > 0 && rng.uniform() < p) ? 0.0f : keep_scale;
  y = x.cwiseProduct(mask);
}

void dropout_backward(Mat& dx, const Mat& dy, const Mat& mask) {
  grad_init(dx, dy.rows(), dy.cols());
  dx += dy.cwiseProduct(mask);
}

}  // namespace tmx
