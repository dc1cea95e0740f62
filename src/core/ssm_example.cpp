#include "core/ssm_example.h"

#include <cmath>

#include "core/nn/elementwise.h"

namespace tmx {

ScalarSSM discretize_scalar(double a, double b, double delta, Discretization method) {
  ScalarSSM d;
  switch (method) {
    case Discretization::ZOH:
      d.a_bar = std::exp(delta * a);
      // (exp(ΔA) - 1)/A → Δ as A → 0; expm1 keeps it accurate near 0.
      d.b_bar = (a == 0.0 ? delta : std::expm1(delta * a) / a) * b;
      break;
    case Discretization::Bilinear:
      d.a_bar = (1.0 + delta * a / 2.0) / (1.0 - delta * a / 2.0);
      d.b_bar = delta / (1.0 - delta * a / 2.0) * b;
      break;
    case Discretization::Euler:
      d.a_bar = 1.0 + delta * a;
      d.b_bar = delta * b;
      break;
  }
  return d;
}

std::vector<double> ssm_recurrence(const ScalarSSM& d, double c, const std::vector<double>& x,
                                   std::vector<double>* h_out) {
  std::vector<double> y(x.size());
  double h = 0;
  if (h_out) h_out->assign(x.size(), 0.0);
  for (size_t t = 0; t < x.size(); ++t) {
    h = d.a_bar * h + d.b_bar * x[t];
    if (h_out) (*h_out)[t] = h;
    y[t] = c * h;
  }
  return y;
}

std::vector<double> ssm_kernel(const ScalarSSM& d, double c, int length) {
  std::vector<double> k(length > 0 ? static_cast<size_t>(length) : 0);
  double p = 1;
  for (double& v : k) {
    v = c * p * d.b_bar;
    p *= d.a_bar;
  }
  return k;
}

std::vector<double> causal_conv(const std::vector<double>& kernel, const std::vector<double>& x) {
  std::vector<double> y(x.size(), 0.0);
  for (size_t t = 0; t < x.size(); ++t)
    for (size_t j = 0; j <= t && j < kernel.size(); ++j) y[t] += kernel[j] * x[t - j];
  return y;
}

double softplus(double x) { return ew::softplus(x); }

std::vector<double> selective_recurrence(double a, double b, double c, double w, double bias,
                                         const std::vector<double>& x, std::vector<double>* delta,
                                         std::vector<double>* a_bar, std::vector<double>* h_out) {
  std::vector<double> y(x.size());
  if (delta) delta->assign(x.size(), 0.0);
  if (a_bar) a_bar->assign(x.size(), 0.0);
  if (h_out) h_out->assign(x.size(), 0.0);
  double h = 0;
  for (size_t t = 0; t < x.size(); ++t) {
    const double dt = softplus(w * x[t] + bias);
    const ScalarSSM d = discretize_scalar(a, b, dt, Discretization::ZOH);
    h = d.a_bar * h + d.b_bar * x[t];
    y[t] = c * h;
    if (delta) (*delta)[t] = dt;
    if (a_bar) (*a_bar)[t] = d.a_bar;
    if (h_out) (*h_out)[t] = h;
  }
  return y;
}

}  // namespace tmx
