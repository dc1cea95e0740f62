// "SGD, momentum, Adam, AdamW": one two-element parameter on an ill-conditioned quadratic, moved by
// each optimizer from the same start; the loss against step; Adam's first and second moments and
// their bias corrections for three steps, with the numbers; L2 in the gradient (Adam) against
// decoupled weight decay (AdamW) as two different update vectors from the same state; and the
// warmup + cosine schedule. Every number comes from core/optim.h and core/optim_surface.h.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "anim/scene.h"
#include "anim/scene_data.h"
#include "core/optim.h"
#include "core/optim_surface.h"

namespace tmx::anim {
namespace {

constexpr Surface kSurf = Surface::Quadratic;
constexpr int kSteps = 40;
constexpr int kGw = 40, kGh = 30;  // contour cells

OptimRun race_run(OptKind k) {
  OptimRun r;
  r.kind = k;
  r.steps = kSteps;
  switch (k) {
    case OptKind::SGD: r.lr = 0.09f; break;        // just under 2 / 20: zig-zags across the narrow axis
    case OptKind::Momentum: r.lr = 0.01f; break;
    case OptKind::Adam: r.lr = 0.1f; break;
    case OptKind::AdamW: r.lr = 0.1f, r.weight_decay = 0.5f; break;
  }
  return r;
}

class AdamWScene : public Scene {
 public:
  AdamWScene() : Scene("SGD, momentum, Adam and AdamW", "one parameter (x, y), the same surface, {0} steps each", {std::to_string(kSteps)}) {
    // 1. Data, from the core.
    const SurfaceInfo& in = surface_info(kSurf);
    std::vector<Trajectory> runs;
    for (int k = 0; k < kOptKindCount; ++k) runs.push_back(run_optimizer(kSurf, race_run(static_cast<OptKind>(k)), in.start_x, in.start_y));
    const std::vector<float> grid = surface_grid(kSurf, kGh, kGw);
    const float gmax = *std::max_element(grid.begin(), grid.end());
    Mat bands(kGh, kGw);
    for (int i = 0; i < kGh; ++i)
      for (int j = 0; j < kGw; ++j) bands(i, j) = std::floor(std::log1p(grid[i * kGw + j]) / std::log1p(gmax) * 12.0f) / 12.0f;
    std::vector<std::vector<float>> log_loss;
    for (const Trajectory& t : runs) {
      std::vector<float> l;
      for (float v : t.loss) l.push_back(std::max(-6.0f, std::log10(std::max(v, 1e-12f))));
      log_loss.push_back(l);
    }

    // Adam's moments over three steps (one Adam, stepped by hand: m and v read from the optimizer).
    const float lr = 0.1f, b1 = 0.9f, b2 = 0.999f;
    Mat mom_x(3, 6), mom_y(3, 6);
    {
      Mat p(1, 2), g(1, 2);
      p << in.start_x, in.start_y;
      ParamList ps = {{"p", &p, &g, {2}}};
      Adam adam(lr, b1, b2, 1e-8f);
      for (int t = 0; t < 3; ++t) {
        double gx, gy;
        surface_grad(kSurf, p(0, 0), p(0, 1), gx, gy);
        g << static_cast<float>(gx), static_cast<float>(gy);
        const Mat before = p;
        adam.step(ps);
        const Mat& m = adam.first_moments()[0];
        const Mat& v = adam.second_moments()[0];
        const double bc1 = 1 - std::pow(double(b1), adam.t), bc2 = 1 - std::pow(double(b2), adam.t);
        for (int c = 0; c < 2; ++c) {
          Mat& out = c == 0 ? mom_x : mom_y;
          out(t, 0) = g(0, c);
          out(t, 1) = m(0, c);
          out(t, 2) = v(0, c);
          out(t, 3) = static_cast<float>(m(0, c) / bc1);
          out(t, 4) = static_cast<float>(std::sqrt(v(0, c) / bc2));
          out(t, 5) = p(0, c) - before(0, c);
        }
      }
    }

    // L2 vs decoupled decay: the same state (AdamW after 8 steps), one more step three ways.
    const float wd = 0.5f;
    float px = 0, py = 0, l2x = 0, l2y = 0, dwx = 0, dwy = 0, adx = 0, ady = 0;
    {
      Mat p(1, 2), g(1, 2);
      p << in.start_x, in.start_y;
      ParamList ps = {{"p", &p, &g, {2}}};
      AdamW w(lr, b1, b2, 1e-8f, wd);
      auto grad = [&] {
        double gx, gy;
        surface_grad(kSurf, p(0, 0), p(0, 1), gx, gy);
        g << static_cast<float>(gx), static_cast<float>(gy);
      };
      for (int k = 0; k < 8; ++k) grad(), w.step(ps);
      grad();
      px = p(0, 0), py = p(0, 1);
      auto one_step = [&](Adam& o) {
        o.first_moments() = w.first_moments();
        o.second_moments() = w.second_moments();
        o.t = w.t;
        Mat q = p;
        ParamList qs = {{"q", &q, &g, {2}}};
        o.step(qs);
        return Mat(q - p);
      };
      Adam l2(lr, b1, b2, 1e-8f, wd, false), plain(lr, b1, b2, 1e-8f, 0.0f, false);
      AdamW dec(lr, b1, b2, 1e-8f, wd);
      const Mat a = one_step(l2), d = one_step(dec), n = one_step(plain);
      l2x = a(0, 0), l2y = a(0, 1), dwx = d(0, 0), dwy = d(0, 1), adx = n(0, 0), ady = n(0, 1);
    }

    // Warmup + cosine (nanoGPT's schedule in the core).
    std::vector<float> sched;
    for (int i = 0; i < 100; ++i) sched.push_back(lr_warmup_cosine(i, 10, 100, 0.1f, 0.01f));

    // 2. Objects.
    const float cell = 0.16f;
    const Rect map = Rect::at({0.9f, 2.35f}, {cell * kGw, cell * kGh});  // 6.4 x 4.8
    auto to_map = [=](float x, float y) {
      return ImVec2(map.min.x + (x - in.x0) / (in.x1 - in.x0) * map.w(), map.min.y + (in.y1 - y) / (in.y1 - in.y0) * map.h());
    };
    auto opt_col = [](const Stage& s, int k) {
      const ImU32 cs[4] = {s.col().q, s.col().k, s.col().v, s.col().warn};
      return cs[k];
    };
    const char* names[4] = {"SGD", "Momentum", "Adam", "AdamW"};
    const std::string lrs[4] = {num("%.2g", race_run(OptKind::SGD).lr), num("%.2g", race_run(OptKind::Momentum).lr),
                                num("%.2g", race_run(OptKind::Adam).lr), num("%.2g", race_run(OptKind::AdamW).lr)};

    int surface = obj([=](Stage& s, const ObjState& o) {
      s.heatmap(map.min, bands, Hm().cell(cell).range(-0.3f, 1.3f).alpha(o.alpha * 0.85f));
      s.math({map.center().x, map.max.y + 0.38f}, R"tex(f(x, y) = \tfrac{1}{2}\,(x^2 + 20\,y^2))tex", Txt::label().center().alpha(o.alpha));
      const ImVec2 st = to_map(in.start_x, in.start_y);
      s.circle(st, 0.09f, s.col().fg, o.alpha);
      const ImVec2 mn = to_map(in.min_x, in.min_y);
      s.line({mn.x - 0.1f, mn.y - 0.1f}, {mn.x + 0.1f, mn.y + 0.1f}, s.col().fg, o.alpha);
      s.line({mn.x - 0.1f, mn.y + 0.1f}, {mn.x + 0.1f, mn.y - 0.1f}, s.col().fg, o.alpha);
      float lx = map.min.x;
      for (int k = 0; k < kOptKindCount; ++k)  // legend: name and learning rate
        lx += s.text({lx, 1.95f}, s.tr(names[k]) + " " + lrs[k], Txt::label().col(opt_col(s, k)).alpha(o.alpha)) + 0.35f;
    });
    std::vector<int> paths;
    for (int k = 0; k < kOptKindCount; ++k) {
      const Trajectory t = runs[k];
      paths.push_back(obj([=](Stage& s, const ObjState& o) {
        const int n = static_cast<int>(t.x.size());
        const float upto = o.create * (n - 1);
        const ImU32 c = opt_col(s, k);
        for (int i = 0; i + 1 < n && i < upto; ++i) {
          const float f = std::min(1.0f, upto - i);
          const ImVec2 a = to_map(t.x[i], t.y[i]), b = to_map(t.x[i + 1], t.y[i + 1]);
          s.line(a, lerp(a, b, f), c, o.alpha, 0.035f);
        }
        const int last = std::min(n - 1, static_cast<int>(upto));
        s.circle(to_map(t.x[last], t.y[last]), 0.07f, c, o.alpha);
      }));
    }
    const Rect lp{{9.0f, 2.4f}, {15.2f, 6.9f}};
    int losses = obj([=](Stage& s, const ObjState& o) {
      std::vector<Series> ss;
      for (int k = 0; k < kOptKindCount; ++k) ss.push_back({log_loss[k], opt_col(s, k), s.tr(names[k])});
      s.plot(lp, ss, PlotOpts().range(-6.0f, 2.0f).x(0, kSteps, s.tr("step")).alpha(o.alpha).progress(o.create));
      s.text({lp.min.x, lp.min.y - 0.45f}, s.tr("log10 of the loss"), Txt::small().col(s.col().dim).alpha(o.alpha));
    });

    // Adam's moments
    const float fx = 0.6f;
    int formulas = obj([=](Stage& s, const ObjState& o) {
      const Txt t = Txt::label().alpha(o.alpha);
      s.math({fx, 2.2f}, R"tex(m_t = \beta_1 m_{t-1} + (1-\beta_1)\, g_t)tex", t);
      s.math({fx, 3.1f}, R"tex(v_t = \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2)tex", t);
      s.math({fx, 4.2f}, R"tex(\hat m_t = \frac{m_t}{1-\beta_1^t} \qquad \hat v_t = \frac{v_t}{1-\beta_2^t})tex", t);
      s.math({fx, 5.4f}, R"tex(\Delta p = -\eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon})tex", t);
      s.text({fx, 6.4f}, s.tr("lr {0}, beta1 {1}, beta2 {2}", {num("%.2g", lr), num("%.2g", b1), num("%.4g", b2)}),
             Txt::small().col(s.col().dim).alpha(o.alpha));
    });
    const ImVec2 mcell{1.22f, 0.42f};
    const Rect tx = Rect::at({8.3f, 2.45f}, matrix_size(mom_x, mcell));
    const Rect ty = Rect::at({8.3f, 5.1f}, matrix_size(mom_y, mcell));
    int tables = obj([=](Stage& s, const ObjState& o) {
      const char* heads[6] = {R"tex(g_t)tex", R"tex(m_t)tex", R"tex(v_t)tex", R"tex(\hat m_t)tex", R"tex(\sqrt{\hat v_t})tex", R"tex(\Delta p)tex"};
      for (int c = 0; c < 6; ++c) s.math({tx.min.x + (c + 0.5f) * mcell.x, tx.min.y - 0.3f}, heads[c], Txt::small().center().alpha(o.alpha));
      s.matrix(tx.min, mom_x, Mx().cell(mcell.x, mcell.y).fmt("%.4g").alpha(o.alpha).reveal(o.create));
      s.matrix(ty.min, mom_y, Mx().cell(mcell.x, mcell.y).fmt("%.4g").alpha(o.alpha).reveal(o.create));
      for (int t = 0; t < 3; ++t) {
        s.text({tx.min.x - 0.2f, tx.min.y + (t + 0.5f) * mcell.y}, "t=" + std::to_string(t + 1), Txt::small().right().col(s.col().dim).alpha(o.alpha));
        s.text({ty.min.x - 0.2f, ty.min.y + (t + 0.5f) * mcell.y}, "t=" + std::to_string(t + 1), Txt::small().right().col(s.col().dim).alpha(o.alpha));
      }
      s.text({tx.center().x, tx.max.y + 0.35f}, s.tr("coordinate x (gentle slope)"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
      s.text({ty.center().x, ty.max.y + 0.35f}, s.tr("coordinate y (20 times steeper)"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });

    // L2 vs decoupled decay
    const ImVec2 origin{2.6f, 2.9f};
    const float unit = 30.0f;
    int decay = obj([=](Stage& s, const ObjState& o) {
      s.circle(origin, 0.08f, s.col().fg, o.alpha);
      s.text({origin.x - 0.25f, origin.y - 0.3f}, s.tr("p after 8 steps"), Txt::small().right().col(s.col().dim).alpha(o.alpha));
      s.vector2(origin, l2x, l2y, unit, s.col().q, o.alpha * std::min(1.0f, o.create * 3));
      s.vector2(origin, adx, ady, unit, s.col().dim, o.alpha * std::clamp(o.create * 3 - 1, 0.0f, 1.0f));
      const ImVec2 tip{origin.x + adx * unit, origin.y - ady * unit};
      s.vector2(tip, dwx - adx, dwy - ady, unit, s.col().good, o.alpha * std::clamp(o.create * 3 - 1, 0.0f, 1.0f));
      s.vector2(origin, dwx, dwy, unit, s.col().warn, o.alpha * std::clamp(o.create * 3 - 2, 0.0f, 1.0f));
      const float x0 = 8.6f;
      const Txt t = Txt::label().alpha(o.alpha);
      s.text({x0, 2.3f}, s.tr("p = ({0}, {1}), weight decay {2}", {num("%.4f", px), num("%.4f", py), num("%.2g", wd)}), t);
      s.text({x0, 3.1f}, s.tr("Adam, L2 in the gradient:"), Txt::label().col(s.col().q).alpha(o.alpha));
      s.math({x0, 3.65f}, R"tex(g \leftarrow g + \lambda p)tex", t);
      s.text({x0 + 2.6f, 3.65f}, "\xCE\x94 = (" + num("%.4f", l2x) + ", " + num("%.4f", l2y) + ")", Txt::label().mono().alpha(o.alpha));
      s.text({x0, 4.5f}, s.tr("Adam step without decay:"), Txt::label().col(s.col().dim).alpha(o.alpha));
      s.text({x0 + 2.6f, 5.0f}, "\xCE\x94 = (" + num("%.4f", adx) + ", " + num("%.4f", ady) + ")", Txt::label().mono().alpha(o.alpha));
      s.text({x0, 5.6f}, s.tr("AdamW, decoupled:"), Txt::label().col(s.col().warn).alpha(o.alpha));
      s.math({x0, 6.15f}, R"tex(p \leftarrow p - \eta \lambda p)tex", t);
      s.text({x0 + 2.6f, 6.15f}, "\xCE\x94 = (" + num("%.4f", dwx) + ", " + num("%.4f", dwy) + ")", Txt::label().mono().alpha(o.alpha));
      s.text({x0, 6.85f}, s.tr("decay part {0}", {"(" + num("%.4f", dwx - adx) + ", " + num("%.4f", dwy - ady) + ")"}),
             Txt::label().col(s.col().good).alpha(o.alpha));
    });

    const Rect sp{{2.0f, 2.5f}, {14.0f, 6.9f}};
    int schedule = obj([=](Stage& s, const ObjState& o) {
      s.plot(sp, {{sched, s.col().accent, s.tr("learning rate")}},
             PlotOpts().range(0.0f, 0.1f).y_fmt("%.2f").x(0, 99, s.tr("step")).alpha(o.alpha).progress(o.create));
    });

    // 3. Timeline.
    tl_.chapter("Four optimizers, one surface", "Same start, same surface: 20 times steeper along y than along x.")
        .create({surface}, 0)
        .wait(0.8f)
        .create(paths, 4.0f, 0.0f, Ease::Linear)
        .then(3.0f);
    tl_.chapter("Loss against step", "SGD zig-zags across the steep axis; momentum overshoots and swings back; Adam steps about lr in each coordinate.")
        .create({losses}, 3.0f, 0.0f, Ease::Linear)
        .then(3.5f);
    tl_.chapter("Adam's two moments", "m averages gradients, v averages squared gradients; bias correction undoes their start at 0.")
        .fade_out({surface, losses}, 0.5f)
        .fade_out(paths, 0.5f)
        .then()
        .create({formulas}, 1.0f)
        .then()
        .create({tables}, 2.5f)
        .then(6.0f);
    tl_.chapter("L2 or decoupled decay", "Adam's L2 term is divided by sqrt(v) like the gradient; AdamW's decay is added outside, in full.")
        .fade_out({formulas, tables}, 0.5f)
        .then()
        .create({decay}, 3.0f)
        .then(6.0f);
    tl_.chapter("Warmup and cosine", "The learning rate rises linearly for 10 steps, then follows a cosine down to a tenth.")
        .fade_out({decay}, 0.5f)
        .then()
        .create({schedule}, 3.0f, 0.0f, Ease::Linear)
        .then(4.0f);
    tl_.end();
  }
};

}  // namespace

TMX_REGISTER_SCENE(AdamWScene, "adamw", "SGD, momentum, Adam and AdamW",
                   "Four optimizers on one surface; Adam's moments and bias correction; L2 vs decoupled weight decay; warmup and cosine.");

}  // namespace tmx::anim
