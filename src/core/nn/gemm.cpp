// The float GEMM / GEMV of core/nn/gemm.h. Layout (Goto / BLIS style, sized for one core's caches):
//   for jc in N by NC:          pack op(B)[pc.., jc..] into Bp: panels of NR = 8 columns, k-major
//     for pc in K by KC:
//       for ic in M by MC:      pack op(A)[ic.., pc..] into Ap: panels of MR = 4 rows, k-major
//         for each 4 x 8 tile:  micro-kernel: 8 f32x4 accumulators (4 rows x 2 vectors), one
//                               broadcast of A and two loads of B per k; edge tiles are zero-padded
//                               in the panels and only their valid part is stored.
// One row (M = 1: decode's projections, attention over the KV cache, the lm_head of one token) skips
// the packing: a GEMV with 4 independent f32x4 accumulators in cache, reading B along its rows when
// B is larger than the caches (see gemv).
// Without SIMD128 (native builds, where the ops use Eigen and only the tests call this) V4 is a
// struct of 4 floats with the same operations: the same blocking, scalar arithmetic.
#include "core/nn/gemm.h"

#include <algorithm>
#include <cstring>
#include <vector>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace tmx {
namespace {

#if defined(__wasm_simd128__)
using V4 = v128_t;
inline V4 vload(const float* p) { return wasm_v128_load(p); }
inline void vstore(float* p, V4 v) { wasm_v128_store(p, v); }
inline V4 vsplat(float x) { return wasm_f32x4_splat(x); }
inline V4 vzero() { return wasm_f32x4_splat(0.0f); }
inline V4 vadd(V4 a, V4 b) { return wasm_f32x4_add(a, b); }
// No FMA in SIMD128. Relaxed SIMD's f32x4.relaxed_madd would be one: Debian's emscripten 3.1.6
// (LLVM 14) emits only its prototype encoding (0xfd 0xaf 0x01, `-mrelaxed-simd`), which Chromium 156
// and node 20 reject ("invalid simd opcode"; tried 2026-12-06), so it waits for a newer toolchain.
inline V4 vmadd(V4 acc, V4 a, V4 b) { return wasm_f32x4_add(acc, wasm_f32x4_mul(a, b)); }
// (s0, s1, s2, s3) with s_i = the sum of the lanes of v_i.
inline V4 vhsum4(V4 v0, V4 v1, V4 v2, V4 v3) {
  const V4 a = wasm_i32x4_shuffle(v0, v1, 0, 4, 1, 5), b = wasm_i32x4_shuffle(v0, v1, 2, 6, 3, 7);  // v0/v1 lanes
  const V4 c = wasm_i32x4_shuffle(v2, v3, 0, 4, 1, 5), d = wasm_i32x4_shuffle(v2, v3, 2, 6, 3, 7);
  const V4 s01 = wasm_f32x4_add(a, b), s23 = wasm_f32x4_add(c, d);  // (v0 02, v1 02, v0 13, v1 13) etc.
  return wasm_f32x4_add(wasm_i32x4_shuffle(s01, s23, 0, 1, 4, 5), wasm_i32x4_shuffle(s01, s23, 2, 3, 6, 7));
}
#else
struct V4 {
  float v[4];
};
inline V4 vload(const float* p) { return V4{{p[0], p[1], p[2], p[3]}}; }
inline void vstore(float* p, V4 a) { std::memcpy(p, a.v, sizeof a.v); }
inline V4 vsplat(float x) { return V4{{x, x, x, x}}; }
inline V4 vzero() { return vsplat(0.0f); }
inline V4 vadd(V4 a, V4 b) { return V4{{a.v[0] + b.v[0], a.v[1] + b.v[1], a.v[2] + b.v[2], a.v[3] + b.v[3]}}; }
inline V4 vmadd(V4 c, V4 a, V4 b) {
  return V4{{c.v[0] + a.v[0] * b.v[0], c.v[1] + a.v[1] * b.v[1], c.v[2] + a.v[2] * b.v[2], c.v[3] + a.v[3] * b.v[3]}};
}
inline V4 vhsum4(V4 a, V4 b, V4 c, V4 d) {
  auto s = [](const V4& x) { return (x.v[0] + x.v[2]) + (x.v[1] + x.v[3]); };
  return V4{{s(a), s(b), s(c), s(d)}};
}
#endif
inline float vhsum(V4 a) {
  float t[4];
  vstore(t, a);
  return (t[0] + t[2]) + (t[1] + t[3]);
}

constexpr int MR = 4, NR = 8;      // micro-tile: 4 rows x 8 columns of C (8 f32x4 accumulators)
constexpr int KC = 256;            // k-block: a B micro-panel is KC x NR floats = 8 KB (L1)
constexpr int MC = 64;             // rows of A packed at once: MC x KC floats = 64 KB (L2)
constexpr int NC = 512;            // columns of B packed at once: KC x NC floats = 512 KB

// op(X)[r, c] of a row-major X with leading dimension ld (trans: X is stored transposed).
inline float at(const float* X, int ld, bool trans, int r, int c) { return trans ? X[c * ld + r] : X[r * ld + c]; }

// Bp (panels of KC x NR, k-major: Bp[p*kc*NR + k*NR + j] = op(B)[pc+k, jc+p*NR+j]) for kc x nc of
// op(B) starting at (pc, jc); columns past nc are zeros.
void pack_b(float* Bp, const float* B, int ldb, bool transB, int pc, int jc, int kc, int nc) {
  for (int p = 0; p < nc; p += NR) {
    const int nr = std::min(NR, nc - p);
    float* dst = Bp + static_cast<size_t>(p) * kc;  // this panel: (kc, NR)
    if (!transB && nr == NR) {
      for (int k = 0; k < kc; ++k) {
        const float* src = B + static_cast<size_t>(pc + k) * ldb + jc + p;  // op(B) row pc+k, 8 columns
        vstore(dst + k * NR, vload(src));
        vstore(dst + k * NR + 4, vload(src + 4));
      }
    } else if (transB) {
      for (int j = 0; j < NR; ++j) {  // B is (N, K): row jc+p+j holds op(B)'s column, contiguous in k
        if (j < nr) {
          const float* src = B + static_cast<size_t>(jc + p + j) * ldb + pc;  // (kc) contiguous
          for (int k = 0; k < kc; ++k) dst[k * NR + j] = src[k];
        } else {
          for (int k = 0; k < kc; ++k) dst[k * NR + j] = 0.0f;
        }
      }
    } else {
      for (int k = 0; k < kc; ++k)
        for (int j = 0; j < NR; ++j) dst[k * NR + j] = j < nr ? at(B, ldb, false, pc + k, jc + p + j) : 0.0f;
    }
  }
}

// Ap (panels of MR x kc, k-major: Ap[p*kc*MR + k*MR + i] = op(A)[ic+p*MR+i, pc+k]) for mc x kc of
// op(A) starting at (ic, pc); rows past mc are zeros.
void pack_a(float* Ap, const float* A, int lda, bool transA, int ic, int pc, int mc, int kc) {
  for (int p = 0; p < mc; p += MR) {
    const int mr = std::min(MR, mc - p);
    float* dst = Ap + static_cast<size_t>(p) * kc;  // this panel: (kc, MR)
    if (transA && mr == MR) {
      for (int k = 0; k < kc; ++k)  // A is (K, M): op(A)'s column pc+k is a row of A, 4 rows contiguous
        vstore(dst + k * MR, vload(A + static_cast<size_t>(pc + k) * lda + ic + p));
    } else {
      for (int i = 0; i < MR; ++i) {
        if (i < mr) {
          for (int k = 0; k < kc; ++k) dst[k * MR + i] = at(A, lda, transA, ic + p + i, pc + k);
        } else {
          for (int k = 0; k < kc; ++k) dst[k * MR + i] = 0.0f;
        }
      }
    }
  }
}

// C[0..mr, 0..nr] (ldc) = [C +] a_panel (kc x MR) * b_panel (kc x NR).
void micro_kernel(float* C, int ldc, const float* a, const float* b, int kc, int mr, int nr, bool accumulate) {
  V4 c00 = vzero(), c01 = vzero(), c10 = vzero(), c11 = vzero();  // rows 0..3 x (columns 0-3, 4-7)
  V4 c20 = vzero(), c21 = vzero(), c30 = vzero(), c31 = vzero();
  for (int k = 0; k < kc; ++k, a += MR, b += NR) {
    const V4 b0 = vload(b), b1 = vload(b + 4);
    V4 ai = vsplat(a[0]);
    c00 = vmadd(c00, ai, b0), c01 = vmadd(c01, ai, b1);
    ai = vsplat(a[1]);
    c10 = vmadd(c10, ai, b0), c11 = vmadd(c11, ai, b1);
    ai = vsplat(a[2]);
    c20 = vmadd(c20, ai, b0), c21 = vmadd(c21, ai, b1);
    ai = vsplat(a[3]);
    c30 = vmadd(c30, ai, b0), c31 = vmadd(c31, ai, b1);
  }
  const V4 acc[MR][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}};
  if (mr == MR && nr == NR) {
    for (int i = 0; i < MR; ++i) {
      float* row = C + static_cast<size_t>(i) * ldc;
      if (accumulate) {
        vstore(row, vadd(vload(row), acc[i][0]));
        vstore(row + 4, vadd(vload(row + 4), acc[i][1]));
      } else {
        vstore(row, acc[i][0]);
        vstore(row + 4, acc[i][1]);
      }
    }
    return;
  }
  float tile[MR][NR];  // the edge tile, then only its valid mr x nr part is written
  for (int i = 0; i < MR; ++i) vstore(tile[i], acc[i][0]), vstore(tile[i] + 4, acc[i][1]);
  for (int i = 0; i < mr; ++i)
    for (int j = 0; j < nr; ++j) {
      float& c = C[static_cast<size_t>(i) * ldc + j];
      c = accumulate ? c + tile[i][j] : tile[i][j];
    }
}

// y (N) = [y +] x (K) * op(B): the GEMV of one row.
void gemv(float* y, const float* x, const float* B, int ldb, bool transB, int N, int K, bool accumulate) {
  if (transB) {  // y[n] = dot(x, B row n), B: (N, K)
    // Four rows at a time share the loads of x, which pays while B is in cache (attention over the
    // KV cache). A B larger than L2 (the lm_head: 32000 x 288 floats, 37 MB) streams from memory,
    // where one row at a time (a single sequential stream) ran 1.8x faster in node than four
    // interleaved row streams: the 4-row blocks are skipped.
    const bool streamed = static_cast<size_t>(N) * ldb * sizeof(float) > (size_t(1) << 20);
    int n = 0;
    for (; !streamed && n + 4 <= N; n += 4) {
      const float* b0 = B + static_cast<size_t>(n) * ldb;  // rows n..n+3 of B, (K) each
      const float *b1 = b0 + ldb, *b2 = b1 + ldb, *b3 = b2 + ldb;
      V4 s0 = vzero(), s1 = vzero(), s2 = vzero(), s3 = vzero();
      int k = 0;
      for (; k + 4 <= K; k += 4) {
        const V4 xv = vload(x + k);
        s0 = vmadd(s0, xv, vload(b0 + k)), s1 = vmadd(s1, xv, vload(b1 + k));
        s2 = vmadd(s2, xv, vload(b2 + k)), s3 = vmadd(s3, xv, vload(b3 + k));
      }
      V4 s = vhsum4(s0, s1, s2, s3);
      if (k < K) {
        float t[4] = {0, 0, 0, 0};
        for (; k < K; ++k) t[0] += x[k] * b0[k], t[1] += x[k] * b1[k], t[2] += x[k] * b2[k], t[3] += x[k] * b3[k];
        s = vadd(s, vload(t));
      }
      if (accumulate) s = vadd(s, vload(y + n));
      vstore(y + n, s);
    }
    for (; n < N; ++n) {
      const float* b = B + static_cast<size_t>(n) * ldb;  // (K)
      V4 s0 = vzero(), s1 = vzero(), s2 = vzero(), s3 = vzero();
      int k = 0;
      for (; k + 16 <= K; k += 16) {
        s0 = vmadd(s0, vload(x + k), vload(b + k)), s1 = vmadd(s1, vload(x + k + 4), vload(b + k + 4));
        s2 = vmadd(s2, vload(x + k + 8), vload(b + k + 8)), s3 = vmadd(s3, vload(x + k + 12), vload(b + k + 12));
      }
      for (; k + 4 <= K; k += 4) s0 = vmadd(s0, vload(x + k), vload(b + k));
      float s = vhsum(vadd(vadd(s0, s1), vadd(s2, s3)));
      for (; k < K; ++k) s += x[k] * b[k];
      y[n] = accumulate ? y[n] + s : s;
    }
    return;
  }
  // y (N) += x[k] * B row k, B: (K, N).
  if (static_cast<size_t>(K) * ldb * sizeof(float) > (size_t(256) << 10)) {
    // A B that is not in L2 (decode's projections: every layer's weights pass through per token)
    // streams along its rows into y (N floats, in L1): in node 1.4-2x faster than the column blocks
    // below, which walk B down its columns 64 bytes per row. Four rows per pass load and store y a
    // quarter as often as one row per pass (decode's projections 1.25x faster in node); the sums
    // keep the order of one row at a time (y + x0 b0 + x1 b1 + ...), so the result is the same.
    if (!accumulate) std::fill(y, y + N, 0.0f);
    int k = 0;
    for (; k + 4 <= K; k += 4) {
      const float* b0 = B + static_cast<size_t>(k) * ldb;  // rows k..k+3, (N) each
      const float *b1 = b0 + ldb, *b2 = b1 + ldb, *b3 = b2 + ldb;
      const V4 x0 = vsplat(x[k]), x1 = vsplat(x[k + 1]), x2 = vsplat(x[k + 2]), x3 = vsplat(x[k + 3]);
      int n = 0;
      for (; n + 4 <= N; n += 4)
        vstore(y + n, vmadd(vmadd(vmadd(vmadd(vload(y + n), x0, vload(b0 + n)), x1, vload(b1 + n)), x2,
                                  vload(b2 + n)), x3, vload(b3 + n)));
      for (; n < N; ++n) y[n] = y[n] + x[k] * b0[n] + x[k + 1] * b1[n] + x[k + 2] * b2[n] + x[k + 3] * b3[n];
    }
    for (; k < K; ++k) {
      const float* b = B + static_cast<size_t>(k) * ldb;  // row k, (N)
      const V4 xk = vsplat(x[k]);
      int n = 0;
      for (; n + 4 <= N; n += 4) vstore(y + n, vmadd(vload(y + n), xk, vload(b + n)));
      for (; n < N; ++n) y[n] += x[k] * b[n];
    }
    return;
  }
  // In cache: y[n..n+16] = sum_k x[k] * B[k, n..n+16]; 16 columns = 4 independent accumulators
  int n = 0;
  for (; n + 16 <= N; n += 16) {
    V4 s0 = vzero(), s1 = vzero(), s2 = vzero(), s3 = vzero();
    for (int k = 0; k < K; ++k) {
      const float* b = B + static_cast<size_t>(k) * ldb + n;  // row k, columns n..n+15
      const V4 xk = vsplat(x[k]);
      s0 = vmadd(s0, xk, vload(b)), s1 = vmadd(s1, xk, vload(b + 4));
      s2 = vmadd(s2, xk, vload(b + 8)), s3 = vmadd(s3, xk, vload(b + 12));
    }
    if (accumulate) {
      s0 = vadd(s0, vload(y + n)), s1 = vadd(s1, vload(y + n + 4));
      s2 = vadd(s2, vload(y + n + 8)), s3 = vadd(s3, vload(y + n + 12));
    }
    vstore(y + n, s0), vstore(y + n + 4, s1), vstore(y + n + 8, s2), vstore(y + n + 12, s3);
  }
  for (; n + 4 <= N; n += 4) {
    V4 s = vzero();
    for (int k = 0; k < K; ++k) s = vmadd(s, vsplat(x[k]), vload(B + static_cast<size_t>(k) * ldb + n));
    if (accumulate) s = vadd(s, vload(y + n));
    vstore(y + n, s);
  }
  for (; n < N; ++n) {
    float s = 0;
    for (int k = 0; k < K; ++k) s += x[k] * B[static_cast<size_t>(k) * ldb + n];
    y[n] = accumulate ? y[n] + s : s;
  }
}

}  // namespace

const char* gemm_kernel_name() {
  if (!kGemmKernel) return "Eigen";
#if defined(__wasm_simd128__)
  return "wasm SIMD128 GEMM/GEMV (core/nn/gemm.h)";
#else
  return "scalar GEMM/GEMV (core/nn/gemm.h)";
#endif
}

void gemm_f32(float* C, int ldc, const float* A, int lda, bool transA, const float* B, int ldb, bool transB, int M,
              int N, int K, bool accumulate) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (!accumulate)
      for (int i = 0; i < M; ++i) std::fill(C + static_cast<size_t>(i) * ldc, C + static_cast<size_t>(i) * ldc + N, 0.0f);
    return;
  }
  if (M == 1) {
    if (!transA) return gemv(C, A, B, ldb, transB, N, K, accumulate);
    std::vector<float> x(static_cast<size_t>(K));  // (K): op(A)'s one row, a column of A (K, 1)
    for (int k = 0; k < K; ++k) x[static_cast<size_t>(k)] = A[static_cast<size_t>(k) * lda];
    return gemv(C, x.data(), B, ldb, transB, N, K, accumulate);
  }
  // Scratch for the packed blocks, kept per thread between calls (the core runs one thread).
  static thread_local std::vector<float> bp, ap;
  const int nc_max = std::min(NC, (N + NR - 1) / NR * NR), kc_max = std::min(KC, K);
  bp.resize(static_cast<size_t>(nc_max) * kc_max);                             // Bp: (kc, nc) in NR-panels
  ap.resize(static_cast<size_t>(std::min(MC, (M + MR - 1) / MR * MR)) * kc_max);  // Ap: (mc, kc) in MR-panels
  for (int jc = 0; jc < N; jc += NC) {
    const int nc = std::min(NC, N - jc);
    for (int pc = 0; pc < K; pc += KC) {
      const int kc = std::min(KC, K - pc);
      const bool acc = accumulate || pc > 0;  // later k-blocks add to the earlier ones
      pack_b(bp.data(), B, ldb, transB, pc, jc, kc, nc);
      for (int ic = 0; ic < M; ic += MC) {
        const int mc = std::min(MC, M - ic);
        pack_a(ap.data(), A, lda, transA, ic, pc, mc, kc);
        for (int jr = 0; jr < nc; jr += NR)
          for (int ir = 0; ir < mc; ir += MR)
            micro_kernel(C + static_cast<size_t>(ic + ir) * ldc + jc + jr, ldc, ap.data() + static_cast<size_t>(ir) * kc,
                         bp.data() + static_cast<size_t>(jr) * kc, kc, std::min(MR, mc - ir), std::min(NR, nc - jr), acc);
      }
    }
  }
}

}  // namespace tmx
