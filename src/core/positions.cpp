#include "core/positions.h"

#include <cmath>
#include <string>

#include "core/attention_example.h"
#include "core/error.h"

namespace tmx {

namespace {
constexpr double kTwoPi = 6.283185307179586476925;

void check_head(int n_head, int head_dim, Eigen::Index cols) {
  if (head_dim <= 0 || head_dim % 2 != 0)
    throw Error("RoPE needs an even head dimension, got " + std::to_string(head_dim));
  if (n_head <= 0 || cols != static_cast<Eigen::Index>(n_head) * head_dim)
    throw Error("RoPE input has " + std::to_string(cols) + " columns, expected n_head * head_dim = " +
                std::to_string(n_head) + " * " + std::to_string(head_dim));
}
}  // namespace

double sinusoid_wavelength(int pair, int C, double base) {
  return kTwoPi * std::pow(base, (2.0 * pair) / C);
}

double rope_frequency(int pair, int head_dim, double theta) {
  return 1.0 / std::pow(theta, (2.0 * pair) / head_dim);
}

Mat position_similarity(const Mat& pe) {
  const MatD p = pe.cast<double>();
  const Eigen::VectorXd n = p.rowwise().norm();
  MatD s = p * p.transpose();  // (T, T)
  for (Eigen::Index i = 0; i < s.rows(); ++i)
    for (Eigen::Index j = 0; j < s.cols(); ++j) {
      const double d = n(i) * n(j);
      s(i, j) = d > 0 ? s(i, j) / d : 0.0;
    }
  return s.cast<float>();
}

template <typename S>
void rope_interleaved_forward(MatT<S>& out, const MatT<S>& x, int n_head, int head_dim, int pos0, double theta) {
  check_head(n_head, head_dim, x.cols());
  const int half = head_dim / 2;
  out.resize(x.rows(), x.cols());  // (T, n_head*hd)
  for (Eigen::Index t = 0; t < x.rows(); ++t)
    for (int i = 0; i < half; ++i) {
      // the same float arithmetic as rope_forward, so the two layouts agree bit for bit
      const S inv_freq = static_cast<S>(1.0 / std::pow(theta, (2.0 * i) / head_dim));
      const S ang = static_cast<S>(pos0 + t) * inv_freq;
      const S c = std::cos(ang), s = std::sin(ang);
      for (int h = 0; h < n_head; ++h) {
        const Eigen::Index a = h * head_dim + 2 * i, b = a + 1;
        const S x1 = x(t, a), x2 = x(t, b);
        out(t, a) = x1 * c - x2 * s;
        out(t, b) = x2 * c + x1 * s;
      }
    }
}

std::vector<int> rope_interleaved_to_half(int head_dim) {
  if (head_dim <= 0 || head_dim % 2 != 0)
    throw Error("RoPE needs an even head dimension, got " + std::to_string(head_dim));
  std::vector<int> perm(static_cast<size_t>(head_dim));
  const int half = head_dim / 2;
  for (int j = 0; j < half; ++j) {
    perm[static_cast<size_t>(j)] = 2 * j;
    perm[static_cast<size_t>(j + half)] = 2 * j + 1;
  }
  return perm;
}

template <typename S>
MatT<S> permute_head_dims(const MatT<S>& x, const std::vector<int>& perm, int n_head) {
  const int hd = static_cast<int>(perm.size());
  check_head(n_head, hd, x.cols());
  MatT<S> out(x.rows(), x.cols());
  for (int h = 0; h < n_head; ++h)
    for (int j = 0; j < hd; ++j) out.col(h * hd + j) = x.col(h * hd + perm[static_cast<size_t>(j)]);
  return out;
}

double rope_dot(const Mat& q, const Mat& k, int m, int n, double theta) {
  if (q.rows() != 1 || k.rows() != 1 || q.cols() != k.cols())
    throw Error("rope_dot takes two (1, head_dim) vectors of the same width");
  Mat qr, kr;
  rope_forward(qr, q, 1, static_cast<int>(q.cols()), m, theta);
  rope_forward(kr, k, 1, static_cast<int>(k.cols()), n, theta);
  return qr.cast<double>().row(0).dot(kr.cast<double>().row(0));
}

template <typename S>
MatT<S> permute_rows(const MatT<S>& x, const std::vector<int>& order) {
  if (order.size() != static_cast<size_t>(x.rows()))
    throw Error("permutation has " + std::to_string(order.size()) + " entries for " + std::to_string(x.rows()) +
                " rows");
  std::vector<char> seen(order.size(), 0);
  MatT<S> out(x.rows(), x.cols());
  for (size_t i = 0; i < order.size(); ++i) {
    const int r = order[i];
    if (r < 0 || r >= static_cast<int>(order.size()) || seen[static_cast<size_t>(r)])
      throw Error("not a permutation: entry " + std::to_string(i) + " is " + std::to_string(r));
    seen[static_cast<size_t>(r)] = 1;
    out.row(static_cast<Eigen::Index>(i)) = x.row(r);
  }
  return out;
}

void rope_example(Mat& q, Mat& k) {
  q.resize(1, 4);
  k.resize(1, 4);
  q << 1.0f, 0.5f, 0.0f, 1.0f;
  k << 0.5f, 1.0f, 1.0f, -0.5f;
}

std::vector<int> positions_example_order() { return {2, 0, 1}; }
std::vector<int> positions_example_offsets() { return {1, 2, 5, 20}; }
std::vector<std::pair<int, int>> positions_example_rope_pairs() {
  return {{0, 0}, {2, 0}, {5, 3}, {12, 10}, {100, 98}, {1000, 998}, {3, 0}, {0, 3}, {10, 0}};
}

void positions_permutation_example(Mat& out, Mat& out_permuted) {
  Mat q, k, v;
  attention_example_inputs(q, k, v);
  const std::vector<int> order = positions_example_order();
  out = attention_example(q, k, v, false).out;
  out_permuted = attention_example(permute_rows(q, order), permute_rows(k, order), permute_rows(v, order), false).out;
}

#define TMX_INSTANTIATE(S)                                                                        \
  template void rope_interleaved_forward<S>(MatT<S>&, const MatT<S>&, int, int, int, double);     \
  template MatT<S> permute_head_dims<S>(const MatT<S>&, const std::vector<int>&, int);            \
  template MatT<S> permute_rows<S>(const MatT<S>&, const std::vector<int>&);
TMX_INSTANTIATE(float)
TMX_INSTANTIATE(double)
#undef TMX_INSTANTIATE

}  // namespace tmx
