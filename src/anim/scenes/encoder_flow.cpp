// "The encoder": the shipped dates-encdec reading "the fourteenth of march nineteen eighty seven".
// Words -> ids -> embedding rows times sqrt(d) plus sinusoidal positions -> N encoder blocks
// (self-attention without a mask, add & norm, FFN, add & norm; Post-LN, as in the 2017 paper) ->
// the final LayerNorm -> the memory every decoder block reads. Every matrix and shape is the
// model's (config and trace of EncoderDecoder::forward), taken from the checkpoint by the
// generator below (`tmx scene-data encoder_flow`).
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "anim/scene.h"
#include "anim/scene_data.h"
#include "anim/scenes/data/dates_example.h"
#include "anim/scenes/data/encoder_flow.h"
#include "anim/scenes/dates_example.h"
#include "core/error.h"
#include "core/nn/ops.h"
#include "core/seq2seq.h"

namespace tmx::anim {
namespace {

namespace D = scene_data::encoder_flow;
namespace X = scene_data::dates_example;

// The sentence's scaled embedding rows (checked to add up, with the core's sinusoids, to the
// traced encoder input), and each encoder block's head-mean self-attention, block 1's FFN hidden
// activations and each block's output.
std::string generate(const std::string& root) {
  const DatesExample e = dates_example(root);
  const EncDecConfig& c = e.m->cfg;
  if (c.n_encoder_layers != 2) throw Error("encoder_flow: the scene shows 2 encoder blocks, the model has " + std::to_string(c.n_encoder_layers));
  if (c.norm_first || c.activation != Act::ReLU) throw Error("encoder_flow: the scene says Post-LN with a ReLU FFN; the model is not");
  const int T = static_cast<int>(e.src.size());
  Mat emb(T, c.d_model);
  for (int i = 0; i < T; ++i) emb.row(i) = e.m->w.src_embed.row(e.src[static_cast<size_t>(i)]) * std::sqrt(static_cast<float>(c.d_model));
  if ((emb + sinusoidal_encoding(T, c.d_model) - need(e.trace, "src.embed")).cwiseAbs().maxCoeff() > 1e-4f)
    throw Error("encoder_flow: embedding + positions differ from the trace");
  DataHeader h("encoder_flow", kDatesModel);
  h.comment("the encoder on the sentence: embedding rows times sqrt(d), blocks 1 and 2");
  h.reals("kEmb", emb);
  h.reals("kAttn0", mean_head_weights(e.trace, "enc.0.self_attn.head.", 0, c.n_head - 1)).reals("kHidden0", need(e.trace, "enc.0.ffn.hidden"));
  h.reals("kOut0", need(e.trace, "enc.0.out"));
  h.reals("kAttn1", mean_head_weights(e.trace, "enc.1.self_attn.head.", 0, c.n_head - 1)).reals("kOut1", need(e.trace, "enc.1.out"));
  return h.str();
}
TMX_REGISTER_SCENE_DATA(encoder_flow, "assets/models/dates-encdec", generate);

constexpr int kT = X::kSrcN;

class EncoderFlow : public Scene {
 public:
  EncoderFlow()
      : Scene("The encoder", "the shipped dates-encdec: {0} words, width {1}, {2} blocks of {3} heads",
              {std::to_string(kT), std::to_string(X::kDModel), std::to_string(X::kEncoderLayers), std::to_string(X::kHeads)}) {
    // 1. Data (the committed header, from the checkpoint through the core).
    const std::vector<std::string> words = data_strings(X::kSrc, X::kSrcN);
    const std::vector<int> ids(X::kSrcIds, X::kSrcIds + X::kSrcIdsN);
    const Mat emb = data_mat(D::kEmb, D::kEmbRows, D::kEmbCols);
    const Mat pe = sinusoidal_encoding(kT, X::kDModel), x = emb + pe;  // the core's positions
    const Mat attn0 = data_mat(D::kAttn0, D::kAttn0Rows, D::kAttn0Cols), attn1 = data_mat(D::kAttn1, D::kAttn1Rows, D::kAttn1Cols);
    const Mat hid0 = data_mat(D::kHidden0, D::kHidden0Rows, D::kHidden0Cols);
    const Mat out0 = data_mat(D::kOut0, D::kOut0Rows, D::kOut0Cols), out1 = data_mat(D::kOut1, D::kOut1Rows, D::kOut1Cols);
    const Mat mem = data_mat(X::kMemory, X::kMemoryRows, X::kMemoryCols);
    const int C = X::kDModel, H = X::kHeads, F = X::kDff;
    const std::string sT = std::to_string(kT), sC = std::to_string(C), sF = std::to_string(F), sH = std::to_string(H),
                      sdk = std::to_string(C / H);
    const double zeros = 100.0 * static_cast<double>((hid0.array() == 0.0f).count()) / static_cast<double>(hid0.size());
    auto shape = [&](const Mat& m) { return std::to_string(m.rows()) + " \xC3\x97 " + std::to_string(m.cols()); };
    const std::string shX = shape(x), shH = shape(hid0), shA = shape(attn0), shM = shape(mem);

    // 2. Objects.
    const float rowh = 0.5f, thin = 0.04f, y0 = 2.55f;
    const float tall = rowh * kT;
    // --- Tokens to vectors.
    int tokens = obj([=](Stage& s, const ObjState& o) {
      s.text({1.3f, y0 - 0.4f}, s.tr("word"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
      s.text({2.75f, y0 - 0.4f}, s.tr("id"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
      for (int i = 0; i < kT; ++i) {
        const float y = y0 + rowh * (i + 0.5f);
        s.token_chip({1.3f, y}, words[static_cast<size_t>(i)], s.col().accent, o.alpha, kSmallSize);
        s.text({2.75f, y}, std::to_string(ids[static_cast<size_t>(i)]), Txt::small().mono().center().alpha(o.alpha));
      }
    });
    const Rect er = Rect::at({3.5f, y0}, {thin * C, tall}), pr = Rect::at({7.1f, y0}, {thin * C, tall}), xr = Rect::at({10.7f, y0}, {thin * C, tall});
    const float xmax = std::max(1.0f, x.cwiseAbs().maxCoeff());
    auto thumb = [=](Stage& s, const Rect& r, const Mat& m, float range, float alpha, float reveal) {
      s.matrix(r.min, m, Mx().cell(r.w() / static_cast<float>(m.cols()), r.h() / static_cast<float>(m.rows())).tint(range).numbers(false).alpha(alpha).reveal(reveal));
    };
    int embed = obj([=](Stage& s, const ObjState& o) {
      thumb(s, er, emb, xmax, o.alpha, o.create);
      s.math({er.center().x, er.min.y - 0.75f}, R"tex(E[\text{id}] \cdot \sqrt{d})tex", Txt::label().center().alpha(o.alpha));
      s.text(er.label_above(0.3f), s.tr("embedding rows: {0}", {shX}), Txt::small().center().col(s.col().dim).alpha(o.alpha));
      s.text({er.center().x, er.max.y + 0.35f}, s.tr("table: {0} words \xC3\x97 {1}", {std::to_string(X::kSrcVocab), sC}), Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });
    int plus = obj([=](Stage& s, const ObjState& o) {
      s.text({(er.max.x + pr.min.x) / 2, er.center().y}, "+", Txt().size(0.5f).center().alpha(o.alpha));
      thumb(s, pr, pe, xmax, o.alpha, o.create);
      s.math({pr.center().x, pr.min.y - 0.75f}, R"tex(PE_{\text{pos}})tex", Txt::label().center().alpha(o.alpha));
      s.text(pr.label_above(0.3f), s.tr("sinusoids: {0}", {shape(pe)}), Txt::small().center().col(s.col().dim).alpha(o.alpha));
      s.text({pr.center().x, pr.max.y + 0.35f}, s.tr("fixed, not learned"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });
    int xin = obj([=](Stage& s, const ObjState& o) {
      s.text({(pr.max.x + xr.min.x) / 2, pr.center().y}, "=", Txt().size(0.5f).center().alpha(o.alpha));
      thumb(s, xr, x, xmax, o.alpha, o.create);
      s.math({xr.center().x, xr.min.y - 0.75f}, R"tex(X_0)tex", Txt::label().center().alpha(o.alpha));
      s.text(xr.label_above(0.3f), s.tr("encoder input: {0}", {shX}), Txt::small().center().col(s.col().dim).alpha(o.alpha));
      s.text({xr.center().x, xr.max.y + 0.35f}, s.tr("one row per word"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });
    // --- The block diagram (right), with the stage being shown highlighted.
    const char* const stage_names[4] = {"multi-head self-attention", "add & LayerNorm", "feed-forward (ReLU)", "add & LayerNorm"};
    const Rect dg = Rect::at({11.4f, 2.35f}, {4.0f, 4.9f});
    int attn_view = -1, ffn_view = -1;
    auto diagram_draw = [=](Stage& s, const ObjState& o, float lit_attn, float lit_ffn) {
      s.box(dg, Stage::with_alpha(s.col().box, 0.5f), s.col().faint, o.alpha, 0.12f);
      s.text({dg.center().x, dg.min.y + 0.3f}, s.tr("encoder block, \xC3\x97 {0}", {std::to_string(X::kEncoderLayers)}), Txt::label().bold().center().alpha(o.alpha));
      const float bh = 0.62f, gap = 0.42f, by = dg.min.y + 0.75f;
      for (int b = 0; b < 4; ++b) {
        const Rect r = Rect::at({dg.min.x + 0.25f, by + b * (bh + gap)}, {dg.w() - 0.5f, bh});
        const float lit = b < 2 ? lit_attn : lit_ffn;
        s.box(r, Stage::with_alpha(b % 2 ? s.col().box : s.col().accent, b % 2 ? 0.6f : 0.18f + 0.3f * lit),
              lit > 0.5f ? s.col().accent : s.col().faint, o.alpha, 0.08f);
        s.text(r.center(), s.tr(stage_names[b]), Txt::small().center().alpha(o.alpha));
        if (b < 3) {
          s.arrow({r.center().x, r.max.y + 0.02f}, {r.center().x, r.max.y + gap - 0.02f}, s.col().dim, o.alpha);
          s.text({r.center().x + 0.15f, r.max.y + gap / 2}, shX, Txt::small().col(s.col().dim).alpha(o.alpha));
        }
      }
      s.text({dg.center().x, dg.max.y - 0.3f}, s.tr("out: {0}, same as in", {shX}), Txt::small().center().col(s.col().dim).alpha(o.alpha));
    };
    // --- Self-attention of block 1: every word sees every word.
    const float ac = 0.48f;
    const Rect ar = Rect::at({2.4f, 2.55f}, {ac * kT, ac * kT});
    attn_view = obj([=](Stage& s, const ObjState& o) {
      s.heatmap(ar.min, attn0, Hm().cell(ac).range(0, 1).numbers().alpha(o.alpha).reveal(o.create));
      for (int i = 0; i < kT; ++i) {
        s.text({ar.min.x - 0.12f, ar.min.y + ac * (i + 0.5f)}, words[static_cast<size_t>(i)], Txt::small().right().alpha(o.alpha));
        s.text({ar.min.x + ac * (i + 0.5f), ar.min.y - 0.22f}, std::to_string(i + 1), Txt::small().center().col(s.col().dim).alpha(o.alpha));
      }
      s.text(ar.label_above(0.62f), s.tr("block 1 weights, mean of {0} heads: {1}", {sH, shA}), Txt::label().center().alpha(o.alpha));
      s.text({ar.center().x, ar.max.y + 0.35f}, s.tr("no mask: no \xE2\x88\x92\xE2\x88\x9E anywhere, every word reads the whole sentence"), Txt::small().center().alpha(o.alpha));
      s.text({ar.center().x, ar.max.y + 0.75f}, s.tr("{0} heads of {1} dimensions each", {sH, sdk}), Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });
    // --- Add & norm, then the FFN.
    const Rect hr = Rect::at({1.0f, 2.9f}, {0.021f * F, tall}), orr = Rect::at({7.6f, 2.9f}, {thin * C, tall});
    ffn_view = obj([=](Stage& s, const ObjState& o) {
      const float hmax = std::max(1e-6f, hid0.maxCoeff());
      thumb(s, hr, hid0, hmax, o.alpha, o.create);
      s.text(hr.label_above(0.3f), s.tr("block 1 FFN hidden after ReLU: {0}", {shH}), Txt::label().center().alpha(o.alpha));
      s.text({hr.center().x, hr.max.y + 0.35f}, s.tr("{0} \xE2\x86\x92 {1} \xE2\x86\x92 {2}, the same two layers for every word", {sC, sF, sC}), Txt::small().center().alpha(o.alpha));
      s.text({hr.center().x, hr.max.y + 0.75f}, s.tr("ReLU zeroes {0}% of these {1} numbers", {num("%.0f", zeros), std::to_string(hid0.size())}),
             Txt::small().center().col(s.col().dim).alpha(o.alpha));
      s.arrow({hr.max.x + 0.2f, hr.center().y}, {orr.min.x - 0.2f, orr.center().y}, s.col().accent, o.alpha, o.create);
      thumb(s, orr, out0, xmax, o.alpha, o.create);
      s.text(orr.label_above(0.3f), s.tr("block 1 out: {0}", {shape(out0)}), Txt::label().center().alpha(o.alpha));
      s.math({orr.center().x, orr.max.y + 0.5f}, R"tex(x \leftarrow \operatorname{LN}(x + \operatorname{FFN}(x)))tex", Txt::label().center().alpha(o.alpha));
    });
    int addnorm = obj([=](Stage& s, const ObjState& o) {
      s.math({8.6f, 3.9f}, R"tex(x \leftarrow \operatorname{LN}(x + \operatorname{SelfAttn}(x)))tex", Txt::label().center().alpha(o.alpha));
      s.text({8.6f, 4.6f}, s.tr("Post-LN, as in the 2017 paper:"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
      s.text({8.6f, 4.95f}, s.tr("normalise after each residual add"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });
    // Shown with whichever of the two views is on; the lit boxes follow them.
    int diagram = obj([=](Stage& s, const ObjState& o) {
      diagram_draw(s, o, st(attn_view, o.t).alpha, st(ffn_view, o.t).alpha);
    });
    // --- Two blocks.
    const float bc = 0.4f;
    const Rect b0 = Rect::at({2.2f, 2.8f}, {bc * kT, bc * kT}), b1 = Rect::at({7.2f, 2.8f}, {bc * kT, bc * kT});
    const Rect o1 = Rect::at({11.6f, 2.8f}, {thin * C, bc * kT});
    int stack = obj([=](Stage& s, const ObjState& o) {
      const Rect rs[2] = {b0, b1};
      const Mat* ms[2] = {&attn0, &attn1};
      for (int b = 0; b < 2; ++b) {
        s.heatmap(rs[b].min, *ms[b], Hm().cell(bc).range(0, 1).alpha(o.alpha).reveal(o.create));
        s.text(rs[b].label_above(0.3f), s.tr("block {0} self-attention", {std::to_string(b + 1)}), Txt::label().center().alpha(o.alpha));
      }
      for (int i = 0; i < kT; ++i) s.text({b0.min.x - 0.12f, b0.min.y + bc * (i + 0.5f)}, words[static_cast<size_t>(i)], Txt::small().right().alpha(o.alpha));
      s.arrow({b0.max.x + 0.2f, b0.center().y}, {b1.min.x - 0.2f, b1.center().y}, s.col().accent, o.alpha, o.create);
      s.text({(b0.max.x + b1.min.x) / 2, b0.center().y - 0.35f}, shX, Txt::small().center().col(s.col().dim).alpha(o.alpha));
      s.arrow({b1.max.x + 0.2f, b1.center().y}, {o1.min.x - 0.2f, o1.center().y}, s.col().accent, o.alpha, o.create);
      thumb(s, o1, out1, xmax, o.alpha, o.create);
      s.text(o1.label_above(0.3f), s.tr("block 2 out: {0}", {shape(out1)}), Txt::label().center().alpha(o.alpha));
      s.text({8.0f, 6.3f}, s.tr("each block maps {0} to {0}: blocks stack because the shape never changes", {shX}), Txt::label().center().alpha(o.alpha));
      s.text({8.0f, 6.8f}, s.tr("same structure, separate weights; block 2 attends differently"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });
    // --- The memory.
    const Rect mr = Rect::at({4.2f, 2.7f}, {thin * C, tall});
    int memory = obj([=](Stage& s, const ObjState& o) {
      for (int i = 0; i < kT; ++i)
        s.text({mr.min.x - 0.15f, mr.min.y + rowh * (i + 0.5f)}, words[static_cast<size_t>(i)], Txt::small().right().alpha(o.alpha));
      thumb(s, mr, mem, 2.0f, o.alpha, o.create);
      s.math({mr.center().x, mr.min.y - 0.75f}, R"tex(H = \operatorname{LN}(x))tex", Txt::label().center().alpha(o.alpha));
      s.text(mr.label_above(0.3f), s.tr("memory: {0}", {shM}), Txt::small().center().col(s.col().dim).alpha(o.alpha));
      s.text({mr.center().x, mr.max.y + 0.35f}, s.tr("final LayerNorm"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
      for (int b = 0; b < 2; ++b) {
        const Rect r = Rect::at({10.0f, 3.0f + 1.6f * b}, {4.8f, 1.0f});
        s.connector({mr.max.x + 0.2f, mr.center().y}, {r.min.x - 0.1f, r.center().y}, s.col().k, o.alpha, o.create);
        s.box(r, Stage::with_alpha(s.col().k, 0.15f), s.col().k, o.alpha * o.create, 0.1f);
        s.text({r.center().x, r.center().y - 0.2f}, s.tr("decoder block {0}: cross-attention", {std::to_string(b + 1)}), Txt::small().center().alpha(o.alpha * o.create));
        s.math({r.center().x, r.center().y + 0.22f}, R"tex(K = H W_K,\; V = H W_V)tex", Txt::small().center().alpha(o.alpha * o.create));
      }
      s.text({12.4f, 6.5f}, s.tr("computed once, read at every generation step"), Txt::small().center().col(s.col().dim).alpha(o.alpha * o.create));
    });

    // 3. Timeline. t = 0: the words and their ids (the poster).
    tl_.chapter("Words to vectors", "Each word's id picks a row of the embedding table, scaled by \xE2\x88\x9A{0}; a fixed sinusoid adds its position.", {sC})
        .create({tokens}, 0)
        .wait(1.0f)
        .create({embed}, 1.0f)
        .then(0.4f)
        .create({plus}, 1.0f)
        .then(0.4f)
        .create({xin}, 1.0f)
        .then(4.0f);
    tl_.chapter("Self-attention without a mask", "In the encoder every word attends to every word, before and after it: there is nothing to hide.")
        .fade_out({tokens, embed, plus, xin}, 0.5f)
        .then()
        .create({diagram}, 0.8f)
        .create({attn_view}, 1.2f)
        .then(0.5f)
        .create({addnorm}, 0.8f)
        .then(6.0f);
    tl_.chapter("Add & norm, feed-forward, add & norm", "The FFN widens each word's vector to {0}, applies ReLU and projects it back; a residual add and LayerNorm follow.", {sF})
        .fade_out({attn_view, addnorm}, 0.5f)
        .then()
        .create({ffn_view}, 1.2f)
        .then(7.0f);
    tl_.chapter("Stacking blocks", "The output of block 1 is the input of block 2: same shape, its own weights.")
        .fade_out({ffn_view, diagram}, 0.5f)
        .then()
        .create({stack}, 1.2f)
        .then(6.0f);
    tl_.chapter("The memory", "A final LayerNorm gives the memory: {0} vectors that every decoder block reads as keys and values.", {sT})
        .fade_out({stack}, 0.5f)
        .then()
        .create({memory}, 1.5f)
        .then(6.0f);
    tl_.end();
  }
};

}  // namespace

TMX_REGISTER_SCENE(EncoderFlow, "encoder-flow", "The encoder",
                   "The trained dates model's encoder: words to vectors, self-attention without a mask, add & norm, FFN, the memory.");

}  // namespace tmx::anim
