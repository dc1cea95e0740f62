// "Mamba recurrence simulator": a diagonal SSM with N states driven by an input signal. Every
// number comes from src/core/ssm: discretize_diag, lti_recurrence / lti_kernel /
// lti_convolution / lti_parallel_scan (LTI) and selective_scan_forward + associative_scan
// (selective, Mamba's rule Ā = exp(ΔA), B̄ = ΔB).
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
#include "ui/fonts.h"
#include "ui/line_plot.h"
#include "ui/matrix_view.h"
#include "ui/theme.h"
#include "ui/widget.h"
#include "ui/widgets/mamba_sim.h"

namespace tmx::ui {

namespace {

using ssm::Discretization;

const char* const kSignals[] = {"impulse", "step", "sine", "square", "noise", "drawn", "text"};
constexpr int kSignalCount = 7;
const char* const kDisc[] = {"zoh", "bilinear", "euler"};
constexpr int kMaxN = MambaSim::kMaxN;
constexpr int kDrawPoints = MambaSim::kDrawPoints;
constexpr float kMaxDelta = MambaSim::kMaxDelta, kMinDelta = MambaSim::kMinDelta;

std::vector<float> default_drawn() {
  std::vector<float> d(kDrawPoints);
  for (int i = 0; i < kDrawPoints; ++i) d[i] = (i > 8 && i < 24) ? 1.0f : (i > 40 && i < 48 ? -0.5f : 0.0f);
  return d;
}

int index_of(const char* const* names, int n, const std::string& s) {
  for (int i = 0; i < n; ++i)
    if (s == names[i]) return i;
  return -1;
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

MambaSim::MambaSim()
    : A_(default_A(4)), B_(filled(4, 1)), C_(filled(4, 1)), drawn_(default_drawn()), wB_(filled(4, 0.5f)), wC_(filled(4, 0.5f)) {}

void MambaSim::set_params(const Params& p) {
  warnings_.clear();
  N_ = param_int(p, "N", 4, 1, kMaxN, warnings_);
  A_ = fit(param_floats(p, "A", default_A(N_), kMaxN, -50.0f, -0.01f, warnings_), default_A(N_), "A");
  B_ = fit(param_floats(p, "B", filled(N_, 1.0f), kMaxN, -10, 10, warnings_), filled(N_, 1.0f), "B");
  C_ = fit(param_floats(p, "C", filled(N_, 1.0f), kMaxN, -10, 10, warnings_), filled(N_, 1.0f), "C");
  D_ = param_float(p, "D", 0.0f, -10, 10, warnings_);
  delta_ = param_float(p, "dt", 0.1f, kMinDelta, kMaxDelta, warnings_);
  disc_ = pick(p, "disc", kDisc, 3, 0);
  selective_ = pick_str(p, "mode", "lti", {"lti", "sel"}) == "sel";
  signal_ = pick(p, "sig", kSignals, kSignalCount, 0);
  L_ = param_int(p, "L", 64, 8, 512, warnings_);
  freq_ = param_float(p, "freq", 0.05f, 0.005f, 0.5f, warnings_);
  seed_ = param_int(p, "seed", 1, 0, 1000000, warnings_);
  drawn_ = param_floats(p, "drawn", default_drawn(), kDrawPoints, -2, 2, warnings_);
  drawn_.resize(kDrawPoints, 0.0f);
  text_ = param_get(p, "text", "state space");
  if (text_.size() > 256) {
    text_.resize(256);
    warnings_.push_back("'text' is longer than 256 bytes; it was cut.");
  }
  wd_ = param_float(p, "wd", 1.0f, -10, 10, warnings_);
  bd_ = param_float(p, "bd", -2.0f, -10, 10, warnings_);
  wB_ = fit(param_floats(p, "wB", filled(N_, 0.5f), kMaxN, -10, 10, warnings_), filled(N_, 0.5f), "wB");
  wC_ = fit(param_floats(p, "wC", filled(N_, 0.5f), kMaxN, -10, 10, warnings_), filled(N_, 0.5f), "wC");
}

Params MambaSim::params() const {
  return {{"N", std::to_string(N_)},         {"A", format_floats(A_)},    {"B", format_floats(B_)},
          {"C", format_floats(C_)},          {"D", format_float(D_)},     {"dt", format_float(delta_)},
          {"disc", kDisc[disc_]},            {"mode", selective_ ? "sel" : "lti"},
          {"sig", kSignals[signal_]},        {"L", std::to_string(L_)},  {"freq", format_float(freq_)},
          {"seed", std::to_string(seed_)},   {"drawn", format_floats(drawn_)}, {"text", text_},
          {"wd", format_float(wd_)},         {"bd", format_float(bd_)},   {"wB", format_floats(wB_)},
          {"wC", format_floats(wC_)}};
}

// A per-state list must have N entries: shorter ones are padded from the defaults.
std::vector<float> MambaSim::fit(std::vector<float> v, const std::vector<float>& def, const char* key) {
  if (static_cast<int>(v.size()) != N_) {
    if (v.size() != def.size() || v != def)
      warnings_.push_back(std::string("'") + key + "' should have N = " + std::to_string(N_) + " values; adjusted.");
    const size_t old = v.size();
    v.resize(N_);
    for (size_t i = old; i < v.size(); ++i) v[i] = def[i];
  }
  return v;
}
int MambaSim::pick(const Params& p, const char* key, const char* const* names, int n, int def) {
  const std::string s = param_get(p, key, names[def]);
  const int i = index_of(names, n, s);
  if (i < 0) {
    warnings_.push_back(std::string("'") + key + "' = '" + s.substr(0, 20) + "' is not an option; using " + names[def] + ".");
    return def;
  }
  return i;
}
std::string MambaSim::pick_str(const Params& p, const char* key, const char* def, std::initializer_list<const char*> opts) {
  const std::string s = param_get(p, key, def);
  for (const char* o : opts)
    if (s == o) return s;
  warnings_.push_back(std::string("'") + key + "' = '" + s.substr(0, 20) + "' is not an option; using " + def + ".");
  return def;
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
  std::vector<float> k = {static_cast<float>(N_), D_, delta_, static_cast<float>(disc_), selective_ ? 1.0f : 0.0f,
                          static_cast<float>(signal_), static_cast<float>(L_), freq_, static_cast<float>(seed_), wd_, bd_};
  for (const auto* v : {&A_, &B_, &C_, &wB_, &wC_, &drawn_}) {
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
  if (!res_.dt.empty()) dt_series_ = {{"Î_t", t, res_.dt, 3}};
  k_series_.clear();
  if (!res_.K.empty()) k_series_ = {{"K_k", t, res_.K, 4}};
  for (auto* v : {&u_view_, &h_view_, &y_view_, &dt_view_, &k_view_}) v->fit = true;
}

//-----------------------------------------------------------------------------
// [SECTION] Signal
//-----------------------------------------------------------------------------
void MambaSim::make_signal() {
  res_.u.assign(L_, 0.0f);
  Rng rng(static_cast<uint32_t>(seed_));
  for (int t = 0; t < L_; ++t) {
    const float ph = 6.2831853f * freq_ * t;
    switch (signal_) {
      case 0: res_.u[t] = t == 0 ? 1.0f : 0.0f; break;
      case 1: res_.u[t] = 1.0f; break;
      case 2: res_.u[t] = std::sin(ph); break;
      case 3: res_.u[t] = std::sin(ph) >= 0 ? 1.0f : -1.0f; break;
      case 4: res_.u[t] = rng.normal(); break;
      case 5: {
        const float x = static_cast<float>(t) / std::max(1, L_ - 1) * (kDrawPoints - 1);
        const int i = std::min(kDrawPoints - 2, static_cast<int>(x));
        res_.u[t] = drawn_[i] + (drawn_[i + 1] - drawn_[i]) * (x - i);
        break;
      }
      default: break;
    }
  }
  if (signal_ == 6) {
    // One step per character: u_t = coordinate 0 of the character's embedding in a seeded
    // table (what an SSM layer would receive from a model's embedding, one channel).
    const tok::CharTokenizer tk;
    const std::vector<int> ids = tk.encode(text_);
    Rng erng(static_cast<uint32_t>(seed_) + 99u);
    std::vector<float> table(128);
    for (float& v : table) v = erng.normal();
    L_ = std::clamp(static_cast<int>(ids.size()), 8, 512);
    res_.u.assign(L_, 0.0f);
    for (int t = 0; t < L_ && t < static_cast<int>(ids.size()); ++t) res_.u[t] = table[static_cast<size_t>(ids[t]) % 128];
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Simulation (core calls)
//-----------------------------------------------------------------------------
void MambaSim::simulate() {
  res_.error.clear();
  make_signal();
  const int L = L_, N = N_;
  Vec u(L), A(N), B(N), C(N);
  for (int t = 0; t < L; ++t) u[t] = res_.u[t];
  for (int n = 0; n < N; ++n) A[n] = A_[n], B[n] = B_[n], C[n] = C_[n];
  res_.h.assign(N, std::vector<float>(L, 0.0f));
  res_.y_rec.assign(L, 0.0f), res_.y_conv.clear(), res_.y_scan.assign(L, 0.0f), res_.K.clear(), res_.dt.clear();
  res_.diff_conv = res_.diff_scan = 0;
  try {
    if (!selective_) {
      res_.dd = ssm::discretize_diag(static_cast<Discretization>(disc_), delta_, A, B);
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
      // Δ_t = softplus(wd u_t + bd), B_t = B + wB u_t, C_t = C + wC u_t.
      std::vector<float> delta(L), Bt(N * L), Ct(N * L);
      for (int t = 0; t < L; ++t) {
        delta[t] = wd_ * res_.u[t] + bd_;
        for (int n = 0; n < N; ++n) {
          Bt[n * L + t] = B_[n] + wB_[n] * res_.u[t];
          Ct[n * L + t] = C_[n] + wC_[n] * res_.u[t];
        }
      }
      ssm::SelectiveScanArgs<float> a;
      a.dim = 1, a.dstate = N, a.len = L;
      a.u = res_.u.data(), a.delta = delta.data(), a.A = A_.data(), a.Bm = Bt.data(), a.Cm = Ct.data(), a.D = &D_;
      a.delta_softplus = true;
      std::vector<float> out(L);
      ssm::SelectiveScanCache<float> cache;
      ssm::selective_scan_forward(a, out.data(), cache);
      res_.dt = cache.delta;
      res_.y_rec = out;
      for (int t = 0; t < L; ++t)
        for (int n = 0; n < N; ++n) res_.h[n][t] = cache.h[static_cast<size_t>(t) * N + n];
      // The same numbers by the associative scan, one per state: a_t = exp(Δ_t A), b_t = Δ_t B_t u_t.
      std::vector<float> as(L), bs(L), hs(L);
      std::vector<ssm::ScanElem> work;
      res_.y_scan.assign(L, 0.0f);
      for (int t = 0; t < L; ++t) res_.y_scan[t] = D_ * res_.u[t];
      for (int n = 0; n < N; ++n) {
        for (int t = 0; t < L; ++t) {
          as[t] = std::exp(res_.dt[t] * A_[n]);
          bs[t] = res_.dt[t] * Bt[n * L + t] * res_.u[t];
        }
        int pad = 1;
        while (pad < L) pad *= 2;
        work.resize(pad);
        ssm::associative_scan(as.data(), bs.data(), L, hs.data(), work);
        for (int t = 0; t < L; ++t) res_.y_scan[t] += Ct[n * L + t] * hs[t];
      }
      for (int t = 0; t < L; ++t) res_.diff_scan = std::max(res_.diff_scan, std::fabs(res_.y_scan[t] - res_.y_rec[t]));
    }
    for (float v : res_.y_rec)
      if (!std::isfinite(v)) {
        res_.error = "The state overflowed (values beyond float range): this discretization is unstable for these A and Δ.";
        break;
      }
  } catch (const std::exception& e) {
    res_.error = e.what();
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Panels: controls, plots, stability, check
//-----------------------------------------------------------------------------
static const Palette& pal() { return palette(); }

void MambaSim::draw_controls() {
  const float w = 150.0f;
  int n = N_;
  ImGui::SetNextItemWidth(w);
  if (ImGui::SliderInt("N states", &n, 1, kMaxN)) resize_states(std::clamp(n, 1, kMaxN));
  int mode = selective_ ? 1 : 0;
  ImGui::RadioButton("LTI", &mode, 0);
  ImGui::SameLine();
  ImGui::RadioButton("selective (Mamba)", &mode, 1);
  selective_ = mode == 1;
  if (!selective_) {
    ImGui::SetNextItemWidth(w);
    ImGui::SliderFloat("Δ (step)", &delta_, kMinDelta, kMaxDelta, "%.4f", ImGuiSliderFlags_Logarithmic);
    if (!std::isfinite(delta_)) delta_ = 0.1f;
    delta_ = std::clamp(delta_, kMinDelta, kMaxDelta);  // Ctrl+click typing can be anything
    ImGui::TextUnformatted("Discretization");
    ImGui::RadioButton("ZOH", &disc_, 0);
    ImGui::SameLine();
    ImGui::RadioButton("bilinear", &disc_, 1);
    ImGui::SameLine();
    ImGui::RadioButton("Euler", &disc_, 2);
  } else {
    ImGui::PushFont(fonts().mono);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal().accent), "Δ_t = softplus(wd·u_t + bd)");
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal().accent), "B_t = B + wB·u_t   C_t = C + wC·u_t");
    ImGui::PopFont();
    ImGui::SetNextItemWidth(w);
    ImGui::SliderFloat("wd", &wd_, -10, 10, "%.2f", ImGuiSliderFlags_AlwaysClamp);
    ImGui::SetNextItemWidth(w);
    ImGui::SliderFloat("bd", &bd_, -10, 10, "%.2f", ImGuiSliderFlags_AlwaysClamp);
    ImGui::PushStyleColor(ImGuiCol_Text, pal().text_dim);
    ImGui::TextWrapped("Mamba's rule: Ā(t) = exp(Δ_t A) (ZOH), B_d(t) = Δ_t B_t (Euler)");
    ImGui::PopStyleColor();
  }
  ImGui::SetNextItemWidth(w);
  ImGui::SliderFloat("D (skip)", &D_, -10, 10, "%.2f", ImGuiSliderFlags_AlwaysClamp);
  ImGui::Separator();
  ImGui::SetNextItemWidth(w);
  ImGui::Combo("input u_t", &signal_, "impulse\0step\0sine\0square\0noise\0drawn with the mouse\0text embeddings\0");
  if (signal_ != 6) {
    ImGui::SetNextItemWidth(w);
    ImGui::SliderInt("length L", &L_, 8, 512);
    L_ = std::clamp(L_, 8, 512);
  }
  if (signal_ == 2 || signal_ == 3) {
    ImGui::SetNextItemWidth(w);
    ImGui::SliderFloat("frequency", &freq_, 0.005f, 0.5f, "%.3f", ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
  }
  if (signal_ == 4) {
    ImGui::SetNextItemWidth(w);
    ImGui::InputInt("seed", &seed_);
    seed_ = std::clamp(seed_, 0, 1000000);
  }
  if (signal_ == 5) draw_signal_canvas();
  if (signal_ == 6) {
    char buf[257];
    std::snprintf(buf, sizeof buf, "%s", text_.c_str());
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 300.0f));
    if (ImGui::InputText("text", buf, sizeof buf)) text_ = buf;
    ImGui::TextDisabled("u_t = coordinate 0 of character t's embedding");
  }
  ImGui::Separator();
  draw_state_table();
}

void MambaSim::draw_state_table() {
  const int cols = selective_ ? 6 : 4;
  if (!ImGui::BeginTable("states", cols, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg)) return;
  ImGui::TableSetupColumn("n");
  ImGui::TableSetupColumn("A_n < 0");
  ImGui::TableSetupColumn("B_n");
  ImGui::TableSetupColumn("C_n");
  if (selective_) {
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
      ImGui::DragFloat("##v", v[c], 0.02f, lo, hi, "%.2f", ImGuiSliderFlags_AlwaysClamp);
      if (!std::isfinite(*v[c])) *v[c] = c == 0 ? -1.0f : 0.0f;
      *v[c] = std::clamp(*v[c], lo, hi);
      ImGui::PopID();
    }
    ImGui::PopID();
  }
  ImGui::EndTable();
}

void MambaSim::draw_signal_canvas() {
  ImGui::TextDisabled("Drag to draw u (64 points):");
  const float w = std::min(ImGui::GetContentRegionAvail().x, 320.0f), h = 90.0f;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##draw", ImVec2(w, h));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, ImVec2(p0.x + w, p0.y + h), pal().plot_bg, 3.0f);
  dl->AddLine(ImVec2(p0.x, p0.y + h / 2), ImVec2(p0.x + w, p0.y + h / 2), pal().grid);
  if (ImGui::IsItemActive()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const int i = std::clamp(static_cast<int>((m.x - p0.x) / w * kDrawPoints), 0, kDrawPoints - 1);
    drawn_[i] = std::clamp((p0.y + h / 2 - m.y) / (h / 2) * 2.0f, -2.0f, 2.0f);
    drawn_[i] = std::round(drawn_[i] * 100.0f) / 100.0f;  // short URLs
  }
  std::vector<ImVec2> pts;
  for (int i = 0; i < kDrawPoints; ++i)
    pts.emplace_back(p0.x + (i + 0.5f) * w / kDrawPoints, p0.y + h / 2 - drawn_[i] / 2.0f * (h / 2));
  dl->AddPolyline(pts.data(), kDrawPoints, pal().series[0], 0, 2.0f);
  if (ImGui::SmallButton("clear drawing")) drawn_.assign(kDrawPoints, 0.0f);
}

void MambaSim::draw_stability() {
  ImGui::PushFont(fonts().h3);
  ImGui::TextUnformatted("Discretization and stability");
  ImGui::PopFont();
  ImGui::PushFont(fonts().mono);
  const ImVec4 acc = ImGui::ColorConvertU32ToFloat4(pal().accent);
  if (selective_) {
    ImGui::TextColored(acc, "Ā_t = exp(Δ_t A) ∈ (0, 1) for A < 0: stable for every Δ_t");
    ImGui::PopFont();
    if (!res_.dt.empty()) {
      const auto [lo, hi] = std::minmax_element(res_.dt.begin(), res_.dt.end());
      ImGui::Text("Δ_t ranges over [%.4g, %.4g]", static_cast<double>(*lo), static_cast<double>(*hi));
    }
    return;
  }
  if (disc_ == 0) ImGui::TextColored(acc, "ZOH:      Ā = exp(ΔA)    B_d = (exp(ΔA) − 1)/A · B   stable for all Δ > 0 when A < 0");
  if (disc_ == 1) ImGui::TextColored(acc, "bilinear: Ā = (1 + ΔA/2)/(1 − ΔA/2)   B_d = ΔB/(1 − ΔA/2)   stable for all Δ > 0 when A < 0");
  if (disc_ == 2) ImGui::TextColored(acc, "Euler:    Ā = 1 + ΔA    B_d = ΔB      stable only if −2 ≤ ΔA_n ≤ 0, i.e. Δ ≤ 2/|A_n|");
  ImGui::PopFont();
  if (res_.dd.A_bar.size() == N_) {
    float amax = 0;
    for (float a : A_) amax = std::max(amax, std::fabs(a));
    ImGui::Text("max |Ā_n| = %.5g  ->  %s", static_cast<double>(res_.dd.spectral_radius), res_.dd.stable ? "stable (the state decays)" : "UNSTABLE (the state grows without bound)");
    if (disc_ == 2) ImGui::Text("Euler limit for these A: Δ ≤ 2 / %.3g = %.4g (now Δ = %.4g)", static_cast<double>(amax), 2.0 / amax, static_cast<double>(delta_));
    if (ImGui::TreeNode("Ā and B_d per state")) {
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
  ImGui::TextUnformatted("Check: three ways, same numbers");
  ImGui::PopFont();
  if (!ImGui::BeginTable("check", 3, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Borders)) return;
  ImGui::TableSetupColumn("method");
  ImGui::TableSetupColumn("y at the last step");
  ImGui::TableSetupColumn("max |y − y_recurrence|");
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
  row(selective_ ? "recurrence (selective_scan)" : "recurrence", res_.y_rec, 0.0f, "");
  row("convolution with K", res_.y_conv, res_.diff_conv, selective_ ? "n/a: K changes with t when Δ, B, C do" : "");
  row("parallel (Blelloch) scan", res_.y_scan, res_.diff_scan, "");
  ImGui::EndTable();
}

void MambaSim::draw_plots() {
  LinePlotStyle st;
  st.height = 120.0f;
  st.stems = signal_ == 0;
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
  if (selective_ && !dt_series_.empty()) {
    st.height = 90.0f;
    st.export_name = "mamba-delta";
    line_plot("dt", dt_series_, dt_view_, st);
  }
  if (!selective_ && !k_series_.empty()) {
    ImGui::Text("Convolution kernel K_k = C Ā^k B_d  (y = K * u + D u)");
    st.height = 110.0f;
    st.stems = true;
    st.export_name = "mamba-kernel";
    line_plot("K", k_series_, k_view_, st);
  }
}

void MambaSim::draw() {
  draw_warnings();
  const float avail = ImGui::GetContentRegionAvail().x;
  const bool wide = avail > 860.0f && ImGui::BeginTable("layout", 2, ImGuiTableFlags_None);
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
    ImGui::TextWrapped("%s", res_.error.c_str());
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
