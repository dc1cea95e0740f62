// "Grouped-query attention": the reference ~1B model of BRIEF.md (hidden 1536, 24 query heads,
// 4 KV heads, head dim 64): projections, RoPE on Q and K (a pair rotating with position),
// repeat_kv, SDPA, O projection, the KV-cache saving (computed from the config), and a causal
// heatmap from a real (tiny, seeded, untrained) LLaMA forward pass with the same 6:1 grouping on
// "The cat sat on the mat", a highlight travelling down its rows.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "anim/scene.h"
#include "anim/scene_data.h"
#include "core/model_size.h"
#include "core/models/llama.h"
#include "core/nn/ops.h"
#include "core/rng.h"
#include "core/trace.h"

namespace tmx::anim {
namespace {

const char* const kSentence[] = {"The", "cat", "sat", "on", "the", "mat"};
constexpr int kWords = 6;

// Two query heads of one KV group, from a tiny LLaMA with the same 6:1 grouping.
std::vector<Mat> tiny_llama_heads() {
  LlamaConfig tiny;
  tiny.vocab_size = 16;
  tiny.hidden_size = 48;
  tiny.num_hidden_layers = 1;
  tiny.num_attention_heads = 6;
  tiny.num_key_value_heads = 1;
  tiny.intermediate_size = 96;
  tiny.max_position_embeddings = 32;
  Llama model(tiny);
  model.init_random(7);
  // Untrained weights at init scale give near-uniform rows; wider W_Q, W_K make the (still
  // random) pattern visible. Everything else is the model's normal forward pass.
  Rng rng(11);
  for (Mat* m : {&model.w.layers[0].q_w, &model.w.layers[0].k_w})
    for (Eigen::Index i = 0; i < m->size(); ++i) m->data()[i] = rng.normal() * 0.3f;
  std::vector<int> ids;
  std::vector<std::string> vocab;
  for (const char* wd : kSentence) {
    int id = -1;
    for (size_t k = 0; k < vocab.size(); ++k)
      if (vocab[k] == wd) id = static_cast<int>(k);
    if (id < 0) { id = static_cast<int>(vocab.size()); vocab.push_back(wd); }
    ids.push_back(id);
  }
  Trace tr;
  model.forward(ids, &tr);
  return {need(tr, "layers.0.attn.head.0.weights"), need(tr, "layers.0.attn.head.1.weights")};
}

class GroupedQueryAttention : public Scene {
 public:
  GroupedQueryAttention() : GroupedQueryAttention(gqa_reference_config()) {}
  explicit GroupedQueryAttention(const LlamaConfig& ref)
      : Scene("Grouped-query attention", "{0} query heads share {1} key/value heads ({2}:1)",
              {std::to_string(ref.num_attention_heads), std::to_string(ref.num_key_value_heads),
               std::to_string(ref.num_attention_heads / ref.num_key_value_heads)}) {
    // Data (computed by the core).
    ref.validate();
    const int H = ref.num_attention_heads, KV = ref.num_key_value_heads, hd = ref.head_dim(), C = ref.hidden_size;
    const int group = H / KV, T = ref.max_position_embeddings;
    const int64_t params = decoder_params(decoder_shape(ref)).total();
    const int64_t gqa_bytes = kv_cache_bytes(decoder_shape(ref), T, 1, kv_dtype_bytes(KvDtype::BF16));
    LlamaConfig mha = ref;
    mha.num_key_value_heads = mha.num_attention_heads;
    const int64_t mha_bytes = kv_cache_bytes(decoder_shape(mha), T, 1, kv_dtype_bytes(KvDtype::BF16));
    Mat x(kWords, 2), rope;  // RoPE on one 2-D pair (the fastest-rotating) at positions 0..5
    for (int i = 0; i < kWords; ++i) { x(i, 0) = 1; x(i, 1) = 0; }
    rope_forward(rope, x, 1, 2, 0, ref.rope_theta);
    const std::vector<Mat> heads = tiny_llama_heads();
    auto group_col = [](const Stage& s, int g) {
      const ImU32 cs[4] = {s.col().q, s.col().k, s.col().v, s.col().warn};
      return cs[g % 4];
    };
    auto n = [](int64_t v) { return std::to_string(v); };

    // Layout: input, three projections, then head strips (24 Q, and 4 K / 4 V under their groups).
    const Rect xin = Rect::at({0.4f, 3.55f}, {1.7f, 1.7f});
    const float hx0 = 6.4f, hw = 0.36f, kvw = hw * group;
    const Rect qstrip = Rect::at({hx0, 1.95f}, {hw * H, 0.6f});
    const Rect kstrip = Rect::at({hx0, 4.05f}, {hw * H, 0.6f}), vstrip = Rect::at({hx0, 5.95f}, {hw * H, 0.6f});
    std::vector<Rect> wbox;  // each projection level with the heads it makes
    for (const Rect& strip : {qstrip, kstrip, vstrip}) wbox.push_back(Rect::centered({4.2f, strip.center().y}, {2.6f, 0.8f}));

    int card = obj([=](Stage& s, const ObjState& o) {
      const Rect r{{3.5f, 1.55f}, {12.5f, 7.75f}};
      s.box(r, s.col().box, s.col().faint, o.alpha, 0.15f, 0.9f + 0.1f * o.create);
      s.text({8.0f, 2.0f}, s.tr("Model spec"), Txt().bold().center().alpha(o.alpha));
      char b[32];
      std::snprintf(b, sizeof b, "%.2f B", params / 1e9);
      const std::string rows[][2] = {
          {"parameters", b}, {"decoder layers", n(ref.num_hidden_layers)}, {"hidden size", n(C)},
          {"query heads / KV heads", n(H) + " / " + n(KV) + "  (" + n(group) + ":1)"}, {"head dim", n(hd)},
          {"FFN (SwiGLU)", n(ref.intermediate_size)}, {"max length", n(T)},
          {"vocabulary (untied)", n(ref.vocab_size)}, {"dtype", "bfloat16"}};
      for (int i = 0; i < 9; ++i) {
        const float y = 2.6f + i * 0.56f;
        s.text({4.2f, y}, s.tr(rows[i][0]), Txt::label().col(s.col().dim).alpha(o.alpha));
        s.text({11.8f, y}, rows[i][1], Txt::label().mono().right().alpha(o.alpha));
      }
    });
    int input = obj([=](Stage& s, const ObjState& o) {
      s.box(xin, s.col().box, s.col().accent, o.alpha, 0.1f, o.create);
      s.math({xin.center().x, xin.center().y - 0.25f}, R"tex(x)tex", Txt().center().alpha(o.alpha));
      s.text({xin.center().x, xin.center().y + 0.3f}, "T \xC3\x97 " + n(C), Txt::small().center().alpha(o.alpha));
    });
    const struct { const char* name; int heads; ImU32 StageColors::*col; } pj[3] = {
        {R"tex(W_Q)tex", H, &StageColors::q}, {R"tex(W_K)tex", KV, &StageColors::k}, {R"tex(W_V)tex", KV, &StageColors::v}};
    std::vector<int> projs;
    for (int i = 0; i < 3; ++i)
      projs.push_back(obj([=](Stage& s, const ObjState& o) {
        const Rect& r = wbox[i];
        s.connector(xin.right(), r.left(), s.col().faint, o.alpha, o.create);
        s.box(r, s.col().box, s.col().*pj[i].col, o.alpha, 0.1f, o.create);
        s.math({r.min.x + 0.15f, r.center().y}, pj[i].name, Txt().size(0.28f).alpha(o.alpha));
        s.text({r.max.x - 0.15f, r.center().y}, n(C) + " \xE2\x86\x92 " + n(pj[i].heads) + "\xC3\x97" + n(hd),
               Txt::small().right().alpha(o.alpha));
      }));
    int qheads = obj([=](Stage& s, const ObjState& o) {
      s.arrow(wbox[0].right(), {qstrip.min.x - 0.1f, wbox[0].center().y}, s.col().faint, o.alpha, o.create);
      for (int h = 0; h < H; ++h) {
        const float a = o.alpha * window(o.create, h / float(H) * 0.7f, 0.3f, Ease::OutBack);
        s.box(Rect::at({hx0 + h * hw, qstrip.min.y}, {hw * 0.8f, qstrip.h()}), Stage::with_alpha(group_col(s, h / group), 0.5f),
              group_col(s, h / group), a, 0.04f);
      }
      s.text({hx0, qstrip.min.y - 0.25f}, s.tr("Q: {0} heads \xC3\x97 {1}", {n(H), n(hd)}), Txt::small().col(s.col().q).alpha(o.alpha));
    });
    std::vector<int> kvheads;
    for (int r = 0; r < 2; ++r)
      kvheads.push_back(obj([=](Stage& s, const ObjState& o) {
        const Rect strip = r == 0 ? kstrip : vstrip;
        s.arrow(wbox[r + 1].right(), {strip.min.x - 0.1f, wbox[r + 1].center().y}, s.col().faint, o.alpha, o.create);
        for (int g = 0; g < KV; ++g)
          s.box(Rect::at({hx0 + g * kvw + kvw * 0.3f, strip.min.y}, {kvw * 0.4f, strip.h()}),
                Stage::with_alpha(group_col(s, g), 0.5f), group_col(s, g), o.alpha, 0.04f);
        s.text({hx0, strip.max.y + 0.25f}, s.tr(r == 0 ? "K: {0} heads \xC3\x97 {1}" : "V: {0} heads \xC3\x97 {1}", {n(KV), n(hd)}),
               Txt::small().col(r == 0 ? s.col().k : s.col().v).alpha(o.alpha));
      }));
    // RoPE: one pair turning with position; the vector rotates from m = 0 to 5, leaving a trace.
    int ropeo = obj([=](Stage& s, const ObjState& o) {
      const ImVec2 c{1.25f, 6.75f};
      const float rr = 0.6f;
      s.circle(c, rr, s.col().faint, o.alpha, false);
      const float p = o.morph * (kWords - 1);
      const int m = std::min(kWords - 2, static_cast<int>(p));
      for (int i = 0; i <= m + (o.morph >= 1 ? 1 : 0); ++i) {
        s.vector2(c, rope(i, 0), rope(i, 1), rr, i == 0 ? s.col().accent : Stage::with_alpha(s.col().q, 0.5f), o.alpha);
        s.text({c.x + rope(i, 0) * (rr + 0.2f), c.y - rope(i, 1) * (rr + 0.2f)}, n(i), Txt::small().center().alpha(o.alpha));
      }
      const float a0 = std::atan2(rope(m, 1), rope(m, 0)), a1 = std::atan2(rope(m + 1, 1), rope(m + 1, 0));
      float d = a1 - a0;
      while (d < 0) d += 6.2831853f;
      const float ang = a0 + d * (p - m);
      if (o.morph > 0 && o.morph < 1) s.vector2(c, std::cos(ang), std::sin(ang), rr, s.col().q, o.alpha);
      s.text({0.4f, 7.8f}, s.tr("RoPE: position m turns each pair of Q and K (not V) by m\xC2\xB7\xCE\xB8"),
             Txt::small().alpha(o.alpha));
    });
    int repeat = obj([=](Stage& s, const ObjState& o) {
      for (int h = 0; h < H; ++h) {
        const int g = h / group;
        const ImVec2 from{hx0 + g * kvw + kvw * 0.5f, kstrip.min.y}, to{hx0 + h * hw + hw * 0.4f, qstrip.max.y + 0.05f};
        s.line(from, lerp(from, to, o.create), group_col(s, g), o.alpha * 0.7f, 0.02f);
      }
      // The UI font has no floor brackets: the rule is typeset; the group size (computed) is text.
      const char* rule = R"tex(\text{query head } h \text{ reads KV head } \lfloor h / g \rfloor)tex";
      const std::string gs = ",  g = " + n(group);
      const float wm = s.math({0, -10}, rule, Txt::label().alpha(0)).x, wt = s.text_width(gs, Txt::label());
      const float x0 = kstrip.max.x - wm - wt;
      s.math({x0, kstrip.max.y + 0.3f}, rule, Txt::label().alpha(o.alpha));
      s.text({x0 + wm, kstrip.max.y + 0.3f}, gs, Txt::label().alpha(o.alpha));
    });
    const Rect sdpa_r{{hx0, 7.05f}, {12.6f, 7.75f}}, wo_r{{14.6f, 6.75f}, {15.6f, 7.85f}};
    int sdpa = obj([=](Stage& s, const ObjState& o) {
      s.box(sdpa_r, s.col().box, s.col().accent, o.alpha, 0.08f, o.create);
      s.math(sdpa_r.center(), R"tex(\operatorname{softmax}\left(QK^\top/\sqrt{d_h} + M_{\text{causal}}\right)V \ \text{per head})tex",
             Txt::label().center().alpha(o.alpha));
    });
    int concat = obj([=](Stage& s, const ObjState& o) {
      const ImVec2 a{sdpa_r.max.x + 0.1f, sdpa_r.center().y}, b{wo_r.min.x - 0.1f, sdpa_r.center().y};
      s.arrow(a, b, s.col().dim, o.alpha, o.create);
      s.text({(a.x + b.x) / 2, a.y - 0.32f}, s.tr("concat {0}\xC3\x97{1}", {n(H), n(hd)}), Txt::small().col(s.col().dim).center().alpha(o.alpha));
    });
    int wo = obj([=](Stage& s, const ObjState& o) {
      s.box(wo_r, s.col().box, s.col().fg, o.alpha, 0.08f, o.create);
      s.math({wo_r.center().x, wo_r.center().y - 0.22f}, R"tex(W_O)tex", Txt::label().center().alpha(o.alpha));
      s.text({wo_r.center().x, wo_r.center().y + 0.25f}, n(C), Txt::small().col(s.col().dim).center().alpha(o.alpha));
    });
    // KV cache: one bar per layout; the MHA bar morphs down to the GQA size; the saving pulses.
    const float frac = float(gqa_bytes) / float(mha_bytes), full = 9.0f;
    int cache = obj([=](Stage& s, const ObjState& o) {
      s.text({8.0f, 2.1f}, s.tr("KV cache at {0} tokens in bfloat16: 2 \xC3\x97 layers \xC3\x97 KV heads \xC3\x97 {1} \xC3\x97 tokens \xC3\x97 2 bytes",
                                {n(T), n(hd)}), Txt::label().center().alpha(o.alpha));
      const Rect bar1 = Rect::at({4.4f, 3.2f}, {full * o.create, 0.8f});
      s.text({0.6f, bar1.center().y}, s.tr("MHA ({0} KV heads)", {n(H)}), Txt::label().col(s.col().dim).alpha(o.alpha));
      s.box(bar1, Stage::with_alpha(s.col().warn, 0.6f), s.col().warn, o.alpha, 0.06f);
      s.text({bar1.max.x + 0.15f, bar1.center().y}, format_bytes(mha_bytes), Txt::label().mono().alpha(o.alpha));
    });
    int cut = obj([=](Stage& s, const ObjState& o) {
      const Rect bar2 = Rect::at({4.4f, 4.6f}, {full * lerp(1.0f, frac, o.morph), 0.8f});
      s.text({0.6f, bar2.center().y}, s.tr("GQA ({0} KV heads)", {n(KV)}), Txt::label().col(s.col().dim).alpha(o.alpha));
      s.box(bar2, Stage::with_alpha(s.col().good, 0.6f), s.col().good, o.alpha, 0.06f);
      // Only computed sizes are shown: MHA's while the bar starts, GQA's once it has shrunk.
      s.text({bar2.max.x + 0.15f, bar2.center().y}, format_bytes(o.morph < 0.5f ? mha_bytes : gqa_bytes),
             Txt::label().mono().alpha(o.alpha * std::fabs(1 - 2 * o.morph)));
      char b[16];
      std::snprintf(b, sizeof b, "%.0f", (1.0f - frac) * 100.0f);
      s.text({8.0f, 6.2f}, s.tr("{0}/{1} of MHA: {2}% less memory per sequence", {n(KV), n(H), b}),
             Txt().size(0.34f + 0.06f * o.highlight).bold().col(s.col().good).center().alpha(o.alpha * o.morph));
    });
    // The real run: two query heads of one KV group (the second slides out from under the first:
    // a move); a highlight travels down the rows.
    const ImVec2 heat0{2.6f, 2.5f}, heat_shift{7.2f, 0.0f};
    std::vector<int> heat;
    for (int k = 0; k < 2; ++k)
      heat.push_back(obj([=](Stage& s, const ObjState& o) {
        const float cell = 0.62f;
        const ImVec2 p0{heat0.x + o.offset.x, heat0.y + o.offset.y};
        const bool moving = k == 1 && o.offset.x < heat_shift.x - 1e-3f;
        const Rect r = s.heatmap(p0, heads[k], Hm().cell(cell).range(0, 1).numbers().alpha(o.alpha).reveal(o.create).moving(moving));
        for (int i = 0; i < kWords; ++i) {
          s.text({p0.x - 0.1f, p0.y + cell * (i + 0.5f)}, kSentence[i], Txt::small().col(s.col().dim).right().alpha(o.alpha).moving(moving));
          s.text({p0.x + cell * (i + 0.5f), p0.y - 0.22f}, kSentence[i], Txt::small().col(s.col().dim).center().alpha(o.alpha).moving(moving));
        }
        if (o.morph > 0 && o.morph < 1) {
          const int row_i = std::min(kWords - 1, static_cast<int>(o.morph * kWords));
          s.box(Rect::at({r.min.x, r.min.y + cell * row_i}, {r.w(), cell}).grown(0.03f), 0, s.col().accent, o.alpha, 0.05f);
        }
        s.text({r.center().x, r.max.y + 0.35f}, s.tr("query head {0} (KV head 0)", {n(k)}), Txt::label().center().alpha(o.alpha).moving(moving));
      }));
    int heat_note = obj([=](Stage& s, const ObjState& o) {
      s.text({8.0f, 1.75f}, s.tr("tiny LLaMA: 6 query heads / 1 KV head, RoPE, seeded untrained weights"),
             Txt::small().col(s.col().dim).center().alpha(o.alpha));
    });

    // Timeline.
    tl_.chapter("The reference model", "A ~1B decoder: every number on this card comes from its config.")
        .create({card}, 0).wait(4.0f);
    tl_.chapter("Q, K, V projections", "The query projection makes {0} heads of {1}; the key and value projections make only {2} heads each.", {n(H), n(hd), n(KV)})
        .fade_out({card}, 0.5f).then().create({input}, 0.7f).then()
        .create(projs, 0.8f, 0.3f).then().create({qheads, kvheads[0], kvheads[1]}, 1.2f, 0.3f).then(2.5f);
    tl_.chapter("RoPE rotates Q and K", "RoPE turns position into a rotation of Q and K, so their scores depend on distance.")
        .create({ropeo}, 0.6f).then().transform({ropeo}, 4.0f, Ease::Linear).then(2.0f);
    tl_.chapter("4 KV heads serve 24", "Each K/V head is repeated for its {0} query heads: same keys, different queries.", {n(group)})
        .fade_out({ropeo}, 0.4f).then().create({repeat}, 2.0f).then(2.5f);
    tl_.chapter("SDPA and the O projection", "Attention runs per query head; heads are concatenated and mixed by the output projection.")
        .create({sdpa}, 0.8f).then().create({concat}, 0.8f).then().create({wo}, 0.8f, 0, Ease::OutBack).then(2.5f);
    tl_.chapter("KV cache: 4/24 of MHA", "Only K and V are cached: {0} instead of {1} at {2} tokens.",
                {format_bytes(gqa_bytes), format_bytes(mha_bytes), n(T)})
        .fade_out({input, projs[0], projs[1], projs[2], qheads, kvheads[0], kvheads[1], repeat, sdpa, concat, wo}, 0.6f).then()
        .create({cache}, 1.0f).then(0.2f).create({cut}, 0.6f).then().transform({cut}, 1.5f).then().highlight({cut}, 1.0f).then(2.0f);
    tl_.chapter("A real run: causal attention", "\"The cat sat on the mat\": each row is a token's weights over itself and the past.")
        .fade_out({cache, cut}, 0.5f).then().create({heat_note}, 0.5f).create(heat, 1.2f).wait(1.2f)
        .move({heat[1]}, heat_shift, 1.4f, Ease::OutCubic).then()
        .transform(heat, 4.0f, Ease::Linear).then();
    tl_.end(4.0f);
  }
};

}  // namespace

TMX_REGISTER_SCENE(GroupedQueryAttention, "grouped-query-attention", "Grouped-query attention",
                   "24 query heads, 4 KV heads: projections, RoPE, repeat_kv, and the KV cache cut, from the config");

}  // namespace tmx::anim
