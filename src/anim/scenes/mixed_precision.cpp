// "Mixed precision": the bit layouts of FP32, FP16 and BF16 with one number encoded in each (bits
// from the core's converters); their range and precision; a small gradient flushed to zero in
// FP16 and rescued by loss scaling; an overflow that skips the step and halves the scale (the
// core's GradScaler rule over a run of seeded gradient batches); BF16 needing no scaling; and FP32
// master weights keeping updates that FP16 weights would round away. Every number comes from
// core/float_format.h and core/mixed_precision.h.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "anim/scene.h"
#include "anim/scene_data.h"
#include "core/float_format.h"
#include "core/mixed_precision.h"

namespace tmx::anim {
namespace {

constexpr float kValue = 0.1f;       // the number encoded in the three formats
constexpr float kTinyGrad = 2e-8f;   // a gradient below FP16's smallest subnormal / 2
constexpr int kScaleExp = 16;        // loss scale 2^16
constexpr float kBigGrad = 2.0f;     // times 2^16: beyond FP16's largest finite value
constexpr int kRunSteps = 24;        // steps of the dynamic-scaling run
constexpr float kWeight = 1.0f, kUpdate = 1e-4f;  // master weights: 1 + 1e-4, a hundred times
constexpr int kUpdates = 100;

class MixedPrecision : public Scene {
 public:
  MixedPrecision() : Scene("Mixed precision", "FP32, FP16 and BF16, loss scaling and master weights") {
    // 1. Data, from the core.
    const FloatFormat fmts[3] = {FloatFormat::FP32, FloatFormat::FP16, FloatFormat::BF16};
    FloatFields f[3];
    for (int k = 0; k < 3; ++k) f[k] = float_fields_of(fmts[k], kValue);
    float fmax[3], fmin_n[3], fmin_s[3], feps[3];
    for (int k = 0; k < 3; ++k)
      fmax[k] = format_max(fmts[k]), fmin_n[k] = format_min_normal(fmts[k]), fmin_s[k] = format_min_subnormal(fmts[k]),
      feps[k] = format_epsilon(fmts[k]);
    const float scale = std::ldexp(1.0f, kScaleExp);
    const FloatFields tiny16 = float_fields_of(FloatFormat::FP16, kTinyGrad);
    const FloatFields scaled16 = float_fields_of(FloatFormat::FP16, kTinyGrad * scale);
    const float unscaled = scaled16.value / scale;  // back in FP32
    const FloatFields tinybf = float_fields_of(FloatFormat::BF16, kTinyGrad);
    const FloatFields big16 = float_fields_of(FloatFormat::FP16, kBigGrad * scale);
    LossScaler one;
    one.scale = scale;
    const float scale_before = one.scale;
    const bool skipped = loss_scaler_update(one, !std::isfinite(big16.value));
    const float scale_after = one.scale;

    // A run of seeded gradient batches under dynamic scaling (growth every 4 good steps).
    LossScaler run;
    run.scale = std::ldexp(1.0f, 24);
    run.growth_interval = 4;
    std::vector<float> log2_scale;
    std::vector<int> skips;
    for (int t = 0; t < kRunSteps; ++t) {
      log2_scale.push_back(std::log2(run.scale));
      const LossScaleSim r = simulate_loss_scaling(seeded_gradients(2000, 100 + t, -4.0f, 1.0f), run, HalfFormat::FP16);
      if (r.skipped) skips.push_back(t);
    }
    // One batch at scale 1: what FP16 and BF16 lose.
    const std::vector<float> batch = seeded_gradients(4000, 7, -6.0f, 1.5f);
    LossScaler s16, sbf, s16k;
    s16.scale = sbf.scale = 1.0f;
    s16k.scale = scale;
    const LossScaleSim b16 = simulate_loss_scaling(batch, s16, HalfFormat::FP16);
    const LossScaleSim bbf = simulate_loss_scaling(batch, sbf, HalfFormat::BF16);
    const LossScaleSim b16k = simulate_loss_scaling(batch, s16k, HalfFormat::FP16);
    // Master weights: a hundred updates of 1e-4 kept in FP32 and in FP16.
    float w32 = kWeight, w16 = round_to_format(FloatFormat::FP16, kWeight);
    for (int i = 0; i < kUpdates; ++i) {
      w32 += kUpdate;
      w16 = round_to_format(FloatFormat::FP16, w16 + kUpdate);
    }
    const float one16_ulp = static_cast<float>(float_fields_of(FloatFormat::FP16, 1.0f).ulp);

    // 2. Objects.
    const float cell = 0.36f, x0 = 1.6f;
    auto bits_row = [=](Stage& s, float y, const FloatFields& x, float alpha, float reveal) {
      const FloatFormatSpec& sp = float_format_spec(x.format);
      float cx = x0;
      for (int i = sp.bits - 1; i >= 0; --i) {
        const bool sign = i == sp.bits - 1, expo = !sign && i >= sp.man_bits;
        const bool one_bit = (x.bits >> i) & 1u;
        const ImU32 c = sign ? s.col().warn : expo ? s.col().good : s.col().q;
        const float a = alpha * std::clamp(reveal * sp.bits - (sp.bits - 1 - i), 0.0f, 1.0f);
        const Rect r = Rect::at({cx, y - cell / 2}, {cell - 0.04f, cell});
        s.box(r, Stage::with_alpha(c, one_bit ? 0.85f : 0.2f), c, a, 0.04f);
        s.text(r.center(), one_bit ? "1" : "0", Txt::small().center().mono().alpha(a));
        cx += cell + ((i == sp.bits - 1 || i == sp.man_bits) ? 0.12f : 0.0f);
      }
      s.text({x0 - 0.2f, y}, sp.name, Txt::label().right().bold().alpha(alpha));
    };
    const float rows_y[3] = {2.5f, 4.0f, 5.5f};
    std::vector<int> layouts;
    for (int k = 0; k < 3; ++k) {
      const FloatFields x = f[k];
      const float y = rows_y[k];
      layouts.push_back(obj([=](Stage& s, const ObjState& o) {
        bits_row(s, y, x, o.alpha, o.create);
        const FloatFormatSpec& sp = float_format_spec(x.format);
        s.text({x0, y + 0.45f}, s.tr("sign 1, exponent {0}, mantissa {1}: stores {2}", {std::to_string(sp.exp_bits), std::to_string(sp.man_bits), num("%.9g", x.value)}),
               Txt::small().col(s.col().dim).alpha(o.alpha));
      }));
    }
    int legend = obj([=](Stage& s, const ObjState& o) {
      s.text({x0, 1.85f}, s.tr("{0} in each format", {num("%.9g", kValue)}), Txt::label().alpha(o.alpha));
      s.text({9.0f, 1.85f}, s.tr("sign"), Txt::label().col(s.col().warn).alpha(o.alpha));
      s.text({10.2f, 1.85f}, s.tr("exponent"), Txt::label().col(s.col().good).alpha(o.alpha));
      s.text({12.0f, 1.85f}, s.tr("mantissa"), Txt::label().col(s.col().q).alpha(o.alpha));
    });

    // range and precision on a log10 axis
    const Rect axis{{2.6f, 2.4f}, {15.0f, 5.6f}};
    const float lo = -46.0f, hi = 40.0f;
    int ranges = obj([=](Stage& s, const ObjState& o) {
      auto X = [&](double v) { return axis.min.x + static_cast<float>((std::log10(v) - lo) / (hi - lo)) * axis.w(); };
      for (int e = -40; e <= 40; e += 20) {
        const float x = axis.min.x + (e - lo) / (hi - lo) * axis.w();
        s.line({x, axis.max.y}, {x, axis.max.y + 0.12f}, s.col().dim, o.alpha);
        s.text({x, axis.max.y + 0.38f}, "1e" + std::to_string(e), Txt::small().center().col(s.col().dim).alpha(o.alpha));
      }
      s.line({axis.min.x, axis.max.y}, {axis.max.x, axis.max.y}, s.col().dim, o.alpha);
      const ImU32 cs[3] = {s.col().q, s.col().warn, s.col().good};
      for (int k = 0; k < 3; ++k) {
        const float y = axis.min.y + 0.2f + k * 1.05f;
        const float a = X(fmin_s[k]), b = X(fmin_n[k]), c = a + (X(fmax[k]) - a) * o.create;
        s.box(Rect{{a, y}, {std::max(a, std::min(b, c)), y + 0.35f}}, Stage::with_alpha(cs[k], 0.35f), cs[k], o.alpha, 0.05f);
        if (c > b) s.box(Rect{{b, y}, {c, y + 0.35f}}, cs[k], cs[k], o.alpha, 0.05f);
        s.text({axis.min.x - 0.2f, y + 0.17f}, float_format_spec(fmts[k]).name, Txt::label().right().bold().alpha(o.alpha));
        s.text({a, y + 0.62f},
               s.tr("{0} to {1}, ulp of 1 is {2}", {num("%.3g", fmin_s[k]), num("%.6g", fmax[k]), num("%.3g", feps[k])}),
               Txt::small().col(s.col().dim).alpha(o.alpha));
      }
      s.text({axis.center().x, axis.max.y + 0.85f}, s.tr("magnitude (log scale); light: subnormals"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });

    // a gradient underflows, loss scaling rescues it
    int under = obj([=](Stage& s, const ObjState& o) {
      s.text({x0, 1.9f}, s.tr("a gradient of {0} stored in FP16:", {num("%.3g", kTinyGrad)}), Txt::label().alpha(o.alpha));
      bits_row(s, 2.55f, tiny16, o.alpha, 1.0f);
      s.text({8.2f, 2.55f}, s.tr("= {0}: lost", {num("%.3g", tiny16.value)}), Txt::label().col(s.col().warn).alpha(o.alpha));
    });
    int rescue = obj([=](Stage& s, const ObjState& o) {
      s.text({x0, 3.6f}, s.tr("multiplied by the loss scale {0} first:", {num("%.0f", scale)}), Txt::label().alpha(o.alpha));
      bits_row(s, 4.25f, scaled16, o.alpha, o.create);
      s.text({8.2f, 4.25f}, s.tr("= {0}", {num("%.5g", scaled16.value)}), Txt::label().col(s.col().good).alpha(o.alpha));
      s.text({x0, 5.2f}, s.tr("divided by {0} in FP32 before the update: {1}", {num("%.0f", scale), num("%.5g", unscaled)}),
             Txt::label().alpha(o.alpha));
    });
    int overflow = obj([=](Stage& s, const ObjState& o) {
      s.text({x0, 1.9f}, s.tr("a large gradient {0} times {1} in FP16:", {num("%.3g", kBigGrad), num("%.0f", scale)}), Txt::label().alpha(o.alpha));
      bits_row(s, 2.55f, big16, o.alpha, 1.0f);
      s.text({8.2f, 2.55f}, s.tr("= {0}", {big16.cls == FloatClass::Inf ? "inf" : num("%.5g", big16.value)}), Txt::label().col(s.col().warn).alpha(o.alpha));
      s.text({x0, 3.35f}, skipped ? s.tr("inf in the gradients: skip the step, scale {0} becomes {1}", {num("%.0f", scale_before), num("%.0f", scale_after)})
                                  : s.tr("no overflow"), Txt::label().col(s.col().warn).alpha(o.alpha));
    });
    const Rect rp{{2.2f, 4.3f}, {14.6f, 7.0f}};
    int scale_run = obj([=](Stage& s, const ObjState& o) {
      s.plot(rp, {{log2_scale, s.col().accent, s.tr("log2 of the loss scale"), true}},
             PlotOpts().range(10.0f, 26.0f).x(0, kRunSteps - 1, s.tr("step")).alpha(o.alpha).progress(o.create));
      std::string list;
      for (size_t i = 0; i < skips.size(); ++i) list += (i ? ", " : "") + std::to_string(skips[i]);
      s.text({rp.min.x, rp.max.y + 0.5f}, s.tr("skipped steps: {0}", {list}), Txt::small().col(s.col().dim).alpha(o.alpha));
    });
    int bf16 = obj([=](Stage& s, const ObjState& o) {
      s.text({x0, 1.9f}, s.tr("the same gradient {0} in BF16:", {num("%.3g", kTinyGrad)}), Txt::label().alpha(o.alpha));
      bits_row(s, 2.55f, tinybf, o.alpha, 1.0f);
      s.text({8.2f, 2.55f}, s.tr("= {0}, no scaling needed", {num("%.4g", tinybf.value)}), Txt::label().col(s.col().good).alpha(o.alpha));
      const Txt t = Txt::label().alpha(o.alpha);
      s.text({x0, 3.7f}, s.tr("{0} seeded gradients around 1e-6, unscaled:", {std::to_string(batch.size())}), t);
      s.text({x0 + 0.4f, 4.4f}, s.tr("FP16: {0} flushed to 0, {1} subnormal", {std::to_string(b16.underflow), std::to_string(b16.subnormal)}),
             Txt::label().col(s.col().warn).alpha(o.alpha));
      s.text({x0 + 0.4f, 5.1f}, s.tr("FP16 at scale {0}: {1} flushed to 0, {2} subnormal", {num("%.0f", scale), std::to_string(b16k.underflow), std::to_string(b16k.subnormal)}),
             Txt::label().alpha(o.alpha));
      s.text({x0 + 0.4f, 5.8f}, s.tr("BF16: {0} flushed to 0, {1} subnormal", {std::to_string(bbf.underflow), std::to_string(bbf.subnormal)}),
             Txt::label().col(s.col().good).alpha(o.alpha));
      s.text({x0, 6.6f}, s.tr("BF16 keeps FP32's 8 exponent bits: the same range, only 7 mantissa bits."), Txt::small().col(s.col().dim).alpha(o.alpha));
    });
    int master = obj([=](Stage& s, const ObjState& o) {
      const Txt t = Txt::label().alpha(o.alpha);
      s.text({x0, 2.2f}, s.tr("a weight {0} receives {1} updates of {2}", {num("%.3g", kWeight), std::to_string(kUpdates), num("%.3g", kUpdate)}), t);
      s.text({x0, 3.2f}, s.tr("kept in FP16: {0}", {num("%.6g", w16)}), Txt::label().col(s.col().warn).alpha(o.alpha));
      s.text({x0 + 0.4f, 3.8f}, s.tr("each 1 + {0} rounds back to 1: FP16's ulp at 1 is {1}", {num("%.3g", kUpdate), num("%.3g", one16_ulp)}),
             Txt::small().col(s.col().dim).alpha(o.alpha));
      s.text({x0, 4.8f}, s.tr("kept in FP32 (master weights): {0}", {num("%.6g", w32)}), Txt::label().col(s.col().good).alpha(o.alpha));
      s.text({x0, 5.9f}, s.tr("Forward and backward run in half precision; the optimizer updates FP32 master copies."),
             Txt::small().col(s.col().dim).alpha(o.alpha));
    });

    // 3. Timeline.
    tl_.chapter("Three layouts", "A sign bit, exponent bits for the range, mantissa bits for the precision.")
        .create({legend}, 0)
        .create({layouts[0]}, 0)
        .wait(0.6f)
        .create({layouts[1]}, 1.5f)
        .then(0.3f)
        .create({layouts[2]}, 1.5f)
        .then(4.0f);
    tl_.chapter("Range and precision", "FP16 trades range for precision; BF16 keeps FP32's range with fewer digits.")
        .fade_out({legend, layouts[0], layouts[1], layouts[2]}, 0.5f)
        .then()
        .create({ranges}, 2.5f)
        .then(5.0f);
    tl_.chapter("Underflow and loss scaling", "Tiny gradients flush to zero in FP16; scaling the loss first lifts them into range.")
        .fade_out({ranges}, 0.5f)
        .then()
        .create({under}, 0.8f)
        .then(2.0f)
        .create({rescue}, 1.5f)
        .then(5.0f);
    tl_.chapter("Overflow skips the step", "An inf in the scaled gradients skips the update and halves the scale; good steps grow it back.")
        .fade_out({under, rescue}, 0.5f)
        .then()
        .create({overflow}, 0.8f)
        .then(2.5f)
        .create({scale_run}, 3.0f, 0.0f, Ease::Linear)
        .then(5.0f);
    tl_.chapter("BF16 needs no scaling", "With FP32's exponent range, small gradients survive without any loss scale.")
        .fade_out({overflow, scale_run}, 0.5f)
        .then()
        .create({bf16}, 1.0f)
        .then(6.0f);
    tl_.chapter("FP32 master weights", "Small updates to a weight near 1 vanish in FP16, so the optimizer keeps FP32 copies.")
        .fade_out({bf16}, 0.5f)
        .then()
        .create({master}, 1.0f)
        .then(6.0f);
    tl_.end();
  }
};

}  // namespace

TMX_REGISTER_SCENE(MixedPrecision, "mixed-precision", "Mixed precision",
                   "FP32, FP16 and BF16 bit layouts, range and precision, loss scaling, skipped steps, BF16, master weights.");

}  // namespace tmx::anim
