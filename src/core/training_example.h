// The training chapter's worked numbers (content/en/notes/12-training.md), from the core's
// optimizers, learning-rate schedule, gradient clipping, half-precision converters and a shipped
// model's recorded log. One home: `tmx note-tables` prints these rows and
// tests/core/test_note_examples.cpp checks the chapter against them.
#pragma once
#include <string>
#include <vector>

namespace tmx {

struct ExampleRow {
  std::string label;
  std::vector<double> values;
};

// One scalar parameter w0 = 1 on the loss 0.05 w^2 (gradient 0.1 w), lr 0.1: w after steps
// kOptimizerSteps of SGD, SGD with momentum 0.9, Adam, Adam with L2 0.1 in the gradient, and AdamW
// with decoupled weight decay 0.1 (betas 0.9, 0.999).
inline constexpr int kOptimizerSteps[] = {1, 2, 3, 10, 50};
std::vector<ExampleRow> optimizer_example();

// kjv-gpt's schedule (warmup 40, 1200 steps, peak 3e-3, floor 3e-4): the learning rate at steps.
inline constexpr int kScheduleSteps[] = {0, 10, 20, 39, 40, 300, 600, 900, 1199};
std::vector<ExampleRow> schedule_example();  // values: {lr * 1000}

// Global-norm clipping to 1 of two gradients (3, 4) and (0.3, 0.4): g1, g2, |g|, clipped g1, g2.
std::vector<ExampleRow> clipping_example();

// Values rounded to fp16 and bf16 (the core's bit-exact converters), as a ratio to the value:
// fp16(x) / x, bf16(x) / x (0 = flushed to zero, inf = overflow). The last row is 1e-8 scaled
// by the initial loss scale 65536 before the rounding.
std::vector<ExampleRow> precision_example();

// The formats fp32, fp16, bf16, from the converters' own extremes: exponent bits, mantissa bits,
// log2 of the largest finite value, of the smallest normal value and of the machine epsilon.
std::vector<ExampleRow> formats_example();

// A shipped model's recorded training (assets/models/NAME/train_log.jsonl): the logged rows at
// the given steps: loss, validation loss (NaN when not evaluated at that step), lr * 1000.
std::vector<ExampleRow> log_rows(const std::string& model_dir, const std::vector<int>& steps);

// The objective in three units for kjv-gpt: a uniform guess over its vocabulary, its first logged
// step, the bigram baseline and its final held-out loss: nats/token, perplexity, bits/token,
// bits/character (characters per token measured on the held-out text the final loss used).
// val_text: the held-out text (kjv.val.txt).
std::vector<ExampleRow> objective_example(const std::string& model_dir, const std::string& val_text);

}  // namespace tmx
