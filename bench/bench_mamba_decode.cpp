// Per-token decode latency: a tiny Mamba LM (recurrent state) vs a GPT of about the same
// non-embedding parameter count with a KV cache, at several positions. Native only, not a test.
//
//   build/native/bench_mamba_decode [--max-pos 2048] [--repeats 5]
//
// Latency at position p = median over `repeats` runs of the mean step() time of tokens p..p+15.
// Expected: Mamba flat (ratio at 2048 / at 16 near 1) — each step is O(1) in the position —
// while GPT grows linearly (attention reads the whole KV cache). State memory: Mamba's per-layer
// conv_state + ssm_state is constant; the KV cache holds 2·n_layer·p·C floats.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/optim.h"
#include "core/rng.h"
#include "core/ssm/mamba_lm.h"
#if __has_include("core/models/gpt.h")
#include "core/models/gpt.h"
#define TMX_HAVE_GPT 1
#endif

using namespace tmx;
using Clock = std::chrono::steady_clock;

static const int kWindow = 16;

// Per-position latency (µs) of model->step over positions 0..max_pos+kWindow-1, median of repeats.
static std::vector<double> decode_profile(LanguageModel& m, int max_pos, int repeats) {
  const int n = max_pos + kWindow;
  std::vector<std::vector<double>> runs(repeats, std::vector<double>(n));
  volatile float sink = 0;
  for (int r = 0; r < repeats; ++r) {
    m.reset_state();
    for (int p = 0; p < n; ++p) {
      const auto t0 = Clock::now();
      const RowVec logits = m.step((p * 7 + 3) % m.vocab_size());
      const auto t1 = Clock::now();
      sink = sink + logits[0];
      runs[r][p] = std::chrono::duration<double, std::micro>(t1 - t0).count();
    }
  }
  std::vector<double> med(n);
  for (int p = 0; p < n; ++p) {
    std::vector<double> v;
    for (int r = 0; r < repeats; ++r) v.push_back(runs[r][p]);
    std::sort(v.begin(), v.end());
    med[p] = v[v.size() / 2];
  }
  return med;
}

static double at(const std::vector<double>& prof, int p) {
  double s = 0;
  for (int i = p; i < p + kWindow; ++i) s += prof[i];
  return s / kWindow;
}

static int64_t count_except(ParamList ps, const std::vector<std::string>& skip) {
  int64_t n = 0;
  for (const Param& p : ps)
    if (std::find(skip.begin(), skip.end(), p.name) == skip.end()) n += p.value->size();
  return n;
}

int main(int argc, char** argv) {
  int max_pos = 2048, repeats = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--max-pos")) max_pos = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--repeats")) repeats = std::max(1, std::atoi(argv[i + 1]));
  }
  const int vocab = 256, d = 64;
  ssm::MambaLMConfig mc;
  mc.vocab_size = vocab, mc.n_layer = 3;
  mc.block.d_model = d, mc.block.d_state = 16, mc.block.d_conv = 4, mc.block.expand = 2;
  Rng rng(1);
  ssm::MambaLM mamba(mc, rng);
  const int64_t mamba_params = count_except(mamba.params(), {"backbone.embedding.weight"});
  const int64_t mamba_state_bytes =
      (int64_t)mc.n_layer * mc.block.d_inner() * (mc.block.d_conv + mc.block.d_state) * 4;
  std::printf("Mamba: d_model %d, n_layer %d, d_state %d, expand %d: %lld non-embedding params\n", d, mc.n_layer,
              mc.block.d_state, mc.block.expand, (long long)mamba_params);

  std::vector<int> positions;
  for (int p : {16, 64, 256, 1024, 2048})
    if (p <= max_pos) positions.push_back(p);
  const std::vector<double> mp = decode_profile(mamba, max_pos, repeats);

#ifdef TMX_HAVE_GPT
  GPTConfig gc;
  gc.vocab_size = vocab, gc.n_positions = max_pos + kWindow, gc.n_embd = d, gc.n_head = 4, gc.n_layer = 2;
  GPT gpt(gc);
  gpt.init_random(1);
  const int64_t gpt_params = count_except(gpt.params(), {"transformer.wte.weight", "transformer.wpe.weight"});
  std::printf("GPT:   n_embd %d, n_layer %d, n_head %d: %lld non-embedding params (KV cache)\n", d, gc.n_layer,
              gc.n_head, (long long)gpt_params);
  const std::vector<double> gp = decode_profile(gpt, max_pos, repeats);
#endif

  std::printf("\n| position | Mamba µs/token | Mamba state bytes |");
#ifdef TMX_HAVE_GPT
  std::printf(" GPT µs/token | GPT KV-cache bytes |");
#endif
  std::printf("\n|---:|---:|---:|");
#ifdef TMX_HAVE_GPT
  std::printf("---:|---:|");
#endif
  std::printf("\n");
  for (int p : positions) {
    std::printf("| %d | %.1f | %lld |", p, at(mp, p), (long long)mamba_state_bytes);
#ifdef TMX_HAVE_GPT
    std::printf(" %.1f | %lld |", at(gp, p), (long long)2 * gc.n_layer * p * gc.n_embd * 4);
#endif
    std::printf("\n");
  }
  const int lo = positions.front(), hi = positions.back();
  std::printf("\nlatency ratio %d/%d: Mamba %.2f", hi, lo, at(mp, hi) / at(mp, lo));
#ifdef TMX_HAVE_GPT
  std::printf(", GPT %.2f", at(gp, hi) / at(gp, lo));
#else
  std::printf("  (GPT with KV cache not available on this branch: core/models/gpt.h missing)");
#endif
  std::printf("\n");
  return 0;
}
