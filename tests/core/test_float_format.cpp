// Fields of FP32 / FP16 / BF16 numbers against the converters and known limits.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "core/float_format.h"
#include "core/halfprec.h"

using namespace tmx;

TEST_CASE("format limits are the known ones", "[core][float_format]") {
  CHECK(format_max(FloatFormat::FP16) == 65504.0f);
  CHECK(format_min_normal(FloatFormat::FP16) == std::ldexp(1.0f, -14));  // 6.10e-5
  CHECK(format_min_normal(FloatFormat::FP16) == Approx(6.1035e-5).epsilon(1e-4));
  CHECK(format_min_subnormal(FloatFormat::FP16) == std::ldexp(1.0f, -24));  // 5.96e-8
  CHECK(format_min_subnormal(FloatFormat::FP16) == Approx(5.96e-8).epsilon(1e-3));
  CHECK(format_max(FloatFormat::BF16) == Approx(3.3895e38).epsilon(1e-4));
  CHECK(format_min_normal(FloatFormat::BF16) == std::numeric_limits<float>::min());
  CHECK(format_max(FloatFormat::FP32) == std::numeric_limits<float>::max());
  CHECK(format_min_subnormal(FloatFormat::FP32) == std::numeric_limits<float>::denorm_min());
  CHECK(format_epsilon(FloatFormat::FP16) == std::ldexp(1.0f, -10));
  CHECK(format_epsilon(FloatFormat::BF16) == std::ldexp(1.0f, -7));
  CHECK(format_epsilon(FloatFormat::FP32) == std::numeric_limits<float>::epsilon());
}

TEST_CASE("encoding uses the converters; fields decode back to the value", "[core][float_format]") {
  const float vals[] = {0.1f, -2.5f, 1.0f, 3.14159f, 65504.0f, 65520.0f, 1e-7f, 6e-8f, 1e-9f, -0.0f, 1e30f, 1e-40f};
  for (float v : vals) {
    CHECK(encode_float(FloatFormat::FP16, v) == float_to_half_bits(v));
    CHECK(encode_float(FloatFormat::BF16, v) == float_to_bf16_bits(v));
    CHECK((round_to_format(FloatFormat::FP16, v) == round_to_half(v) || std::isnan(v)));
    for (int k = 0; k < kFloatFormatCount; ++k) {
      const FloatFormat f = static_cast<FloatFormat>(k);
      const FloatFields x = float_fields_of(f, v);
      const FloatFormatSpec& s = float_format_spec(f);
      INFO(s.name << " " << v);
      // sign * 2^e * (1.m or 0.m) rebuilt from the fields
      double rebuilt = 0;
      if (x.cls == FloatClass::Normal)
        rebuilt = std::ldexp(1.0 + x.mantissa / std::ldexp(1.0, s.man_bits), x.exp_unbiased);
      else if (x.cls == FloatClass::Subnormal)
        rebuilt = std::ldexp(x.mantissa / std::ldexp(1.0, s.man_bits), x.exp_unbiased);
      else if (x.cls == FloatClass::Inf)
        rebuilt = std::numeric_limits<double>::infinity();
      if (x.sign) rebuilt = -rebuilt;
      CHECK(rebuilt == static_cast<double>(x.value));
      CHECK(((x.bits >> (s.bits - 1)) & 1u) == static_cast<uint32_t>(x.sign));
    }
  }
}

TEST_CASE("classes, neighbours and ulps", "[core][float_format]") {
  const FloatFields one = float_fields_of(FloatFormat::FP16, 1.0f);
  CHECK(one.bits == 0x3C00u);
  CHECK(one.exponent == 15u);
  CHECK(one.mantissa == 0u);
  CHECK(one.exp_unbiased == 0);
  CHECK(one.cls == FloatClass::Normal);
  CHECK(one.next_up == 1.0f + std::ldexp(1.0f, -10));
  CHECK(one.next_down == 1.0f - std::ldexp(1.0f, -11));
  CHECK(one.ulp == std::ldexp(1.0, -10));
  CHECK(bit_string(FloatFormat::FP16, one.bits) == "0 01111 0000000000");
  CHECK(bit_string(FloatFormat::BF16, encode_float(FloatFormat::BF16, -2.0f)) == "1 10000000 0000000");

  const FloatFields mx = float_fields_of(FloatFormat::FP16, 65504.0f);
  CHECK(std::isinf(mx.next_up));
  CHECK(mx.next_down == 65472.0f);
  CHECK(mx.ulp == 32.0);
  CHECK(float_fields_of(FloatFormat::FP16, 70000.0f).cls == FloatClass::Inf);
  CHECK(float_fields_of(FloatFormat::FP16, 1e-6f).cls == FloatClass::Subnormal);
  CHECK(float_fields_of(FloatFormat::BF16, 1e-6f).cls == FloatClass::Normal);  // bf16 keeps fp32's range
  CHECK(float_fields_of(FloatFormat::FP16, 1e-9f).cls == FloatClass::Zero);     // underflow
  CHECK(float_fields_of(FloatFormat::FP16, std::nanf("")).cls == FloatClass::NaN);
  CHECK(float_fields_of(FloatFormat::FP32, -0.0f).sign == 1);

  const FloatFields zero = float_fields_of(FloatFormat::FP16, 0.0f);
  CHECK(zero.next_up == std::ldexp(1.0f, -24));
  CHECK(zero.next_down == -std::ldexp(1.0f, -24));
  const FloatFields neg = float_fields_of(FloatFormat::BF16, -1.0f);
  CHECK(neg.next_up == -1.0f + std::ldexp(1.0f, -8));
  CHECK(neg.next_down == -1.0f - std::ldexp(1.0f, -7));
  CHECK(neg.ulp == std::ldexp(1.0, -7));
  // neighbours of every fp16 pattern are the adjacent representable values (checked by brute force)
  for (uint32_t b = 0; b < 0x7C00u; b += 37) {
    const FloatFields x = float_fields(FloatFormat::FP16, b);
    CHECK(x.next_up > x.value);
    float smallest_above = INFINITY;
    for (uint32_t c = 0; c <= 0x7C00u; ++c) {
      const float v = half_bits_to_float(static_cast<uint16_t>(c));
      if (v > x.value && v < smallest_above) smallest_above = v;
    }
    CHECK(x.next_up == smallest_above);
    CHECK(x.ulp == static_cast<double>(smallest_above) - x.value);
  }
}

TEST_CASE("flipping a bit changes the value as the layout says", "[core][float_format]") {
  const uint32_t one = encode_float(FloatFormat::FP16, 1.0f);
  CHECK(decode_float_bits(FloatFormat::FP16, flip_bit(FloatFormat::FP16, one, 15)) == -1.0f);  // sign
  CHECK(decode_float_bits(FloatFormat::FP16, flip_bit(FloatFormat::FP16, one, 10)) == 0.5f);   // exponent lsb
  CHECK(decode_float_bits(FloatFormat::FP16, flip_bit(FloatFormat::FP16, one, 9)) == 1.5f);    // top mantissa bit
  CHECK(decode_float_bits(FloatFormat::BF16, flip_bit(FloatFormat::BF16, encode_float(FloatFormat::BF16, 1.0f), 6)) == 1.5f);
  CHECK(flip_bit(FloatFormat::FP16, one, 16) == one);  // out of range: unchanged
  CHECK(flip_bit(FloatFormat::FP32, 0u, 31) == 0x80000000u);
}

TEST_CASE("typed numbers parse or say why not", "[core][float_format]") {
  double v;
  std::string why;
  CHECK(parse_number(" 0.1 ", v, why));
  CHECK(v == 0.1);
  CHECK(parse_number("-6.1e-5", v, why));
  CHECK(v == -6.1e-5);
  CHECK(parse_number("INF", v, why));
  CHECK(std::isinf(v));
  CHECK(parse_number("-inf", v, why));
  CHECK(v < 0);
  CHECK(parse_number("NaN", v, why));
  CHECK(std::isnan(v));
  for (const char* bad : {"", "   ", "abc", "1.5x", "0x10", "1,5", "--", "e", "1e", "nanx"}) {
    INFO(bad);
    CHECK_FALSE(parse_number(bad, v, why));
    CHECK_FALSE(why.empty());
  }
  CHECK_FALSE(parse_number(std::string(65, '1'), v, why));
  CHECK(double_to_float(1e39) == INFINITY);
  CHECK(double_to_float(-1e39) == -INFINITY);
  CHECK(double_to_float(3.4028234663852886e38) == std::numeric_limits<float>::max());
  CHECK(double_to_float(0.1) == 0.1f);
}
