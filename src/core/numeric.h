// Numeric comparison helpers used by tests, goldens and the UI's "check" panels.
// NMSE as in ggml/whisper.cpp: sum((a-b)^2) / sum(a^2).
#pragma once
#include <cstddef>
#include <string>

namespace tmx {

struct Diff {
  double max_abs = 0;   // max |a - b|
  double max_rel = 0;   // max |a - b| / max(|b|, floor)
  double nmse = 0;      // sum (a-b)^2 / sum b^2   (b is the reference)
  bool non_finite = false;  // a NaN/Inf appeared in a or b where the other was finite
};

// Compare a against reference b (n elements). rel_floor keeps relative error meaningful near 0.
Diff compare(const float* a, const float* b, size_t n, double rel_floor = 1e-6);
Diff compare(const double* a, const double* b, size_t n, double rel_floor = 1e-12);

// One number through a printf format with a single double conversion ("%.3f", "%g", "%.1e"),
// as widgets, scenes and the CLI print it. The format is always a literal of the caller's.
std::string format_number(const char* printf_format, double v);

}  // namespace tmx
