// Seeded, portable random numbers. std::mt19937's output sequence is fixed by the C++ standard,
// but std::uniform_*_distribution / std::normal_distribution are not (libstdc++, libc++ and
// Emscripten differ), so the distributions are written here: the same seed gives the same
// samples, dropout masks and initial weights natively and in the browser.
#pragma once
#include <cmath>
#include <cstdint>
#include <random>

namespace tmx {

class Rng {
 public:
  explicit Rng(uint32_t seed = 1337) : gen_(seed) {}
  void seed(uint32_t s) { gen_.seed(s); has_spare_ = false; }

  uint32_t next_u32() { return static_cast<uint32_t>(gen_()); }

  // Uniform in [0, 1) with 24 random bits (every value exactly representable as float).
  float uniform() { return static_cast<float>(next_u32() >> 8) * (1.0f / 16777216.0f); }
  // Uniform in [0, 1) with 53 random bits.
  double uniform_double() {
    const uint64_t hi = next_u32() >> 5, lo = next_u32() >> 6;  // 27 + 26 bits
    return static_cast<double>((hi << 26) | lo) * (1.0 / 9007199254740992.0);
  }
  // Uniform integer in [0, n), unbiased (rejection sampling). n must be > 0.
  uint32_t below(uint32_t n) {
    const uint32_t limit = static_cast<uint32_t>((uint64_t(1) << 32) - ((uint64_t(1) << 32) % n));
    for (;;) {
      const uint64_t x = next_u32();
      if (limit == 0 || x < limit) return static_cast<uint32_t>(x % n);
    }
  }
  // Standard normal (Box-Muller in double, one spare kept).
  float normal() {
    if (has_spare_) {
      has_spare_ = false;
      return static_cast<float>(spare_);
    }
    double u1;
    do u1 = uniform_double(); while (u1 <= 0.0);
    const double u2 = uniform_double();
    const double r = std::sqrt(-2.0 * std::log(u1));
    spare_ = r * std::sin(6.283185307179586 * u2);
    has_spare_ = true;
    return static_cast<float>(r * std::cos(6.283185307179586 * u2));
  }
  float normal(float mean, float std) { return mean + std * normal(); }

 private:
  std::mt19937 gen_;
  bool has_spare_ = false;
  double spare_ = 0;
};

}  // namespace tmx
