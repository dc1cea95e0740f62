// "Mamba mechanism": the selective scan. Attention keeps a cache that grows with every token;
// Mamba keeps a fixed-size state h_t, and an input-dependent step Δ_t decides, token by token,
// how much of the old state to keep and how much of the new input to write. Δ, h and y on
// screen come from tmx::ssm::selective_scan_forward.
//
// [SECTION] Data (computed by the core)
// [SECTION] Timeline
// [SECTION] Drawing
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "anim/scene.h"
#include "core/rng.h"
#include "core/ssm/mamba_block.h"
#include "core/ssm/selective_scan.h"

namespace tmx::anim {
namespace {

enum Obj { kTitle, kTokens, kCache, kState, kEq, kInput, kDelta, kScan, kStates, kOutput, kMem, kMemPlot,
           kCap1, kCap2, kCap3, kCap4, kCap5 };

constexpr int kL = 16, kN = 4;
// Steps that carry something worth remembering (the scene's "salient" tokens).
constexpr bool kSalient[kL] = {0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0};

class MambaMechanism : public Scene {
 public:
  MambaMechanism() { compute(); build(); }

 private:
  //---------------------------------------------------------------------------
  // [SECTION] Data (computed by the core)
  //---------------------------------------------------------------------------
  void compute() {
    // One channel, N = 4 states. u: small noise with three salient values. The Δ projection
    // (here a fixed linear read-out of a salience feature, w = 4, bias = −2.5) feeds softplus
    // inside the scan, exactly as Mamba's dt_proj does.
    Rng rng(5);
    u_.resize(kL);
    std::vector<float> dpre(kL);
    const float big[3] = {1.0f, -0.8f, 0.6f};
    int k = 0;
    for (int t = 0; t < kL; ++t) {
      u_[t] = kSalient[t] ? big[k++] : (rng.uniform() - 0.5f) * 0.5f;
      dpre[t] = kSalient[t] ? 4.0f : 0.0f;
    }
    const float bias = -2.5f;
    A_ = {-0.4f, -0.8f, -1.6f, -3.2f};
    const std::vector<float> B = {1, 1, 1, 1};
    C_ = {0.4f, 0.3f, 0.2f, 0.1f};
    D_ = {0};
    ssm::SelectiveScanArgs<float> a;
    a.batch = 1; a.dim = 1; a.dstate = kN; a.len = kL;
    a.u = u_.data(); a.delta = dpre.data(); a.A = A_.data();
    a.Bm = B.data(); a.B_form = ssm::BCForm::Fixed;
    a.Cm = C_.data(); a.C_form = ssm::BCForm::Fixed;
    a.D = D_.data(); a.delta_bias = &bias; a.delta_softplus = true;
    std::vector<float> out(kL);
    ssm::selective_scan_forward(a, out.data(), cache_);
    y_ = cache_.y;
    h_ = Mat(kN, kL);
    for (int t = 0; t < kL; ++t)
      for (int n = 0; n < kN; ++n) h_(n, t) = cache_.h[t * kN + n];

    // Memory per layer while generating: attention caches K and V for every token (d_model
    // each); Mamba keeps d_inner × N SSM values plus d_inner × (d_conv − 1) conv taps.
    mcfg_.d_model = 768;
    mcfg_.d_state = 16;
    mcfg_.d_conv = 4;
    mcfg_.expand = 2;
    mcfg_.validate();
    mamba_state_ = mcfg_.d_inner() * (mcfg_.d_state + mcfg_.d_conv - 1);
    for (int i = 0; i <= 32; ++i) {
      const float tokens = 2048.0f * i / 32;
      attn_mem_.push_back(2.0f * mcfg_.d_model * tokens);
      mamba_mem_.push_back(static_cast<float>(mamba_state_));
    }
  }

  //---------------------------------------------------------------------------
  // [SECTION] Timeline
  //---------------------------------------------------------------------------
  void build() {
    Timeline& t = tl_;
    t.chapter("Attention keeps every token").create({kTitle}, 0.8f).then(0.2f).write({kCap1}, 1.5f)
        .create({kTokens}, 0.6f).then().create({kCache}, 4.0f, 0, Ease::Linear).then(2.0f);
    t.chapter("Mamba keeps a fixed-size state").fade_out({kCap1, kTokens, kCache}, 0.5f).then()
        .write({kCap2}, 1.5f).create({kState}, 0.8f).then().create({kEq}, 0.8f).then(2.5f);
    t.chapter("\xCE\x94: an input-dependent gate").fade_out({kCap2}, 0.4f).then()
        .write({kCap3}, 1.5f).create({kInput}, 1.2f).then(0.3f).create({kDelta}, 1.5f).then(2.5f);
    t.chapter("The selective scan").fade_out({kCap3}, 0.4f).then()
        .write({kCap4}, 1.5f).create({kScan}, 0.4f).create({kStates, kOutput}, 0.6f).then()
        .transform({kScan}, 9.0f, Ease::Linear).then(2.0f);
    t.chapter("Growing cache vs constant state").fade_out({kCap4, kState, kEq, kInput, kDelta, kScan, kStates, kOutput}, 0.6f)
        .then().write({kCap5}, 1.5f).create({kMem}, 0.8f).then().create({kMemPlot}, 2.5f, 0, Ease::Linear).then();
    t.end(4.0f);
  }

  //---------------------------------------------------------------------------
  // [SECTION] Drawing
  //---------------------------------------------------------------------------
  void caption(Stage& s, float t, int obj, const char* line) const {
    const ObjState o = st(obj, t);
    s.text({8.0f, 8.45f}, line, 0.32f, s.col().fg, o.alpha, Align::Center, o.write);
  }

  void draw(Stage& s, float t) const override {
    const StageColors& c = s.col();
    char b[200];
    ObjState o = st(kTitle, t);
    s.text({0.6f, 0.55f}, "Mamba: the selective scan", 0.46f, c.fg, o.alpha, Align::Left, 1, true);
    s.text({0.6f, 1.05f}, "a recurrent state whose update speed is chosen by the input", 0.26f, c.dim, o.alpha);

    // Chapter 1: attention's cache grows by one K and one V column per token.
    o = st(kTokens, t);
    const ObjState oc = st(kCache, t);
    const int shown = std::min(kL, static_cast<int>(oc.create * kL) + (oc.create > 0 ? 1 : 0));
    for (int i = 0; i < kL && o.visible(); ++i) {
      const float a = o.alpha * (i < shown ? 1.0f : 0.25f);
      std::snprintf(b, sizeof b, "x%d", i + 1);
      s.box({1.0f + i * 0.85f, 2.0f}, {1.7f + i * 0.85f, 2.6f}, c.box, c.accent, a, 0.08f);
      s.text({1.35f + i * 0.85f, 2.3f}, b, 0.2f, c.fg, a, Align::Center);
      if (i < shown) {
        s.box({1.05f + i * 0.85f, 3.3f}, {1.65f + i * 0.85f, 4.6f}, Stage::with_alpha(c.k, 0.45f), c.k, oc.alpha, 0.05f);
        s.box({1.05f + i * 0.85f, 4.8f}, {1.65f + i * 0.85f, 6.1f}, Stage::with_alpha(c.v, 0.45f), c.v, oc.alpha, 0.05f);
      }
    }
    if (oc.visible()) {
      s.text({0.9f, 3.95f}, "K", 0.3f, c.k, oc.alpha, Align::Right, 1, true);
      s.text({0.9f, 5.45f}, "V", 0.3f, c.v, oc.alpha, Align::Right, 1, true);
      std::snprintf(b, sizeof b, "cache after %d tokens: %d K + %d V vectors, and it keeps growing", shown, shown, shown);
      s.text({8.0f, 6.8f}, b, 0.28f, c.fg, oc.alpha, Align::Center);
    }

    // Chapter 2: the state box and the recurrence.
    o = st(kState, t);
    const ObjState osc = st(kScan, t);
    const int cur = std::min(kL - 1, static_cast<int>(osc.morph * kL));
    if (o.visible()) {
      s.text({1.6f, 1.75f}, "state h (N = 4)", 0.24f, c.fg, o.alpha, Align::Center, 1, true);
      Mat col(kN, 1);
      for (int n = 0; n < kN; ++n) col(n, 0) = osc.alpha > 0 ? h_(n, cur) : 0.0f;
      s.matrix({1.0f, 2.05f}, col, 1.2f, 0.5f, o.alpha, 1.0f, o.create);
      if (osc.alpha > 0) {
        std::snprintf(b, sizeof b, "at t = %d", cur + 1);
        s.text({1.6f, 4.35f}, b, 0.22f, c.dim, osc.alpha, Align::Center);
      }
    }
    o = st(kEq, t);
    // The discretized recurrence as the scan computes it (ZOH for A, Euler for B, as in Mamba).
    s.math({3.4f, 2.2f}, R"tex(h_t = \bar{A}_t\, h_{t-1} + \bar{B}_t\, u_t, \qquad y_t = C\, h_t + D\, u_t)tex", 0.32f,
           Align::Left, o.alpha);
    s.math({3.4f, 2.8f}, R"tex(\bar{A}_t = e^{\Delta_t A}, \qquad \bar{B}_t = \Delta_t B)tex", 0.32f, Align::Left, o.alpha);
    std::snprintf(b, sizeof b, "A = (%.1f, %.1f, %.1f, %.1f), B = 1, C = (%.1f, %.1f, %.1f, %.1f), D = %g fixed here; \xCE\x94 varies",
                  A_[0], A_[1], A_[2], A_[3], C_[0], C_[1], C_[2], C_[3], D_[0]);
    s.text({3.4f, 3.3f}, b, 0.22f, c.dim, o.alpha);

    // Chapter 3: input u_t and Δ_t.
    const float px0 = 3.4f, px1 = 15.4f, step = (px1 - px0) / (kL - 1);
    o = st(kInput, t);
    s.text({px0 - 0.2f, 4.45f}, "u\xE2\x82\x9C", 0.28f, c.accent, o.alpha, Align::Right);
    s.plot({px0, 3.9f}, {px1, 5.0f}, u_, -1.1f, 1.1f, c.accent, o.alpha, o.create, true, true);
    const ObjState od = st(kDelta, t);
    s.text({px0 - 0.2f, 5.6f}, "\xCE\x94\xE2\x82\x9C", 0.28f, c.warn, od.alpha, Align::Right);
    float dmax = 0;
    for (float d : cache_.delta) dmax = std::max(dmax, d);
    for (int i = 0; i < kL; ++i) {
      const float a = od.alpha * window(od.create, i / float(kL), 1.0f / kL, Ease::Linear);
      const float hgt = cache_.delta[i] / dmax * 0.9f;
      s.box({px0 + i * step - 0.12f, 6.1f - hgt}, {px0 + i * step + 0.12f, 6.1f}, Stage::with_alpha(c.warn, 0.7f), 0, a, 0.02f);
      std::snprintf(b, sizeof b, "%.2f", cache_.delta[i]);
      s.text({px0 + i * step, 6.25f}, b, 0.16f, c.dim, a, Align::Center);
    }
    if (od.visible() && od.create >= 1) {
      s.text({1.6f, 5.3f}, "large \xCE\x94: forget,", 0.2f, c.warn, od.alpha, Align::Center);
      s.text({1.6f, 5.6f}, "write the input", 0.2f, c.warn, od.alpha, Align::Center);
      s.text({1.6f, 6.0f}, "small \xCE\x94: keep h,", 0.2f, c.dim, od.alpha, Align::Center);
      s.text({1.6f, 6.3f}, "skip the input", 0.2f, c.dim, od.alpha, Align::Center);
    }

    // Chapter 4: the scan: states and output revealed up to the cursor.
    const float prog = osc.alpha > 0 ? (cur + 1) / float(kL) : 0.0f;
    o = st(kStates, t);
    const ImU32 hcol[kN] = {c.q, c.k, c.v, c.warn};
    for (int n = 0; n < kN; ++n) {
      std::vector<float> hn(kL);
      for (int i = 0; i < kL; ++i) hn[i] = h_(n, i);
      s.plot({px0, 6.55f}, {px1, 7.75f}, hn, -2.0f, 2.0f, hcol[n], o.alpha, (prog * kL - 1) / (kL - 1), n == 0, false);
    }
    if (o.visible()) s.text({px0 - 0.2f, 7.15f}, "h\xE2\x82\x9C", 0.28f, c.fg, o.alpha, Align::Right);
    o = st(kOutput, t);
    if (osc.alpha > 0 && o.visible()) {
      const float x = px0 + cur * step;
      s.line({x, 3.85f}, {x, 7.8f}, c.fg, osc.alpha * 0.5f, 0.02f);
      std::snprintf(b, sizeof b, "t=%d  u=%.2f  \xCE\x94=%.2f  exp(\xCE\x94" "A\xE2\x82\x81)=%.2f  y=%.2f", cur + 1, u_[cur],
                    cache_.delta[cur], std::exp(cache_.delta[cur] * A_[0]), y_[cur]);
      s.text({px0, 3.6f}, b, 0.22f, c.fg, o.alpha);
    }

    // Chapter 5: memory while generating.
    o = st(kMem, t);
    const ImVec2 a{2.5f, 2.2f}, bb{14.5f, 7.2f};
    if (o.visible()) {
      std::snprintf(b, sizeof b, "values kept per layer while generating (d_model = %d, N = %d, d_inner = %d)",
                    mcfg_.d_model, mcfg_.d_state, mcfg_.d_inner());
      s.text({8.0f, 1.7f}, b, 0.26f, c.fg, o.alpha, Align::Center);
      s.text({a.x, bb.y + 0.3f}, "0", 0.2f, c.dim, o.alpha, Align::Center);
      s.text({bb.x, bb.y + 0.3f}, "2048 tokens", 0.2f, c.dim, o.alpha, Align::Center);
    }
    const ObjState om = st(kMemPlot, t);
    const float top = attn_mem_.back();
    s.plot(a, bb, attn_mem_, 0, top, c.warn, om.alpha, om.create, true);
    s.plot(a, bb, mamba_mem_, 0, top, c.good, om.alpha, om.create, false);
    if (om.visible()) {
      const int i = std::min(32, static_cast<int>(om.create * 32));
      std::snprintf(b, sizeof b, "attention KV cache: 2 \xC3\x97 %d \xC3\x97 tokens = %.0f values", mcfg_.d_model, attn_mem_[i]);
      s.text({a.x + 0.3f, 2.7f}, b, 0.26f, c.warn, om.alpha);
      std::snprintf(b, sizeof b, "Mamba state: %d \xC3\x97 (%d + %d) = %lld values, at any length", mcfg_.d_inner(),
                    mcfg_.d_state, mcfg_.d_conv - 1, static_cast<long long>(mamba_state_));
      s.text({a.x + 0.3f, 3.15f}, b, 0.26f, c.good, om.alpha);
    }

    caption(s, t, kCap1, "To predict the next token, attention looks back at every earlier key and value.");
    caption(s, t, kCap2, "A state space model carries the past in a fixed-size state instead.");
    caption(s, t, kCap3, "Mamba computes \xCE\x94 from the input: it picks which tokens are written into the state.");
    caption(s, t, kCap4, "Noise barely moves h; the salient inputs are written and then slowly fade.");
    caption(s, t, kCap5, "The cost of the past: a cache that grows with the text vs. a state of fixed size.");
  }

  std::vector<float> u_, A_, C_, D_, y_;
  ssm::SelectiveScanCache<float> cache_;
  Mat h_;
  ssm::MambaConfig mcfg_;
  int64_t mamba_state_ = 0;
  std::vector<float> attn_mem_, mamba_mem_;
};

}  // namespace

TMX_REGISTER_SCENE(MambaMechanism, "mamba-mechanism", "Mamba mechanism",
                   "Selective scan: an input-dependent \xCE\x94 gates a fixed-size state, vs. attention's growing cache");

}  // namespace tmx::anim
