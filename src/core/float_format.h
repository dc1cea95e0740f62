// The fields of a floating-point number in FP32, FP16 and BF16: sign / exponent / mantissa bits,
// the decoded value, its class (zero, subnormal, normal, inf, NaN), the neighbours one bit pattern
// up and down, and the ulp. FP16 and BF16 encodings come from core/halfprec.h (bit-exact with
// PyTorch). The `number-formats` widget and the `mixed-precision` scene show these numbers.
#pragma once
#include <cstdint>
#include <string>

namespace tmx {

enum class FloatFormat { FP32, FP16, BF16 };
constexpr int kFloatFormatCount = 3;

struct FloatFormatSpec {
  const char* name;   // "FP32", "FP16", "BF16"
  int bits;           // 32 / 16 / 16
  int exp_bits;       // 8 / 5 / 8
  int man_bits;       // 23 / 10 / 7
  int bias;           // 127 / 15 / 127
};
const FloatFormatSpec& float_format_spec(FloatFormat f);

enum class FloatClass { Zero, Subnormal, Normal, Inf, NaN };
const char* float_class_name(FloatClass c);  // "zero", "subnormal", "normal", "inf", "NaN"

// Nearest value of the format (round to nearest even, overflow to inf), as its bit pattern in the
// low `bits` bits, and back. decode_float_bits ignores bits above the format's width.
uint32_t encode_float(FloatFormat f, float v);
float decode_float_bits(FloatFormat f, uint32_t bits);
inline float round_to_format(FloatFormat f, float v) { return decode_float_bits(f, encode_float(f, v)); }

struct FloatFields {
  FloatFormat format = FloatFormat::FP32;
  uint32_t bits = 0;
  int sign = 0;                  // 0 or 1
  uint32_t exponent = 0;         // the stored (biased) exponent field
  uint32_t mantissa = 0;         // the stored fraction field
  int exp_unbiased = 0;          // exponent - bias (1 - bias for subnormals); 0 for zero/inf/NaN
  FloatClass cls = FloatClass::Zero;
  float value = 0;               // decoded
  float next_up = 0, next_down = 0;  // neighbouring values of the format (+-inf past the largest)
  double ulp = 0;                // spacing at |value|: next value away from zero minus |value|
                                 // (at the largest finite value, the spacing below it); NaN for inf/NaN
};
FloatFields float_fields(FloatFormat f, uint32_t bits);
inline FloatFields float_fields_of(FloatFormat f, float v) { return float_fields(f, encode_float(f, v)); }
// The pattern with bit i flipped (i = 0 is the least significant mantissa bit).
uint32_t flip_bit(FloatFormat f, uint32_t bits, int i);
// The bits as text, most significant first, e.g. "0 01111 0000000000" (fields separated by spaces).
std::string bit_string(FloatFormat f, uint32_t bits);

// A number typed by a person: decimal or scientific notation ("0.1", "-6.1e-5"), "inf", "-inf"
// or "nan" (any case), surrounding spaces allowed, at most 64 characters. False (and a reason
// in `why`) for anything else; out is the value as a double (the "exact" typed value).
bool parse_number(const std::string& text, double& out, std::string& why);
// The float nearest to a double (round to nearest even; beyond the float range -> +-inf).
float double_to_float(double d);

// Limits of a format, from its bit patterns.
float format_max(FloatFormat f);            // largest finite: FP16 65504, BF16 ~3.39e38
float format_min_normal(FloatFormat f);     // FP16 6.10e-5 (2^-14)
float format_min_subnormal(FloatFormat f);  // FP16 5.96e-8 (2^-24)
float format_epsilon(FloatFormat f);        // ulp of 1: 2^-man_bits

}  // namespace tmx
