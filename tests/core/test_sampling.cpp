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

TEST_CASE("sampling_breakdown: its final distribution is sampling_probs and sample_token stays in its support",
          "[core][sampling]") {
  Rng init(9);
  std::vector<float> logits(80);
  for (float& l : logits) l = init.normal() * 2.5f;
  logits[7] = logits[3];  // a tie: the lower id sorts first
  const SamplerConfig cfgs[] = {{1.0f, 0, 1.0f}, {0.6f, 12, 1.0f}, {1.4f, 0, 0.7f}, {0.9f, 20, 0.5f},
                                {2.0f, 3, 0.99f}, {1.0f, 500, 1.0f}, {0.0f, 5, 0.5f}};
  for (const SamplerConfig& c : cfgs) {
    INFO("T=" << c.temperature << " k=" << c.top_k << " p=" << c.top_p);
    const SamplingBreakdown b = sampling_breakdown(logits.data(), 80, c);
    const std::vector<float> p = sampling_probs(logits.data(), 80, c);
    REQUIRE(b.rows.size() == 80);
    // the same distribution, exactly, and the support is rows[0 .. kept)
    double final_sum = 0, temp_sum = 0, raw_sum = 0;
    for (int i = 0; i < 80; ++i) {
      const SamplingRow& r = b.rows[i];
      CHECK(r.logit == logits[r.id]);
      CHECK(p[r.id] == r.p_final);
      CHECK(r.in_top_p == (i < b.kept));
      CHECK(r.in_top_k == (i < b.kept_top_k));
      CHECK((!r.in_top_p || r.in_top_k));
      CHECK((r.p_final > 0) == r.in_top_p);
      if (i > 0) CHECK(r.logit <= b.rows[i - 1].logit);
      if (i > 0 && r.logit == b.rows[i - 1].logit) CHECK(r.id > b.rows[i - 1].id);
      final_sum += r.p_final;
      temp_sum += r.p_temp;
      raw_sum += r.p_raw;
    }
    CHECK(final_sum == Approx(1).margin(1e-5));
    CHECK(temp_sum == Approx(1).margin(1e-9));
    CHECK(raw_sum == Approx(1).margin(1e-9));
    // the support agrees with the independent reference nucleus above
    if (c.temperature > 0) {
      const std::vector<int> ref = nucleus(logits, c.temperature, c.top_k, c.top_p);
      CHECK(static_cast<int>(ref.size()) == b.kept);
    }
    // renormalisation: kept tokens keep their ratios under softmax(z / T)
    for (int i = 1; i < b.kept; ++i)
      CHECK(b.rows[i].p_final / b.rows[0].p_final == Approx(b.rows[i].p_temp / b.rows[0].p_temp).epsilon(1e-5));
    double mass = 0;
    for (int i = 0; i < b.kept; ++i) mass += b.rows[i].p_temp;
    CHECK(b.mass_kept == Approx(mass));
    if (c.temperature > 0) CHECK(b.rows[b.kept - 1].p_final == Approx(b.rows[b.kept - 1].p_temp / b.mass_kept).epsilon(1e-5));
    // top-p: the last kept token is the first whose cumulative mass reaches top_p
    if (c.top_p < 1.0f && c.temperature > 0) {
      CHECK((b.kept == b.kept_top_k || b.rows[b.kept - 1].cum >= c.top_p));
      if (b.kept > 1) CHECK(b.rows[b.kept - 2].cum < c.top_p);
    }
    // a seeded sample_token never draws outside the support
    Rng rng(21);
    for (int i = 0; i < 5000; ++i) {
      const int t = sample_token(logits.data(), 80, c, rng);
      REQUIRE(p[t] > 0);
    }
  }
}

TEST_CASE("sampling_breakdown: entropy grows with temperature, T -> 0 is greedy, bits are nats / ln 2", "[core][sampling]") {
  Rng init(4);
  std::vector<float> logits(60);
  for (float& l : logits) l = init.normal() * 3.0f;
  const int argmax = int(std::max_element(logits.begin(), logits.end()) - logits.begin());
  double prev = -1;
  for (float t : {0.05f, 0.2f, 0.5f, 0.8f, 1.0f, 1.5f, 2.0f, 4.0f, 10.0f}) {
    const SamplingBreakdown b = sampling_breakdown(logits.data(), 60, {t, 0, 1.0f});
    CHECK(b.entropy_temp > prev);
    prev = b.entropy_temp;
    CHECK(b.entropy_temp <= std::log(60.0) + 1e-6);
    CHECK(b.entropy_final == Approx(b.entropy_temp).margin(1e-5));  // nothing cut
    CHECK(b.mass_kept == Approx(1).margin(1e-9));
  }
  CHECK(prev > 0.95 * std::log(60.0));  // T = 10: nearly uniform
  // T = 1 leaves softmax as it is
  const SamplingBreakdown one = sampling_breakdown(logits.data(), 60, {1.0f, 0, 1.0f});
  CHECK(one.entropy_temp == Approx(one.entropy_raw).margin(1e-6));
  CHECK(SamplingBreakdown::bits(std::log(8.0)) == Approx(3.0));
  // T -> 0: the distribution approaches the greedy one-hot; T = 0 is greedy
  const SamplingBreakdown cold = sampling_breakdown(logits.data(), 60, {0.01f, 0, 1.0f});
  CHECK(cold.rows[0].id == argmax);
  CHECK(cold.rows[0].p_final > 0.999f);
  CHECK(cold.entropy_temp < 0.01);
  const SamplingBreakdown greedy = sampling_breakdown(logits.data(), 60, {0.0f, 0, 1.0f});
  CHECK(greedy.kept == 1);
  CHECK(greedy.rows[0].id == argmax);
  CHECK(greedy.rows[0].p_final == 1.0f);
  CHECK(greedy.entropy_final == 0.0);
  // cutting with top-k lowers the entropy of what is sampled and keeps less than all the mass
  const SamplingBreakdown cut = sampling_breakdown(logits.data(), 60, {1.0f, 5, 1.0f});
  CHECK(cut.entropy_final < cut.entropy_temp);
  CHECK(cut.mass_kept < 1.0);
  CHECK(cut.kept == 5);
  CHECK_THROWS_AS(sampling_breakdown(logits.data(), 0, {}), Error);
}
