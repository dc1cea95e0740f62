// Shared by the libFuzzer targets (tests/fuzz/fuzz_*.cpp, built by scripts/fuzz.sh with clang,
// ASan and UBSan). A target feeds the bytes to one parser of untrusted input: tmx::Error is the
// expected answer to bad input; anything else (a crash, a sanitizer report, another exception,
// a broken invariant via FUZZ_CHECK, a leak, running out of the RSS limit) is a finding.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/error.h"

#define FUZZ_CHECK(cond)                                                          \
  do {                                                                            \
    if (!(cond)) {                                                                \
      std::fprintf(stderr, "FUZZ_CHECK failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                               \
    }                                                                             \
  } while (0)

namespace tmx::fuzz {
inline std::string_view bytes(const uint8_t* data, size_t size) { return {reinterpret_cast<const char*>(data), size}; }
}  // namespace tmx::fuzz
