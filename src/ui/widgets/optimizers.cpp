// "Optimizers" — SGD, momentum, Adam and AdamW racing across a 2-D loss surface (an ill-conditioned
// quadratic, Rosenbrock's valley, a saddle, a seeded noisy bowl) from a start point dragged on the
// map, with learning rates, momentum, betas, weight decay and a constant or warmup + cosine
// schedule. Every step is the core's optimizer classes stepping a 2-element parameter
// (core/optim_surface.h); the loss curves and the final numbers come from the same trajectories.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "anim/scene_data.h"
#include "core/json.h"
#include "core/optim_surface.h"
#include "ui/cjk_wrap.h"
#include "ui/a11y.h"
#include "ui/fit.h"
#include "ui/colormap.h"
#include "ui/fonts.h"
#include "ui/line_plot.h"
#include "ui/theme.h"
#include "ui/widget.h"

namespace tmx::ui {

namespace {

using anim::num;  // printf-style number (anim/scene_data.h)

enum class Sched { Constant, Cosine };

constexpr int kGrid = 72;      // contour cells per side
constexpr int kBands = 14;     // colour bands (the contour look)
const S kOptNames[kOptKindCount] = {S::WOptSgd, S::WOptMomentum, S::WOptAdam, S::WOptAdamW};

class OptimizersWidget final : public Widget {
 public:
  OptimizersWidget() {
    params_.choice("surface", &surface_, Surface::Rosenbrock,
                   {{"quadratic", S::WOptSurfQuadratic}, {"rosenbrock", S::WOptSurfRosenbrock},
                    {"saddle", S::WOptSurfSaddle}, {"noisy", S::WOptSurfNoisy}},
                   S::WOptSurface)
        .describe(S::WOptSurfaceHelp);
    params_.real("x", &x0_, -1.5f, -2.0f, 2.0f, S::WOptStartX).describe(S::WOptStartHelp);
    params_.real("y", &y0_, 2.5f, -2.0f, 3.0f, S::WOptStartY);
    params_.real("lr", &lr_sgd_, 0.001f, 1e-5f, 1.0f, S::WOptLrSgd).log().describe(S::WOptLrSgdHelp);
    params_.real("alr", &lr_adam_, 0.05f, 1e-5f, 1.0f, S::WOptLrAdam).log().describe(S::WOptLrAdamHelp);
    params_.real("mom", &momentum_, 0.9f, 0.0f, 0.999f, S::WOptMomentumCoef);
    params_.real("b1", &beta1_, 0.9f, 0.0f, 0.999f, S::WOptBeta1).describe(S::WOptBeta1Help);
    params_.real("b2", &beta2_, 0.999f, 0.0f, 0.9999f, S::WOptBeta2).describe(S::WOptBeta2Help);
    params_.real("wd", &wd_, 0.1f, 0.0f, 2.0f, S::WOptWd).describe(S::WOptWdHelp);
    params_.choice("sched", &sched_, Sched::Constant, {{"constant", S::WOptSchedConstant}, {"cosine", S::WOptSchedCosine}},
                   S::WOptSched)
        .describe(S::WOptSchedHelp);
    params_.integer("warmup", &warmup_, 10, 0, 1000, S::WOptWarmup);
    params_.integer("steps", &steps_, 300, 1, 2000, S::WOptSteps);
    params_.integer("seed", &seed_, 1, 0, 1000000, S::WOptSeed).describe(S::WOptSeedHelp).optional();
  }

  void set_params(const Params& p) override {
    auto given = [&](const char* key) {
      return std::any_of(p.begin(), p.end(), [&](const auto& kv) { return kv.first == key; });
    };
    start_given_[0] = given("x");
    start_given_[1] = given("y");
    Widget::set_params(p);
  }

  void after_params() override {
    // Without x / y in the address the start is the surface's own; a given one must lie on the map.
    const SurfaceInfo& in = surface_info(surface_);
    if (!start_given_[0]) x0_ = in.start_x;
    if (!start_given_[1]) y0_ = in.start_y;
    shown_surface_ = static_cast<int>(surface_);
    auto clamp_to = [&](float& v, float lo, float hi, const char* key) {
      if (v < lo || v > hi) {
        warnings_.push_back(trf(S::WOptStartClamped, {key, format_float(v), format_float(lo), format_float(hi)}));
        v = std::clamp(v, lo, hi);
      }
    };
    clamp_to(x0_, in.x0, in.x1, "x");
    clamp_to(y0_, in.y0, in.y1, "y");
    if (warmup_ > steps_) {
      warnings_.push_back(trf(S::WOptWarmupClamped, {std::to_string(warmup_), std::to_string(steps_)}));
      warmup_ = steps_;
    }
    shown_ = -1;  // everything, until play or step
  }

  std::string probe_json() const override {
    std::string j = "{\"surface\":" + json::quote(surface_info(surface_).slug) + ",\"start\":[" +
                    format_float(x0_) + "," + format_float(y0_) + "],\"shown\":" + std::to_string(shown()) +
                    ",\"playing\":" + (playing_ ? "true" : "false") + ",\"runs\":[";
    for (int k = 0; k < kOptKindCount; ++k) {
      const Trajectory& t = runs_[k];
      if (k) j += ",";
      j += "{\"name\":" + json::quote(opt_kind_name(static_cast<OptKind>(k))) + ",\"n\":" + std::to_string(t.x.size());
      if (!t.x.empty())
        j += ",\"x\":" + num("%.9g", t.x.back()) + ",\"y\":" + num("%.9g", t.y.back()) +
             ",\"loss\":" + num("%.9g", t.loss.back());
      j += ",\"diverged\":" + std::to_string(t.diverged_at) + "}";
    }
    return j + "]}";
  }

  void draw() override {
    draw_warnings();
    compute_if_changed();
    ImGui::PushFont(fonts().small);
    dim_wrapped(tr(S::WOptIntro));
    ImGui::PopFont();
    draw_controls();
    if (shown_surface_ != static_cast<int>(surface_)) {  // another surface chosen: start at its start point
      shown_surface_ = static_cast<int>(surface_);
      x0_ = surface_info(surface_).start_x;
      y0_ = surface_info(surface_).start_y;
    }
    compute_if_changed();
    advance_playback();
    draw_divergence();  // above the map, where it is seen

    const float avail = ImGui::GetContentRegionAvail().x;
    const bool side = avail >= 760.0f;
    const float map_side = std::clamp(side ? avail * 0.44f : avail, 200.0f, 420.0f);
    ImGui::BeginGroup();
    draw_map(map_side);
    ImGui::EndGroup();
    if (side) ImGui::SameLine(0, 16.0f);
    ImGui::BeginGroup();
    draw_losses(side ? avail - map_side - 16.0f : avail);
    draw_table();
    ImGui::EndGroup();
  }

 private:
  int shown() const {
    const int full = steps_;
    return shown_ < 0 ? full : std::min(shown_, full);
  }

  OptimRun run_for(OptKind k) const {
    OptimRun r;
    r.kind = k;
    r.lr = k == OptKind::SGD || k == OptKind::Momentum ? lr_sgd_ : lr_adam_;
    r.momentum = momentum_;
    r.beta1 = beta1_;
    r.beta2 = beta2_;
    r.weight_decay = wd_;
    r.cosine = sched_ == Sched::Cosine;
    r.warmup = warmup_;
    r.steps = steps_;
    r.seed = static_cast<uint32_t>(seed_);
    return r;
  }

  void compute_if_changed() {
    const Params now = params_.values();
    if (now == computed_for_) return;
    computed_for_ = now;
    for (int k = 0; k < kOptKindCount; ++k) runs_[k] = run_optimizer(surface_, run_for(static_cast<OptKind>(k)), x0_, y0_);
    if (grid_surface_ != static_cast<int>(surface_) || grid_seed_ != seed_) {
      grid_surface_ = static_cast<int>(surface_);
      grid_seed_ = seed_;
      grid_ = surface_grid(surface_, kGrid, kGrid, static_cast<uint32_t>(seed_));
      const auto [lo, hi] = std::minmax_element(grid_.begin(), grid_.end());
      grid_lo_ = *lo;
      grid_hi_ = *hi;
      const SurfaceInfo& in = surface_info(surface_);
      min_x_ = in.min_x, min_y_ = in.min_y;
      if (surface_ == Surface::NoisyBowl) {
        const int at = static_cast<int>(lo - grid_.begin()), i = at / kGrid, j = at % kGrid;
        min_x_ = in.x0 + (in.x1 - in.x0) * (j + 0.5f) / kGrid;
        min_y_ = in.y1 - (in.y1 - in.y0) * (i + 0.5f) / kGrid;
      }
    }
  }

  void draw_controls() {
    const float w = ImGui::GetContentRegionAvail().x;
    const float cw = w < 700.0f ? std::max(120.0f, w - 190.0f) : 150.0f;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    bool first = true;
    // Controls flow left to right and wrap when the next one (field + label) would not fit.
    auto put = [&](const char* key, float width) {
      const ParamSpec* sp = params_.find(key);
      const float need = width + ImGui::CalcTextSize(tr(sp->label)).x + (sp->help ? 40.0f : 16.0f);
      if (!first) {
        ImGui::SameLine(0, 18.0f);
        if (ImGui::GetCursorScreenPos().x + need > right) ImGui::NewLine();
      }
      first = false;
      params_.control(key, width);
    };
    put("surface", std::max(cw, 210.0f));
    put("sched", cw);
    put("steps", cw);
    if (sched_ == Sched::Cosine) put("warmup", cw);
    first = true;
    put("lr", cw);
    put("alr", cw);
    put("wd", cw);
    put("mom", cw);
    put("b1", cw);
    put("b2", cw);
    if (surface_ == Surface::NoisyBowl) put("seed", cw);
    // play / step / reset: how many steps of the race are drawn
    if (ImGui::Button(playing_ ? tr(S::WOptPause) : tr(S::WOptPlay))) {
      if (!playing_ && shown() >= steps_) shown_ = 0;
      playing_ = !playing_;
    }
    ImGui::SameLine();
    new_line_unless_fits(button_width(tr(S::WOptStep)));
    if (ImGui::Button(tr(S::WOptStep))) {
      playing_ = false;
      shown_ = shown() >= steps_ ? 1 : shown() + 1;
    }
    ImGui::SameLine();
    new_line_unless_fits(button_width(tr(S::WOptReset)));
    if (ImGui::Button(tr(S::WOptReset))) {
      playing_ = false;
      shown_ = 0;
    }
    ImGui::SameLine();
    ImGui::TextUnformatted(trf(S::WOptStepOf, {std::to_string(shown()), std::to_string(steps_)}).c_str());
  }

  void advance_playback() {
    if (!playing_) return;
    // about four seconds for the whole race, whatever the step count
    const int per_frame = std::max(1, steps_ / 240);
    shown_ = shown() + per_frame;
    if (shown_ >= steps_) {
      shown_ = -1;
      playing_ = false;
    }
  }

  void draw_map(float side) {
    const SurfaceInfo& in = surface_info(surface_);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + side);  // the group is as wide as the map
    ui::text_wrapped(trf(S::WOptMapTitle, {tr(surface_label())}));
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float h = side * (in.y1 - in.y0) / (in.x1 - in.x0);
    ImGui::InvisibleButton("##surface", ImVec2(side, h));
    a11y::picture(trf(S::WOptMapTitle, {tr(surface_label())}), tr(S::A11yPickStart));
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    auto to_screen = [&](float x, float y) {
      return ImVec2(p0.x + (x - in.x0) / (in.x1 - in.x0) * side, p0.y + (in.y1 - y) / (in.y1 - in.y0) * h);
    };
    // banded colours of log(1 + f - min): contour bands
    const float span = std::log1p(grid_hi_ - grid_lo_);
    const float cw = side / kGrid, ch = h / kGrid;
    for (int i = 0; i < kGrid; ++i)
      for (int j = 0; j < kGrid; ++j) {
        const float v = grid_[static_cast<size_t>(i) * kGrid + j];
        float t = span > 0 ? std::log1p(v - grid_lo_) / span : 0.0f;
        t = std::floor(t * kBands) / (kBands - 1);
        const ImVec2 a(p0.x + j * cw, p0.y + i * ch);
        dl->AddRectFilled(a, ImVec2(a.x + cw + 0.5f, a.y + ch + 0.5f), colormap(Colormap::Viridis, 0.15f + 0.7f * t));
      }
    dl->AddRect(p0, ImVec2(p0.x + side, p0.y + h), palette().border);
    // the minimum (or the saddle's low points) and the start
    const ImVec2 mn = to_screen(min_x_, min_y_);
    dl->AddLine(ImVec2(mn.x - 6, mn.y - 6), ImVec2(mn.x + 6, mn.y + 6), IM_COL32(255, 255, 255, 230), 2.0f);
    dl->AddLine(ImVec2(mn.x - 6, mn.y + 6), ImVec2(mn.x + 6, mn.y - 6), IM_COL32(255, 255, 255, 230), 2.0f);
    // trajectories up to the shown step
    const int n = shown();
    for (int k = 0; k < kOptKindCount; ++k) {
      const Trajectory& t = runs_[k];
      const int m = std::min<int>(n + 1, static_cast<int>(t.x.size()));
      std::vector<ImVec2> pts;
      pts.reserve(m);
      for (int i = 0; i < m; ++i) {
        ImVec2 q = to_screen(t.x[i], t.y[i]);
        q.x = std::clamp(q.x, p0.x - 4.0f, p0.x + side + 4.0f);  // off-map steps pinned to the edge
        q.y = std::clamp(q.y, p0.y - 4.0f, p0.y + h + 4.0f);
        pts.push_back(q);
      }
      const ImU32 c = palette().series[k];
      dl->PushClipRect(ImVec2(p0.x - 5, p0.y - 5), ImVec2(p0.x + side + 5, p0.y + h + 5), true);
      if (m > 1) dl->AddPolyline(pts.data(), m, c, 0, 2.0f);
      if (m > 0) dl->AddCircleFilled(pts.back(), 4.5f, c);
      dl->PopClipRect();
    }
    const ImVec2 st = to_screen(x0_, y0_);
    dl->AddCircleFilled(st, 6.0f, IM_COL32(255, 255, 255, 255));
    dl->AddCircle(st, 6.0f, IM_COL32(0, 0, 0, 255), 0, 1.5f);
    // drag (or click) to move the start point
    if (ImGui::IsItemActive()) {
      const ImVec2 m = ImGui::GetIO().MousePos;
      const float x = in.x0 + std::clamp((m.x - p0.x) / side, 0.0f, 1.0f) * (in.x1 - in.x0);
      const float y = in.y1 - std::clamp((m.y - p0.y) / h, 0.0f, 1.0f) * (in.y1 - in.y0);
      x0_ = std::round(x * 1000.0f) / 1000.0f;  // short URLs
      y0_ = std::round(y * 1000.0f) / 1000.0f;
      shown_ = -1;
      playing_ = false;
    }
    if (hovered) {
      const ImVec2 m = ImGui::GetIO().MousePos;
      const double x = in.x0 + (m.x - p0.x) / side * (in.x1 - in.x0), y = in.y1 - (m.y - p0.y) / h * (in.y1 - in.y0);
      ImGui::SetTooltip("%s", trf(S::WOptHover, {num("%.3f", x), num("%.3f", y),
                                                  num("%.4g", surface_value(surface_, x, y, static_cast<uint32_t>(seed_)))})
                                  .c_str());
    }
    // legend under the map
    for (int k = 0; k < kOptKindCount; ++k) {
      if (k) ImGui::SameLine(0, 14.0f);
      const ImVec2 c = ImGui::GetCursorScreenPos();
      const float lh = ImGui::GetTextLineHeight();
      ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(c.x, c.y + lh * 0.3f), ImVec2(c.x + 14, c.y + lh * 0.7f),
                                                palette().series[k]);
      ImGui::Dummy(ImVec2(16, lh));
      ImGui::SameLine(0, 4);
      ImGui::TextUnformatted(tr(kOptNames[k]));
    }
    ImGui::PushFont(fonts().small);
    ImGui::TextDisabled("%s", tr(S::WOptDragHint));
    ImGui::PopFont();
    ImGui::PopTextWrapPos();
  }

  S surface_label() const {
    static const S kLabels[kSurfaceCount] = {S::WOptSurfQuadratic, S::WOptSurfRosenbrock, S::WOptSurfSaddle,
                                             S::WOptSurfNoisy};
    return kLabels[static_cast<int>(surface_)];
  }

  void draw_losses(float width) {
    ImGui::TextUnformatted(tr(S::WOptLossTitle));
    const int n = shown();
    std::vector<Series> ss;
    for (int k = 0; k < kOptKindCount; ++k) {
      const Trajectory& t = runs_[k];
      Series s{tr(kOptNames[k]), {}, {}, k};
      const int m = std::min<int>(n + 1, static_cast<int>(t.loss.size()));
      for (int i = 0; i < m; ++i) {
        s.x.push_back(static_cast<float>(i));
        s.y.push_back(t.loss[i]);
      }
      ss.push_back(std::move(s));
    }
    LinePlotStyle st;
    st.height = 240.0f;
    st.x_label = tr(S::WOptStepAxis);
    st.y_label = tr(S::WOptLossAxis);
    st.export_name = "optimizer_losses";
    ImGui::BeginChild("##opt_loss", ImVec2(width, st.height + 40.0f));
    line_plot("opt_loss", ss, view_, st);
    ImGui::EndChild();
    if (sched_ == Sched::Cosine) {
      const Trajectory& t = runs_[2];
      if (!t.lr.empty())
        ui::text_wrapped(trf(S::WOptSchedLine, {num("%.3g", t.lr.front()), std::to_string(warmup_),
                                              num("%.3g", lr_adam_), num("%.3g", t.lr.back())}));
    }
  }

  void draw_table() {
    const int n = shown();
    if (!begin_table("##opt_table", 4, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit, 1 + kOptKindCount)) return;
    ImGui::TableSetupColumn(tr(S::WOptColOptimizer));
    ImGui::TableSetupColumn(tr(S::WOptColPoint));
    ImGui::TableSetupColumn(tr(S::WOptColLoss));
    ImGui::TableSetupColumn(tr(S::WOptColDist));
    ImGui::TableHeadersRow();
    for (int k = 0; k < kOptKindCount; ++k) {
      const Trajectory& t = runs_[k];
      const int i = std::min<int>(n, static_cast<int>(t.x.size()) - 1);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().series[k]), "%s", tr(kOptNames[k]));
      ImGui::TableNextColumn();
      ImGui::PushFont(fonts().mono);
      ImGui::Text("(%.4f, %.4f)", t.x[i], t.y[i]);
      ImGui::TableNextColumn();
      ImGui::Text("%.5g", t.loss[i]);
      ImGui::TableNextColumn();
      ImGui::Text("%.4f", std::hypot(t.x[i] - min_x_, t.y[i] - min_y_));
      ImGui::PopFont();
    }
    end_table();
  }

  void draw_divergence() {
    for (int k = 0; k < kOptKindCount; ++k) {
      const Trajectory& t = runs_[k];
      if (t.diverged_at < 0) continue;
      warning_wrapped(trf(S::WOptDiverged, {tr(kOptNames[k]), std::to_string(t.diverged_at)}));
    }
  }

  Surface surface_ = Surface::Rosenbrock;
  float x0_ = -1.5f, y0_ = 2.5f, lr_sgd_ = 0.001f, lr_adam_ = 0.05f, momentum_ = 0.9f, beta1_ = 0.9f, beta2_ = 0.999f,
        wd_ = 0.1f;
  Sched sched_ = Sched::Constant;
  int warmup_ = 10, steps_ = 300, seed_ = 1;
  int shown_ = -1;  // steps drawn; -1 = all
  bool start_given_[2] = {false, false};
  int shown_surface_ = static_cast<int>(Surface::Rosenbrock);
  float min_x_ = 1.0f, min_y_ = 1.0f;  // the marked minimum (the noisy bowl's: its lowest grid cell)
  bool playing_ = false;
  Params computed_for_;
  Trajectory runs_[kOptKindCount];
  std::vector<float> grid_;
  int grid_surface_ = -1, grid_seed_ = -1;
  float grid_lo_ = 0, grid_hi_ = 1;
  LinePlotView view_;
};

}  // namespace

TMX_REGISTER_WIDGET(OptimizersWidget, "optimizers", "Optimizers",
                    "SGD, momentum, Adam and AdamW racing across 2-D loss surfaces from a start point you drag.");

}  // namespace tmx::ui
