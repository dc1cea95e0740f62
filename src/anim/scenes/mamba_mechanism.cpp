// "Mamba mechanism": the selective scan. Attention keeps a cache that grows with every token;
// Mamba keeps a fixed-size state h_t, and the block computes Δ_t, B_t and C_t from its input u_t
// (x_proj, dt_proj, softplus) to decide, token by token, how much of the old state to keep and
// how much of the new input to write. Every number on screen comes from one seeded (untrained)
// tmx::ssm::mamba_block_forward run: its trace gives u, Δ, B, C, h and y.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "anim/scene.h"
#include "anim/scene_data.h"
#include "core/rng.h"
#include "core/ssm/mamba_block.h"
#include "core/trace.h"

namespace tmx::anim {
namespace {

constexpr int kL = 16;

std::vector<float> col_of(const Mat& m, int c) {
  std::vector<float> v(m.rows());
  for (int i = 0; i < m.rows(); ++i) v[i] = m(i, c);
  return v;
}

class MambaMechanism : public Scene {
 public:
  MambaMechanism()
      : Scene("Mamba: the selective scan",
              "one tiny untrained Mamba block, seeded; its input and selection projections scaled \xC3\x97{0} and \xC3\x97{1} so \xCE\x94 varies visibly",
              {"2", "8"}) {
    // Data: one tiny Mamba block (d_model 4, E = 4 channels, N = 4 states), seeded weights, on a
    // quiet input with three strong tokens. Δ, B and C are the block's own projections of u
    // (x_proj, dt_proj, softplus). Untrained weights at init scale give an almost constant Δ, so
    // in_proj and x_proj are scaled up (the subtitle says so); everything else is the block's
    // normal forward pass.
    ssm::MambaConfig cfg;
    cfg.d_model = 4;
    cfg.expand = 1;
    cfg.d_state = 4;
    cfg.d_conv = 4;
    cfg.dt_min = 0.02f;
    cfg.dt_max = 0.1f;
    Rng rng(1);
    ssm::MambaBlockParams p = ssm::mamba_block_init(cfg, rng);
    p.in_proj_weight *= 2.0f;
    p.x_proj_weight *= 8.0f;
    Mat x(kL, cfg.d_model);
    for (int t = 0; t < kL; ++t)
      for (int j = 0; j < cfg.d_model; ++j) x(t, j) = (rng.uniform() - 0.5f) * 0.4f;
    for (int t : {2, 7, 12})
      for (int j = 0; j < cfg.d_model; ++j) x(t, j) = (j % 2 ? -1.5f : 1.5f) * (t == 7 ? -1.0f : 1.0f);
    Mat out;
    ssm::MambaBlockCache cache;
    Trace tr;
    ssm::mamba_block_forward(cfg, p, x, 1, kL, out, cache, &tr);
    const Mat& U = need(tr, "conv.act");
    const Mat& Dl = need(tr, "delta");
    const Mat& H = need(tr, "h");
    const Mat B = need(tr, "B"), C = need(tr, "C"), Y = need(tr, "y"), A = need(tr, "A");
    const int N = cfg.d_state;
    // Show the channel whose Δ varies most (the most selective one).
    int e = 0;
    float best = -1;
    for (int c = 0; c < cfg.d_inner(); ++c) {
      const float span = Dl.col(c).maxCoeff() - Dl.col(c).minCoeff();
      if (span > best) { best = span; e = c; }
    }
    const std::vector<float> u = col_of(U, e), delta = col_of(Dl, e), y = col_of(Y, e);
    Mat h(kL, N);
    for (int t = 0; t < kL; ++t)
      for (int k = 0; k < N; ++k) h(t, k) = H(t, e * N + k);
    const float ulim = std::max(0.5f, std::ceil(std::max(-U.col(e).minCoeff(), U.col(e).maxCoeff()) * 2) / 2);
    const float dlim = std::ceil(Dl.col(e).maxCoeff() * 20) / 20;
    const float hlim = std::max(0.5f, std::ceil(h.cwiseAbs().maxCoeff() * 2) / 2);
    // Memory per layer while generating: attention caches K and V for every token (d_model
    // each); Mamba keeps d_inner × N SSM values plus d_inner × (d_conv − 1) conv taps.
    ssm::MambaConfig mc;
    mc.d_model = 768;
    mc.d_state = 16;
    mc.d_conv = 4;
    mc.expand = 2;
    mc.validate();
    const int64_t mamba_state = int64_t(mc.d_inner()) * (mc.d_state + mc.d_conv - 1);
    std::vector<float> attn_mem, mamba_mem;
    for (int i = 0; i <= 32; ++i) {
      attn_mem.push_back(2.0f * mc.d_model * 2048.0f * i / 32 / 1e6f);
      mamba_mem.push_back(mamba_state / 1e6f);
    }
    auto n = [](int64_t v) { return std::to_string(v); };

    // Layout: the state, B_t and C_t columns on the left; u, Δ and h plots on the right.
    const ImVec2 vcell{0.8f, 0.45f};
    const std::vector<Rect> cols = row({0.5f, 2.45f}, {vcell.x, vcell.y * N}, 3, 0.2f);
    const Rect up{{4.3f, 3.35f}, {15.4f, 4.25f}}, dp{{4.3f, 5.0f}, {15.4f, 5.8f}}, hp{{4.3f, 6.55f}, {15.4f, 7.45f}};
    auto xat = [=](int t) { return up.min.x + up.w() * t / (kL - 1); };

    // Chapter 1: attention's cache grows by one K and one V column per token. Chapter 2: tokens
    // and cache collapse into the state's place (a transform between two layouts).
    const Rect into = Rect::centered(cols[0].center(), {0.3f, 0.3f});
    auto collapse = [=](const Rect& r, float u) { return Rect{lerp(r.min, into.min, u), lerp(r.max, into.max, u)}; };
    int tokens = obj([=](Stage& s, const ObjState& o) {
      for (int i = 0; i < kL; ++i) {
        const Rect r = collapse(Rect::at({0.9f + i * 0.9f, 2.0f}, {0.72f, 0.6f}), o.morph);
        s.box(r, s.col().box, s.col().accent, o.alpha, 0.08f);
        s.text(r.center(), "x" + n(i + 1), Txt::small().center().alpha(o.alpha * (1 - o.morph)).moving(o.morph > 0));
      }
    });
    int kvcache = obj([=](Stage& s, const ObjState& o) {
      const int shown = std::min(kL, static_cast<int>(o.create * kL) + 1);
      for (int i = 0; i < shown; ++i) {
        const float x0 = 0.95f + i * 0.9f, a = o.alpha * window(o.create * kL + 1, i, 1.0f, Ease::OutBack);
        s.box(collapse(Rect::at({x0, 3.3f - 0.6f * (1 - a)}, {0.62f, 1.3f}), o.morph), Stage::with_alpha(s.col().k, 0.45f), s.col().k, a, 0.05f);
        s.box(collapse(Rect::at({x0, 4.8f - 0.6f * (1 - a)}, {0.62f, 1.3f}), o.morph), Stage::with_alpha(s.col().v, 0.45f), s.col().v, a, 0.05f);
      }
      const float still = o.alpha * (1 - o.morph);
      s.math({0.6f, 3.95f}, R"tex(K)tex", Txt().center().alpha(still).col(s.col().k));
      s.math({0.6f, 5.45f}, R"tex(V)tex", Txt().center().alpha(still).col(s.col().v));
      s.text({8.0f, 6.8f}, s.tr("tokens so far: {0}    cached keys: {0}    cached values: {0}    (and growing)", {n(shown)}),
             Txt::label().center().alpha(still));
    });
    // Chapter 4's cursor (declared first: the columns and plots follow it). t = cursor index.
    auto cursor = [](const ObjState& o) { return std::min(kL - 1, static_cast<int>(o.morph * kL)); };
    int scan = obj([=](Stage& s, const ObjState& o) {
      const int t = cursor(o);
      for (const Rect& r : {up, dp, hp}) s.line({xat(t), r.min.y}, {xat(t), r.max.y}, s.col().fg, o.alpha * 0.7f, 0.02f);
      const std::string rows[] = {s.tr("step t = {0}", {n(t + 1)}), "u = " + num("%.2f", u[t]),
                                  "\xCE\x94 = " + num("%.3f", delta[t]), "y = " + num("%.2f", y[t])};
      for (int i = 0; i < 4; ++i) s.text({0.5f, 5.3f + 0.4f * i}, rows[i], Txt::label().alpha(o.alpha));
    });
    // Chapter 2: the state and the recurrence. The columns show the values at the scan's cursor.
    int state = obj([=](Stage& s, const ObjState& o) {
      const ObjState sc = st(scan, o.t);
      const int t = cursor(sc);
      Mat hc(N, 1);
      for (int k = 0; k < N; ++k) hc(k, 0) = sc.visible() ? h(t, k) : 0.0f;
      s.matrix(cols[0].min, hc, Mx().cell(vcell.x, vcell.y).tint(hlim).alpha(o.alpha).reveal(o.create));
      s.math(cols[0].label_above(0.3f), R"tex(h_t)tex", Txt().center().alpha(o.alpha));
    });
    int bc = obj([=](Stage& s, const ObjState& o) {
      const int t = cursor(st(scan, o.t));
      Mat bt(N, 1), ct(N, 1);
      for (int k = 0; k < N; ++k) { bt(k, 0) = B(t, k); ct(k, 0) = C(t, k); }
      s.matrix(cols[1].min, bt, Mx().cell(vcell.x, vcell.y).tint(1.0f).alpha(o.alpha).reveal(o.create));
      s.matrix(cols[2].min, ct, Mx().cell(vcell.x, vcell.y).tint(1.0f).alpha(o.alpha).reveal(o.create));
      s.math(cols[1].label_above(0.3f), R"tex(B_t)tex", Txt().center().alpha(o.alpha).col(s.col().k));
      s.math(cols[2].label_above(0.3f), R"tex(C_t)tex", Txt().center().alpha(o.alpha).col(s.col().v));
    });
    int eq = obj([=](Stage& s, const ObjState& o) {
      // The discretized recurrence as the scan computes it (ZOH for A, Euler for B, as in Mamba).
      s.math({4.3f, 1.85f}, R"tex(h_t = e^{\Delta_t A} h_{t-1} + \Delta_t B_t\, u_t, \qquad y_t = C_t h_t + D\, u_t)tex",
             Txt().size(0.28f).alpha(o.alpha).reveal(o.write > 0 ? o.write : 1));
      s.text({4.3f, 2.5f}, s.tr("A = ({0}, {1}, {2}, {3}) is learned but fixed; \xCE\x94, B and C change with every token",
                                {num("%.0f", A(e, 0)), num("%.0f", A(e, 1)), num("%.0f", A(e, 2)), num("%.0f", A(e, 3))}),
             Txt::small().col(s.col().dim).alpha(o.alpha));
    });
    // Chapter 3: u_t, and Δ_t computed from it.
    int uplot = obj([=](Stage& s, const ObjState& o) {
      s.plot(up, {{u, s.col().accent, s.tr("input u, channel {0}", {n(e + 1)}), true}},
             PlotOpts().range(-ulim, ulim).x(1, kL, "token").alpha(o.alpha).progress(o.create));
    });
    int dplot = obj([=](Stage& s, const ObjState& o) {
      s.plot(dp, {{delta, s.col().warn, s.tr("step \xCE\x94, computed from u by the block"), true}},
             PlotOpts().range(0, dlim).y_fmt("%.2f").x(1, kL, "token").alpha(o.alpha).progress(o.create));
    });
    int rule = obj([=](Stage& s, const ObjState& o) {
      s.text({0.5f, 5.3f}, s.tr("large \xCE\x94: forget h,"), Txt::small().col(s.col().warn).alpha(o.alpha));
      s.text({0.5f, 5.6f}, s.tr("write this input"), Txt::small().col(s.col().warn).alpha(o.alpha));
      s.text({0.5f, 6.1f}, s.tr("small \xCE\x94: keep h,"), Txt::small().col(s.col().dim).alpha(o.alpha));
      s.text({0.5f, 6.4f}, s.tr("skip this input"), Txt::small().col(s.col().dim).alpha(o.alpha));
    });
    // Chapter 4: the states revealed up to the cursor.
    int hplot = obj([=](Stage& s, const ObjState& o) {
      const ObjState sc = st(scan, o.t);
      const float prog = sc.visible() ? cursor(sc) / float(kL - 1) : 0.0f;
      const ImU32 hc[4] = {s.col().q, s.col().k, s.col().v, s.col().warn};
      std::vector<Series> ss;
      for (int k = 0; k < N; ++k) ss.push_back({col_of(h, k), hc[k], s.tr("state {0}", {n(k + 1)})});
      s.plot(hp, ss, PlotOpts().range(-hlim, hlim).x(1, kL, "token").alpha(o.alpha).progress(prog));
    });
    // Chapter 5: memory while generating.
    int mem = obj([=](Stage& s, const ObjState& o) {
      const Rect r{{2.2f, 2.6f}, {14.6f, 6.9f}};
      s.text({8.0f, 1.8f}, s.tr("values kept per layer while generating (model width {0}, {1} states, {2} channels)",
                                {n(mc.d_model), n(mc.d_state), n(mc.d_inner())}), Txt::label().center().alpha(o.alpha));
      s.plot(r, {{attn_mem, s.col().warn, s.tr("attention KV cache")}, {mamba_mem, s.col().good, s.tr("Mamba state")}},
             PlotOpts().range(0, attn_mem.back()).y_fmt("%.1fM").x(0, 2048, "tokens").alpha(o.alpha).progress(o.create));
      const int i = std::min(32, static_cast<int>(o.create * 32));
      s.text({r.min.x + 0.3f, 2.95f}, s.tr("attention: 2 \xC3\x97 {0} \xC3\x97 tokens = {1} values", {n(mc.d_model), num("%.0f", attn_mem[i] * 1e6)}),
             Txt::label().col(s.col().warn).alpha(o.alpha));
      s.text({r.min.x + 0.3f, 3.4f}, s.tr("Mamba: {0} \xC3\x97 ({1} + {2}) = {3} values, at any length",
                                          {n(mc.d_inner()), n(mc.d_state), n(mc.d_conv - 1), n(mamba_state)}),
             Txt::label().col(s.col().good).alpha(o.alpha));
    });

    // Timeline.
    tl_.chapter("Attention keeps every token", "To predict the next token, attention looks back at every earlier key and value.")
        .create({tokens, kvcache}, 0).create({kvcache}, 5.0f, 0, Ease::Linear).then(2.0f);
    tl_.chapter("Mamba keeps a fixed-size state", "A state space model carries the past in a fixed-size state instead.")
        .transform({tokens, kvcache}, 1.2f).wait(0.8f).fade_out({tokens, kvcache}, 0.4f).then().create({state}, 0.8f).then().write({eq}, 1.5f).then(2.5f);
    tl_.chapter("\xCE\x94, B and C come from the input", "The block computes \xCE\x94, B and C from each input: that is what makes it selective.")
        .create({uplot}, 1.2f).then(0.3f).create({dplot}, 1.5f).then(0.3f).create({bc, rule}, 0.8f).then(2.5f);
    tl_.chapter("The selective scan", "Step by step: a large \xCE\x94 writes the input into h, a small one keeps what h holds.")
        .fade_out({rule}, 0.4f).then().create({scan, hplot}, 0.5f).then().transform({scan}, 10.0f, Ease::Linear).then(2.0f);
    tl_.chapter("Growing cache vs constant state", "The cost of the past: a cache that grows with the text vs. a state of fixed size.")
        .fade_out({state, bc, eq, uplot, dplot, scan, hplot}, 0.6f).then().create({mem}, 3.0f, 0, Ease::Linear).then();
    tl_.end(4.0f);
  }
};

}  // namespace

TMX_REGISTER_SCENE(MambaMechanism, "mamba-mechanism", "Mamba mechanism",
                   "Selective scan: Δ, B and C computed from the input gate a fixed-size state, vs. attention's growing cache");

}  // namespace tmx::anim
