#include "core/ssm/discretize.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

#include "core/ssm/check.h"

namespace tmx::ssm {

// |Ā| may exceed 1 by rounding only; anything beyond this is growth.
static constexpr double kStableSlack = 1e-6;

const char* discretization_name(Discretization m) {
  switch (m) {
    case Discretization::ZOH: return "zoh";
    case Discretization::Bilinear: return "bilinear";
    case Discretization::Euler: return "euler";
  }
  return "?";
}

DiagDiscrete discretize_diag(Discretization m, float delta, const Vec& A, const Vec& B) {
  ssm_check(A.size() == B.size(), "discretize_diag: A and B must both have N entries");
  ssm_check(std::isfinite(delta) && delta > 0, "discretize_diag: delta must be finite and > 0");
  ssm_check(A.allFinite() && B.allFinite(), "discretize_diag: A or B has NaN/Inf");
  const int N = (int)A.size();
  DiagDiscrete r;
  r.A_bar.resize(N);  // (N)
  r.B_bar.resize(N);  // (N)
  for (int n = 0; n < N; ++n) {
    const double a = A[n], b = B[n], dA = (double)delta * a;
    double ab = 0, bb = 0;
    switch (m) {
      case Discretization::ZOH:
        // Ā = exp(ΔA);  B̄ = (exp(ΔA) − 1)/A · B  (→ ΔB as A → 0; expm1 keeps it exact near 0)
        ab = std::exp(dA);
        bb = (std::fabs(a) > 1e-30) ? std::expm1(dA) / a * b : (double)delta * b;
        break;
      case Discretization::Bilinear:
        // Ā = (1 + ΔA/2)/(1 − ΔA/2);  B̄ = ΔB/(1 − ΔA/2)   (a pole at ΔA = 2: reject)
        ssm_check(std::fabs(1.0 - dA / 2) > 1e-12, "bilinear: 1 - delta*A/2 is zero");
        ab = (1.0 + dA / 2) / (1.0 - dA / 2);
        bb = (double)delta * b / (1.0 - dA / 2);
        break;
      case Discretization::Euler:
        // Ā = 1 + ΔA;  B̄ = ΔB   (stable only for −2 ≤ ΔA ≤ 0)
        ab = 1.0 + dA;
        bb = (double)delta * b;
        break;
    }
    r.A_bar[n] = (float)ab;
    r.B_bar[n] = (float)bb;
    r.spectral_radius = std::max(r.spectral_radius, (float)std::fabs(ab));
    if (!(std::fabs(ab) <= 1.0 + kStableSlack)) r.stable = false;
  }
  return r;
}

MatD matrix_exp(const MatD& M) {
  ssm_check(M.rows() == M.cols(), "matrix_exp: matrix must be square");
  ssm_check(M.allFinite(), "matrix_exp: NaN/Inf in matrix");
  // exp(M) = exp(M / 2^s)^(2^s): scale until ||M/2^s||_1 <= 1/2, then Taylor converges fast.
  const double norm = M.cwiseAbs().colwise().sum().maxCoeff();
  int s = 0;
  if (norm > 0.5) s = (int)std::ceil(std::log2(norm / 0.5));
  ssm_check(s < 1000, "matrix_exp: norm too large");
  const MatD X = M / std::ldexp(1.0, s);
  const int n = (int)M.rows();
  MatD E = MatD::Identity(n, n);     // (n, n) running sum
  MatD term = MatD::Identity(n, n);  // (n, n) X^k / k!
  for (int k = 1; k <= 24; ++k) {    // ||X|| <= 1/2: 24 terms is far below double epsilon
    term = term * X / (double)k;
    E += term;
  }
  for (int i = 0; i < s; ++i) E = E * E;
  return E;
}

double spectral_radius(const MatD& M) {
  ssm_check(M.rows() == M.cols(), "spectral_radius: matrix must be square");
  Eigen::MatrixXd m = M;  // EigenSolver wants column-major
  Eigen::EigenSolver<Eigen::MatrixXd> es(m, /*computeEigenvectors=*/false);
  return es.eigenvalues().cwiseAbs().maxCoeff();
}

DenseDiscrete discretize_dense(Discretization m, double delta, const MatD& A, const MatD& B) {
  const int N = (int)A.rows();
  ssm_check(N > 0 && A.cols() == N, "discretize_dense: A must be (N, N)");
  ssm_check(B.rows() == N && B.cols() == 1, "discretize_dense: B must be (N, 1)");
  ssm_check(std::isfinite(delta) && delta > 0, "discretize_dense: delta must be finite and > 0");
  ssm_check(A.allFinite() && B.allFinite(), "discretize_dense: A or B has NaN/Inf");
  DenseDiscrete r;
  const MatD I = MatD::Identity(N, N);
  switch (m) {
    case Discretization::ZOH: {
      // Van Loan: exp(Δ [[A, B], [0, 0]]) = [[Ā, B̄], [0, 1]] with Ā = exp(ΔA) and
      // B̄ = ∫₀^Δ exp(sA) ds B = A⁻¹(exp(ΔA) − I) B — valid even when A is singular.
      MatD aug = MatD::Zero(N + 1, N + 1);  // (N+1, N+1)
      aug.topLeftCorner(N, N) = delta * A;
      aug.topRightCorner(N, 1) = delta * B;
      const MatD E = matrix_exp(aug);
      r.A_bar = E.topLeftCorner(N, N);
      r.B_bar = E.topRightCorner(N, 1);
      break;
    }
    case Discretization::Bilinear: {
      // Ā = (I − ΔA/2)⁻¹ (I + ΔA/2);  B̄ = (I − ΔA/2)⁻¹ Δ B
      const MatD L = I - (delta / 2) * A;
      Eigen::FullPivLU<MatD> lu(L);
      ssm_check(lu.isInvertible(), "bilinear: I - delta*A/2 is singular");
      r.A_bar = lu.solve(I + (delta / 2) * A);
      r.B_bar = lu.solve(delta * B);
      break;
    }
    case Discretization::Euler:
      // Ā = I + ΔA;  B̄ = Δ B
      r.A_bar = I + delta * A;
      r.B_bar = delta * B;
      break;
  }
  r.spectral_radius = spectral_radius(r.A_bar);
  r.stable = r.spectral_radius <= 1.0 + kStableSlack;
  return r;
}

}  // namespace tmx::ssm
