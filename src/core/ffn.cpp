#include "core/ffn.h"

#include <cmath>
#include <string>

#include "core/error.h"
#include "core/rng.h"

namespace tmx {

int64_t ffn_params(int64_t d_model, int64_t d_ff, bool gated, bool bias) {
  if (d_model < 1 || d_ff < 1) throw Error("ffn_params: widths must be positive");
  const int64_t mats = gated ? 3 : 2;
  return mats * d_model * d_ff + (bias ? (gated ? 2 * d_ff : d_ff) + d_model : 0);
}

int64_t ffn_flops_per_token(int64_t d_model, int64_t d_ff, bool gated) {
  return 2 * ffn_params(d_model, d_ff, gated, false);
}

int64_t swiglu_hidden(int64_t d_model, int64_t multiple_of, int ratio) {
  if (d_model < 1 || multiple_of < 1 || ratio < 1) throw Error("swiglu_hidden: widths must be positive");
  const int64_t h = 2 * (ratio * d_model) / 3;  // int() of a positive number = floor
  return ((h + multiple_of - 1) / multiple_of) * multiple_of;
}

std::string format_count(int64_t v) {
  const std::string s = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return v < 0 ? "-" + out : out;
}

static void require_shape(const Mat& m, Eigen::Index r, Eigen::Index c, const char* name) {
  if (m.rows() != r || m.cols() != c)
    throw Error(std::string("ffn: ") + name + " is " + std::to_string(m.rows()) + "x" + std::to_string(m.cols()) +
                ", expected " + std::to_string(r) + "x" + std::to_string(c));
}

FfnTrace ffn_forward_token(const Mat& x, const FfnWeights& w, Act act, bool gated) {
  const Eigen::Index C = x.cols(), F = w.w1.rows();
  if (x.rows() != 1 || C < 1 || F < 1) throw Error("ffn: expects one token (1 x C) and F >= 1");
  require_shape(w.w1, F, C, "W1");
  require_shape(w.w2, C, F, "W2");
  if (gated) {
    if (act != Act::SiLU) throw Error("ffn: the gated (SwiGLU) block uses SiLU");
    if (w.b1.size() || w.b2.size()) throw Error("ffn: the gated block has no biases");
    require_shape(w.w_up, F, C, "W_up");
  } else {
    if (w.b1.size()) require_shape(w.b1, 1, F, "b1");
    if (w.b2.size()) require_shape(w.b2, 1, C, "b2");
  }
  FfnTrace t;
  t.x = x;
  linear_forward(t.pre, x, w.w1, w.b1.size() ? &w.b1 : nullptr);
  if (gated) {
    linear_forward(t.up, x, w.w_up, nullptr);
    swiglu_forward(t.hidden, t.pre, t.up);
  } else {
    act_forward(t.hidden, t.pre, act);
  }
  linear_forward(t.out, t.hidden, w.w2, w.b2.size() ? &w.b2 : nullptr);
  return t;
}

FfnWeights ffn_random_weights(int d_model, int d_ff, bool gated, uint32_t seed) {
  if (d_model < 1 || d_ff < 1) throw Error("ffn_random_weights: widths must be positive");
  Rng rng(seed);
  auto fill = [&rng](Mat& m, int rows, int cols) {
    const float sd = 1.0f / std::sqrt(static_cast<float>(cols));
    m.resize(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = rng.normal(0.0f, sd);
  };
  FfnWeights w;
  fill(w.w1, d_ff, d_model);
  if (gated) fill(w.w_up, d_ff, d_model);
  fill(w.w2, d_model, d_ff);
  if (!gated) {
    w.b1 = Mat::Zero(1, d_ff);
    w.b2 = Mat::Zero(1, d_model);
  }
  return w;
}

void ffn_example(Mat& x, FfnWeights& w) {
  x.resize(1, 2);
  x << 1.0f, -0.5f;
  w = FfnWeights();
  w.w1.resize(4, 2);
  w.w1 << 1.0f, 0.0f,
          0.0f, 1.0f,
          1.0f, 1.0f,
         -1.0f, 1.0f;
  w.b1.resize(1, 4);
  w.b1 << 0.0f, 0.0f, 0.0f, 0.5f;
  w.w2.resize(2, 4);
  w.w2 << 1.0f, 0.0f, 1.0f, -1.0f,
          0.0f, 1.0f, -1.0f, 1.0f;
  w.b2 = Mat::Zero(1, 2);
}

}  // namespace tmx
