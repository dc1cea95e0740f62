// "Grouped-query attention": the reference ~1B model of BRIEF.md (hidden 1536, 24 query heads,
// 4 KV heads, head dim 64): projections, RoPE on Q and K, repeat_kv, SDPA, O projection, the
// KV-cache saving (computed from the config), and a causal heatmap from a real (tiny, seeded,
// untrained) LLaMA forward pass with the same 6:1 grouping on "The cat sat on the mat".
//
// [SECTION] Data (computed by the core)
// [SECTION] Timeline
// [SECTION] Drawing
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "anim/model_numbers.h"
#include "anim/scene.h"
#include "core/models/llama.h"
#include "core/nn/ops.h"
#include "core/rng.h"
#include "core/trace.h"
#include "anim/scene_data.h"

namespace tmx::anim {
namespace {

enum Obj { kTitle, kCard, kInput, kWq, kWk, kWv, kQHeads, kKHeads, kVHeads, kRope, kRopeVecs, kRepeat,
           kSdpa, kConcat, kWo, kCache, kCacheBars, kHeat, kHeat2, kCap1, kCap2, kCap3, kCap4, kCap5, kCap6, kCap7 };

const char* const kSentence[] = {"The", "cat", "sat", "on", "the", "mat"};
constexpr int kWords = 6;

LlamaConfig reference_config() {
  LlamaConfig c;
  c.vocab_size = 128256;  // a LLaMA-3-sized vocabulary, untied: the model lands at ~1.0B parameters
  c.hidden_size = 1536;
  c.num_hidden_layers = 24;
  c.num_attention_heads = 24;
  c.num_key_value_heads = 4;
  c.intermediate_size = 4608;
  c.max_position_embeddings = 2048;
  c.tie_word_embeddings = false;
  return c;
}

std::string fmt_mb(int64_t bytes) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f MiB", bytes / 1048576.0);
  return b;
}

class GroupedQueryAttention : public Scene {
 public:
  GroupedQueryAttention() { compute(); build(); }

 private:
  //---------------------------------------------------------------------------
  // [SECTION] Data (computed by the core)
  //---------------------------------------------------------------------------
  void compute() {
    ref_ = reference_config();
    ref_.validate();
    params_ = llama_param_count(ref_);
    const int T = ref_.max_position_embeddings;
    gqa_bytes_ = kv_cache_bytes(ref_, T, 2);  // bfloat16
    LlamaConfig mha = ref_;
    mha.num_key_value_heads = mha.num_attention_heads;
    mha_bytes_ = kv_cache_bytes(mha, T, 2);

    // RoPE on one 2-D pair (head_dim 2: the fastest-rotating pair) at positions 0..5.
    Mat x(kWords, 2), r;
    for (int i = 0; i < kWords; ++i) { x(i, 0) = 1; x(i, 1) = 0; }
    rope_forward(r, x, 1, 2, 0, ref_.rope_theta);
    rope_ = r;

    // A tiny LLaMA with the same 6:1 grouping, run on the sentence (word-level ids).
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
    // Untrained weights at init scale give near-uniform rows; wider W_Q, W_K make the
    // (still random) pattern visible. Everything else is the model's normal forward pass.
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
    heads_[0] = need(tr, "layers.0.attn.head.0.weights");
    heads_[1] = need(tr, "layers.0.attn.head.1.weights");
  }

  //---------------------------------------------------------------------------
  // [SECTION] Timeline
  //---------------------------------------------------------------------------
  void build() {
    Timeline& t = tl_;
    t.chapter("The reference model").create({kTitle}, 0.8f).then(0.2f).create({kCard}, 1.0f)
        .write({kCap1}, 1.5f).then(3.0f);
    t.chapter("Q, K, V projections").fade_out({kCap1, kCard}, 0.5f).then()
        .write({kCap2}, 1.5f).create({kInput}, 0.7f).then()
        .create({kWq, kWk, kWv}, 0.8f, 0.3f).then().create({kQHeads, kKHeads, kVHeads}, 1.2f, 0.3f).then(2.5f);
    t.chapter("RoPE rotates Q and K").fade_out({kCap2}, 0.4f).then()
        .write({kCap3}, 1.5f).create({kRope}, 0.7f).then().create({kRopeVecs}, 2.0f, 0, Ease::Linear).then(2.0f);
    t.chapter("repeat_kv: 4 KV heads serve 24").fade_out({kCap3, kRope, kRopeVecs}, 0.4f).then()
        .write({kCap4}, 1.5f).create({kRepeat}, 2.0f).then(2.5f);
    t.chapter("SDPA and the O projection").fade_out({kCap4}, 0.4f).then()
        .write({kCap5}, 1.5f).create({kSdpa}, 0.8f).then().create({kConcat}, 0.8f).then().create({kWo}, 0.8f)
        .then(2.5f);
    t.chapter("KV cache: 4/24 of MHA").fade_out({kCap5, kInput, kWq, kWk, kWv, kQHeads, kKHeads, kVHeads, kRepeat,
                                                  kSdpa, kConcat, kWo}, 0.6f).then()
        .write({kCap6}, 1.5f).create({kCache}, 0.8f).then().create({kCacheBars}, 1.5f).then(3.0f);
    t.chapter("A real run: causal attention").fade_out({kCap6, kCache, kCacheBars}, 0.5f).then()
        .write({kCap7}, 1.5f).create({kHeat}, 1.5f).then(0.3f).create({kHeat2}, 1.5f).then();
    t.end(4.0f);
  }

  //---------------------------------------------------------------------------
  // [SECTION] Drawing
  //---------------------------------------------------------------------------
  void caption(Stage& s, float t, int obj, const std::string& line) const {
    const ObjState o = st(obj, t);
    s.text({8.0f, 8.4f}, line, 0.32f, s.col().fg, o.alpha, Align::Center, o.write);
  }

  // Head h's colour: the KV group it belongs to.
  ImU32 group_col(const Stage& s, int g) const {
    const ImU32 cs[4] = {s.col().q, s.col().k, s.col().v, s.col().warn};
    return cs[g % 4];
  }

  void draw(Stage& s, float t) const override {
    const StageColors& c = s.col();
    char b[200];
    const int H = ref_.num_attention_heads, KV = ref_.num_key_value_heads, hd = ref_.head_dim();
    const int C = ref_.hidden_size, group = H / KV;
    ObjState o = st(kTitle, t);
    s.text({0.6f, 0.55f}, "Grouped-query attention", 0.46f, c.fg, o.alpha, Align::Left, 1, true);
    std::snprintf(b, sizeof b, "%d query heads share %d key/value heads (%d:1)", H, KV, group);
    s.text({0.6f, 1.05f}, b, 0.26f, c.dim, o.alpha);

    // Spec card.
    o = st(kCard, t);
    if (o.visible()) {
      s.box({3.5f, 1.6f}, {12.5f, 7.6f}, c.box, c.faint, o.alpha, 0.15f, 0.9f + 0.1f * o.create);
      s.text({8.0f, 2.1f}, "Model spec", 0.38f, c.fg, o.alpha, Align::Center, 1, true);
      std::snprintf(b, sizeof b, "%.2f B", params_ / 1e9);
      const std::string rows[][2] = {
          {"parameters", b},
          {"decoder layers", std::to_string(ref_.num_hidden_layers)},
          {"hidden size", std::to_string(C)},
          {"query heads / KV heads", std::to_string(H) + " / " + std::to_string(KV) + "  (" + std::to_string(group) + ":1)"},
          {"head dim", std::to_string(hd)},
          {"FFN (SwiGLU)", std::to_string(ref_.intermediate_size)},
          {"max length", std::to_string(ref_.max_position_embeddings)},
          {"vocabulary (untied)", std::to_string(ref_.vocab_size)},
          {"dtype", "bfloat16"}};
      for (int i = 0; i < 9; ++i) {
        const float y = 2.8f + i * 0.52f, a = o.alpha * window(t, 0.9f + i * 0.12f, 0.4f);
        s.text({4.2f, y}, rows[i][0], 0.28f, c.dim, a);
        s.mono({11.8f, y}, rows[i][1], 0.28f, c.fg, a, Align::Right);
      }
    }

    // Projections: x -> W_Q / W_K / W_V -> heads.
    o = st(kInput, t);
    s.box({0.5f, 3.2f}, {2.1f, 5.2f}, c.box, c.accent, o.alpha, 0.1f, o.create);
    std::snprintf(b, sizeof b, "x (T\xC3\x97%d)", C);
    s.text({1.3f, 4.2f}, b, 0.24f, c.fg, o.alpha, Align::Center);
    const struct { int obj; float y; const char* name; int out_heads; ImU32 col; } proj[3] = {
        {kWq, 2.0f, "W_Q", H, c.q}, {kWk, 4.2f, "W_K", KV, c.k}, {kWv, 6.0f, "W_V", KV, c.v}};
    for (const auto& p : proj) {
      o = st(p.obj, t);
      s.connector({2.15f, 4.2f}, {3.0f, p.y}, c.faint, o.alpha, o.create);
      s.box({3.05f, p.y - 0.4f}, {5.4f, p.y + 0.4f}, c.box, p.col, o.alpha, 0.1f, o.create);
      std::snprintf(b, sizeof b, "%s  %d\xE2\x86\x92%d\xC3\x97%d", p.name, C, p.out_heads, hd);
      s.text({4.22f, p.y}, b, 0.22f, c.fg, o.alpha, Align::Center);
    }
    // Head strips: 24 query heads (coloured by group), 4 K heads, 4 V heads.
    const float hx0 = 6.2f, hw = 0.36f;
    o = st(kQHeads, t);
    for (int h = 0; h < H; ++h) {
      const float a = o.alpha * window(o.create, h / float(H) * 0.7f, 0.3f, Ease::Linear);
      s.box({hx0 + h * hw, 1.6f}, {hx0 + h * hw + hw * 0.8f, 2.4f}, Stage::with_alpha(group_col(s, h / group), 0.5f),
            group_col(s, h / group), a, 0.04f);
    }
    s.text({hx0, 1.35f}, "Q: 24 heads \xC3\x97 64", 0.22f, c.q, o.alpha);
    const float kvw = hw * group;  // one KV head under its 6 query heads
    for (int row = 0; row < 2; ++row) {
      o = st(row == 0 ? kKHeads : kVHeads, t);
      const float y = row == 0 ? 3.8f : 5.6f;
      for (int g = 0; g < KV; ++g)
        s.box({hx0 + g * kvw + kvw * 0.3f, y}, {hx0 + g * kvw + kvw * 0.7f, y + 0.8f},
              Stage::with_alpha(group_col(s, g), 0.5f), group_col(s, g), o.alpha, 0.04f);
      s.text({hx0, y - 0.25f}, row == 0 ? "K: 4 heads \xC3\x97 64" : "V: 4 heads \xC3\x97 64", 0.22f, row == 0 ? c.k : c.v, o.alpha);
    }

    // RoPE: the same 2-D pair rotated by position (positions 0..5, from rope_forward).
    o = st(kRope, t);
    const ImVec2 rc{4.6f, 7.45f};
    const float rr = 0.8f;
    s.circle(rc, rr, c.faint, o.alpha, false);
    s.text({0.5f, 6.95f}, "RoPE: a pair (x\xE2\x82\x80, x\xE2\x82\x81)", 0.22f, c.fg, o.alpha);
    s.text({0.5f, 7.3f}, "at position m turns", 0.22f, c.fg, o.alpha);
    s.text({0.5f, 7.65f}, "by m\xC2\xB7\xCE\xB8 (Q and K, not V)", 0.22f, c.dim, o.alpha);
    const ObjState ov = st(kRopeVecs, t);
    for (int m = 0; m < kWords; ++m) {
      const float a = ov.alpha * window(ov.create, m / float(kWords), 1.0f / kWords, Ease::Linear);
      s.vector2(rc, rope_(m, 0), rope_(m, 1), rr, m == 0 ? c.accent : c.q, a);
      std::snprintf(b, sizeof b, "%d", m);
      s.text({rc.x + rope_(m, 0) * (rr + 0.18f), rc.y - rope_(m, 1) * (rr + 0.18f)}, b, 0.2f, c.fg, a, Align::Center);
    }

    // repeat_kv: every query head reads its group's K/V head.
    o = st(kRepeat, t);
    for (int h = 0; h < H; ++h) {
      const int g = h / group;
      const ImVec2 from{hx0 + g * kvw + kvw * 0.5f, 3.8f}, to{hx0 + h * hw + hw * 0.4f, 2.45f};
      s.line(from, {from.x + (to.x - from.x) * o.create, from.y + (to.y - from.y) * o.create}, group_col(s, g), o.alpha * 0.7f, 0.02f);
    }
    if (o.visible()) {
      // The UI font has no floor brackets: the rule is typeset; the group size (computed) is text.
      const char* rule = R"tex(\text{query head } h \text{ reads KV head } \lfloor h / g \rfloor)tex";
      std::snprintf(b, sizeof b, ",  g = %d", group);
      const float wm = s.math({0, 0}, rule, 0.26f, Align::Left, 0).x, wt = s.text_width(b, 0.24f);
      const float x0 = hx0 + H * hw / 2 - (wm + wt) / 2;
      s.math({x0, 5.05f}, rule, 0.26f, Align::Left, o.alpha);
      s.text({x0 + wm, 5.05f}, b, 0.24f, c.fg, o.alpha);
    }

    // SDPA per head -> concat -> W_O.
    o = st(kSdpa, t);
    const float sx1 = 12.4f;
    s.box({hx0, 6.9f}, {sx1, 7.5f}, c.box, c.accent, o.alpha, 0.08f, o.create);
    s.math({(hx0 + sx1) / 2, 7.2f}, R"tex(\operatorname{softmax}\left(QK^\top/\sqrt{d_h} + M_{\text{causal}}\right)V \ \text{per head})tex",
           0.24f, Align::Center, o.alpha);
    o = st(kConcat, t);
    s.arrow({sx1 + 0.1f, 7.2f}, {14.8f, 7.2f}, c.dim, o.alpha, o.create);
    std::snprintf(b, sizeof b, "concat %d\xC3\x97%d", H, hd);
    s.text({(sx1 + 14.8f) / 2, 6.9f}, b, 0.2f, c.dim, o.alpha, Align::Center);
    o = st(kWo, t);
    s.box({14.9f, 6.5f}, {15.7f, 7.9f}, c.box, c.fg, o.alpha, 0.08f, o.create);
    s.text({15.3f, 7.0f}, "W_O", 0.22f, c.fg, o.alpha, Align::Center);
    std::snprintf(b, sizeof b, "%d", C);
    s.text({15.3f, 7.4f}, b, 0.18f, c.dim, o.alpha, Align::Center);

    // KV cache.
    o = st(kCache, t);
    std::snprintf(b, sizeof b, "KV cache at %d tokens, bf16 = 2 \xC3\x97 layers \xC3\x97 KV heads \xC3\x97 64 \xC3\x97 tokens \xC3\x97 2 bytes",
                  ref_.max_position_embeddings);
    s.text({8.0f, 2.0f}, b, 0.28f, c.fg, o.alpha, Align::Center);
    const ObjState ob = st(kCacheBars, t);
    const float full = 9.5f;
    const float frac = float(gqa_bytes_) / float(mha_bytes_);
    s.text({0.8f, 3.6f}, "MHA (24 KV heads)", 0.28f, c.dim, ob.alpha);
    s.box({4.2f, 3.2f}, {4.2f + full * ob.create, 4.0f}, Stage::with_alpha(c.warn, 0.6f), c.warn, ob.alpha, 0.06f);
    s.mono({4.3f + full * ob.create, 3.6f}, fmt_mb(mha_bytes_), 0.26f, c.fg, ob.alpha);
    s.text({0.8f, 5.0f}, "GQA (4 KV heads)", 0.28f, c.dim, ob.alpha);
    s.box({4.2f, 4.6f}, {4.2f + full * frac * ob.create, 5.4f}, Stage::with_alpha(c.good, 0.6f), c.good, ob.alpha, 0.06f);
    s.mono({4.3f + full * frac * ob.create, 5.0f}, fmt_mb(gqa_bytes_), 0.26f, c.fg, ob.alpha);
    std::snprintf(b, sizeof b, "%d/%d of MHA: %.0f%% less memory per sequence", KV, H, (1.0f - frac) * 100.0f);
    s.text({8.0f, 6.4f}, b, 0.36f, c.good, ob.alpha * ob.create, Align::Center, 1, true);

    // Heatmaps from the tiny model: two query heads of the same KV group.
    for (int k = 0; k < 2; ++k) {
      o = st(k == 0 ? kHeat : kHeat2, t);
      const float cell = 0.75f, x0 = k == 0 ? 1.8f : 9.2f, y0 = 2.4f;
      s.heatmap({x0, y0}, heads_[k], cell, 0, 1, o.alpha, o.create, true, 0.2f);
      for (int i = 0; i < kWords; ++i) {
        s.text({x0 - 0.1f, y0 + cell * i + cell / 2}, kSentence[i], 0.22f, c.dim, o.alpha, Align::Right);
        s.text({x0 + cell * i + cell / 2, y0 - 0.25f}, kSentence[i], 0.22f, c.dim, o.alpha, Align::Center);
      }
      std::snprintf(b, sizeof b, "query head %d (KV head 0)", k);
      s.text({x0 + cell * kWords / 2, y0 + cell * kWords + 0.35f}, b, 0.24f, c.fg, o.alpha, Align::Center);
    }
    if (st(kHeat, t).visible())
      s.text({8.0f, 1.5f}, "tiny LLaMA: 6 query heads / 1 KV head, RoPE, seeded untrained weights", 0.24f, c.dim,
             st(kHeat, t).alpha, Align::Center);

    caption(s, t, kCap1, "A ~1B decoder: every number on this card comes from its config.");
    caption(s, t, kCap2, "W_Q makes 24 heads of 64; W_K and W_V make only 4 heads each.");
    caption(s, t, kCap3, "RoPE turns position into a rotation of Q and K, so QK^T depends on distance.");
    caption(s, t, kCap4, "Each K/V head is repeated for its 6 query heads: same keys, different queries.");
    caption(s, t, kCap5, "Attention runs per query head; heads are concatenated and mixed by W_O.");
    std::snprintf(b, sizeof b, "Only K and V are cached: %s instead of %s at %d tokens.", fmt_mb(gqa_bytes_).c_str(),
                  fmt_mb(mha_bytes_).c_str(), ref_.max_position_embeddings);
    caption(s, t, kCap6, b);
    caption(s, t, kCap7, "\"The cat sat on the mat\": each row is a token's weights over itself and the past.");
  }

  LlamaConfig ref_;
  int64_t params_ = 0, gqa_bytes_ = 0, mha_bytes_ = 0;
  Mat rope_;
  Mat heads_[2];
};

}  // namespace

TMX_REGISTER_SCENE(GroupedQueryAttention, "grouped-query-attention", "Grouped-query attention",
                   "24 query heads, 4 KV heads: projections, RoPE, repeat_kv, and the KV cache cut, from the config");

}  // namespace tmx::anim
