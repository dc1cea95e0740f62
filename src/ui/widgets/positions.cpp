// "Positions: sinusoids & RoPE" — the sinusoidal encoding as a (position × dimension) heatmap
// (T, d and the base adjustable), the similarity of one position to every other, and a RoPE panel:
// one pair of a seeded query and key rotated to positions m and n, next to the same pair at m + s
// and n + s, with q·k for both. Every number comes from core/nn/ops.h (sinusoidal_encoding,
// rope_forward) and core/positions.h.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/nn/ops.h"
#include "core/numeric.h"
#include "core/positions.h"
#include "core/rng.h"
#include "ui/a11y.h"
#include "ui/controls.h"
#include "ui/fit.h"
#include "ui/heatmap.h"
#include "ui/line_plot.h"
#include "ui/panels.h"
#include "ui/theme.h"
#include "ui/widget.h"

namespace tmx::ui {

namespace {


// One pair of a rotated vector: (first, second) coordinate of pair `pair` of a rotate-half head.
struct Pair2 {
  float a = 0, b = 0;
};
Pair2 pair_of(const Mat& v, int pair) {
  const int half = static_cast<int>(v.cols()) / 2;
  return {v(0, pair), v(0, pair + half)};
}

class Positions final : public Widget {
 public:
  Positions() {
    params_.integer("T", &T_, 64, 2, 512, S::WPosT).describe(S::WPosTHelp);
    params_.integer("d", &d_, 64, 2, 1024, S::WPosD).describe(S::WPosDHelp);
    params_.real("base", &base_, 10000.0f, 10.0f, 1000000.0f, S::WPosBase).log().describe(S::WPosBaseHelp);
    params_.integer("i", &pos_i_, 16, 0, 511, S::WPosI).describe(S::WPosIHelp);
    params_.integer("pairs", &pairs_, 4, 1, 64, S::WPosPairs).describe(S::WPosPairsHelp);
    params_.integer("pair", &pair_, 0, 0, 63, S::WPosPair).describe(S::WPosPairHelp);
    params_.integer("m", &m_, 5, 0, 4096, S::WPosM);
    params_.integer("n", &n_, 2, 0, 4096, S::WPosN);
    params_.integer("shift", &shift_, 3, 0, 4096, S::WPosShift).describe(S::WPosShiftHelp);
    params_.integer("seed", &seed_, 1, 0, 1000000, S::WPosSeed);
  }

  void draw() override {
    draw_warnings();
    clamp_dependent();
    draw_sinusoidal();
    ImGui::Separator();
    draw_rope();
  }

 private:
  void after_params() override {
    if (pos_i_ >= T_) {
      warnings_.push_back(trf(S::WPosIClamped, {std::to_string(pos_i_), std::to_string(T_ - 1)}));
      pos_i_ = T_ - 1;
    }
    if (pair_ >= pairs_) {
      warnings_.push_back(trf(S::WPosPairClamped, {std::to_string(pair_), std::to_string(pairs_ - 1)}));
      pair_ = pairs_ - 1;
    }
  }
  // Sliders can move T or pairs below i or pair; keep them consistent without a warning.
  void clamp_dependent() {
    pos_i_ = std::clamp(pos_i_, 0, T_ - 1);
    pair_ = std::clamp(pair_, 0, pairs_ - 1);
  }

  void draw_sinusoidal() {
    ImGui::TextUnformatted(tr(S::WPosHeatHeading));
    params_.control("T", 160.0f);
    ImGui::SameLine();
    params_.control("d", 160.0f);
    ImGui::SameLine();
    params_.control("base", 180.0f);
    recompute_if_needed();
    const Mat& pe = pe_;
    // Every row and column labelled (the tooltip names the cell); the heatmap thins what it draws.
    row_labels_.resize(static_cast<size_t>(T_));
    col_labels_.resize(static_cast<size_t>(d_));
    for (int t = 0; t < T_; ++t) row_labels_[static_cast<size_t>(t)] = "p=" + std::to_string(t);
    for (int c = 0; c < d_; ++c) col_labels_[static_cast<size_t>(c)] = std::to_string(c);
    HeatmapStyle hs;
    hs.cmap = Colormap::Diverging;
    hs.vmin = -1.0f;
    hs.vmax = 1.0f;
    hs.max_cell = 18.0f;
    hs.max_height = 360.0f;
    hs.row_labels = &row_labels_;
    hs.col_labels = &col_labels_;
    hs.export_name = "sinusoidal_pe";
    HeatmapSelection sel{pos_i_, -1};
    heatmap("pos_pe", pe.data(), T_, d_, hs, &sel);
    if (sel.row >= 0 && sel.row < T_) pos_i_ = sel.row;  // a click on a row picks position i
    ImGui::TextDisabled("%s", tr(S::WPosHeatNote));
    const int last = (d_ - 1) / 2;
    ImGui::TextUnformatted(trf(S::WPosWavelengths, {format_number("%.2f", sinusoid_wavelength(0, d_, base_)),
                                                    std::to_string(last),
                                                    format_number("%.0f", sinusoid_wavelength(last, d_, base_))})
                               .c_str());

    // Similarity of position i to every position j.
    ImGui::TextUnformatted(tr(S::WPosSimHeading));
    ImGui::SetNextItemWidth(220.0f);
    if (ui::slider_int(tr(S::WPosI), &pos_i_, 0, T_ - 1)) pos_i_ = std::clamp(pos_i_, 0, T_ - 1);
    const Mat& sim = sim_;
    std::vector<Series> s(1);
    s[0].name = trf(S::WPosSimSeries, {std::to_string(pos_i_)});
    for (int j = 0; j < T_; ++j) {
      s[0].x.push_back(static_cast<float>(j));
      s[0].y.push_back(sim(pos_i_, j));
    }
    LinePlotStyle st;
    st.height = 200.0f;
    st.x_label = tr(S::WPosSimX);
    st.y_label = tr(S::WPosSimY);
    st.export_name = "position_similarity";
    line_plot("pos_sim", s, sim_view_, st);
    // The offset-only claim, on this T and d: the row of i and the row of i+1 shifted by one.
    ImGui::TextUnformatted(trf(S::WPosSimToeplitz, {format_number("%.1e", sim_worst_)}).c_str());
  }

  // The encoding, its similarity matrix (T x T x d multiply-adds) and the largest change along a
  // diagonal, recomputed only when T, d or the base change (not every frame).
  void recompute_if_needed() {
    if (T_ == cached_T_ && d_ == cached_d_ && base_ == cached_base_) return;
    pe_ = sinusoidal_encoding(T_, d_, 0, base_);  // (T, d)
    sim_ = position_similarity(pe_);              // (T, T)
    sim_worst_ = 0;
    for (int p = 1; p < T_; ++p)
      for (int q = 1; q < T_; ++q) sim_worst_ = std::max(sim_worst_, std::fabs(double(sim_(p, q)) - sim_(p - 1, q - 1)));
    cached_T_ = T_;
    cached_d_ = d_;
    cached_base_ = base_;
    sim_view_.fit = true;
  }

  void draw_rope() {
    ImGui::TextUnformatted(tr(S::WPosRopeHeading));
    params_.control("pairs", 140.0f);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(140.0f);
    ui::slider_int(tr(S::WPosPair), &pair_, 0, pairs_ - 1);
    pair_ = std::clamp(pair_, 0, pairs_ - 1);
    ImGui::SameLine();
    params_.control("seed", 120.0f);
    params_.control("m", 160.0f);
    ImGui::SameLine();
    params_.control("n", 160.0f);
    ImGui::SameLine();
    params_.control("shift", 160.0f);

    const int hd = 2 * pairs_;
    Rng rng(static_cast<uint32_t>(seed_) * 2654435761u + 17u);
    Mat q(1, hd), k(1, hd);
    for (int c = 0; c < hd; ++c) q(0, c) = rng.normal();
    for (int c = 0; c < hd; ++c) k(0, c) = rng.normal();
    const int m2 = m_ + shift_, n2 = n_ + shift_;
    Mat qm, kn, qm2, kn2;
    rope_forward(qm, q, 1, hd, m_);
    rope_forward(kn, k, 1, hd, n_);
    rope_forward(qm2, q, 1, hd, m2);
    rope_forward(kn2, k, 1, hd, n2);
    const double dot0 = q.cast<double>().row(0).dot(k.cast<double>().row(0));
    const double dot1 = rope_dot(q, k, m_, n_), dot2 = rope_dot(q, k, m2, n2);
    const double w = rope_frequency(pair_, hd);

    ImGui::TextUnformatted(trf(S::WPosRopeFreq, {std::to_string(pair_), std::to_string(pair_ + pairs_),
                                                 format_number("%.6g", w), format_number("%.1f", 6.283185307179586 / w)})
                               .c_str());
    Panels panels("rope-circles", 2, 260.0f);
    const float side = panels.stacked() ? std::min(300.0f, panels.width()) : std::clamp(panels.width(), 150.0f, 300.0f);
    panels.begin_panel();
    draw_circle("rope_a", trf(S::WPosCircle, {std::to_string(m_), std::to_string(n_)}), pair_of(q, pair_),
                pair_of(k, pair_), pair_of(qm, pair_), pair_of(kn, pair_), side);
    panels.end_panel();
    panels.begin_panel();
    draw_circle("rope_b", trf(S::WPosCircle, {std::to_string(m2), std::to_string(n2)}), pair_of(q, pair_),
                pair_of(k, pair_), pair_of(qm2, pair_), pair_of(kn2, pair_), side);
    panels.end_panel();
    ImGui::TextUnformatted(trf(S::WPosRopeAngles, {format_number("%.3f", m_ * w), format_number("%.3f", n_ * w),
                                                   format_number("%.3f", (m_ - n_) * w), format_number("%.3f", m2 * w),
                                                   format_number("%.3f", n2 * w), format_number("%.3f", (m2 - n2) * w)})
                               .c_str());
    ImGui::TextUnformatted(trf(S::WPosRopeDots, {std::to_string(m_), std::to_string(n_), format_number("%.5f", dot1),
                                                 std::to_string(m2), std::to_string(n2), format_number("%.5f", dot2),
                                                 format_number("%.1e", std::fabs(dot1 - dot2))})
                               .c_str());
    ImGui::TextUnformatted(trf(S::WPosRopeUnrotated, {format_number("%.5f", dot0)}).c_str());

    // Per-pair contributions: each pair's share of q·k is the same at (m, n) and (m+s, n+s).
    if (pairs_ > 16) {
      ImGui::TextDisabled("%s", tr(S::WPosPairsTooMany));
      return;
    }
    if (!begin_table("rope_pairs", 4, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg,
                     1 + pairs_))
      return;
    ImGui::TableSetupColumn(tr(S::WPosColPair));
    ImGui::TableSetupColumn(tr(S::WPosColFreq));
    ImGui::TableSetupColumn(trf(S::WPosColAt, {std::to_string(m_), std::to_string(n_)}).c_str());
    ImGui::TableSetupColumn(trf(S::WPosColAt, {std::to_string(m2), std::to_string(n2)}).c_str());
    ImGui::TableHeadersRow();
    for (int p = 0; p < pairs_; ++p) {
      const Pair2 a = pair_of(qm, p), b = pair_of(kn, p), a2 = pair_of(qm2, p), b2 = pair_of(kn2, p);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text(p == pair_ ? "%d \xE2\x97\x80" : "%d", p);  // ◀ the pair drawn above
      ImGui::TableNextColumn();
      ImGui::Text("%.6g", rope_frequency(p, hd));
      ImGui::TableNextColumn();
      ImGui::Text("%.5f", double(a.a) * b.a + double(a.b) * b.b);
      ImGui::TableNextColumn();
      ImGui::Text("%.5f", double(a2.a) * b2.a + double(a2.b) * b2.b);
    }
    end_table();
  }

  // One pair on the unit circle: q and k before rotation (faint) and after (solid).
  void draw_circle(const char* id, const std::string& title, Pair2 q, Pair2 k, Pair2 qr, Pair2 kr, float side) {
    const Palette& pal = palette();
    ImGui::BeginGroup();
    ImGui::TextUnformatted(title.c_str());
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, ImVec2(side, side));
    {
      const auto xy = [](Pair2 p) {
        char b[48];
        std::snprintf(b, sizeof b, "%.2f, %.2f", static_cast<double>(p.a), static_cast<double>(p.b));
        return std::string(b);
      };
      a11y::picture(title, trf(S::A11yPairRotation, {xy(q), xy(qr), xy(k), xy(kr)}));
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, ImVec2(p0.x + side, p0.y + side), pal.plot_bg, 4.0f);
    const ImVec2 c(p0.x + side / 2, p0.y + side / 2);
    float rmax = 1e-6f;
    for (const Pair2& v : {q, k}) rmax = std::max(rmax, std::hypot(v.a, v.b));
    const float scale = side * 0.42f / rmax;
    dl->AddLine(ImVec2(p0.x + 6, c.y), ImVec2(p0.x + side - 6, c.y), pal.grid);
    dl->AddLine(ImVec2(c.x, p0.y + 6), ImVec2(c.x, p0.y + side - 6), pal.grid);
    dl->AddCircle(c, std::hypot(q.a, q.b) * scale, pal.grid, 64);
    dl->AddCircle(c, std::hypot(k.a, k.b) * scale, pal.grid, 64);
    auto arrow = [&](Pair2 v, ImU32 col, float thick) {
      const ImVec2 e(c.x + v.a * scale, c.y - v.b * scale);
      dl->AddLine(c, e, col, thick);
      dl->AddCircleFilled(e, thick + 2.0f, col);
    };
    const ImU32 cq = pal.series[0], ck = pal.series[1];
    arrow(q, (cq & 0x00FFFFFFu) | 0x50000000u, 1.5f);
    arrow(k, (ck & 0x00FFFFFFu) | 0x50000000u, 1.5f);
    arrow(qr, cq, 3.0f);
    arrow(kr, ck, 3.0f);
    const float lh = ImGui::GetTextLineHeight();
    dl->AddText(ImVec2(p0.x + 6, p0.y + 4), cq, tr(S::WPosLegendQ));
    dl->AddText(ImVec2(p0.x + 6, p0.y + 4 + lh), ck, tr(S::WPosLegendK));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S::WPosCircleHelp));
    ImGui::EndGroup();
  }

  int T_ = 64, d_ = 64, pos_i_ = 16, pairs_ = 4, pair_ = 0, m_ = 5, n_ = 2, shift_ = 3, seed_ = 1;
  float base_ = 10000.0f;
  std::vector<std::string> row_labels_, col_labels_;
  LinePlotView sim_view_;
  Mat pe_, sim_;
  double sim_worst_ = 0;
  int cached_T_ = -1, cached_d_ = -1;
  float cached_base_ = -1;
};

}  // namespace

TMX_REGISTER_WIDGET(Positions, "positions", "Positions: sinusoids & RoPE",
                    "The sinusoidal encoding as a heatmap, how alike two positions are, and RoPE's rotation: q\xC2\xB7k depends only on the offset.");

}  // namespace tmx::ui
