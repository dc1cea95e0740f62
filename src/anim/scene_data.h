// Helpers for scenes that take their numbers from the core: a traced tensor by name, and one
// number formatted for the stage.
#pragma once
#include <cstdio>
#include <stdexcept>
#include <string>

#include "core/trace.h"

namespace tmx::anim {

// The traced tensor, or an exception naming it (a renamed trace entry must fail loudly).
inline const Mat& need(const Trace& tr, const std::string& name) {
  const Mat* m = tr.get(name);
  if (!m) throw std::runtime_error("scene data: trace has no '" + name + "'");
  return *m;
}

// One number as the stage shows it, printf-style: num("%.2f", 0.256) == "0.26".
inline std::string num(const char* fmt, double v) {
  char b[48];
  std::snprintf(b, sizeof b, fmt, v);
  return b;
}

}  // namespace tmx::anim
