// Generation with and without the KV cache, timed: core::generate (one new position per token)
// against core::generate_uncached (the whole prefix again for every token), greedy, on the shipped
// kjv-gpt and on a wider random GPT, beside the positions and FLOPs core::decode_cost counts for the
// same run (the sampling chapter's table). Native only, not a test.
//
//   build/native/bench_kv_decode [--repeats 5]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/model_loader.h"
#include "core/model_size.h"
#include "core/models/gpt.h"
#include "core/sampling.h"

using namespace tmx;
using Clock = std::chrono::steady_clock;

template <class F>
static double median_ms(int repeats, F&& f) {
  std::vector<double> t;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = Clock::now();
    f();
    t.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

static void row(const char* name, LanguageModel& m, const DecoderShape& s, int prompt, int n, int repeats) {
  std::vector<int> ids;
  for (int i = 0; i < prompt; ++i) ids.push_back((i * 37 + 11) % m.vocab_size());
  const SamplerConfig greedy{0.0f, 0, 1.0f};
  std::vector<int> a, b;
  const double with = median_ms(repeats, [&] { a = generate(m, ids, n, greedy, 1); });
  const double without = median_ms(repeats, [&] { b = generate_uncached(m, ids, n, greedy, 1); });
  const DecodeCost c = decode_cost(s, prompt, n);
  std::printf("%-22s %6d %6d %9.2f %11.2f %7.1fx %8lld %10lld %7.1fx %s\n", name, prompt, n, with, without, without / with,
              static_cast<long long>(c.positions_cached), static_cast<long long>(c.positions_uncached), c.ratio(),
              a == b ? "same tokens" : "TOKENS DIFFER");
}

int main(int argc, char** argv) {
  int repeats = 5;
  for (int i = 1; i + 1 < argc; ++i)
    if (!std::strcmp(argv[i], "--repeats")) repeats = std::max(1, std::atoi(argv[i + 1]));
  std::printf("%-22s %6s %6s %9s %11s %8s %8s %10s %8s\n", "model", "prompt", "new", "cache ms", "no cache ms", "time",
              "pos", "pos (no)", "FLOPs");
  auto kjv = load_model(std::string(TMX_SOURCE_DIR) + "/assets/models/kjv-gpt");
  const DecoderShape ks = decoder_shape(dynamic_cast<GPT&>(*kjv).cfg);
  row("kjv-gpt", *kjv, ks, 16, 48, repeats);
  GPTConfig c;
  c.vocab_size = 512, c.n_positions = 512, c.n_embd = 256, c.n_head = 8, c.n_layer = 4;
  GPT wide(c, true, false);
  row("random GPT 256x4", wide, decoder_shape(c), 16, 240, repeats);
  return 0;
}
