// Sampling: greedy, temperature, top-k, top-p; seeded and reproducible; never outside the support.
#include <catch2/catch.hpp>
#include <algorithm>
#include <numeric>

#include "core/error.h"
#include "core/model_loader.h"
#include "core/sampling.h"
#include "golden_util.h"

using namespace tmx;

TEST_CASE("Rng is std::mt19937 underneath and its distributions are portable", "[core][rng]") {
  Rng r(5489);  // the standard's default seed: the 10000th output is fixed by [rand.predef]
  uint32_t x = 0;
  for (int i = 0; i < 10000; ++i) x = r.next_u32();
  CHECK(x == 4123659995u);
  Rng a(42), b(42);
  double mean = 0, var = 0;
  for (int i = 0; i < 20000; ++i) {
    const float n = a.normal();
    CHECK(n == b.normal());
    mean += n;
    var += double(n) * n;
  }
  CHECK(mean / 20000 == Approx(0).margin(0.03));
  CHECK(var / 20000 == Approx(1).epsilon(0.05));
  for (int i = 0; i < 1000; ++i) {
    const float u = a.uniform();
    CHECK((u >= 0.0f && u < 1.0f));
    CHECK(a.below(7) < 7u);
  }
}

// Reference nucleus computed here, independently: softmax in double, sort, cumulative mass.
static std::vector<int> nucleus(const std::vector<float>& logits, float temp, int top_k, float top_p) {
  std::vector<int> order(logits.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return logits[a] > logits[b]; });
  if (top_k > 0) order.resize(std::min<size_t>(order.size(), top_k));
  std::vector<double> e;
  double z = 0;
  for (int i : order) z += e.emplace_back(std::exp((logits[i] - logits[order[0]]) / temp));
  double cum = 0;
  size_t n = 0;
  while (n < order.size() && cum < top_p - 1e-12) cum += e[n++] / z;
  order.resize(std::max<size_t>(n, 1));
  return order;
}

TEST_CASE("sampling never leaves the top-k / top-p support and follows the probabilities", "[core][sampling]") {
  Rng init(3);
  std::vector<float> logits(50);
  for (float& l : logits) l = init.normal() * 2.0f;
  const SamplerConfig cfgs[] = {{1.0f, 5, 1.0f}, {0.7f, 0, 0.6f}, {1.3f, 10, 0.8f}, {1.0f, 0, 1.0f}};
  for (const SamplerConfig& c : cfgs) {
    INFO("T=" << c.temperature << " k=" << c.top_k << " p=" << c.top_p);
    const std::vector<int> support = nucleus(logits, c.temperature, c.top_k, c.top_p);
    const std::vector<float> p = sampling_probs(logits.data(), 50, c);
    std::vector<int> counts(50, 0);
    Rng rng(11);
    const int N = 20000;
    for (int i = 0; i < N; ++i) {
      const int t = sample_token(logits.data(), 50, c, rng);
      REQUIRE(std::find(support.begin(), support.end(), t) != support.end());
      ++counts[t];
    }
    for (int t = 0; t < 50; ++t) {
      const bool in = std::find(support.begin(), support.end(), t) != support.end();
      CHECK((p[t] > 0) == in);
      CHECK(counts[t] / double(N) == Approx(p[t]).margin(0.015));
    }
  }
  // greedy: temperature 0 is argmax; a tiny top_p keeps only the argmax too
  const int argmax = int(std::max_element(logits.begin(), logits.end()) - logits.begin());
  Rng rng(1);
  CHECK(sample_token(logits.data(), 50, {0.0f, 0, 1.0f}, rng) == argmax);
  CHECK(sample_token(logits.data(), 50, {1.0f, 0, 1e-6f}, rng) == argmax);
  CHECK(sample_token(logits.data(), 50, {1.0f, 1, 1.0f}, rng) == argmax);
}

TEST_CASE("generation is reproducible for a seed and greedy equals argmax of the full forward",
          "[core][sampling][gpt]") {
  auto m = load_model(test::golden("transformer/gpt2"));
  const SamplerConfig c{0.9f, 5, 0.9f};
  const std::vector<int> a = generate(*m, {1, 2}, 10, c, 123), b = generate(*m, {1, 2}, 10, c, 123);
  CHECK(a == b);
  CHECK(a.size() == 10);
  bool differs = false;
  for (uint32_t s = 0; s < 10 && !differs; ++s) differs = generate(*m, {1, 2}, 10, c, s) != a;
  CHECK(differs);
  // greedy decoding with the KV cache equals re-running the full forward each time
  std::vector<int> ctx = {1, 2};
  const std::vector<int> g = generate(*m, ctx, 6, {0.0f, 0, 1.0f}, 0);
  for (int id : g) {
    const Mat logits = m->forward(ctx);
    Eigen::Index arg;
    logits.row(logits.rows() - 1).maxCoeff(&arg);
    CHECK(id == arg);
    ctx.push_back(id);
  }
  // stops at the context length (n_positions = 16)
  CHECK(generate(*m, {1, 2}, 100, c, 1).size() == 14);
}

TEST_CASE("Generation, token by token, gives generate()'s tokens and its logits are the model's", "[core][sampling]") {
  auto m = load_model(test::golden("transformer/gpt2"));
  for (const SamplerConfig c : {SamplerConfig{1.0f, 0, 1.0f}, SamplerConfig{0.7f, 5, 0.9f}, SamplerConfig{0.0f, 0, 1.0f}}) {
    const std::vector<int> want = generate(*m, {3, 1, 4}, 9, c, 77);
    Generation g(*m, {3, 1, 4}, c, 77);
    while (g.prefill_step()) {
    }
    std::vector<int> got;
    for (int i = 0; i < 9; ++i) {
      // The logits it samples from equal the last row of a full forward over the same tokens.
      std::vector<int> ctx = g.prompt();
      ctx.insert(ctx.end(), g.tokens().begin(), g.tokens().end());
      const Mat full = m->forward(ctx);
      for (int v = 0; v < full.cols(); ++v) CHECK(g.logits()(0, v) == Approx(full(full.rows() - 1, v)).margin(1e-4));
      got.push_back(g.next());
    }
    CHECK(got == want);
  }
  CHECK_THROWS_AS(Generation(*m, {}, SamplerConfig{}, 1), Error);
}
