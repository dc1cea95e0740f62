// "Mamba recurrence simulator" (slug `mamba-sim`): a diagonal SSM with N states driven by an
// input signal; every number from src/core/ssm. Declared in a header so tests can check that
// what it shows (result()) equals the core's computation for the same parameters.
#pragma once
#include <string>
#include <vector>

#include "core/ssm/discretize.h"
#include "ui/line_plot.h"
#include "ui/widget.h"

namespace tmx::ui {

// Everything the simulator shows, computed once per change of its inputs.
struct MambaSimResult {
  std::vector<float> u;                    // (L) input u_t
  std::vector<std::vector<float>> h;       // (N)(L) state h_t[n]
  std::vector<float> y_rec, y_conv, y_scan;  // (L) y_t by recurrence / convolution (LTI only) / scan
  std::vector<float> K;                    // (L) convolution kernel (LTI only)
  std::vector<float> dt;                   // (L) Δ_t (selective only)
  float diff_conv = 0, diff_scan = 0;      // max |y - y_rec|
  ssm::DiagDiscrete dd;                    // Ā, B_d (LTI only)
  std::string error;                       // e.g. the state overflowed
};

class MambaSim final : public Widget {
 public:
  static constexpr int kMaxN = 16;
  static constexpr int kDrawPoints = 64;
  static constexpr float kMaxDelta = 10.0f, kMinDelta = 1e-3f;

  MambaSim();
  void set_params(const Params& p) override;
  Params params() const override;
  void draw() override;

  // --- for tests and the benchmark ---
  void compute_now() { update(); }   // what draw() does before drawing
  const MambaSimResult& result() const { return res_; }
  int simulations() const { return simulations_; }  // how often the core was run (caching check)

 private:
  std::vector<float> fit(std::vector<float> v, const std::vector<float>& def, const char* key);
  int pick(const Params& p, const char* key, const char* const* names, int n, int def);
  std::string pick_str(const Params& p, const char* key, const char* def, std::initializer_list<const char*> opts);
  void resize_states(int n);
  std::vector<float> inputs_key() const;
  void update();
  void make_signal();
  void simulate();
  void draw_controls();
  void draw_state_table();
  void draw_signal_canvas();
  void draw_plots();
  void draw_stability();
  void draw_check();

  // State (all in params()).
  int N_ = 4;
  std::vector<float> A_, B_, C_;
  float D_ = 0.0f, delta_ = 0.1f;
  int disc_ = 0;
  bool selective_ = false;
  int signal_ = 0, L_ = 64, seed_ = 1;
  float freq_ = 0.05f;
  std::vector<float> drawn_;
  std::string text_ = "state space";
  float wd_ = 1.0f, bd_ = -2.0f;
  std::vector<float> wB_, wC_;

  // Results, recomputed only when inputs_key() changes (a few hundred floats to compare).
  std::vector<float> key_;
  std::string key_text_;
  bool dirty_ = true;
  int simulations_ = 0;
  MambaSimResult res_;
  std::vector<Series> u_series_, h_series_, y_series_, dt_series_, k_series_;  // plot data, built on change
  LinePlotView u_view_, h_view_, y_view_, dt_view_, k_view_;
};

}  // namespace tmx::ui
