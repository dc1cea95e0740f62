// "Residuals and normalization": the residual stream as a highway that sublayers read from and
// add into; LayerNorm's four steps on the chapter's vector (centre, measure the spread, divide,
// scale and shift) with the numbers; where the norm sits in Post-LN and Pre-LN blocks; and the
// gradient norm per block of both placements at initialization. Every number comes from
// core/residual_norm.h (layernorm_steps, residual_stack_grad_norms: the core's backward pass).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "anim/scene.h"
#include "anim/scene_data.h"
#include "core/residual_norm.h"

namespace tmx::anim {
namespace {

constexpr int kDepth = 12;  // the stack the chapter's per-block table uses

Mat row_mat(const std::vector<double>& v) {
  Mat m(1, static_cast<Eigen::Index>(v.size()));
  for (size_t i = 0; i < v.size(); ++i) m(0, static_cast<Eigen::Index>(i)) = static_cast<float>(v[i]);
  return m;
}

// The "+" where a sublayer's output joins the stream.
void plus_node(Stage& s, ImVec2 c, float alpha) {
  s.circle(c, 0.24f, s.col().bg, alpha);
  s.circle(c, 0.24f, s.col().fg, alpha, false);
  s.line({c.x - 0.13f, c.y}, {c.x + 0.13f, c.y}, s.col().fg, alpha, 0.03f);
  s.line({c.x, c.y - 0.13f}, {c.x, c.y + 0.13f}, s.col().fg, alpha, 0.03f);
}

std::vector<float> floats(const std::vector<double>& v) { return std::vector<float>(v.begin(), v.end()); }

std::vector<double> grad_norms(NormPlacement p, int depth) {
  ResidualStackConfig c;
  c.placement = p;
  c.depth = depth;
  return residual_stack_grad_norms(c).weight_grad_norm;
}

class ResidualNorm : public Scene {
 public:
  ResidualNorm()
      : Scene("Residuals and normalization", "LayerNorm on one vector, gradients of a {0}-block stack from the core's backward",
              {std::to_string(kDepth)}) {
    // 1. Data, from the core. The chapter's vector, gamma = 2, beta = 0.5.
    const std::vector<double> xv = {2, -1, 0.5, 4, -3, 1.5};
    const double gamma = 2, beta = 0.5;
    const NormSteps ln = layernorm_steps(xv, gamma, beta);
    const Mat rows[4] = {row_mat(ln.x), row_mat(ln.centered), row_mat(ln.normalized), row_mat(ln.out)};
    double nmean = 0, nvar = 0;
    for (double v : ln.normalized) nmean += v / ln.normalized.size();
    for (double v : ln.normalized) nvar += (v - nmean) * (v - nmean) / ln.normalized.size();
    const std::vector<double> post = grad_norms(NormPlacement::PostLN, kDepth), pre = grad_norms(NormPlacement::PreLN, kDepth);
    const double post6 = grad_norms(NormPlacement::PostLN, 6).back(), post48 = grad_norms(NormPlacement::PostLN, 48).back();
    const double pre6 = grad_norms(NormPlacement::PreLN, 6).back(), pre48 = grad_norms(NormPlacement::PreLN, 48).back();
    const float gmax = static_cast<float>(std::ceil(std::max(*std::max_element(post.begin(), post.end()),
                                                             *std::max_element(pre.begin(), pre.end()))));

    // 2. Objects.
    // --- The residual stream: a highway along y = kRoad; sublayers above read and add back.
    const float road = 5.4f, bx0 = 1.0f, bx1 = 15.2f;
    const char* const names[4] = {"attention", "feed-forward", "attention", "feed-forward"};
    const float cx[4] = {3.2f, 6.6f, 10.0f, 13.4f};
    int highway = obj([=](Stage& s, const ObjState& o) {
      s.arrow({bx0, road}, {bx1, road}, s.col().accent, o.alpha, o.create, 0.07f);
      s.text({bx0, road + 0.5f}, s.tr("residual stream h"), Txt::label().col(s.col().accent).alpha(o.alpha));
      s.math({bx0 + 0.35f, road - 0.45f}, R"tex(h_0)tex", Txt::label().center().alpha(o.alpha));
      s.math({bx1 - 0.2f, road - 0.45f}, R"tex(h_L)tex", Txt::label().center().alpha(o.alpha));
    });
    std::vector<int> blocks;
    for (int b = 0; b < 4; ++b) {
      const Rect r = Rect::centered({cx[b], 3.0f}, {2.3f, 0.9f});
      const float c = cx[b];
      const char* name = names[b];
      blocks.push_back(obj([=](Stage& s, const ObjState& o) {
        s.box(r, s.col().box, b % 2 ? s.col().good : s.col().q, o.alpha, 0.12f, 0.85f + 0.15f * o.create);
        s.text(r.center(), s.tr(name), Txt::label().center().alpha(o.alpha));
        s.arrow({c - 0.7f, road - 0.1f}, {c - 0.7f, r.max.y + 0.05f}, s.col().dim, o.alpha, o.create);  // reads
        s.arrow({c + 0.7f, r.max.y + 0.05f}, {c + 0.7f, road - 0.3f}, s.col().fg, o.alpha, o.create);   // adds back
        plus_node(s, {c + 0.7f, road}, o.alpha);
      }));
    }
    // A token's vector travelling along the stream (real motion), flashing as it passes each +.
    int token = obj([=](Stage& s, const ObjState& o) {
      if (o.morph <= 0 || o.morph >= 1) return;
      const float x = lerp(bx0 + 0.2f, bx1 - 0.4f, o.morph);
      float flash = 0;
      for (float c : cx) flash = std::max(flash, 1.0f - std::min(1.0f, std::fabs(x - (c + 0.7f)) / 0.5f));
      s.circle({x, road}, 0.13f + 0.08f * flash, s.col().warn, o.alpha);
    });
    int stream_eq = obj([=](Stage& s, const ObjState& o) {
      s.math({8.0f, 6.6f}, R"tex(h_{\ell+1} = h_\ell + F_\ell(h_\ell) \qquad\Rightarrow\qquad h_L = h_0 + \sum_{\ell} F_\ell(h_\ell))tex",
             Txt().center().alpha(o.alpha).reveal(o.write > 0 ? o.write : 1));
    });
    int jacobian = obj([=](Stage& s, const ObjState& o) {
      s.math({8.0f, 7.45f}, R"tex(\frac{\partial h_{\ell+1}}{\partial h_\ell} = I + \frac{\partial F_\ell}{\partial h_\ell})tex",
             Txt::label().center().alpha(o.alpha));
      s.text({10.2f, 7.45f}, s.tr("the identity carries the gradient back"), Txt::small().col(s.col().dim).alpha(o.alpha));
    });

    // --- LayerNorm: four rows, each derived from the one above.
    const ImVec2 cell{1.05f, 0.5f};
    const float mx = 4.3f, ry[4] = {2.1f, 3.25f, 4.4f, 5.55f};
    const char* const row_tex[4] = {R"tex(x)tex", R"tex(x - \mu)tex", R"tex(\hat{x} = \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}})tex",
                                    R"tex(y = \gamma\,\hat{x} + \beta)tex"};
    // Each row's note: an English template (the string table's key) and its numbers.
    const char* const note_tpl[4] = {"{0} features of one token", "\xCE\xBC = {0}", "\xCF\x83\xC2\xB2 = {0}, divide by {1}",
                                     "\xCE\xB3 = {0}, \xCE\xB2 = {1}"};
    const std::vector<std::string> note_args[4] = {{std::to_string(xv.size())},
                                                   {num("%.3f", ln.mean)},
                                                   {num("%.3f", ln.var), num("%.3f", 1.0 / ln.rstd)},
                                                   {num("%.0f", gamma), num("%.1f", beta)}};
    const float vmax = 4.0f;
    std::vector<int> ln_rows;
    for (int i = 0; i < 4; ++i) {
      const Mat cur = rows[i], prev = rows[i > 0 ? i - 1 : 0];
      const float y0 = ry[i], yp = ry[i > 0 ? i - 1 : 0];
      const char* tex = row_tex[i];
      const char* note = note_tpl[i];
      const std::vector<std::string> args = note_args[i];
      ln_rows.push_back(obj([=](Stage& s, const ObjState& o) {
        // The row slides down out of the previous one while its values morph into the new ones.
        const float m = i == 0 ? 1.0f : o.morph;
        const Mat shown = prev + (cur - prev) * m;
        s.matrix({mx, lerp(yp, y0, m)}, shown, Mx().cell(cell.x, cell.y).tint(vmax).text(kLabelSize).alpha(o.alpha).moving(m < 1));
        if (m < 1) return;
        s.math({2.2f, y0 + cell.y / 2}, tex, Txt::label().center().alpha(o.alpha));
        s.text({mx + 6 * cell.x + 0.45f, y0 + cell.y / 2}, s.tr(note, args), Txt::label().col(s.col().dim).alpha(o.alpha));
      }));
    }
    int ln_check = obj([=](Stage& s, const ObjState& o) {
      s.math({8.0f, 6.75f}, R"tex(\hat{x}:)tex", Txt::label().right().alpha(o.alpha));
      s.text({8.15f, 6.75f}, s.tr("mean {0}, variance {1}: the same for any x", {num("%.3f", std::fabs(nmean)), num("%.3f", nvar)}),
             Txt::label().alpha(o.alpha));
      s.text({8.0f, 7.4f}, s.tr("then the learned gain and bias set the scale and offset the model wants"),
             Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });

    // --- Post-LN vs Pre-LN: one block each, the identity path highlighted.
    const float py = 5.2f;
    int post_panel = obj([=](Stage& s, const ObjState& o) {
      const float a = o.alpha;
      s.text({4.0f, 2.0f}, s.tr("Post-LN (2017 Transformer)"), Txt::heading().center().alpha(a));
      const Rect f = Rect::centered({3.4f, 3.4f}, {1.4f, 0.8f}), n = Rect::centered({5.9f, py}, {1.0f, 0.7f});
      s.line({0.8f, py}, {n.min.x, py}, s.col().accent, a, 0.06f);
      s.arrow({n.max.x, py}, {7.5f, py}, s.col().accent, a, o.create, 0.06f);
      s.box(f, s.col().box, s.col().good, a);
      s.math(f.center(), R"tex(F)tex", Txt().center().alpha(a));
      s.box(n, s.col().box, s.col().warn, a);
      s.text(n.center(), "LN", Txt::label().center().bold().alpha(a));
      s.arrow({f.min.x + 0.3f, py - 0.05f}, {f.min.x + 0.3f, f.max.y + 0.05f}, s.col().dim, a, o.create);
      s.arrow({f.max.x - 0.2f, f.max.y + 0.05f}, {4.5f, py - 0.3f}, s.col().fg, a, o.create);
      plus_node(s, {4.5f, py}, a);
      s.math({4.0f, 6.6f}, R"tex(h_{\ell+1} = \mathrm{LN}\big(h_\ell + F(h_\ell)\big))tex", Txt::label().center().alpha(a));
    });
    int pre_panel = obj([=](Stage& s, const ObjState& o) {
      const float a = o.alpha;
      s.text({12.0f, 2.0f}, s.tr("Pre-LN (GPT-2 and later)"), Txt::heading().center().alpha(a));
      const Rect n = Rect::centered({10.2f, 3.4f}, {1.0f, 0.7f}), f = Rect::centered({12.2f, 3.4f}, {1.4f, 0.8f});
      s.arrow({8.8f, py}, {15.4f, py}, s.col().accent, a, o.create, 0.06f);
      s.box(n, s.col().box, s.col().warn, a);
      s.text(n.center(), "LN", Txt::label().center().bold().alpha(a));
      s.box(f, s.col().box, s.col().good, a);
      s.math(f.center(), R"tex(F)tex", Txt().center().alpha(a));
      s.line({9.4f, py - 0.05f}, {9.4f, n.center().y}, s.col().dim, a * o.create, 0.04f);
      s.arrow({9.4f, n.center().y}, {n.min.x - 0.05f, n.center().y}, s.col().dim, a, o.create);
      s.arrow({n.max.x + 0.05f, n.center().y}, {f.min.x - 0.05f, f.center().y}, s.col().dim, a, o.create);
      s.arrow({f.max.x - 0.2f, f.max.y + 0.05f}, {13.4f, py - 0.3f}, s.col().fg, a, o.create);
      plus_node(s, {13.4f, py}, a);
      s.math({12.0f, 6.6f}, R"tex(h_{\ell+1} = h_\ell + F\big(\mathrm{LN}(h_\ell)\big))tex", Txt::label().center().alpha(a));
    });
    // The identity path of each: Pre-LN's is additions only; Post-LN's crosses a LayerNorm.
    int identity = obj([=](Stage& s, const ObjState& o) {
      const float pulse = 0.35f + 0.65f * o.highlight;
      s.line({8.8f, py + 0.3f}, {15.2f, py + 0.3f}, s.col().good, o.alpha * pulse, 0.05f);
      s.text({12.0f, py + 0.7f}, s.tr("identity path: additions only"), Txt::label().center().col(s.col().good).alpha(o.alpha));
      s.line({0.8f, py + 0.3f}, {7.3f, py + 0.3f}, s.col().warn, o.alpha * pulse, 0.05f);
      s.text({4.0f, py + 0.7f}, s.tr("identity path crosses an LN in every block"), Txt::label().center().col(s.col().warn).alpha(o.alpha));
    });

    // --- Gradient norm per block at initialization, both placements (the core's backward).
    const Rect plot_r{{1.5f, 2.4f}, {9.0f, 6.6f}};
    int grads = obj([=](Stage& s, const ObjState& o) {
      s.plot(plot_r, {{floats(post), s.col().warn, s.tr("Post-LN"), true}, {floats(pre), s.col().good, s.tr("Pre-LN"), true}},
             PlotOpts().range(0.0f, gmax).x(1.0f, static_cast<float>(kDepth), "block").alpha(o.alpha).progress(o.create));
      s.text({plot_r.min.x, plot_r.min.y - 0.6f}, s.tr("gradient norm of each block's weights"), Txt::label().col(s.col().dim).alpha(o.alpha));
    });
    int depth_table = obj([=](Stage& s, const ObjState& o) {
      const float x0 = 10.0f, y0 = 2.6f;
      s.text({x0, y0}, s.tr("last block, as the stack deepens"), Txt::heading().alpha(o.alpha));
      s.text({x0 + 2.2f, y0 + 0.65f}, "L = 6", Txt::label().right().col(s.col().dim).alpha(o.alpha));
      s.text({x0 + 3.9f, y0 + 0.65f}, "L = 48", Txt::label().right().col(s.col().dim).alpha(o.alpha));
      s.text({x0, y0 + 1.25f}, s.tr("Post-LN"), Txt::label().col(s.col().warn).alpha(o.alpha));
      s.text({x0 + 2.2f, y0 + 1.25f}, num("%.2f", post6), Txt::label().right().alpha(o.alpha));
      s.text({x0 + 3.9f, y0 + 1.25f}, num("%.2f", post48), Txt::label().right().alpha(o.alpha));
      s.text({x0, y0 + 1.85f}, s.tr("Pre-LN"), Txt::label().col(s.col().good).alpha(o.alpha));
      s.text({x0 + 2.2f, y0 + 1.85f}, num("%.2f", pre6), Txt::label().right().alpha(o.alpha));
      s.text({x0 + 3.9f, y0 + 1.85f}, num("%.2f", pre48), Txt::label().right().alpha(o.alpha));
      s.text({x0, y0 + 2.7f}, s.tr("Pre-LN's top shrinks with depth;"), Txt::small().col(s.col().dim).alpha(o.alpha));
      s.text({x0, y0 + 3.15f}, s.tr("Post-LN's does not: it needs warm-up."), Txt::small().col(s.col().dim).alpha(o.alpha));
    });

    // 3. Timeline. t = 0 shows the stream (the poster).
    tl_.chapter("The residual stream", "Each sublayer reads the stream and adds its result back: nothing is overwritten.")
        .create({highway}, 0)
        .wait(0.6f)
        .create(blocks, 0.8f, 0.5f, Ease::OutBack)
        .then(0.4f)
        .create({token}, 0.2f)
        .transform({token}, 5.0f, Ease::Linear)
        .then(0.2f)
        .write({stream_eq}, 1.2f)
        .then(0.6f)
        .create({jacobian}, 0.8f)
        .then(3.0f);
    tl_.chapter("LayerNorm in four steps", "Centre, measure the spread, divide, then scale by \xCE\xB3 and shift by \xCE\xB2: one token, {0} numbers.",
                {std::to_string(xv.size())})
        .fade_out({highway, token, stream_eq, jacobian}, 0.5f)
        .fade_out(blocks, 0.5f)
        .then()
        .create({ln_rows[0]}, 0.8f)
        .then(1.2f);
    for (int i = 1; i < 4; ++i) tl_.create({ln_rows[i]}, 0.2f).transform({ln_rows[i]}, 1.4f).then(2.0f);
    tl_.create({ln_check}, 0.8f).then(3.5f);
    tl_.chapter("Post-LN or Pre-LN", "Post-LN normalises after the addition; Pre-LN normalises only what enters the sublayer.")
        .fade_out(ln_rows, 0.5f)
        .fade_out({ln_check}, 0.5f)
        .then()
        .create({post_panel}, 1.0f)
        .then(0.8f)
        .create({pre_panel}, 1.0f)
        .then(1.2f)
        .create({identity}, 0.6f)
        .then()
        .highlight({identity}, 1.2f)
        .then(0.2f)
        .highlight({identity}, 1.2f)
        .then(2.5f);
    tl_.chapter("Gradients at initialization", "Gradient norm per block of a {0}-block stack, measured by the core's backward pass.",
                {std::to_string(kDepth)})
        .fade_out({post_panel, pre_panel, identity}, 0.5f)
        .then()
        .create({grads}, 3.5f, 0, Ease::Linear)
        .then(1.0f)
        .create({depth_table}, 1.0f)
        .then(5.0f);
    tl_.end();
  }
};

}  // namespace

TMX_REGISTER_SCENE(ResidualNorm, "residual-norm", "Residuals and normalization",
                   "The residual stream, LayerNorm step by step, Post-LN vs Pre-LN, and gradient norms per block at initialization.");

}  // namespace tmx::anim
