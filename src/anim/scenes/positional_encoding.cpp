// "Sinusoidal positional encoding": the formula; the (position × dimension) matrix built column by
// column as a heatmap; a fast and a slow dimension as waves; the encoding added to token embeddings;
// the dot product of two positions as a function of their offset, the same curve from any start.
// Every number comes from the core: sinusoidal_encoding (core/nn/ops.h), sinusoid_wavelength
// (core/positions.h) and the token embeddings from embedding_forward on a seeded table.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "anim/scene.h"
#include "core/nn/ops.h"
#include "core/numeric.h"
#include "core/positions.h"
#include "core/rng.h"

namespace tmx::anim {
namespace {

constexpr int kT = 20;        // positions in the heatmap
constexpr int kD = 16;        // width of the encoding
constexpr int kWaveT = 64;    // positions along the wave plot
constexpr int kOffsets = 41;  // offsets 0..40 in the similarity plot
constexpr int kTok = 4;       // tokens in the "add to embeddings" part
constexpr int kTokD = 6;      // their width


class PositionalEncoding : public Scene {
 public:
  PositionalEncoding()
      : Scene("Sinusoidal positional encoding", "{0} positions, width {1}, base 10000",
              {std::to_string(kT), std::to_string(kD)}) {
    // 1. Data, from the core.
    const Mat pe = sinusoidal_encoding(kT, kD);  // (T, d)
    std::vector<Mat> cols;
    for (int j = 0; j < kD; ++j) cols.push_back(pe.col(j));
    const Mat waves = sinusoidal_encoding(kWaveT, kD);
    const int slow = kD / 2 - 1;  // the last pair
    std::vector<float> fast_v, mid_v, slow_v;
    for (int p = 0; p < kWaveT; ++p) {
      fast_v.push_back(waves(p, 0));
      mid_v.push_back(waves(p, 4));
      slow_v.push_back(waves(p, 8));
    }
    const double wl_fast = sinusoid_wavelength(0, kD), wl_mid = sinusoid_wavelength(2, kD),
                 wl_slow = sinusoid_wavelength(slow, kD), wl_8 = sinusoid_wavelength(4, kD);

    Rng rng(7);
    Mat table(10, kTokD), tok;
    for (Eigen::Index i = 0; i < table.size(); ++i) table.data()[i] = 0.5f * rng.normal();
    embedding_forward(tok, {3, 7, 1, 3}, table);  // "3" appears twice: same vector, different positions
    const Mat tpe = sinusoidal_encoding(kTok, kTokD), x = tok + tpe;

    // PE(p) . PE(p + k) for two starting positions p: the same curve.
    std::vector<float> sim0, sim1;
    const int p1 = 30;
    const Mat far = sinusoidal_encoding(p1 + kOffsets, kD);
    for (int k = 0; k < kOffsets; ++k) {
      sim0.push_back(far.row(0).dot(far.row(k)));
      sim1.push_back(far.row(p1).dot(far.row(p1 + k)));
    }

    // 2. Objects.
    int formula = obj([=](Stage& s, const ObjState& o) {
      s.math({8.0f, 2.6f}, R"tex(\mathrm{PE}(p, 2i) = \sin\left(\frac{p}{10000^{2i/d}}\right))tex", Txt().center().alpha(o.alpha));
      s.math({8.0f, 3.9f}, R"tex(\mathrm{PE}(p, 2i+1) = \cos\left(\frac{p}{10000^{2i/d}}\right))tex", Txt().center().alpha(o.alpha));
      s.text({8.0f, 5.3f}, s.tr("p: position    i: pair index    d: width of the encoding"),
             Txt::label().center().col(s.col().dim).alpha(o.alpha));
      s.text({8.0f, 6.1f}, s.tr("one sine and one cosine per frequency; frequencies fall geometrically"),
             Txt::label().center().col(s.col().dim).alpha(o.alpha));
    });

    const float cell = 0.26f;
    const ImVec2 hm0{5.4f, 2.15f};
    std::vector<int> col_objs;
    for (int j = 0; j < kD; ++j) {
      const Mat c = cols[static_cast<size_t>(j)];
      col_objs.push_back(obj([=](Stage& s, const ObjState& o) {
        s.heatmap({hm0.x + j * cell, hm0.y}, c, Hm().cell(cell).range(-1, 1).alpha(o.alpha).reveal(o.create));
      }));
    }
    const Rect hmr = Rect::at(hm0, {kD * cell, kT * cell});
    Mat bar(kT, 1);  // the colour scale, +1 at the top to -1 at the bottom
    for (int t = 0; t < kT; ++t) bar(t, 0) = 1.0f - 2.0f * t / (kT - 1);
    int hm_labels = obj([=](Stage& s, const ObjState& o) {
      s.text(hmr.label_above(0.35f), s.tr("dimension 0 \xE2\x86\x92 {0}", {std::to_string(kD - 1)}), Txt::label().center().alpha(o.alpha));
      s.text({hmr.min.x - 0.3f, hmr.min.y + 0.5f * cell}, "p = 0", Txt::small().right().alpha(o.alpha));
      s.text({hmr.min.x - 0.3f, hmr.max.y - 0.5f * cell}, "p = " + std::to_string(kT - 1), Txt::small().right().alpha(o.alpha));
      s.text({hmr.min.x - 0.3f, hmr.center().y}, s.tr("position"), Txt::label().right().alpha(o.alpha));
      s.heatmap({hmr.max.x + 0.5f, hmr.min.y}, bar, Hm().cell(cell).range(-1, 1).alpha(o.alpha));
      s.text({hmr.max.x + 0.5f + cell + 0.2f, hmr.min.y + 0.5f * cell}, "+1", Txt::small().alpha(o.alpha));
      s.text({hmr.max.x + 0.5f + cell + 0.2f, hmr.max.y - 0.5f * cell}, "\xE2\x88\x92" "1", Txt::small().alpha(o.alpha));
      s.text({hmr.max.x + 0.5f + cell + 0.2f, hmr.center().y}, "0", Txt::small().alpha(o.alpha));
      s.text({hmr.center().x, hmr.max.y + 0.4f}, s.tr("fast on the left, slow on the right"),
             Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });

    const Rect plot_r{{2.2f, 2.4f}, {13.8f, 6.9f}};
    int wave_plot = obj([=](Stage& s, const ObjState& o) {
      s.plot(plot_r,
             {{fast_v, s.col().accent, s.tr("dimension 0: wavelength {0}", {format_number("%.1f", wl_fast)})},
              {mid_v, s.col().warn, s.tr("dimension 4: wavelength {0}", {format_number("%.0f", wl_mid)})},
              {slow_v, s.col().good, s.tr("dimension 8: wavelength {0}", {format_number("%.0f", wl_8)})}},
             PlotOpts().range(-1.0f, 1.0f).x(0, kWaveT - 1, s.tr("position p")).alpha(o.alpha).progress(o.create));
    });

    const ImVec2 mcell{0.62f, 0.42f};
    const float my = 3.6f;
    const ImVec2 msz = matrix_size(tok, mcell);
    const Rect tr_ = Rect::at({(Stage::kW - 3 * msz.x - 2.0f) / 2, my}, msz);
    const Rect pr = tr_.right_of(tr_.size(), 1.0f), xr = pr.right_of(pr.size(), 1.0f);
    int add_tok = obj([=](Stage& s, const ObjState& o) {
      s.matrix(tr_.min, tok, Mx().cell(mcell.x, mcell.y).tint(1.5f).alpha(o.alpha));
      s.text(tr_.label_above(), s.tr("token embeddings"), Txt::label().center().alpha(o.alpha));
      s.text({tr_.center().x, tr_.max.y + 0.45f}, s.tr("rows 1 and 4: the same token"), Txt::small().center().col(s.col().dim).alpha(o.alpha));
    });
    int add_pe = obj([=](Stage& s, const ObjState& o) {
      s.text({(tr_.max.x + pr.min.x) / 2, pr.center().y}, "+", Txt().center().alpha(o.alpha));
      s.matrix(pr.min, tpe, Mx().cell(mcell.x, mcell.y).tint(1.5f).alpha(o.alpha).reveal(o.create));
      s.text(pr.label_above(), s.tr("PE, positions 0 to 3"), Txt::label().center().alpha(o.alpha));
    });
    int add_x = obj([=](Stage& s, const ObjState& o) {
      s.text({(pr.max.x + xr.min.x) / 2, xr.center().y}, "=", Txt().center().alpha(o.alpha));
      s.matrix(xr.min, x, Mx().cell(mcell.x, mcell.y).tint(1.5f).alpha(o.alpha).reveal(o.create));
      s.text(xr.label_above(), s.tr("input to the first block"), Txt::label().center().alpha(o.alpha));
      s.text({xr.center().x, xr.max.y + 0.45f}, s.tr("rows 1 and 4 now differ"), Txt::small().center().col(s.col().good).alpha(o.alpha));
    });

    const Rect sim_r{{2.2f, 2.4f}, {13.8f, 6.5f}};
    int sim_plot = obj([=](Stage& s, const ObjState& o) {
      s.plot(sim_r,
             {{sim0, s.col().accent, s.tr("PE(0) \xC2\xB7 PE(k)")},
              {sim1, s.col().warn, s.tr("PE({0}) \xC2\xB7 PE({0} + k)", {std::to_string(p1)}), true}},
             PlotOpts().range(0.0f, kD / 2.0f).x(0, kOffsets - 1, s.tr("offset k")).alpha(o.alpha).progress(o.create));
    });
    int sim_eq = obj([=](Stage& s, const ObjState& o) {
      s.math({8.0f, 7.45f}, R"tex(\mathrm{PE}(p)\cdot\mathrm{PE}(p+k) = \sum_i \cos(\omega_i k))tex", Txt::label().center().alpha(o.alpha));
    });

    // 3. Timeline. t = 0 shows the formula (the poster).
    tl_.chapter("The formula", "Each position p gets d numbers: a sine and a cosine for each of d/2 frequencies.")
        .create({formula}, 0)
        .wait(5.0f);
    tl_.chapter("Column by column", "Column 2i holds sin(p\xC2\xB7\xCF\x89), column 2i+1 cos(p\xC2\xB7\xCF\x89): every row is a unique pattern.")
        .fade_out({formula}, 0.5f)
        .then()
        .create({hm_labels}, 0.5f)
        .create(col_objs, 0.5f, 0.35f)
        .then(3.5f);
    tl_.chapter("Fast and slow waves", "Pair 0 repeats every {0} positions; the last pair every {1}, like the hands of a clock.",
                {format_number("%.1f", wl_fast), format_number("%.0f", wl_slow)})
        .fade_out(col_objs, 0.5f)
        .fade_out({hm_labels}, 0.5f)
        .then()
        .create({wave_plot}, 4.0f, 0, Ease::Linear)
        .then(4.0f);
    tl_.chapter("Added to the embeddings", "The encoding is added to the token embeddings: the same token at two positions becomes two different inputs.")
        .fade_out({wave_plot}, 0.5f)
        .then()
        .create({add_tok}, 0.8f)
        .then(0.6f)
        .create({add_pe}, 1.2f)
        .then(0.6f)
        .create({add_x}, 1.2f)
        .then(4.5f);
    tl_.chapter("Only the offset matters", "Each pair moves by a rotation, so PE(p)\xC2\xB7PE(p+k) depends on k alone: the two curves coincide.")
        .fade_out({add_tok, add_pe, add_x}, 0.5f)
        .then()
        .create({sim_plot}, 4.0f, 0, Ease::Linear)
        .create({sim_eq}, 0.8f)
        .then(4.5f);
    tl_.end();
  }
};

}  // namespace

TMX_REGISTER_SCENE(PositionalEncoding, "positional-encoding", "Sinusoidal positional encoding",
                   "The sin/cos formula, the position \xC3\x97 dimension heatmap, fast and slow waves, adding it to embeddings, similarity by offset.");

}  // namespace tmx::anim
