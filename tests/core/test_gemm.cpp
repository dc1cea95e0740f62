// The float GEMM/GEMV (core/nn/gemm.h) against a plain triple loop in double precision. Natively
// this runs the kernel's scalar fallback; the wasm core tests run its SIMD128 code, so both paths
// are checked on the same shapes: odd sizes around the 4 x 8 tile and the cache blocks (K past
// 256, N past 512, M past 64), K = 0 and 1, one row (the GEMV, in cache and streamed), transposed
// operands, accumulation, and leading dimensions wider than the matrices (nothing outside C's
// window may be written).
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "core/nn/gemm.h"
#include "core/nn/ops.h"
#include "core/rng.h"

using namespace tmx;

namespace {

struct Case {
  int M, N, K;
  bool ta, tb, acc;
};

std::vector<float> random_buf(Rng& rng, size_t n) {
  std::vector<float> v(n);
  for (float& x : v) x = static_cast<float>(rng.uniform() * 2.0 - 1.0);
  return v;
}

// Runs one case through gemm_f32 with padded leading dimensions and checks every element of C
// (relative to sum_k |a b|, the scale of the rounding) and every padding element.
void check_case(const Case& c, Rng& rng) {
  const int pad = 3;
  const int a_rows = c.ta ? c.K : c.M, a_cols = c.ta ? c.M : c.K;  // A as stored
  const int b_rows = c.tb ? c.N : c.K, b_cols = c.tb ? c.K : c.N;  // B as stored
  const int lda = a_cols + pad, ldb = b_cols + pad, ldc = c.N + pad;
  const std::vector<float> A = random_buf(rng, static_cast<size_t>(std::max(a_rows, 1)) * lda);  // (a_rows, lda)
  const std::vector<float> B = random_buf(rng, static_cast<size_t>(std::max(b_rows, 1)) * ldb);  // (b_rows, ldb)
  const std::vector<float> C0 = random_buf(rng, static_cast<size_t>(c.M) * ldc);                  // (M, ldc)
  std::vector<float> C = C0;
  gemm_f32(C.data(), ldc, A.data(), lda, c.ta, B.data(), ldb, c.tb, c.M, c.N, c.K, c.acc);
  auto a = [&](int i, int k) { return double(c.ta ? A[size_t(k) * lda + i] : A[size_t(i) * lda + k]); };
  auto b = [&](int k, int j) { return double(c.tb ? B[size_t(j) * ldb + k] : B[size_t(k) * ldb + j]); };
  double worst = 0;
  int bad_pad = 0;
  for (int i = 0; i < c.M; ++i) {
    for (int j = 0; j < c.N; ++j) {
      double ref = c.acc ? double(C0[size_t(i) * ldc + j]) : 0.0, scale = std::fabs(ref);
      for (int k = 0; k < c.K; ++k) ref += a(i, k) * b(k, j), scale += std::fabs(a(i, k) * b(k, j));
      worst = std::max(worst, std::fabs(double(C[size_t(i) * ldc + j]) - ref) / std::max(scale, 1e-30));
      if (c.K == 0 && !c.acc && C[size_t(i) * ldc + j] != 0.0f) worst = 1;  // K = 0 must give exact zeros
    }
    for (int j = c.N; j < ldc; ++j) bad_pad += C[size_t(i) * ldc + j] != C0[size_t(i) * ldc + j];
  }
  INFO("M=" << c.M << " N=" << c.N << " K=" << c.K << " transA=" << c.ta << " transB=" << c.tb
            << " accumulate=" << c.acc << " worst relative error " << worst);
  CHECK(worst <= 1e-5);
  CHECK(bad_pad == 0);
}

}  // namespace

TEST_CASE("gemm_f32 matches a double-precision triple loop on odd shapes", "[core][gemm]") {
  Rng rng(7);
  const std::vector<Case> shapes = {
      {1, 1, 1, false, false, false},   {1, 1, 1, false, true, true},     {1, 37, 1, false, true, false},
      {1, 300, 288, false, true, false}, {1, 300, 288, false, false, true}, {1, 19, 70, true, false, false},
      {1, 5, 13, true, true, true},     {3, 5, 7, false, false, false},   {5, 9, 1, false, true, false},
      {4, 8, 16, false, false, false},  {7, 13, 0, false, false, false},  {7, 13, 0, true, true, true},
      {1, 6, 0, false, true, false},    {13, 29, 300, false, true, false}, {13, 29, 300, true, false, true},
      {70, 21, 33, false, false, true},  {70, 21, 33, true, true, false},  {6, 530, 40, false, true, false},
      {6, 530, 40, false, false, false}, {67, 17, 259, true, false, false}, {2, 3, 4, false, false, false},
      {1, 1001, 301, false, true, true},  // a B past 1 MB: the GEMV's one-row streaming path
      {1, 303, 290, false, false, true},  {1, 303, 290, true, false, false},  // B past 256 KB: row streaming,
      {1, 30000, 3, false, false, true},  {1, 20000, 5, false, false, false},  // four rows a pass and the rest
  };
  for (const Case& c : shapes) check_case(c, rng);
}

TEST_CASE("gemm_f32 fails a wrong answer: a changed input changes the product", "[core][gemm]") {
  // The comparison above is not vacuous: C's entries follow A (one changed entry moves its row).
  std::vector<float> A = {1, 2, 3, 4, 5, 6}, B = {1, 0, 0, 1, 1, 1}, C(4, -1.0f);  // A (2x3), B (3x2), C (2x2)
  gemm_f32(C.data(), 2, A.data(), 3, false, B.data(), 2, false, 2, 2, 3, false);
  CHECK(C == std::vector<float>{4, 5, 10, 11});
  A[0] = 2;
  gemm_f32(C.data(), 2, A.data(), 3, false, B.data(), 2, false, 2, 2, 3, true);  // accumulates
  CHECK(C == std::vector<float>{4 + 5, 5 + 5, 20, 22});
}

TEST_CASE("matmul on Eigen blocks gives the product of the blocks", "[core][gemm]") {
  // What the ops pass: column blocks of row-major matrices (attention's heads) and Refs.
  Mat q = Mat::Random(9, 12), k = Mat::Random(11, 12), v = Mat::Random(11, 12), out = Mat::Zero(9, 12);
  Mat w(9, 11);
  matmul<false, true>(w, q.middleCols(4, 4), k.middleCols(4, 4), false);  // (9, 11) = q_h k_h^T
  MatT<double> ref = q.middleCols(4, 4).cast<double>() * k.middleCols(4, 4).cast<double>().transpose();
  CHECK((w.cast<double>() - ref).cwiseAbs().maxCoeff() < 1e-5);
  matmul<false, false>(out.middleCols(8, 4), w, v.middleCols(8, 4), true);  // (9, 4) += w v_h
  ref = w.cast<double>() * v.middleCols(8, 4).cast<double>();
  CHECK((out.middleCols(8, 4).cast<double>() - ref).cwiseAbs().maxCoeff() < 1e-5);
  CHECK(out.leftCols(8).cwiseAbs().maxCoeff() == 0.0f);  // the other heads' columns are untouched
  Mat g = Mat::Zero(12, 12);
  matmul<true, false>(g, q, q, false);  // (12, 12) = q^T q
  CHECK((g.cast<double>() - q.cast<double>().transpose() * q.cast<double>()).cwiseAbs().maxCoeff() < 1e-5);
}
