// fp16 (IEEE binary16) and bf16 (bfloat16) conversions, bit-exact with PyTorch's
// `.half()` / `.bfloat16()` on CPU: round-to-nearest-even, subnormals kept, overflow to ±inf,
// NaN to a quiet NaN (fp16: sign | 0x7E00; bf16: 0xFFFF, what torch's CPU tensor conversion
// writes for every NaN).
#pragma once
#include <cstddef>
#include <cstdint>

namespace tmx {

uint16_t float_to_half_bits(float f);
float half_bits_to_float(uint16_t h);
uint16_t float_to_bf16_bits(float f);
float bf16_bits_to_float(uint16_t b);

// Round-trips: the float nearest to f in that format (what a value "looks like" in fp16/bf16).
inline float round_to_half(float f) { return half_bits_to_float(float_to_half_bits(f)); }
inline float round_to_bf16(float f) { return bf16_bits_to_float(float_to_bf16_bits(f)); }

// Array helpers.
void floats_to_half(const float* src, uint16_t* dst, size_t n);
void half_to_floats(const uint16_t* src, float* dst, size_t n);
void floats_to_bf16(const float* src, uint16_t* dst, size_t n);
void bf16_to_floats(const uint16_t* src, float* dst, size_t n);

}  // namespace tmx
