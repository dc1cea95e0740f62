#include "core/halfprec.h"

#include <cstring>

namespace tmx {

static uint32_t bits_of(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
static float float_of(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

// float32: 1 sign, 8 exponent (bias 127), 23 mantissa.  fp16: 1, 5 (bias 15), 10.
uint16_t float_to_half_bits(float f) {
  const uint32_t x = bits_of(f);
  const uint16_t sign = static_cast<uint16_t>((x >> 16) & 0x8000u);
  const uint32_t ax = x & 0x7FFFFFFFu;
  if (ax > 0x7F800000u) return sign | 0x7E00u;  // NaN -> quiet NaN (torch drops the payload)
  if (ax >= 0x477FF000u) return sign | 0x7C00u;  // >= 65520 rounds to inf (and inf stays inf)
  if (ax < 0x38800000u) {
    // Result is an fp16 subnormal (or zero): value = m * 2^-24. Adding 0.5f aligns the
    // mantissa so the FPU's own round-to-nearest-even does the rounding for us.
    const float r = float_of(ax) + 0.5f;  // 0.5 = 2^-1: ulp of [0.5,1) is 2^-24
    return sign | static_cast<uint16_t>(bits_of(r) - bits_of(0.5f));
  }
  // Normal: rebias exponent, round mantissa from 23 to 10 bits (ties to even).
  const uint32_t mant_odd = (ax >> 13) & 1u;
  uint32_t r = ax + 0xC8000FFFu + mant_odd;  // -(127-15)<<23 + 0xFFF + odd  (mod 2^32)
  return sign | static_cast<uint16_t>(r >> 13);
}

float half_bits_to_float(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t exp = (h >> 10) & 0x1Fu;
  const uint32_t mant = h & 0x3FFu;
  if (exp == 0) {
    // zero or subnormal: mant * 2^-24, exact in float
    const float v = static_cast<float>(mant) * 5.9604644775390625e-8f;
    return sign ? -v : v;
  }
  if (exp == 0x1F) return float_of(sign | 0x7F800000u | (mant << 13));  // inf / nan
  return float_of(sign | ((exp + 112) << 23) | (mant << 13));
}

// bf16 is the top half of a float32: round the low 16 bits away (ties to even).
uint16_t float_to_bf16_bits(float f) {
  const uint32_t x = bits_of(f);
  // NaN: torch's CPU tensor conversion (vectorized) writes 0xFFFF; c10::BFloat16's scalar
  // constructor would give 0x7FC0. We match the tensor op `.bfloat16()`.
  if ((x & 0x7FFFFFFFu) > 0x7F800000u) return 0xFFFFu;
  const uint32_t rounding_bias = 0x7FFFu + ((x >> 16) & 1u);
  return static_cast<uint16_t>((x + rounding_bias) >> 16);
}

float bf16_bits_to_float(uint16_t b) { return float_of(static_cast<uint32_t>(b) << 16); }

void floats_to_half(const float* src, uint16_t* dst, size_t n) {
  for (size_t i = 0; i < n; ++i) dst[i] = float_to_half_bits(src[i]);
}
void half_to_floats(const uint16_t* src, float* dst, size_t n) {
  for (size_t i = 0; i < n; ++i) dst[i] = half_bits_to_float(src[i]);
}
void floats_to_bf16(const float* src, uint16_t* dst, size_t n) {
  for (size_t i = 0; i < n; ++i) dst[i] = float_to_bf16_bits(src[i]);
}
void bf16_to_floats(const uint16_t* src, float* dst, size_t n) {
  for (size_t i = 0; i < n; ++i) dst[i] = bf16_bits_to_float(src[i]);
}

}  // namespace tmx
