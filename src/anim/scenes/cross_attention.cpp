// "Cross-attention": the shipped dates-encdec reading "the fourteenth of march nineteen eighty
// seven". The encoder's memory gives keys and values, the decoder's stream gives queries; the
// alignment matrix of decoder block 1 (the mean of its heads) fills in one column per emitted
// symbol; each digit's strongest source word; block 2's map beside it. Every number is computed
// from the checkpoint by the generator below (`tmx scene-data cross_attention`), with the core's
// EncoderDecoder::forward, greedy_decode and dates_walk.
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "anim/scene.h"
#include "anim/scene_data.h"
#include "anim/scenes/data/cross_attention.h"
#include "anim/scenes/data/dates_example.h"
#include "anim/scenes/dates_example.h"
#include "core/error.h"
#include "core/seq2seq.h"

namespace tmx::anim {
namespace {

namespace D = scene_data::cross_attention;
namespace X = scene_data::dates_example;

// The numbers: the cross-attention of both decoder blocks (mean over heads) with the model's own
// output fed back in, the probability of each emitted symbol, and block 1's traced Q, K, V. Each
// step's row is checked against a forward pass on that step's prefix alone (what generation
// computes), so the map is exactly what the decoder saw when it chose each symbol.
std::string generate(const std::string& root) {
  const DatesExample e = dates_example(root);
  EncoderDecoder& m = *e.m;
  const Seq2SeqWalk w0 = dates_walk(m, kDatesText, 0), w1 = dates_walk(m, kDatesText, 1);
  if (w0.tgt_out != e.out_syms) throw Error("cross_attention: dates_walk decoded something else");
  for (size_t t = 1; t <= e.in.size(); ++t) {  // generation's view: the prefix only
    Trace ts;
    m.forward(e.src, std::vector<int>(e.in.begin(), e.in.begin() + static_cast<long>(t)), nullptr, &ts);
    const Mat row = mean_head_weights(ts, "dec.0.cross_attn.head.", 0, m.cfg.n_head - 1).bottomRows(1);
    if ((row - w0.cross.row(static_cast<Eigen::Index>(t) - 1)).cwiseAbs().maxCoeff() > 1e-5f)
      throw Error("cross_attention: step " + std::to_string(t) + " differs from the full pass");
  }
  DataHeader h("cross_attention", kDatesModel);
  h.comment("decoder blocks 1 and 2: cross-attention, mean over heads; block 1's input X and Q, K, V");
  h.reals("kP", w0.p_target).reals("kCross0", w0.cross).reals("kCross1", w1.cross);
  h.reals("kQ", need(e.trace, "dec.0.cross_attn.q")).reals("kK", need(e.trace, "dec.0.cross_attn.k"));
  h.reals("kV", need(e.trace, "dec.0.cross_attn.v"));
  h.reals("kX", need(e.trace, "dec.0.in"));  // the decoder stream entering block 1
  return h.str();
}
TMX_REGISTER_SCENE_DATA(cross_attention, "assets/models/dates-encdec", generate);

constexpr int kS = X::kSrcN, kT = X::kOutN;

class CrossAttention : public Scene {
 public:
  CrossAttention()
      : Scene("Cross-attention", "the shipped dates-encdec: {0} source words in, {1} symbols out",
              {std::to_string(kS), std::to_string(kT)}) {
    // 1. Data (the committed header, computed from the checkpoint by the core).
    const std::vector<std::string> src = data_strings(X::kSrc, X::kSrcN), outs = data_strings(X::kOut, X::kOutN),
                                   ins = data_strings(X::kIn, X::kInN);
    const Mat a0 = data_mat(D::kCross0, D::kCross0Rows, D::kCross0Cols).transpose();  // (S, T): column t = output t
    const Mat a1 = data_mat(D::kCross1, D::kCross1Rows, D::kCross1Cols).transpose();
    const Mat q = data_mat(D::kQ, D::kQRows, D::kQCols), k = data_mat(D::kK, D::kKRows, D::kKCols);
    const Mat v = data_mat(D::kV, D::kVRows, D::kVCols), mem = data_mat(X::kMemory, X::kMemoryRows, X::kMemoryCols);
    const std::vector<float> p(D::kP, D::kP + D::kPN);
    const Mat xdec = data_mat(D::kX, D::kXRows, D::kXCols);
    const float xdmax = std::max(1.0f, xdec.cwiseAbs().maxCoeff());
    const int C = X::kDModel, H = X::kHeads, dk = C / H;
    std::vector<int> top(kT);  // each output's strongest source word
    for (int t = 0; t < kT; ++t) a0.col(t).maxCoeff(&top[static_cast<size_t>(t)]);
    const std::string sC = std::to_string(C), sS = std::to_string(kS), sT = std::to_string(kT);

    // 2. Objects.
    // --- The two sequences: source words -> encoder -> memory H; the decoder's symbols -> X.
    const float thin = 0.045f;
    const Rect memr = Rect::at({4.3f, 2.35f}, {thin * C, 0.56f * kS});
    int source = obj([=](Stage& s, const ObjState& o) {
      for (int j = 0; j < kS; ++j)
        s.token_chip({1.35f, memr.min.y + 0.56f * (j + 0.5f)}, src[static_cast<size_t>(j)], s.col().k, o.alpha);
      s.text({1.35f, memr.min.y - 0.35f}, s.tr("source"), Txt::label().center().col(s.col().dim).alpha(o.alpha));
    });
    int memory = obj([=](Stage& s, const ObjState& o) {
      s.arrow({2.75f, memr.center().y}, {memr.min.x - 0.2f, memr.center().y}, s.col().accent, o.alpha, o.create);
      s.text({3.5f, memr.center().y - 0.35f}, s.tr("encoder"), Txt::small().center().col(s.col().accent).alpha(o.alpha));
      s.matrix(memr.min, mem, Mx().cell(thin, 0.56f).tint(2.0f).numbers(false).alpha(o.alpha).reveal(o.create));
      s.text(memr.label_above(0.35f), s.tr("memory H: {0} \xC3\x97 {1}", {sS, sC}), Txt::label().center().alpha(o.alpha));
      s.text({memr.center().x, memr.max.y + 0.4f}, s.tr("computed once per source"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });
    const Rect xr = Rect::at({11.2f, 2.2f}, {thin * C, 0.4f * kT});
    int decoder = obj([=](Stage& s, const ObjState& o) {
      for (int t = 0; t < kT; ++t)
        s.token_chip({xr.min.x - 0.75f, xr.min.y + 0.4f * (t + 0.5f)}, ins[static_cast<size_t>(t)], s.col().q, o.alpha, kSmallSize);
      s.matrix(xr.min, xdec, Mx().cell(thin, 0.4f).tint(xdmax).numbers(false).alpha(o.alpha).reveal(o.create));
      s.text(xr.label_above(0.35f), s.tr("decoder stream: {0} \xC3\x97 {1}", {sT, sC}), Txt::label().center().alpha(o.alpha));
      s.text({xr.center().x, xr.max.y + 0.4f}, s.tr("one row per symbol fed in"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });
    // --- Q from the decoder, K and V from the memory; the formula between them.
    const Rect kr = Rect::at({1.2f, 2.2f}, {thin * C, 0.26f * kS}), vr = Rect::at({1.2f, 5.1f}, {thin * C, 0.26f * kS});
    const Rect qr = Rect::at({11.9f, 2.3f}, {thin * C, 0.3f * kT});
    int qkv = obj([=](Stage& s, const ObjState& o) {
      s.matrix(kr.min, k, Mx().cell(thin, 0.26f).tint(3.0f).numbers(false).alpha(o.alpha).reveal(o.create));
      s.matrix(vr.min, v, Mx().cell(thin, 0.26f).tint(3.0f).numbers(false).alpha(o.alpha).reveal(o.create));
      s.matrix(qr.min, q, Mx().cell(thin, 0.3f).tint(3.0f).numbers(false).alpha(o.alpha).reveal(o.create));
      s.math({kr.center().x, kr.min.y - 0.35f}, R"tex(K = H W_K)tex", Txt::label().center().col(s.col().k).alpha(o.alpha));
      s.math({vr.center().x, vr.min.y - 0.35f}, R"tex(V = H W_V)tex", Txt::label().center().col(s.col().v).alpha(o.alpha));
      s.math({qr.center().x, qr.min.y - 0.35f}, R"tex(Q = X W_Q)tex", Txt::label().center().col(s.col().q).alpha(o.alpha));
      s.text({kr.center().x, kr.max.y + 0.3f}, s.tr("{0} \xC3\x97 {1}, from the encoder", {sS, sC}), Txt::small().center().col(s.col().dim).alpha(o.alpha));
      s.text({vr.center().x, vr.max.y + 0.3f}, s.tr("{0} \xC3\x97 {1}, from the encoder", {sS, sC}), Txt::small().center().col(s.col().dim).alpha(o.alpha));
      s.text({qr.center().x, qr.max.y + 0.3f}, s.tr("{0} \xC3\x97 {1}, from the decoder", {sT, sC}), Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });
    int formula = obj([=](Stage& s, const ObjState& o) {
      s.arrow({kr.max.x + 0.3f, kr.center().y}, {5.3f, 3.6f}, s.col().k, o.alpha, o.create);
      s.arrow({vr.max.x + 0.3f, vr.center().y}, {5.3f, 5.6f}, s.col().v, o.alpha, o.create);
      s.arrow({qr.min.x - 0.3f, qr.center().y}, {10.7f, 3.6f}, s.col().q, o.alpha, o.create);
      s.math({8.0f, 3.6f}, R"tex(A = \operatorname{softmax}\left(\frac{Q K^\top}{\sqrt{d_k}}\right))tex", Txt().center().alpha(o.alpha));
      s.math({8.0f, 5.6f}, R"tex(\text{out} = A\,V)tex", Txt().center().alpha(o.alpha));
      s.text({8.0f, 4.55f}, s.tr("A: {0} \xC3\x97 {1} per head ({2} heads of {3})", {sT, sS, std::to_string(H), std::to_string(dk)}),
             Txt::label().center().alpha(o.alpha));
      s.text({8.0f, 6.5f}, s.tr("no causal mask: the whole source is known"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });
    // --- The alignment, one column per emitted symbol. Rows: source words; columns: outputs.
    const float cell = 0.58f;
    const Rect hr = Rect::at({4.5f, 2.75f}, {cell * kT, cell * kS});
    auto shown_cols = [](float morph) { return std::clamp(morph * kT, 0.0f, static_cast<float>(kT)); };
    int align = obj([=](Stage& s, const ObjState& o) {
      const float n = shown_cols(o.morph);
      const int full = static_cast<int>(std::floor(n));
      if (full > 0) s.heatmap(hr.min, a0.leftCols(full), Hm().cell(cell).range(0, 1).numbers().alpha(o.alpha));
      if (full < kT && n - full > 0.02f)  // the column being written fades in
        s.heatmap({hr.min.x + cell * full, hr.min.y}, a0.col(full), Hm().cell(cell).range(0, 1).alpha(o.alpha * (n - full)));
      s.box(hr, 0, s.col().faint, o.alpha, 0.0f);
      for (int j = 0; j < kS; ++j)
        s.text({hr.min.x - 0.15f, hr.min.y + cell * (j + 0.5f)}, src[static_cast<size_t>(j)], Txt::label().right().col(s.col().k).alpha(o.alpha));
      for (int t = 0; t < kT; ++t) {
        const float a = std::clamp(n - t, 0.0f, 1.0f);
        s.text({hr.min.x + cell * (t + 0.5f), hr.min.y - 0.3f}, outs[static_cast<size_t>(t)],
               Txt::label().mono().center().col(s.col().q).alpha(o.alpha * a));
      }
      s.text({hr.center().x, hr.min.y - 0.8f}, s.tr("output symbol (each column sums to 1)"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });
    // The current step, to the right of the map.
    int step = obj([=](Stage& s, const ObjState& o) {
      const float n = shown_cols(st(align, o.t).morph);
      const int t = std::clamp(static_cast<int>(std::ceil(n)) - 1, 0, kT - 1);
      const float x = hr.max.x + 0.5f;
      s.box(Rect::at({hr.min.x + cell * t, hr.min.y}, {cell, cell * kS}).grown(0.03f), 0, s.col().accent, o.alpha, 0.04f);
      s.text({x, 3.0f}, s.tr("step {0} of {1}", {std::to_string(t + 1), sT}), Txt::label().bold().alpha(o.alpha));
      s.text({x, 3.6f}, s.tr("fed in: {0}", {ins[static_cast<size_t>(t)]}), Txt::label().alpha(o.alpha));
      s.text({x, 4.15f}, s.tr("emits: {0}   p = {1}", {outs[static_cast<size_t>(t)], num("%.2f", p[static_cast<size_t>(t)])}), Txt::label().alpha(o.alpha));
      s.text({x, 4.7f}, s.tr("reads most: {0} ({1})", {src[static_cast<size_t>(top[static_cast<size_t>(t)])], num("%.2f", a0(top[static_cast<size_t>(t)], t))}),
             Txt::label().alpha(o.alpha));
      s.text({x, 5.5f}, s.tr("block 1, mean of {0} heads", {std::to_string(H)}), Txt::small().col(s.col().dim).alpha(o.alpha));
    });
    // --- What each part of the date reads: the strongest cell of every column, and the groups.
    struct Group { const char* name; int first, last; };
    const std::vector<Group> groups = {{"year", 0, 3}, {"month", 5, 6}, {"day", 8, 9}};
    int reads = obj([=](Stage& s, const ObjState& o) {
      for (int t = 0; t < kT; ++t)
        s.box(Rect::at({hr.min.x + cell * t, hr.min.y + cell * top[static_cast<size_t>(t)]}, {cell, cell}).grown(-0.03f), 0, s.col().accent,
              o.alpha * o.create, 0.04f);
      const float x = hr.max.x + 0.5f;
      float y = 3.0f;
      for (const Group& g : groups) {
        if (g.last >= kT) continue;
        std::string digits, words;
        std::vector<int> seen;
        for (int t = g.first; t <= g.last; ++t) {
          digits += outs[static_cast<size_t>(t)];
          const int w = top[static_cast<size_t>(t)];
          if (std::find(seen.begin(), seen.end(), w) == seen.end()) {
            seen.push_back(w);
            words += (words.empty() ? "" : ", ") + src[static_cast<size_t>(w)];
          }
        }
        s.text({hr.min.x + cell * (g.first + g.last + 1) / 2.0f, hr.max.y + 0.35f}, s.tr(g.name), Txt::label().center().col(s.col().accent).alpha(o.alpha));
        s.line({hr.min.x + cell * g.first + 0.05f, hr.max.y + 0.1f}, {hr.min.x + cell * (g.last + 1) - 0.05f, hr.max.y + 0.1f}, s.col().accent, o.alpha);
        s.text({x, y}, s.tr(g.name) + " " + digits, Txt::label().bold().alpha(o.alpha));
        s.text({x + 0.2f, y + 0.45f}, s.tr("reads {0}", {words}), Txt::label().alpha(o.alpha));
        y += 1.1f;
      }
      s.text({x, y + 0.1f}, s.tr("dashes: spread out"), Txt::small().col(s.col().dim).alpha(o.alpha));
      s.text({x, y + 0.5f}, s.tr("(predictable from position)"), Txt::small().col(s.col().dim).alpha(o.alpha));
    });
    // --- Both decoder blocks side by side, tint only.
    const float c2 = 0.4f;
    const Rect b0 = Rect::at({3.0f, 2.9f}, {c2 * kT, c2 * kS}), b1 = Rect::at({9.6f, 2.9f}, {c2 * kT, c2 * kS});
    int blocks = obj([=](Stage& s, const ObjState& o) {
      const Rect rs[2] = {b0, b1};
      const Mat* ms[2] = {&a0, &a1};
      for (int b = 0; b < 2; ++b) {
        s.heatmap(rs[b].min, *ms[b], Hm().cell(c2).range(0, 1).alpha(o.alpha).reveal(o.create));
        s.text(rs[b].label_above(0.55f), s.tr("decoder block {0}", {std::to_string(b + 1)}), Txt::label().bold().center().alpha(o.alpha));
        for (int t = 0; t < kT; ++t)
          s.text({rs[b].min.x + c2 * (t + 0.5f), rs[b].min.y - 0.2f}, outs[static_cast<size_t>(t)], Txt::small().mono().center().col(s.col().q).alpha(o.alpha));
        for (int j = 0; j < kS; ++j)
          s.text({rs[b].min.x - 0.12f, rs[b].min.y + c2 * (j + 0.5f)}, src[static_cast<size_t>(j)], Txt::small().right().col(s.col().k).alpha(o.alpha));
      }
      s.text({8.0f, b0.max.y + 0.6f}, s.tr("the same memory and output symbols, different learned projections"), Txt::label().center().alpha(o.alpha));
      s.text({8.0f, b0.max.y + 1.1f}, s.tr("the readable alignment need not live in the last block"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });

    // 3. Timeline. t = 0: the source and its memory (the poster).
    tl_.chapter("Two sequences", "The encoder has read the {0} source words once into a memory; the decoder has one vector per symbol so far.", {sS})
        .create({source, memory}, 0)
        .wait(1.5f)
        .create({decoder}, 1.2f)
        .then(4.0f);
    tl_.chapter("Queries from the decoder, keys and values from the encoder",
                "Cross-attention projects the decoder's stream to queries and the encoder's memory to keys and values.")
        .fade_out({source, memory, decoder}, 0.5f)
        .then()
        .create({qkv}, 1.0f)
        .then(0.3f)
        .create({formula}, 1.0f)
        .then(6.0f);
    tl_.chapter("The alignment fills in", "At each step the decoder emits one symbol; its query's weights over the source words fill one column.")
        .fade_out({qkv, formula}, 0.5f)
        .then()
        .create({align, step}, 0.6f)
        .transform({align}, 1.6f * kT, Ease::Linear)
        .then(2.5f);
    tl_.chapter("Which words each part reads", "Nobody told the model where the year is: each digit's strongest weight lands on the words that spell it.")
        .fade_out({step}, 0.4f)
        .then()
        .create({reads}, 1.0f)
        .then(8.0f);
    tl_.chapter("Two decoder blocks", "Each decoder block has its own cross-attention over the same memory, and its own map.")
        .fade_out({align, reads}, 0.5f)
        .then()
        .create({blocks}, 1.0f)
        .then(6.0f);
    tl_.end();
  }
};

}  // namespace

TMX_REGISTER_SCENE(CrossAttention, "cross-attention", "Cross-attention",
                   "The trained dates model: decoder queries against encoder memory, its alignment filling in symbol by symbol.");

}  // namespace tmx::anim
