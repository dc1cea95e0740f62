// "Attention mechanism": scaled dot-product attention on a 4-token example, step by step:
// embeddings, Q/K/V projections, QKᵀ (each query row slides across Kᵀ), ÷√d_k (the matrix
// morphs), causal mask, softmax, and the weighted sum (value rows flow into each output row).
// Every number on screen comes from tmx::mha_forward's trace (one head) on seeded weights.
#include <cmath>
#include <cstdio>

#include "anim/scene.h"
#include "anim/scene_data.h"
#include "core/nn/ops.h"
#include "core/rng.h"
#include "core/trace.h"

namespace tmx::anim {
namespace {

constexpr int kT = 4, kC = 6, kDk = 4;
const char* const kWords[kT] = {"the", "cat", "sat", "down"};

class AttentionMechanism : public Scene {
 public:
  AttentionMechanism()
      : Scene("Scaled dot-product attention", "{0} tokens, {1}-dim embeddings, {2}-dim queries and keys, one head, seeded weights",
              {std::to_string(kT), std::to_string(kC), std::to_string(kDk)}) {
    // Data (computed by the core).
    Rng rng(20240607);
    Mat table(kT, kC), wq(kDk, kC), wk(kDk, kC), wv(kDk, kC);
    for (Mat* m : {&table, &wq, &wk, &wv})
      for (int i = 0; i < m->size(); ++i) m->data()[i] = rng.normal() * (m == &table ? 0.8f : 1.0f / std::sqrt(float(kC)));
    Mat tok, x, q, k, v, out, w;
    embedding_forward(tok, {0, 1, 2, 3}, table);
    x = tok + sinusoidal_encoding(kT, kC);  // token embedding + position
    linear_forward(q, x, wq, nullptr);
    linear_forward(k, x, wk, nullptr);
    linear_forward(v, x, wv, nullptr);
    Trace tr;
    AttnMask causal;
    causal.causal = true;
    mha_forward(out, w, q, k, v, 1, 1, causal, &tr, "attn.");
    const Mat scores = need(tr, "attn.head.0.scores"), scaled = need(tr, "attn.head.0.scaled");
    const Mat masked = need(tr, "attn.head.0.masked"), weights = need(tr, "attn.head.0.weights");

    // Layout: X on the left; Q, K, V along the top; scores, weights, output along the bottom.
    const ImVec2 cell{0.62f, 0.52f}, xcell{0.5f, 0.52f};
    const Rect xr = Rect::at({1.8f, 2.35f}, matrix_size(x, xcell));
    const std::vector<Rect> top = row({6.0f, 2.35f}, matrix_size(q, cell), 3, 0.5f);
    const Rect qr = top[0], kr = top[1], vr = top[2];
    const Rect sr = Rect::at({1.8f, 5.05f}, matrix_size(scores, cell));
    const Rect wr = Rect::at({sr.max.x + 2.0f, sr.min.y}, matrix_size(weights, {cell.y, cell.y}));
    const Rect orr = Rect::at({vr.min.x, sr.min.y}, sr.size());
    const float lab = 0.32f;  // labels sit this far above their matrix
    const float below = sr.max.y + 0.45f;  // the line under the bottom row: the weighted sum, then the formula

    // Objects, each with its drawing.
    int tokens = obj([=](Stage& s, const ObjState& o) {
      for (int i = 0; i < kT; ++i)
        s.token_chip({xr.min.x - 0.6f, xr.min.y + cell.y * (i + 0.5f)}, kWords[i], s.col().accent, o.alpha);
    });
    int xm = obj([=](Stage& s, const ObjState& o) {
      s.matrix(xr.min, x, Mx().cell(xcell.x, xcell.y).tint(2.0f).fmt("%.1f").alpha(o.alpha).reveal(o.create));
      s.text(xr.label_above(lab), s.tr("X = embedding + position"), Txt::label().col(s.col().dim).center().alpha(o.alpha));
    });
    // Q, K, V slide out of X into their places (a transform between two layouts).
    struct Proj { Mat m; Rect r; const char* name; const char* role; ImU32 StageColors::*col; };
    const Proj projs[3] = {{q, qr, R"tex(Q = XW_Q)tex", "what each token looks for", &StageColors::q},
                           {k, kr, R"tex(K = XW_K)tex", "what each token offers", &StageColors::k},
                           {v, vr, R"tex(V = XW_V)tex", "what each token passes on", &StageColors::v}};
    std::vector<int> qkv;
    for (const Proj& p : projs)
      qkv.push_back(obj([=](Stage& s, const ObjState& o) {
        const ImVec2 at = lerp(xr.min, p.r.min, o.morph);
        // Translucent and without numbers while it leaves X, solid once in place.
        s.matrix(at, p.m, Mx().cell(cell.x, cell.y).tint(1.5f).alpha(o.alpha * (0.25f + 0.75f * o.morph)).moving(o.morph < 1)
                              .numbers(o.morph > 0.7f));
        const float a = o.alpha * o.morph;
        s.math({p.r.center().x, p.r.min.y - 0.62f}, p.name, Txt().size(0.3f).center().alpha(a).col(s.col().*p.col));
        s.text(p.r.label_above(0.25f), s.tr(p.role), Txt::small().col(s.col().dim).center().alpha(a));
      }));
    // QKᵀ: each query row slides down to its row of scores; K lights up as the row passes it.
    int slide = obj([=](Stage& s, const ObjState& o) {
      const float p = o.morph * kT;
      const int i = std::min(kT - 1, static_cast<int>(p));
      const float u = ease(Ease::InOutCubic, std::min(1.0f, (p - i) * 1.4f));
      if (o.morph >= 1) return;
      s.box(Rect::at({qr.min.x, qr.min.y + cell.y * i}, {qr.w(), cell.y}), 0, s.col().q, o.alpha, 0.05f);
      s.box(kr.grown(0.06f), 0, s.col().k, o.alpha * std::sin(3.14159f * u), 0.06f);
      const ImVec2 from{qr.min.x, qr.min.y + cell.y * i}, to{sr.min.x, sr.min.y + cell.y * i};
      Mat rowm = q.row(i);
      s.matrix(lerp(from, to, u), rowm, Mx().cell(cell.x, cell.y).tint(1.5f).alpha(o.alpha * (1 - u * u)).moving());
    });
    // Scores -> scaled -> masked: one matrix whose values morph in place, driven by two objects:
    // the scale label and the mask's grey cells.
    int scale = obj([=](Stage& s, const ObjState& o) {
      s.text({sr.max.x + 0.15f, sr.label_above(lab).y}, "\xC3\xB7 \xE2\x88\x9A" + std::to_string(kDk) + " = " + num("%.0f", std::sqrt(float(kDk))),
             Txt::label().col(s.col().warn).alpha(o.alpha));
    });
    int mask = obj([=](Stage& s, const ObjState& o) {  // the future cells, greyed as the mask lands
      for (int i = 0; i < kT; ++i)
        for (int j = i + 1; j < kT; ++j)
          s.box(Rect::at({sr.min.x + cell.x * j, sr.min.y + cell.y * i}, cell), s.col().box, s.col().warn,
                o.alpha * (0.5f * (1 - o.morph) + o.morph * 0.25f), 0.04f);
    });
    int sc = obj([=](Stage& s, const ObjState& o) {
      const ObjState osc = st(scale, o.t), om = st(mask, o.t);
      Mat shown = scores + (scaled - scores) * osc.morph;
      for (int i = 0; i < kT; ++i)
        for (int j = i + 1; j < kT; ++j)
          if (om.morph > 0.5f) shown(i, j) = masked(i, j);
      const float p = st(slide, o.t).morph * kT;  // rows appear as their query row arrives
      int done = 0;
      while (done < kT && p >= done + 0.72f) ++done;
      s.matrix(sr.min, shown, Mx().cell(cell.x, cell.y).tint(3.0f).alpha(o.alpha).reveal(done / float(kT)));
      const ImVec2 l = sr.label_above(lab);
      if (om.morph > 0.5f) s.text(l, s.tr("masked scores"), Txt::label().bold().center().alpha(o.alpha));
      else if (osc.morph > 0.5f) s.math(l, R"tex(QK^\top/\sqrt{d_k})tex", Txt().size(0.3f).center().alpha(o.alpha));
      else s.math(l, R"tex(QK^\top)tex", Txt().size(0.3f).center().alpha(o.alpha));
    });
    // Softmax weights, then each output row as the weighted sum of the value rows.
    int arrow_w = obj([=](Stage& s, const ObjState& o) {
      const ImVec2 a{sr.max.x + 0.25f, sr.center().y}, b{wr.min.x - 0.2f, sr.center().y};
      s.arrow(a, b, s.col().accent, o.alpha, o.create);
      s.text({(a.x + b.x) / 2, a.y - 0.3f}, "softmax", Txt::label().col(s.col().accent).center().alpha(o.alpha));
    });
    int wm = obj([=](Stage& s, const ObjState& o) {
      s.heatmap(wr.min, weights, Hm().cell(cell.y).range(0, 1).numbers().alpha(o.alpha).reveal(o.create));
      s.text(wr.label_above(lab), s.tr("weights"), Txt::label().bold().center().alpha(o.alpha));
      for (int i = 0; i < kT; ++i)
        s.text({wr.min.x + kT * cell.y + 0.15f, wr.min.y + cell.y * (i + 0.5f)}, "\xCE\xA3 = " + num("%.2f", weights.row(i).sum()),
               Txt::small().col(s.col().dim).alpha(o.alpha * o.create));
    });
    int om = obj([=](Stage& s, const ObjState& o) {
      s.matrix(orr.min, out, Mx().cell(cell.x, cell.y).tint(1.5f).alpha(o.alpha).reveal(o.create));
      s.text(orr.label_above(lab), s.tr("output"), Txt::label().bold().center().alpha(o.alpha));
    });
    // A highlight travels down the rows; the value rows a token may see flow into its output row.
    int flow = obj([=](Stage& s, const ObjState& o) {
      const float p = o.morph * kT;
      const int r = std::min(kT - 1, static_cast<int>(p));
      const float u = ease(Ease::InOutCubic, std::min(1.0f, (p - r) * 1.6f));
      s.box(Rect::at({wr.min.x, wr.min.y + cell.y * r}, {wr.w(), cell.y}).grown(0.03f), 0, s.col().accent, o.alpha, 0.05f);
      s.box(Rect::at({orr.min.x, orr.min.y + cell.y * r}, {orr.w(), cell.y}).grown(0.03f), 0, s.col().v, o.alpha, 0.05f);
      for (int j = 0; j <= r && o.morph < 1; ++j) {
        const ImVec2 from{vr.min.x, vr.min.y + cell.y * j}, to{orr.min.x, orr.min.y + cell.y * r};
        Mat vrow = v.row(j);
        s.matrix(lerp(from, to, u), vrow, Mx().cell(cell.x, cell.y).tint(1.5f).alpha(o.alpha * weights(r, j) * (1 - u * u)).moving());
      }
      std::string mix = "\"" + std::string(kWords[r]) + "\" = ";
      for (int j = 0; j <= r; ++j) mix += (j ? " + " : "") + num("%.2f", weights(r, j)) + "\xC2\xB7v(" + kWords[j] + ")";
      s.text({sr.min.x, below}, mix, Txt::label().alpha(o.alpha));
    });
    int formula = obj([=](Stage& s, const ObjState& o) {
      s.math({orr.center().x + 0.3f, below}, R"tex(\operatorname{softmax}\left(\frac{QK^\top}{\sqrt{d_k}} + M\right)V)tex",
             Txt().size(0.26f).center().alpha(o.alpha).reveal(o.write > 0 ? o.write : 1));
    });

    // Timeline.
    tl_.chapter("Tokens become vectors", "Each token is a vector: a learned embedding plus its position.")
        .create({tokens, xm}, 0).wait(3.0f);
    tl_.chapter("Queries, keys, values", "Three learned projections of the same X give queries, keys and values.")
        .create(qkv, 0.4f, 1.3f).transform({qkv[0]}, 1.2f).wait(1.3f).transform({qkv[1]}, 1.2f).wait(1.3f)
        .transform({qkv[2]}, 1.2f).then(2.0f);
    tl_.chapter("Scores: Q times K transposed", "Each score is a dot product: how well query i matches key j.")
        .create({slide, sc}, 0.3f).transform({slide}, 6.0f, Ease::Linear).then(2.0f);
    tl_.chapter("Scaling the scores", "Dividing by \xE2\x88\x9A" "4 = 2 keeps the scores' spread independent of the head size.")
        .camera({3.6f, 5.95f}, 1.5f, 1.2f).create({scale}, 0.3f).then().transform({scale}, 1.5f).then(2.5f);
    tl_.chapter("Causal mask", "A token may not look ahead: future keys get \xE2\x88\x92\xE2\x88\x9E, so their weight becomes 0.")
        .create({mask}, 0.6f).then().transform({mask}, 1.2f).then(2.0f).camera_reset(1.0f).then(0.5f);
    tl_.chapter("Softmax: weights that sum to 1", "Softmax turns each row into weights between 0 and 1 that sum to 1.")
        .create({arrow_w}, 0.7f, 0, Ease::OutCubic).then().create({wm}, 1.4f).then(2.5f);
    tl_.chapter("Weighted sum of values", "Each output row is the weighted average of the value rows it may see.")
        .create({om}, 0.8f).then(0.3f).create({flow}, 0.4f).transform({flow}, 8.0f, Ease::Linear).then(0.3f)
        .write({formula}, 1.2f);
    tl_.end(3.0f);
  }
};

}  // namespace

TMX_REGISTER_SCENE(AttentionMechanism, "attention-mechanism", "Attention mechanism",
                   "Q, K, V, QK^T, \xC3\xB7\xE2\x88\x9A" "d_k, causal mask, softmax and the weighted sum, on real numbers");

}  // namespace tmx::anim
