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

// Every step of sampling_probs for one logits vector, per token, for teaching (the sampling
// widget, scene and chapter). sampling_probs() is computed from it, so `p_final` is exactly the
// distribution sample_token() draws from.
struct SamplingRow {
  int id = 0;
  float logit = 0;
  double p_raw = 0;   // softmax(logits), temperature 1, over the whole vocabulary
  double p_temp = 0;  // softmax(logits / T) over the whole vocabulary (greedy: one-hot at the argmax)
  bool in_top_k = false;
  double cum = 0;     // cumulative mass in sorted order of the top-k renormalised distribution
                      // (what top-p compares with top_p); 0 outside the top k
  bool in_top_p = false;  // kept by top-p (implies in_top_k); the final support
  float p_final = 0;  // renormalised over the kept tokens: sampling_probs()[id]
};
struct SamplingBreakdown {
  SamplerConfig cfg;
  std::vector<SamplingRow> rows;  // the whole vocabulary, most likely first (ties: lower id first)
  int kept_top_k = 0;             // tokens left after top-k
  int kept = 0;                   // tokens left after top-p: the support, rows[0 .. kept)
  double mass_kept = 0;           // sum of p_temp over the support (how much of softmax(z/T) survives)
  double entropy_raw = 0;         // nats, of p_raw
  double entropy_temp = 0;        // nats, of p_temp
  double entropy_final = 0;       // nats, of p_final
  static double bits(double nats);  // nats / ln 2
};
SamplingBreakdown sampling_breakdown(const float* logits, int vocab, const SamplerConfig& cfg);

int sample_token(const float* logits, int vocab, const SamplerConfig& cfg, Rng& rng);

// generate() one token at a time, for callers that spread the work over frames (the Generate
// widget): the same model calls and the same random draws in the same order, so the tokens equal
// generate()'s for the same seed (generate() is written with it).
//
//   Generation g(model, prompt, cfg, seed);
//   while (g.prefill_step()) {}          // one prompt token per call
//   int id = g.next();                   // samples from logits(), feeds it back (-1: context full)
class Generation {
 public:
  Generation(LanguageModel& model, std::vector<int> prompt, const SamplerConfig& cfg, uint32_t seed);
  bool prefill_step();                 // feeds the next prompt token; false once all are in
  bool prefilled() const { return fed_ >= prompt_.size(); }
  // Samples the next token, appends it and (when feed) steps the model on it so logits() is the
  // distribution after it. Once prompt + tokens reach max_positions() the context is full and
  // further calls return -1 without sampling.
  int next(bool feed = true);
  bool full() const { return full_; }
  const RowVec& logits() const { return logits_; }  // next-token logits (1 x vocab) once prefilled
  const std::vector<int>& prompt() const { return prompt_; }
  const std::vector<int>& tokens() const { return out_; }  // generated so far
  const SamplerConfig& config() const { return cfg_; }

 private:
  LanguageModel& model_;
  std::vector<int> prompt_, out_;
  SamplerConfig cfg_;
  Rng rng_;
  RowVec logits_;
  size_t fed_ = 0;
  bool full_ = false;
};

// Feeds prompt through model.step() and appends n sampled tokens (uses the KV cache / state).
// Returns only the new tokens. Stops early at max_positions().
std::vector<int> generate(LanguageModel& model, const std::vector<int>& prompt, int n, const SamplerConfig& cfg,
                          uint32_t seed);

// generate() without the KV cache: every new token re-runs model.forward() over the whole sequence
// so far and samples from its last row (the same draws in the same order, so the tokens equal
// generate()'s up to float rounding of the logits). What the cache saves: model_size.h's
// decode_cost counts both. Stops early at max_positions().
std::vector<int> generate_uncached(LanguageModel& model, const std::vector<int>& prompt, int n,
                                   const SamplerConfig& cfg, uint32_t seed);

}  // namespace tmx
