// "Mamba recurrence simulator": a diagonal SSM with N states driven by an input signal. Every
// number comes from src/core/ssm: discretize_diag, lti_recurrence / lti_kernel /
// lti_convolution / lti_parallel_scan (LTI) and selective_scan_forward + associative_scan
// (selective, Ā = exp(ΔA) with Mamba's B̄ = ΔB or the exact ZOH B̄ = (exp(ΔA) − 1)/A · B: `brule`).
//
// [SECTION] State and params (URL)
// [SECTION] Signal
// [SECTION] Simulation (core calls)
// [SECTION] Panels: controls, plots, stability, check
// [SECTION] Registration
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/rng.h"
#include "core/ssm/discretize.h"
#include "core/ssm/lti.h"
#include "core/ssm/selective_scan.h"
#include "core/tokenizer/char_tokenizer.h"
#include "ui/fit.h"
#include "ui/fonts.h"
#include "ui/line_plot.h"
#include "ui/matrix_view.h"
#include "ui/panels.h"
#include "ui/theme.h"
#include "ui/widget.h"
#include "ui/touch.h"
#include "ui/widgets/mamba_sim.h"
#include "ui/cjk_wrap.h"
#include "ui/error_text.h"
#include "ui/a11y.h"
#include "ui/controls.h"

namespace tmx::ui {

namespace {

using ssm::Discretization;

using Signal = MambaSim::Signal;
using Mode = MambaSim::Mode;
using ssm::BRule;
constexpr int kDrawPoints = MambaSim::kDrawPoints;

std::vector<float> default_drawn() {
  std::vector<float> d(kDrawPoints);
  for (int i = 0; i < kDrawPoints; ++i) d[i] = (i > 8 && i < 24) ? 1.0f : (i > 40 && i < 48 ? -0.5f : 0.0f);
  return d;
}

std::vector<float> default_A(int N) {
  std::vector<float> a(N);
  for (int n = 0; n < N; ++n) a[n] = -(n + 1) * 0.5f;  // S4D-Real-like spread of decay rates
  return a;
}
std::vector<float> filled(int N, float v) { return std::vector<float>(N, v); }

//-----------------------------------------------------------------------------
// [SECTION] State and params (URL)
//-----------------------------------------------------------------------------
}  // namespace

MambaSim::MambaSim() {
  params_.integer("N", &N_, 4, 1, kMaxN, S::WSimN);
  params_.reals("A", &A_, default_A(4), 1, kMaxN, -50.0f, -0.01f, S::WSimA).describe(S::WSimAHelp);
  params_.reals("B", &B_, filled(4, 1.0f), 1, kMaxN, -10, 10, S::WSimB);
  params_.reals("C", &C_, filled(4, 1.0f), 1, kMaxN, -10, 10, S::WSimC);
  params_.real("D", &D_, 0.0f, -10, 10, S::WSimD);
  params_.real("dt", &delta_, 0.1f, kMinDelta, kMaxDelta, S::WSimDelta).log();
  params_.choice("disc", &disc_, Discretization::ZOH,
                 {{"zoh", S::WSimZoh}, {"bilinear", S::WSimBilinear}, {"euler", S::WSimEuler}}, S::WSimDisc);
  params_.choice("mode", &mode_, Mode::LTI, {{"lti", S::WSimLti}, {"sel", S::WSimSelective}}, S::WSimMode);
  params_.choice("brule", &brule_, BRule::Mamba, {{"mamba", S::WSimBMamba}, {"zoh", S::WSimBZoh}}, S::WSimBRule)
      .describe(S::WSimBRuleHelp);
  params_.choice("sig", &signal_, Signal::Impulse,
                 {{"impulse", S::WSimSigImpulse}, {"step", S::WSimSigStep}, {"sine", S::WSimSigSine},
                  {"square", S::WSimSigSquare}, {"noise", S::WSimSigNoise}, {"drawn", S::WSimSigDrawn},
                  {"text", S::WSimSigText}, {"list", S::WSimSigList}},
                 S::WSimSignal);
  params_.integer("L", &L_, 64, 8, kMaxL, S::WSimL);
  params_.real("freq", &freq_, 0.05f, 0.005f, 0.5f, S::WSimFreq).log();
  params_.integer("seed", &seed_, 1, 0, 1000000, S::WSimSeed);
  params_.reals("drawn", &drawn_, default_drawn(), 1, kDrawPoints, -2, 2, S::WSimDrawn).optional();
  params_.text("text", &text_, "state space", 256, S::WSimText);
  params_.reals("u", &list_, {1, 0, 0, 2, 0}, 1, kMaxL, -100, 100, S::WSimList).optional().describe(S::WSimListHelp);
  params_.real("wd", &wd_, 1.0f, -10, 10, S::WSimWd);
  params_.real("bd", &bd_, -2.0f, -10, 10, S::WSimBd);
  params_.reals("wB", &wB_, filled(4, 0.5f), 1, kMaxN, -10, 10, S::WSimWB);
  params_.reals("wC", &wC_, filled(4, 0.5f), 1, kMaxN, -10, 10, S::WSimWC);
}

void MambaSim::after_params() {
  A_ = fit(A_, default_A(N_), "A");
  B_ = fit(B_, filled(N_, 1.0f), "B");
  C_ = fit(C_, filled(N_, 1.0f), "C");
  wB_ = fit(wB_, filled(N_, 0.5f), "wB");
  wC_ = fit(wC_, filled(N_, 0.5f), "wC");
  drawn_.resize(kDrawPoints, 0.0f);
}

// A per-state list must have N entries: shorter ones are padded from the defaults.
std::vector<float> MambaSim::fit(std::vector<float> v, const std::vector<float>& def, const char* key) {
  if (static_cast<int>(v.size()) != N_) {
    const auto* spec = params_.find(key);
    if (spec && v != std::vector<float>(def.begin(), def.begin() + std::min(def.size(), v.size())) &&
        format_floats(v) != spec->def)
      warnings_.push_back(trf(S::WSimWrongCount, {key, std::to_string(N_)}));
    const size_t old = v.size();
    v.resize(N_);
    for (size_t i = old; i < v.size(); ++i) v[i] = def[i];
  }
  return v;
}
void MambaSim::resize_states(int n) {
  const auto dA = default_A(n);
  A_.resize(n), B_.resize(n, 1.0f), C_.resize(n, 1.0f), wB_.resize(n, 0.5f), wC_.resize(n, 0.5f);
  for (int i = N_; i < n; ++i) A_[i] = dA[i];
  N_ = n;
}

// Every input of simulate() as floats (the text separately): comparing them is far cheaper than
// formatting params() every frame, and cannot miss a parameter that params() rounds.
std::vector<float> MambaSim::inputs_key() const {
  std::vector<float> k = {static_cast<float>(N_),    D_, delta_, static_cast<float>(disc_), static_cast<float>(mode_),
                          static_cast<float>(brule_), static_cast<float>(signal_), static_cast<float>(L_),
                          freq_, static_cast<float>(seed_), wd_, bd_};
  for (const auto* v : {&A_, &B_, &C_, &wB_, &wC_, &drawn_, &list_}) {
    k.push_back(static_cast<float>(v->size()));
    k.insert(k.end(), v->begin(), v->end());
  }
  return k;
}

void MambaSim::update() {
  std::vector<float> k = inputs_key();
  if (!dirty_ && k == key_ && text_ == key_text_) return;
  simulate();
  ++simulations_;
  key_ = inputs_key();  // the text signal may have changed L
  key_text_ = text_;
  dirty_ = false;
  // Plot series (x = t), built here once instead of every frame.
  const int L = static_cast<int>(res_.u.size());
  std::vector<float> t(L);
  for (int i = 0; i < L; ++i) t[i] = static_cast<float>(i);
  u_series_ = {{"u_t", t, res_.u, 0}};
  h_series_.clear();
  for (int n = 0; n < static_cast<int>(res_.h.size()); ++n) h_series_.push_back({"h[" + std::to_string(n) + "]", t, res_.h[n], (n + 1) % 6});
  y_series_ = {{"y_t", t, res_.y_rec, 1}};
  dt_series_.clear();
  if (!res_.dt.empty()) dt_series_ = {{"\xCE\x94_t", t, res_.dt, 3}};  // Δ_t
  k_series_.clear();
  if (!res_.K.empty()) k_series_ = {{"K_k", t, res_.K, 4}};
  for (auto* v : {&u_view_, &h_view_, &y_view_, &dt_view_, &k_view_}) v->fit = true;
}

//-----------------------------------------------------------------------------
// [SECTION] Signal
//-----------------------------------------------------------------------------
void MambaSim::make_signal() {
  // Steps simulated: L, except one per value of a list and one per character of a text (the L
  // parameter itself keeps its declared range, so the link it makes is valid again).
  int L = L_;
  if (signal_ == Signal::List) L = static_cast<int>(list_.size());
  res_.u.assign(L, 0.0f);
  Rng rng(static_cast<uint32_t>(seed_));
  for (int t = 0; t < L; ++t) {
    const float ph = 6.2831853f * freq_ * t;
    switch (signal_) {
      case Signal::Impulse: res_.u[t] = t == 0 ? 1.0f : 0.0f; break;
      case Signal::Step: res_.u[t] = 1.0f; break;
      case Signal::Sine: res_.u[t] = std::sin(ph); break;
      case Signal::Square: res_.u[t] = std::sin(ph) >= 0 ? 1.0f : -1.0f; break;
      case Signal::Noise: res_.u[t] = rng.normal(); break;
      case Signal::List: res_.u[t] = list_[static_cast<size_t>(t)]; break;
      case Signal::Drawn: break;  // below, all steps at once
      case Signal::Text: break;
    }
  }
  if (signal_ == Signal::Text) {
    // One step per character: u_t = coordinate 0 of the character's embedding in a seeded
    // table (what an SSM layer would receive from a model's embedding, one channel).
    const tok::CharTokenizer tk;
    const std::vector<int> ids = tk.encode(text_);
    Rng erng(static_cast<uint32_t>(seed_) + 99u);
    std::vector<float> table(128);
    for (float& v : table) v = erng.normal();
    L = std::clamp(static_cast<int>(ids.size()), 8, kMaxL);
    res_.u.assign(L, 0.0f);
    for (int t = 0; t < L && t < static_cast<int>(ids.size()); ++t) res_.u[t] = table[static_cast<size_t>(ids[t]) % 128];
  }
  if (signal_ == Signal::Drawn) res_.u = drawn_signal(drawn_, L);
}

//-----------------------------------------------------------------------------
// [SECTION] Simulation (core calls)
//-----------------------------------------------------------------------------
void MambaSim::simulate() {
  res_.error.clear();
  make_signal();
  const int L = static_cast<int>(res_.u.size()), N = N_;
  Vec u(L), A(N), B(N), C(N);
  for (int t = 0; t < L; ++t) u[t] = res_.u[t];
  for (int n = 0; n < N; ++n) A[n] = A_[n], B[n] = B_[n], C[n] = C_[n];
  res_.h.assign(N, std::vector<float>(L, 0.0f));
  res_.y_rec.assign(L, 0.0f), res_.y_conv.clear(), res_.y_scan.assign(L, 0.0f), res_.K.clear(), res_.dt.clear();
  res_.diff_conv = res_.diff_scan = 0;
  try {
    if (mode_ == Mode::LTI) {
      res_.dd = ssm::discretize_diag(disc_, delta_, A, B);
      ssm::LtiSSM s{res_.dd.A_bar, res_.dd.B_bar, C, D_};
      Vec y;
      Mat h;
      ssm::lti_recurrence(s, u, y, &h);
      for (int t = 0; t < L; ++t) {
        res_.y_rec[t] = y[t];
        for (int n = 0; n < N; ++n) res_.h[n][t] = h(t, n);
      }
      const Vec K = ssm::lti_kernel(s, L);
      res_.K.assign(K.data(), K.data() + L);
      Vec yc, ys;
      ssm::lti_convolution(s, u, yc);
      ssm::lti_parallel_scan(s, u, ys);
      res_.y_conv.assign(yc.data(), yc.data() + L);
      res_.y_scan.assign(ys.data(), ys.data() + L);
      for (int t = 0; t < L; ++t) {
        res_.diff_conv = std::max(res_.diff_conv, std::fabs(res_.y_conv[t] - res_.y_rec[t]));
        res_.diff_scan = std::max(res_.diff_scan, std::fabs(res_.y_scan[t] - res_.y_rec[t]));
      }
    } else {
      // Δ_t = softplus(wd u_t + bd) (the core's softplus), B_t = B + wB u_t, C_t = C + wC u_t.
      std::vector<float> delta(L), Bt(N * L), Ct(N * L);
      for (int t = 0; t < L; ++t) {
        delta[t] = static_cast<float>(ssm::softplus(static_cast<double>(wd_ * res_.u[t] + bd_)));
        for (int n = 0; n < N; ++n) {
          Bt[n * L + t] = B_[n] + wB_[n] * res_.u[t];
          Ct[n * L + t] = C_[n] + wC_[n] * res_.u[t];
        }
      }
      // The scan applies B̄ = Δ B; for the exact ZOH rule B_t is scaled by (e^{ΔA} − 1)/(ΔA) first.
      if (brule_ == BRule::ZOH) ssm::scale_b_for_zoh(A_.data(), delta.data(), Bt.data(), N, L);
      ssm::SelectiveScanArgs<float> a;
      a.dim = 1, a.dstate = N, a.len = L;
      a.u = res_.u.data(), a.delta = delta.data(), a.A = A_.data(), a.Bm = Bt.data(), a.Cm = Ct.data(), a.D = &D_;
      a.delta_softplus = false;
      std::vector<float> out(L);
      ssm::SelectiveScanCache<float> cache;
      ssm::selective_scan_forward(a, out.data(), cache);
      res_.dt = cache.delta;
      res_.y_rec = out;
      for (int t = 0; t < L; ++t)
        for (int n = 0; n < N; ++n) res_.h[n][t] = cache.h[static_cast<size_t>(t) * N + n];
      // The same numbers by the associative scan (one per state), in the core.
      res_.y_scan = ssm::selective_scan_associative(a, cache.delta);
      for (int t = 0; t < L; ++t) res_.diff_scan = std::max(res_.diff_scan, std::fabs(res_.y_scan[t] - res_.y_rec[t]));
    }
    for (float v : res_.y_rec)
      if (!std::isfinite(v)) {
        res_.error = tr(S::WSimOverflow);
        break;
      }
  } catch (const std::exception& e) {
    res_.error = ui::error_text(e);
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Panels: controls, plots, stability, check
//-----------------------------------------------------------------------------
static const Palette& pal() { return palette(); }

void MambaSim::draw_controls() {
  const float w = 150.0f;
  int n = N_;
  if (params_.control("N", w)) {
    const int m = N_;
    N_ = n;
    resize_states(std::clamp(m, 1, kMaxN));
  }
  int mode = static_cast<int>(mode_);
  ui::radio_button(tr(S::WSimLti), &mode, 0);
  ImGui::SameLine();
  new_line_unless_fits(labelled_width(ImGui::GetFrameHeight(), tr(S::WSimSelective)));
  ui::radio_button(tr(S::WSimSelective), &mode, 1);
  mode_ = static_cast<Mode>(mode);
  if (mode_ == Mode::LTI) {
    params_.control("dt", w);
    ImGui::TextUnformatted(tr(S::WSimDisc));
    int d = static_cast<int>(disc_);
    ui::radio_button(tr(S::WSimZoh), &d, 0);
    ImGui::SameLine();
    new_line_unless_fits(labelled_width(ImGui::GetFrameHeight(), tr(S::WSimBilinear)));
    ui::radio_button(tr(S::WSimBilinear), &d, 1);
    ImGui::SameLine();
    new_line_unless_fits(labelled_width(ImGui::GetFrameHeight(), tr(S::WSimEuler)));
    ui::radio_button(tr(S::WSimEuler), &d, 2);
    disc_ = static_cast<Discretization>(d);
  } else {
    ImGui::PushFont(fonts().mono);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal().accent), "\xCE\x94_t = softplus(wd\xC2\xB7u_t + bd)");
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal().accent), "B_t = B + wB\xC2\xB7u_t   C_t = C + wC\xC2\xB7u_t");
    ImGui::PopFont();
    params_.control("wd", w);
    params_.control("bd", w);
    params_.control("brule", w);
    ImGui::PushStyleColor(ImGuiCol_Text, pal().text_dim);
    ui::text_wrapped(tr(brule_ == BRule::Mamba ? S::WSimBMambaLine : S::WSimBZohLine));
    ImGui::PopStyleColor();
  }
  params_.control("D", w);
  ImGui::Separator();
  params_.control("sig", w);
  if (signal_ != Signal::Text && signal_ != Signal::List) params_.control("L", w);
  if (signal_ == Signal::Sine || signal_ == Signal::Square) params_.control("freq", w);
  if (signal_ == Signal::Noise) params_.control("seed", w);
  if (signal_ == Signal::Drawn) draw_signal_canvas();
  if (signal_ == Signal::Text) {
    params_.control("text", std::min(ImGui::GetContentRegionAvail().x - 60.0f, 300.0f));
    ImGui::TextDisabled("%s", tr(S::WSimTextHint));
  }
  if (signal_ == Signal::List) {
    ImGui::PushStyleColor(ImGuiCol_Text, pal().text_dim);
    ui::text_wrapped(tr(S::WSimListHelp));
    ImGui::PopStyleColor();
    ImGui::TextUnformatted(("u = " + format_floats(list_)).c_str());
  }
  ImGui::Separator();
  draw_state_table();
}

void MambaSim::draw_state_table() {
  const bool selective = mode_ == Mode::Selective;
  const int cols = selective ? 6 : 4;
  if (!begin_table("states", cols, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg, 1 + N_)) return;
  ImGui::TableSetupColumn("n");
  ImGui::TableSetupColumn("A_n < 0");
  ImGui::TableSetupColumn("B_n");
  ImGui::TableSetupColumn("C_n");
  if (selective) {
    ImGui::TableSetupColumn("wB_n");
    ImGui::TableSetupColumn("wC_n");
  }
  ImGui::TableHeadersRow();
  for (int n = 0; n < N_; ++n) {
    ImGui::PushID(n);
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::Text("%d", n);
    float* v[5] = {&A_[n], &B_[n], &C_[n], &wB_[n], &wC_[n]};
    for (int c = 0; c < cols - 1; ++c) {
      ImGui::TableSetColumnIndex(c + 1);
      ImGui::PushID(c);
      ImGui::SetNextItemWidth(66.0f);
      const float lo = c == 0 ? -50.0f : -10.0f, hi = c == 0 ? -0.01f : 10.0f;
      static const char* kCols[5] = {"A_n", "B_n", "C_n", "wB_n", "wC_n"};
      ui::drag_float("##v", v[c], 0.02f, lo, hi, "%.2f", ImGuiSliderFlags_AlwaysClamp,
                     trf(S::A11yStateValue, {kCols[c], std::to_string(n)}));
      if (!std::isfinite(*v[c])) *v[c] = c == 0 ? -1.0f : 0.0f;
      *v[c] = std::clamp(*v[c], lo, hi);
      ImGui::PopID();
    }
    ImGui::PopID();
  }
  end_table();
}

std::vector<float> MambaSim::drawn_signal(const std::vector<float>& pts, int L) {
  const int n = static_cast<int>(pts.size());
  std::vector<float> u(static_cast<size_t>(std::max(0, L)), 0.0f);
  if (n == 0 || L <= 0) return u;
  for (int t = 0; t < L; ++t) {
    if (L >= n) {
      const float x = n == 1 ? 0.0f : static_cast<float>(t) / std::max(1, L - 1) * static_cast<float>(n - 1);
      const int i = std::min(std::max(0, n - 2), static_cast<int>(x));
      u[static_cast<size_t>(t)] = n == 1 ? pts[0] : pts[i] + (pts[i + 1] - pts[i]) * (x - static_cast<float>(i));
    } else {
      const int a = t * n / L, b = (t + 1) * n / L;  // this step's points [a, b), b > a since L < n
      float s = 0;
      for (int i = a; i < b; ++i) s += pts[static_cast<size_t>(i)];
      u[static_cast<size_t>(t)] = s / static_cast<float>(b - a);
    }
  }
  return u;
}

void MambaSim::paint_segment(std::vector<float>& pts, int i0, float v0, int i1, float v1) {
  const int n = static_cast<int>(pts.size());
  if (n == 0) return;
  if (i1 < i0) std::swap(i0, i1), std::swap(v0, v1);
  for (int i = std::max(0, i0); i <= std::min(n - 1, i1); ++i) {
    const float v = i1 == i0 ? v1 : v0 + (v1 - v0) * static_cast<float>(i - i0) / static_cast<float>(i1 - i0);
    pts[static_cast<size_t>(i)] = std::round(std::clamp(v, -2.0f, 2.0f) * 100.0f) / 100.0f;  // short URLs
  }
}

void MambaSim::draw_signal_canvas() {
  ImGui::TextDisabled("%s", trf(S::WSimDrawHint, {std::to_string(kDrawPoints)}).c_str());
  const float w = std::min(ImGui::GetContentRegionAvail().x, 320.0f), h = 90.0f;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##draw", ImVec2(w, h));
  {
    float lo = 0, hi = 0;
    if (!drawn_.empty()) lo = *std::min_element(drawn_.begin(), drawn_.end()), hi = *std::max_element(drawn_.begin(), drawn_.end());
    char lo_s[24], hi_s[24];
    std::snprintf(lo_s, sizeof lo_s, "%.2f", static_cast<double>(lo));
    std::snprintf(hi_s, sizeof hi_s, "%.2f", static_cast<double>(hi));
    a11y::picture(trf(S::WSimDrawHint, {std::to_string(kDrawPoints)}), trf(S::A11ySignal, {std::to_string(drawn_.size()), lo_s, hi_s}));
  }
  touch_drag_item();  // a finger on it drags (ui/touch.h), not the page
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, ImVec2(p0.x + w, p0.y + h), pal().plot_bg, 3.0f);
  dl->AddLine(ImVec2(p0.x, p0.y + h / 2), ImVec2(p0.x + w, p0.y + h / 2), pal().grid);
  if (ImGui::IsItemActive()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const int i = std::clamp(static_cast<int>((m.x - p0.x) / w * kDrawPoints), 0, kDrawPoints - 1);
    const float v = std::clamp((p0.y + h / 2 - m.y) / (h / 2) * 2.0f, -2.0f, 2.0f);
    paint_segment(drawn_, stroke_i_ < 0 ? i : stroke_i_, stroke_i_ < 0 ? v : stroke_v_, i, v);
    stroke_i_ = i, stroke_v_ = v;
  } else {
    stroke_i_ = -1;
  }
  std::vector<ImVec2> pts;
  for (int i = 0; i < kDrawPoints; ++i)
    pts.emplace_back(p0.x + (i + 0.5f) * w / kDrawPoints, p0.y + h / 2 - drawn_[i] / 2.0f * (h / 2));
  dl->AddPolyline(pts.data(), kDrawPoints, pal().series[0], 0, 2.0f);
  if (ui::small_button(tr(S::WSimClearDrawing))) drawn_.assign(kDrawPoints, 0.0f);
}

void MambaSim::draw_stability() {
  ImGui::PushFont(fonts().h3);
  ImGui::TextUnformatted(tr(S::WSimStabilityHeading));
  ImGui::PopFont();
  ImGui::PushFont(fonts().mono);
  const ImVec4 acc = ImGui::ColorConvertU32ToFloat4(pal().accent);
  if (mode_ == Mode::Selective) {
    ImGui::TextColored(acc, "%s", tr(S::WSimSelStable));
    ImGui::PopFont();
    if (!res_.dt.empty()) {
      const auto [lo, hi] = std::minmax_element(res_.dt.begin(), res_.dt.end());
      char a[32], b[32];
      std::snprintf(a, sizeof a, "%.4g", static_cast<double>(*lo));
      std::snprintf(b, sizeof b, "%.4g", static_cast<double>(*hi));
      ImGui::TextUnformatted(trf(S::WSimDeltaRange, {a, b}).c_str());
    }
    return;
  }
  // The formulas are math (the same in every language); the verdicts are text.
  switch (disc_) {
    case Discretization::ZOH:
      ImGui::TextColored(acc, "%s:  \xC4\x80 = exp(\xCE\x94""A)    B_d = (exp(\xCE\x94""A) \xE2\x88\x92 1)/A \xC2\xB7 B", tr(S::WSimZoh));
      break;
    case Discretization::Bilinear:
      ImGui::TextColored(acc, "%s:  \xC4\x80 = (1 + \xCE\x94""A/2)/(1 \xE2\x88\x92 \xCE\x94""A/2)   B_d = \xCE\x94""B/(1 \xE2\x88\x92 \xCE\x94""A/2)", tr(S::WSimBilinear));
      break;
    case Discretization::Euler:
      ImGui::TextColored(acc, "%s:  \xC4\x80 = 1 + \xCE\x94""A    B_d = \xCE\x94""B", tr(S::WSimEuler));
      break;
  }
  ImGui::PopFont();
  ImGui::TextUnformatted(tr(disc_ == Discretization::Euler ? S::WSimEulerStable : S::WSimAlwaysStable));
  if (res_.dd.A_bar.size() == N_) {
    float amax = 0;
    for (float a : A_) amax = std::max(amax, std::fabs(a));
    char r[32];
    std::snprintf(r, sizeof r, "%.5g", static_cast<double>(res_.dd.spectral_radius));
    ImGui::TextUnformatted(trf(S::WSimRadius, {r, tr(res_.dd.stable ? S::WSimStable : S::WSimUnstable)}).c_str());
    if (disc_ == Discretization::Euler) {
      char a[32], l[32], d[32];
      std::snprintf(a, sizeof a, "%.3g", static_cast<double>(amax));
      std::snprintf(l, sizeof l, "%.4g", 2.0 / amax);
      std::snprintf(d, sizeof d, "%.4g", static_cast<double>(delta_));
      ImGui::TextUnformatted(trf(S::WSimEulerLimit, {a, l, d}).c_str());
    }
    if (ImGui::TreeNode(tr(S::WSimPerState))) {
      static const std::vector<std::string> rows = {"\xC4\x80", "B_d"};
      Mat m(2, N_);
      for (int n = 0; n < N_; ++n) m(0, n) = res_.dd.A_bar[n], m(1, n) = res_.dd.B_bar[n];
      MatrixStyle ms;
      ms.row_labels = &rows;
      ms.max_cols = kMaxN;
      ms.decimals = 4;
      ms.export_name = "mamba-discretized";
      matrix_view("abar", m.data(), 2, N_, ms);
      ImGui::TreePop();
    }
  }
}

void MambaSim::draw_check() {
  ImGui::PushFont(fonts().h3);
  ImGui::TextUnformatted(tr(S::WSimCheckHeading));
  ImGui::PopFont();
  if (!begin_table("check", 3, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Borders, 4)) return;
  ImGui::TableSetupColumn(tr(S::WSimColMethod));
  ImGui::TableSetupColumn(tr(S::WSimColLast));
  ImGui::TableSetupColumn(tr(S::WSimColDiff));
  ImGui::TableHeadersRow();
  auto row = [&](const char* name, const std::vector<float>& y, float diff, const char* na) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextUnformatted(name);
    ImGui::TableSetColumnIndex(1);
    if (y.empty()) ImGui::TextDisabled("%s", na);
    else ImGui::Text("%.7g", static_cast<double>(y.back()));
    ImGui::TableSetColumnIndex(2);
    if (!y.empty()) ImGui::Text("%.3g", static_cast<double>(diff));
  };
  const bool sel = mode_ == Mode::Selective;
  row(tr(sel ? S::WSimRowRecurrenceSel : S::WSimRowRecurrence), res_.y_rec, 0.0f, "");
  row(tr(S::WSimRowConv), res_.y_conv, res_.diff_conv, sel ? tr(S::WSimRowConvNa) : "");
  row(tr(S::WSimRowScan), res_.y_scan, res_.diff_scan, "");
  end_table();
}

void MambaSim::draw_plots() {
  LinePlotStyle st;
  st.height = 120.0f;
  st.stems = signal_ == Signal::Impulse || signal_ == Signal::List;
  st.export_name = "mamba-u";
  line_plot("u", u_series_, u_view_, st);
  st.height = 170.0f;
  st.stems = false;
  st.legend = h_series_.size() <= 8;  // 16 legend rows would cover the plot
  st.export_name = "mamba-h";
  line_plot("h", h_series_, h_view_, st);
  st.height = 130.0f;
  st.legend = true;
  st.export_name = "mamba-y";
  line_plot("y", y_series_, y_view_, st);
  if (mode_ == Mode::Selective && !dt_series_.empty()) {
    st.height = 90.0f;
    st.export_name = "mamba-delta";
    line_plot("dt", dt_series_, dt_view_, st);
  }
  if (mode_ == Mode::LTI && !k_series_.empty()) {
    ImGui::TextUnformatted(tr(S::WSimKernelLine));
    st.height = 110.0f;
    st.stems = true;
    st.export_name = "mamba-kernel";
    line_plot("K", k_series_, k_view_, st);
  }
}

void MambaSim::draw() {
  draw_warnings();
  const float avail = ImGui::GetContentRegionAvail().x;
  // Controls (370 px) beside the plots (at least 490 px) when both fit.
  const bool wide = Panels::side_by_side(avail, 2, 430.0f, 0.0f) && ImGui::BeginTable("layout", 2, ImGuiTableFlags_None);
  if (wide) {
    ImGui::TableSetupColumn("controls", ImGuiTableColumnFlags_WidthFixed, 370.0f);
    ImGui::TableSetupColumn("plots", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    draw_controls();
  } else {
    draw_controls();
  }
  update();  // recomputes only when an input changed; the plots draw from the cache
  if (wide) ImGui::TableSetColumnIndex(1);
  if (!res_.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, pal().error);
    ui::text_wrapped(res_.error);
    ImGui::PopStyleColor();
  }
  draw_plots();
  draw_stability();
  draw_check();
  if (wide) ImGui::EndTable();
}

//-----------------------------------------------------------------------------
// [SECTION] Registration
//-----------------------------------------------------------------------------
TMX_REGISTER_WIDGET(MambaSim, "mamba-sim", "Mamba recurrence simulator",
                    "Set A, B, C, Δ; drive a diagonal SSM; compare recurrence, convolution and scan.");

}  // namespace tmx::ui
