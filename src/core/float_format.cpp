#include "core/float_format.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "core/halfprec.h"

namespace tmx {

namespace {

const FloatFormatSpec kSpecs[kFloatFormatCount] = {
    {"FP32", 32, 8, 23, 127},
    {"FP16", 16, 5, 10, 15},
    {"BF16", 16, 8, 7, 127},
};

uint32_t mask(FloatFormat f) { return f == FloatFormat::FP32 ? 0xFFFFFFFFu : 0xFFFFu; }

// Bits of a finite magnitude pattern one step up/down in value (sign-magnitude order).
uint32_t step_bits(FloatFormat f, uint32_t bits, bool up) {
  const FloatFormatSpec& s = float_format_spec(f);
  const uint32_t sign_bit = 1u << (s.bits - 1);
  const uint32_t mag = bits & (sign_bit - 1);
  const bool neg = (bits & sign_bit) != 0;
  if (mag == 0) return up ? 1u : (sign_bit | 1u);  // +-0 -> +-smallest subnormal
  // Moving away from zero adds one to the magnitude, towards zero subtracts one.
  const bool away = up != neg;
  return (bits & sign_bit) | (away ? mag + 1 : mag - 1);
}

}  // namespace

const FloatFormatSpec& float_format_spec(FloatFormat f) { return kSpecs[static_cast<int>(f)]; }

const char* float_class_name(FloatClass c) {
  static const char* const kNames[] = {"zero", "subnormal", "normal", "inf", "NaN"};
  return kNames[static_cast<int>(c)];
}

uint32_t encode_float(FloatFormat f, float v) {
  switch (f) {
    case FloatFormat::FP32: {
      uint32_t u;
      std::memcpy(&u, &v, 4);
      return u;
    }
    case FloatFormat::FP16: return float_to_half_bits(v);
    case FloatFormat::BF16: return float_to_bf16_bits(v);
  }
  return 0;
}

float decode_float_bits(FloatFormat f, uint32_t bits) {
  bits &= mask(f);
  switch (f) {
    case FloatFormat::FP32: {
      float v;
      std::memcpy(&v, &bits, 4);
      return v;
    }
    case FloatFormat::FP16: return half_bits_to_float(static_cast<uint16_t>(bits));
    case FloatFormat::BF16: return bf16_bits_to_float(static_cast<uint16_t>(bits));
  }
  return 0;
}

FloatFields float_fields(FloatFormat f, uint32_t bits) {
  const FloatFormatSpec& s = float_format_spec(f);
  bits &= mask(f);
  FloatFields r;
  r.format = f;
  r.bits = bits;
  r.sign = static_cast<int>(bits >> (s.bits - 1));
  const uint32_t exp_all = (1u << s.exp_bits) - 1;
  r.exponent = (bits >> s.man_bits) & exp_all;
  r.mantissa = bits & ((1u << s.man_bits) - 1);
  r.value = decode_float_bits(f, bits);
  if (r.exponent == exp_all) r.cls = r.mantissa == 0 ? FloatClass::Inf : FloatClass::NaN;
  else if (r.exponent == 0) r.cls = r.mantissa == 0 ? FloatClass::Zero : FloatClass::Subnormal;
  else r.cls = FloatClass::Normal;
  if (r.cls == FloatClass::Normal) r.exp_unbiased = static_cast<int>(r.exponent) - s.bias;
  if (r.cls == FloatClass::Subnormal) r.exp_unbiased = 1 - s.bias;

  const float inf = std::numeric_limits<float>::infinity();
  if (r.cls == FloatClass::NaN) {
    r.next_up = r.next_down = r.value;
    r.ulp = std::numeric_limits<double>::quiet_NaN();
    return r;
  }
  if (r.cls == FloatClass::Inf) {
    r.next_up = r.sign ? -format_max(f) : inf;
    r.next_down = r.sign ? -inf : format_max(f);
    r.ulp = std::numeric_limits<double>::quiet_NaN();
    return r;
  }
  r.next_up = decode_float_bits(f, step_bits(f, bits, true));
  r.next_down = decode_float_bits(f, step_bits(f, bits, false));
  const double a = std::fabs(static_cast<double>(r.value));
  const double away = std::fabs(static_cast<double>(r.sign ? r.next_down : r.next_up));
  if (std::isinf(away)) {  // the largest finite value: the spacing below it
    const double toward = std::fabs(static_cast<double>(r.sign ? r.next_up : r.next_down));
    r.ulp = a - toward;
  } else {
    r.ulp = away - a;
  }
  return r;
}

uint32_t flip_bit(FloatFormat f, uint32_t bits, int i) {
  const int n = float_format_spec(f).bits;
  if (i < 0 || i >= n) return bits & mask(f);
  return (bits ^ (1u << i)) & mask(f);
}

std::string bit_string(FloatFormat f, uint32_t bits) {
  const FloatFormatSpec& s = float_format_spec(f);
  std::string out;
  for (int i = s.bits - 1; i >= 0; --i) {
    out += ((bits >> i) & 1u) ? '1' : '0';
    if (i == s.bits - 1 || i == s.man_bits) out += ' ';
  }
  return out;
}

bool parse_number(const std::string& text, double& out, std::string& why) {
  if (text.size() > 64) {
    why = "longer than 64 characters";
    return false;
  }
  size_t a = 0, b = text.size();
  while (a < b && std::isspace(static_cast<unsigned char>(text[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(text[b - 1]))) --b;
  std::string t = text.substr(a, b - a);
  if (t.empty()) {
    why = "empty";
    return false;
  }
  std::string low;
  for (char c : t) low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const double inf = std::numeric_limits<double>::infinity();
  if (low == "inf" || low == "+inf" || low == "infinity" || low == "+infinity") return out = inf, true;
  if (low == "-inf" || low == "-infinity") return out = -inf, true;
  if (low == "nan" || low == "+nan" || low == "-nan") return out = std::numeric_limits<double>::quiet_NaN(), true;
  // digits, one point, an exponent: nothing strtod would read as hex, inf or nan
  for (char c : low)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == '+' || c == '-')) {
      why = "not a number";
      return false;
    }
  char* end = nullptr;
  const double v = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size() || end == t.c_str()) {
    why = "not a number";
    return false;
  }
  out = v;  // may be +-inf for 1e999 (beyond double): still what the text means, rounded
  return true;
}

float double_to_float(double d) {
  // 2^128 - 2^103: halfway between FLT_MAX and 2^128; ties go to even, which is infinity
  if (std::fabs(d) >= 3.4028235677973366e38) return static_cast<float>(std::copysign(INFINITY, d));
  return static_cast<float>(d);
}

float format_max(FloatFormat f) {
  const FloatFormatSpec& s = float_format_spec(f);
  const uint32_t exp_max = (1u << s.exp_bits) - 2;
  return decode_float_bits(f, (exp_max << s.man_bits) | ((1u << s.man_bits) - 1));
}

float format_min_normal(FloatFormat f) { return decode_float_bits(f, 1u << float_format_spec(f).man_bits); }

float format_min_subnormal(FloatFormat f) { return decode_float_bits(f, 1u); }

float format_epsilon(FloatFormat f) { return std::ldexp(1.0f, -float_format_spec(f).man_bits); }

}  // namespace tmx
