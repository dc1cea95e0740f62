// "Multi-head attention": x (T x d_model) projected to Q, K, V; their columns split into h heads
// of d_k = d_model / h; each head's own causal weight map (side by side, with what each attends
// to); the head outputs concatenated and mixed by W_O; and what one head costs in GPT-2 small.
// Every matrix is from one real forward pass of a tiny seeded GPT (core GPT::forward's trace);
// the counts come from core/multi_head.h (attention_head_cost, head_stats).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "anim/scene.h"
#include "anim/scene_data.h"
#include "core/ffn.h"
#include "core/models/gpt.h"
#include "core/multi_head.h"
#include "core/rng.h"
#include "core/trace.h"

namespace tmx::anim {
namespace {

constexpr int kC = 16, kH = 4, kD = kC / kH;
const char* const kWords[] = {"the", "cat", "sat", "on", "the", "mat"};
constexpr int kT = 6;

// One layer of a tiny GPT on the six words, seeded. At nanoGPT's init scale (0.02) every head is
// near-uniform; wider q/k weights (as in the GQA scene) make the heads' different patterns
// visible. The rest is the model's ordinary forward pass.
Trace tiny_forward(GPT& m) {
  Rng rng(31);
  Mat& w = m.w.h[0].c_attn_w;
  for (Eigen::Index j = 0; j < 2 * kC; ++j)  // the q and k columns
    for (Eigen::Index i = 0; i < kC; ++i) w(i, j) = 0.45f * rng.normal();
  std::vector<int> ids;
  std::vector<std::string> vocab;
  for (const char* wd : kWords) {
    auto it = std::find(vocab.begin(), vocab.end(), wd);
    ids.push_back(static_cast<int>(it - vocab.begin()));
    if (it == vocab.end()) vocab.push_back(wd);
  }
  Trace tr;
  m.forward(ids, &tr);
  return tr;
}

GPTConfig tiny_config() {
  GPTConfig c;
  c.vocab_size = 8;
  c.n_positions = 8;
  c.n_embd = kC;
  c.n_head = kH;
  c.n_layer = 1;
  return c;
}

class MultiHeadAttention : public Scene {
 public:
  MultiHeadAttention()
      : Scene("Multi-head attention", "{0} tokens, width {1}, {2} heads of {3}; one forward pass of a seeded GPT layer",
              {std::to_string(kT), std::to_string(kC), std::to_string(kH), std::to_string(kD)}) {
    // 1. Data: one forward pass, and the counts.
    GPT model(tiny_config(), true, false);
    model.init_random(7);
    const Trace tr = tiny_forward(model);
    const Mat x = need(tr, "h.0.ln_1.out"), q = need(tr, "h.0.attn.q"), k = need(tr, "h.0.attn.k"), v = need(tr, "h.0.attn.v");
    const Mat merged = need(tr, "h.0.attn.heads"), out = need(tr, "h.0.attn.out");
    std::vector<Mat> weights, outs;
    std::vector<HeadStats> stats;
    for (int h = 0; h < kH; ++h) {
      weights.push_back(need(tr, "h.0.attn.head." + std::to_string(h) + ".weights"));
      outs.push_back(need(tr, "h.0.attn.head." + std::to_string(h) + ".out"));
      stats.push_back(head_stats(weights.back()));
    }
    const HeadCost gpt2 = attention_head_cost(768, 12, 1024), tiny = attention_head_cost(kC, kH, kT);
    const float xmax = std::max(1.0f, x.cwiseAbs().maxCoeff());
    const float omax = std::max(1e-6f, merged.cwiseAbs().maxCoeff()), outmax = std::max(1e-6f, out.cwiseAbs().maxCoeff());

    // Head colours, shared by every view of a head.
    auto head_col = [](const Stage& s, int h) {
      const ImU32 cs[4] = {s.col().q, s.col().k, s.col().v, s.col().warn};
      return cs[h % 4];
    };

    // 2. Objects.
    // --- x and its projections.
    const ImVec2 xcell{0.26f, 0.42f};
    const Rect xr = Rect::at({1.5f, 2.7f}, matrix_size(x, xcell));
    int tokens = obj([=](Stage& s, const ObjState& o) {
      for (int i = 0; i < kT; ++i) s.token_chip({xr.min.x - 0.6f, xr.min.y + xcell.y * (i + 0.5f)}, kWords[i], s.col().accent, o.alpha);
    });
    int xm = obj([=](Stage& s, const ObjState& o) {
      s.matrix(xr.min, x, Mx().cell(xcell.x, xcell.y).tint(xmax).numbers(false).alpha(o.alpha).reveal(o.create));
      s.math({xr.center().x, xr.min.y - 0.75f}, R"tex(x \in \mathbb{R}^{T \times d_{model}})tex", Txt::label().center().alpha(o.alpha));
      s.text(xr.label_above(0.3f), s.tr("{0} tokens \xC3\x97 {1} numbers", {std::to_string(kT), std::to_string(kC)}),
             Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });
    // Q, K, V stacked on the right; in the split their column groups move apart.
    const ImVec2 pcell{0.26f, 0.22f};
    const float px0 = 8.0f, gap = 0.32f;
    const float py[3] = {2.1f, 4.0f, 5.9f};
    const Mat pm[3] = {q, k, v};
    const char* const ptex[3] = {R"tex(Q = x W_Q)tex", R"tex(K = x W_K)tex", R"tex(V = x W_V)tex"};
    // The split: head labels over Q's groups and the arithmetic of d_k.
    const int split = obj([=](Stage& s, const ObjState& o) {
      for (int h = 0; h < kH; ++h) {
        const float cx = px0 + h * (kD * pcell.x + gap * o.morph) + kD * pcell.x / 2;
        s.text({cx, py[0] - 0.3f}, s.tr("head {0}", {std::to_string(h)}), Txt::small().center().col(head_col(s, h)).alpha(o.alpha * o.morph));
      }
      s.math({4.0f, 3.2f}, R"tex(d_k = \frac{d_{model}}{h})tex", Txt().center().alpha(o.alpha));
      s.text({4.0f, 4.2f}, s.tr("here: {0} = {1} \xC3\x97 {2}", {std::to_string(kC), std::to_string(kH), std::to_string(kD)}),
             Txt::label().center().alpha(o.alpha));
      s.text({4.0f, 4.85f}, s.tr("GPT-2 small: {0} = {1} \xC3\x97 {2}", {"768", "12", std::to_string(gpt2.head_dim)}),
             Txt::label().center().alpha(o.alpha));
      s.text({4.0f, 5.7f}, s.tr("no new weights: the columns are grouped"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });

    std::vector<int> projs;
    for (int p = 0; p < 3; ++p) {
      const Mat m = pm[p];
      const float mmax = std::max(1e-6f, m.cwiseAbs().maxCoeff());  // each tinted by its own range
      const float y0 = py[p];
      const char* tex = ptex[p];
      projs.push_back(obj([=](Stage& s, const ObjState& o) {
        const float sm = st(split, o.t).morph;
        if (sm <= 0) {  // one matrix until the split starts
          s.matrix({px0, y0}, m, Mx().cell(pcell.x, pcell.y).tint(mmax).numbers(false).alpha(o.alpha).reveal(o.create));
        } else {
          for (int h = 0; h < kH; ++h) {
            const Mat block = m.middleCols(h * kD, kD);
            const ImVec2 at{px0 + h * (kD * pcell.x + gap * sm), y0};
            s.matrix(at, block, Mx().cell(pcell.x, pcell.y).tint(mmax).numbers(false).alpha(o.alpha).moving(sm < 1));
            if (sm > 0.5f)
              s.box(Rect::at(at, matrix_size(block, pcell)).grown(0.05f), 0, head_col(s, h), o.alpha * (sm - 0.5f) * 2, 0.05f);
          }
        }
        s.math({px0 + kC * pcell.x + (kH - 1) * gap + 0.3f, y0 + kT * pcell.y / 2}, tex, Txt::label().alpha(o.alpha));
      }));
    }
    int proj_arrow = obj([=](Stage& s, const ObjState& o) {
      s.arrow({xr.max.x + 0.25f, xr.center().y}, {px0 - 0.3f, xr.center().y}, s.col().accent, o.alpha, o.create);
    });
    // --- One weight map per head, side by side, with what it attends to.
    const float hcell = 0.48f, hgap = 0.9f;
    const float hw = kT * hcell, hx0 = (Stage::kW - (kH * hw + (kH - 1) * hgap)) / 2, hy = 2.55f;
    std::vector<int> maps;
    for (int h = 0; h < kH; ++h) {
      const Mat w = weights[h];
      const HeadStats st_h = stats[h];
      const Rect r = Rect::at({hx0 + h * (hw + hgap), hy}, {hw, hw});
      maps.push_back(obj([=](Stage& s, const ObjState& o) {
        s.heatmap(r.min, w, Hm().cell(hcell).range(0, 1).numbers().alpha(o.alpha).reveal(o.create));
        s.box(r.grown(0.06f), 0, head_col(s, h), o.alpha, 0.05f);
        s.text(r.label_above(0.35f), s.tr("head {0}", {std::to_string(h)}), Txt::label().bold().center().col(head_col(s, h)).alpha(o.alpha));
        s.text({r.min.x, r.max.y + 0.45f}, s.tr("previous token {0}", {num("%.2f", st_h.prev)}), Txt::small().alpha(o.alpha * o.create));
        s.text({r.min.x, r.max.y + 0.85f}, s.tr("first token {0}", {num("%.2f", st_h.first)}), Txt::small().alpha(o.alpha * o.create));
        s.text({r.min.x, r.max.y + 1.25f}, s.tr("entropy {0} nats", {num("%.2f", st_h.entropy)}), Txt::small().alpha(o.alpha * o.create));
      }));
    }
    int map_rows = obj([=](Stage& s, const ObjState& o) {  // which row is which token, on the first map
      for (int i = 0; i < kT; ++i)
        s.text({hx0 - 0.15f, hy + hcell * (i + 0.5f)}, kWords[i], Txt::small().right().col(s.col().dim).alpha(o.alpha));
    });
    int map_eq = obj([=](Stage& s, const ObjState& o) {
      s.math({8.0f, 7.35f}, R"tex(A_i = \operatorname{softmax}\left(\frac{Q_i K_i^\top}{\sqrt{d_k}} + M\right), \quad \text{head}_i = A_i V_i)tex",
             Txt::label().center().alpha(o.alpha).reveal(o.write > 0 ? o.write : 1));
    });

    // --- Concat and W_O.
    const ImVec2 ocell{0.27f, 0.42f};
    const float oy = 2.9f, ox0 = 1.2f, ogap = 0.45f;
    const Rect mr = Rect::at({ox0, oy}, matrix_size(merged, ocell));
    const Rect outr = Rect::at({mr.max.x + 3.2f, oy}, matrix_size(out, ocell));
    std::vector<int> head_outs;
    for (int h = 0; h < kH; ++h) {
      const Mat m = outs[h];
      head_outs.push_back(obj([=](Stage& s, const ObjState& o) {
        // Spread out, then slide together into the concatenation.
        const ImVec2 at{ox0 + h * (kD * ocell.x + ogap * (1 - o.morph)), oy};
        s.matrix(at, m, Mx().cell(ocell.x, ocell.y).tint(omax).numbers(false).alpha(o.alpha).moving(o.morph > 0 && o.morph < 1));
        s.box(Rect::at(at, matrix_size(m, ocell)).grown(0.04f), 0, head_col(s, h), o.alpha * (1 - o.morph), 0.04f);
        if (o.morph < 0.05f)
          s.math({at.x + kD * ocell.x / 2, oy - 0.35f}, h == 0 ? R"tex(\text{head}_0)tex" : h == 1 ? R"tex(\text{head}_1)tex"
                                                           : h == 2 ? R"tex(\text{head}_2)tex" : R"tex(\text{head}_3)tex",
                 Txt::small().center().col(head_col(s, h)).alpha(o.alpha));
      }));
    }
    int concat_label = obj([=](Stage& s, const ObjState& o) {
      s.text(mr.label_above(0.35f), s.tr("concat: {0} \xC3\x97 {1}", {std::to_string(kT), std::to_string(kC)}), Txt::label().center().alpha(o.alpha));
    });
    int wo = obj([=](Stage& s, const ObjState& o) {
      const ImVec2 a{mr.max.x + 0.3f, mr.center().y}, b{outr.min.x - 0.3f, mr.center().y};
      s.arrow(a, b, s.col().accent, o.alpha, o.create);
      s.math({(a.x + b.x) / 2, a.y - 0.45f}, R"tex(\times\, W_O)tex", Txt::label().center().alpha(o.alpha));
      s.text({(a.x + b.x) / 2, a.y + 0.45f}, s.tr("{0} \xC3\x97 {1}", {std::to_string(kC), std::to_string(kC)}), Txt::small().center().col(s.col().dim).alpha(o.alpha));
      s.matrix(outr.min, out, Mx().cell(ocell.x, ocell.y).tint(outmax).numbers(false).alpha(o.alpha).reveal(o.create));
      s.text(outr.label_above(0.35f), s.tr("output, added to the residual stream"), Txt::label().center().alpha(o.alpha));
    });
    int mha_eq = obj([=](Stage& s, const ObjState& o) {
      s.math({8.0f, 6.6f}, R"tex(\operatorname{MultiHead}(x) = \operatorname{Concat}(\text{head}_0, \ldots, \text{head}_{h-1})\, W_O)tex",
             Txt().center().alpha(o.alpha).reveal(o.write > 0 ? o.write : 1));
      s.text({8.0f, 7.4f}, s.tr("the output projection mixes the heads: each output number reads every head"),
             Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });

    // --- Cost per head.
    int cost = obj([=](Stage& s, const ObjState& o) {
      // The three rows come in one after another as the object is created.
      auto row_alpha = [&](int k) { return o.alpha * std::clamp(o.create * 4.0f - k, 0.0f, 1.0f); };
      const float l = 1.2f, r = 14.8f;
      s.text({8.0f, 2.0f}, s.tr("One head of GPT-2 small (d = 768, 12 heads, 1024 tokens)"), Txt::heading().center().alpha(o.alpha));
      const struct { const char* what; std::vector<std::string> args; const char* tex; int64_t value; } rows[3] = {
          {"parameters: its query, key and value columns, their biases, its rows of the output projection", {},
           R"tex(3\,d_{model}\,d_k + 3\,d_k + d_k\,d_{model})tex", gpt2.params},
          {"FLOPs per token for its projections", {}, R"tex(2 \cdot 3\,d_{model}\,d_k + 2\,d_k\,d_{model})tex",
           gpt2.qkv_flops + gpt2.out_flops},
          {"FLOPs per token to attend to {0} keys", {"1024"}, R"tex(2\,T d_k + 2\,T d_k)tex", gpt2.score_flops + gpt2.mix_flops}};
      for (int k = 0; k < 3; ++k) {
        const float y = 2.8f + 1.35f * k, a = row_alpha(k);
        s.text({l, y}, s.tr(rows[k].what, rows[k].args), Txt::label().alpha(a));
        s.math({l + 0.3f, y + 0.65f}, rows[k].tex, Txt::label().alpha(a));
        s.text({r, y + 0.65f}, format_count(rows[k].value), Txt::label().right().mono().alpha(a));
      }
      s.text({8.0f, 7.1f}, s.tr("12 heads + the output bias = {0} parameters per layer; this scene's layer: {1}",
                                 {format_count(gpt2.layer_params), format_count(tiny.layer_params)}),
             Txt::small().center().col(s.col().dim).alpha(row_alpha(3)));
    });

    // 3. Timeline. t = 0: the tokens and x (the poster).
    tl_.chapter("Input and projections", "Each of the {0} tokens is a vector of {1} numbers; three projections give Q, K and V of the same shape.",
                {std::to_string(kT), std::to_string(kC)})
        .create({tokens, xm}, 0)
        .wait(2.0f)
        .create({proj_arrow}, 0.8f)
        .then()
        .create(projs, 0.9f, 0.6f)
        .then(3.0f);
    tl_.chapter("Split into heads", "The columns of Q, K and V are cut into {0} groups of {1}: one group per head.",
                {std::to_string(kH), std::to_string(kD)})
        .fade_out({tokens, xm, proj_arrow}, 0.5f)
        .then()
        .create({split}, 0.6f)
        .transform({split}, 1.6f)
        .then(5.0f);
    tl_.chapter("Each head attends on its own", "Same tokens, {0} different weight maps: each head compares its own queries and keys.",
                {std::to_string(kH)})
        .fade_out(projs, 0.5f)
        .fade_out({split}, 0.5f)
        .then()
        .create({map_rows}, 0.4f)
        .create(maps, 1.2f, 0.8f)
        .then(0.5f)
        .write({map_eq}, 1.2f)
        .then(0.8f)
        .highlight(maps, 1.0f)
        .then(4.0f);
    tl_.chapter("Concat and project", "The {0} head outputs are laid side by side again, and the output projection mixes them.",
                {std::to_string(kH)})
        .fade_out(maps, 0.5f)
        .fade_out({map_rows, map_eq}, 0.5f)
        .then()
        .create(head_outs, 0.6f, 0.3f)
        .then(1.2f)
        .transform(head_outs, 1.4f)
        .then()
        .create({concat_label}, 0.6f)
        .then(0.4f)
        .create({wo}, 1.2f)
        .then(0.3f)
        .write({mha_eq}, 1.2f)
        .then(3.5f);
    tl_.chapter("What one head costs", "Parameters and FLOPs of one head, computed from GPT-2 small's sizes.")
        .fade_out(head_outs, 0.5f)
        .fade_out({concat_label, wo, mha_eq}, 0.5f)
        .then()
        .create({cost}, 4.0f, 0, Ease::Linear)
        .then(5.0f);
    tl_.end();
  }
};

}  // namespace

TMX_REGISTER_SCENE(MultiHeadAttention, "multi-head-attention", "Multi-head attention",
                   "x split into heads, per-head Q, K, V and weight maps, concat and W_O, and what one head costs.");

}  // namespace tmx::anim
