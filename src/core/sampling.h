// Choosing the next token from logits: greedy, temperature, top-k, top-p (nucleus), seeded.
//
// Order of operations (as in HF generate / nanoGPT): logits / temperature -> keep the top-k ->
// keep the smallest prefix of the sorted distribution whose mass reaches top_p -> renormalize ->
// draw with Rng::uniform(). temperature <= 0 means greedy (argmax, ties -> lowest id).
#pragma once
#include <cstdint>
#include <vector>

#include "core/rng.h"
#include "core/tensor.h"

namespace tmx {

class LanguageModel;

struct SamplerConfig {
  float temperature = 1.0f;  // <= 0: greedy
  int top_k = 0;             // 0: off; otherwise keep the k most likely tokens
  float top_p = 1.0f;        // 1: off; otherwise keep the smallest set with mass >= top_p
};

// The distribution actually sampled from (zeros outside the support). logits: (V)
std::vector<float> sampling_probs(const float* logits, int vocab, const SamplerConfig& cfg);

int sample_token(const float* logits, int vocab, const SamplerConfig& cfg, Rng& rng);

// Feeds prompt through model.step() and appends n sampled tokens (uses the KV cache / state).
// Returns only the new tokens. Stops early at max_positions().
std::vector<int> generate(LanguageModel& model, const std::vector<int>& prompt, int n, const SamplerConfig& cfg,
                          uint32_t seed);

}  // namespace tmx
