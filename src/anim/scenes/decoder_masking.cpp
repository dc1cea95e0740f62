// "Decoder masking": teacher forcing (the target shifted right, every position trained in one
// pass), the causal mask written onto a real score matrix, -inf -> 0 after softmax, the padding
// mask next to the causal one and their combination, and generation one symbol at a time. The
// queries, keys and values are those of the shipped dates-encdec's first decoder block (head 0)
// on "the fourteenth of march nineteen eighty seven"; the generator below takes them from the
// checkpoint (`tmx scene-data decoder_masking`) and the scene runs the core's sdpa_forward on them
// with each mask.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "anim/scene.h"
#include "anim/scene_data.h"
#include "anim/scenes/data/dates_example.h"
#include "anim/scenes/data/decoder_masking.h"
#include "anim/scenes/dates_example.h"
#include "core/error.h"
#include "core/nn/ops.h"
#include "core/seq2seq.h"
#include "core/softmax.h"

namespace tmx::anim {
namespace {

namespace D = scene_data::decoder_masking;
namespace X = scene_data::dates_example;
constexpr int kHead = 0;

// Head 0's q, k, v in decoder block 1's self-attention (the model's own output fed back in) and,
// for every generation step, the symbol chosen and its probability (the core's softmax of that
// step's last logits row). Checks that the scene's sdpa on the stored q, k, v gives the traced
// weights, and that each step's weights are the top-left block of the full pass (what the causal
// mask promises).
std::string generate(const std::string& root) {
  const DatesExample e = dates_example(root);
  EncoderDecoder& m = *e.m;
  const std::string p = "dec.0.self_attn.head." + std::to_string(kHead) + ".";
  const Mat q = need(e.trace, p + "q"), k = need(e.trace, p + "k"), v = need(e.trace, p + "v"), full = need(e.trace, p + "weights");
  Mat o, w;
  AttnMask causal;
  causal.causal = true;
  sdpa_forward<float>(o, w, q, k, v, 1.0f / std::sqrt(static_cast<float>(q.cols())), causal);
  if ((w - full).cwiseAbs().maxCoeff() > 1e-5f) throw Error("decoder_masking: sdpa differs from the traced weights");
  std::vector<std::string> pick;
  std::vector<double> pick_p;
  for (size_t t = 1; t <= e.in.size(); ++t) {
    Trace ts;
    const Mat logits = m.forward(e.src, std::vector<int>(e.in.begin(), e.in.begin() + static_cast<long>(t)), nullptr, &ts);
    Mat probs;
    softmax_forward(probs, logits.bottomRows(1));
    Eigen::Index best = 0;
    const float pb = probs.row(0).maxCoeff(&best);
    pick.push_back(tasks::dates::tgt_vocab()[static_cast<size_t>(best)]);
    pick_p.push_back(pb);
    const Eigen::Index n = static_cast<Eigen::Index>(t);
    if ((need(ts, p + "weights") - full.topLeftCorner(n, n)).cwiseAbs().maxCoeff() > 1e-5f)
      throw Error("decoder_masking: step " + std::to_string(t) + " is not the full pass's top-left block");
  }
  if (pick != e.out_syms) throw Error("decoder_masking: the steps picked something other than greedy decoding");
  DataHeader h("decoder_masking", kDatesModel);
  h.comment("decoder block 1 self-attention, head " + std::to_string(kHead) + "; each generation step's pick");
  h.strings("kPick", pick).reals("kPickP", pick_p);
  h.reals("kQ", q).reals("kK", k).reals("kV", v);
  return h.str();
}
TMX_REGISTER_SCENE_DATA(decoder_masking, "assets/models/dates-encdec", generate);

constexpr int kT = X::kInN;
constexpr int kPadT = 6, kPads = 2;  // the padding example: the first 6 positions, the last 2 called padding

struct Attn { Mat scaled, masked, weights; };  // scores times 1/sqrt(d_k), then -inf where masked, softmax
Attn attend(const Mat& q, const Mat& k, const Mat& v, bool causal, const std::vector<uint8_t>* pad) {
  AttnMask mk;
  mk.causal = causal;
  mk.key_pad = pad;
  Attn a;
  Mat o, raw;  // raw: q k^T before the scale
  const float scale = 1.0f / std::sqrt(static_cast<float>(q.cols()));
  sdpa_forward<float>(o, a.weights, q, k, v, scale, mk, &raw, &a.masked);
  a.scaled = raw * scale;
  return a;
}

class DecoderMasking : public Scene {
 public:
  DecoderMasking()
      : Scene("Decoder masking", "the shipped dates-encdec, decoder block 1, head {0} of {1}",
              {std::to_string(kHead + 1), std::to_string(X::kHeads)}) {
    // 1. Data: the stored q, k, v through the core's attention with each mask.
    const std::vector<std::string> ins = data_strings(X::kIn, X::kInN), outs = data_strings(X::kOut, X::kOutN),
                                   pick = data_strings(D::kPick, D::kPickN);
    const std::vector<float> pick_p(D::kPickP, D::kPickP + D::kPickPN);
    const Mat q = data_mat(D::kQ, D::kQRows, D::kQCols), k = data_mat(D::kK, D::kKRows, D::kKCols);
    const Mat v = data_mat(D::kV, D::kVRows, D::kVCols);
    const Attn open = attend(q, k, v, false, nullptr), causal = attend(q, k, v, true, nullptr);
    // Rounded to the one decimal shown, and +0.0f turns a rounded -0.0 into 0.0 (printf would show "-0.0").
    const Mat scaled = open.scaled.unaryExpr([](float x) { return std::round(x * 10.0f) / 10.0f + 0.0f; });
    Mat masked_shown = scaled;  // the core's masked scores: -inf where it masked, the shown value elsewhere
    for (Eigen::Index i = 0; i < masked_shown.rows(); ++i)
      for (Eigen::Index j = 0; j < masked_shown.cols(); ++j)
        if (std::isinf(causal.masked(i, j))) masked_shown(i, j) = causal.masked(i, j);
    std::vector<uint8_t> pad(kPadT, 0);
    for (int j = kPadT - kPads; j < kPadT; ++j) pad[static_cast<size_t>(j)] = 1;
    const Mat qs = q.topRows(kPadT), ks = k.topRows(kPadT), vs = v.topRows(kPadT);
    const Attn pc = attend(qs, ks, vs, true, nullptr), pp = attend(qs, ks, vs, false, &pad), pb = attend(qs, ks, vs, true, &pad);
    std::vector<std::string> pad_lbl(ins.begin(), ins.begin() + kPadT);
    for (int j = kPadT - kPads; j < kPadT; ++j) pad_lbl[static_cast<size_t>(j)] = "<pad>";
    const std::string sT = std::to_string(kT);
    const float smax = std::max(1.0f, scaled.cwiseAbs().maxCoeff());

    // 2. Objects.
    // --- Teacher forcing: the target on top, the same symbols shifted right as the input below.
    const float dx = 1.12f, x0 = 3.0f, ytgt = 2.6f, yin = 5.6f;
    int tf_rows = obj([=](Stage& s, const ObjState& o) {
      s.text({0.4f, ytgt}, s.tr("targets"), Txt::label().bold().alpha(o.alpha));
      s.text({0.4f, yin}, s.tr("decoder input"), Txt::label().bold().alpha(o.alpha));
      for (int t = 0; t < kT; ++t) {
        const float x = x0 + dx * t;
        s.token_chip({x, ytgt}, outs[static_cast<size_t>(t)], s.col().good, o.alpha);
        // The input row slides one place right into position as the shift happens.
        s.token_chip({lerp(x + (t == 0 ? 0.0f : -dx), x, o.morph), yin}, ins[static_cast<size_t>(t)], s.col().q,
                     o.alpha * (t == 0 ? o.morph : 1.0f));
      }
      s.text({x0 + dx * (kT - 1) / 2.0f, yin + 0.65f}, s.tr("the target shifted one place right, after <s>"), Txt::small().center().col(s.col().dim).alpha(o.alpha * o.morph));
    });
    int tf_pass = obj([=](Stage& s, const ObjState& o) {
      const Rect band = Rect::at({x0 - 0.5f, 3.55f}, {dx * (kT - 1) + 1.0f, 1.1f});
      s.box(band, Stage::with_alpha(s.col().accent, 0.12f), s.col().accent, o.alpha, 0.1f, o.create);
      s.text(band.center(), s.tr("decoder: one forward pass, {0} predictions", {sT}), Txt::label().center().alpha(o.alpha));
      for (int t = 0; t < kT; ++t) {
        const float x = x0 + dx * t;
        s.arrow({x, yin - 0.3f}, {x, band.max.y + 0.05f}, s.col().q, o.alpha, o.create);
        s.arrow({x, band.min.y - 0.05f}, {x, ytgt + 0.3f}, s.col().good, o.alpha, o.create);
      }
    });
    int tf_loss = obj([=](Stage& s, const ObjState& o) {
      s.math({8.0f, 7.1f}, R"tex(\mathcal{L} = -\frac{1}{n}\sum_{t=1}^{n} \ln p(y_t \mid y_{<t}, x))tex", Txt::label().center().alpha(o.alpha));
    });
    // --- The score matrix, the mask on it, and softmax.
    const ImVec2 cell{0.56f, 0.38f};
    const Rect sr = Rect::at({1.1f, 2.3f}, matrix_size(scaled, cell)), wr = Rect::at({9.2f, 2.3f}, matrix_size(scaled, cell));
    auto axis_labels = [=](Stage& s, const Rect& r, float alpha, bool rows) {
      for (int j = 0; j < kT; ++j)
        s.text({r.min.x + cell.x * (j + 0.5f), r.min.y - 0.22f}, ins[static_cast<size_t>(j)], Txt::small().center().col(s.col().k).alpha(alpha));
      if (rows)
        for (int i = 0; i < kT; ++i)
          s.text({r.min.x - 0.1f, r.min.y + cell.y * (i + 0.5f)}, ins[static_cast<size_t>(i)], Txt::small().right().col(s.col().q).alpha(alpha));
    };
    int scores = obj([=](Stage& s, const ObjState& o) {
      // morph: the mask is written row by row (the -inf cells appear top to bottom).
      const float rows_masked = o.morph * kT;
      Mat shown = scaled;
      for (int i = 0; i < kT; ++i)
        if (i < rows_masked) shown.row(i) = masked_shown.row(i);
      s.matrix(sr.min, shown, Mx().cell(cell.x, cell.y).tint(smax).fmt("%.1f").alpha(o.alpha).reveal(o.create));
      axis_labels(s, sr, o.alpha, true);
      s.text(sr.label_above(0.62f), o.morph > 0 ? s.tr("masked scores") : s.tr("scaled scores"),
             Txt::label().center().alpha(o.alpha));
    });
    int mask_rule = obj([=](Stage& s, const ObjState& o) {
      s.math({12.0f, 3.6f}, R"tex(M_{ij} = \begin{cases} 0 & j \le i \\ -\infty & j > i \end{cases})tex", Txt().center().alpha(o.alpha));
      s.text({12.0f, 5.0f}, s.tr("rows: queries (positions)"), Txt::label().center().col(s.col().q).alpha(o.alpha));
      s.text({12.0f, 5.5f}, s.tr("columns: keys"), Txt::label().center().col(s.col().k).alpha(o.alpha));
      s.text({12.0f, 6.2f}, s.tr("the same triangle for every sequence"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });
    int weights = obj([=](Stage& s, const ObjState& o) {
      s.arrow({sr.max.x + 0.3f, sr.center().y}, {wr.min.x - 0.3f, wr.center().y}, s.col().accent, o.alpha, o.create);
      s.text({(sr.max.x + wr.min.x) / 2, sr.center().y - 0.35f}, "softmax", Txt::label().center().col(s.col().accent).alpha(o.alpha));
      s.matrix(wr.min, causal.weights, Mx().cell(cell.x, cell.y).tint(1.0f).alpha(o.alpha).reveal(o.create));
      axis_labels(s, wr, o.alpha, false);
      s.text(wr.label_above(0.62f), s.tr("weights: each row sums to 1"), Txt::label().center().alpha(o.alpha));
    });
    int zero_note = obj([=](Stage& s, const ObjState& o) {
      s.math({8.0f, 6.95f}, R"tex(e^{-\infty} = 0)tex", Txt().center().col(s.col().accent).alpha(o.alpha));
      s.text({8.0f, 7.55f}, s.tr("a future symbol gets weight exactly 0.00, so no row can copy the answer"), Txt::small().center().alpha(o.alpha));
    });
    // --- Padding vs causal: the first 6 positions, the last 2 called padding.
    const ImVec2 pcell{0.52f, 0.4f};
    const float pw = pcell.x * kPadT, pgap = (Stage::kW - 3 * pw - 1.2f) / 3.0f;
    auto pad_map = [=](float x, const Mat& w, const Mat& masked, const char* title, const char* note) {
      return [=](Stage& s, const ObjState& o) {
        const Rect r = Rect::at({x, 2.75f}, matrix_size(w, pcell));
        s.matrix(r.min, w, Mx().cell(pcell.x, pcell.y).tint(1.0f).alpha(o.alpha).reveal(o.create));
        for (int i = 0; i < kPadT; ++i)  // masked cells (-inf before the softmax) shaded
          for (int j = 0; j < kPadT; ++j)
            if (std::isinf(masked(i, j)))
              s.box(Rect::at({r.min.x + pcell.x * j, r.min.y + pcell.y * i}, pcell).grown(-0.02f), Stage::with_alpha(s.col().faint, 0.45f), 0,
                    o.alpha * o.create, 0.0f);
        for (int j = 0; j < kPadT; ++j) {
          s.text({r.min.x + pcell.x * (j + 0.5f), r.min.y - 0.22f}, j >= kPadT - kPads ? "pad" : pad_lbl[static_cast<size_t>(j)],
                 Txt::small().center().col(j >= kPadT - kPads ? s.col().dim : s.col().k).alpha(o.alpha));
          const bool pj = j >= kPadT - kPads;
          s.text({r.min.x - 0.1f, r.min.y + pcell.y * (j + 0.5f)}, pad_lbl[static_cast<size_t>(j)], Txt::small().right().col(pj ? s.col().dim : s.col().q).alpha(o.alpha));
        }
        s.text(r.label_above(0.62f), s.tr(title), Txt::label().bold().center().alpha(o.alpha));
        s.text({r.center().x, r.max.y + 0.35f}, s.tr(note), Txt::small().center().col(s.col().dim).alpha(o.alpha));
      };
    };
    int pad_c = obj(pad_map(1.0f + pgap, pc.weights, pc.masked, "causal mask", "depends on positions"));
    int pad_p = obj(pad_map(1.0f + 2 * pgap + pw, pp.weights, pp.masked, "padding mask", "depends on the data"));
    int pad_b = obj(pad_map(1.0f + 3 * pgap + 2 * pw, pb.weights, pb.masked, "both", "what a decoder uses"));
    int pad_note = obj([=](Stage& s, const ObjState& o) {
      s.text({8.0f, 6.35f}, s.tr("padding fills a short target up to the batch's length: whole columns are hidden"), Txt::label().center().alpha(o.alpha));
      s.text({8.0f, 6.85f}, s.tr("at the end of a sequence, padding is already in every real row's future;"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
      s.text({8.0f, 7.25f}, s.tr("the padding mask matters where there is no causal mask: the encoder, cross-attention"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });
    // --- Generation: the input grows one symbol per step; its weights are the full pass's corner.
    const float gc = 0.42f;
    const Rect gr = Rect::at({1.6f, 2.5f}, {gc * kT, gc * kT});
    int gen = obj([=](Stage& s, const ObjState& o) {
      const float n = std::clamp(o.morph * kT, 0.0f, static_cast<float>(kT));
      const int t = std::clamp(static_cast<int>(std::ceil(n)), 1, kT);  // symbols fed in at this step
      Mat w = causal.weights.topLeftCorner(t, t);
      for (int i = 0; i < t; ++i)
        for (int j = i + 1; j < t; ++j) w(i, j) = -std::numeric_limits<float>::infinity();  // masked: hatched
      s.heatmap(gr.min, w, Hm().cell(gc).range(0, 1).alpha(o.alpha));
      for (int j = 0; j < t; ++j) {
        s.text({gr.min.x + gc * (j + 0.5f), gr.min.y - 0.2f}, ins[static_cast<size_t>(j)], Txt::small().center().col(s.col().k).alpha(o.alpha));
        s.text({gr.min.x - 0.1f, gr.min.y + gc * (j + 0.5f)}, ins[static_cast<size_t>(j)], Txt::small().right().col(s.col().q).alpha(o.alpha));
      }
      s.box(Rect::at(gr.min, {gc * kT, gc * kT}), 0, s.col().faint, o.alpha * 0.6f, 0.0f);
      s.text(gr.label_above(0.55f), s.tr("self-attention weights at this step"), Txt::label().center().alpha(o.alpha));
      const float x = gr.max.x + 0.9f;
      s.text({x, 2.7f}, s.tr("step {0} of {1}", {std::to_string(t), sT}), Txt::label().bold().alpha(o.alpha));
      for (int j = 0; j < kT; ++j) {
        const float a = j < t ? 1.0f : 0.0f;
        s.token_chip({x + 0.35f + 0.62f * j, 3.5f}, ins[static_cast<size_t>(j)], s.col().q, o.alpha * a, kSmallSize);
      }
      s.text({x, 4.3f}, s.tr("next symbol: {0}   p = {1}", {pick[static_cast<size_t>(t - 1)], num("%.2f", pick_p[static_cast<size_t>(t - 1)])}),
             Txt::label().alpha(o.alpha));
      s.text({x, 4.9f}, s.tr("appended to the input, and the decoder runs again"), Txt::small().col(s.col().dim).alpha(o.alpha));
      s.text({x, 5.8f}, s.tr("earlier rows never change: the causal mask keeps them from seeing new symbols,"), Txt::small().alpha(o.alpha));
      s.text({x, 6.2f}, s.tr("so their keys and values can be cached"), Txt::small().alpha(o.alpha));
    });

    // 3. Timeline. t = 0: the two rows (the poster).
    tl_.chapter("Teacher forcing", "Training feeds the true target shifted right and asks for the next symbol at every position at once.")
        .create({tf_rows}, 0)
        .wait(1.0f)
        .transform({tf_rows}, 1.5f)
        .then(0.5f)
        .create({tf_pass}, 1.2f)
        .then(0.4f)
        .create({tf_loss}, 0.8f)
        .then(5.0f);
    tl_.chapter("The causal mask on the scores", "Position i may only read keys j \xE2\x89\xA4 i: every score above the diagonal becomes \xE2\x88\x92\xE2\x88\x9E.")
        .fade_out({tf_rows, tf_pass, tf_loss}, 0.5f)
        .then()
        .create({scores}, 1.0f)
        .then(1.0f)
        .create({mask_rule}, 0.8f)
        .then(0.5f)
        .transform({scores}, 2.5f, Ease::Linear)
        .then(4.0f);
    tl_.chapter("Softmax turns \xE2\x88\x92\xE2\x88\x9E into 0", "After softmax the masked entries are exactly zero and each row's weights sum to 1.")
        .fade_out({mask_rule}, 0.4f)
        .then()
        .create({weights}, 1.2f)
        .then(0.5f)
        .create({zero_note}, 0.8f)
        .then(6.0f);
    tl_.chapter("Padding mask vs causal mask", "Causal hides the future of each position; padding hides filler columns from every row; a decoder uses both.")
        .fade_out({scores, weights, zero_note}, 0.5f)
        .then()
        .create({pad_c, pad_p, pad_b}, 0.8f, 0.8f)
        .then(0.5f)
        .create({pad_note}, 0.8f)
        .then(8.0f);
    tl_.chapter("Generation, one symbol at a time", "Without a target, the decoder starts from <s>, picks the next symbol, appends it and runs again.")
        .fade_out({pad_c, pad_p, pad_b, pad_note}, 0.5f)
        .then()
        .create({gen}, 0.6f)
        .transform({gen}, 1.4f * kT, Ease::Linear)
        .then(3.0f);
    tl_.end();
  }
};

}  // namespace

TMX_REGISTER_SCENE(DecoderMasking, "decoder-masking", "Decoder masking",
                   "Teacher forcing, the causal mask on real scores, -inf to 0, padding vs causal masks, generation step by step.");

}  // namespace tmx::anim
