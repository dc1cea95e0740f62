// Input validation for the SSM code: one helper so every bad-input path throws the same way.
#pragma once
#include <string>

#include "core/error.h"

namespace tmx::ssm {

// Thrown on bad shapes, non-finite values and corrupt checkpoints (never a crash). It is a
// tmx::Error, so the CLI and UI show it like any other input error.
struct SsmError : Error {
  using Error::Error;
};

inline void ssm_check(bool ok, const std::string& msg) {
  if (!ok) throw SsmError("ssm: " + msg);
}

}  // namespace tmx::ssm
