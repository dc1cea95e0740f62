// Scene `discretization`: what the step Δ means (Ā = e^{ΔA} for a few Δ and how much of a pulse
// is left k tokens later), ZOH, bilinear and Euler on the scalar system h' = −h + u against the
// exact solution for a step input, the stability of each rule (|Ā| against ΔA: Euler leaves the
// unit circle when ΔA < −2, ZOH and bilinear never do for A < 0), and the run where Euler blows
// up. Every number comes from discretization_data() (ssm_scenes.h), computed by the core's
// discretize_diag and lti_recurrence; tests/ui/test_ssm_scenes.cpp checks it.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "anim/scene.h"
#include "anim/scene_data.h"
#include "anim/scenes/ssm_scenes.h"

namespace tmx::anim {

namespace {

using ssm::Discretization;

ssm::DiagDiscrete disc1(Discretization m, float delta, float a, float b) {
  Vec A(1), B(1);
  A << a;
  B << b;
  return ssm::discretize_diag(m, delta, A, B);
}

// h_k of the recurrence on u (k = 0..L−1), with h before the first step prepended when `from0`.
std::vector<float> run(const ssm::DiagDiscrete& d, const Vec& u, bool from0) {
  ssm::LtiSSM s;
  s.A_bar = d.A_bar;
  s.B_bar = d.B_bar;
  s.C = Vec::Ones(1);
  Vec y;
  Mat h;
  ssm::lti_recurrence(s, u, y, &h);
  std::vector<float> out;
  if (from0) out.push_back(0.0f);
  for (int t = 0; t < h.rows(); ++t) out.push_back(h(t, 0));
  return out;
}

}  // namespace

DiscretizationData discretization_data() {
  DiscretizationData d;
  // What Δ means: Ā for a few steps, and the pulse's share left after k tokens.
  d.deltas = {0.1f, 0.5f, 1.0f, 2.0f};
  Vec pulse = Vec::Zero(DiscretizationData::kPulseSteps + 1);
  pulse[0] = 1.0f;
  for (float dt : d.deltas) {
    const ssm::DiagDiscrete z = disc1(Discretization::ZOH, dt, d.a, d.b);
    d.abar_zoh.push_back(z.A_bar[0]);
    std::vector<float> h = run(z, pulse, false);
    const float h0 = h[0];
    for (float& v : h) v /= h0;
    d.pulse.push_back(h);
  }
  // The three rules on a step input against the exact solution. ZOH over a span τ from h = 0 with
  // the input held at 1 is exactly B̄(τ) = (e^{aτ} − 1)/a · b: the exact curve, from the core.
  const int K = static_cast<int>(std::lround(d.curve_T / d.curve_delta));
  for (int i = 0; i < DiscretizationData::kExactSamples; ++i) {
    const float tau = d.curve_T * i / (DiscretizationData::kExactSamples - 1);
    d.exact.push_back(i == 0 ? 0.0f : disc1(Discretization::ZOH, tau, d.a, d.b).B_bar[0]);
  }
  const Vec ones = Vec::Ones(K);
  d.d_zoh = disc1(Discretization::ZOH, d.curve_delta, d.a, d.b);
  d.d_bilinear = disc1(Discretization::Bilinear, d.curve_delta, d.a, d.b);
  d.d_euler = disc1(Discretization::Euler, d.curve_delta, d.a, d.b);
  d.zoh = run(d.d_zoh, ones, true);
  d.bilinear = run(d.d_bilinear, ones, true);
  d.euler = run(d.d_euler, ones, true);
  // Stability: |Ā| (the core's spectral radius) against ΔA, and the verdict at a few ΔA.
  for (int i = 40; i >= 1; --i) {
    const float dt = 0.1f * i;  // a = −1: ΔA = −dt
    d.sweep_dA.push_back(dt * d.a);
    d.sweep_zoh.push_back(disc1(Discretization::ZOH, dt, d.a, d.b).spectral_radius);
    d.sweep_bilinear.push_back(disc1(Discretization::Bilinear, dt, d.a, d.b).spectral_radius);
    d.sweep_euler.push_back(disc1(Discretization::Euler, dt, d.a, d.b).spectral_radius);
  }
  d.dA = {-0.5f, -1.9f, -2.0f, -2.1f, -3.0f};
  for (float x : d.dA) {
    const float dt = x / d.a;
    d.r_zoh.push_back(disc1(Discretization::ZOH, dt, d.a, d.b).spectral_radius);
    d.r_bilinear.push_back(disc1(Discretization::Bilinear, dt, d.a, d.b).spectral_radius);
    const ssm::DiagDiscrete e = disc1(Discretization::Euler, dt, d.a, d.b);
    d.r_euler.push_back(e.spectral_radius);
    d.euler_stable.push_back(e.stable);
  }
  // Past the boundary: Δ = 2.5 (ΔA = −2.5), the step input, kBlowSteps steps.
  const Vec blow = Vec::Ones(DiscretizationData::kBlowSteps);
  d.blow_euler = run(disc1(Discretization::Euler, d.blow_delta, d.a, d.b), blow, true);
  d.blow_zoh = run(disc1(Discretization::ZOH, d.blow_delta, d.a, d.b), blow, true);
  d.blow_bilinear = run(disc1(Discretization::Bilinear, d.blow_delta, d.a, d.b), blow, true);
  d.steady = d.b / -d.a;
  for (int k = 0; k < (int)d.blow_euler.size() && d.blow_step < 0; ++k)
    if (std::fabs(d.blow_euler[k]) > 10 * d.steady) d.blow_step = k;
  return d;
}

namespace {

class DiscretizationScene : public Scene {
 public:
  DiscretizationScene()
      : Scene("Discretization: the step \xCE\x94", "one state: h' = a h + b u with a = {0}, b = {1}; every number computed by the core's discretization and recurrence",
              {num("%.0f", discretization_data().a), num("%.0f", discretization_data().b)}) {
    const DiscretizationData d = discretization_data();
    const int nd = static_cast<int>(d.deltas.size());
    auto palette = [](Stage& s, int i) {
      const ImU32 c[4] = {s.col().q, s.col().k, s.col().v, s.col().warn};
      return c[i % 4];
    };

    // Chapter 1: what Δ means.
    int zohf = obj([=](Stage& s, const ObjState& o) {
      s.math({0.8f, 2.1f}, R"tex(\bar{A} = e^{\Delta A}, \qquad h_k = \bar{A}\,h_{k-1} + \bar{B}\,u_k)tex", Txt().size(0.28f).alpha(o.alpha));
      for (int i = 0; i < nd; ++i) {
        const float y = 3.2f + 0.62f * i;
        s.text({0.8f, y}, "\xCE\x94 = " + num("%.1f", d.deltas[i]), Txt::label().col(palette(s, i)).alpha(o.alpha * window(o.create * nd, i, 1)));
        s.text({2.6f, y}, "\xC4\x80 = " + num("%.3f", d.abar_zoh[i]), Txt::label().alpha(o.alpha * window(o.create * nd, i, 1)));
      }
      s.text({0.8f, 6.0f}, s.tr("small \xCE\x94: \xC4\x80 near 1, remembers"), Txt::small().col(s.col().dim).alpha(o.alpha * o.create));
      s.text({0.8f, 6.4f}, s.tr("large \xCE\x94: \xC4\x80 near 0, forgets"), Txt::small().col(s.col().dim).alpha(o.alpha * o.create));
    });
    const Rect pp{{6.0f, 3.0f}, {15.2f, 6.8f}};
    int pulse = obj([=](Stage& s, const ObjState& o) {
      std::vector<Series> ss;
      for (int i = 0; i < nd; ++i) ss.push_back({d.pulse[i], palette(s, i), "\xCE\x94 = " + num("%.1f", d.deltas[i]), true});
      s.plot(pp, ss, PlotOpts().range(0, 1).y_fmt("%.1f").x(0, DiscretizationData::kPulseSteps, "tokens after the pulse").alpha(o.alpha).progress(o.create));
      s.text({pp.center().x, pp.min.y - 0.65f}, s.tr("share of a pulse still in the state"), Txt::label().center().alpha(o.alpha));
    });

    // Chapter 2: the three rules against the exact solution.
    int rules = obj([=](Stage& s, const ObjState& o) {
      s.math({0.8f, 2.1f}, R"tex(\text{ZOH: } \bar{A} = e^{\Delta A} \quad \text{bilinear: } \bar{A} = \frac{1 + \Delta A/2}{1 - \Delta A/2} \quad \text{Euler: } \bar{A} = 1 + \Delta A)tex",
             Txt().size(0.26f).alpha(o.alpha));
      const char* names[3] = {"ZOH", "bilinear", "Euler"};
      const ssm::DiagDiscrete* ds[3] = {&d.d_zoh, &d.d_bilinear, &d.d_euler};
      const ImU32 cs[3] = {s.col().good, s.col().q, s.col().warn};
      s.text({0.8f, 3.4f}, "\xCE\x94 = " + num("%.1f", d.curve_delta), Txt::label().alpha(o.alpha));
      s.math({2.6f, 3.4f}, R"tex(\bar{A})tex", Txt().size(0.26f).center().alpha(o.alpha));
      s.math({3.6f, 3.4f}, R"tex(\bar{B})tex", Txt().size(0.26f).center().alpha(o.alpha));
      for (int i = 0; i < 3; ++i) {
        const float y = 4.1f + 0.6f * i;
        s.text({0.8f, y}, s.tr(names[i]), Txt::label().col(cs[i]).alpha(o.alpha));
        s.text({2.6f, y}, num("%.3f", ds[i]->A_bar[0]), Txt::small().center().alpha(o.alpha));
        s.text({3.6f, y}, num("%.3f", ds[i]->B_bar[0]), Txt::small().center().alpha(o.alpha));
      }
      s.text({0.8f, 6.75f}, s.tr("input held at 1: ZOH is exact"), Txt::small().col(s.col().dim).alpha(o.alpha));
    });
    const Rect cp{{4.6f, 3.1f}, {15.2f, 6.9f}};
    int curves = obj([=](Stage& s, const ObjState& o) {
      s.plot(cp, {{d.exact, s.col().fg, s.tr("exact")}, {d.zoh, s.col().good, s.tr("ZOH"), true}, {d.bilinear, s.col().q, s.tr("bilinear"), true},
                  {d.euler, s.col().warn, s.tr("Euler"), true}},
             PlotOpts().range(0, 1).y_fmt("%.1f").x(0, d.curve_T, "time").alpha(o.alpha).progress(o.create));
    });

    // Chapter 3: stability.
    const Rect sp{{1.4f, 2.7f}, {8.8f, 6.9f}};
    PlotOpts po0 = PlotOpts().range(0, 3).y_fmt("%.0f").x(d.sweep_dA.front(), d.sweep_dA.back(), "\xCE\x94" "A");
    po0.x_fmt_ = "%.1f";
    int stab = obj([=](Stage& s, const ObjState& o) {
      PlotOpts po = po0;
      const std::vector<float> one(d.sweep_dA.size(), 1.0f);
      s.plot(sp, {{one, s.col().dim, s.tr("|\xC4\x80| = 1")}, {d.sweep_zoh, s.col().good, s.tr("ZOH")}, {d.sweep_bilinear, s.col().q, s.tr("bilinear")},
                  {d.sweep_euler, s.col().warn, s.tr("Euler")}},
             po.alpha(o.alpha).progress(o.create));
      s.text({sp.center().x, sp.max.y + 0.65f}, s.tr("|\xC4\x80| above 1: the state grows at every step"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });
    int table = obj([=](Stage& s, const ObjState& o) {
      const float x[5] = {10.2f, 11.35f, 12.5f, 13.65f, 14.8f};
      const char* head[4] = {"ZOH", "bilinear", "Euler", "Euler stable"};
      s.text({x[0], 2.8f}, "\xCE\x94" "A", Txt::small().center().alpha(o.alpha));
      for (int j = 0; j < 4; ++j) s.text({x[j + 1], 2.8f}, s.tr(head[j]), Txt::small().center().alpha(o.alpha));
      s.text({x[2], 2.35f}, s.tr("|\xC4\x80| per rule"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
      for (size_t i = 0; i < d.dA.size(); ++i) {
        const float y = 3.35f + 0.5f * i, a = o.alpha * window(o.create * d.dA.size(), float(i), 1);
        s.text({x[0], y}, num("%.1f", d.dA[i]), Txt::small().center().alpha(a));
        s.text({x[1], y}, num("%.3f", d.r_zoh[i]), Txt::small().center().alpha(a));
        s.text({x[2], y}, num("%.3f", d.r_bilinear[i]), Txt::small().center().alpha(a));
        s.text({x[3], y}, num("%.3f", d.r_euler[i]), Txt::small().center().alpha(a).col(d.euler_stable[i] ? s.col().fg : s.col().warn));
        s.text({x[4], y}, s.tr(d.euler_stable[i] ? "yes" : "no"), Txt::small().center().alpha(a).col(d.euler_stable[i] ? s.col().good : s.col().warn));
      }
      s.text({12.5f, 6.1f}, s.tr("Euler: \xC4\x80 = 1 + \xCE\x94" "A leaves [\xE2\x88\x92" "1, 1] below \xCE\x94" "A = \xE2\x88\x92" "2"), Txt::small().center().col(s.col().warn).alpha(o.alpha * o.create));
      s.text({12.5f, 6.5f}, s.tr("ZOH and bilinear: |\xC4\x80| < 1 for every \xCE\x94 > 0"), Txt::small().center().col(s.col().good).alpha(o.alpha * o.create));
    });

    // Chapter 4: Euler blows up.
    float lim = 0;
    for (float v : d.blow_euler) lim = std::max(lim, std::fabs(v));
    lim = std::min(lim, 40.0f);
    lim = std::ceil(lim / 5) * 5;
    const Rect bp{{1.4f, 2.9f}, {10.6f, 7.0f}};
    int blow = obj([=](Stage& s, const ObjState& o) {
      s.plot(bp, {{d.blow_zoh, s.col().good, s.tr("ZOH"), true}, {d.blow_bilinear, s.col().q, s.tr("bilinear"), true}, {d.blow_euler, s.col().warn, s.tr("Euler"), true}},
             PlotOpts().range(-lim, lim).y_fmt("%.0f").x(0, DiscretizationData::kBlowSteps, "step").alpha(o.alpha).progress(o.create));
      s.text({bp.min.x, 2.15f}, s.tr("\xCE\x94 = {0}, so \xCE\x94" "A = {1}; input held at 1, exact steady state h = {2}",
                                     {num("%.1f", d.blow_delta), num("%.1f", d.blow_delta * d.a), num("%.0f", d.steady)}),
             Txt::label().alpha(o.alpha));
    });
    int steps = obj([=](Stage& s, const ObjState& o) {
      const int n = std::min<int>(8, (int)d.blow_euler.size());
      s.text({11.4f, 3.0f}, s.tr("Euler's h, step by step"), Txt::small().col(s.col().warn).alpha(o.alpha));
      for (int k = 0; k < n; ++k) {
        const float a = o.alpha * window(o.create * n, k, 1);
        const bool over = std::fabs(d.blow_euler[k]) > 10 * d.steady;
        s.text({11.4f, 3.45f + 0.42f * k}, s.tr("step {0}", {std::to_string(k)}), Txt::small().alpha(a).col(s.col().dim));
        s.text({14.6f, 3.45f + 0.42f * k}, num("%.2f", d.blow_euler[k]), Txt::small().right().alpha(a).col(over ? s.col().warn : s.col().fg));
      }
      if (d.blow_step >= 0)
        s.text({11.4f, 7.0f}, s.tr("past 10\xC3\x97 the steady state at step {0}", {std::to_string(d.blow_step)}), Txt::small().col(s.col().warn).alpha(o.alpha * o.create));
    });

    tl_.chapter("What \xCE\x94 means", "\xCE\x94 is the time one token covers: a small \xCE\x94 keeps the state, a large \xCE\x94 lets it decay.")
        .create({zohf}, 0).then(0.2f).create({pulse}, 3.0f, 0, Ease::Linear).then(8.0f);
    tl_.chapter("Three rules against the exact solution", "Three recurrences for h' = a h + b u; for an input held over each step, ZOH is exact.")
        .fade_out({zohf, pulse}, 0.6f).then().create({rules}, 1.0f).then(0.2f).create({curves}, 4.0f, 0, Ease::Linear).then(8.0f);
    tl_.chapter("Stability", "Stable means |\xC4\x80| \xE2\x89\xA4 1: the state cannot grow on its own. Euler needs \xE2\x88\x92" "2 \xE2\x89\xA4 \xCE\x94" "A \xE2\x89\xA4 0.")
        .fade_out({rules, curves}, 0.6f).then().create({stab}, 3.0f, 0, Ease::Linear).then(0.3f).create({table}, 2.5f).then(8.0f);
    tl_.chapter("Where Euler blows up", "Past the boundary Euler's state flips sign and grows; ZOH and bilinear settle on the true value.")
        .fade_out({stab, table}, 0.6f).then().create({blow}, 4.0f, 0, Ease::Linear).create({steps}, 4.0f, 0, Ease::Linear).then(8.0f);
    tl_.end(2.0f);
  }
};

}  // namespace

TMX_REGISTER_SCENE(DiscretizationScene, "discretization", "Discretization: the step \xCE\x94",
                   "What \xCE\x94 means, ZOH, bilinear and Euler against the exact solution, and where each is stable");

}  // namespace tmx::anim
