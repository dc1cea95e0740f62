// Matrix products of the core: one packed, register-blocked float GEMM (and its GEMV for one row)
// for WebAssembly, where Eigen 3.4 has no SIMD backend and its own GEMM kernel runs scalar.
//
//   gemm_f32(...)   C = [C +] op(A) op(B) on raw row-major float buffers with leading dimensions.
//                   Compiled with SIMD128 (__wasm_simd128__: tmx_core's -msimd128) its micro-kernel
//                   runs on f32x4;
//                   elsewhere the same blocking and packing run on a 4-float struct (the scalar
//                   fallback, so native tests check the blocking, wasm tests the SIMD code).
//   matmul<TA, TB>(C, A, B, acc)
//                   what the ops call: in wasm builds, for float, gemm_f32 on the Eigen objects'
//                   buffers; everywhere else (native, double) the very Eigen expression the ops used
//                   before (`C.noalias() (+)= A * B.transpose()`), so native numbers do not change.
//
// Every operand is row-major with unit inner stride (MatT, its row/column blocks, Ref<const Mat>,
// Map<const Mat>); C must not overlap A or B (the ops' `noalias()` promise).
#pragma once
#include <Eigen/Core>
#include <type_traits>

namespace tmx {

// C (M x N, leading dim ldc)  =  [C +]  op(A) (M x K)  *  op(B) (K x N)
//   op(A) = A (M x K, lda)          or, with transA, A^T where A is (K x M, lda)
//   op(B) = B (K x N, ldb)          or, with transB, B^T where B is (N x K, ldb)
// K = 0 gives C = 0 (or leaves C as it is when accumulating). M = 1 takes the GEMV path.
void gemm_f32(float* C, int ldc, const float* A, int lda, bool transA, const float* B, int ldb, bool transB, int M,
              int N, int K, bool accumulate);

// True where matmul() uses gemm_f32 for float: web builds. Decided by __EMSCRIPTEN__, which every
// translation unit of a web build sees alike (only tmx_core is compiled with -msimd128, so
// __wasm_simd128__ would differ between the core and, say, a bench calling matmul: two meanings of
// one template instantiation). gemm.cpp belongs to tmx_core, so its kernel always has SIMD128 there.
#if defined(__EMSCRIPTEN__)
inline constexpr bool kGemmKernel = true;
#else
inline constexpr bool kGemmKernel = false;
#endif
// What float products run on, for the benches' headers: "wasm SIMD128 GEMM/GEMV (core/nn/gemm.h)",
// "scalar GEMM/GEMV (core/nn/gemm.h)" (a web build without SIMD128) or "Eigen".
const char* gemm_kernel_name();

// C = [C +] op(A) op(B) for row-major Eigen operands of scalar S (see the file comment); TA / TB
// transpose A / B. C must already have its shape (op(A).rows() x op(B).cols()).
template <bool TA, bool TB, typename DC, typename DA, typename DB>
void matmul(DC&& C, const DA& A, const DB& B, bool accumulate) {
  using S = typename std::decay_t<DC>::Scalar;
  if constexpr (kGemmKernel && std::is_same_v<S, float>) {
    static_assert(std::decay_t<DC>::IsRowMajor && DA::IsRowMajor && DB::IsRowMajor, "matmul: row-major operands");
    const int M = static_cast<int>(C.rows()), N = static_cast<int>(C.cols());
    const int K = static_cast<int>(TA ? A.rows() : A.cols());
    eigen_assert(M == (TA ? A.cols() : A.rows()) && K == (TB ? B.cols() : B.rows()) && N == (TB ? B.rows() : B.cols()));
    gemm_f32(C.data(), static_cast<int>(C.outerStride()), A.data(), static_cast<int>(A.outerStride()), TA, B.data(),
             static_cast<int>(B.outerStride()), TB, M, N, K, accumulate);
  } else {
    // The expressions the ops evaluated before the kernel existed (Eigen picks the same product).
    if constexpr (!TA && !TB) {
      if (accumulate) C.noalias() += A * B; else C.noalias() = A * B;
    } else if constexpr (!TA && TB) {
      if (accumulate) C.noalias() += A * B.transpose(); else C.noalias() = A * B.transpose();
    } else if constexpr (TA && !TB) {
      if (accumulate) C.noalias() += A.transpose() * B; else C.noalias() = A.transpose() * B;
    } else {
      if (accumulate) C.noalias() += A.transpose() * B.transpose(); else C.noalias() = A.transpose() * B.transpose();
    }
  }
}

}  // namespace tmx
