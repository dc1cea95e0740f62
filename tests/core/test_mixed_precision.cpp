// Mixed-precision step: overflow skips the step and backs the scale off, good steps grow it,
// and a normal step lands close to the float32 step.
#include <catch2/catch.hpp>

#include "core/mixed_precision.h"
#include "core/model_loader.h"
#include "golden_util.h"

using namespace tmx;

TEST_CASE("dynamic loss scaling skips overflowing steps and backs off", "[core][mixed]") {
  auto m = load_model(test::golden("transformer/gpt2"));
  const std::vector<int> ids = {1, 5, 2, 9}, tg = {5, 2, 9, 0};
  ParamList ps = m->params();
  const Mat wte0 = *ps[0].value;
  AdamW opt(1e-2f);
  LossScaler sc;
  sc.scale = std::ldexp(1.0f, 40);  // grads * 2^40 overflow fp16's 65504
  MixedStepResult r = mixed_precision_step(*m, opt, sc, ids, tg);
  CHECK(r.skipped);
  CHECK(r.overflow_params > 0);
  CHECK(r.scale_used == std::ldexp(1.0f, 40));
  CHECK(sc.scale == std::ldexp(1.0f, 39));
  CHECK(*ps[0].value == wte0);  // weights untouched
  CHECK(opt.t == 0);            // the optimizer never ran
  int skipped = 1;
  while (mixed_precision_step(*m, opt, sc, ids, tg).skipped) ++skipped;
  CHECK(skipped > 5);  // it took several halvings to get under the fp16 range
  CHECK(sc.scale < std::ldexp(1.0f, 36));
  CHECK(*ps[0].value != wte0);
  CHECK(opt.t == 1);
}

TEST_CASE("loss scale grows after growth_interval good steps", "[core][mixed]") {
  auto m = load_model(test::golden("transformer/gpt2"));
  SGD opt(1e-3f);
  LossScaler sc;
  sc.scale = 128.0f;
  sc.growth_interval = 3;
  for (int i = 0; i < 3; ++i) CHECK_FALSE(mixed_precision_step(*m, opt, sc, {1, 2, 3}, {2, 3, 4}).skipped);
  CHECK(sc.scale == 256.0f);
  CHECK(sc.good_steps == 0);
}

TEST_CASE("an fp16 / bf16 step lands close to the float32 step", "[core][mixed]") {
  for (HalfFormat f : {HalfFormat::FP16, HalfFormat::BF16}) {
    auto a = load_model(test::golden("transformer/gpt2"));
    auto b = load_model(test::golden("transformer/gpt2"));
    const std::vector<int> ids = {1, 5, 2, 9, 5}, tg = {5, 2, 9, 5, 0};
    SGD oa(0.5f), ob(0.5f);
    ParamList pa = a->params(), pb = b->params();
    zero_grad(pa);
    const float la = a->forward_backward(ids, tg);
    oa.step(pa);
    LossScaler sc;
    sc.scale = 1024.0f;
    const MixedStepResult r = mixed_precision_step(*b, ob, sc, ids, tg, f);
    CHECK_FALSE(r.skipped);
    const double tol = f == HalfFormat::FP16 ? 2e-3 : 2e-2;
    CHECK(r.loss == Approx(la).epsilon(tol));
    auto init = load_model(test::golden("transformer/gpt2"));
    ParamList p0 = init->params();
    for (size_t i = 0; i < pa.size(); ++i) {
      INFO(pa[i].name);
      // the update (not the weights) is what half precision perturbs
      const Mat da = *pa[i].value - *p0[i].value;
      const Mat db = *pb[i].value - *p0[i].value;
      CHECK((da - db).cwiseAbs().maxCoeff() <= tol * 5 * std::max(1e-3f, da.cwiseAbs().maxCoeff()));
    }
  }
}

TEST_CASE("the loss-scaling simulation skips exactly when the mixed-precision step does", "[core][mixed]") {
  // The gradients mixed_precision_step sees: backward at the weights rounded to fp16.
  const std::vector<int> ids = {1, 5, 2, 9}, tg = {5, 2, 9, 0};
  auto m = load_model(test::golden("transformer/gpt2"));
  ParamList ps = m->params();
  for (Param& p : ps) *p.value = p.value->unaryExpr([](float x) { return to_half_format(x, HalfFormat::FP16); });
  zero_grad(ps);
  m->forward_backward(ids, tg);
  std::vector<float> grads;
  for (const Param& p : ps) grads.insert(grads.end(), p.grad->data(), p.grad->data() + p.grad->size());
  int skips = 0, steps = 0;
  for (int e = 0; e <= 44; e += 2) {
    auto fresh = load_model(test::golden("transformer/gpt2"));
    SGD opt(1e-3f);
    LossScaler real, sim;
    real.scale = sim.scale = std::ldexp(1.0f, e);
    real.growth_interval = sim.growth_interval = 1;  // growth follows the same rule too
    const MixedStepResult r = mixed_precision_step(*fresh, opt, real, ids, tg);
    const LossScaleSim s = simulate_loss_scaling(grads, sim, HalfFormat::FP16);
    INFO("scale 2^" << e);
    CHECK(s.skipped == r.skipped);
    CHECK(sim.scale == real.scale);
    CHECK(s.scale_used == r.scale_used);
    CHECK((s.overflow > 0) == (r.overflow_params > 0));
    skips += s.skipped;
    steps += !s.skipped;
  }
  CHECK(skips > 0);  // both outcomes were exercised
  CHECK(steps > 0);
}

TEST_CASE("loss scaling moves small gradients out of fp16's underflow; bf16 needs none", "[core][mixed]") {
  const std::vector<float> g = seeded_gradients(4000, 7, -6.0f, 1.5f);
  REQUIRE(g.size() == 4000u);
  CHECK(g == seeded_gradients(4000, 7, -6.0f, 1.5f));
  LossScaler one, big, huge, bf;
  one.scale = 1.0f;
  big.scale = 1024.0f;
  huge.scale = std::ldexp(1.0f, 30);
  bf.scale = 1.0f;
  const LossScaleSim a = simulate_loss_scaling(g, one, HalfFormat::FP16);
  const LossScaleSim b = simulate_loss_scaling(g, big, HalfFormat::FP16);
  const LossScaleSim c = simulate_loss_scaling(g, huge, HalfFormat::FP16);
  const LossScaleSim d = simulate_loss_scaling(g, bf, HalfFormat::BF16);
  CHECK(a.zeros + a.underflow + a.subnormal + a.normal + a.overflow == 4000);
  CHECK(a.underflow > 200);          // unscaled, many of these gradients flush to zero in fp16
  CHECK(b.underflow < a.underflow);  // a scale of 1024 rescues most of them
  CHECK_FALSE(b.skipped);
  CHECK(c.overflow > 0);             // too big a scale overflows: the step is skipped
  CHECK(c.skipped);
  CHECK(huge.scale == std::ldexp(1.0f, 29));
  CHECK(d.underflow == 0);           // bf16 has fp32's exponent range
  CHECK(d.overflow == 0);
  // each count agrees with rounding one gradient by hand
  int under = 0;
  for (float x : g) under += x != 0 && to_half_format(x, HalfFormat::FP16) == 0;
  CHECK(a.underflow == under);
}
