#include "core/sampling.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.h"
#include "core/language_model.h"
#include "core/softmax.h"

namespace tmx {

double SamplingBreakdown::bits(double nats) { return nats / std::log(2.0); }

SamplingBreakdown sampling_breakdown(const float* logits, int vocab, const SamplerConfig& cfg) {
  if (vocab <= 0) throw Error("sampling: empty vocabulary");
  SamplingBreakdown b;
  b.cfg = cfg;
  // Sorted order, most likely first (stable: ties keep the lower id first, so order[0] is the
  // argmax std::max_element finds).
  std::vector<int> order(vocab);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return logits[a] > logits[b]; });
  b.rows.resize(vocab);
  const double mx = logits[order[0]];
  const bool greedy = !(cfg.temperature > 0);  // also catches NaN
  double z1 = 0, zt = 0;
  for (int i = 0; i < vocab; ++i) {
    SamplingRow& r = b.rows[i];
    r.id = order[i];
    r.logit = logits[r.id];
    z1 += (r.p_raw = std::exp(r.logit - mx));
    if (!greedy) zt += (r.p_temp = std::exp((r.logit - mx) / cfg.temperature));
  }
  for (auto& r : b.rows) r.p_raw /= z1;
  if (greedy) {
    b.rows[0].p_temp = 1.0;
    b.kept_top_k = b.kept = 1;
    b.rows[0].in_top_k = b.rows[0].in_top_p = true;
    b.rows[0].cum = 1.0;
    b.rows[0].p_final = 1.0f;
  } else {
    for (auto& r : b.rows) r.p_temp /= zt;
    int keep = vocab;
    if (cfg.top_k > 0) keep = std::min(keep, cfg.top_k);
    b.kept_top_k = keep;
    // softmax(logits / T) over the kept ids, in double for a stable cumulative sum
    std::vector<double> e(keep);
    double z = 0;
    for (int i = 0; i < keep; ++i) z += (e[i] = std::exp((b.rows[i].logit - mx) / cfg.temperature));
    double cum = 0;
    for (int i = 0; i < keep; ++i) {
      b.rows[i].in_top_k = true;
      b.rows[i].cum = (cum += e[i] / z);
    }
    if (cfg.top_p < 1.0f) {
      int n = 0;
      while (n < keep) {
        if (b.rows[n++].cum >= cfg.top_p) break;
      }
      keep = std::max(n, 1);
      z = 0;
      for (int i = 0; i < keep; ++i) z += e[i];
    }
    b.kept = keep;
    for (int i = 0; i < keep; ++i) {
      b.rows[i].in_top_p = true;
      b.rows[i].p_final = static_cast<float>(e[i] / z);
    }
  }
  Mat pr(3, vocab);
  for (int i = 0; i < vocab; ++i) {
    const SamplingRow& r = b.rows[i];
    pr(0, i) = static_cast<float>(r.p_raw);
    pr(1, i) = static_cast<float>(r.p_temp);
    pr(2, i) = r.p_final;
    if (r.in_top_p) b.mass_kept += r.p_temp;
  }
  const Vec h = entropy(pr);
  b.entropy_raw = h[0];
  b.entropy_temp = h[1];
  b.entropy_final = h[2];
  return b;
}

std::vector<float> sampling_probs(const float* logits, int vocab, const SamplerConfig& cfg) {
  const SamplingBreakdown b = sampling_breakdown(logits, vocab, cfg);
  std::vector<float> p(vocab, 0.0f);
  for (int i = 0; i < b.kept; ++i) p[b.rows[i].id] = b.rows[i].p_final;
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
  if (prompt_.empty()) throw Error(ErrorKind::EmptyInput, "", "generate: the prompt needs at least one token");
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

std::vector<int> generate_uncached(LanguageModel& model, const std::vector<int>& prompt, int n,
                                   const SamplerConfig& cfg, uint32_t seed) {
  if (n < 0) throw Error("generate: negative token count");
  if (prompt.empty()) throw Error(ErrorKind::EmptyInput, "", "generate: the prompt needs at least one token");
  Rng rng(seed);
  std::vector<int> ctx = prompt, out;
  const int maxp = model.max_positions();
  for (int i = 0; i < n; ++i) {
    if (maxp > 0 && static_cast<int>(ctx.size()) >= maxp) break;
    const Mat logits = model.forward(ctx);
    const RowVec last = logits.row(logits.rows() - 1);
    const int id = sample_token(last.data(), static_cast<int>(last.size()), cfg, rng);
    out.push_back(id);
    ctx.push_back(id);
  }
  return out;
}

}  // namespace tmx
