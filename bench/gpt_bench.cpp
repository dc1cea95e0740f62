// GPT forward and training-step throughput: this core vs PyTorch CPU, 1 thread each, same config
// (6 layers, d=288, 6 heads, T=256; vocab 32000 like llama2.c's 15M model). Prints a markdown table.
//   build/core/gpt_bench [reps]        (runs bench/gpt_bench_torch.py with /usr/bin/python3 if present)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/models/gpt.h"
#include "core/optim.h"
#include "core/rng.h"

using Clock = std::chrono::steady_clock;

template <typename F>
static double median_ms(int reps, F f) {
  f();  // warm-up
  std::vector<double> ts;
  for (int i = 0; i < reps; ++i) {
    const auto t0 = Clock::now();
    f();
    ts.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::sort(ts.begin(), ts.end());
  return ts[ts.size() / 2];
}

int main(int argc, char** argv) {
  const int reps = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  tmx::GPTConfig cfg;
  cfg.n_layer = 6;
  cfg.n_embd = 288;
  cfg.n_head = 6;
  cfg.n_positions = 256;
  cfg.vocab_size = 32000;
  const int T = 256;
  tmx::GPT model(cfg);
  tmx::Rng rng(1);
  std::vector<int> ids(T), tg(T);
  for (int t = 0; t < T; ++t) {
    ids[t] = static_cast<int>(rng.below(cfg.vocab_size));
    tg[t] = static_cast<int>(rng.below(cfg.vocab_size));
  }
  const double fwd = median_ms(reps, [&] { model.forward(ids); });
  tmx::ParamList ps = model.params();
  tmx::AdamW opt(1e-4f);
  const double train = median_ms(reps, [&] {
    tmx::zero_grad(ps);
    model.forward_backward(ids, tg);
    opt.step(ps);
  });

  double t_fwd = -1, t_train = -1;
  const std::string cmd = "/usr/bin/python3 " + std::string(TMX_SOURCE_DIR) + "/bench/gpt_bench_torch.py " +
                          std::to_string(cfg.n_layer) + " " + std::to_string(cfg.n_embd) + " " +
                          std::to_string(cfg.n_head) + " " + std::to_string(T) + " " + std::to_string(cfg.vocab_size) +
                          " " + std::to_string(reps) + " 2>/dev/null";
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char key[64];
    double v;
    while (std::fscanf(p, "%63s %lf", key, &v) == 2) {
      if (std::string(key) == "forward_ms") t_fwd = v;
      if (std::string(key) == "train_ms") t_train = v;
    }
    pclose(p);
  }
  std::printf("GPT: %d layers, d=%d, %d heads, T=%d, vocab %d, 1 thread, median of %d\n\n", cfg.n_layer, cfg.n_embd,
              cfg.n_head, T, cfg.vocab_size, reps);
  std::printf("| measure | tmx (ms) | PyTorch (ms) | tmx tokens/s | speed vs PyTorch |\n|---|---|---|---|---|\n");
  auto row = [&](const char* name, double ours, double theirs) {
    if (theirs > 0)
      std::printf("| %s | %.1f | %.1f | %.0f | %.2fx |\n", name, ours, theirs, T / ours * 1e3, theirs / ours);
    else
      std::printf("| %s | %.1f | n/a | %.0f | n/a |\n", name, ours, T / ours * 1e3);
  };
  row("forward", fwd, t_fwd);
  row("training step (fwd+bwd+AdamW)", train, t_train);
  return 0;
}
