// A one-state (scalar, i.e. one diagonal entry) state space model for the notes' worked
// examples: discretization, recurrence, convolution kernel, and a selective (input-dependent Δ)
// recurrence. Formulas follow S4 (Gu et al. 2022) and Mamba (Gu & Dao 2023):
//   ZOH:      Ā = exp(ΔA),               B̄ = (exp(ΔA) - 1) / A · B
//   bilinear: Ā = (1 + ΔA/2)/(1 - ΔA/2), B̄ = Δ / (1 - ΔA/2) · B
//   Euler:    Ā = 1 + ΔA,                B̄ = Δ B
//   h_t = Ā h_{t-1} + B̄ x_t,   y_t = C h_t,   K_j = C Ā^j B̄,   y = K * x (causal convolution)
#pragma once
#include <vector>

namespace tmx {

enum class Discretization { ZOH, Bilinear, Euler };

struct ScalarSSM {
  double a_bar = 0, b_bar = 0;
};

ScalarSSM discretize_scalar(double a, double b, double delta, Discretization method);
// y_t for t = 0..T-1 from h_{-1} = 0; the states go to *h if given.
std::vector<double> ssm_recurrence(const ScalarSSM& d, double c, const std::vector<double>& x,
                                   std::vector<double>* h = nullptr);
std::vector<double> ssm_kernel(const ScalarSSM& d, double c, int length);
std::vector<double> causal_conv(const std::vector<double>& kernel, const std::vector<double>& x);

double softplus(double x);
// Selective SSM (ZOH per step): Δ_t = softplus(w x_t + bias). Fills per-step Δ, Ā, h; returns y.
std::vector<double> selective_recurrence(double a, double b, double c, double w, double bias,
                                         const std::vector<double>& x, std::vector<double>* delta,
                                         std::vector<double>* a_bar, std::vector<double>* h);

}  // namespace tmx
