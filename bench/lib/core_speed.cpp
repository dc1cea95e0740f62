// The same C++ timed natively and as WebAssembly (bench/wasm_native.mjs runs it under node and in
// Chromium next to the native build): GPT forward, training step and KV-cache decode at gpt_bench's
// config (6 layers, d=288, 6 heads, T=256, vocab 32000), and Mamba forward, training step and decode
// (6 layers, d=288, d_state 16, vocab 32000, T=256). One thread. Prints `name ms` lines (medians of `reps` runs after a warm-up) and
// what Eigen vectorises with. Not a test.
//   core_speed [reps=3]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

#include "core/models/gpt.h"
#include "core/nn/gemm.h"
#include "core/optim.h"
#include "core/rng.h"
#include "core/ssm/mamba_lm.h"

namespace {

double median_ms(const std::function<void()>& f, int reps) {
  std::vector<double> t;
  f();  // warm-up
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int reps = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
  tmx::GPTConfig cfg;
  cfg.n_layer = 6, cfg.n_embd = 288, cfg.n_head = 6, cfg.n_positions = 256, cfg.vocab_size = 32000;
  const int T = 256, n_decode = 64;
  tmx::GPT gpt(cfg);
  gpt.init_random(1);
  tmx::Rng rng(1);
  std::vector<int> ids(T), tg(T);
  for (int t = 0; t < T; ++t) {
    ids[t] = static_cast<int>(rng.below(cfg.vocab_size));
    tg[t] = static_cast<int>(rng.below(cfg.vocab_size));
  }
  tmx::ParamList ps = gpt.params();
  tmx::AdamW opt(1e-4f);
  volatile float sink = 0;

  tmx::ssm::MambaLMConfig mc;
  mc.vocab_size = 32000, mc.n_layer = 6;
  mc.block.d_model = 288, mc.block.d_state = 16, mc.block.d_conv = 4, mc.block.expand = 2;
  tmx::ssm::MambaLM mamba(mc, rng);
  tmx::ParamList mps = mamba.params();
  tmx::AdamW mopt(1e-4f);

  std::printf("simd %s; products: %s\n", Eigen::SimdInstructionSetsInUse(), tmx::gemm_kernel_name());
  // One model's forward over the T ids, training step (AdamW) and decode per token over n steps.
  auto time_model = [&](const char* prefix, tmx::LanguageModel& m, tmx::ParamList& mps, tmx::AdamW& mopt, int n) {
    std::printf("%sforward_ms %.3f\n", prefix, median_ms([&] { sink = sink + m.forward(ids)(0, 0); }, reps));
    std::printf("%strain_ms %.3f\n", prefix, median_ms([&] {
                  tmx::zero_grad(mps);
                  sink = sink + m.forward_backward(ids, tg);
                  mopt.step(mps);
                }, reps));
    std::printf("%sdecode_ms %.4f\n", prefix, median_ms([&] {
                  m.reset_state();
                  for (int p = 0; p < n; ++p) sink = sink + m.step(ids[p])[0];
                }, reps) / n);
  };
  time_model("", gpt, ps, opt, T);  // GPT decode over positions 0..T-1 (the KV cache grows to T)
  time_model("mamba_", mamba, mps, mopt, n_decode);
  std::fflush(stdout);
  return 0;
}
