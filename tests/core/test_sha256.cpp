// SHA-256 against the FIPS 180-4 / NIST example vectors, and incremental updates in odd slices
// equal one call.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "core/sha256.h"

using namespace tmx;

TEST_CASE("SHA-256 matches the NIST example vectors", "[core][sha256]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("SHA-256 fed in uneven slices equals one call", "[core][sha256]") {
  std::string data;
  for (int i = 0; i < 3; ++i)
    for (int b = 0; b < 256; ++b) data += static_cast<char>(b);
  // hashlib.sha256(bytes(range(256)) * 3).hexdigest()
  const std::string want = "f3a25aa93aa2fbba28d79260535bbd6a5eb0fc1c24a8b0f04e12b484c1dfe363";
  CHECK(sha256_hex(data) == want);
  for (size_t step : {1u, 7u, 63u, 64u, 65u, 500u}) {
    Sha256 h;
    for (size_t i = 0; i < data.size(); i += step) h.update(data.data() + i, std::min(step, data.size() - i));
    CHECK(h.hex() == want);
  }
}
