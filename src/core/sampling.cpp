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

std::vector<int> generate(LanguageModel& model, const std::vector<int>& prompt, int n, const SamplerConfig& cfg,
                          uint32_t seed) {
  if (prompt.empty()) throw Error("generate: the prompt needs at least one token");
  if (n < 0) throw Error("generate: negative token count");
  Rng rng(seed);
  model.reset_state();
  RowVec logits;  // (vocab)
  for (int id : prompt) logits = model.step(id);
  std::vector<int> out;
  const int maxp = model.max_positions();
  for (int i = 0; i < n; ++i) {
    const int id = sample_token(logits.data(), static_cast<int>(logits.size()), cfg, rng);
    out.push_back(id);
    if (i + 1 == n || (maxp > 0 && static_cast<int>(prompt.size() + out.size()) >= maxp)) break;
    logits = model.step(id);
  }
  return out;
}

}  // namespace tmx
