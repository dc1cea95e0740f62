// Optimizers vs torch.optim trajectories, clip_grad_norm_ and nanoGPT's LR schedule.
#include <catch2/catch.hpp>

#include "core/optim.h"
#include "golden_util.h"

using namespace tmx;
using namespace tmx::test;

static const SafeTensors& optim_golden() {
  static const SafeTensors st = SafeTensors::from_file(golden("transformer/optim.safetensors"));
  return st;
}

static void run_trajectory(const std::string& name, Optimizer& opt) {
  const SafeTensors& st = optim_golden();
  Mat p0 = st.get("p0.init"), p1 = st.get("p1.init"), g0, g1;
  ParamList ps = {{"a", &p0, &g0, {3, 4}}, {"b", &p1, &g1, {5}}};
  for (int k = 0; k < 5; ++k) {
    g0 = st.get("p0.grad" + std::to_string(k));
    g1 = st.get("p1.grad" + std::to_string(k));
    opt.step(ps);
    INFO(name << " step " << k);
    CHECK_REL(p0, st.get(name + ".p0.step" + std::to_string(k)), 1e-5);
    CHECK_REL(p1, st.get(name + ".p1.step" + std::to_string(k)), 1e-5);
  }
}

TEST_CASE("SGD with momentum (and Nesterov), Adam and AdamW follow torch.optim", "[core][optim]") {
  SGD sgd(0.1f, 0.9f, 0.01f, 0.1f, false);
  run_trajectory("sgd", sgd);
  SGD nesterov(0.1f, 0.9f, 0.0f, 0.0f, true);
  run_trajectory("sgd_nesterov", nesterov);
  Adam adam(0.05f, 0.8f, 0.99f, 1e-6f, 0.01f);
  run_trajectory("adam", adam);
  AdamW adamw(0.05f, 0.9f, 0.95f, 1e-8f, 0.1f);
  run_trajectory("adamw", adamw);
}

TEST_CASE("global-norm clipping matches torch.nn.utils.clip_grad_norm_", "[core][optim]") {
  const SafeTensors& st = optim_golden();
  Mat p0 = st.get("p0.init"), p1 = st.get("p1.init");
  Mat g0 = st.get("p0.grad0") * 3.0f, g1 = st.get("p1.grad0") * 3.0f;
  ParamList ps = {{"a", &p0, &g0, {3, 4}}, {"b", &p1, &g1, {5}}};
  const float norm = clip_grad_norm(ps, 1.5f);
  CHECK(norm == Approx(st.get("clip.norm")(0, 0)).epsilon(1e-5));
  CHECK_REL(g0, st.get("clip.p0.grad"), 1e-5);
  CHECK_REL(g1, st.get("clip.p1.grad"), 1e-5);
  // below the threshold nothing changes
  const Mat before = g0;
  clip_grad_norm(ps, 1e6f);
  CHECK(g0 == before);
}

TEST_CASE("linear warmup + cosine schedule matches nanoGPT's get_lr", "[core][optim]") {
  const Mat lr = optim_golden().get("schedule.lr");  // (1, 120)
  Mat ours(1, 120);
  for (int i = 0; i < 120; ++i) ours(0, i) = lr_warmup_cosine(i, 10, 100, 6e-4f, 6e-5f);
  CHECK_REL(ours, lr, 1e-5);
}
