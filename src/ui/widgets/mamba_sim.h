// "Mamba recurrence simulator" (slug `mamba-sim`): a diagonal SSM with N states driven by an
// input signal; every number from src/core/ssm. Declared in a header so tests can check that
// what it shows (result()) equals the core's computation for the same parameters.
#pragma once
#include <string>
#include <vector>

#include "core/ssm/discretize.h"
#include "core/ssm/selective_scan.h"
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
  static constexpr int kMaxL = 512;
  static constexpr float kMaxDelta = 10.0f, kMinDelta = 1e-3f;
  // The input u_t (URL `sig`): `list` takes the values of `u` (one per step).
  enum class Signal { Impulse, Step, Sine, Square, Noise, Drawn, Text, List };
  enum class Mode { LTI, Selective };

  MambaSim();
  void draw() override;

  // --- for tests and the benchmark ---
  void compute_now() { update(); }   // what draw() does before drawing
  const MambaSimResult& result() const { return res_; }
  const std::vector<Series>& delta_series() const { return dt_series_; }  // the Δ_t plot (selective)
  int simulations() const { return simulations_; }  // how often the core was run (caching check)
  // One stroke segment of the drawn signal: points i0..i1 (either order) on the straight line
  // from v0 to v1, so a fast drag leaves no gaps between the mouse samples.
  static void paint_segment(std::vector<float>& pts, int i0, float v0, int i1, float v1);
  // The drawn points as an input of L steps: interpolated when L >= the points, otherwise each
  // step the mean of its share of the points (every point counts, none is skipped).
  static std::vector<float> drawn_signal(const std::vector<float>& pts, int L);

 private:
  void after_params() override;
  std::vector<float> fit(std::vector<float> v, const std::vector<float>& def, const char* key);
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

  // State (all declared in the constructor, so in params()).
  int N_;
  std::vector<float> A_, B_, C_;
  float D_, delta_;
  ssm::Discretization disc_;
  Mode mode_;
  ssm::BRule brule_;
  Signal signal_;
  int L_, seed_;
  float freq_;
  std::vector<float> drawn_, list_;
  int stroke_i_ = -1;     // the drag's previous point (-1: not drawing)
  float stroke_v_ = 0;
  std::string text_;
  float wd_, bd_;
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
