// Overflow-safe size arithmetic: the one place where sizes read from untrusted input (tensor
// shapes, header lengths, counts) are multiplied or added. Every product of dimensions that
// came from a file goes through these, so a hostile shape gives a clear error, never a wrapped
// size, a signed overflow or a giant allocation.
//
//   int64_t n;
//   if (!checked_mul(rows, cols, n)) throw ...;                        // false on overflow
//   const int64_t numel = checked_product(shape, kMaxIndex, "tensor 'w'");  // throws tmx::Error
//
// kMaxIndex is the largest Eigen::Index on the *smallest* target (wasm32: 2^31 - 1), so a size
// accepted natively is also representable in the browser build.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"

namespace tmx {

constexpr int64_t kMaxIndex = INT32_MAX;

// a * b and a + b for non-negative a, b: false if either is negative or the result exceeds limit.
inline bool checked_mul(int64_t a, int64_t b, int64_t& out, int64_t limit = INT64_MAX) {
  if (a < 0 || b < 0) return false;
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r) || r > limit) return false;
  out = r;
  return true;
}
inline bool checked_add(int64_t a, int64_t b, int64_t& out, int64_t limit = INT64_MAX) {
  if (a < 0 || b < 0) return false;
  int64_t r;
  if (__builtin_add_overflow(a, b, &r) || r > limit) return false;
  out = r;
  return true;
}

// Product of dims (1 for none). Throws tmx::Error "<what>: size <dims> overflows (limit L)" if a
// dim is negative or the product exceeds limit.
inline int64_t checked_product(const std::vector<int64_t>& dims, int64_t limit, const std::string& what) {
  int64_t n = 1;
  for (int64_t d : dims)
    if (!checked_mul(n, d, n, limit)) {
      std::string s = "[";
      for (size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
      throw Error(ErrorKind::TooLarge, s + "]", what + ": size " + s + "] is too large (limit " + std::to_string(limit) + " elements)");
    }
  return n;
}

}  // namespace tmx
