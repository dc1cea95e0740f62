// Scene `mamba-math`: the continuous system h' = Ah + Bu, y = Ch + Du; its ZOH discretization
// with step Δ; the recurrence unrolled into a convolution with kernel K = (CB̄, CĀB̄, CĀ²B̄, …)
// and the two outputs side by side; selectivity (Δ_t, B_t, C_t computed from u_t, so every output
// step gets its own weights); and the parallel scan's up-sweep and down-sweep over the pairs
// (Ā, B̄u) as a tree. Every number comes from mamba_math_data() (ssm_scenes.h), computed by the
// core when the scene is built; tests/ui/test_ssm_scenes.cpp checks it against the core.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "anim/scene.h"
#include "anim/scene_data.h"
#include "anim/scenes/ssm_scenes.h"
#include "core/rng.h"
#include "core/ssm/hidden_attention.h"
#include "core/ssm/mamba_block.h"
#include "core/ssm/selective_scan.h"

namespace tmx::anim {

MambaMathData mamba_math_data() {
  MambaMathData d;
  constexpr int N = MambaMathData::kN, L = MambaMathData::kL;
  // A = −exp(A_log) as Mamba initializes it (A_log[n] = log(n + 1): A = −1, −2, −3).
  ssm::MambaConfig cfg;
  cfg.d_model = 1;
  cfg.expand = 1;
  cfg.d_state = N;
  Rng init_rng(MambaMathData::kSeed);
  const ssm::MambaBlockParams p = ssm::mamba_block_init(cfg, init_rng);
  d.A.resize(N);
  for (int n = 0; n < N; ++n) d.A[n] = -std::exp(p.A_log(0, n));
  Rng rng(MambaMathData::kSeed);
  d.B.resize(N);
  d.C.resize(N);
  for (int n = 0; n < N; ++n) d.B[n] = 0.5f + rng.uniform();
  for (int n = 0; n < N; ++n) d.C[n] = 0.5f + rng.uniform();
  d.u.resize(L);
  for (int t = 0; t < L; ++t) d.u[t] = rng.normal();

  d.zoh = ssm::discretize_diag(ssm::Discretization::ZOH, d.delta, d.A, d.B);
  d.lti.A_bar = d.zoh.A_bar;
  d.lti.B_bar = d.zoh.B_bar;
  d.lti.C = d.C;
  d.lti.D = 0;
  d.kernel = ssm::lti_kernel(d.lti, L);
  ssm::lti_recurrence(d.lti, d.u, d.y_rec, &d.h_rec);
  ssm::lti_convolution(d.lti, d.u, d.y_conv);
  ssm::lti_parallel_scan(d.lti, d.u, d.y_scan, &d.traces);
  d.decay.assign(N, {});
  for (int i = 0; i <= 40; ++i) {
    if (i == 0) {
      for (int n = 0; n < N; ++n) d.decay[n].push_back(1.0f);  // e^0
      continue;
    }
    const ssm::DiagDiscrete z = ssm::discretize_diag(ssm::Discretization::ZOH, 0.1f * i, d.A, d.B);
    for (int n = 0; n < N; ++n) d.decay[n].push_back(z.A_bar[n]);
  }

  // Selective: seeded selection weights, then the core's selective scan (Mamba's rule B̄ = ΔB).
  d.w_delta = 1.0f + 2.0f * rng.uniform();
  d.b_delta = -1.0f - rng.uniform();
  d.w_B.resize(N);
  d.w_C.resize(N);
  for (int n = 0; n < N; ++n) d.w_B[n] = rng.normal();
  for (int n = 0; n < N; ++n) d.w_C[n] = rng.normal();
  std::vector<float> u(d.u.data(), d.u.data() + L), pre(L), Bm(size_t(N) * L), Cm(size_t(N) * L), A(d.A.data(), d.A.data() + N);
  d.sel_B.resize(L, N);
  d.sel_C.resize(L, N);
  for (int t = 0; t < L; ++t) {
    pre[t] = d.w_delta * u[t] + d.b_delta;
    for (int n = 0; n < N; ++n) {
      Bm[size_t(n) * L + t] = d.sel_B(t, n) = d.w_B[n] * u[t];
      Cm[size_t(n) * L + t] = d.sel_C(t, n) = d.w_C[n] * u[t];
    }
  }
  ssm::SelectiveScanArgs<float> a;
  a.dim = 1, a.dstate = N, a.len = L;
  a.u = u.data(), a.delta = pre.data(), a.A = A.data(), a.Bm = Bm.data(), a.Cm = Cm.data();
  a.delta_softplus = true;
  ssm::SelectiveScanCache<float> cache;
  d.sel_y.assign(L, 0.0f);
  ssm::selective_scan_forward(a, d.sel_y.data(), cache);
  d.sel_delta = cache.delta;
  d.sel_y_assoc = ssm::selective_scan_associative(a, cache.delta);
  d.sel_abar.resize(L, N);
  for (int t = 0; t < L; ++t)
    for (int n = 0; n < N; ++n) d.sel_abar(t, n) = std::exp(d.sel_delta[t] * d.A[n]);
  d.alpha_sel = ssm::hidden_attention_channel(d.sel_delta.data(), A.data(), d.sel_B, d.sel_C);
  d.alpha_lti = Mat::Zero(L, L);
  for (int t = 0; t < L; ++t)
    for (int s = 0; s <= t; ++s) d.alpha_lti(t, s) = d.kernel[t - s];
  return d;
}

namespace {

std::string f2(float v) {  // no "-0.00"
  const std::string r = num("%.2f", v);
  return r == "-0.00" ? "0.00" : r;
}

class MambaMath : public Scene {
 public:
  MambaMath()
      : Scene("Mamba: the math", "{0} states, {1} steps; A from Mamba's initialization, B, C, the input and the selection weights seeded",
              {std::to_string(MambaMathData::kN), std::to_string(MambaMathData::kL)}) {
    const MambaMathData d = mamba_math_data();
    constexpr int N = MambaMathData::kN, L = MambaMathData::kL;
    auto col = [](const Vec& v) {
      Mat m(v.size(), 1);
      for (int i = 0; i < v.size(); ++i) m(i, 0) = v[i];
      return m;
    };

    // Chapter 1: the continuous system.
    int sys = obj([=](Stage& s, const ObjState& o) {
      s.math({0.8f, 2.2f}, R"tex(h'(t) = A\,h(t) + B\,u(t), \qquad y(t) = C\,h(t) + D\,u(t))tex", Txt().alpha(o.alpha).reveal(o.write > 0 ? o.write : 1));
    });
    const ImVec2 vc{0.95f, 0.5f};
    const std::vector<Rect> vr = row({0.8f, 3.35f}, {vc.x, vc.y * N}, 3, 0.25f);
    int abc = obj([=](Stage& s, const ObjState& o) {
      s.matrix(vr[0].min, col(d.A), Mx().cell(vc.x, vc.y).tint(3.0f).alpha(o.alpha).reveal(o.create));
      s.matrix(vr[1].min, col(d.B), Mx().cell(vc.x, vc.y).tint(2.0f).alpha(o.alpha).reveal(o.create));
      s.matrix(vr[2].min, col(d.C), Mx().cell(vc.x, vc.y).tint(2.0f).alpha(o.alpha).reveal(o.create));
      s.math(vr[0].label_above(0.3f), R"tex(A)tex", Txt().center().alpha(o.alpha));
      s.math(vr[1].label_above(0.3f), R"tex(B)tex", Txt().center().alpha(o.alpha).col(s.col().k));
      s.math(vr[2].label_above(0.3f), R"tex(C)tex", Txt().center().alpha(o.alpha).col(s.col().v));
      s.text({0.8f, vr[0].max.y + 0.45f}, s.tr("A is diagonal: {0} states, each", {std::to_string(N)}), Txt::small().col(s.col().dim).alpha(o.alpha));
      s.text({0.8f, vr[0].max.y + 0.8f}, s.tr("a leaky memory; D = 0 here"), Txt::small().col(s.col().dim).alpha(o.alpha));
    });
    const Rect dp{{8.9f, 3.2f}, {15.2f, 6.6f}};
    int decay = obj([=](Stage& s, const ObjState& o) {
      const ImU32 cs[3] = {s.col().q, s.col().k, s.col().v};
      std::vector<Series> ss;
      for (int n = 0; n < N; ++n) ss.push_back({d.decay[n], cs[n], s.tr("state {0}: A = {1}", {std::to_string(n + 1), num("%.0f", d.A[n])})});
      s.plot(dp, ss, PlotOpts().range(0, 1).x(0, 4, "time").alpha(o.alpha).progress(o.create));
      s.text({dp.center().x, dp.max.y + 0.75f}, s.tr("left alone, state n decays like exp(A\xE2\x82\x99 t)"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });
    // Chapter 2: ZOH with step Δ.
    const std::vector<Rect> br = row({5.55f, 3.35f}, {vc.x, vc.y * N}, 2, 0.25f);
    int disc = obj([=](Stage& s, const ObjState& o) {
      s.arrow({vr[2].max.x + 0.2f, vr[0].center().y}, {br[0].min.x - 0.15f, br[0].center().y}, s.col().accent, o.alpha, o.create);
      s.text({(vr[2].max.x + br[0].min.x) / 2, vr[0].center().y - 0.35f}, s.tr("ZOH"), Txt::small().center().col(s.col().accent).alpha(o.alpha));
      s.text({(vr[2].max.x + br[0].min.x) / 2, vr[0].center().y + 0.35f}, "\xCE\x94 = " + f2(d.delta), Txt::small().center().col(s.col().accent).alpha(o.alpha));
      Mat ab = col(d.zoh.A_bar), bb = col(d.zoh.B_bar);
      s.matrix(br[0].min, ab, Mx().cell(vc.x, vc.y).tint(1.0f).alpha(o.alpha).reveal(o.create));
      s.matrix(br[1].min, bb, Mx().cell(vc.x, vc.y).tint(1.0f).alpha(o.alpha).reveal(o.create));
      s.math(br[0].label_above(0.3f), R"tex(\bar{A})tex", Txt().center().alpha(o.alpha));
      s.math(br[1].label_above(0.3f), R"tex(\bar{B})tex", Txt().center().alpha(o.alpha).col(s.col().k));
      s.math({0.8f, 6.25f}, R"tex(\bar{A} = e^{\Delta A}, \quad \bar{B} = (\Delta A)^{-1}\left(e^{\Delta A} - I\right)\Delta B)tex", Txt().size(0.26f).alpha(o.alpha));
      s.math({0.8f, 7.2f}, R"tex(h_t = \bar{A}\,h_{t-1} + \bar{B}\,u_t, \qquad y_t = C\,h_t + D\,u_t)tex", Txt().size(0.26f).alpha(o.alpha * o.create));
    });

    // Chapter 3: the kernel, and both outputs.
    const ImVec2 tc{1.45f, 0.52f};
    const Rect tab = Rect::at({3.6f, 3.2f}, {tc.x * L, tc.y * 4});
    int conv = obj([=](Stage& s, const ObjState& o) {
      s.math({0.8f, 2.1f}, R"tex(K = \left(C\bar{B},\; C\bar{A}\bar{B},\; C\bar{A}^2\bar{B},\; \dots\right), \qquad y_t = \sum_{k=0}^{t} K_k\, u_{t-k} + D\,u_t)tex",
             Txt().size(0.26f).alpha(o.alpha));
      Mat m(4, L);
      for (int t = 0; t < L; ++t) {
        m(0, t) = d.u[t];
        m(1, t) = d.kernel[t];
        m(2, t) = d.y_rec[t];
        m(3, t) = d.y_conv[t];
      }
      s.matrix(tab.min, m, Mx().cell(tc.x, tc.y).tint(2.0f).fmt("%.3f").alpha(o.alpha).reveal(o.create));
      for (int t = 0; t < L; ++t) s.text({tab.min.x + tc.x * (t + 0.5f), tab.min.y - 0.25f}, std::to_string(t), Txt::small().center().col(s.col().dim).alpha(o.alpha));
      s.text({tab.min.x - 0.2f, tab.min.y - 0.25f}, s.tr("t or k"), Txt::small().right().col(s.col().dim).alpha(o.alpha));
      const char* names[4] = {"input u", "kernel K", "y, recurrence", "y, convolution"};
      for (int r = 0; r < 4; ++r)
        s.text({tab.min.x - 0.2f, tab.min.y + tc.y * (r + 0.5f)}, s.tr(names[r]), Txt::label().right().alpha(o.alpha * window(o.create * 4, r, 1)));
    });
    const Rect yp{{3.6f, 5.7f}, {15.2f, 7.5f}};
    int same = obj([=](Stage& s, const ObjState& o) {
      float diff = 0, lim = 0;
      for (int t = 0; t < L; ++t) {
        diff = std::max(diff, std::fabs(d.y_rec[t] - d.y_conv[t]));
        lim = std::max(lim, std::fabs(d.y_rec[t]));
      }
      lim = std::ceil(lim * 2) / 2;
      std::vector<float> yr(d.y_rec.data(), d.y_rec.data() + L), yc(d.y_conv.data(), d.y_conv.data() + L);
      s.plot(yp, {{yr, s.col().accent, s.tr("recurrence")}, {yc, s.col().good, s.tr("convolution"), true}},
             PlotOpts().range(-lim, lim).x(0, L - 1, "t").alpha(o.alpha).progress(o.create));
      s.text({0.8f, 6.3f}, s.tr("largest gap:"), Txt::small().alpha(o.alpha));
      s.text({0.8f, 6.65f}, num("%.1e", diff), Txt::small().alpha(o.alpha).col(s.col().good));
    });

    // Chapter 4: selectivity.
    const ImVec2 sc{1.2f, 0.42f};
    const Rect stab = Rect::at({4.4f, 2.75f}, {sc.x * L, sc.y * 4});
    int sel = obj([=](Stage& s, const ObjState& o) {
      s.math({0.8f, 2.0f}, R"tex(\Delta_t = \mathrm{softplus}(w_\Delta u_t + b_\Delta), \quad B_t = w_B\, u_t, \quad C_t = w_C\, u_t, \quad \bar{A}_t = e^{\Delta_t A})tex",
             Txt().size(0.26f).alpha(o.alpha));
      Mat m(4, L);
      for (int t = 0; t < L; ++t) {
        m(0, t) = d.u[t];
        m(1, t) = d.sel_delta[t];
        m(2, t) = d.sel_abar(t, 0);
        m(3, t) = d.sel_B(t, 0);
      }
      s.matrix(stab.min, m, Mx().cell(sc.x, sc.y).tint(2.0f).alpha(o.alpha).reveal(o.create));
      const char* names[4] = {"input u", "step \xCE\x94", "\xC4\x80 = exp(\xCE\x94" "A), state 1", "B, state 1"};
      for (int r = 0; r < 4; ++r)
        s.text({stab.min.x - 0.2f, stab.min.y + sc.y * (r + 0.5f)}, s.tr(names[r]), Txt::small().right().alpha(o.alpha * window(o.create * 4, r, 1)));
    });
    const float hc = 0.34f;
    const Rect h1 = Rect::at({3.2f, 5.0f}, {hc * L, hc * L}), h2 = Rect::at({9.9f, 5.0f}, {hc * L, hc * L});
    // Each row as shares of its total |weight| (row_normalize): one large step would wash out the rest.
    Mat a1 = ssm::row_normalize(d.alpha_lti).cwiseAbs(), a2 = ssm::row_normalize(d.alpha_sel).cwiseAbs();
    for (int t = 0; t < L; ++t)
      for (int s2 = t + 1; s2 < L; ++s2) a1(t, s2) = a2(t, s2) = NAN;
    int maps = obj([=](Stage& s, const ObjState& o) {
      s.heatmap(h1.min, a1, Hm().cell(hc).range(0, 1).alpha(o.alpha).reveal(o.create));
      s.heatmap(h2.min, a2, Hm().cell(hc).range(0, 1).alpha(o.alpha * o.morph).reveal(o.create));
      s.text(h1.label_above(0.25f), s.tr("fixed system: every row is K, shifted"), Txt::small().center().alpha(o.alpha));
      s.text(h2.label_above(0.25f), s.tr("input-dependent: every row its own weights"), Txt::small().center().alpha(o.alpha * o.morph));
      s.text({h1.max.x + 0.25f, h1.min.y + 0.4f}, s.tr("row t: how much"), Txt::small().col(s.col().dim).alpha(o.alpha));
      s.text({h1.max.x + 0.25f, h1.min.y + 0.75f}, s.tr("each input s \xE2\x89\xA4 t"), Txt::small().col(s.col().dim).alpha(o.alpha));
      s.text({h1.max.x + 0.25f, h1.min.y + 1.1f}, s.tr("adds to y at t"), Txt::small().col(s.col().dim).alpha(o.alpha));
      s.text({h1.max.x + 0.25f, h1.min.y + 1.6f}, s.tr("(|weights|, each"), Txt::small().col(s.col().dim).alpha(o.alpha));
      s.text({h1.max.x + 0.25f, h1.min.y + 1.95f}, s.tr("row summing to 1)"), Txt::small().col(s.col().dim).alpha(o.alpha));
      s.text({h2.max.x + 0.25f, h2.min.y + 0.4f}, s.tr("no single kernel:"), Txt::small().col(s.col().warn).alpha(o.alpha * o.morph));
      s.text({h2.max.x + 0.25f, h2.min.y + 0.75f}, s.tr("no convolution"), Txt::small().col(s.col().warn).alpha(o.alpha * o.morph));
    });

    // Chapters 5 and 6: the scan tree over (Ā, B̄u) of state 1.
    const ssm::ScanTrace& tr = d.traces[0];
    const float nw = 1.6f, ng = 0.2f, nh = 0.72f, x0 = 0.8f;
    const float ys[4] = {2.95f, 3.95f, 4.95f, 5.95f};
    auto node_rect = [=](int i, int level) { return Rect::at({x0 + i * (nw + ng), ys[level] - nh / 2}, {nw, nh}); };
    auto node = [=](Stage& s, const Rect& r, const ssm::ScanElem& e, ImU32 c, float alpha) {
      s.box(r, s.col().box, c, alpha, 0.08f);
      s.text({r.center().x, r.center().y - 0.16f}, "a " + f2(e.a), Txt::small().center().alpha(alpha));
      s.text({r.center().x, r.center().y + 0.16f}, "b " + f2(e.b), Txt::small().center().alpha(alpha));
    };
    int rule = obj([=](Stage& s, const ObjState& o) {
      s.math({0.8f, 2.0f}, R"tex((a_1, b_1) \bullet (a_2, b_2) = (a_2 a_1,\; a_2 b_1 + b_2), \qquad a_t = \bar{A},\; b_t = \bar{B} u_t)tex",
             Txt().size(0.26f).alpha(o.alpha));
    });
    int up = obj([=](Stage& s, const ObjState& o) {
      const int levels = (int)tr.up.size();  // leaves + log2(n) levels
      for (int lv = 0; lv < levels && lv < 4; ++lv) {
        const float a = o.alpha * window(o.create * levels, lv, 1.0f);
        if (a <= 0.003f) continue;
        const int stride = 1 << lv;  // nodes updated at this level: i + stride − 1 for i ≡ 0 mod stride (lv ≥ 1: stride/2 children)
        for (int i = 0; i < tr.n_pad; ++i) {
          const bool upd = lv == 0 || (i + 1) % stride == 0;
          if (!upd) continue;
          node(s, node_rect(i, lv), tr.up[lv][i], lv == 0 ? s.col().accent : s.col().good, a);
          if (lv > 0) {
            const Rect p = node_rect(i, lv), l = node_rect(i - stride / 2, lv - 1), r = node_rect(i, lv - 1);
            s.line(l.bottom(), p.top(), s.col().fg, a * 0.7f, 0.025f);
            s.line(r.bottom(), p.top(), s.col().fg, a * 0.7f, 0.025f);
          }
        }
      }
      s.text({x0, 6.75f}, s.tr("up-sweep: each node combines its two children; the root holds the whole sequence's map"), Txt::small().alpha(o.alpha * o.create));
    });
    int down = obj([=](Stage& s, const ObjState& o) {
      const int levels = (int)tr.down.size();
      for (int lv = 0; lv < levels && lv < 4; ++lv) {
        const float a = o.alpha * window(o.create * levels, lv, 1.0f);
        if (a <= 0.003f) continue;
        // Level lv >= 1 works on spans of n_pad >> (lv − 1) leaves: pairs (i + span/2 − 1, i + span − 1).
        const int span = lv == 0 ? tr.n_pad : tr.n_pad >> (lv - 1);
        for (int i = 0; i < tr.n_pad; ++i) {
          const bool changed = lv == 0 ? i == tr.n_pad - 1 : ((i + 1) % (span / 2) == 0);
          node(s, node_rect(i, lv), tr.down[lv][i], changed ? s.col().good : s.col().faint, a * (changed ? 1.0f : 0.55f));
        }
        if (lv > 0)
          for (int i = 0; i < tr.n_pad; i += span) {
            const Rect src = node_rect(i + span - 1, lv - 1);
            s.line(src.bottom(), node_rect(i + span / 2 - 1, lv).top(), s.col().fg, a * 0.7f, 0.025f);
            s.line(src.bottom(), node_rect(i + span - 1, lv).top(), s.col().fg, a * 0.7f, 0.025f);
          }
      }
    });
    int result = obj([=](Stage& s, const ObjState& o) {
      float diff = 0;
      for (int t = 0; t < L; ++t) diff = std::max(diff, std::fabs(tr.h[t] - d.h_rec(t, 0)));
      for (int t = 0; t < L; ++t) {
        const Rect r = Rect::at({x0 + t * (nw + ng), 6.7f}, {nw, 0.45f});
        s.box(r, s.col().box, s.col().accent, o.alpha, 0.08f);
        s.text(r.center(), "h " + num("%.3f", tr.h[t]), Txt::small().center().alpha(o.alpha));
      }
      s.text({x0, 7.45f}, s.tr("h = a \xC3\x97 prefix + b; the loop gives the same states (largest gap {0})", {num("%.1e", diff)}),
             Txt::small().alpha(o.alpha).col(s.col().good));
    });

    tl_.chapter("The continuous system", "The state h evolves by A, the input pushes it through B, and C reads the output off it.")
        .create({sys}, 0).create({abc}, 0).then(0.5f).create({decay}, 2.5f).then(4.0f);
    tl_.chapter("Discretization with step \xCE\x94", "Hold the input constant over each step of length \xCE\x94: the system becomes a recurrence (ZOH).")
        .create({disc}, 1.5f).then(7.0f);
    tl_.chapter("The recurrence is a convolution", "Unrolled, the output is the input convolved with the kernel K: both give the same numbers.")
        .fade_out({sys, abc, disc, decay}, 0.6f).then().create({conv}, 3.0f).then(0.5f).create({same}, 2.0f).then(7.0f);
    tl_.chapter("Selectivity: \xCE\x94, B and C from the input", "\xCE\x94, B and C are computed from each input, so every step has its own weights: no fixed kernel.")
        .fade_out({conv, same}, 0.6f).then().create({sel}, 3.0f).then(0.5f).create({maps}, 1.5f).then(1.0f).transform({maps}, 1.5f).then(7.0f);
    tl_.chapter("The parallel scan: up-sweep", "Each step maps h to a h + b; two such maps compose into one, so pairs combine in a tree.")
        .fade_out({sel, maps}, 0.6f).then().create({rule}, 0.8f).then(0.3f).create({up}, 6.0f, 0, Ease::Linear).then(6.0f);
    tl_.chapter("The parallel scan: down-sweep", "Down-sweep: the root is cleared, then each node passes its prefix on to its children.")
        .fade_out({up}, 0.6f).then().create({down}, 6.0f, 0, Ease::Linear).then(0.5f).create({result}, 1.2f).then(7.0f);
    tl_.end(2.0f);
  }
};

}  // namespace

TMX_REGISTER_SCENE(MambaMath, "mamba-math", "Mamba: the math",
                   "The continuous system, ZOH discretization, the kernel K as a convolution, input-dependent \xCE\x94, B, C, and the parallel scan tree");

}  // namespace tmx::anim
