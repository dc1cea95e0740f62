// "Attention mechanism": scaled dot-product attention on a 4-token example, step by step:
// embeddings, Q/K/V projections, QKᵀ, ÷√d_k, causal mask, softmax, weighted sum of V.
// Every number on screen comes from tmx::mha_forward's trace (one head) on seeded weights.
//
// [SECTION] Data (computed by the core)
// [SECTION] Timeline
// [SECTION] Drawing
#include <cmath>
#include <cstdio>

#include "anim/scene.h"
#include "core/nn/ops.h"
#include "core/rng.h"
#include "core/trace.h"
#include "anim/scene_data.h"

namespace tmx::anim {
namespace {

enum Obj { kTitle, kFormula, kTokens, kX, kXLabel, kQ, kK, kV, kScores, kScale, kMask, kWeights, kOut,
           kArrowQK, kArrowW, kArrowOut, kCap1, kCap2, kCap3, kCap4, kCap5, kCap6, kCap7, kRowFocus };

constexpr int kT = 4, kC = 6, kDk = 4;
const char* const kWords[kT] = {"the", "cat", "sat", "down"};

class AttentionMechanism : public Scene {
 public:
  AttentionMechanism() { compute(); build(); }

 private:
  //---------------------------------------------------------------------------
  // [SECTION] Data (computed by the core)
  //---------------------------------------------------------------------------
  void compute() {
    Rng rng(20240607);
    Mat table(kT, kC), wq(kDk, kC), wk(kDk, kC), wv(kDk, kC);
    for (Mat* m : {&table, &wq, &wk, &wv})
      for (int i = 0; i < m->size(); ++i) m->data()[i] = rng.normal() * (m == &table ? 0.8f : 1.0f / std::sqrt(float(kC)));
    std::vector<int> ids = {0, 1, 2, 3};
    Mat tok;
    embedding_forward(tok, ids, table);
    x_ = tok + sinusoidal_encoding(kT, kC);  // token embedding + position
    linear_forward(q_, x_, wq, nullptr);
    linear_forward(k_, x_, wk, nullptr);
    linear_forward(v_, x_, wv, nullptr);
    Trace tr;
    AttnMask mask;
    mask.causal = true;
    Mat w;
    mha_forward(out_, w, q_, k_, v_, 1, 1, mask, &tr, "attn.");
    scores_ = need(tr, "attn.head.0.scores");
    scaled_ = need(tr, "attn.head.0.scaled");
    masked_ = need(tr, "attn.head.0.masked");
    weights_ = need(tr, "attn.head.0.weights");
  }

  //---------------------------------------------------------------------------
  // [SECTION] Timeline
  //---------------------------------------------------------------------------
  void build() {
    Timeline& t = tl_;
    t.chapter("Tokens become vectors").create({kTitle}, 0.8f).then(0.2f)
        .create({kTokens}, 0.8f).write({kCap1}, 1.2f).then(0.3f)
        .create({kX, kXLabel}, 1.0f).then(2.0f);
    t.chapter("Queries, keys, values").fade_out({kCap1}, 0.4f).then()
        .write({kCap2}, 1.5f).create({kQ}, 0.9f).then(0.4f).create({kK}, 0.9f).then(0.4f).create({kV}, 0.9f)
        .then(2.5f);
    t.chapter("Scores: Q times K transposed").fade_out({kCap2}, 0.4f).then()
        .write({kCap3}, 1.3f).create({kArrowQK}, 0.8f).then().create({kScores}, 1.2f).then(2.5f);
    t.chapter("Scale by 1/\xE2\x88\x9A" "d_k").fade_out({kCap3}, 0.4f).then()
        .write({kCap4}, 1.3f).create({kScale}, 0.6f).then().transform({kScale}, 1.5f).then(2.5f);
    t.chapter("Causal mask").fade_out({kCap4}, 0.4f).then()
        .write({kCap5}, 1.3f).create({kMask}, 0.6f).then().transform({kMask}, 1.2f).then(2.5f);
    t.chapter("Softmax: weights that sum to 1").fade_out({kCap5}, 0.4f).then()
        .write({kCap6}, 1.3f).create({kArrowW}, 0.7f).then().create({kWeights}, 1.4f).then(2.5f);
    t.chapter("Weighted sum of values").fade_out({kCap6}, 0.4f).then()
        .write({kCap7}, 1.3f).create({kArrowOut}, 0.7f).then().create({kOut}, 1.4f).then(0.3f)
        .create({kRowFocus}, 0.5f).then().transform({kRowFocus}, 4.0f, Ease::Linear).then(0.5f)
        .create({kFormula}, 0.8f);
    t.end(3.0f);
  }

  //---------------------------------------------------------------------------
  // [SECTION] Drawing
  //---------------------------------------------------------------------------
  static constexpr float kCw = 0.62f, kCh = 0.52f;

  void caption(Stage& s, float t, int obj, const char* line) const {
    const ObjState o = st(obj, t);
    s.text({8.0f, 8.35f}, line, 0.34f, s.col().fg, o.alpha, Align::Center, o.write);
  }

  void draw(Stage& s, float t) const override {
    const StageColors& c = s.col();
    char buf[160];
    ObjState o = st(kTitle, t);
    s.text({0.6f, 0.55f}, "Scaled dot-product attention", 0.46f, c.fg, o.alpha, Align::Left, 1, true);
    std::snprintf(buf, sizeof buf, "%d tokens, d_model = %d, d_k = %d, one head (seeded weights)", kT, kC, kDk);
    s.text({0.6f, 1.05f}, buf, 0.26f, c.dim, o.alpha);

    // Tokens and X.
    o = st(kTokens, t);
    for (int i = 0; i < kT; ++i)
      s.token_chip({1.05f, 2.05f + kCh * i + kCh / 2}, kWords[i], c.accent, std::min(1.0f, o.alpha * 1.5f - i * 0.15f), 0.28f);
    o = st(kX, t);
    s.matrix({1.8f, 2.05f}, x_, kCw * 0.8f, kCh, o.alpha, 2.0f, o.create, "%.1f", 0.22f);
    s.text({1.8f + kC * kCw * 0.4f, 1.7f}, "X = embedding + position", 0.26f, c.dim, st(kXLabel, t).alpha, Align::Center);

    // Q, K, V.
    const ImVec2 qpos{6.0f, 2.05f}, kpos{9.0f, 2.05f}, vpos{12.0f, 2.05f};
    const struct { int obj; const Mat* m; ImVec2 p; const char* name; const char* role; ImU32 col; } qkv[3] = {
        {kQ, &q_, qpos, R"tex(Q = XW_Q)tex", "what each token looks for", c.q},
        {kK, &k_, kpos, R"tex(K = XW_K)tex", "what each token offers", c.k},
        {kV, &v_, vpos, R"tex(V = XW_V)tex", "what each token passes on", c.v}};
    for (const auto& e : qkv) {
      o = st(e.obj, t);
      s.matrix(e.p, *e.m, kCw, kCh, o.alpha, 1.5f, o.create);
      s.math({e.p.x + kDk * kCw / 2, 1.45f}, e.name, 0.32f, Align::Center, o.alpha, e.col);
      s.text({e.p.x + kDk * kCw / 2, 1.8f}, e.role, 0.22f, c.dim, o.alpha, Align::Center);
      s.connector({1.8f + kC * kCw * 0.8f + 0.05f, 3.1f}, {e.p.x - 0.08f, 3.1f}, c.faint, o.alpha * 0.8f, o.create);
    }

    // Scores -> scaled -> masked, in one matrix that changes in place.
    const ImVec2 spos{1.8f, 5.2f};
    o = st(kArrowQK, t);
    s.connector({qpos.x + kDk * kCw / 2, 4.2f}, {spos.x + kT * kCw + 0.05f, 5.0f}, c.q, o.alpha, o.create);
    const ObjState os = st(kScores, t), osc = st(kScale, t), om = st(kMask, t);
    Mat shown = scores_ + (scaled_ - scores_) * osc.morph;
    for (int i = 0; i < kT; ++i)
      for (int j = i + 1; j < kT; ++j)
        if (om.morph > 0.5f) shown(i, j) = masked_(i, j);
    s.matrix(spos, shown, kCw, kCh, os.alpha, 3.0f, os.create);
    const ImVec2 lpos{spos.x + kT * kCw / 2, 4.9f};
    if (om.morph > 0.5f) s.text(lpos, "masked", 0.3f, c.fg, os.alpha, Align::Center, 1, true);
    else s.math(lpos, osc.morph > 0.5f ? R"tex(QK^\top/\sqrt{d_k})tex" : R"tex(QK^\top)tex", 0.32f, Align::Center, os.alpha);
    if (om.alpha > 0) {  // the future cells, greyed as the mask lands
      for (int i = 0; i < kT; ++i)
        for (int j = i + 1; j < kT; ++j) {
          const ImVec2 a{spos.x + kCw * j, spos.y + kCh * i};
          s.box(a, {a.x + kCw, a.y + kCh}, c.box, c.warn, om.alpha * 0.5f * (1 - om.morph) + om.morph * 0.25f, 0.04f);
        }
    }
    if (osc.alpha > 0) {
      std::snprintf(buf, sizeof buf, "\xC3\xB7 \xE2\x88\x9A%d = %.0f", kDk, std::sqrt(float(kDk)));
      s.text({spos.x + kT * kCw + 0.25f, spos.y + kT * kCh + 0.3f}, buf, 0.28f, c.warn, osc.alpha, Align::Left);
    }

    // Softmax weights.
    const ImVec2 wpos{6.6f, 5.2f};
    o = st(kArrowW, t);
    s.arrow({spos.x + kT * kCw + 0.2f, spos.y + kT * kCh / 2}, {wpos.x - 0.15f, wpos.y + kT * kCh / 2}, c.accent, o.alpha, o.create);
    s.text({(spos.x + kT * kCw + wpos.x) / 2, spos.y + kT * kCh / 2 - 0.3f}, "softmax", 0.24f, c.accent, o.alpha, Align::Center);
    const ObjState ow = st(kWeights, t);
    s.heatmap(wpos, weights_, kCh, 0.0f, 1.0f, ow.alpha, ow.create, true, 0.2f);
    s.text({wpos.x + kT * kCh / 2, 4.9f}, "weights", 0.3f, c.fg, ow.alpha, Align::Center, 1, true);
    for (int i = 0; i < kT; ++i) {
      std::snprintf(buf, sizeof buf, "\xCE\xA3 = %.2f", weights_.row(i).sum());  // Σ
      s.text({wpos.x + kT * kCh + 0.15f, wpos.y + kCh * i + kCh / 2}, buf, 0.2f, c.dim, ow.alpha * ow.create);
    }

    // Output = weights · V.
    const ImVec2 opos{11.6f, 5.2f};
    o = st(kArrowOut, t);
    s.arrow({wpos.x + kT * kCh + 1.05f, wpos.y + kT * kCh / 2}, {opos.x - 0.15f, opos.y + kT * kCh / 2}, c.v, o.alpha, o.create);
    s.text({(wpos.x + kT * kCh + 1.05f + opos.x) / 2, wpos.y + kT * kCh / 2 - 0.3f}, "\xC2\xB7 V", 0.26f, c.v, o.alpha, Align::Center);
    const ObjState oo = st(kOut, t);
    s.matrix(opos, out_, kCw, kCh, oo.alpha, 1.5f, oo.create);
    s.text({opos.x + kDk * kCw / 2, 4.9f}, "output", 0.3f, c.fg, oo.alpha, Align::Center, 1, true);

    // Row focus: walk through the query rows; show which values each token mixes.
    const ObjState of = st(kRowFocus, t);
    if (of.alpha > 0) {
      const int r = std::min(kT - 1, static_cast<int>(of.morph * kT));
      s.box({wpos.x - 0.04f, wpos.y + kCh * r - 0.02f}, {wpos.x + kT * kCh + 0.04f, wpos.y + kCh * (r + 1) + 0.02f}, 0, c.accent, of.alpha, 0.05f);
      s.box({opos.x - 0.04f, opos.y + kCh * r - 0.02f}, {opos.x + kDk * kCw + 0.04f, opos.y + kCh * (r + 1) + 0.02f}, 0, c.v, of.alpha, 0.05f);
      std::string mix = std::string("\"") + kWords[r] + "\" = ";
      for (int j = 0; j <= r; ++j) {
        std::snprintf(buf, sizeof buf, "%s%.2f\xC2\xB7v(%s)", j ? " + " : "", weights_(r, j), kWords[j]);
        mix += buf;
      }
      s.text({wpos.x, 7.65f}, mix, 0.26f, c.fg, of.alpha);
    }

    o = st(kFormula, t);
    s.box({9.2f, 0.3f}, {15.6f, 1.25f}, c.box, c.faint, o.alpha, 0.12f);
    s.math({12.4f, 0.78f}, R"tex(\operatorname{softmax}\left(\frac{QK^\top}{\sqrt{d_k}} + M\right)V)tex", 0.3f, Align::Center,
           o.alpha, 0, o.write > 0 ? o.write : 1);

    caption(s, t, kCap1, "Each token is a vector: a learned embedding plus its position.");
    caption(s, t, kCap2, "Three learned projections of the same X give queries, keys and values.");
    caption(s, t, kCap3, "Each score is a dot product: how well query i matches key j.");
    caption(s, t, kCap4, "Dividing by \xE2\x88\x9A" "d_k keeps the scores' spread independent of the head size.");
    caption(s, t, kCap5, "A token may not look ahead: future keys get \xE2\x88\x92\xE2\x88\x9E, so their weight becomes 0.");
    caption(s, t, kCap6, "Softmax turns each row into weights between 0 and 1 that sum to 1.");
    caption(s, t, kCap7, "Each output row is the weighted average of the value rows it may see.");
  }

  Mat x_, q_, k_, v_, scores_, scaled_, masked_, weights_, out_;
};

}  // namespace

TMX_REGISTER_SCENE(AttentionMechanism, "attention-mechanism", "Attention mechanism",
                   "Q, K, V, QK^T, \xC3\xB7\xE2\x88\x9A" "d_k, causal mask, softmax and the weighted sum, on real numbers");

}  // namespace tmx::anim
