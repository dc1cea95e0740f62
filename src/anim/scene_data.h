// Helpers for scenes that take their numbers from a core trace.
#pragma once
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

}  // namespace tmx::anim
