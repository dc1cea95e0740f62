// Training-step time of a tiny Mamba LM (forward + backward + AdamW), the browser's "train a
// tiny model" workload, plus the share spent in the selective scan. Native only, not a test.
//
//   build/native/bench_mamba_train [--len 64] [--steps 20]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/optim.h"
#include "core/rng.h"
#include "core/ssm/mamba_lm.h"
#include "core/ssm/selective_scan.h"

using namespace tmx;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  int len = 64, steps = 20;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--len")) len = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--steps")) steps = std::atoi(argv[i + 1]);
  }
  ssm::MambaLMConfig c;
  c.vocab_size = 256, c.n_layer = 2;
  c.block.d_model = 64, c.block.d_state = 16;
  Rng rng(1);
  ssm::MambaLM model(c, rng);
  std::vector<int> ids(len), targets(len);
  for (int t = 0; t < len; ++t) ids[t] = (t * 31 + 7) % c.vocab_size, targets[t] = (ids[t] + 1) % c.vocab_size;
  ParamList ps = model.params();
  AdamW opt(1e-3f);
  double total = 0;
  float loss = 0;
  for (int s = 0; s < steps; ++s) {
    const auto t0 = Clock::now();
    zero_grad(ps);
    loss = model.forward_backward(ids, targets);
    opt.step(ps);
    total += std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  }
  std::printf("Mamba LM d_model %d, n_layer %d, d_state %d, L %d: %.2f ms per training step (loss %.3f)\n",
              c.block.d_model, c.n_layer, c.block.d_state, len, total / steps, loss);

  // The selective scan alone at the block's shapes (E = 128, N = 16), forward + backward.
  const int E = c.block.d_inner(), N = c.block.d_state;
  std::vector<float> u(E * len), dt(E * len), A(E * N), B(N * len), C(N * len), D(E, 1.f), z(E * len), bias(E, -3.f);
  for (auto* v : {&u, &dt, &B, &C, &z})
    for (auto& x : *v) x = rng.normal();
  for (auto& x : A) x = -1.f - rng.uniform() * 15.f;
  ssm::SelectiveScanArgs<float> a;
  a.dim = E, a.dstate = N, a.len = len;
  a.u = u.data(), a.delta = dt.data(), a.A = A.data(), a.Bm = B.data(), a.Cm = C.data(), a.D = D.data();
  a.z = z.data(), a.delta_bias = bias.data(), a.delta_softplus = true;
  std::vector<float> out(E * len), du(E * len), ddt(E * len), dA(E * N), dB(N * len), dC(N * len), dD(E), dz(E * len),
      db(E);
  ssm::SelectiveScanCache<float> cache;
  ssm::SelectiveScanGrads<float> g{du.data(), ddt.data(), dA.data(), dB.data(), dC.data(), dD.data(), dz.data(), db.data()};
  double tf = 0, tb = 0;
  for (int s = 0; s < steps; ++s) {
    const auto t0 = Clock::now();
    ssm::selective_scan_forward(a, out.data(), cache);
    const auto t1 = Clock::now();
    ssm::selective_scan_backward(a, cache, out.data(), g);
    tf += std::chrono::duration<double, std::milli>(t1 - t0).count();
    tb += std::chrono::duration<double, std::milli>(Clock::now() - t1).count();
  }
  std::printf("selective scan (D %d, N %d, L %d): forward %.3f ms, backward %.3f ms\n", E, N, len, tf / steps,
              tb / steps);
  return 0;
}
