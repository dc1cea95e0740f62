// Per-token decode latency of the shipped kjv-mamba (recurrent state) against the shipped kjv-gpt
// (KV cache; about the same parameter count) at positions 16, 32, ..., 2048, with the bytes each
// one's decoding state holds there (core/decode_compare.h). kjv-gpt was trained on 64 positions: it
// runs as extend_context(kjv-gpt, 2048 + 16) — the same weights with the position table extended
// by repeating its last row — so the cost per token is kjv-gpt's; its text past 64 is untrained.
// Native here; bench/decode_wasm.sh builds this same file to WebAssembly and runs it under node.
// Not a test.
//
//   build/native/bench_mamba_decode [--max-pos 2048] [--repeats 5] [--models DIR] [--json 1]
//
// Latency at position p = the median step() time of tokens p..p+15, each the median over `repeats`
// runs; the runs alternate between the two models (gpt, mamba, gpt, mamba, ...) so a disturbance
// on the machine falls on both. Expected: Mamba flat (ratio at 2048 / at 16 near 1) — each step is
// O(1) in the position — while the GPT grows (attention reads the whole KV cache: 2·n_layer·p·C
// floats). `--json 1` prints, after the table, one line `json: {...}` with the positions and both
// models' µs/token there (bench/lib/decode_rounds.mjs collects these lines into
// assets/bench/decode-latency.json).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/decode_compare.h"
#include "core/model_loader.h"
#include "core/optim.h"

using namespace tmx;
using Clock = std::chrono::steady_clock;

static const int kWindow = 16;

// One run of model->step over positions 0..n-1 from a reset state: µs per position into `us`;
// held[p]: bytes the decoding state holds after the token at position p.
static void decode_run(LanguageModel& m, int n, std::vector<double>& us, std::vector<int64_t>& held) {
  us.assign(n, 0);
  held.assign(n, 0);
  volatile float sink = 0;
  m.reset_state();
  for (int p = 0; p < n; ++p) {
    const auto t0 = Clock::now();
    const RowVec logits = m.step((p * 7 + 3) % m.vocab_size());
    const auto t1 = Clock::now();
    sink = sink + logits[0];
    us[p] = std::chrono::duration<double, std::micro>(t1 - t0).count();
    held[p] = decode_memory(m).held;
  }
}

// Per-position latency (µs), the median over the runs.
static std::vector<double> median_profile(const std::vector<std::vector<double>>& runs) {
  std::vector<double> med(runs.at(0).size());
  for (size_t p = 0; p < med.size(); ++p) {
    std::vector<double> v;
    for (const auto& r : runs) v.push_back(r[p]);
    std::sort(v.begin(), v.end());
    med[p] = v[v.size() / 2];
  }
  return med;
}

// The median of the kWindow tokens from position p (robust to a token that lost the processor to
// another job; the widget shows its live times the same way).
static double at(const std::vector<double>& prof, int p) {
  std::vector<double> w(prof.begin() + p, prof.begin() + p + kWindow);
  std::nth_element(w.begin(), w.begin() + kWindow / 2, w.end());
  return w[kWindow / 2];
}

static int64_t count_except(ParamList ps, const std::vector<std::string>& skip) {
  int64_t n = 0;
  for (const Param& p : ps)
    if (std::find(skip.begin(), skip.end(), p.name) == skip.end()) n += p.value->size();
  return n;
}

int main(int argc, char** argv) {
  int max_pos = 2048, repeats = 5;
  bool json = false;
  std::string dir = std::string(TMX_SOURCE_DIR) + "/assets/models";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--max-pos")) max_pos = std::max(16, std::atoi(argv[i + 1]));
    if (!std::strcmp(argv[i], "--repeats")) repeats = std::max(1, std::atoi(argv[i + 1]));
    if (!std::strcmp(argv[i], "--models")) dir = argv[i + 1];
    if (!std::strcmp(argv[i], "--json")) json = std::atoi(argv[i + 1]) != 0;
  }
  auto mamba = load_model(dir + "/kjv-mamba");
  auto gpt_trained = load_model(dir + "/kjv-gpt");
  std::unique_ptr<LanguageModel> gpt_longer = extend_context(*gpt_trained, max_pos + kWindow);
  LanguageModel& gpt = gpt_longer ? *gpt_longer : *gpt_trained;
  std::printf("kjv-mamba: %lld non-embedding params; kjv-gpt: %lld (trained on %d positions, run to %d with its "
              "position table extended)\n",
              (long long)count_except(mamba->params(), {"backbone.embedding.weight"}),
              (long long)count_except(gpt.params(), {"transformer.wte.weight", "transformer.wpe.weight"}),
              gpt_trained->max_positions(), gpt.max_positions());

  std::vector<int> positions;
  for (int p = 16; p <= max_pos; p *= 2) positions.push_back(p);
  std::vector<int64_t> mh, gh;
  std::vector<std::vector<double>> gruns(repeats), mruns(repeats);
  for (int r = 0; r < repeats; ++r) {  // interleaved: one run of each model per round
    decode_run(gpt, max_pos + kWindow, gruns[r], gh);
    decode_run(*mamba, max_pos + kWindow, mruns[r], mh);
  }
  const std::vector<double> gp = median_profile(gruns), mp = median_profile(mruns);

  std::printf("\n| position | kjv-gpt µs/token | kjv-gpt KV cache bytes (p tokens) | kjv-mamba µs/token | kjv-mamba state bytes (p tokens) |\n");
  std::printf("|---:|---:|---:|---:|---:|\n");
  for (int p : positions)
    std::printf("| %d | %.1f | %lld | %.1f | %lld |\n", p, at(gp, p), (long long)gh[p - 1], at(mp, p), (long long)mh[p - 1]);
  const int lo = positions.front(), hi = positions.back();
  std::printf("\nlatency ratio position %d / position %d: kjv-gpt %.2f, kjv-mamba %.2f\n", hi, lo, at(gp, hi) / at(gp, lo),
              at(mp, hi) / at(mp, lo));
  if (json) {
    std::string j = "json: {\"positions\": [", g = "], \"kjv-gpt\": [", m = "], \"kjv-mamba\": [";
    char b[64];
    for (size_t i = 0; i < positions.size(); ++i) {
      const char* sep = i ? ", " : "";
      j += sep + std::to_string(positions[i]);
      std::snprintf(b, sizeof b, "%s%.2f", sep, at(gp, positions[i]));
      g += b;
      std::snprintf(b, sizeof b, "%s%.2f", sep, at(mp, positions[i]));
      m += b;
    }
    std::printf("%s%s%s], \"repeats\": %d, \"window\": %d}\n", j.c_str(), g.c_str(), m.c_str(), repeats, kWindow);
  }
  return 0;
}
