// Softmax with temperature over the last axis, numerically stable (max subtracted).
#pragma once
#include "core/tensor.h"

namespace tmx {

// probs = softmax(logits / temperature), row by row.  logits, probs: (T, V)
// temperature must be > 0; callers clamp user input first (see clamp_temperature).
void softmax_forward(Mat& probs, const Mat& logits, float temperature = 1.0f);

// dlogits += d softmax(logits / temperature) / d logits applied to dprobs.  all (T, V)
void softmax_backward(Mat& dlogits, const Mat& dprobs, const Mat& probs, float temperature = 1.0f);

// The same in double (finite-difference gradient checks of the ops built on softmax).
void softmax_forward(MatD& probs, const MatD& logits, double temperature = 1.0);
void softmax_backward(MatD& dlogits, const MatD& dprobs, const MatD& probs, double temperature = 1.0);

// Shannon entropy in nats of each row of probs.  (T, V) -> (T)
Vec entropy(const Mat& probs);

// Temperatures users can type include 0, negatives, NaN and 1e30: map them into [lo, hi].
float clamp_temperature(float t, float lo = 0.01f, float hi = 100.0f);

}  // namespace tmx
