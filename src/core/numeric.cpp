#include "core/numeric.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tmx {

template <typename T>
static Diff compare_impl(const T* a, const T* b, size_t n, double rel_floor) {
  Diff d;
  double err2 = 0, ref2 = 0;
  for (size_t i = 0; i < n; ++i) {
    const double x = a[i], y = b[i];
    if (!std::isfinite(x) || !std::isfinite(y)) {
      // Same non-finite value on both sides (inf == inf, nan vs nan) is agreement.
      const bool same = (std::isnan(x) && std::isnan(y)) || x == y;
      if (!same) d.non_finite = true;
      continue;
    }
    const double e = std::fabs(x - y);
    d.max_abs = std::max(d.max_abs, e);
    d.max_rel = std::max(d.max_rel, e / std::max(std::fabs(y), rel_floor));
    err2 += e * e;
    ref2 += y * y;
  }
  d.nmse = ref2 > 0 ? err2 / ref2 : err2;
  return d;
}

Diff compare(const float* a, const float* b, size_t n, double rel_floor) {
  return compare_impl(a, b, n, rel_floor);
}
Diff compare(const double* a, const double* b, size_t n, double rel_floor) {
  return compare_impl(a, b, n, rel_floor);
}

std::string format_number(const char* printf_format, double v) {
  char b[64];
  std::snprintf(b, sizeof b, printf_format, v);
  return b;
}

}  // namespace tmx
