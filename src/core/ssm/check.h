// Input validation for the SSM code: one helper so every bad-input path throws the same way.
#pragma once
#include <stdexcept>
#include <string>

namespace tmx::ssm {

// Thrown on bad shapes, non-finite parameters and corrupt checkpoints (never a crash).
struct SsmError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline void ssm_check(bool ok, const std::string& msg) {
  if (!ok) throw SsmError("ssm: " + msg);
}

}  // namespace tmx::ssm
