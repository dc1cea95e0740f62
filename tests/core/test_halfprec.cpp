// fp16 / bf16 conversions: bit-exact with torch .half() / .bfloat16() on 100k values.
#include <catch2/catch.hpp>
#include <cstring>

#include "core/halfprec.h"
#include "core/safetensors.h"
#include "golden_util.h"

using namespace tmx;

// Same inputs as halfprec_inputs() in scripts/golden/transformer.py.
static std::vector<uint32_t> halfprec_inputs(size_t n = 100000) {
  std::vector<uint32_t> out = {
      0x00000000, 0x80000000, 0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00000, 0x7F800001, 0x7FBFFFFF,
      0x477FE000, 0x477FEFFF, 0x477FF000, 0x477FF001, 0x47800000, 0x33800000, 0x33000000, 0x33000001,
      0x33C00000, 0x38800000, 0x387FE000, 0x387FF000, 0x00000001, 0x807FFFFF, 0x3F808000, 0x3F818000,
      0x3F80C000, 0x7F7FFFFF, 0xFF7FFFFF, 0x7F7F8000, 0x3F800000, 0xBF800000, 0x3F801000, 0x3F803000};
  uint32_t x = 12345;
  for (uint32_t i = 0; out.size() < n; ++i) {
    x = x * 1664525u + 1013904223u;
    uint32_t bits = x;
    if (i % 3 != 0) bits = (x & 0x807FFFFFu) | ((100u + (x >> 23) % 46u) << 23);
    out.push_back(bits);
  }
  return out;
}

TEST_CASE("fp16 and bf16 conversions are bit-exact with torch on 100k values", "[core][halfprec]") {
  const std::vector<uint32_t> in = halfprec_inputs();
  const std::vector<uint8_t> ref = read_file_bytes(test::golden("transformer/halfprec.bin"));
  REQUIRE(ref.size() == in.size() * 4);
  size_t bad_h = 0, bad_b = 0, nan_in = 0, sub_out = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    float f;
    std::memcpy(&f, &in[i], 4);
    const uint16_t h_ref = static_cast<uint16_t>(ref[2 * i] | ref[2 * i + 1] << 8);
    const size_t j = in.size() + i;
    const uint16_t b_ref = static_cast<uint16_t>(ref[2 * j] | ref[2 * j + 1] << 8);
    const uint16_t h = float_to_half_bits(f), b = float_to_bf16_bits(f);
    if (h != h_ref && bad_h++ < 5) FAIL_CHECK("fp16 of 0x" << std::hex << in[i] << ": 0x" << h << " vs torch 0x" << h_ref);
    if (b != b_ref && bad_b++ < 5) FAIL_CHECK("bf16 of 0x" << std::hex << in[i] << ": 0x" << b << " vs torch 0x" << b_ref);
    nan_in += std::isnan(f);
    sub_out += (h_ref & 0x7C00) == 0 && (h_ref & 0x3FF) != 0;
  }
  CHECK(bad_h == 0);
  CHECK(bad_b == 0);
  CHECK(nan_in > 100);   // the set really exercises NaN payloads ...
  CHECK(sub_out > 100);  // ... and fp16 subnormal results
}

TEST_CASE("fp16 and bf16 decode: edge cases", "[core][halfprec]") {
  CHECK(half_bits_to_float(0x3C00) == 1.0f);
  CHECK(half_bits_to_float(0x7BFF) == 65504.0f);
  CHECK(half_bits_to_float(0x0001) == std::ldexp(1.0f, -24));  // smallest subnormal
  CHECK(std::isinf(half_bits_to_float(0xFC00)));
  CHECK(half_bits_to_float(0xFC00) < 0);
  CHECK(std::isnan(half_bits_to_float(0x7E00)));
  CHECK(std::signbit(half_bits_to_float(0x8000)));
  CHECK(bf16_bits_to_float(0x3F80) == 1.0f);
  CHECK(round_to_half(65520.0f) == INFINITY);   // halfway to the next binade rounds to inf
  CHECK(round_to_half(65519.0f) == 65504.0f);
  CHECK(round_to_bf16(1.0f + 1.0f / 256) == 1.0f);  // tie -> even
  for (uint32_t h = 0; h < 0x10000; ++h) {      // every finite half round-trips exactly
    const uint16_t hb = static_cast<uint16_t>(h);
    if ((hb & 0x7C00) == 0x7C00) continue;
    if (float_to_half_bits(half_bits_to_float(hb)) != hb) FAIL("half 0x" << std::hex << h << " does not round-trip");
  }
}
