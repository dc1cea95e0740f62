#include "core/sampling.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.h"
#include "core/language_model.h"

namespace tmx {

std::vector<float> sampling_probs(const float* logits, int vocab, const SamplerConfig& cfg) {
  if (vocab <= 0) throw Error("sampling: empty vocabulary");
  std::vector<float> p(vocab, 0.0f);
  if (!(cfg.temperature > 0)) {  // greedy (also catches NaN)
    p[std::max_element(logits, logits + vocab) - logits] = 1.0f;
    return p;
  }
  // Sorted order, most likely first (stable: ties keep the lower id first).
  std::vector<int> order(vocab);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return logits[a] > logits[b]; });
  int keep = vocab;
  if (cfg.top_k > 0) keep = std::min(keep, cfg.top_k);

  // softmax(logits / T) over the kept ids, in double for a stable cumulative sum
  const double mx = logits[order[0]];
  std::vector<double> e(keep);
  double z = 0;
  for (int i = 0; i < keep; ++i) z += (e[i] = std::exp((logits[order[i]] - mx) / cfg.temperature));
  if (cfg.top_p < 1.0f) {
    double cum = 0;
    int n = 0;
    while (n < keep) {
      cum += e[n] / z;
      ++n;
      if (cum >= cfg.top_p) break;
    }
    keep = std::max(n, 1);
    z = 0;
    for (int i = 0; i < keep; ++i) z += e[i];
  }
  for (int i = 0; i < keep; ++i) p[order[i]] = static_cast<float>(e[i] / z);
  return p;
}

int sample_token(const float* logits, int vocab, const SamplerConfig& cfg, Rng& rng) {
  const std::vector<float> p = sampling_probs(logits, vocab, cfg);
  const float u = rng.uniform();
  float cum = 0;
  int last = -1;
  for (int i = 0; i < vocab; ++i) {
    if (p[i] <= 0) continue;
    cum += p[i];
    last = i;
    if (u < cum) return i;
  }
  return last;  // rounding left u >= total mass: the last token of the support
}

Generation::Generation(LanguageModel& model, std::vector<int> prompt, const SamplerConfig& cfg, uint32_t seed)
    : model_(model), prompt_(std::move(prompt)), cfg_(cfg), rng_(seed) {
  if (prompt_.empty()) throw Error("generate: the prompt needs at least one token");
  model_.reset_state();
}

bool Generation::prefill_step() {
  if (fed_ >= prompt_.size()) return false;
  logits_ = model_.step(prompt_[fed_++]);
  return fed_ < prompt_.size();
}

int Generation::next(bool feed) {
  while (prefill_step()) {
  }
  const int maxp = model_.max_positions();
  if (full_) return -1;
  const int id = sample_token(logits_.data(), static_cast<int>(logits_.size()), cfg_, rng_);
  out_.push_back(id);
  if (maxp > 0 && static_cast<int>(prompt_.size() + out_.size()) >= maxp) full_ = true;
  else if (feed) logits_ = model_.step(id);
  return id;
}

std::vector<int> generate(LanguageModel& model, const std::vector<int>& prompt, int n, const SamplerConfig& cfg,
                          uint32_t seed) {
  if (n < 0) throw Error("generate: negative token count");
  Generation g(model, prompt, cfg, seed);
  for (int i = 0; i < n && !g.full(); ++i) g.next(/*feed=*/i + 1 < n);
  return g.tokens();
}

}  // namespace tmx
