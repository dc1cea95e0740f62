// "The feed-forward block": one token expanded by W1, passed through GELU, projected back by W2;
// the ReLU / GELU / SiLU curves; the SwiGLU gate as an elementwise product of two projections;
// the parameter counts of GPT-2 small's and LLaMA-7B's blocks. Every number comes from
// core/ffn.h (ffn_forward_token, ffn_params, swiglu_hidden) and core/nn/ops.h (act_forward).
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "anim/scene.h"
#include "core/ffn.h"
#include "core/nn/ops.h"
#include "core/rng.h"

namespace tmx::anim {
namespace {

constexpr int kC = 4;          // d_model of the toy block
constexpr int kRatio = 4;      // d_ff = 4 d_model
constexpr int kCurve = 81;     // points of each activation curve on [-4, 4]
constexpr float kXMax = 4.0f;

std::vector<float> values(const Mat& m) { return std::vector<float>(m.data(), m.data() + m.size()); }

class FfnSwiglu : public Scene {
 public:
  FfnSwiglu()
      : Scene("The feed-forward block", "model width {0}, hidden width {1}, seeded weights",
              {std::to_string(kC), std::to_string(kC * kRatio)}) {
    // 1. Data, from the core.
    const int F = kC * kRatio;
    const FfnWeights w = ffn_random_weights(kC, F, false, 11);
    Rng rng(2024);
    Mat x(1, kC);
    for (int i = 0; i < kC; ++i) x(0, i) = rng.normal();
    const FfnTrace t = ffn_forward_token(x, w, Act::GELU_erf, false);
    const Mat xt = t.x.transpose(), pre = t.pre.transpose(), hid = t.hidden.transpose(), out = t.out.transpose();

    const int Fg = static_cast<int>(swiglu_hidden(kC, 1, kRatio));  // 2/3 of 16 -> 10
    const FfnWeights wg = ffn_random_weights(kC, Fg, true, 12);
    const FfnTrace tg = ffn_forward_token(t.x, wg, Act::SiLU, true);
    Mat silu_g;
    act_forward(silu_g, tg.pre, Act::SiLU);
    const Mat g = tg.pre.transpose(), sg = silu_g.transpose(), u = tg.up.transpose(), h = tg.hidden.transpose();

    Mat grid(1, kCurve);
    for (int i = 0; i < kCurve; ++i) grid(0, i) = -kXMax + 2 * kXMax * i / (kCurve - 1);
    Mat relu, gelu, silu;
    act_forward(relu, grid, Act::ReLU);
    act_forward(gelu, grid, Act::GELU_erf);
    act_forward(silu, grid, Act::SiLU);
    const std::vector<float> relu_v = values(relu), gelu_v = values(gelu), silu_v = values(silu);

    const long long gpt2 = ffn_params(768, 3072, false, true);
    const long long llama = ffn_params(4096, swiglu_hidden(4096), true, false);
    const long long plain4096 = ffn_params(4096, 4 * 4096, false, false);
    const long long llama_f = swiglu_hidden(4096);

    // 2. Objects.
    const ImVec2 cell{0.95f, 0.3f};
    const float mid = 4.65f;
    auto column_at = [&](float x0, const Mat& m) { return Rect::centered({x0, mid}, matrix_size(m, cell)); };
    const Rect xr = column_at(1.6f, xt), pr = column_at(5.4f, pre), hr = column_at(9.6f, hid), orr = column_at(13.6f, out);
    const float pmax = std::max(pre.cwiseAbs().maxCoeff(), 1.0f);

    int xcol = obj([=](Stage& s, const ObjState& o) {
      s.matrix(xr.min, xt, Mx().cell(cell.x, cell.y).tint(pmax).alpha(o.alpha));
      s.text(xr.label_above(), s.tr("token x"), Txt::label().center().alpha(o.alpha));
    });
    int expand = obj([=](Stage& s, const ObjState& o) {
      s.arrow({xr.max.x + 0.25f, mid}, {pr.min.x - 0.25f, mid}, s.col().accent, o.alpha, o.create);
      s.math({(xr.max.x + pr.min.x) / 2, mid - 0.45f}, R"tex(W_1 x + b_1)tex", Txt::label().center().alpha(o.alpha));
      s.text({(xr.max.x + pr.min.x) / 2, mid + 0.45f}, s.tr("{0} \xE2\x86\x92 {1}", {std::to_string(kC), std::to_string(F)}), Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });
    int precol = obj([=](Stage& s, const ObjState& o) {
      s.matrix(pr.min, pre, Mx().cell(cell.x, cell.y).tint(pmax).alpha(o.alpha).reveal(o.create));
      s.text(pr.label_above(), s.tr("pre-activation z"), Txt::label().center().alpha(o.alpha));
    });
    int activate = obj([=](Stage& s, const ObjState& o) {
      s.arrow({pr.max.x + 0.25f, mid}, {hr.min.x - 0.25f, mid}, s.col().warn, o.alpha, o.create);
      s.text({(pr.max.x + hr.min.x) / 2, mid - 0.45f}, s.tr("GELU, one by one"), Txt::label().center().col(s.col().warn).alpha(o.alpha));
    });
    int hidcol = obj([=](Stage& s, const ObjState& o) {  // slides out of z, then shows GELU(z)
      const Mat& shown = o.morph < 0.5f ? pre : hid;
      s.matrix(lerp(pr.min, hr.min, o.morph), shown, Mx().cell(cell.x, cell.y).tint(pmax).alpha(o.alpha).moving(o.morph < 1));
      s.text(hr.label_above(), s.tr("hidden GELU(z)"), Txt::label().center().alpha(o.alpha * o.morph));
    });
    int project = obj([=](Stage& s, const ObjState& o) {
      s.arrow({hr.max.x + 0.25f, mid}, {orr.min.x - 0.25f, mid}, s.col().accent, o.alpha, o.create);
      s.math({(hr.max.x + orr.min.x) / 2, mid - 0.45f}, R"tex(W_2 h + b_2)tex", Txt::label().center().alpha(o.alpha));
      s.text({(hr.max.x + orr.min.x) / 2, mid + 0.45f}, s.tr("{0} \xE2\x86\x92 {1}", {std::to_string(F), std::to_string(kC)}), Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });
    int outcol = obj([=](Stage& s, const ObjState& o) {
      s.matrix(orr.min, out, Mx().cell(cell.x, cell.y).tint(pmax).alpha(o.alpha));
      s.text(orr.label_above(), s.tr("output"), Txt::label().center().alpha(o.alpha));
      s.text({orr.center().x, orr.max.y + 0.45f}, s.tr("added to x"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });

    const Rect plot_r{{2.0f, 2.3f}, {14.0f, 7.2f}};
    int curves = obj([=](Stage& s, const ObjState& o) {
      s.plot(plot_r,
             {{relu_v, s.col().dim, s.tr("ReLU")}, {gelu_v, s.col().warn, s.tr("GELU")}, {silu_v, s.col().good, s.tr("SiLU")}},
             PlotOpts().range(-1.0f, kXMax).x(-kXMax, kXMax, "x").alpha(o.alpha).progress(o.create));
    });

    const float gx[4] = {2.6f, 6.0f, 9.4f, 13.2f};
    const float gmid = 4.2f;
    auto gcol = [&](float x0, const Mat& m) { return Rect::centered({x0, gmid}, matrix_size(m, cell)); };
    const Rect gr = gcol(gx[0], g), sgr = gcol(gx[1], sg), ur = gcol(gx[2], u), hgr = gcol(gx[3], h);
    const float gmax = std::max({g.cwiseAbs().maxCoeff(), u.cwiseAbs().maxCoeff(), 1.0f});
    int gatecols = obj([=](Stage& s, const ObjState& o) {
      s.matrix(gr.min, g, Mx().cell(cell.x, cell.y).tint(gmax).alpha(o.alpha));
      s.math(gr.label_above(), R"tex(g = W_{\mathrm{gate}}\, x)tex", Txt::label().center().alpha(o.alpha));
      s.matrix(ur.min, u, Mx().cell(cell.x, cell.y).tint(gmax).alpha(o.alpha));
      s.math(ur.label_above(), R"tex(u = W_{\mathrm{up}}\, x)tex", Txt::label().center().alpha(o.alpha));
    });
    int silucol = obj([=](Stage& s, const ObjState& o) {
      s.arrow({gr.max.x + 0.2f, gmid}, {sgr.min.x - 0.2f, gmid}, s.col().good, o.alpha, o.create);
      s.matrix(sgr.min, sg, Mx().cell(cell.x, cell.y).tint(gmax).alpha(o.alpha * o.create));
      s.math(sgr.label_above(), R"tex(\mathrm{SiLU}(g))tex", Txt::label().center().col(s.col().good).alpha(o.alpha));
    });
    int product = obj([=](Stage& s, const ObjState& o) {
      s.text({(sgr.max.x + ur.min.x) / 2, gmid}, "\xC3\x97", Txt().center().alpha(o.alpha));
      s.text({(ur.max.x + hgr.min.x) / 2, gmid}, "=", Txt().center().alpha(o.alpha));
      s.matrix(hgr.min, h, Mx().cell(cell.x, cell.y).tint(gmax).alpha(o.alpha).reveal(o.create));
      s.math(hgr.label_above(), R"tex(h = \mathrm{SiLU}(g) \odot u)tex", Txt::label().center().alpha(o.alpha));
    });
    int swiglu_eq = obj([=](Stage& s, const ObjState& o) {
      s.math({8.0f, 6.75f}, R"tex(\mathrm{SwiGLU}(x) = W_{\mathrm{down}}\left(\mathrm{SiLU}(W_{\mathrm{gate}}\,x) \odot W_{\mathrm{up}}\,x\right))tex",
             Txt().center().alpha(o.alpha));
      s.text({8.0f, 7.4f}, s.tr("three matrices, hidden width {0} = 2/3 of {1}", {std::to_string(Fg), std::to_string(F)}),
             Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });

    int counts = obj([=](Stage& s, const ObjState& o) {
      const Txt line = Txt().center().alpha(o.alpha);
      s.text({8.0f, 2.5f}, s.tr("GPT-2 small, plain FFN with biases"), Txt::heading().center().alpha(o.alpha));
      s.math({8.0f, 3.2f}, R"tex(2 \cdot 768 \cdot 3072 + 3072 + 768)tex", line);
      s.text({8.0f, 3.85f}, s.tr("= {0} parameters per block", {format_count(gpt2)}), line);
      s.text({8.0f, 4.9f}, s.tr("LLaMA-7B, SwiGLU with hidden width {0}", {format_count(llama_f)}),
             Txt::heading().center().alpha(o.alpha));
      s.math({8.0f, 5.6f}, R"tex(3 \cdot 4096 \cdot 11008)tex", line);
      s.text({8.0f, 6.25f}, s.tr("= {0}, a plain FFN of width 4 \xC3\x97 4096 has {1}", {format_count(llama), format_count(plain4096)}),
             line);
    });

    // 3. Timeline. t = 0 shows the token (the poster).
    tl_.chapter("Expand", "The token's {0} numbers are multiplied by W1: {1} hidden pre-activations.",
                {std::to_string(kC), std::to_string(F)})
        .create({xcol}, 0)
        .wait(0.8f)
        .create({expand}, 1.0f)
        .then()
        .create({precol}, 1.6f)
        .then(2.5f);
    tl_.chapter("Activate", "GELU acts on each hidden number alone: positives pass, negatives shrink towards 0.")
        .create({activate}, 0.8f)
        .then()
        .create({hidcol}, 0.2f)
        .transform({hidcol}, 1.4f)
        .then(3.0f);
    tl_.chapter("Project back", "W2 brings the {0} numbers back to {1}; the result is added to the residual stream.",
                {std::to_string(F), std::to_string(kC)})
        .create({project}, 1.0f)
        .then()
        .create({outcol}, 0.8f)
        .then(3.5f);
    tl_.chapter("Three activations", "ReLU cuts every negative to 0; GELU and SiLU are smooth and dip slightly below 0.")
        .fade_out({xcol, expand, precol, activate, hidcol, project, outcol}, 0.6f)
        .then()
        .create({curves}, 3.0f, 0, Ease::Linear)
        .then(3.5f);
    tl_.chapter("The SwiGLU gate", "Two projections of the same token: SiLU of the gate scales the other, element by element.")
        .fade_out({curves}, 0.5f)
        .then()
        .create({gatecols}, 0.8f)
        .then(0.8f)
        .create({silucol}, 1.2f)
        .then(0.8f)
        .create({product}, 1.5f)
        .then(0.5f)
        .create({swiglu_eq}, 0.8f)
        .then(3.5f);
    tl_.chapter("Parameter counts", "SwiGLU's hidden layer is 2/3 as wide, so three matrices cost about as much as two.")
        .fade_out({gatecols, silucol, product, swiglu_eq}, 0.5f)
        .then()
        .create({counts}, 1.0f)
        .then(5.0f);
    tl_.end();
  }
};

}  // namespace

TMX_REGISTER_SCENE(FfnSwiglu, "ffn-swiglu", "The feed-forward block",
                   "Expand, activate, project back; ReLU, GELU and SiLU; the SwiGLU gate; parameter counts.");

}  // namespace tmx::anim
