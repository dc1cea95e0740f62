#include "tok_test_util.h"

#include <catch2/catch.hpp>

namespace tmx::tok::test {

const Gpt2Tokenizer& gpt2() {
  static std::unique_ptr<Gpt2Tokenizer> t = [] {
    std::string err;
    auto p = Gpt2Tokenizer::load_file(gpt2_asset_path(), err);
    INFO(err);
    REQUIRE(p);
    return p;
  }();
  return *t;
}

std::string from_hex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out += char(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

std::string to_hex(const std::string& bytes) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) out += d[c >> 4], out += d[c & 15];
  return out;
}

}  // namespace tmx::tok::test
